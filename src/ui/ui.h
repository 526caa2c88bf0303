#ifndef REPDESK_UI_H
#define REPDESK_UI_H
/* The full-screen workbench on ncursesw: key table, layout, drawing and the
 * main loop. The only code that includes <curses.h>. It never prints or
 * exits: failures come back as a status with the message in ERR. */

#include <stdbool.h>
#include <stddef.h>

#include "repdesk/calendar.h"
#include "repdesk/db/book.h"
#include "repdesk/status.h"
#include "repdesk/wb.h"

/* Run the workbench on D until the rep quits. SCRIPT (may be NULL) names a
 * file of keys and commands to play instead of reading the terminal (screen
 * dumps for tests: see docs/guide.md). CONFIG (may be NULL) is the key
 * configuration file. */
status_code ui_run(db *d, const calendar *cal, date_day day, const char *script, const char *config,
                 char *err, size_t errsz);

/* ---- inside ui/ ---- */

/* Rectangles of the screen for ROWS x COLS (pure). */
typedef struct { int y, x, h, w; } ui_rect;
typedef struct {
	bool too_small;
	ui_rect header, tabs, body, left, right, message, keys;
} ui_layout;

#define UI_MIN_COLS 60
#define UI_MIN_ROWS 16

ui_layout ui_layout_of(int rows, int cols, wb_screen screen);

/* Where the last frame put things, for the mouse. */
typedef struct {
	ui_layout lay;
	int tab_x[WB_SCREEN_COUNT + 1];   /* tab I spans [tab_x[I], tab_x[I+1]) */
	int list_y, list_h;               /* first list row on screen */
	int queue_y, queue_h;
	int side_x;                       /* where the right pane starts */
} ui_frame;

void ui_colors_init(void);
void ui_draw(const wb *w, ui_frame *f);

/* Key table: curses key code (or a character) -> action. */
void ui_keys_defaults(void);
/* Read "bind KEY ACTION" lines from PATH; a bad line is reported in ERR
 * (the rest still applies). Returns false when a line was refused. */
bool ui_keys_load(const char *path, char *err, size_t errsz);
wb_action ui_key_action(int key, bool is_char);
/* The keys bound to A, as shown in help ("j Down"); BUF returned. */
char *ui_keys_of(wb_action a, char *buf, size_t bufsz);
/* Parse a key name (for scripts and the config): "q", "<Enter>", "^L". */
bool ui_key_parse(const char *name, int *key, bool *is_char);

#endif
