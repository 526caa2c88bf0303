/* repdesk contact add|edit|delete|list: a customer's contacts, each write
 * one transaction. A contact is named by its uid, by CUSTOMER/NAME (a
 * customer as everywhere else, then the contact's name or the start of it
 * among that customer's), or by a name found once in the whole book. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/contactrole.h"
#include "repdesk/db/book.h"
#include "repdesk/db/contacts.h"
#include "repdesk/i18n.h"
#include "repdesk/text.h"

int cli_find_contact(cli_ctx *ctx, const char *cmd, const char *text, char uid[UID_BUFSZ])
{
	db_status st = DB_NOT_FOUND;
	const char *slash = strrchr(text, '/');

	/* CUSTOMER/NAME: the customer part resolved as any customer is. */
	if (slash && slash != text && slash[1]) {
		char *cust = strndup(text, (size_t)(slash - text));
		char cuid[UID_BUFSZ];
		if (!cust)
			return cli_fail(STATUS_IOERR, "%s", _("out of memory"));
		db_status cs = db_customer_resolve(ctx->d, cust, cuid);
		free(cust);
		if (cs == DB_OK)
			st = db_contact_find(ctx->d, cuid, slash + 1, uid);
		else if (cs != DB_NOT_FOUND && cs != DB_AMBIGUOUS)
			return cli_fail(status_from_db(cs), "%s", db_error(ctx->d));
		if (cs == DB_OK && st != DB_NOT_FOUND)
			goto done;
	}
	st = db_contact_find(ctx->d, NULL, text, uid);
done:
	if (st == DB_OK)
		return 0;
	if (st == DB_NOT_FOUND)
		return cli_usage_error(cmd, _("no contact matches '%s' (give a uid, CUSTOMER/NAME, or a "
		                       "name found once in the book)"), text);
	if (st == DB_AMBIGUOUS)
		return cli_usage_error(cmd, _("%s (name it as CUSTOMER/NAME or by uid)"), db_error(ctx->d));
	return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
}

/* The options add and edit share. */
typedef struct {
	const char *role, *phone, *wechat, *note, *cares, *name, *customer;
	bool primary;
} contact_opts;

static int run(cli_ctx *ctx, const char *what, db_status (*fn)(cli_ctx *, void *), void *arg)
{
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = fn(ctx, arg);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	(void)what;
	if (st != DB_OK)
		return cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
	return 0;
}

static db_status do_add(cli_ctx *ctx, void *arg)
{
	return db_contact_add(ctx->d, arg);
}

typedef struct {
	const db_contact *c;
	bool changed;
} update_arg;

static db_status do_update(cli_ctx *ctx, void *arg)
{
	update_arg *u = arg;
	return db_contact_update(ctx->d, u->c, &u->changed);
}

static db_status do_delete(cli_ctx *ctx, void *arg)
{
	return db_contact_delete(ctx->d, arg);
}

/* A role as stored: a known one's key, else the word typed. */
static const char *role_of(const char *typed, char *buf, size_t sz)
{
	return typed ? contact_role_canon(typed, buf, sz) : NULL;
}

static int contact_add(cli_ctx *ctx, int argc, char **argv)
{
	contact_opts o = { 0 };
	char *pos[2], role[256];
	int npos, rc;
	cli_opt opts[] = {
		{ "role", &o.role, NULL }, { "phone", &o.phone, NULL }, { "wechat", &o.wechat, NULL },
		{ "note", &o.note, NULL }, { "cares", &o.cares, NULL }, { "primary", NULL, &o.primary },
		{ NULL, NULL, NULL }
	};

	if ((rc = cli_parse("contact", argc, argv, opts, pos, 2, &npos)))
		return rc;
	if (npos != 2)
		return cli_usage_error("contact", _("contact add needs a CUSTOMER and a NAME"));
	db_contact c = { .name = pos[1], .role = role_of(o.role, role, sizeof role), .phone = o.phone,
	                 .wechat = o.wechat, .note = o.note, .cares = o.cares, .primary = o.primary };
	if ((rc = cli_open_db(ctx)) || (rc = cli_resolve(ctx, "contact", pos[0], c.customer_uid)))
		return rc;
	if ((rc = run(ctx, "add", do_add, &c)))
		return rc;
	cli_printf(c.primary ? _("contact %s added as the primary contact (%s)\n")
	                     : _("contact %s added (%s)\n"), cli_vis(c.name), c.uid);
	return 0;
}

typedef struct {
	db_contact c;
	char *name, *role, *phone, *wechat, *note, *cares;
	bool found;
} held;

static bool hold(const db_contact *c, void *ctx)
{
	held *h = ctx;
	h->c = *c;
	h->name = strdup(c->name);
	h->role = strdup(c->role);
	h->phone = strdup(c->phone);
	h->wechat = strdup(c->wechat);
	h->note = strdup(c->note);
	h->cares = strdup(c->cares);
	h->found = true;
	return false;
}

static void held_free(held *h)
{
	free(h->name);
	free(h->role);
	free(h->phone);
	free(h->wechat);
	free(h->note);
	free(h->cares);
}

static int contact_edit(cli_ctx *ctx, int argc, char **argv)
{
	contact_opts o = { 0 };
	char *pos[1], uid[UID_BUFSZ], role[256];
	int npos, rc;
	cli_opt opts[] = {
		{ "customer", &o.customer, NULL }, { "name", &o.name, NULL }, { "role", &o.role, NULL },
		{ "phone", &o.phone, NULL }, { "wechat", &o.wechat, NULL }, { "note", &o.note, NULL },
		{ "cares", &o.cares, NULL }, { "primary", NULL, &o.primary }, { NULL, NULL, NULL }
	};

	if ((rc = cli_parse("contact", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("contact", _("contact edit needs a CONTACT"));
	if (!o.customer && !o.name && !o.role && !o.phone && !o.wechat && !o.note && !o.cares && !o.primary)
		return cli_usage_error("contact", _("contact edit needs something to change (--name, --role, "
		                       "--phone, --wechat, --note, --cares, --customer or --primary)"));
	if ((rc = cli_open_db(ctx)) || (rc = cli_find_contact(ctx, "contact", pos[0], uid)))
		return rc;
	held h = { 0 };
	db_contact_query q = { .uid = uid };
	db_status st = db_contacts_each(ctx->d, &q, hold, &h);
	if (st == DB_OK && h.found && (!h.name || !h.role || !h.phone || !h.wechat || !h.note || !h.cares))
		st = DB_NOMEM;
	if (st != DB_OK || !h.found) {
		held_free(&h);
		return cli_fail(st == DB_OK ? STATUS_USAGE : status_from_db(st), "%s",
		                st == DB_OK ? _("the contact is gone") : db_error(ctx->d));
	}
	db_contact c = h.c;
	c.name = o.name ? o.name : h.name;
	c.role = o.role ? role_of(o.role, role, sizeof role) : h.role;
	c.phone = o.phone ? o.phone : h.phone;
	c.wechat = o.wechat ? o.wechat : h.wechat;
	c.note = o.note ? o.note : h.note;
	c.cares = o.cares ? o.cares : h.cares;
	c.primary = h.c.primary || o.primary;
	if (o.customer) {
		if ((rc = cli_resolve(ctx, "contact", o.customer, c.customer_uid))) {
			held_free(&h);
			return rc;
		}
		/* Moved elsewhere, it is that customer's primary contact only when
		 * asked to be. */
		if (strcmp(c.customer_uid, h.c.customer_uid) != 0)
			c.primary = o.primary;
	}
	update_arg u = { .c = &c };
	rc = run(ctx, "edit", do_update, &u);
	if (!rc)
		cli_printf(u.changed ? _("contact %s: updated\n") : _("contact %s: unchanged\n"),
		           cli_vis(c.name[0] ? c.name : c.phone));
	held_free(&h);
	return rc;
}

static int contact_delete(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[1], uid[UID_BUFSZ];
	int npos, rc;

	if ((rc = cli_parse("contact", argc, argv, NULL, pos, 1, &npos)))
		return rc;
	if (npos != 1)
		return cli_usage_error("contact", _("contact delete needs a CONTACT"));
	if ((rc = cli_open_db(ctx)) || (rc = cli_find_contact(ctx, "contact", pos[0], uid)))
		return rc;
	if ((rc = run(ctx, "delete", do_delete, uid)))
		return rc;
	cli_printf(_("contact %s deleted\n"), uid);
	return 0;
}

typedef struct {
	long n;
} list_ctx;

static const int list_widths[] = { 18, 10, 10, 14, 12, 1, 24 };

static bool print_contact(const db_contact *c, void *ctx)
{
	list_ctx *l = ctx;
	const char *cells[] = { cli_vis(c->customer_name), cli_vis(c->name), cli_vis(contact_role_known(c->role) ? _(contact_role_name(c->role)) : c->role),
	                        cli_vis(c->phone), cli_vis(c->wechat), c->primary ? "*" : "",
	                        cli_vis(c->cares) };
	const bool right[7] = { false };
	cli_table_row(stdout, cells, list_widths, right, 7);
	l->n++;
	return true;
}

static int contact_list(cli_ctx *ctx, int argc, char **argv)
{
	const char *format = "table";
	char *pos[1], uid[UID_BUFSZ];
	int npos, rc;
	cli_opt opts[] = { { "format", &format, NULL }, { NULL, NULL, NULL } };

	if ((rc = cli_parse("contact", argc, argv, opts, pos, 1, &npos)))
		return rc;
	if (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0)
		return cli_usage_error("contact", _("--format: '%s' is not table or csv"), format);
	if ((rc = cli_open_db(ctx)) || (npos == 1 && (rc = cli_resolve(ctx, "contact", pos[0], uid))))
		return rc;
	if (strcmp(format, "csv") == 0) {
		char err[1024];
		long rows;
		export_opts o = { .customer_uid = npos == 1 ? uid : NULL };
		status_code rs = export_run(ctx->d, TRANSFER_CONTACTS, NULL, &o, &rows, err, sizeof err);
		return rs == STATUS_OK ? 0 : cli_fail(rs, "%s", err);
	}
	const char *head[] = { _("Customer"), _("Name"), _("Role"), _("Phone"), _("WeChat"), "*",
	                       _("Cares about") };
	const bool right[7] = { false };
	cli_table_row(stdout, head, list_widths, right, 7);
	list_ctx l = { 0 };
	db_contact_query q = { .customer_uid = npos == 1 ? uid : NULL };
	db_status st = db_contacts_each(ctx->d, &q, print_contact, &l);
	if (st != DB_OK)
		return cli_fail(status_from_db(st), "%s", db_error(ctx->d));
	char cnt[32];
	cli_printf(ngettext("%s contact\n", "%s contacts\n", (unsigned long)l.n), cli_count(l.n, cnt, sizeof cnt));
	return 0;
}

int cmd_contact(cli_ctx *ctx, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("contact", _("contact needs add, edit, delete or list"));
	const char *sub = argv[1];
	if (strcmp(sub, "add") == 0)
		return contact_add(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "edit") == 0)
		return contact_edit(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "delete") == 0)
		return contact_delete(ctx, argc - 1, argv + 1);
	if (strcmp(sub, "list") == 0)
		return contact_list(ctx, argc - 1, argv + 1);
	return cli_usage_error("contact", _("'%s' is not add, edit, delete or list"), sub);
}

typedef struct {
	long n;
} show_ctx;

static bool show_contact(const db_contact *c, void *ctx)
{
	show_ctx *s = ctx;
	char line[2048];
	size_t len = 0;
	const char *parts[] = { contact_role_known(c->role) ? _(contact_role_name(c->role)) : c->role, c->phone,
	                        c->wechat[0] ? "WeChat" : "", c->wechat };

	if (!s->n++)
		cli_printf("%s\n", _("contacts (* primary; repdesk contact edit|delete CUSTOMER/NAME):"));
	len += (size_t)snprintf(line + len, sizeof line - len, "  %s %s", c->primary ? "*" : " ",
	                        c->name[0] ? c->name : "-");
	for (int i = 0; i < 4; i++)
		if (*parts[i] && len < sizeof line)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s%s",
			                        i == 3 ? " " : " · ", parts[i]);
	if (c->cares[0] && len < sizeof line)
		len += (size_t)snprintf(line + len, sizeof line - len, _(" · cares about: %s"), c->cares);
	if (c->note[0] && len < sizeof line)
		snprintf(line + len, sizeof line - len, " · %s", c->note);
	cli_printf("%s\n", cli_vis(line));
	return true;
}

int cli_show_contacts(cli_ctx *ctx, const char *customer_uid)
{
	show_ctx s = { 0 };
	db_contact_query q = { .customer_uid = customer_uid };
	db_status st = db_contacts_each(ctx->d, &q, show_contact, &s);
	return st == DB_OK ? 0 : cli_fail(status_from_db(st), "%s", db_error(ctx->d));
}
