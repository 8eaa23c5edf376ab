/*
 * Shared by links.c (noting links) and links_check.c (checking them). Not
 * part of the interface.
 */
#ifndef MARCHE_LINKS_IMPL_H
#define MARCHE_LINKS_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "links.h"
#include "strset.h"

/*
 * A link noted, in 16 bytes: a build notes close to a million. Its
 * strings are l's, each held once, by number (see intern()); its page and
 * source file, the same for all the links of a page from one file, are
 * held once as a pair.
 */
struct link_ref {
	uint32_t	 at;	/* its page and source, in l->wheres */
	uint32_t	 url;	/* the address as written, in l->strs */
	int32_t		 line;	/* 0 when it comes from a layout */
	int32_t		 col;
};

/* The page a link is on (its output path) and the file it comes from. */
struct link_where {
	uint32_t	 from;	/* in l->strs */
	uint32_t	 src;
};

/* A link as read back: its strings. */
struct link_view {
	const char	*from;	/* output path of the page it is on */
	const char	*src;	/* source file */
	int		 line;	/* 0 when it comes from a layout */
	int		 col;
	const char	*url;	/* as written */
};

/*
 * The links are kept in blocks of LINK_BLOCK (the first grows to it from
 * a few): a set that grows to a million links never copies them all to
 * a larger array, and never holds twice their room while it does.
 */
#define LINK_SHIFT	14
#define LINK_BLOCK	((size_t)1 << LINK_SHIFT)


struct links {
	struct arena	*a;		/* strings */
	char		*root;		/* the site's root path: "/x/" */
	char		*base_url;	/* the site's address, no final '/' */
	struct link_ref	**blocks;	/* every link noted, link i in
					 * blocks[i >> LINK_SHIFT] */
	size_t		 nblocks;
	size_t		 cap0;		/* links room in blocks[0] */
	size_t		 nrefs;
	struct strset	 names;		/* the strings links name, each
					 * held once: a page's path and its
					 * source are the same for all its
					 * links, and most addresses are
					 * the same on many pages */
	const char	**strs;		/* the same by number */
	size_t		 nstrs, capstrs;
	struct link_where *wheres;	/* each pair of page and source */
	size_t		 nwheres, capwheres;
	uint32_t	*where_slot;	/* 1 + their number by hash, open
					 * addressing, at most half full */
	size_t		 where_n;	/* slots, a power of two, or 0 */
	uint32_t	 last_at;	/* the pair last noted, + 1 */
	char		**outputs;	/* every output path */
	unsigned long long *ohash;	/* output_hash() of each */
	size_t		 nout, capout;
	size_t		*oidx;		/* 1 + their index by ohash,
					 * open addressing, at most half
					 * full; made when first asked */
	size_t		 noidx;		/* slots, a power of two, or 0 */
	int		 indexed;	/* oidx tells every output */
	unsigned long long osum;	/* the sum of output_hash() of every
					 * output: equal sets of outputs
					 * have equal sums */
};

/* Link i of l, its strings looked up, into v. */
void	links_ref_get(const struct links *l, size_t i, struct link_view *v);

/* Is path (relative to the output folder) one of l's outputs? */
int	links_has_output(struct links *l, const char *path);

#endif
