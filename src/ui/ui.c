/* The main loop: start the terminal (newterm, never initscr, which exits on
 * an unknown TERM), read keys or a script of them, hand them to the
 * workbench as actions, and redraw. Resizing comes through KEY_RESIZE; the
 * terminal is restored on every way out. */
#include <curses.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <wchar.h>

#include "repdesk/db/book.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"
#include "ui.h"
/* Last: it defines macros such as "lines". */
#include <term.h>

typedef struct {
	wb *w;
	ui_frame f;
	SCREEN *scr;
	FILE *out, *in;
	FILE *times;                      /* script mode: each key's cost */
	bool script;
} ui;

static void set_heights(ui *u)
{
	int rows, cols;

	getmaxyx(stdscr, rows, cols);
	ui_layout l = ui_layout_of(rows, cols, u->w->screen);
	if (l.too_small)
		return;
	int side = wb_screen_now(u->w)->layout == WB_LAYOUT_TEXT ? l.body.h - 2 : l.right.h - 2;
	wb_set_width(u->w, wb_screen_now(u->w)->layout == WB_LAYOUT_TEXT ? l.body.w - 2 : l.right.w - 2);
	wb_set_heights(u->w, l.left.h - 3, l.right.h - 2 - 5, side);   /* (the list's headings) */
}

static void draw(ui *u)
{
	set_heights(u);
	ui_draw(u->w, &u->f);
	if (!u->script)
		refresh();
}

/* Draw when reaction R says something changed, and then the whole frame:
 * curses sends only the cells that differ, and a stream of prompt-only
 * updates (a paste) drawn faster than that would let a terminal show the
 * answer before the cursor reaches its end. */
static void redraw(ui *u, int r)
{
	if (r != WB_REACT_NONE)
		draw(u);
}

/* A key while a prompt or form is open. */
static wb_key prompt_key(int key, bool is_char)
{
	wb_key k = { WB_K_CHAR, 0 };

	if (is_char) {
		switch (key) {
		case '\n': case '\r': k.kind = WB_K_ENTER; break;
		case 27: k.kind = WB_K_ESC; break;
		case '\t': k.kind = WB_K_TAB; break;
		case 127: case 8: k.kind = WB_K_BACKSPACE; break;
		default: k.ch = (uint32_t)key; break;
		}
		return k;
	}
	switch (key) {
	case KEY_ENTER: k.kind = WB_K_ENTER; break;
	case KEY_BACKSPACE: k.kind = WB_K_BACKSPACE; break;
	case KEY_DC: k.kind = WB_K_DELETE; break;
	case KEY_LEFT: k.kind = WB_K_LEFT; break;
	case KEY_RIGHT: k.kind = WB_K_RIGHT; break;
	case KEY_HOME: k.kind = WB_K_HOME; break;
	case KEY_END: k.kind = WB_K_END; break;
	case KEY_UP: k.kind = WB_K_UP; break;
	case KEY_DOWN: k.kind = WB_K_DOWN; break;
	case KEY_BTAB: k.kind = WB_K_BTAB; break;
	default: k.kind = WB_K_CHAR; k.ch = 0; break;   /* ignored */
	}
	return k;
}

static void mouse(ui *u)
{
	MEVENT ev;
	const ui_frame *f = &u->f;

	if (getmouse(&ev) != OK || f->lay.too_small || u->w->ask.kind != WB_ASK_NONE)
		return;
	if (ev.bstate & BUTTON4_PRESSED) {
		for (int i = 0; i < 3; i++)
			wb_do(u->w, WB_A_UP);
		return;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		for (int i = 0; i < 3; i++)
			wb_do(u->w, WB_A_DOWN);
		return;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED)))
		return;
	if (ev.y == f->lay.tabs.y) {
		for (int s = 0; s < WB_SCREEN_COUNT; s++)
			if (ev.x >= f->tab_x[s] && ev.x < f->tab_x[s + 1])
				wb_do(u->w, (wb_action)(WB_A_TODAY + s));
		return;
	}
	if (u->w->help)
		return;
	wb_layout lay = wb_screen_now(u->w)->layout;
	if (f->list_h && ev.y >= f->list_y && ev.y < f->list_y + f->list_h && ev.x < f->side_x &&
	    lay != WB_LAYOUT_TEXT)
		wb_click(u->w, WB_PANE_LIST, ev.y - f->list_y);
	else if (f->queue_h && ev.y >= f->queue_y && ev.y < f->queue_y + f->queue_h &&
	         ev.x >= f->side_x && lay == WB_LAYOUT_LIST_QUEUE)
		wb_click(u->w, WB_PANE_SIDE, ev.y - f->queue_y);
}

/* One key: what it changed (WB_REACT_*; QUIT when the workbench is done). */
static int key(ui *u, int k, bool is_char)
{
	wb *w = u->w;

	if (!is_char && k == KEY_RESIZE)
		return WB_REACT_REDRAW;
	if (!is_char && k == KEY_MOUSE) {
		mouse(u);
		return WB_REACT_REDRAW;
	}
	if (w->ask.kind != WB_ASK_NONE) {
		wb_key wk = prompt_key(k, is_char);
		if (wk.kind != WB_K_CHAR || wk.ch)
			return wb_input(w, wk);
		return WB_REACT_NONE;
	}
	wb_action a = ui_key_action(k, is_char);
	if (a == WB_A_NONE) {
		if (w->help)
			return wb_do(w, WB_A_BACK);
		return WB_REACT_NONE;
	}
	return wb_do(w, a);
}

/* ---- script mode ---- */

static bool put_utf8(FILE *out, wchar_t wc)
{
	char mb[MB_LEN_MAX];
	mbstate_t st;

	memset(&st, 0, sizeof st);
	size_t n = wcrtomb(mb, wc, &st);
	if (n == (size_t)-1) {
		fputs("?", out);
		return true;
	}
	return fwrite(mb, 1, n, out) == n;
}

/* The screen as text, line by line, trailing blanks cut. */
static bool dump(const char *path, char *err, size_t errsz)
{
	FILE *out = fopen(path, "w");
	int rows, cols;

	if (!out) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return false;
	}
	getmaxyx(stdscr, rows, cols);
	for (int y = 0; y < rows; y++) {
		/* Every code point of a cell: a cell holds a whole cluster (an
		 * emoji sequence, a letter and its marks). */
		wchar_t line[1024 * CCHARW_MAX];
		int n = 0, end = 0;
		for (int x = 0; x < cols && n < 1000 * CCHARW_MAX;) {
			cchar_t c;
			wchar_t wch[CCHARW_MAX + 1];
			attr_t a;
			short pair;
			if (mvin_wch(y, x, &c) == ERR || getcchar(&c, NULL, &a, &pair, NULL) > CCHARW_MAX + 1 ||
			    getcchar(&c, wch, &a, &pair, NULL) == ERR || !wch[0]) {
				wch[0] = L' ';
				wch[1] = 0;
			}
			wch[CCHARW_MAX] = 0;
			int wd = wcwidth(wch[0]);
			for (int i = 0; wch[i] && i < CCHARW_MAX; i++)
				line[n++] = wch[i];
			if (wch[0] != L' ')
				end = n;
			x += wd > 1 ? wd : 1;
		}
		for (int i = 0; i < end; i++)
			put_utf8(out, line[i]);
		fputc('\n', out);
	}
	if (fclose(out) != 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return false;
	}
	return true;
}

/* The work left for a quiet moment, done before the script's next line as
 * it would be between a person's keys; each step's cost goes to the times
 * file as "idle". */
static void idle(ui *u)
{
	for (;;) {
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (!wb_idle(u->w))
			break;
		draw(u);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (u->times)
			fprintf(u->times, "idle %ld\n",
			        (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000));
	}
}

/* Play SCRIPT: lines of keys ("c e <Enter>"), "type TEXT", ":resize COLS
 * ROWS", ":dump FILE", '#' comments. */
static status_code play(ui *u, const char *script, char *err, size_t errsz)
{
	FILE *f = fopen(script, "r");
	/* Room for a "type" line as long as a line editor holds (a paste). */
	static char line[WB_LINE_MAX + 64];
	int lineno = 0;

	if (!f) {
		snprintf(err, errsz, "%s: %s", script, strerror(errno));
		return STATUS_NOINPUT;
	}
	draw(u);
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			snprintf(err, errsz, _("%s:%d: line too long"), script, lineno);
			fclose(f);
			return STATUS_USAGE;
		}
		idle(u);
		line[strcspn(line, "\r\n")] = '\0';
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		if (strncmp(p, ":resize ", 8) == 0) {
			int c, r;
			if (sscanf(p + 8, "%d %d", &c, &r) != 2 || c < 1 || r < 1 || c > 1000 || r > 500) {
				snprintf(err, errsz, _("%s:%d: expected ':resize COLS ROWS'"), script, lineno);
				fclose(f);
				return STATUS_USAGE;
			}
			resizeterm(r, c);
			draw(u);
			continue;
		}
		if (strncmp(p, ":dump ", 6) == 0) {
			draw(u);
			if (!dump(p + 6, err, errsz)) {
				fclose(f);
				return STATUS_IOERR;
			}
			continue;
		}
		if (strncmp(p, "type ", 5) == 0) {
			const char *s = p + 5;
			size_t len = strlen(s);
			while (len) {
				uint32_t cp;
				size_t n = text_decode(s, len, &cp);
				struct timespec t0, t1;
				clock_gettime(CLOCK_MONOTONIC, &t0);
				/* A keystroke is not done until it shows. */
				redraw(u, key(u, (int)cp, true));
				clock_gettime(CLOCK_MONOTONIC, &t1);
				if (u->times)
					fprintf(u->times, "type:%.*s %ld\n", (int)n, s,
					        (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000));
				s += n;
				len -= n;
			}
			continue;
		}
		for (char *tok = strtok(p, " \t"); tok; tok = strtok(NULL, " \t")) {
			int k;
			bool is_char;
			if (!ui_key_parse(tok, &k, &is_char)) {
				snprintf(err, errsz, _("%s:%d: unknown key '%s'"), script, lineno, tok);
				fclose(f);
				return STATUS_USAGE;
			}
			struct timespec t0, t1;
			clock_gettime(CLOCK_MONOTONIC, &t0);
			int r = key(u, k, is_char);
			if (r & WB_REACT_QUIT) {
				fclose(f);
				return STATUS_OK;
			}
			redraw(u, r);
			clock_gettime(CLOCK_MONOTONIC, &t1);
			if (u->times)
				fprintf(u->times, "%s %ld\n", tok,
				        (long)((t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000));
		}
	}
	fclose(f);
	return STATUS_OK;
}

static void peak_rss(FILE *out)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];

	if (!f)
		return;
	while (fgets(line, sizeof line, f))
		if (strncmp(line, "VmHWM:", 6) == 0)
			fprintf(out, "peak_rss_kb %ld\n", strtol(line + 6, NULL, 10));
	fclose(f);
}

/* ---- the terminal ---- */

static status_code start(ui *u, char *err, size_t errsz)
{
	const char *term = getenv("TERM");

	if (u->script) {
		/* Screen dumps: drawn for a known terminal into nothing, at the size
		 * LINES and COLUMNS give. */
		u->out = fopen("/dev/null", "w");
		u->in = fopen("/dev/null", "r");
		if (!u->out || !u->in || !(u->scr = newterm("xterm", u->out, u->in))) {
			snprintf(err, errsz, "%s", _("cannot start the screen for the script"));
			return STATUS_IOERR;
		}
		const char *l = getenv("LINES"), *c = getenv("COLUMNS");
		int rows = l ? atoi(l) : 24, cols = c ? atoi(c) : 80;
		resizeterm(rows > 0 ? rows : 24, cols > 0 ? cols : 80);
	} else {
		if (!term || !*term) {
			snprintf(err, errsz, "%s", _("TERM is not set, so the workbench cannot draw; "
			                             "'repdesk --help' lists the commands"));
			return STATUS_USAGE;
		}
		if (!(u->scr = newterm(NULL, stdout, stdin))) {
			snprintf(err, errsz, _("the terminal type '%s' is unknown; 'repdesk --help' lists the commands"),
			         term);
			return STATUS_USAGE;
		}
		const char *cup = tigetstr("cup");
		if (!cup || cup == (const char *)-1) {
			endwin();
			delscreen(u->scr);
			u->scr = NULL;
			snprintf(err, errsz, _("the terminal '%s' cannot place the cursor; 'repdesk --help' lists the commands"),
			         term);
			return STATUS_USAGE;
		}
	}
	set_term(u->scr);
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	if (!u->script)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
		          | BUTTON5_PRESSED
#endif
		          , NULL);
	ui_colors_init();
	curs_set(0);
	return STATUS_OK;
}

static void stop(ui *u)
{
	if (u->scr) {
		endwin();
		delscreen(u->scr);
	}
	if (u->out)
		fclose(u->out);
	if (u->in)
		fclose(u->in);
}

status_code ui_run(db *d, const calendar *cal, date_day day, const char *script, const char *config,
                 char *err, size_t errsz)
{
	ui u = { .script = script != NULL };
	char kerr[512] = "";
	status_code st;

	ui_keys_defaults();
	if (config)
		ui_keys_load(config, kerr, sizeof kerr);
	if (!(u.w = wb_open(d, cal, day, WB_DEFER_TODAY | WB_LEAN, err, errsz)))
		return STATUS_IOERR;
	if (kerr[0])
		snprintf(u.w->msg, sizeof u.w->msg, "%.200s", kerr), u.w->msg_error = true;
	if ((st = start(&u, err, errsz)) != STATUS_OK) {
		stop(&u);
		wb_close(u.w);
		return st;
	}
	if (u.script) {
		/* REPDESK_SCRIPT_TIMES: how long each key took, drawing included,
		 * and the peak resident memory at the end (benchmarks). */
		const char *tp = getenv("REPDESK_SCRIPT_TIMES");
		if (tp && *tp)
			u.times = fopen(tp, "w");
		st = play(&u, script, err, errsz);
		if (u.times) {
			peak_rss(u.times);
			fclose(u.times);
		}
	} else {
		int errs = 0;
		bool busy = true;
		int react = WB_REACT_REDRAW;
		for (;;) {
			redraw(&u, react);
			/* Work left for a quiet moment (the queue once the first screen
			 * shows, a search's rows) goes on a short step at a time while
			 * no key waits. */
			wint_t ch;
			int rc;
			for (;;) {
				/* Idle, the wait ends for the workbench's own sync. */
				int wait = busy ? 0 : wb_sync_wait(u.w);
				struct timespec t0, t1;
				clock_gettime(CLOCK_MONOTONIC, &t0);
				timeout(wait);
				rc = get_wch(&ch);
				if (rc != ERR)
					break;
				if (busy) {
					if ((busy = wb_idle(u.w)))
						draw(&u);
					continue;
				}
				clock_gettime(CLOCK_MONOTONIC, &t1);
				long waited = (long)(t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
				/* An error, not the wait's end: as without a server. */
				if (wait < 0 || waited + 100 < wait)
					break;
				int synced = wb_sync_tick(u.w);
				if (synced)
					redraw(&u, synced);
			}
			if (rc == ERR) {
				/* The terminal went away (SIGHUP, closed pty): leave, do not spin. */
				if (errno == EINTR && ++errs < 100)
					continue;
				break;
			}
			errs = 0;
			busy = true;
			if ((react = key(&u, (int)ch, rc != KEY_CODE_YES)) & WB_REACT_QUIT)
				break;
		}
		st = STATUS_OK;
	}
	stop(&u);
	wb_close(u.w);
	return st;
}
