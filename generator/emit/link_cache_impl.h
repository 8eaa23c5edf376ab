/*
 * Shared by link_cache.c (the entries and the file) and link_cache_key.c
 * (the keys). Not part of the interface.
 */
#ifndef MARCHE_LINK_CACHE_IMPL_H
#define MARCHE_LINK_CACHE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "link_cache.h"

struct arena;
struct buf;
struct links;
struct opp_order;
struct opportunity;
struct pages;
struct site;
struct source;

/*
 * A link of a page as the link check notes it (from is the page), in 16
 * bytes: a cold check puts some 800,000 of them at 10,000 opportunities.
 * Its strings are the cache's, by number (link_cache.all).
 */
struct lcache_ref {
	uint32_t	 src;
	uint32_t	 url;
	int32_t		 line;
	int32_t		 col;
};

struct lcache_entry {
	unsigned char		 key[LCACHE_KEY];
	uint32_t		 html_len;
	struct lcache_ref	*refs;	/* in the cache's arena */
	uint32_t		 nrefs;
	int			 used;	/* taken or put in this run */
};

/*
 * A string the cache holds, and its copy in the link set pages were last
 * added to (link_cache_add()), or NULL.
 */
struct lcache_str {
	const char	*held;
	uint32_t	 index;	/* when writing: its index, or UINT32_MAX */
	char		 s[];	/* NUL-terminated */
};

/*
 * The strings of the links put in this run, each held once: open
 * addressing by hash, each slot 1 + the string's number, or 0 when
 * empty. Those read from the file are not looked up (a file made to
 * collide would cost time): each is held as often as the file has it.
 */
struct lcache_strs {
	uint32_t	*slot;
	size_t		 n, used;
};

struct link_cache {
	char			*path;		/* or NULL: not written */
	char			*format;	/* what entries depend on */
	unsigned char		 site[LCACHE_KEY]; /* the site's digest */
	long long		 now;
	const char		*zone;		/* the site's time zone */
	int			 hits;		/* entries may stand for pages */
	struct arena		*a;
	struct lcache_strs	 strs;
	struct lcache_str	**all;		/* every string held, by
						 * number */
	size_t			 nall, capall;
	/* Entries read, sorted by key (fixed once read). */
	struct lcache_entry	**read;
	size_t			 nread, capread;
	/* What the pages show of the opportunities (link_cache_prepare()). */
	const struct opp_order	*order;		/* or NULL: not prepared */
	const struct opportunity *base;		/* opps->list */
	unsigned char		*opp_digest;	/* by index in opps->list */
	unsigned char		*opp_known;	/* the digest could be made */
	unsigned char		 counts[LCACHE_KEY]; /* what listings count */
	/* Entries put in this run. */
	struct lcache_entry	**fresh;
	size_t			 nfresh, capfresh;
	size_t			 nhits;
	const struct links	*held_in;	/* whose copies lcache_str.held
						 * are, or NULL */
};

/* Append s to b as the file and the digests write a string: its length
 * in 4 bytes (0xffffffff for NULL), then its bytes. */
void	lcache_put_str(struct buf *b, const char *s);

/*
 * The site's digest into out: what every kept page may depend on besides
 * its own inputs. Returns 0, or -1 when a file's bytes are not at hand.
 */
int	lcache_site_digest(unsigned char *out, const struct source *src,
	    const struct site *site, const struct pages *pages);

#endif
