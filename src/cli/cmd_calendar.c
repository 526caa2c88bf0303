/* repdesk calendar: a month's working days under the calendar in use, and
 * the book's own schedule (set, import, export). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/calendar.h"
#include "repdesk/i18n.h"

/* The longest run of days one `calendar set` takes. */
#define SET_DAYS_MAX 366

static int db_fail(cli_ctx *ctx, db_status st)
{
	return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
}

/* Say that a year now goes by the book's schedule alone, once per year. */
static void note_book_years(cli_ctx *ctx, const int *years, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (i == 0 || years[i] != years[i - 1])
			if (!calendar_from_book(&ctx->cal, years[i]))
				cli_printf(_("note: %04d now follows the book's own schedule alone: the days it "
				             "does not name are ordinary days (nothing of it is estimated or taken "
				             "from the calendar file)\n"), years[i]);
}

static int year_of(date_day day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y;
}

static int calendar_set(cli_ctx *ctx, const char *range, const char *kind, const char *name)
{
	date_day from, to;
	char first[DATE_BUFSZ + 1];
	const char *dots = strstr(range, "..");
	int rc;

	if (dots) {
		size_t n = (size_t)(dots - range);
		if (n >= sizeof first)
			n = sizeof first - 1;
		memcpy(first, range, n);
		first[n] = '\0';
	}
	if (!(dots ? date_parse(first, &from) && date_parse(dots + 2, &to)
	           : date_parse(range, &from) && (to = from, true)))
		return cli_usage_error("calendar", _("'%s' is not a day or a run of days "
		                       "(YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)"), range);
	if (to < from)
		return cli_usage_error("calendar", _("'%s' ends before it begins"), range);
	if (to - from >= SET_DAYS_MAX)
		return cli_usage_error("calendar", _("'%s' is more than %d days"), range, SET_DAYS_MAX);
	bool clear = strcmp(kind, "clear") == 0, work = strcmp(kind, "work") == 0;
	if (!clear && !work && strcmp(kind, "off") != 0)
		return cli_usage_error("calendar", _("'%s' is not off, work or clear"), kind);
	if (clear && name)
		return cli_usage_error("calendar", "%s", _("--name goes with off or work, not clear"));
	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;

	size_t n = (size_t)(to - from + 1);
	db_calendar_day *days = calloc(n, sizeof *days);
	int *clears = calloc(n, sizeof *clears), *years = calloc(n, sizeof *years);
	if (!days || !clears || !years) {
		free(days), free(clears), free(years);
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	}
	for (size_t i = 0; i < n; i++) {
		date_day day = from + (date_day)i;
		const calendar_entry *e = calendar_lookup(&ctx->cal, day);
		clears[i] = day;
		years[i] = year_of(day);
		days[i].day = day;
		days[i].work = work;
		/* Without --name, a day off keeps the name the calendar gives it
		 * (春节 where the Spring Festival falls). */
		days[i].name = name ? name : !work && e && !e->work ? e->name
		             : work ? _("make-up workday") : _("holiday");
	}
	long changed = 0;
	db_status st = clear ? db_calendar_write(ctx->d, NULL, 0, clears, n, 0, 0, &changed)
	                     : db_calendar_write(ctx->d, days, n, NULL, 0, 0, 0, &changed);
	if (st == DB_OK && !clear)
		note_book_years(ctx, years, n);
	free(days), free(clears), free(years);
	if (st != DB_OK)
		return db_fail(ctx, st);
	char a[DATE_BUFSZ], b[DATE_BUFSZ], span[2 * DATE_BUFSZ + 2];
	date_format(from, a);
	date_format(to, b);
	snprintf(span, sizeof span, from == to ? "%s" : "%s..%s", a, b);
	if (clear)
		cli_printf(ngettext("%s: %ld day of the book's schedule cleared\n",
		                    "%s: %ld days of the book's schedule cleared\n", (unsigned long)changed),
		           span, changed);
	else
		cli_printf(ngettext("%s: %s in the book's schedule (%ld day changed)\n",
		                    "%s: %s in the book's schedule (%ld days changed)\n",
		                    (unsigned long)changed),
		           span, work ? _("make-up workday") : _("day off"), changed);
	return 0;
}

static int calendar_import(cli_ctx *ctx, const char *path)
{
	char *text, err[1024];
	size_t len;
	calendar cal;
	int rc;

	if ((rc = cli_open_db(ctx)) || (rc = cli_load_calendar(ctx)))
		return rc;
	if (!cli_read_file(path, &text, &len, err, sizeof err))
		return cli_fail(errno == ENOENT ? STATUS_NOINPUT : STATUS_IOERR, "%s", err);
	bool ok = calendar_parse_strict(&cal, text, len, path, err, sizeof err);
	free(text);
	if (!ok)
		return cli_fail(STATUS_DATAERR, _("%s; the book is unchanged"), err);
	if (cal.n == 0) {
		calendar_free(&cal);
		return cli_fail(STATUS_DATAERR, _("%s: no day in the file (lines DATE off|work NAME); "
		                "the book is unchanged"), path);
	}
	db_calendar_day *days = calloc(cal.n, sizeof *days);
	int *years = calloc(cal.n, sizeof *years);
	if (!days || !years) {
		free(days), free(years);
		calendar_free(&cal);
		return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
	}
	for (size_t i = 0; i < cal.n; i++) {
		days[i] = (db_calendar_day){ cal.entries[i].day, cal.entries[i].work, cal.entries[i].name };
		years[i] = year_of(cal.entries[i].day);
	}
	/* Each year of the file stands whole: the book's own days of that
	 * year the file lacks are cleared. One transaction for all. */
	long changed = 0, part;
	db_status st = db_begin(ctx->d);
	for (size_t i = 0; st == DB_OK && i < cal.n;) {
		size_t j = i;
		while (j < cal.n && years[j] == years[i])
			j++;
		st = db_calendar_write(ctx->d, days + i, j - i, NULL, 0, years[i], years[i], &part);
		changed += part;
		i = j;
	}
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st == DB_OK)
		note_book_years(ctx, years, cal.n);
	char a[16], b[16];
	snprintf(a, sizeof a, "%04d", years[0]);
	snprintf(b, sizeof b, "%04d", years[cal.n - 1]);
	size_t n = cal.n;
	free(days), free(years);
	calendar_free(&cal);
	if (st != DB_OK)
		return db_fail(ctx, st);
	if (strcmp(a, b) == 0)
		cli_printf(ngettext("%s: %zu day kept as the book's schedule for %s (%ld changed)\n",
		                    "%s: %zu days kept as the book's schedule for %s (%ld changed)\n",
		                    (unsigned long)n), cli_vis(path), n, a, changed);
	else
		cli_printf(ngettext("%s: %zu day kept as the book's schedule for %s-%s (%ld changed)\n",
		                    "%s: %zu days kept as the book's schedule for %s-%s (%ld changed)\n",
		                    (unsigned long)n), cli_vis(path), n, a, b, changed);
	return 0;
}

typedef struct {
	FILE *f;
	size_t n;
	bool bad;
} export_ctx;

static bool export_day(const db_calendar_day *day, const char *rep, void *ctx)
{
	export_ctx *x = ctx;
	char date[DATE_BUFSZ];
	(void)rep;
	if (fprintf(x->f, "%s %s %s\n", date_format(day->day, date), day->work ? "work" : "off",
	            day->name) < 0)
		x->bad = true;
	x->n++;
	return !x->bad;
}

static int calendar_export(cli_ctx *ctx, const char *path)
{
	char tmp[4096];
	int rc;

	if ((rc = cli_open_db(ctx)) || (rc = cli_guard_book(ctx, "calendar", "export", path)))
		return rc;
	if (snprintf(tmp, sizeof tmp, "%s.tmp", path) >= (int)sizeof tmp)
		return cli_usage_error("calendar", "%s", _("the file name is too long"));
	export_ctx x = { fopen(tmp, "w"), 0, false };
	if (!x.f)
		return cli_fail(STATUS_IOERR, "%s: %s", cli_vis(path), strerror(errno));
	/* The shipped file's form: calendar import and --calendar read it. */
	fputs("# A holiday schedule exported by repdesk (calendar export).\n"
	      "# One date a line: DATE KIND NAME. KIND is 'off' (a holiday, no work even on a weekday)\n"
	      "# or 'work' (a make-up workday, worked even on a weekend). Other days: Mon-Fri work,\n"
	      "# Sat-Sun off.\n", x.f);
	db_status st = db_calendar_each(ctx->d, export_day, &x);
	bool ok = !x.bad && st == DB_OK;
	ok = fflush(x.f) == 0 && ok;
	ok = fclose(x.f) == 0 && ok;
	if (ok && rename(tmp, path) != 0)
		ok = false;
	if (!ok) {
		int e = errno;
		remove(tmp);
		if (st != DB_OK)
			return db_fail(ctx, st);
		return cli_fail(STATUS_IOERR, "%s: %s", cli_vis(path), strerror(e));
	}
	if (x.n == 0)
		cli_warn(_("the book has no schedule of its own: %s holds no day "
		           "(set days with 'repdesk calendar set' or 'calendar import')"), cli_vis(path));
	else
		cli_printf(ngettext("%zu day of the book's schedule written to %s\n",
		                    "%zu days of the book's schedule written to %s\n", (unsigned long)x.n),
		           x.n, cli_vis(path));
	return 0;
}

static int calendar_show(cli_ctx *ctx, int npos, char **pos)
{
	int rc, y, m, d;
	static const char *const wd[] = { "", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

	if (npos > 1)
		return cli_usage_error("calendar", _("unexpected argument '%s'"), pos[1]);
	if (npos == 1) {
		if (!date_month_parse(pos[0], &y, &m))
			return cli_usage_error("calendar", _("'%s' is not a month (YYYY-MM)"), pos[0]);
	} else {
		date_to_ymd(ctx->today, &y, &m, &d);
	}
	/* The calendar setting and the book's schedule live in the database,
	 * when there is one. */
	if (!ctx->calendar_arg && (rc = cli_open_db(ctx)))
		return rc;
	if ((rc = cli_load_calendar(ctx)))
		return rc;

	int work = calendar_workdays_in_month(&ctx->cal, y, m);
	cli_printf(_("%04d-%02d: %d working days (calendar: %s)\n"), y, m, work, cli_vis(ctx->cal_name));
	if (calendar_from_book(&ctx->cal, y))
		cli_printf(_("note: %04d follows the book's own schedule (calendar set / calendar import)\n"), y);
	else if (calendar_estimated(&ctx->cal, y))
		cli_printf(_("note: no official schedule for %04d: its statutory holidays are estimated "
		             "(no make-up workdays)\n"), y);
	else if (!calendar_covers(&ctx->cal, y, m))
		cli_printf(_("note: the calendar does not cover %04d, so this is Mon-Fri only\n"), y);
	for (date_day day = date_month_first_day(y, m); day <= date_month_last_day(y, m); day++) {
		const calendar_entry *e = calendar_lookup(&ctx->cal, day);
		if (!e)
			continue;
		char date[DATE_BUFSZ];
		/* TRANSLATORS: a calendar line: date, weekday, work or off, the holiday's name. */
		cli_printf(_("%s %s %-4s %s%s\n"), date_format(day, date), _(wd[date_weekday(day)]),
		       e->work ? _("work") : _("off"), cli_vis(e->name),
		       e->estimated ? _(" (estimated)") : e->book ? _(" (book)") : "");
	}
	return 0;
}

int cmd_calendar(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[3];
	const char *name = NULL;
	int npos, rc;
	cli_opt opts[] = { { "name", &name, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse("calendar", argc, argv, opts, pos, 3, &npos)))
		return rc;
	const char *sub = npos ? pos[0] : "";
	if (name && strcmp(sub, "set") != 0)
		return cli_usage_error("calendar", "%s", _("--name goes with calendar set"));
	bool change = strcmp(sub, "set") == 0 || strcmp(sub, "import") == 0 || strcmp(sub, "export") == 0;
	if (change && ctx->calendar_arg)
		return cli_usage_error("calendar", _("calendar %s works on the book's schedule: "
		                       "--calendar does not go with it"), sub);
	if (strcmp(sub, "set") == 0) {
		if (npos != 3)
			return cli_usage_error("calendar", "%s", _("calendar set needs DAY[..DAY] and off, work or clear"));
		return calendar_set(ctx, pos[1], pos[2], name);
	}
	if (strcmp(sub, "import") == 0 || strcmp(sub, "export") == 0) {
		if (npos != 2)
			return cli_usage_error("calendar", _("calendar %s needs a FILE"), sub);
		return sub[0] == 'i' ? calendar_import(ctx, pos[1]) : calendar_export(ctx, pos[1]);
	}
	return calendar_show(ctx, npos, pos);
}
