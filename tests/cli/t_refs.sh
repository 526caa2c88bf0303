#!/bin/sh
# A bundle's activity rows must refer to rows the bundle holds: a payment's
# order and every kind's customer (the references the registry's columns
# name), while a payment without an order is fine.
. tests/cli/lib.sh

command -v sqlite3 >/dev/null || { echo "t_refs: needs the sqlite3 shell" >&2; exit 1; }
edit() { sqlite3 "$1" "DROP TRIGGER IF EXISTS customers_fts_ai; DROP TRIGGER IF EXISTS customers_fts_ad;
	DROP TRIGGER IF EXISTS customers_fts_au; $2" </dev/null; }

X="$T/X.db"
DB=$X
rd init --rep X --group G; expect_rc 0 "init X"
printf 'uid,name,phone\nX-1,x one,1\n' >"$T/c.csv"
rd import customers "$T/c.csv"; expect_rc 0 "a customer"
rd log order X-1 5000 --date 2026-11-20; expect_rc 0 "an order"
order=$(sqlite3 "$X" "SELECT uid FROM orders" </dev/null)
rd log payment X-1 3000 --order "$order" --date 2026-11-21; expect_rc 0 "a payment for it"
rd log visit X-1 --place Office --date 2026-11-22; expect_rc 0 "a visit"
rd export bundle --out "$T/X.bundle"; expect_rc 0 "the bundle"

DB="$T/lead.db"
rd init --rep Lead --group Leads; expect_rc 0 "init the lead"
try() {
	cp "$T/X.bundle" "$T/$1.bundle"
	edit "$T/$1.bundle" "$2"
	sign_bundle "$X" "$T/$1.bundle"
	rd team add "$T/$1.bundle"
}
try order "UPDATE payments SET order_uid = 'nope'"
expect_rc 65 "a payment for an order not in the bundle: refused"
expect_err "table payments, row" "the payment named"
expect_err "what it refers to is not in the bundle" "the reason"
try visit "UPDATE visits SET customer_uid = 'nope'"
expect_rc 65 "a visit of a customer not in the bundle: refused"
expect_err "table visits, row" "the visit named"
# A visit's own values, edited by hand and signed again, are held to the
# rules of `log visit`: refused whole, the lead's book untouched.
before=$(sqlite3 "$DB" "SELECT count(*) FROM visits" </dev/null)
try badtime "PRAGMA ignore_check_constraints = ON; UPDATE visits SET time = '29:30'"
expect_rc 65 "a visit at 29:30: refused"
expect_err "table visits, row" "the visit named"
try badoutcome "PRAGMA ignore_check_constraints = ON; UPDATE visits SET outcome = 'met'"
expect_rc 65 "a visit with an unknown outcome: refused"
try badplace "PRAGMA ignore_check_constraints = ON; UPDATE visits SET place = 'Office' || char(27) || '[2J'"
expect_rc 65 "a place with an escape sequence: refused"
expect_eq "$(sqlite3 "$DB" "SELECT count(*) FROM visits" </dev/null)" "$before" \
	"nothing of the refused bundles merged"
try free "UPDATE payments SET order_uid = NULL"
expect_rc 0 "a payment for no order in particular: merged"
expect_out "payments   1 added" "the payment added"

finish
