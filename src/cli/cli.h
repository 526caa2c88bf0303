#ifndef REPDESK_CLI_H
#define REPDESK_CLI_H
/* The command line: global options, the command table, and helpers every
 * command shares (opening the database, today, the calendar, messages).
 * Only this layer prints to the user or decides the exit status. */

#include <stdbool.h>
#include <stdio.h>

#include "repdesk/calendar.h"
#include "repdesk/date.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/status.h"
#include "repdesk/export.h"
#include "repdesk/import.h"
#include "repdesk/planbook.h"
#include "repdesk/teamview.h"
#include "repdesk/yearbook.h"

typedef struct {
	const char *db_path;        /* --db, REPDESK_DB, or the XDG default */
	const char *today_text;     /* --today, REPDESK_TODAY */
	const char *calendar_arg;   /* --calendar FILE|none */
	date_day today;
	db *d;
	calendar cal;
	bool cal_loaded;
	char cal_name[256];         /* file the calendar came from, or "none" */
	int open_flags;             /* DB_OPEN_ flags of the command, besides CREATE */
} cli_ctx;

typedef int (*cli_fn)(cli_ctx *ctx, int argc, char **argv);

typedef struct {
	const char *name;
	cli_fn fn;
	const char *summary;
	const char *usage;          /* full help text of the command */
} cli_command;

extern const cli_command cli_commands[];

/* "repdesk: MESSAGE" on stderr, sanitised; returns the exit code of ST. */
int cli_fail(status_code st, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Open (creating when missing) the database; prints and returns non-zero
 * exit code on failure. */
int cli_open_db(cli_ctx *ctx);
/* Load the working-day calendar (--calendar, the 'calendar' setting, or the
 * shipped default); exit code on failure. */
int cli_load_calendar(cli_ctx *ctx);
/* After a payment term is set: give it to the open orders without a
 * promised day (customer UID's, or every customer's when NULL) and say how
 * many; 0, or the exit status of a failure. */
int cli_apply_terms(cli_ctx *ctx, const char *uid);
/* Read the whole of file PATH (at most 64 MiB) into *TEXT (caller frees),
 * its length in *LEN; false with "PATH: reason" in ERR. */
bool cli_read_file(const char *path, char **text, size_t *len, char *err, size_t errsz);
/* Directory of the shipped assets (calendars, demo data). */
const char *cli_assets_dir(void);

/* True when A and B name the same file: the same device and inode when both
 * exist (symlinks, "./", hard links), else the same canonical path (a file
 * not yet made, such as a book's -wal). */
bool cli_same_file(const char *a, const char *b);
/* Refuse (a usage error, exit 64) an output file OUT, given with option OPT
 * of command CMD, that is the book or its -wal, -shm or -journal file:
 * writing it would replace the book. 0 when OUT is elsewhere. */
int cli_guard_book(cli_ctx *ctx, const char *cmd, const char *opt, const char *out);

/* Handle "-h/--help" for a command: prints its usage and returns true. */
bool cli_wants_help(const cli_command *cmd, int argc, char **argv);
const cli_command *cli_find(const char *name);
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Long options of a command. Anything not starting with "--" is positional
 * (so a refund of -300 needs no escaping); "--" ends the options. */
typedef struct {
	const char *name;           /* without the dashes */
	const char **value;         /* set for an option with a value */
	bool *flag;                 /* set for a flag */
} cli_opt;
/* Parse ARGV[1..]; positionals go to POS (at most MAXPOS). Returns 0, or
 * prints a usage error and returns its exit status. */
int cli_parse(const char *cmd, int argc, char **argv, const cli_opt *opts,
              char **pos, int maxpos, int *npos);

/* Resolve CUSTOMER as a person typed it (uid, exact name, unambiguous
 * prefix); prints the error and returns its exit status, else 0. */
int cli_resolve(cli_ctx *ctx, const char *cmd, const char *text, char uid[UID_BUFSZ]);

/* Resolve CONTACT as a person typed it: a uid, CUSTOMER/NAME (the name or
 * its start among that customer's contacts), or a name found once in the
 * book (cmd_contact.c); prints the error and returns its exit status, else 0. */
int cli_find_contact(cli_ctx *ctx, const char *cmd, const char *text, char uid[UID_BUFSZ]);

/* The customer's contacts, the primary first, as show prints them; 0 or
 * the exit status. */
int cli_show_contacts(cli_ctx *ctx, const char *customer_uid);

/* Set the locale and the language of messages (see locale.c); CONFIG is the
 * config file, whose "language" line forces one. */
void cli_i18n_init(const char *config);
/* Warn (stderr) about the config file's lines that were not understood. */
void cli_config_warnings(void);

/* Human-readable output. Text in a book comes from CSV files and bundles
 * other people made, so every line a person reads goes through these, which
 * show terminal controls, C1, bidi overrides and bad UTF-8 as text
 * (visible.h). CSV output never does: it keeps the exact text.
 * cli_printf and cli_puts write to stdout; only LF passes, as the line
 * breaks of the format. */
int cli_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_puts(const char *s);
/* One field of data to print (a name, a note): a visible copy, LF included,
 * valid until sixteen more calls. Never NULL. */
const char *cli_vis(const char *s);
/* PART of WHOLE as a percentage to a tenth ("41.2%"), or "-" when WHOLE is
 * not above 0; into BUF of SZ bytes. */
const char *cli_pct(int64_t part, int64_t whole, char *buf, size_t sz);

/* Thousands separators for counts: 1,204 */
char *cli_count(long n, char *buf, size_t bufsz);

/* Print a row of cells padded to widths (CJK-aware). RIGHT[i] right-aligns. */
void cli_table_row(FILE *out, const char *const *cells, const int *widths,
                   const bool *right, int n);

/* The settings 'config' takes, with their values and defaults (cmd_config.c). */
void cli_config_help(FILE *out);

/* Print the customer's history, newest first, with each row's uid
 * (cmd_history.c); 0 or the exit status. */
int cli_show_history(cli_ctx *ctx, const char *customer_uid);
/* The customers' credits (money paid beyond their orders): NAMES, each
 * customer's on one line; else the total on a line of its own. Nothing
 * when there is none; 0 or the exit status. The credits as they stood at
 * the end of DAY. */
int cli_print_credits(cli_ctx *ctx, bool names, date_day day);

/* Filters (cmd_segment.c): every --where TEXT of ARGV taken out of it
 * (*ARGC and ARGV compacted) into TEXTS (at most CLI_WHERE_MAX, *N of
 * them); 0 or the exit status. */
#define CLI_WHERE_MAX WHERE_MAX_CLAUSES
int cli_where_take(const char *cmd, int *argc, char **argv, const char **texts, size_t *n);
/* The clauses TEXTS parsed against the book's attributes, and those of
 * segment SEGMENT when not NULL, into F (F->where, also in *OWNED for the
 * caller to free); 0 or the exit status (64 with the valid fields or
 * values). */
int cli_where_filter(cli_ctx *ctx, const char *cmd, const char *const *texts, size_t n,
                     const char *segment, db_filter *f, where_clause **owned);
/* The clauses of the saved segment NAME (*CLAUSES: free with
 * db_strings_free); 0 or the exit status (64 when there is none). */
int cli_segment_clauses(cli_ctx *ctx, const char *cmd, const char *name, char ***clauses,
                        size_t *n);

/* repdesk report levers [--months N] [--format table|csv] [--xlsx FILE]
 * (cmd_levers.c): ARGV[0] is "levers". */
int cli_report_levers(cli_ctx *ctx, int argc, char **argv);

/* The team report and the month plan as workbooks (xlsx_out.c); 0 or the
 * exit status, the error printed. */
int cli_team_xlsx(const teamview *tv, const char *path);
int cli_plan_xlsx(const planbook *pb, const cli_ctx *ctx, const char *path);

/* The year plan (cmd_plan_year.c): what 'plan YEAR' was given. */
typedef struct {
	const char *target, *method, *months, *format, *xlsx;
	bool show;
	bool view;                  /* --view was given (a month's option) */
	bool others;                /* --stretch, --challenge or --shares was given */
} cli_plan_year_args;
/* Whether TEXT is a year (YYYY) a plan can be made for, into *Y. */
bool cli_plan_is_year(const char *text, int *y);
int cli_plan_year(cli_ctx *ctx, int y, const cli_plan_year_args *a);
/* The year plan as a workbook (xlsx_out.c): one sheet of its months with a
 * chart of target against achieved; 0 or the exit status, the error printed. */
int cli_plan_year_xlsx(const yearbook *yb, const char *path);

/* The team server (cmd_server.c): the URL GIVEN (--server) or the book's
 * 'server' setting into OUT; then a connection to it. 0 or the exit status
 * (printed: 74 when the server cannot be reached). */
struct db_server;
int cli_server_url(cli_ctx *ctx, const char *given, char *out, size_t outsz);
int cli_server_connect(cli_ctx *ctx, const char *given, struct db_server **s);

#define CLI_COMMANDS(_) \
	_(init) _(import) _(export) _(customers) _(segment) _(show) _(set) _(contact) _(config) _(log) _(note) _(edit) _(delete) \
	_(calendar) _(plan) _(today) _(receivables) _(report) _(team) _(server) _(sync) \
	_(opp)

#define CLI_DECLARE(name) int cmd_##name(cli_ctx *ctx, int argc, char **argv);
CLI_COMMANDS(CLI_DECLARE)
#undef CLI_DECLARE

#endif
