/*
 * The rules for the names of source paths, apart from how they are read:
 * which path components are refused, how a path is shown in a message
 * when it may hold any byte, and the key under which two names collide
 * on a case-insensitive or normalising file system (through ICU).
 */
#ifndef MARCHE_SRCPATH_H
#define MARCHE_SRCPATH_H

#include <stdint.h>

/* A name's collision key: equal keys, same file on some systems. */
struct srcpath_key {
	uint16_t	*units;	/* UTF-16 code units (malloc'd), or NULL */
	int32_t		 len;	/* code units in units */
};

/*
 * A copy of path that is safe to print: control characters and bytes that
 * are not valid UTF-8 are written as \xNN. Never NULL; free() it.
 */
char	*srcpath_display(const char *path);

/*
 * The problem with one path component, as a message (a static string),
 * or NULL if it is fine. Names must be non-empty, valid UTF-8, not "." or
 * "..", not ".git" in any case, and hold no control character, backslash
 * or colon.
 */
const char *srcpath_name_problem(const char *name);

/*
 * Set *out to the key of name, NFD(fold(NFD(name))): Unicode's canonical
 * caseless match. Returns 0 (free the key with srcpath_key_free()), or -1
 * if ICU could not convert the name (out->units NULL, nothing to free).
 */
int	srcpath_key_make(struct srcpath_key *out, const char *name);

/* Order two keys by code unit: <0, 0 (the names collide) or >0. */
int	srcpath_key_cmp(const struct srcpath_key *a,
	    const struct srcpath_key *b);

/* Free k's code units and clear it; k->units may be NULL. */
void	srcpath_key_free(struct srcpath_key *k);

#endif
