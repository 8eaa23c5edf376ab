/*
 * Temporary folders for the unit tests that need files: made under
 * $TMPDIR (or /tmp), their real path returned, and removed with all they
 * hold. Include after defining _XOPEN_SOURCE 700 (nftw(), mkdtemp()).
 */
#ifndef MARCHE_TESTDIR_H
#define MARCHE_TESTDIR_H

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A new empty folder named after what (malloc'd); exits on failure. */
static inline char *
testdir_make(const char *what)
{
	const char	*base = getenv("TMPDIR");
	char		 tmpl[PATH_MAX], real[PATH_MAX], *dir;

	if (base == NULL || *base == '\0')
		base = "/tmp";
	snprintf(tmpl, sizeof(tmpl), "%s/marche-%s-XXXXXX", base, what);
	if ((dir = mkdtemp(tmpl)) == NULL || realpath(dir, real) == NULL) {
		perror("mkdtemp");
		exit(1);
	}
	return strdup(real);
}

static inline int
testdir_rm_one(const char *path, const struct stat *st, int flag,
    struct FTW *f)
{
	(void)st;
	(void)f;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

/* Remove dir and all it holds, and free it. */
static inline void
testdir_remove(char *dir)
{
	nftw(dir, testdir_rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(dir);
}

#endif
