/* Working days: Monday to Friday, corrected by a calendar file's holidays
 * ('off') and make-up workdays ('work'). Entries are kept sorted so a lookup
 * is a binary search and a range count touches only the entries inside it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/calendar.h"
#include "repdesk/lunar.h"
#include "repdesk/text.h"
#include "repdesk/i18n.h"

void calendar_init(calendar *cal)
{
	cal->entries = NULL;
	cal->n = 0;
	cal->year_min = 0;
	cal->year_max = -1;
	cal->est_min = 0;
	cal->est_max = -1;
	cal->years = NULL;
	cal->nyears = 0;
}

void calendar_free(calendar *cal)
{
	for (size_t i = 0; i < cal->n; i++)
		free(cal->entries[i].name);
	free(cal->entries);
	free(cal->years);
	calendar_init(cal);
}

/* An entry being parsed remembers its line for the duplicate message. */
struct pending {
	calendar_entry e;
	size_t line;
};

static int pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;

	if (x->e.day != y->e.day)
		return x->e.day < y->e.day ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Show a token from the file in a message: bounded and with no control
 * characters, since the message ends up on a terminal. */
static const char *quote(const char *s, size_t n, char *buf, size_t bufsz)
{
	char tmp[64];

	if (n >= sizeof tmp)
		n = sizeof tmp - 1;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return text_sanitize(tmp, buf, bufsz);
}

/* "FILE:LINE:COLUMN: " where the column (in bytes, from 1) is known. */
#define PARSE_FAIL(...) \
	do { \
		if (err && errsz) { \
			int k_ = col ? snprintf(err, errsz, "%s:%zu:%zu: ", filename, lineno, col) \
			             : snprintf(err, errsz, "%s:%zu: ", filename, lineno); \
			if (k_ >= 0 && (size_t)k_ < errsz) \
				snprintf(err + k_, errsz - (size_t)k_, __VA_ARGS__); \
		} \
		goto fail; \
	} while (0)

/* Lines are "DATE KIND NAME": the name is the rest of the line and may hold
 * spaces; '#' at the start of a line, or after a blank, begins a comment. */
static bool parse(calendar *cal, const char *text, size_t len, const char *filename, bool strict,
                  char *err, size_t errsz)
{
	struct pending *items = NULL;
	size_t n = 0, cap = 0, lineno = 0, pos = 0, col = 0;
	char shown[200];

	calendar_init(cal);
	if (!filename)
		filename = "calendar";
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		pos = 3;	/* a BOM from a Windows editor is not part of line 1 */

	while (pos < len) {
		const char *line = text + pos, *nl = memchr(line, '\n', len - pos);
		const char *start = line;
		size_t ll = nl ? (size_t)(nl - line) : len - pos;
		pos += ll + (nl != NULL);
		lineno++;
		col = 0;

		if (memchr(line, '\0', ll))
			PARSE_FAIL(_("contains a NUL byte"));
		if (ll > 0 && line[ll - 1] == '\r')
			ll--;
		for (size_t i = 0; i < ll; i++)
			if (line[i] == '#' && (i == 0 || is_blank(line[i - 1]))) {
				ll = i;
				break;
			}
		while (ll > 0 && is_blank(*line)) {
			line++;
			ll--;
		}
		while (ll > 0 && is_blank(line[ll - 1]))
			ll--;
		if (ll == 0)
			continue;

		/* Three fields: the date, the kind, and the rest as the name. */
		const char *f[2];
		size_t fl[2], i = 0;
		for (int k = 0; k < 2; k++) {
			while (i < ll && is_blank(line[i]))
				i++;
			f[k] = line + i;
			while (i < ll && !is_blank(line[i]))
				i++;
			fl[k] = (size_t)(line + i - f[k]);
		}
		while (i < ll && is_blank(line[i]))
			i++;
		const char *name = line + i;
		size_t nlen = ll - i;

		char date[DATE_BUFSZ];
		date_day day;
		col = (size_t)(f[0] - start) + 1;
		if (fl[0] >= sizeof date)
			PARSE_FAIL(_("bad date '%s'"), quote(f[0], fl[0], shown, sizeof shown));
		memcpy(date, f[0], fl[0]);
		date[fl[0]] = '\0';
		if (!date_parse(date, &day))
			PARSE_FAIL(_("bad date '%s'"), quote(f[0], fl[0], shown, sizeof shown));

		bool work;
		col = (size_t)(f[1] - start) + 1;
		if (fl[1] == 0)
			PARSE_FAIL(_("missing kind after the date (off or work)"));
		if (fl[1] == 3 && memcmp(f[1], "off", 3) == 0)
			work = false;
		else if (fl[1] == 4 && memcmp(f[1], "work", 4) == 0)
			work = true;
		else
			PARSE_FAIL(_("bad kind '%s' (expected off or work)"),
				   quote(f[1], fl[1], shown, sizeof shown));
		col = (size_t)(name - start) + 1;
		if (nlen == 0)
			PARSE_FAIL(_("missing name after '%.*s'"), (int)fl[1], f[1]);
		if (!text_valid_utf8(name, nlen))
			PARSE_FAIL(_("name is not valid UTF-8"));
		const char *why = strict ? calendar_name_check(name, nlen) : NULL;
		if (why)
			PARSE_FAIL(_("name '%s': %s"), quote(name, nlen, shown, sizeof shown), _(why));
		col = 0;

		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			struct pending *grown = realloc(items, ncap * sizeof *grown);
			if (!grown)
				PARSE_FAIL(_("out of memory"));
			items = grown;
			cap = ncap;
		}
		char *copy = malloc(nlen + 1);
		if (!copy)
			PARSE_FAIL(_("out of memory"));
		memcpy(copy, name, nlen);
		copy[nlen] = '\0';
		items[n].e = (calendar_entry){ .day = day, .work = work, .name = copy };
		items[n].line = lineno;
		n++;
	}

	if (n > 1)
		qsort(items, n, sizeof *items, pending_cmp);
	for (size_t i = 1; i < n; i++)
		if (items[i].e.day == items[i - 1].e.day) {
			char date[DATE_BUFSZ];
			lineno = items[i].line;
			col = 1;
			PARSE_FAIL(_("duplicate date %s (already on line %zu)"),
				   date_format(items[i].e.day, date), items[i - 1].line);
		}

	if (n > 0) {
		cal->entries = malloc(n * sizeof *cal->entries);
		if (!cal->entries) {
			lineno = 0;
			PARSE_FAIL(_("out of memory"));
		}
		for (size_t i = 0; i < n; i++)
			cal->entries[i] = items[i].e;
		cal->n = n;
		int y, m, d;
		date_to_ymd(cal->entries[0].day, &y, &m, &d);
		cal->year_min = y;
		date_to_ymd(cal->entries[n - 1].day, &y, &m, &d);
		cal->year_max = y;
	}
	free(items);
	return true;

fail:
	for (size_t i = 0; i < n; i++)
		free(items[i].e.name);
	free(items);
	calendar_init(cal);
	return false;
}

bool calendar_parse(calendar *cal, const char *text, size_t len, const char *filename,
	       char *err, size_t errsz)
{
	return parse(cal, text, len, filename, false, err, errsz);
}

bool calendar_parse_strict(calendar *cal, const char *text, size_t len, const char *filename,
                           char *err, size_t errsz)
{
	return parse(cal, text, len, filename, true, err, errsz);
}

/* Index of the first entry on or after DAY. */
static size_t lower_bound(const calendar *cal, date_day day)
{
	size_t lo = 0, hi = cal->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->entries[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const calendar_entry *calendar_lookup(const calendar *cal, date_day day)
{
	size_t i = lower_bound(cal, day);

	return i < cal->n && cal->entries[i].day == day ? &cal->entries[i] : NULL;
}

bool calendar_is_workday(const calendar *cal, date_day day)
{
	const calendar_entry *e = calendar_lookup(cal, day);

	return e ? e->work : date_weekday(day) <= 5;
}

bool calendar_from_book(const calendar *cal, int y)
{
	size_t lo = 0, hi = cal->nyears;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->years[mid] == y)
			return true;
		if (cal->years[mid] < y)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

bool calendar_covers(const calendar *cal, int y, int m)
{
	(void)m;	/* files cover whole years; the month is for callers' clarity */
	return (cal->n > 0 && y >= cal->year_min && y <= cal->year_max) || calendar_from_book(cal, y);
}

const char *calendar_name_check(const char *name, size_t n)
{
	if (n == 0)
		return N_("empty");
	if (n > CALENDAR_NAME_MAX)
		return N_("longer than 64 bytes");
	if (!text_valid_utf8(name, n))
		return N_("not valid UTF-8");
	if (is_blank(name[0]) || is_blank(name[n - 1]))
		return N_("a blank at either end");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return N_("a control character");
		if (c == '#' && (i == 0 || is_blank(name[i - 1])))
			return N_("a '#' a calendar file reads as a comment");
	}
	return NULL;
}

static int year_of(date_day day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	return y;
}

bool calendar_overlay(calendar *cal, const calendar_entry *e, size_t n)
{
	if (n == 0)
		return true;
	/* The book's years, ascending (E is sorted). */
	size_t ny = 0;
	int *years = malloc(n * sizeof *years);
	int *all = malloc((cal->nyears + n) * sizeof *all);
	calendar_entry *v = malloc((cal->n + n) * sizeof *v);
	char **names = calloc(n, sizeof *names);
	if (!years || !all || !v || !names)
		goto oom;
	for (size_t i = 0; i < n; i++) {
		int y = year_of(e[i].day);
		if (!ny || years[ny - 1] != y)
			years[ny++] = y;
		if (!(names[i] = strdup(e[i].name ? e[i].name : "")))
			goto oom;
	}
	/* Keep CAL's entries of the other years, merged in day order. */
	size_t out = 0, i = 0, j = 0;
	while (i < cal->n || j < n) {
		if (j == n || (i < cal->n && cal->entries[i].day < e[j].day)) {
			calendar_entry *c = &cal->entries[i++];
			int y = year_of(c->day);
			bool mine = false;
			for (size_t k = 0; k < ny && !mine; k++)
				mine = years[k] == y;
			if (mine)
				free(c->name);
			else
				v[out++] = *c;
		} else {
			if (i < cal->n && cal->entries[i].day == e[j].day) {
				free(cal->entries[i].name);
				i++;
			}
			v[out] = e[j];
			v[out].name = names[j];
			v[out].book = true;
			v[out].estimated = false;
			out++;
			j++;
		}
	}
	free(names);
	free(cal->entries);
	cal->entries = v;
	cal->n = out;
	/* With the years it had before, ascending. */
	size_t m = cal->nyears;
	if (m)
		memcpy(all, cal->years, m * sizeof *all);
	for (size_t k = 0; k < ny; k++)
		if (!calendar_from_book(cal, years[k]))
			all[m++] = years[k];
	for (size_t a = 1; a < m; a++)
		for (size_t b = a; b > 0 && all[b - 1] > all[b]; b--) {
			int t = all[b];
			all[b] = all[b - 1];
			all[b - 1] = t;
		}
	free(years);
	free(cal->years);
	cal->years = all;
	cal->nyears = m;
	return true;
oom:
	if (names)
		for (size_t k = 0; k < n; k++)
			free(names[k]);
	free(names);
	free(years);
	free(all);
	free(v);
	return false;
}

int calendar_workdays_between(const calendar *cal, date_day from, date_day to)
{
	if (from > to)
		return 0;

	/* Mon-Fri by whole weeks plus the leftover days, then each entry in
	 * the range corrects the weekday rule where it differs from it. */
	int span = to - from + 1;
	int count = span / 7 * 5;
	int wd = date_weekday(from);
	for (int i = 0; i < span % 7; i++)
		count += (wd + i - 1) % 7 + 1 <= 5;

	for (size_t i = lower_bound(cal, from); i < cal->n && cal->entries[i].day <= to; i++) {
		bool weekday = date_weekday(cal->entries[i].day) <= 5;
		if (cal->entries[i].work && !weekday)
			count++;
		else if (!cal->entries[i].work && weekday)
			count--;
	}
	return count;
}

int calendar_workdays_in_month(const calendar *cal, int y, int m)
{
	return calendar_workdays_between(cal, date_month_first_day(y, m), date_month_last_day(y, m));
}

static int entry_cmp(const void *a, const void *b)
{
	const calendar_entry *x = a, *y = b;
	return x->day < y->day ? -1 : x->day > y->day;
}

bool calendar_estimate(calendar *cal, int from, int to)
{
	size_t add = 0;

	for (int y = from; y <= to; y++)
		if (!calendar_covers(cal, y, 1))
			add += LUNAR_HOLIDAYS;
	if (add == 0)
		return true;
	calendar_entry *v = realloc(cal->entries, (cal->n + add) * sizeof *v);
	if (!v)
		return false;
	cal->entries = v;
	size_t n = cal->n;
	for (int y = from; y <= to; y++) {
		if (calendar_covers(cal, y, 1))
			continue;
		lunar_holiday h[LUNAR_HOLIDAYS];
		lunar_holidays(y, h);
		for (size_t i = 0; i < LUNAR_HOLIDAYS; i++) {
			/* Two holidays on one day (中秋 on 1 October) are one day off. */
			if (n > cal->n && v[n - 1].day == h[i].day)
				continue;
			char *name = strdup(h[i].name);
			if (!name) {
				for (size_t j = cal->n; j < n; j++)
					free(v[j].name);
				return false;
			}
			v[n++] = (calendar_entry){ h[i].day, false, true, false, name };
		}
	}
	cal->n = n;
	qsort(cal->entries, cal->n, sizeof *cal->entries, entry_cmp);
	if (cal->est_max < cal->est_min) {
		cal->est_min = from;
		cal->est_max = to;
	} else {
		cal->est_min = from < cal->est_min ? from : cal->est_min;
		cal->est_max = to > cal->est_max ? to : cal->est_max;
	}
	return true;
}

bool calendar_estimated(const calendar *cal, int y)
{
	return !calendar_covers(cal, y, 1) && y >= cal->est_min && y <= cal->est_max;
}
