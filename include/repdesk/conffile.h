#ifndef REPDESK_CONFFILE_H
#define REPDESK_CONFFILE_H
/* The lines of the config file (~/.config/repdesk/config), read by the
 * command line (language) and the workbench (key bindings): one parser, so
 * both accept the same lines and name the same mistakes. Pure.
 *
 *   # a comment, and blank lines
 *   language = zh_CN          (or "language zh_CN"; en for English)
 *   bind KEY ACTION           (the workbench's keys) */

#include <stddef.h>

typedef enum {
	CONFFILE_BLANK,     /* blank or a comment */
	CONFFILE_LANGUAGE,  /* *arg1: the language */
	CONFFILE_BIND,      /* *arg1: the key, *arg2: the action */
	CONFFILE_UNKNOWN,   /* *arg1: the key nobody reads */
	CONFFILE_BAD,       /* a known key without its values, or with too many */
} conffile_kind;

/* Split LINE (changed in place: words are cut out of it) into what it
 * says. ARG1 and ARG2 point into LINE, or are NULL. */
conffile_kind conffile_line(char *line, const char **arg1, const char **arg2);

/* The keys the file takes, for messages about the others. */
#define CONFFILE_KEYS "language, bind"

#endif
