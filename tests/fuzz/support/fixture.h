/*
 * Shared by the fuzz targets that need a whole site: the base site of the
 * check fixtures (tests/check/_base), read once from disk into memory and
 * loaded as a build loads it, and sources made of a few files.
 */
#ifndef MARCHE_FUZZ_FIXTURE_H
#define MARCHE_FUZZ_FIXTURE_H
#include <stddef.h>

#include "layout.h"
#include "site.h"
#include "source.h"

/* The moment the fixtures are checked at: 2026-01-15T12:00:00Z. */
#define FIXTURE_NOW	1768478400LL

struct fixture {
	struct source	*src;		/* every file of the base site */
	struct site	 site;		/* its settings and data */
	struct layouts	 layouts;	/* its layouts (they keep src) */
};

/* The base site, loaded on first use; aborts if it cannot be, since no
 * input can then be judged. */
const struct fixture *fixture_get(void);

/*
 * A new source holding copies of the base files whose path starts with
 * one of prefixes (NULL-ended; NULL: none), then path with len bytes of
 * data (path NULL: nothing), replacing a base file of that name. Sorted
 * as source_open sorts. Free with source_free().
 */
struct source *fixture_source(const char *const *prefixes, const char *path,
	    const char *data, size_t len);

/* Print d in every format to /dev/null, so the printers and escaping see
 * what the input made; d's sources must still be alive. With
 * MARCHE_FUZZ_PRINT set in the environment, the text goes to stderr (to
 * read what an input does). */
struct diags;
void	fixture_print(struct diags *d);

#endif
