/* The customer form's attributes with a choice list (config choices): a
 * field each, picked with Space or the arrows, and the check that every
 * attribute the form saves holds one of its choices. */
#include <stdio.h>
#include <string.h>

#include "repdesk/choices.h"
#include "repdesk/i18n.h"
#include "wb_int.h"

/* The value C has for attribute KEY, or "". */
static const char *attr_value(const db_customer *c, const char *key)
{
	for (size_t i = 0; c && i < c->nattrs; i++)
		if (strcmp(c->attrs[i].key, key) == 0)
			return c->attrs[i].value;
	return "";
}

/* A field for each attribute with a choice list (as many as fit), with C's
 * value: picked with Space or the arrows, not typed. */
void wb_form_choice_fields(wb *w, const db_customer *c)
{
	wb_ask *a = &w->ask;
	choices ch;

	if (!choices_load(w->d, &ch))
		return;
	for (size_t i = 0; i < ch.n && a->nfields < WB_FORM_MAX - 1; i++) {
		if (strlen(ch.list[i]) >= sizeof a->fields[0].choices ||
		    strlen(ch.attr[i]) >= sizeof a->fields[0].attr)
			continue;
		wb_form_field *f = &a->fields[a->nfields++];
		f->field = CUSTFIELD_NONE;
		snprintf(f->attr, sizeof f->attr, "%s", ch.attr[i]);
		snprintf(f->choices, sizeof f->choices, "%s", ch.list[i]);
		f->label = f->attr;
		f->partial = !wb_line_set(&f->line, attr_value(c, ch.attr[i]));
	}
	choices_free(&ch);
}

/* Whether the form has a field of its own for attribute KEY. */
bool wb_form_has_attr(const wb_ask *a, const char *key)
{
	for (int i = 0; i < a->nfields; i++)
		if (a->fields[i].attr[0] && strcmp(a->fields[i].attr, key) == 0)
			return true;
	return false;
}

/* Every attribute with a choice list holds one of its choices (the
 * attributes line may name one too); else the form says which, there. */
bool wb_form_choices_ok(wb *w, const db_attr *attrs, size_t n)
{
	choices ch;
	bool ok = true;

	if (!choices_load(w->d, &ch)) {
		snprintf(w->ask.error, sizeof w->ask.error, "%s", db_error(w->d));
		return false;
	}
	for (size_t i = 0; ok && i < n; i++) {
		ok = choices_check(&ch, attrs[i].key, attrs[i].value, w->ask.error, sizeof w->ask.error);
		/* The cursor to the attribute's own field, else the attributes line. */
		for (int k = 0; !ok && k < w->ask.nfields; k++) {
			const wb_form_field *f = &w->ask.fields[k];
			if (f->field == CUSTFIELD_NONE && (!f->attr[0] || strcmp(f->attr, attrs[i].key) == 0))
				w->ask.cur = k;
			if (f->attr[0] && strcmp(f->attr, attrs[i].key) == 0)
				break;
		}
	}
	choices_free(&ch);
	return ok;
}

/* A field with a choice list: Space or → takes the next choice, ← the one
 * before, Backspace or Delete none; what is typed is not taken. */
int wb_form_choice_key(wb *w, wb_form_field *f, wb_key k)
{
	char v[WB_LINE_MAX], shown[WB_FORM_CHOICES_MAX * 2];

	w->ask.error[0] = '\0';
	w->ask.confirm = false;
	if (k.kind == WB_K_RIGHT || (k.kind == WB_K_CHAR && k.ch == ' '))
		choices_step(f->choices, f->line.text, 1, v, sizeof v);
	else if (k.kind == WB_K_LEFT)
		choices_step(f->choices, f->line.text, -1, v, sizeof v);
	else if (k.kind == WB_K_BACKSPACE || k.kind == WB_K_DELETE)
		v[0] = '\0';
	else if (k.kind == WB_K_CHAR) {
		snprintf(w->ask.error, sizeof w->ask.error, _("%s: Space or ←/→ picks one of %s"),
		         f->attr, choices_shown(f->choices, shown, sizeof shown));
		return WB_REACT_REDRAW;
	} else {
		return WB_REACT_NONE;
	}
	wb_line_set(&f->line, v);
	return WB_REACT_REDRAW;
}
