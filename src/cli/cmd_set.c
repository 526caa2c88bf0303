/* repdesk set: change fields and attributes of one customer. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "repdesk/db/book.h"
#include "repdesk/db/customers.h"
#include "repdesk/i18n.h"
#include "repdesk/choices.h"
#include "repdesk/custfield.h"

int cmd_set(cli_ctx *ctx, int argc, char **argv)
{
	char *pos[64];
	int npos, rc;
	char uid[UID_BUFSZ], err[512];

	if ((rc = cli_parse("set", argc, argv, NULL, pos, 64, &npos)))
		return rc;
	if (npos < 2)
		return cli_usage_error("set", _("set needs a CUSTOMER and at least one FIELD=VALUE"));
	for (int i = 1; i < npos; i++)
		if (!strchr(pos[i], '=') || pos[i][0] == '=')
			return cli_usage_error("set", _("'%s' is not FIELD=VALUE"), pos[i]);
	if ((rc = cli_open_db(ctx)) || (rc = cli_resolve(ctx, "set", pos[0], uid)))
		return rc;
	db_customer *old = db_customer_load(ctx->d, uid);
	if (!old)
		return cli_fail(STATUS_IOERR, "%s", db_error(ctx->d));

	/* Start from the stored record and write only what was named. */
	db_customer c = *old;
	db_attr attrs[64];
	c.attrs = attrs;
	c.nattrs = 0;
	c.fields = 0;
	for (int i = 1; i < npos; i++) {
		char *eq = strchr(pos[i], '=');
		*eq = '\0';
		const char *field = pos[i], *value = eq + 1;
		custfield_id id = custfield_lookup(field);
		if (id == CUSTFIELD_UID) {
			db_customer_free(old);
			return cli_usage_error("set", _("a customer's uid cannot change"));
		}
		if (id == CUSTFIELD_NONE) {
			attrs[c.nattrs].key = field;
			attrs[c.nattrs].value = value;
			c.nattrs++;
			c.fields |= DB_F_ATTRS;
			continue;
		}
		if (!custfield_set(&c, id, value, err, sizeof err)) {
			db_customer_free(old);
			return cli_fail(STATUS_DATAERR, "%s: %s", _(custfield_fields[id].name), err);
		}
		c.fields |= custfield_fields[id].bit;
	}

	/* The referrer, named or by uid, is stored as its uid. */
	char referrer[UID_BUFSZ];
	db_status rst;
	if ((c.fields & DB_F_REFERRED_BY) &&
	    !custfield_resolve_referrer(ctx->d, &c, referrer, &rst, err, sizeof err)) {
		db_customer_free(old);
		if (rst != DB_OK)
			return cli_fail(STATUS_IOERR, "%s", err);
		return cli_fail(STATUS_DATAERR, "%s: %s", _(custfield_fields[CUSTFIELD_REFERRED_BY].name), err);
	}

	/* An attribute with a choice list takes only its choices. */
	choices ch;
	if (c.nattrs && !choices_load(ctx->d, &ch)) {
		db_customer_free(old);
		return cli_fail(STATUS_IOERR, "%s", db_error(ctx->d));
	}
	for (size_t i = 0; c.nattrs && i < c.nattrs; i++) {
		if (!choices_check(&ch, attrs[i].key, attrs[i].value, err, sizeof err)) {
			choices_free(&ch);
			db_customer_free(old);
			return cli_fail(STATUS_DATAERR, "%s", err);
		}
	}
	if (c.nattrs)
		choices_free(&ch);

	int result = 0;
	db_status st = db_begin(ctx->d);
	if (st == DB_OK)
		st = db_customer_upsert(ctx->d, &c, &result);
	if (st == DB_OK)
		st = db_commit(ctx->d);
	else
		db_rollback(ctx->d);
	if (st != DB_OK) {
		rc = cli_fail(st == DB_INVALID ? STATUS_DATAERR : status_from_db(st), "%s", db_error(ctx->d));
		db_customer_free(old);
		return rc;
	}
	cli_printf(result == 0 ? _("%s: unchanged\n") : _("%s: updated\n"), cli_vis(old->name));
	rc = 0;
	if (result != 0 && (c.fields & DB_F_PAYMENT_DAYS) && c.payment_days != DB_NULL)
		rc = cli_apply_terms(ctx, old->uid);
	db_customer_free(old);
	return rc;
}
