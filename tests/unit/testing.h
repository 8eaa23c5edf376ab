/*
 * A few macros for unit test programs: each check counts as passed or
 * failed, failures say where and what, and test_finish() prints the
 * "N passed, N failed" line and gives the exit status.
 */
#ifndef MARCHE_TESTING_H
#define MARCHE_TESTING_H

#include <stdio.h>
#include <string.h>

#include "buf.h"

/* Checks passed and failed so far in this program. */
static int test_passed, test_failed;

/*
 * Count one check, which holds if ok is non-zero; a failure prints
 * "FAIL file:line: what". Returns 1 if it held, else 0, so that a check
 * can guard what follows it or print more about a failure. Helpers that
 * check for their caller pass the caller's line.
 */
static inline int
test_check(int ok, const char *what, const char *file, int line)
{
	if (ok) {
		test_passed++;
		return 1;
	}
	test_failed++;
	printf("FAIL %s:%d: %s\n", file, line, what);
	return 0;
}

/* Check cond, named by its own text; an expression worth 1 or 0. */
#define CHECK(cond)	test_check((cond) ? 1 : 0, #cond, __FILE__, __LINE__)

#define CHECK_STR(got, want) do {					\
	const char *g_ = (got), *w_ = (want);				\
	if (g_ != NULL && w_ != NULL && strcmp(g_, w_) == 0) {		\
		test_passed++;						\
	} else {							\
		test_failed++;						\
		printf("FAIL %s:%d: %s\n  got:  %s\n  want: %s\n",	\
		    __FILE__, __LINE__, #got, g_ ? g_ : "(null)",	\
		    w_ ? w_ : "(null)");				\
	}								\
} while (0)

/*
 * Replace the content of b with the whole file at path. Returns 0 (b's
 * data is then never NULL), or -1 if the file cannot be opened (b empty).
 */
static inline int
test_slurp(struct buf *b, const char *path)
{
	FILE	*fp = fopen(path, "rb");
	char	 chunk[8192];
	size_t	 n;

	buf_reset(b);
	if (fp == NULL)
		return -1;
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		buf_put(b, chunk, n);
	fclose(fp);
	buf_cstr(b);
	return 0;
}

static inline int
test_finish(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed != 0 || test_passed == 0;
}

#endif
