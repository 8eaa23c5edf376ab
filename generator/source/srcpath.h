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

/* The longest path component, in bytes (NAME_MAX on common systems). */
#define SRCPATH_NAME_MAX	255

/*
 * The longest repository-relative path, in bytes: short enough that the
 * same path under any reasonable output folder stays within PATH_MAX.
 */
#define SRCPATH_PATH_MAX	1024

/*
 * The problem with one path component, as a message (a static string),
 * or NULL if it is fine: a name that some system Git runs on could not
 * store, would read as another name, or would read as ".git". Names
 * must be non-empty, at most SRCPATH_NAME_MAX bytes of valid UTF-8, not
 * "." or "..", and hold no control character, slash, backslash, colon or
 * any of < > " | ? *; they may not mean ".git" on Windows or macOS (".GIT",
 * ".git.", ".git ", "git~1", ".git" with zero-width characters), hold
 * default-ignorable (invisible) code points, end in a dot or a space, be
 * a Windows device name (CON, PRN, AUX, NUL, COM0-9, LPT0-9, CONIN$,
 * CONOUT$, with or without an extension), or look like an NTFS short
 * name ("BASE~N").
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
