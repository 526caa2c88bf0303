/* Chinese conventions where Chinese is shown: dates as 11月27日 周五 and
 * amounts of ¥10,000 and more in 万. Machine-readable output never comes
 * here. */
#include <stdio.h>
#include <string.h>

#include "repdesk/i18n.h"
#include "repdesk/money.h"

bool i18n_chinese(void)
{
	/* The catalogue's header (the translation of the empty message) names
	 * its language; asked through a variable, so xgettext does not take ""
	 * for a message. */
	static const char catalogue_header[] = "";
	const char *header = gettext(catalogue_header);
	return header && *header && strstr(header, "Language: zh") != NULL;
}

char *i18n_day(date_day day, char *buf, size_t bufsz)
{
	static const char *const en[8] = { "", N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"),
	                                   N_("Sat"), N_("Sun") };
	static const char *const zh[8] = { "", "周一", "周二", "周三", "周四", "周五", "周六", "周日" };
	int y, m, d, wd = date_weekday(day);

	date_to_ymd(day, &y, &m, &d);
	if (i18n_chinese()) {
		snprintf(buf, bufsz, "%d月%d日 %s", m, d, zh[wd]);
	} else {
		char iso[DATE_BUFSZ];
		snprintf(buf, bufsz, "%s %s", date_format(day, iso), en[wd]);
	}
	return buf;
}

char *i18n_money(int64_t fen, bool wan, char *buf, size_t bufsz)
{
	return wan ? money_format_wan(fen, buf, bufsz) : money_format(fen, buf, bufsz);
}

bool i18n_wan(const char *money_style)
{
	if (money_style && strcmp(money_style, "wan") == 0)
		return true;
	if (money_style && strcmp(money_style, "yuan") == 0)
		return false;
	return i18n_chinese();
}
