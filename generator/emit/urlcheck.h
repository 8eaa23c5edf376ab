/*
 * Outside links: the shape a link to another site must have, and whether
 * it answers. Shapes are judged with libcurl's URL parser and ICU's
 * internationalised domain names (UTS #46), plus the few rules a reader's
 * browser needs (https rather than http, a host with a dot, a mail
 * address with an '@'). Fetching uses libcurl's multi interface: each
 * address once, a bounded number at a time, with a time limit, a few
 * redirects, and a cache file so that repeated runs are quick.
 */
#ifndef MARCHE_URLCHECK_H
#define MARCHE_URLCHECK_H

#include <stddef.h>

struct buf;

enum urlcheck_level {
	URLCHECK_OK,		/* nothing to say */
	URLCHECK_WARNING,	/* works, but should change */
	URLCHECK_ERROR		/* broken as written */
};

/* Does url lead to another site (it has a scheme, or starts "//")? */
int	urlcheck_is_external(const char *url);

/* The byte a percent escape "%XY" at p stands for, or -1 if p does not
 * start with one. */
int	urlcheck_percent(const char *p);

/*
 * Judge the shape of the outside link url. Returns a level; for any
 * level but URLCHECK_OK a message saying what is wrong and what to write
 * instead is appended to why.
 */
enum urlcheck_level urlcheck_shape(struct buf *why, const char *url);

/* How to fetch. */
struct urlcheck_options {
	long		 timeout;	/* seconds for one address, all tries */
	int		 parallel;	/* requests at once (1 to 32) */
	int		 allow_private;	/* may reach loopback, private and
					 * link-local addresses */
	const char	*cache;		/* cache file, or NULL for none */
	long long	 now;		/* for the cache's ages */
};

/* What one address answered. */
struct urlcheck_result {
	long	 status;	/* the last HTTP status, 0 with no answer */
	char	*error;		/* why there was no answer (owned), or NULL */
	char	*moved;		/* where a permanent redirect leads (owned),
				 * or NULL */
	int	 cached;	/* 1 when taken from the cache */
};

/*
 * Fetch each of the n http or https addresses urls once (HEAD, then GET
 * when HEAD is refused), filling results[0..n). Returns 0, or -1 when
 * libcurl could not be set up (then every result says so). Free the
 * results with urlcheck_results_free().
 */
int	urlcheck_fetch(struct urlcheck_result *results,
	    const char *const *urls, size_t n,
	    const struct urlcheck_options *o);
void	urlcheck_results_free(struct urlcheck_result *results, size_t n);

/* Is a fetched address broken (no answer, or a 4xx or 5xx status)? */
int	urlcheck_broken(const struct urlcheck_result *r);

#endif
