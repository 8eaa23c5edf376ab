/*
 * Views of opportunities for templates: one opportunity (opp), the
 * listing (listing, skills) and a skill's page (skill). Dates, times and
 * money are formatted through ICU in the page's language; Markdown fields
 * are rendered strictly (raw HTML is an error).
 */
#ifndef MARCHE_RENDER_OPP_H
#define MARCHE_RENDER_OPP_H

#include <stddef.h>
#include <stdint.h>

#include "site.h"

struct arena;
struct diags;
struct opportunities;
struct page;
struct pages;

struct value;

/* One of the skills a card shows. */
struct opp_card_skill {
	const char		*key;	/* the skill's key */
	const char		*name;	/* in the card's language */
	const struct page	*page;	/* its page, or NULL */
};

/*
 * What every page shows alike of an opportunity's card in one language,
 * packed: thousands are kept for the whole render, and each page that
 * shows one makes its view from it, with the links relative to that page
 * (render_opp.c).
 */
struct opp_card {
	const char		*s;	/* its dates, times and money in words,
					 * one string after another; NULL if
					 * not made */
	struct value		*status; /* the shared view of its status, or
					  * NULL */
	struct opp_card_skill	*skills; /* sorted by name */
	long long		 days_left; /* open: days to its closing */
	uint32_t		 posted_at; /* where its posted and updated
					     * moments are in s */
};

struct opp_general;

/* Opportunities in listing order, for each language. */
struct opp_order {
	const struct opportunity **list[SITE_MAX_LANGS]; /* by language */
	size_t	count;				/* shown opportunities */
	long long now;				/* the moment built for
						 * (opps->now): days left count
						 * from it */
	const struct opportunity *base;		/* opps->list */
	int	*archive_year;			/* by index in opps->list:
						 * page_archive_year() */
	size_t	nopps;				/* opps->count */
	size_t	*skill_count;			/* by index in site->skills:
						 * how often shown
						 * opportunities name it */
	uint64_t *skill_bits;			/* by index in opps->list,
						 * skill_words words each: bit
						 * s set when it names the
						 * skill at index s */
	size_t	skill_words;
	size_t	open;				/* shown and open */
	struct opp_card *cards[SITE_MAX_LANGS];	/* by language, then index
						 * in opps->list; NULL until
						 * opp_order_cards() */
	struct opp_general *general[SITE_MAX_LANGS]; /* by language: the
						 * site's general conditions
						 * as HTML, or NULL */
	struct arena **arenas;			/* where the cards are */
	size_t	narenas;
};

/* Sort the shown opportunities for every language, and note each one's
 * archive year at opps->now; free with _free. */
void	opp_order_make(struct opp_order *out, const struct site *site,
	    const struct opportunities *opps);
void	opp_order_free(struct opp_order *o);

/*
 * The order of one render kept for the next (marche serve): the next
 * opp_order_make_keep() of the same opportunities (opps->list) starts
 * from it and moves only those out of place, rather than sorting them
 * all again (the order is the same). With gen (by index in opps->list,
 * a number that changes when an opportunity is read again; may be
 * NULL), only those whose number changed since are placed again. Free
 * with opp_order_keep_free() (NULL allowed).
 */
struct opp_order_keep;
struct opp_order_keep *opp_order_keep_new(void);
void	opp_order_keep_free(struct opp_order_keep *k);
void	opp_order_make_keep(struct opp_order *out, const struct site *site,
	    const struct opportunities *opps, struct opp_order_keep *keep,
	    const unsigned long long *gen);

/*
 * Make the card of every shown opportunity in every language, with jobs
 * threads, for every page that shows it to share: it would cost as much
 * on each. So too the site's general conditions of eligibility, which
 * every opportunity's page shows.
 */
void	opp_order_cards(struct opp_order *order, const struct site *site,
	    const struct pages *pages, unsigned jobs);

/*
 * Cards kept from one render of a site to the next (marche serve), for
 * the same opportunities (opps->list, opps->now) under the same
 * settings. Free with opp_card_keep_free() (NULL allowed).
 */
struct opp_card_keep;
struct opp_card_keep *opp_card_keep_new(void);
void	opp_card_keep_free(struct opp_card_keep *k);

/*
 * opp_order_cards(), taking from keep (NULL: none) the cards of every
 * opportunity whose gen (by index in opps->list: a number that changes
 * when the opportunity is read again) is the one they were made at, and
 * keeping there the cards it makes.
 */
void	opp_order_cards_keep(struct opp_order *order, const struct site *site,
	    const struct pages *pages, unsigned jobs, struct opp_card_keep *keep,
	    const unsigned long long *gen);
/*
 * By index in opps->list, a hash of what the pages that list
 * opportunities show of each shown one in language k (its card), as kept
 * by the last opp_order_cards_keep(); NULL before.
 */
const unsigned long long *opp_card_keep_shown(const struct opp_card_keep *keep,
	    size_t k);

struct links;

struct buf;
struct opp_change;

/* Words of context either side of a change in a text's word diff. */
#define RENDER_DIFF_CONTEXT	10

/*
 * Append, as HTML, what the text change c did in words, for readers of
 * language k: deleted words in <del>, inserted ones in <ins>, each with
 * words screen readers announce (the i18n strings diff_deleted and
 * diff_inserted), context words around them. Returns 1 when written, 0
 * when there is nothing to show word by word (the change is not to a
 * text, the words are the same, or the text is too long to compare).
 */
int	render_opp_text_diff(struct buf *out, const struct site *site,
	    const struct opp_change *c, size_t k);

/* {iso, text} of a moment (a commit's), to the minute, in the site's
 * zone and lang. */
struct value *render_moment(struct arena *a, const struct site *site,
	    long long epoch, const char *lang);

/*
 * render_moment() of pg's last change (pg->modified) in its language,
 * from what its opportunity's card has worked out already, in a: NULL
 * when pg is not an opportunity's page or its card has no such moment.
 */
struct value *render_opp_modified(struct arena *a,
	    const struct opp_order *order, const struct page *pg);

/*
 * Add what pg's kind needs to the template context ctx (a map): opp for
 * an opportunity, listing and skills for the listing, skill and
 * listing_href for a skill page, home (the open opportunities) and
 * listing_href for the page whose ref is "home". The links of the
 * Markdown it renders are noted in l as pg's (NULL: not noted). Returns
 * 0, or -1 after reporting.
 */
int	render_opp_view(struct value *ctx, struct arena *a,
	    const struct site *site, const struct pages *pages,
	    const struct opp_order *order, const struct page *pg,
	    struct links *l, struct diags *d);

#endif
