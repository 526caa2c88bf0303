/* repdesk calendar: a month's working days under the calendar in use. */
#include <string.h>

#include "cli.h"
#include "repdesk/i18n.h"

int cmd_calendar(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[1];
	int npos, rc, y, m, d;
	static const char *const wd[] = { "", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

	if ((rc = cli_parse("calendar", argc, argv, NULL, pos, 1, &npos)))
		return rc;
	if (npos == 1) {
		if (!date_month_parse(pos[0], &y, &m))
			return cli_usage_error("calendar", _("'%s' is not a month (YYYY-MM)"), pos[0]);
	} else {
		date_to_ymd(ctx->today, &y, &m, &d);
	}
	/* The calendar setting lives in the database, when there is one. */
	if (!ctx->calendar_arg && (rc = cli_open_db(ctx)))
		return rc;
	if ((rc = cli_load_calendar(ctx)))
		return rc;

	int work = calendar_workdays_in_month(&ctx->cal, y, m);
	cli_printf(_("%04d-%02d: %d working days (calendar: %s)\n"), y, m, work, cli_vis(ctx->cal_name));
	if (calendar_estimated(&ctx->cal, y))
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
		       e->work ? _("work") : _("off"), cli_vis(e->name), e->estimated ? _(" (estimated)") : "");
	}
	return 0;
}
