/*
 * Shared by opp_history.c (what a step in an opportunity's history means:
 * its amendments and the rules it broke) and opp_dating.c (reading the
 * versions and caching the conclusions). Not part of the interface.
 */
#ifndef MARCHE_OPP_HISTORY_IMPL_H
#define MARCHE_OPP_HISTORY_IMPL_H

#include <stddef.h>

struct arena;
struct dcache_entry;
struct dcache_step;
struct diags;
struct history;
struct history_file;
struct opportunities;
struct opportunity;
struct site;
struct value;

/* The history's judge: the rules as each step's parent had them. */
struct judge {
	const struct history	*h;	/* the history */
	const struct site	*site;	/* the site as built */
	struct arena		*a;	/* where results live */
	struct diags		*d;	/* where violations go, or NULL */
	const char		**zones; /* time zone of each settings
					  * version, NULL until read */
};

/* The steps of one opportunity that changed its terms, to cache. */
struct steps {
	struct dcache_step	*list;
	size_t			 count;
	size_t			 cap;
};

/*
 * Date o from its file's history f: posted, updated, and its amendments,
 * judged by j. roots holds each version's file as loaded (NULL: could not
 * be), or is NULL; or hit is what the cache kept of comparing them. The
 * steps compared are noted in st, for the cache.
 */
void	opp_date_one(struct opportunity *o, const struct history_file *f,
	    struct judge *j, struct value *const *roots,
	    const struct dcache_entry *hit, struct steps *st);

/*
 * Warn of each published opportunity whose file a commit deleted and
 * that o no longer has.
 */
void	opp_report_gone(struct judge *j, const struct opportunities *o);

#endif
