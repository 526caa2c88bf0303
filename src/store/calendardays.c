/* The book's own holiday schedule (calendar set, calendar import): synced
 * rows of the rep who set each day, carried by bundles like choice lists.
 * A year's schedule is the book's own rep's days of that year when it has
 * any, else, day by day, the newest live day merged from another rep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store_int.h"
#include "repdesk/calendar.h"
#include "repdesk/date.h"
#include "repdesk/db/calendar.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"

/* DAY's own row: the live one, else the last cleared. */
static db_status own_row(db *d, const char *rep, const char *day, int64_t *id, bool *live,
                         char kind[8], char *name, size_t namesz)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT id, deleted, kind, name FROM calendar "
	                                "WHERE day = ?1 AND rep_uid = ?2 "
	                                "ORDER BY deleted, updated_at DESC, id LIMIT 1");
	*id = 0;
	*live = false;
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, day, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, rep, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*live = sqlite3_column_int(s, 1) == 0;
		snprintf(kind, 8, "%s", store_col_text(s, 2));
		snprintf(name, namesz, "%s", store_col_text(s, 3));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? DB_OK
	       : store_fail(d, rc, _("reading the calendar"));
}

static db_status put_day(db *d, const char *rep, const db_calendar_day *e, long *changed)
{
	char day[DATE_BUFSZ], kind[8] = "", name[CALENDAR_NAME_MAX + 8] = "", uid[UID_BUFSZ];
	const char *want = e->work ? "work" : "off", *stamp;
	int64_t id;
	bool live;
	db_status st;

	date_format(e->day, day);
	if ((st = own_row(d, rep, day, &id, &live, kind, name, sizeof name)) != DB_OK)
		return st;
	if (live && strcmp(kind, want) == 0 && strcmp(name, e->name) == 0)
		return DB_OK;     /* as it is: no new stamp */
	if (!(stamp = store_stamp(d)))
		return d->last;
	sqlite3_stmt *s;
	if (id) {
		s = store_prepare(d, "UPDATE calendar SET kind = ?2, name = ?4, deleted = 0, "
		                  STORE_REBASE("3") ", updated_at = ?3 WHERE id = ?1");
		if (s)
			sqlite3_bind_int64(s, 1, id);
	} else {
		s = store_prepare(d, "INSERT INTO calendar(uid, rep_uid, day, kind, name, updated_at) "
		                  "VALUES (?5, ?6, ?1, ?2, ?4, ?3)");
		if (s) {
			store_new_uid(d, uid);
			sqlite3_bind_text(s, 1, day, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 5, uid, -1, SQLITE_TRANSIENT);
			sqlite3_bind_text(s, 6, rep, -1, SQLITE_STATIC);
		}
	}
	if (!s)
		return d->last;
	sqlite3_bind_text(s, 2, want, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, stamp, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, e->name, -1, SQLITE_STATIC);
	st = store_step_done(d, s, _("saving the calendar"));
	sqlite3_finalize(s);
	if (st == DB_OK && changed)
		++*changed;
	return st;
}

/* Tombstone the book's own live days from FROM to TO (ISO days) that KEEP
 * (sorted, N) lacks. */
static db_status clear_days(db *d, const char *rep, const char *from, const char *to,
                            const db_calendar_day *keep, size_t n, long *changed)
{
	sqlite3_stmt *s = store_prepare(d, "SELECT id, day FROM calendar WHERE rep_uid = ?1 AND "
	                                "deleted = 0 AND day BETWEEN ?2 AND ?3 ORDER BY day");
	int64_t *ids = NULL;
	size_t nids = 0, cap = 0;
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, from, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, to, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		date_day day;
		bool kept = false;
		if (date_parse(store_col_text(s, 1), &day)) {
			size_t lo = 0, hi = n;
			while (lo < hi && !kept) {
				size_t mid = lo + (hi - lo) / 2;
				if (keep[mid].day == day)
					kept = true;
				else if (keep[mid].day < day)
					lo = mid + 1;
				else
					hi = mid;
			}
		}
		if (kept)
			continue;
		if (nids == cap) {
			size_t ncap = cap ? cap * 2 : 16;
			int64_t *grown = realloc(ids, ncap * sizeof *grown);
			if (!grown) {
				sqlite3_finalize(s);
				free(ids);
				return store_err(d, DB_NOMEM, _("out of memory"));
			}
			ids = grown;
			cap = ncap;
		}
		ids[nids++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(ids);
		return store_fail(d, rc, _("reading the calendar"));
	}
	db_status st = DB_OK;
	const char *stamp = nids ? store_stamp(d) : NULL;
	if (nids && !stamp)
		st = d->last;
	for (size_t i = 0; i < nids && st == DB_OK; i++) {
		if (!(s = store_prepare(d, "UPDATE calendar SET deleted = 1, " STORE_REBASE("2") ", "
		                        "updated_at = ?2 WHERE id = ?1"))) {
			st = d->last;
			break;
		}
		sqlite3_bind_int64(s, 1, ids[i]);
		sqlite3_bind_text(s, 2, stamp, -1, SQLITE_STATIC);
		st = store_step_done(d, s, _("clearing a calendar day"));
		sqlite3_finalize(s);
		if (st == DB_OK && changed)
			++*changed;
	}
	free(ids);
	return st;
}

db_status db_calendar_write(db *d, const db_calendar_day *days, size_t n, const int *clear,
                            size_t nclear, int replace_from, int replace_to, long *changed)
{
	char rep[UID_BUFSZ], clean[160];
	const char *why;
	bool own;
	db_status st;

	if (changed)
		*changed = 0;
	/* Held to what a bundle's day must be: what one book writes, another
	 * must be able to merge. */
	for (size_t i = 0; i < n; i++)
		if ((why = calendar_name_check(days[i].name, strlen(days[i].name))))
			return store_err(d, DB_INVALID, _("the name '%s' is refused: %s"),
			                 text_sanitize(days[i].name, clean, sizeof clean), _(why));
	if ((st = store_tx_enter(d, &own)) != DB_OK)
		return st;
	st = store_rep_uid(d, rep);
	if (st == DB_OK && replace_from && replace_from <= replace_to) {
		char from[DATE_BUFSZ], to[DATE_BUFSZ];
		date_format(date_from_ymd(replace_from, 1, 1), from);
		date_format(date_from_ymd(replace_to, 12, 31), to);
		st = clear_days(d, rep, from, to, days, n, changed);
	}
	for (size_t i = 0; i < nclear && st == DB_OK; i++) {
		char day[DATE_BUFSZ];
		date_format(clear[i], day);
		st = clear_days(d, rep, day, day, NULL, 0, changed);
	}
	for (size_t i = 0; i < n && st == DB_OK; i++)
		st = put_day(d, rep, &days[i], changed);
	return store_tx_leave(d, own, st);
}

/* A live day read, before the years are decided. */
typedef struct {
	db_calendar_day e;
	int year;
	bool mine;
	char *name, *rep;
} live_day;

db_status db_calendar_each(db *d, db_calendar_fn fn, void *ctx)
{
	char rep[UID_BUFSZ];
	db_status st = store_rep_uid(d, rep);

	if (st != DB_OK)
		return st;
	/* By day: the book's own row first, then the newest. */
	sqlite3_stmt *s = store_prepare(d, "SELECT c.day, c.kind, c.name, c.rep_uid = ?1, "
	                                "coalesce(r.name, '') FROM calendar c "
	                                "LEFT JOIN reps r ON r.uid = c.rep_uid WHERE c.deleted = 0 "
	                                "ORDER BY c.day, c.rep_uid = ?1 DESC, c.updated_at DESC, c.id");
	live_day *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (!s)
		return d->last;
	sqlite3_bind_text(s, 1, rep, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		date_day day;
		if (!date_parse(store_col_text(s, 0), &day))
			continue;     /* the CHECK keeps the form; not a real day: never used */
		if (n && v[n - 1].e.day == day)
			continue;     /* the day's first is the one */
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			live_day *grown = realloc(v, ncap * sizeof *grown);
			if (!grown)
				break;
			v = grown;
			cap = ncap;
		}
		live_day *l = &v[n];
		int y, m, dd;
		date_to_ymd(day, &y, &m, &dd);
		l->e.day = day;
		l->e.work = strcmp(store_col_text(s, 1), "work") == 0;
		l->year = y;
		l->mine = sqlite3_column_int(s, 3) != 0;
		l->name = strdup(store_col_text(s, 2));
		l->rep = strdup(l->mine ? "" : store_col_text(s, 4));
		l->e.name = l->name;
		n++;
		if (!l->name || !l->rep)
			break;
	}
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		st = store_err(d, DB_NOMEM, _("out of memory"));
	else if (rc != SQLITE_DONE)
		st = store_fail(d, rc, _("reading the calendar"));
	/* A year where the book's rep set any day is that rep's alone. */
	bool y0 = false;
	for (size_t i = 0; st == DB_OK && i < n; i++) {
		if (i == 0 || v[i].year != v[i - 1].year) {
			bool mine = false;
			for (size_t k = i; k < n && v[k].year == v[i].year && !mine; k++)
				mine = v[k].mine;
			y0 = mine;
		}
		if (y0 && !v[i].mine)
			continue;
		if (!fn(&v[i].e, v[i].rep, ctx))
			break;
	}
	for (size_t i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].rep);
	}
	free(v);
	return st;
}
