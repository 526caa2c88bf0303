/* The workbench's side texts as lines the UI draws as they are (a
 * customer's file, the plan, the team: each built by its screen's file);
 * columns are padded by display width, so CJK stays aligned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "repdesk/money.h"
#include "repdesk/text.h"
#include "wb_int.h"

void wb_text_add(wb_text *L, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (L->nomem)
		return;
	if (L->n == L->cap) {
		int cap = L->cap ? L->cap * 2 : 64;
		char **v = realloc(L->v, (size_t)cap * sizeof *v);
		if (!v) {
			L->nomem = true;
			return;
		}
		L->v = v;
		L->cap = cap;
	}
	if (!(L->v[L->n] = strdup(buf)))
		L->nomem = true;
	else
		L->n++;
}

/* ("monthly_amount" reads "monthly amount".) */
void wb_text_field(wb_text *L, const char *label, const char *value, int width)
{
	char cell[256], words[128];

	if (!value || !*value)
		return;
	snprintf(words, sizeof words, "%s", label);
	for (char *p = words; *p; p++)
		if (*p == '_')
			*p = ' ';
	wb_text_add(L, "%s %s", text_fit(words, width, false, cell, sizeof cell), value);
}

void wb_text_free(wb_text *L)
{
	for (int i = 0; i < L->n; i++)
		free(L->v[i]);
	free(L->v);
	memset(L, 0, sizeof *L);
}

void wb_text_show(wb *w, wb_text *L)
{
	wb_lines_free(w);
	w->lines = L->v;
	w->nlines = L->n;
	w->ltop = 0;
}

const char *wb_yuan(int64_t fen, char *buf)
{
	return money_format_yuan(fen, buf, MONEY_BUFSZ);
}

void wb_side_update(wb *w)
{
	const wb_screen_ops *o = wb_ops(w);

	if (o->side)
		o->side(w);
}
