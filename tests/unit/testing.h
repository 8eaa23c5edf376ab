/*
 * A few macros for unit test programs: each check counts as passed or
 * failed, failures say where and what, and test_finish() prints the
 * "N passed, N failed" line and gives the exit status.
 */
#ifndef MARCHE_TESTING_H
#define MARCHE_TESTING_H

#include <stdio.h>
#include <string.h>

static int test_passed, test_failed;

#define CHECK(cond) do {						\
	if (cond) {							\
		test_passed++;						\
	} else {							\
		test_failed++;						\
		printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);	\
	}								\
} while (0)

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

static inline int
test_finish(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed != 0 || test_passed == 0;
}

#endif
