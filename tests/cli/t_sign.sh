# Who made a bundle: each book's signing key, signed bundles, and the keys a
# lead pins. Bundles edited by hand, flipped bits in their rows, unsigned
# bundles and another rep's key are refused with the lead's book unchanged;
# the secret key never leaves the rep's book.
REPDESK_SIGN=${REPDESK_SIGN:-build/bundle-sign}
case $REPDESK_SIGN in /*) ;; *) REPDESK_SIGN=$(pwd)/$REPDESK_SIGN ;; esac
. tests/cli/lib.sh

if ! command -v sqlite3 >/dev/null; then
	echo "t_sign: needs the sqlite3 shell" >&2
	_bad "the sqlite3 shell is missing"
	finish
	exit
fi

# flip FILE TEXT: change one byte inside every copy of TEXT in FILE (a bit
# flip in row data, as a bad disk or a hand with a hex editor makes it).
flip() {
	for off in $(grep -obaF "$2" "$1" | cut -d: -f1); do
		printf 'Z' | dd of="$1" bs=1 seek=$((off + ${#2} - 1)) conv=notrunc 2>/dev/null
	done
}
# The lead's book as CSV, to show a refused bundle changed nothing.
lead_state() {
	"$BIN" --db "$T/lead.db" export customers --out "$T/lead-c.csv" 2>/dev/null
	"$BIN" --db "$T/lead.db" team report --format csv 2>/dev/null >>"$T/lead-c.csv"
	sqlite3 "$T/lead.db" "SELECT * FROM team_keys ORDER BY rep_uid" </dev/null >>"$T/lead-c.csv"
	cat "$T/lead-c.csv"
}

# Two reps' books.
for r in A B; do
	DB="$T/$r.db"
	rd init --rep "$r" --group G1; expect_rc 0 "init $r"
	printf 'uid,name,notes\n%s-1,%s one,marker%s1note\n%s-2,%s two,marker%s2note\n' \
		"$r" "$r" "$r" "$r" "$r" "$r" >"$T/c.csv"
	rd import customers "$T/c.csv"; expect_rc 0 "customers of $r"
	rd log call "$r-1" --outcome effective --note "call of $r"; expect_rc 0 "a call of $r"
done
expect_eq "$(sqlite3 "$T/A.db" "SELECT count(*) FROM signing_key" </dev/null)" 1 "init makes a signing key"
seed=$(sqlite3 "$T/A.db" "SELECT lower(hex(substr(secret_key, 1, 32))) FROM signing_key" </dev/null)
expect_eq "${#seed}" 64 "the secret seed is there"

DB="$T/A.db"
rd team trust; expect_rc 0 "a rep's own key"
expect_out "This book's signing key: SHA256:" "the book's own fingerprint"
own_a=$(sed -n 's/^This book.s signing key: //p' "$T/out")
expect_eq "$(printf '%s' "$own_a" | grep -c '^SHA256:[A-Za-z0-9+/]\{43\}$')" 1 "an ssh-style fingerprint"
if grep -qi "$seed" "$T/out" "$T/err"; then _bad "team trust shows the secret key"; else _ok; fi
rd export bundle --out "$T/A.bundle"; expect_rc 0 "A's bundle"
DB="$T/B.db"
rd export bundle --out "$T/B.bundle"; expect_rc 0 "B's bundle"

# The bundle: a plain SQLite file with the book's tables and one signature,
# and not a byte of the secret key, raw or as text.
expect_eq "$(sqlite3 "$T/A.bundle" "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name
	IN ('customers', 'orders', 'reps', 'groups', 'bundle_signature')" </dev/null)" 5 "the bundle's tables"
expect_eq "$(sqlite3 "$T/A.bundle" "SELECT count(*) FROM sqlite_schema WHERE name = 'signing_key'" \
	</dev/null)" 0 "no key table in the bundle"
expect_eq "$(sqlite3 "$T/A.bundle" "SELECT algorithm, rep_uid = (SELECT value FROM settings WHERE
	key = 'rep_uid'), length(public_key), length(digest), length(signature) FROM bundle_signature" \
	</dev/null)" "ed25519|1|64|64|128" "one signature row, hex"
if od -An -tx1 -v "$T/A.bundle" | tr -d ' \n' | grep -q "$seed"; then
	_bad "the bundle holds the secret key's bytes"
else
	_ok
fi
if grep -qai "$seed" "$T/A.bundle"; then _bad "the bundle holds the secret key as text"; else _ok; fi

# The lead pins each rep's key on first contact, ssh-style.
DB="$T/lead.db"
rd init --rep Lead --group Leads
rd team add "$T/A.bundle"; expect_rc 0 "A's first bundle"
expect_out "A (G1): new signing key $own_a pinned" "A's key pinned, its fingerprint shown"
rd team trust; expect_rc 0 "the pinned keys"
expect_out "A (G1): $own_a, pinned 2026-11-27" "A listed with the fingerprint"
expect_no_out "B (G1)" "B not pinned yet"

# A flipped byte in a row's text, or in a uid everywhere it is written,
# merged silently before: now the signature does not match.
before=$(lead_state)
cp "$T/A.bundle" "$T/flip1.bundle"
flip "$T/flip1.bundle" "markerA2note"
expect_eq "$(sqlite3 "$T/flip1.bundle" "SELECT notes FROM customers WHERE uid = 'A-2'" </dev/null)" \
	"markerA2notZ" "the flip landed in the row"
rd team add "$T/flip1.bundle"; expect_rc 65 "a bit flip in a note"
expect_err "flip1.bundle: the signature does not match its content" "the flip is named"
cp "$T/A.bundle" "$T/flip2.bundle"
flip "$T/flip2.bundle" "A-2"
rd team add "$T/flip2.bundle"; expect_rc 65 "a bit flip in a uid"
expect_err "the signature does not match its content" "the uid flip is named"
# Edited with the sqlite3 shell and not signed again.
cp "$T/A.bundle" "$T/edit.bundle"
sqlite3 "$T/edit.bundle" "UPDATE calls SET note = 'edited', base_at = updated_at,
	updated_at = substr(updated_at, 1, 24) || '.999998.0000beef' WHERE customer_uid = 'A-1'" </dev/null
rd team add "$T/edit.bundle"; expect_rc 65 "an edited bundle"
expect_err "the signature does not match its content" "the edit is named"
# An unsigned bundle, as an older repdesk made it.
cp "$T/A.bundle" "$T/unsigned.bundle"
sqlite3 "$T/unsigned.bundle" "DROP TABLE bundle_signature" </dev/null
rd team add "$T/unsigned.bundle"; expect_rc 65 "an unsigned bundle"
expect_err "the bundle is not signed" "unsigned named"
expect_err "export it again with this version" "the way out"
# Its signature row claiming another rep.
cp "$T/A.bundle" "$T/who.bundle"
sqlite3 "$T/who.bundle" "UPDATE bundle_signature SET rep_uid = 'someone-else'" </dev/null
rd team add "$T/who.bundle"; expect_rc 65 "a signature for another rep"
expect_eq "$(lead_state)" "$before" "refused bundles changed nothing"

# Edited, then signed again with the rep's own key: accepted.
sign_bundle "$T/A.db" "$T/edit.bundle"
rd team add "$T/edit.bundle"; expect_rc 0 "edited and signed again by A"
expect_out "calls      0 added, 1 updated" "the edit merged"
expect_no_out "new signing key" "the same key: nothing pinned"

# A's bundle signed with B's key: A's key is pinned, so it is refused,
# naming both keys and the way out.
DB="$T/B.db"
rd team trust; own_b=$(sed -n 's/^This book.s signing key: //p' "$T/out")
expect_eq "$(printf '%s' "$own_b" | grep -c '^SHA256:')" 1 "B's fingerprint"
if [ "$own_a" = "$own_b" ]; then _bad "two books share a key"; else _ok; fi
cp "$T/A.bundle" "$T/other.bundle"
sqlite3 "$T/other.bundle" "UPDATE calls SET note = 'by B', base_at = updated_at,
	updated_at = substr(updated_at, 1, 24) || '.999999.0000beef' WHERE customer_uid = 'A-1'" </dev/null
sign_bundle "$T/B.db" "$T/other.bundle"
DB="$T/lead.db"
before=$(lead_state)
rd team add "$T/other.bundle"; expect_rc 65 "A's bundle signed by B's key"
expect_err "$own_a" "the pinned key named"
expect_err "$own_b" "the bundle's key named"
expect_err "repdesk team trust A --reset" "the way out named"
expect_eq "$(lead_state)" "$before" "another key changed nothing"

# After A reinstalled: the lead forgets A's key; the next bundle pins again.
rd team trust Nobody --reset; expect_rc 64 "no such pinned rep"
rd team trust A; expect_rc 64 "trust REP needs --reset"
rd team trust A --reset; expect_rc 0 "forget A's key"
rd team trust; expect_no_out "A (G1)" "A no longer pinned"
rd team add "$T/other.bundle"; expect_rc 0 "A's new key"
expect_out "A (G1): new signing key $own_b pinned" "the new key pinned"
expect_out "calls      0 added, 1 updated" "and the bundle merged"
DB="$T/A.db"
rd log call A-2 --outcome effective; expect_rc 0 "A works on"
rd export bundle --out "$T/A2.bundle"; expect_rc 0 "A's next bundle, with the old key"
DB="$T/lead.db"
rd team add "$T/A2.bundle"; expect_rc 65 "A's old key now refused"

# B's own bundle pins B's key; adding it again is recognised.
rd team add "$T/B.bundle"; expect_rc 0 "B's bundle"
expect_out "B (G1): new signing key $own_b pinned" "B pinned"
rd team add "$T/B.bundle"; expect_rc 0 "B again"
expect_out "nothing new" "B recognised"

# A book made before keys gets one on first use, and its bundle is signed.
DB="$T/A.db"
sqlite3 "$T/A.db" "DELETE FROM signing_key" </dev/null
rd export bundle --out "$T/A-new.bundle"; expect_rc 0 "a bundle from a book without a key"
expect_eq "$(sqlite3 "$T/A.db" "SELECT count(*) FROM signing_key" </dev/null)" 1 "the key made on first use"
expect_eq "$(sqlite3 "$T/A-new.bundle" "SELECT count(*) FROM bundle_signature" </dev/null)" 1 "and it signed"

finish
