/*
 * The framing shared by the caches marche keeps in the repository's Git
 * folder (history.cache, dating.cache): a 16-byte magic, a format version,
 * a format string (what the entries depend on), the payload's length and
 * its SHA-1 (as a Git blob), then the payload. Such a file is untrusted
 * input: the reader bounds every count and length by the bytes left,
 * and any failed check rejects the whole file. The writer goes through a
 * temporary file renamed into place, so readers see an old file or a
 * new one, never half of one.
 *
 * Layout (integers little-endian):
 *	magic		16 bytes
 *	version		u32
 *	format		u32 length, then its bytes
 *	payload length	u64
 *	checksum	20 bytes: SHA-1 of the payload (as a Git blob)
 *	payload
 * A str in a payload is a u32 length and that many bytes (no NUL).
 */
#ifndef MARCHE_CACHEFILE_H
#define MARCHE_CACHEFILE_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

struct buf;

#define CACHEFILE_HEADER	(16 + 4 + 4 + 8 + 20)	/* and the format */
#define CACHEFILE_MAX_FORMAT	1024

/* A payload being read: every read checks the bytes left first. */
struct cachefile_rd {
	const unsigned char	*p;	/* next byte */
	const unsigned char	*end;	/* past the last */
	int			 bad;	/* a check failed */
};

/* Are n more bytes there? Else the reader goes bad. */
int	 cachefile_need(struct cachefile_rd *r, size_t n);
/* An n-byte little-endian integer (0 once bad). */
uint64_t cachefile_uint(struct cachefile_rd *r, size_t n);
/* A 20-byte object id (zeros once bad). */
void	 cachefile_oid(struct cachefile_rd *r, git_oid *id);
/*
 * A str of at most max bytes with no NUL, and when shown, well-formed
 * UTF-8 without a control character; a string to free, or NULL (bad).
 */
char	*cachefile_str(struct cachefile_rd *r, size_t max, int shown);
/* A u32 count of items taking at least each bytes, bounded by the
 * bytes left. */
size_t	 cachefile_count(struct cachefile_rd *r, size_t each);
/* Is s (n bytes) well-formed UTF-8 with no control character? */
int	 cachefile_shown_text(const char *s, size_t n);

/*
 * The cache file at path (never followed through a symbolic link, a
 * regular file of at most max bytes) when its header carries magic,
 * version and format and its checksum matches: the file's bytes to
 * free, with r set on the payload. NULL when missing or failing any
 * check.
 */
unsigned char *cachefile_open(struct cachefile_rd *r, const char *path,
	    const char magic[16], uint32_t version, const char *format,
	    size_t max);

/* A cache that is a count of entries and the entries, for
 * cachefile_read_all(). */
struct cachefile_entries {
	const char	*magic;		/* its 16 bytes */
	uint32_t	 version;
	size_t		 max_file;	/* bytes of the whole file */
	size_t		 min_entry;	/* bytes an entry takes at least */
	size_t		 max_entries;
	/* Read one entry at r into ctx: 0, or -1 when it is bad (r->bad,
	 * or an entry its writer never writes, such as one twice). */
	int		(*entry)(struct cachefile_rd *r, void *ctx);
};

/*
 * Open the cache at path (cachefile_open()) and read every entry with
 * how->entry, ending exactly at the payload's end. Returns 0, or -1 when
 * it is missing or bad: what the entries kept in ctx is then the
 * caller's to free.
 */
int	cachefile_read_all(const char *path, const char *format,
	    const struct cachefile_entries *how, void *ctx);

/* Append s as a str. */
void	 cachefile_put_str(struct buf *b, const char *s);

/*
 * Write payload to path with the header of magic, version and format,
 * through a temporary file renamed into place (making path's folder when
 * missing). Returns 0, or -1 (nothing changed): a payload that would
 * make the file larger than max is not written.
 */
int	 cachefile_write(const char *path, const char magic[16],
	    uint32_t version, const char *format, const struct buf *payload,
	    size_t max);

/* "<the repository's common Git folder>/marche/NAME", to free, or NULL. */
char	*cachefile_path(git_repository *repo, const char *name);

#endif
