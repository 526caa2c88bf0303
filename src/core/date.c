/* Dates as day numbers, converted with Howard Hinnant's days_from_civil /
 * civil_from_days (exact for the proleptic Gregorian calendar, no tables,
 * no time zone, no libc time functions). */
#include "repdesk/date.h"

#define YEAR_MIN 1900
#define YEAR_MAX 9999

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_valid_ymd(int y, int m, int d)
{
	return y >= YEAR_MIN && y <= YEAR_MAX && m >= 1 && m <= 12 &&
	       d >= 1 && d <= date_days_in_month(y, m);
}

/* Years counted from March, so the leap day ends the year; eras are the
 * 400-year Gregorian cycles of 146097 days. */
date_day date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(date_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

/* Parse exactly N digits at S. */
static bool digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

bool date_parse(const char *text, date_day *day)
{
	int y, m, d;

	if (!text || !digits(text, 4, &y) || text[4] != '-' || !digits(text + 5, 2, &m) ||
	    text[7] != '-' || !digits(text + 8, 2, &d) || text[10] != '\0' ||
	    !date_valid_ymd(y, m, d))
		return false;
	*day = date_from_ymd(y, m, d);
	return true;
}

bool date_parse_relative(const char *text, date_day today, date_day *day)
{
	if (text[0] != '+')
		return date_parse(text, day);
	long n = 0;
	const char *p = text + 1;
	if (!*p)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || n > 3650)
			return false;
		n = n * 10 + (*p - '0');
	}
	if (n > 3650)
		return false;
	*day = today + (date_day)n;
	return true;
}

static char *put_digits(char *p, int v, int n)
{
	for (int i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/* Written by hand rather than with snprintf: the width is fixed, and years
 * outside 0..9999 (never produced by date_parse) are clamped to keep it so. */
char *date_format(date_day day, char buf[DATE_BUFSZ])
{
	int y, m, d;
	char *p = buf;

	date_to_ymd(day, &y, &m, &d);
	if (y < 0)
		y = 0;
	if (y > YEAR_MAX)
		y = YEAR_MAX;
	p = put_digits(p, y, 4);
	*p++ = '-';
	p = put_digits(p, m, 2);
	*p++ = '-';
	p = put_digits(p, d, 2);
	*p = '\0';
	return buf;
}

int date_weekday(date_day day)
{
	/* 1970-01-01 was a Thursday (4). */
	int r = day % 7;
	if (r < 0)
		r += 7;
	return (r + 3) % 7 + 1;
}

date_day date_add_months(date_day day, int months)
{
	int y, m, d;
	long long idx;

	date_to_ymd(day, &y, &m, &d);
	idx = (long long)y * 12 + (m - 1) + months;
	/* Keep absurd offsets inside the range the arithmetic is exact for. */
	if (idx < (long long)YEAR_MIN * 12)
		idx = (long long)YEAR_MIN * 12;
	if (idx > (long long)YEAR_MAX * 12 + 11)
		idx = (long long)YEAR_MAX * 12 + 11;
	y = (int)(idx / 12);
	m = (int)(idx % 12) + 1;
	if (d > date_days_in_month(y, m))
		d = date_days_in_month(y, m);
	return date_from_ymd(y, m, d);
}

bool date_month_parse(const char *text, int *y, int *m)
{
	int yy, mm;

	if (!text || !digits(text, 4, &yy) || text[4] != '-' || !digits(text + 5, 2, &mm) ||
	    text[7] != '\0' || yy < YEAR_MIN || yy > YEAR_MAX || mm < 1 || mm > 12)
		return false;
	*y = yy;
	*m = mm;
	return true;
}

date_day date_month_first_day(int y, int m)
{
	return date_from_ymd(y, m, 1);
}

date_day date_month_last_day(int y, int m)
{
	return date_from_ymd(y, m, date_days_in_month(y, m));
}
