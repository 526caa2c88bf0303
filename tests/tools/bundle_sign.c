/* bundle-sign BOOK BUNDLE: sign BUNDLE again with the signing key held in
 * BOOK, through the library's own signing function. Tests edit bundles by
 * hand (an older schema, a rep's other key) and sign them again with this. */
#include <stdio.h>

#include "repdesk/bundlesig.h"
#include "repdesk/db/book.h"

int main(int argc, char **argv)
{
	char err[512];
	db *d = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: bundle-sign BOOK BUNDLE\n");
		return 64;
	}
	if (db_open(argv[1], 0, &d, err, sizeof err) != DB_OK) {
		fprintf(stderr, "bundle-sign: %s\n", err);
		return 66;
	}
	db_status st = bundlesig_sign(d, argv[2]);
	if (st != DB_OK)
		fprintf(stderr, "bundle-sign: %s\n", db_error(d));
	db_close(d);
	return st == DB_OK ? 0 : 65;
}
