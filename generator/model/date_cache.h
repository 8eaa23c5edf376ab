/*
 * The dating cache: what comparing an opportunity's committed versions
 * concluded (each step that changed its terms: the changed terms with
 * their values before and after, and the closing date the version before
 * had), kept in the repository's Git folder (marche/dating.cache) by a
 * SHA-1 of the exact sequence of its versions (path, commit and blob of
 * each), so a later check or build does not read and parse old versions
 * of an opportunity whose history did not change. What depends on more
 * than those versions (the time zone each commit's settings had, the
 * commit's subject and trailer, the positions reported, which come from
 * the file as built) is worked out again each time; what the comparison
 * depends on besides (the site's time zone and languages, the program)
 * is in the file's header, and a file with another header is ignored.
 *
 * The file is untrusted input, read as history_cache.h says (magic,
 * version, header, SHA-1 of the payload, bounds on every count, length
 * and depth, known term names, UTF-8 strings): a file that fails any
 * check is ignored as a whole. It is written through a temporary file
 * renamed into place; one that cannot be written is left alone.
 */
#ifndef MARCHE_DATE_CACHE_H
#define MARCHE_DATE_CACHE_H

#include <stddef.h>

struct arena;
struct buf;
struct git_repository;
struct opp_change;

/* One step that changed an opportunity's terms. */
struct dcache_step {
	size_t			 version;  /* index of the version made */
	const char		*closing;  /* the version before's closing
					    * date (a string), or NULL */
	struct opp_change	*changes;  /* in opp_terms_diff()'s order */
	size_t			 nchanges;
};

/* What dating one opportunity's versions concluded. */
struct dcache_entry {
	unsigned char		 key[20];  /* SHA-1 of its versions */
	struct dcache_step	*steps;    /* by version */
	size_t			 nsteps;
	const unsigned char	*raw;	   /* its encoding in the file */
	size_t			 rawlen;
};

struct dcache {
	unsigned char		*data;	   /* the file's bytes */
	struct dcache_entry	*list;	   /* sorted by key */
	size_t			 count;
};

#define DCACHE_MAX_DEPTH	64	/* nesting of a value */


/*
 * Read the file at path into dc (values in arena a), when its header
 * carries format; a language index must be below nlangs. Returns 0, or
 * -1 (dc empty) when missing, unreadable or failing any check.
 */
int	dcache_read(struct dcache *dc, const char *path, const char *format,
	    size_t nlangs, struct arena *a);

/* Decode the entries of a payload (no header): for the fuzz target. */
int	dcache_decode(struct dcache *dc, const unsigned char *p, size_t len,
	    size_t nlangs, struct arena *a);

const struct dcache_entry *dcache_find(const struct dcache *dc,
	    const unsigned char key[20]);

/* Append the encoding of one entry to b. */
void	dcache_put_entry(struct buf *b, const unsigned char key[20],
	    const struct dcache_step *steps, size_t n);

/*
 * Would the len bytes at p, one entry's encoding, be read back? (A value
 * deeper than the bound, or not UTF-8, is not kept: it would make the
 * whole file be ignored.)
 */
int	dcache_entry_ok(const unsigned char *p, size_t len, size_t nlangs);

/*
 * Write count entries to path: entry i is the bytes of all from offs[i]
 * to offs[i + 1], as dcache_put_entry() encoded them. 0 or -1.
 */
int	dcache_write(const char *path, const char *format,
	    const struct buf *all, const size_t *offs, size_t count);

void	dcache_free(struct dcache *dc);

#endif
