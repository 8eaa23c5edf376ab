/*
 * Shared by render_opp.c (an opportunity's view), render_cards.c (its
 * cards, packed and kept) and render_lists.c (the views of the pages that
 * list opportunities). Not part of the interface.
 */
#ifndef MARCHE_RENDER_OPP_IMPL_H
#define MARCHE_RENDER_OPP_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "opportunity.h"
#include "value.h"

struct buf;
struct diags;
struct i18n_collator;
struct instant;
struct opp_card;
struct links;
struct opp_order;
struct opportunity;
struct page;
struct pages;
struct site;
struct value;

/*
 * opp: opportunity o in language k as seen from page from; when full,
 * with what its own page shows too, whose links are noted in l (NULL:
 * not noted). Its card is shared by the pages that show it.
 */
struct value	*render_view_opp(struct arena *a, const struct site *site,
		    const struct pages *pages, const struct opp_order *order,
		    const struct page *from, const struct opportunity *o,
		    size_t k, int full, struct links *l, struct diags *d);

/* Sort a list of maps by their "name", as readers of lang expect. */
void		 render_sort_by_name(struct value *list, const char *lang);

/*
 * The keys of the maps a card is made of, each one node shared by every
 * map and never changed: thousands of cards are kept for the whole
 * render (opp_order_cards()), and a key node is most of a small map.
 */
#define CARD_KEYS(X) \
	X(id) \
	X(title) \
	X(summary) \
	X(href) \
	X(status) \
	X(closing) \
	X(days_left) \
	X(questions_deadline) \
	X(selection) \
	X(start) \
	X(delivery) \
	X(value) \
	X(text) \
	X(amount) \
	X(taxes_included) \
	X(contact) \
	X(apply_href) \
	X(skills) \
	X(key) \
	X(name) \
	X(award) \
	X(supplier) \
	X(repository) \
	X(licence) \
	X(accepted) \
	X(ended) \
	X(reason) \
	X(has_questions) \
	X(amended) \
	X(preview) \
	X(posted) \
	X(updated) \
	X(iso) \
	X(date) \
	X(count) \
	X(code) \
	X(label) \
	X(today) \
	X(one)

enum card_key {
#define CARD_KEY_ENUM(n)	K_##n,
	CARD_KEYS(CARD_KEY_ENUM)
	K_NKEYS
};

/* The nodes of the keys, and of false and true (render_opp.c). */
extern const struct value render_card_keys[K_NKEYS];
extern const struct value render_card_bools[2];

/* Append key with v to map, which has no such key yet; returns v. */
static inline struct value *
card_put(struct arena *a, struct value *map, enum card_key key,
    struct value *v)
{
	value_map_append(a, map, (struct value *)&render_card_keys[key], v);
	return v;
}

/* The shared node of b's truth. */
static inline struct value *
card_flag(int b)
{
	return (struct value *)&render_card_bools[b != 0];
}

/* The most pairs a card has (without what only its page adds). */
#define CARD_PAIRS	22

/* A map with room for n pairs: a card's maps do not grow. */
static inline struct value *
card_map_n(struct arena *a, uint32_t n)
{
	struct value	*v = value_map(a);

	v->pairs = arena_calloc(a, n, sizeof(*v->pairs));
	v->cap = n;
	return v;
}



/*
 * The strings of {iso, date, text} of a date or instant, in the site's
 * zone and lang, appended to out one after another, each with its NUL.
 */
void		 render_when_format(struct buf *out, const struct site *site,
		    const struct instant *i, const char *lang);
/* render_when_format() of a commit's moment, to the minute. */
void		 render_moment_format(struct buf *out,
		    const struct site *site, long long epoch,
		    const char *lang);
/* The next of the strings at *p, as a node that borrows it. */
struct value	*render_next_string(struct arena *a, const char **p);
/* {iso, date, text} from the strings render_when_format() wrote at *p;
 * *p moves past them. */
struct value	*render_when_view(struct arena *a, const char **p);
/* status: its code, its label in language k, and a flag for each. */
struct value	*render_view_status(struct arena *a, const struct site *site,
		    size_t k, enum opp_status st);
/* The mailto: link to apply to o in language k. */
struct value	*render_view_apply(struct arena *a,
		    const struct opportunity *o, size_t k);
/* The site's general conditions of eligibility, rendered once per
 * language into order->general (render_opp.c). */
void		 render_general_make(struct opp_order *order,
		    struct arena *a, const struct site *site);

/*
 * The packed card of o in language k (render_cards.c): what every page
 * shows of it alike, its skills sorted with coll; status is a shared
 * render_view_status() of o's, or NULL.
 */
void		 render_card_make(struct opp_card *c, struct arena *a,
		    const struct site *site, const struct pages *pages,
		    const struct opportunity *o, size_t k, long long now,
		    const struct i18n_collator *coll, struct value *status);
/* The view of card c of o in language k as seen from page from, with
 * room for more pairs; its strings borrow c's. */
struct value	*render_card_view(struct arena *a, const struct site *site,
		    const struct opportunity *o, size_t k,
		    const struct opp_card *c, const struct page *from,
		    uint32_t more);

#endif
