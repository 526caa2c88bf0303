#ifndef REPDESK_RANK_H
#define REPDESK_RANK_H
/* The ranking rule: customers ordered by attributes in order of weight,
 * each with its levels best first, as a rep types it:
 *   地段=好>一般>差; 配合度=高>中>低; 房量=多>少
 * The first attribute weighs most. A customer's class is its place in that
 * order: the levels of each attribute, then one place for a value that is
 * not among them (or no value), so such customers come after those whose
 * value is listed. Pure: no I/O, no allocation. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RANK_ATTRS_MAX  8       /* attributes in a rule */
#define RANK_LEVELS_MAX 16      /* levels of one attribute */
#define RANK_WORD_MAX   64      /* bytes of an attribute's name or a level */
#define RANK_TEXT_MAX   1024    /* bytes of the rule's text */

typedef struct {
	char name[RANK_WORD_MAX + 1];
	char level[RANK_LEVELS_MAX][RANK_WORD_MAX + 1];
	int nlevels;
} rank_attr;

typedef struct {
	rank_attr attr[RANK_ATTRS_MAX];
	int nattrs;                 /* 0: no rule */
} rank_rule;

/* Parse TEXT (untrusted: a command line, a config file, a bundle): clauses
 * NAME=LEVEL>LEVEL>... separated by ';', spaces around words ignored, empty
 * clauses skipped; text that is empty or only spaces is no rule. Refused,
 * with the reason in ERR and *OUT emptied: text that is not UTF-8 or holds
 * control characters, too long, a clause without '=', an empty name or
 * level, an attribute or a level given twice, too many of either. */
bool rank_parse(const char *text, rank_rule *out, char *err, size_t errsz);
/* The rule as text, "地段=好>一般>差; 配合度=高>中>低"; "" for no rule. */
char *rank_format(const rank_rule *r, char *buf, size_t bufsz);

/* A customer's value of attribute NAME, or NULL when it has none. */
typedef const char *(*rank_value_fn)(const char *name, void *ctx);

/* The number of classes of R (1 for no rule). */
int64_t rank_classes(const rank_rule *r);
/* The class of a customer under R: 1 is the best; values not among an
 * attribute's levels take the place after its last level. 1 for no rule. */
int64_t rank_class(const rank_rule *r, rank_value_fn value, void *ctx);
/* A class as a part of 100: the best 100, the last 0, evenly between. */
int rank_percent(int64_t cls, int64_t classes);

#endif
