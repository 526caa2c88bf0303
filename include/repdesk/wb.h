#ifndef REPDESK_WB_H
#define REPDESK_WB_H
/* The workbench's state and actions (docs/guide.md §8), without curses: which
 * screen and pane, the customer list as a window of keyset pages, today's
 * plan and queue, the selected customer's file, prompts and forms, undo.
 * An action changes the state and returns reaction flags; the UI draws what
 * the state says and never writes to the book itself. Never prints.
 *
 * Ownership: wb_open allocates the workbench and wb_close frees it and all
 * it holds; the database and calendar are the caller's and outlive it.
 * Everything the UI reads (rows, lines, the prompt) belongs to the
 * workbench and is valid until the next wb_* call. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "repdesk/calendar.h"
#include "repdesk/actfield.h"
#include "repdesk/custfield.h"
#include "repdesk/db/activity.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/planbook.h"
#include "repdesk/today.h"
#include "repdesk/tuning.h"

/* The screens, in tab order: each is one file in src/app/ (scr_*.c) behind
 * the table of operations in wb_screens.c. */
typedef enum { WB_TODAY, WB_CUSTOMERS, WB_PLAN, WB_TEAM, WB_PIPELINE, WB_SCREEN_COUNT } wb_screen;
/* The list on the left; the queue (Today), the file (Customers) on the right. */
typedef enum { WB_PANE_LIST, WB_PANE_SIDE } wb_pane;

/* Every action a key can be bound to: the name used in the config file and
 * the words of the help screen. */
#define WB_X_ACTIONS(_) \
	_(WB_A_UP,         "up",            N_("move up")) \
	_(WB_A_DOWN,       "down",          N_("move down")) \
	_(WB_A_PAGE_UP,    "page-up",       N_("page up")) \
	_(WB_A_PAGE_DOWN,  "page-down",     N_("page down")) \
	_(WB_A_FIRST,      "first",         N_("go to the first row")) \
	_(WB_A_LAST,       "last",          N_("go to the last row")) \
	_(WB_A_PANE,       "pane",          N_("switch pane")) \
	_(WB_A_OPEN,       "open",          N_("open the customer")) \
	_(WB_A_BACK,       "back",          N_("go back; clear the search")) \
	_(WB_A_TODAY,      "screen-today",  N_("Today screen")) \
	_(WB_A_CUSTOMERS,  "screen-customers", N_("Customers screen")) \
	_(WB_A_PLAN,       "screen-plan",   N_("Plan screen")) \
	_(WB_A_TEAM,       "screen-team",   N_("Team screen")) \
	_(WB_A_PIPELINE,   "screen-pipeline", N_("Pipeline screen")) \
	_(WB_A_HELP,       "help",          N_("this help")) \
	_(WB_A_QUIT,       "quit",          N_("quit (all is saved)")) \
	_(WB_A_SEARCH,     "search",        N_("search as you type")) \
	_(WB_A_TIER_S,     "tier-s",        N_("show or hide tier S")) \
	_(WB_A_TIER_A,     "tier-a",        N_("show or hide tier A")) \
	_(WB_A_TIER_B,     "tier-b",        N_("show or hide tier B")) \
	_(WB_A_TIER_C,     "tier-c",        N_("show or hide tier C")) \
	_(WB_A_TIER_D,     "tier-d",        N_("show or hide tier D")) \
	_(WB_A_CLEAR,      "clear-filters", N_("clear filters")) \
	_(WB_A_SORT,       "sort",          N_("sort the customers by rank or by tier")) \
	_(WB_A_CALL,       "call",          N_("log a call")) \
	_(WB_A_ORDER,      "order",         N_("log an order")) \
	_(WB_A_PAY,        "pay",           N_("log a payment")) \
	_(WB_A_NOTE,       "note",          N_("add a note")) \
	_(WB_A_VISIT,      "visit",         N_("log a visit")) \
	_(WB_A_UNDO,       "undo",          N_("undo the last step (asks first)")) \
	_(WB_A_REDO,       "redo",          N_("redo what was undone")) \
	_(WB_A_DELETE,     "delete",        N_("delete the file's entry")) \
	_(WB_A_ADD,        "add",           N_("add a customer")) \
	_(WB_A_EDIT,       "edit",          N_("edit the customer, or the file's entry")) \
	_(WB_A_STATUS,     "status",        N_("change the customer's status")) \
	_(WB_A_SET_TIER,   "set-tier",      N_("set or clear a manual tier")) \
	_(WB_A_REPLAN,     "replan",        N_("new month target (Plan)")) \
	_(WB_A_REDRAW,     "redraw",        N_("reload and redraw")) \
	_(WB_A_FILTER,     "filter",        N_("filter the list: FIELD OP VALUE, ; between")) \
	_(WB_A_SYNC,       "sync",          N_("sync with the team server")) \
	_(WB_A_OPP_NEXT,   "opp-next",      N_("move the opportunity to the next stage")) \
	_(WB_A_OPP_BACK,   "opp-back",      N_("move the opportunity back a stage")) \
	_(WB_A_OPP_WIN,    "opp-win",       N_("mark the opportunity won")) \
	_(WB_A_OPP_LOSE,   "opp-lose",      N_("mark the opportunity lost (asks why)"))

#define WB_ENUM(id, name, help) id,
typedef enum { WB_A_NONE = -1, WB_X_ACTIONS(WB_ENUM) WB_ACTION_COUNT } wb_action;
#undef WB_ENUM

const char *wb_action_name(wb_action a);     /* "page-down" */
const char *wb_action_help(wb_action a);     /* untranslated help words */
wb_action wb_action_parse(const char *name); /* WB_A_NONE when unknown */

/* What the caller must do after an action: which parts of the screen show
 * something new. NONE: nothing changed, no need to draw. */
enum {
	WB_REACT_NONE   = 0,
	WB_REACT_LIST   = 1 << 0,    /* the customer list */
	WB_REACT_SIDE   = 1 << 1,    /* the side pane: queue, file, plan, team */
	WB_REACT_STATUS = 1 << 2,    /* the message line, the keys line, a prompt */
	WB_REACT_SCREEN = 1 << 3,    /* the header, the tabs, the layout */
	WB_REACT_RELOAD = 1 << 4,    /* the book was read again: every figure */
	WB_REACT_QUIT   = 1 << 5,
	WB_REACT_REDRAW = WB_REACT_LIST | WB_REACT_SIDE | WB_REACT_STATUS | WB_REACT_SCREEN,
};

/* How a screen lays out the body. */
typedef enum {
	WB_LAYOUT_LIST_QUEUE,        /* the list, today's plan and queue */
	WB_LAYOUT_LIST_TEXT,         /* the list, a text (a customer's file) */
	WB_LAYOUT_TEXT               /* one text over the whole body */
} wb_layout;

typedef struct {
	const char *name;            /* the tab, untranslated */
	wb_layout layout;
	int left_percent;            /* the list's share of the width */
} wb_screen_info;

const wb_screen_info *wb_screen_info_of(wb_screen s);

/* Keys while a prompt or form is open (the UI translates its own). */
typedef enum {
	WB_K_CHAR, WB_K_ENTER, WB_K_ESC, WB_K_BACKSPACE, WB_K_DELETE, WB_K_LEFT,
	WB_K_RIGHT, WB_K_HOME, WB_K_END, WB_K_TAB, WB_K_BTAB, WB_K_UP, WB_K_DOWN
} wb_key_kind;

typedef struct {
	wb_key_kind kind;
	uint32_t ch;                 /* WB_K_CHAR: a code point */
} wb_key;

/* ---- the line editor ---- */

/* What one line holds: WB_TEXT_MAX characters (code points) of any script,
 * so a long note or a paste fits whole; a key past it is refused and the
 * line says so (FULL), never cut silently. */
#define WB_TEXT_MAX 4000
#define WB_LINE_MAX (WB_TEXT_MAX * 4 + 1)

/* UTF-8 text with a cursor on a grapheme cluster boundary: a key inserts
 * one character; cursor keys, Backspace and Delete move over or remove a
 * whole cluster (an emoji sequence, a letter and its marks), never a byte. */
typedef struct {
	char text[WB_LINE_MAX];
	size_t len, cur;             /* bytes */
	bool full;                   /* the last key was refused: the line is full */
} wb_line;

/* Set L to TEXT; false when TEXT is longer than a line holds (then L holds
 * as much of it as fits, cut between clusters). */
bool wb_line_set(wb_line *l, const char *text);
/* Edit L by K; false when K is not an editing key (Enter, Esc, Tab...). */
bool wb_line_key(wb_line *l, wb_key k);

/* ---- prompts and forms ---- */

typedef enum { WB_ASK_NONE, WB_ASK_CHOICE, WB_ASK_LINE, WB_ASK_FORM } wb_ask_kind;

typedef struct {
	char key;                    /* what to press */
	const char *label;           /* untranslated */
	const char *value;           /* the word saved (a call's outcome), or NULL */
	bool then_order;             /* an order is asked for next */
} wb_choice;

#define WB_FORM_MAX 24
/* The longest choice list the form offers a key for (a longer one is typed
 * on the attributes line, and checked there). */
#define WB_FORM_CHOICES_MAX 512

typedef struct {
	custfield_id field;                 /* CUSTFIELD_NONE: the attributes line,
	                              * or the attribute ATTR */
	const char *label;           /* untranslated */
	char attr[128];              /* an attribute with a choice list, or "" */
	char choices[WB_FORM_CHOICES_MAX];   /* its choices, joined by ',' */
	wb_line line;
	/* The book's value is longer than a line holds: shown cut, not
	 * editable here, and left as it is when the form is saved. */
	bool partial;
} wb_form_field;

typedef struct {
	wb_ask_kind kind;
	int flow, step;              /* private: what is being asked */
	char title[256];             /* the question, translated */
	const wb_choice *choices;
	int nchoices;
	wb_line line;
	wb_form_field fields[WB_FORM_MAX];
	int nfields, cur;
	char error[256];             /* why the last answer was refused, or "" */
	bool confirm;                /* a warning is shown: Enter again saves */
	/* answers so far */
	char uid[UID_BUFSZ];
	char name[256];
	int choice;
	char note[WB_LINE_MAX];
	char place[WB_LINE_MAX];     /* a visit's */
	char contact_uid[UID_BUFSZ]; /* a call's or a visit's: who was spoken to, or "" */
	int64_t amount;
	bool has_volume;             /* an order's volume was given (volume metric) */
	int64_t volume;
} wb_ask;

/* ---- the list ---- */

typedef struct {
	int64_t id;
	char uid[UID_BUFSZ];
	char *name;                  /* owned */
	char *phone;                 /* owned */
	tier tier;                   /* effective */
	bool manual;                 /* tier set by hand */
	char status[12];
} wb_row;

typedef struct {
	wb_row *rows;                /* a window of the list, in list order */
	int n, cap;
	bool at_start, at_end;       /* the window reaches the list's ends */
	int sel, top;                /* selected and first shown, into rows */
	int height;                  /* rows the screen shows (wb_set_heights) */
	unsigned version;            /* changes whenever the window's rows do */
	/* A search still looking for the rows after the window's last, which
	 * wb_idle goes on with from RESUME (a key, not a row shown); another
	 * search or filter drops it. */
	bool pending;
	db_page_key resume;
} wb_list;

/* ---- undo ---- */

/* What a step of the undo stack did to a row. */
typedef enum { WB_UNDO_LOGGED, WB_UNDO_EDITED, WB_UNDO_DELETED,
               WB_UNDO_MOVED /* an opportunity moved (Pipeline) */ } wb_undo_op;

typedef struct {
	wb_undo_op op;
	db_activity_kind kind;
	char uid[UID_BUFSZ];         /* the row logged, changed or deleted */
	char customer_uid[UID_BUFSZ];
	char name[128];              /* the customer's, for the question */
	bool restore_next;           /* a call changed the customer's next contact */
	char next_before[11];
	/* Owned copies: the row before the step (edited, deleted) and after it
	 * (logged, edited), which undo and redo write back. */
	actrow *before, *after;
	/* An opportunity moved: its title, the stages before and after
	 * (opp_stage), and its lost reason before (owned; a loss wrote one). */
	char title[128];
	int stage_before, stage_after;
	char *reason_before, *reason_after;
} wb_undo;

#define WB_UNDO_MAX 64

/* ---- the workbench ----
 * Its count caps and walk budget are in tuning.h. */

/* ---- Today: the plan and the best of the queue ---- */

/* A queue entry as the screen shows it; the reasons are worked out once
 * per load, not per frame. UID and NAME point into the loaded queue. */
typedef struct {
	const char *uid;
	const char *name;
	tier tier;
	char *reasons;               /* translated; owned */
	char *phone;                 /* owned; NULL until the entry is shown */
} wb_queue_row;

typedef struct {
	today_top top;               /* today's plan and the best of the queue */
	bool ok;
	bool pending;                /* deferred: wb_idle loads it */
	size_t in_queue;             /* customers in the whole queue */
	wb_queue_row *rows;          /* one per entry of TOP */
	size_t n;
	int sel, first, height;      /* selected, first shown, rows shown */
	/* An outcome was logged on the selected entry: the next load selects
	 * the entry that came after it (MOVE_TO, "" when it was the last). */
	bool move_on;
	char move_to[UID_BUFSZ];
	/* The whole queue's order as last read (RANKED), and where the book
	 * stood then: narrowing the queue starts from it. */
	today_ranking rank;
	bool ranked;
	db_book_stamp stamp;
	/* The customers of the last filter narrowed to (MEMBERS_OF, as typed),
	 * read with the order: narrowing to it again reads nothing. */
	today_only members;
	bool members_ok;
	char members_of[WB_LINE_MAX];
} wb_today;

/* Figures of a customer of the list window, for the columns beside it. */
typedef struct {
	int last_days;               /* days since the last contact, -1: never */
	int64_t month_orders;        /* fen */
	int64_t target;              /* fen, 0: none */
	int64_t open;                /* fen owed */
	bool broken;                 /* a promise to pay is broken */
} wb_figures;

typedef struct {
	db *d;
	const calendar *cal;
	date_day day;
	db_rep rep;
	wb_screen screen;
	wb_pane pane;
	bool help;                   /* the help screen is over the current one */
	bool help_more;              /* its second page: what the screens show */
	bool quit;

	wb_list list;
	char search[WB_LINE_MAX];
	unsigned tier_mask;          /* 0: every tier */
	bool by_rank;                /* the list by the ranking rule, not by tier */
	char filter[WB_LINE_MAX];    /* the filters as typed (f), ';' between */
	where_clause *where;         /* ... parsed (repdesk/where.h); NULL: none */
	size_t nwhere;
	/* Today's queue narrowed for the day (f while the queue has the focus):
	 * the segment or filters as typed, "" for the whole queue, and parsed. */
	char queue_filter[WB_LINE_MAX];
	where_clause *qwhere;
	size_t nqwhere;
	/* The saved segments' names, ", " between ("…" when more), which the
	 * Customers screen lists under the list; "" when there are none. */
	char segments[160];
	int64_t count;               /* list count, capped at WB_COUNT_CAP */
	/* The work one read of the list may do before it hands out what it has
	 * found and leaves the rest to wb_idle (db_customer_page_some's budget,
	 * WB_WALK_BUDGET). */
	int64_t walk_budget;

	wb_today td;                 /* the Today screen's plan and queue */
	today fig;                   /* today's figures of the list window's rows */
	bool fig_ok;
	unsigned fig_version;        /* the window's version FIG was read for */
	/* The tier metric is volume: the list's month column shows each row's
	 * volume (wb_row_volume), read with FIG into FIG_VOLUME (per row of the
	 * window, DB_NULL: none; NULL when not read). */
	bool by_volume;
	int64_t *fig_volume;

	char **lines;                /* the side text: the file or the plan */
	int nlines, ltop, lheight;
	int lwidth;                  /* columns the side text shows (wb_set_width) */
	char lines_uid[UID_BUFSZ];   /* whose file LINES is ("" when none) */
	bool lines_plan;             /* LINES is the plan */

	/* Each screen's own state, the struct its file defines (NULL for a
	 * screen that keeps none). */
	void *scr[WB_SCREEN_COUNT];

	wb_ask ask;
	/* The undo stack: the first NUNDO steps are done, the next up to NREDO
	 * were undone and can be redone (a new step drops them). */
	wb_undo undo[WB_UNDO_MAX];
	int nundo, nredo;
	actrow *edit;                /* the row an open prompt edits, or NULL */

	/* The team server (the book's 'server' setting): whether there is one,
	 * when the book last synced ("" never), and the workbench's own syncs
	 * every SYNC_MINUTES (0: only on the key), next at SYNC_NEXT (seconds
	 * of the monotonic clock). */
	bool server;
	char synced[32];
	int sync_minutes;
	long long sync_next;

	char msg[256];               /* the last outcome, for the message line */
	bool msg_error;
	bool empty_book;             /* no customer yet: the first-start hint */
	bool wan;                    /* amounts in 万 (setting money_style) */
	int lines_hl;                /* the highlighted line of LINES, or -1 */
} wb;

/* Open the workbench on D for DAY; reads the rep, the first page and, unless
 * FLAGS has WB_DEFER_TODAY, today's figures and queue (with it they wait for
 * wb_idle, so the first screen does not wait for a big book's queue). On
 * error NULL with the message in ERR. */
enum {
	WB_DEFER_TODAY = 1 << 0,
	/* A long session that reads a little at a time: the book is read
	 * without a memory map, so resident memory stays small. */
	WB_LEAN        = 1 << 1,
};
wb *wb_open(db *d, const calendar *cal, date_day day, int flags, char *err, size_t errsz);
/* Work left for a quiet moment, one short step of it: the rows a search
 * is still looking for, the deferred queue. True when it did some and the
 * screen should be drawn again; call it again (when no key waits) until it
 * returns false. */
bool wb_idle(wb *w);
/* Milliseconds until the workbench's next own sync (-1: none due), and the
 * sync itself when its time has come (WB_REACT_* flags, 0 when not due). */
int wb_sync_wait(const wb *w);
int wb_sync_tick(wb *w);
/* Sync with the team server now (the sync key): WB_REACT_* flags. */
int wb_sync_now(wb *w);
void wb_close(wb *w);

/* Rows each pane shows, from the UI's layout; keeps selections in view. */
void wb_set_heights(wb *w, int list, int queue, int lines);
/* Columns of the side text, from the UI's layout; call before
 * wb_set_heights, which lays out a screen that fits its text to them. */
void wb_set_width(wb *w, int lines);

/* Do action A (no prompt open). Returns WB_REACT_* flags. */
int wb_do(wb *w, wb_action a);
/* Feed a key to the open prompt or form. */
int wb_input(wb *w, wb_key k);
/* Select the list row I or queue entry I (mouse); PANE says which. */
int wb_click(wb *w, wb_pane pane, int index);
/* Reload today's figures, the list window and the side text. */
void wb_reload(wb *w);

/* The customer actions apply to: the selected row of the pane in focus
 * (the queue's on Today when it has the focus, else the list's; none on the
 * Plan and Team screens), and its name. NULL when there is none. */
const char *wb_selected_uid(const wb *w);
const char *wb_selected_name(const wb *w);

/* Month figures for the header: achieved and target (fen; target 0 without
 * a plan), and pace in percent (achieved against the target prorated over
 * the working days elapsed, today included; -1 without a plan). */
void wb_month(const wb *w, int64_t *achieved, int64_t *target, int *pace);

/* The figures of UID, a customer of the list window; false when unknown. */
bool wb_row_figures(const wb *w, const char *uid, wb_figures *out);
/* The month's volume of row K of the list window (this month's orders'
 * volume, else the stated monthly volume) when the tier metric is volume;
 * false when it is not, or the row has none. */
bool wb_row_volume(const wb *w, int k, int64_t *volume);

/* The current screen's layout and name, and the title of its text pane
 * (translated). */
const wb_screen_info *wb_screen_now(const wb *w);
const char *wb_side_title(const wb *w);

#endif
