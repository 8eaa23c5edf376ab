/*
 * An opportunity's cards: what every listing shows of it in a language,
 * the costly parts (dates, money, sorted skills) made once and packed,
 * each page's view made from them; and the cards serve keeps from one
 * render to the next, remade only when their opportunity changed. See
 * render_opp.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "hash.h"
#include "i18n.h"
#include "instant.h"
#include "markdown.h"
#include "opportunity.h"
#include "page.h"
#include "par.h"
#include "path.h"
#include "render_opp.h"
#include "render_opp_impl.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/*
 * Days left of an open opportunity: calendar days in the site's zone
 * from now to its closing day (0 when past), and the words for them in
 * language k, appended to out with their NUL.
 */
static long long
days_left_format(struct buf *out, const struct site *site,
    const struct opportunity *o, size_t k, long long now)
{
	long long	 n;

	n = instant_local_day(o->closing.epoch, site->time_zone) -
	    instant_local_day(now, site->time_zone);
	if (n < 0)
		n = 0;
	if (n == 0)
		buf_puts(out, site_string(site, k, "days_left_today",
		    "Closes today"));
	else if (n == 1)
		buf_puts(out, site_string(site, k, "days_left_one",
		    "1 day left"));
	else	/* A no-break space keeps the number with its word. */
		buf_printf(out, "%lld\xc2\xa0%s", n, site_string(site, k,
		    "days_left_many", "days left"));
	buf_putc(out, '\0');
	return n;
}

/*
 * The part of opportunity o's card in language k that every page shows
 * alike, into c: what costs to work out (dates, times and money in the
 * reader's words, its skills sorted by name with coll, a collator of
 * language k), packed. Its view is made from it by each page that shows
 * it (render_card_view()), with the links relative to that page. status is the
 * shared render_view_status() of o's, or NULL (made by each view).
 */
void
render_card_make(struct opp_card *c, struct arena *a, const struct site *site,
    const struct pages *pages, const struct opportunity *o, size_t k,
    long long now, const struct i18n_collator *coll, struct value *status)
{
	const char		*lang = site->langs[k].code;
	struct buf		 b = BUF_INIT, name = BUF_INIT;
	struct opp_card_skill	*sk, t;
	char			*s;
	size_t			 i, j;

	memset(c, 0, sizeof(*c));
	c->status = status;
	/* The strings render_card_view() reads, in its order. */
	render_when_format(&b, site, &o->closing, lang);
	if (o->status == OPP_STATUS_OPEN)
		c->days_left = days_left_format(&b, site, o, k, now);
	if (o->has_deadline)
		render_when_format(&b, site, &o->questions_deadline, lang);
	render_when_format(&b, site, &o->selection, lang);
	if (o->has_start)
		render_when_format(&b, site, &o->start, lang);
	render_when_format(&b, site, &o->delivery, lang);
	i18n_format_money(&b, o->value, lang);
	buf_putc(&b, '\0');
	if (o->has_award && o->award.has_accepted)
		render_when_format(&b, site, &o->award.accepted, lang);
	if (o->has_award && o->award.has_ended)
		render_when_format(&b, site, &o->award.ended, lang);
	c->posted_at = (uint32_t)b.len;
	if (o->dated) {
		/* An accepted 'posted' is shown as written (a date alone). */
		if (o->has_posted && o->posted == o->posted_as.epoch)
			render_when_format(&b, site, &o->posted_as, lang);
		else
			render_moment_format(&b, site, o->posted, lang);
		render_moment_format(&b, site, o->updated, lang);
	}
	s = arena_alloc(a, b.len);
	memcpy(s, b.data, b.len);
	c->s = s;
	buf_free(&b);
	/* Its skills, sorted by name (insertion sort: the lists are
	 * short), each with its page. */
	c->skills = sk = arena_calloc(a, o->nskills + 1, sizeof(*sk));
	for (i = 0; i < o->nskills; i++) {
		t.key = o->skills[i];
		t.name = value_str(value_path(value_map_get(site->skills,
		    o->skills[i]), lang));
		buf_reset(&name);
		buf_printf(&name, "skills/%s", o->skills[i]);
		t.page = pages_find(pages, buf_cstr(&name), k);
		for (j = i; j > 0 && i18n_collate(coll, sk[j - 1].name,
		    t.name) > 0; j--)
			sk[j] = sk[j - 1];
		sk[j] = t;
	}
	buf_free(&name);
}

/*
 * The view of card c of opportunity o in language k as seen from page
 * from, with room for more pairs; its strings borrow c's.
 */
struct value *
render_card_view(struct arena *a, const struct site *site,
    const struct opportunity *o, size_t k, const struct opp_card *c,
    const struct page *from, uint32_t more)
{
	struct value		*v, *h, *skills;
	const struct opp_text	*t = &o->text[k];
	const char		*p = c->s;
	size_t			 i;

	v = card_map_n(a, CARD_PAIRS + more);
	card_put(a, v, K_id, value_string_static(a, o->id));
	card_put(a, v, K_title, value_string_static(a, t->title));
	card_put(a, v, K_summary, value_string_static(a, t->summary));
	/* The links are a's strings already: not copied again. */
	card_put(a, v, K_href, value_string_static(a, path_relative(a,
	    from->out_path, t->out_path)));
	card_put(a, v, K_status, c->status != NULL ? c->status :
	    render_view_status(a, site, k, o->status));
	card_put(a, v, K_closing, render_when_view(a, &p));
	if (o->status == OPP_STATUS_OPEN) {
		h = card_put(a, v, K_days_left, card_map_n(a, 4));
		card_put(a, h, K_count, value_int(a, c->days_left));
		card_put(a, h, K_today, card_flag(c->days_left == 0));
		card_put(a, h, K_one, card_flag(c->days_left == 1));
		card_put(a, h, K_text, render_next_string(a, &p));
	}
	if (o->has_deadline)
		card_put(a, v, K_questions_deadline, render_when_view(a, &p));
	card_put(a, v, K_selection, render_when_view(a, &p));
	if (o->has_start)
		card_put(a, v, K_start, render_when_view(a, &p));
	card_put(a, v, K_delivery, render_when_view(a, &p));
	h = card_put(a, v, K_value, card_map_n(a, 2));
	card_put(a, h, K_text, render_next_string(a, &p));
	card_put(a, h, K_amount, value_number(a, o->value));
	card_put(a, v, K_taxes_included, card_flag(o->taxes_included));
	card_put(a, v, K_contact, value_string_static(a, o->contact));
	card_put(a, v, K_apply_href, render_view_apply(a, o, k));
	skills = card_put(a, v, K_skills, value_seq(a));
	for (i = 0; i < o->nskills; i++) {
		const struct opp_card_skill *sk = &c->skills[i];
		struct value *sv = card_map_n(a, 3);

		card_put(a, sv, K_key, value_string_static(a, sk->key));
		card_put(a, sv, K_name, value_string_static(a, sk->name));
		if (sk->page != NULL)
			card_put(a, sv, K_href, value_string_static(a,
			    path_relative(a, from->out_path,
			    sk->page->out_path)));
		value_seq_push(a, skills, sv);
	}
	if (o->has_award) {
		h = card_put(a, v, K_award, card_map_n(a, 6));
		card_put(a, h, K_supplier, value_string_static(a,
		    o->award.supplier));
		if (o->award.repository != NULL)
			card_put(a, h, K_repository, value_string_static(a,
			    o->award.repository));
		if (o->award.licence != NULL)
			card_put(a, h, K_licence, value_string_static(a,
			    o->award.licence));
		if (o->award.has_accepted)
			card_put(a, h, K_accepted, render_when_view(a, &p));
		if (o->award.has_ended) {
			card_put(a, h, K_ended, render_when_view(a, &p));
			card_put(a, h, K_reason, value_string_static(a,
			    o->award.reason[k]));
		}
	}
	card_put(a, v, K_has_questions, card_flag(o->nquestions > 0));
	card_put(a, v, K_amended, card_flag(o->namendments > 0 &&
	    o->status == OPP_STATUS_OPEN));
	card_put(a, v, K_preview, card_flag(o->preview));
	if (o->dated) {
		card_put(a, v, K_posted, render_when_view(a, &p));
		card_put(a, v, K_updated, render_when_view(a, &p));
	}
	return v;
}

/* A hash of everything value tree v holds, by kind, in order. */
static unsigned long long
value_hash(unsigned long long h, const struct value *v)
{
	unsigned long long	u;
	size_t			i;

	if (v == NULL)
		return hash_mix64(h, 0x7f);
	h = hash_mix64(h, v->kind);
	switch (v->kind) {
	case VALUE_BOOL:
		return hash_mix64(h, (unsigned long long)v->boolean);
	case VALUE_INT:
		return hash_mix64(h, (unsigned long long)v->integer);
	case VALUE_NUMBER:
		memcpy(&u, &v->number, sizeof(u));
		return hash_mix64(h, u);
	case VALUE_STRING:
		return hash_mix64_bytes(h, v->str, v->len);
	case VALUE_SEQ:
		h = hash_mix64(h, v->count);
		for (i = 0; i < v->count; i++)
			h = value_hash(h, v->items[i]);
		return h;
	case VALUE_MAP:
		h = hash_mix64(h, v->count);
		for (i = 0; i < v->count; i++) {
			h = hash_mix64_bytes(h, v->pairs[i].key->str,
			    v->pairs[i].key->len);
			h = value_hash(h, v->pairs[i].val);
		}
		return h;
	default:
		return h;
	}
}

/*
 * A hash of what the pages that list opportunity o show of it in
 * language k: its card's view (render_card_view(), all they are given of it),
 * seen from a page at the top of the site (every link's target is in
 * it). Those pages are rendered again when it changes, not when another
 * language's text does.
 */
static unsigned long long
card_hash(struct arena *a, const struct site *site,
    const struct opportunity *o, size_t k, const struct opp_card *c)
{
	struct page	from;

	memset(&from, 0, sizeof(from));
	from.out_path = "index.html";
	from.lang_index = k;
	return value_hash(1469598103934665603ULL, render_card_view(a, site, o,
	    k, c, &from, 0));
}

/*
 * Cards kept from one render of a site to the next (marche serve): each
 * shown opportunity's cards, made at the gen its entry records, in
 * arenas that hold the cards of one render each and are freed when none
 * of their cards is left. The shared status values live as long as the
 * keep. A card refers to its opportunity's bytes and to the settings,
 * which stay while the keep does; only the pages of its skills are
 * found again at each render.
 */
struct opp_card_keep {
	const struct opportunity *base;		/* opps->list */
	size_t			 nopps;
	long long		 now;
	size_t			 nlangs;
	unsigned long long	*gen;		/* by index: made at */
	unsigned char		*made;		/* by index: cards are set */
	unsigned long long	*shown[SITE_MAX_LANGS];	/* by index: a hash of
						 * what a listing shows of the
						 * card (card_hash()) */
	struct opp_card		*cards[SITE_MAX_LANGS];	/* by index */
	size_t			*arena_of[SITE_MAX_LANGS]; /* by index */
	struct arena		**arenas;
	size_t			*live;		/* cards in each arena */
	size_t			 narenas;
	struct arena		*shared;	/* the status values */
	struct value		*status[SITE_MAX_LANGS][OPP_NSTATUS];
};

struct opp_card_keep *
opp_card_keep_new(void)
{
	return xcalloc(1, sizeof(struct opp_card_keep));
}

/* Forget every card of k. */
static void
card_keep_reset(struct opp_card_keep *k)
{
	size_t	i;

	for (i = 0; i < k->narenas; i++)
		arena_free(k->arenas[i]);
	free(k->arenas);
	free(k->live);
	for (i = 0; i < SITE_MAX_LANGS; i++) {
		free(k->cards[i]);
		free(k->arena_of[i]);
		free(k->shown[i]);
	}
	free(k->gen);
	free(k->made);
	arena_free(k->shared);
	memset(k, 0, sizeof(*k));
}

void
opp_card_keep_free(struct opp_card_keep *k)
{
	if (k == NULL)
		return;
	card_keep_reset(k);
	free(k);
}

/* One card of arena i is let go. */
static void
card_keep_drop(struct opp_card_keep *k, size_t i)
{
	if (k->live[i] > 0 && --k->live[i] == 0) {
		arena_free(k->arenas[i]);
		k->arenas[i] = NULL;
	}
}

/* What opp_order_cards() hands its threads. */
struct card_job {
	struct opp_order	 *order;
	const struct site	 *site;
	const struct pages	 *pages;
	struct i18n_collator	**colls;	/* by worker, then language */
	struct value		*status[SITE_MAX_LANGS][OPP_NSTATUS];
						/* render_view_status()s,
						 * shared */
	const size_t		 *todo;		/* indices in opps->list, or
						 * NULL: every shown one */
	struct opp_card		 *dest[SITE_MAX_LANGS]; /* where cards go,
						 * by index */
	struct arena		**arenas;	/* by worker */
	size_t			 *arena_of[SITE_MAX_LANGS]; /* or NULL */
	size_t			  arena0;	/* arena_of of worker 0 */
};

static void
card_job(void *ctx, size_t i, unsigned worker)
{
	struct card_job		 *cj = ctx;
	struct opp_order	 *order = cj->order;
	const struct opportunity *o = cj->todo != NULL ?
	    &order->base[cj->todo[i / cj->site->nlangs]] :
	    order->list[0][i / cj->site->nlangs];
	size_t			  k = i % cj->site->nlangs;
	struct i18n_collator	**coll;

	/* A stub (its file unread in a scoped check) only stands in
	 * counts and addresses: no page rendered there shows its card. */
	if (o->cached)
		return;
	coll = &cj->colls[worker * cj->site->nlangs + k];
	if (*coll == NULL)
		*coll = i18n_collator_new(cj->site->langs[k].code);
	render_card_make(&cj->dest[k][o - order->base], cj->arenas[worker],
	    cj->site, cj->pages, o, k, order->now, *coll,
	    cj->status[k][o->status]);
	if (cj->arena_of[k] != NULL)
		cj->arena_of[k][o - order->base] = cj->arena0 + worker;
}

/*
 * The cards of keep whose opportunity was read again (gen) or that were
 * never made, made anew into fresh arenas of keep; then every shown
 * opportunity's cards copied into order, with the pages of their skills
 * found in pages.
 */
static void
cards_from_keep(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs, struct opp_card_keep *keep,
    const unsigned long long *gen, struct card_job *cj)
{
	size_t	*todo, ntodo = 0, i, j, k, n;
	int	 st;

	if (keep->base != order->base || keep->nopps != order->nopps ||
	    keep->now != order->now || keep->nlangs != site->nlangs ||
	    keep->shared == NULL) {
		card_keep_reset(keep);
		keep->base = order->base;
		keep->nopps = order->nopps;
		keep->now = order->now;
		keep->nlangs = site->nlangs;
		keep->gen = xcalloc(order->nopps + 1, sizeof(*keep->gen));
		keep->made = xcalloc(order->nopps + 1, sizeof(*keep->made));
		keep->shared = arena_new();
		for (k = 0; k < site->nlangs; k++) {
			keep->cards[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->cards[k]));
			keep->arena_of[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->arena_of[k]));
			keep->shown[k] = xcalloc(order->nopps + 1,
			    sizeof(*keep->shown[k]));
			for (st = 0; st < OPP_NSTATUS; st++)
				keep->status[k][st] = render_view_status(
				    keep->shared, site, k, (enum opp_status)st);
		}
	}
	memcpy(cj->status, keep->status, sizeof(cj->status));
	todo = xcalloc(order->count + 1, sizeof(*todo));
	for (j = 0; j < order->count; j++) {
		i = (size_t)(order->list[0][j] - order->base);
		if (order->base[i].cached ||
		    (keep->made[i] && keep->gen[i] == gen[i]))
			continue;
		todo[ntodo++] = i;
		if (!keep->made[i])
			continue;
		for (k = 0; k < site->nlangs; k++)
			card_keep_drop(keep, keep->arena_of[k][i]);
		keep->made[i] = 0;
	}
	if (ntodo > 0) {
		n = par_threads(ntodo * site->nlangs, jobs);
		keep->arenas = xreallocarray(keep->arenas, keep->narenas + n,
		    sizeof(*keep->arenas));
		keep->live = xreallocarray(keep->live, keep->narenas + n,
		    sizeof(*keep->live));
		for (j = 0; j < n; j++) {
			keep->arenas[keep->narenas + j] = arena_new();
			keep->live[keep->narenas + j] = 0;
		}
		cj->todo = todo;
		cj->arenas = keep->arenas + keep->narenas;
		cj->arena0 = keep->narenas;
		for (k = 0; k < site->nlangs; k++) {
			cj->dest[k] = keep->cards[k];
			cj->arena_of[k] = keep->arena_of[k];
		}
		cj->colls = xcalloc(n * site->nlangs, sizeof(*cj->colls));
		par_for(ntodo * site->nlangs, jobs, card_job, cj);
		for (j = 0; j < n * site->nlangs; j++)
			i18n_collator_free(cj->colls[j]);
		free(cj->colls);
		for (j = 0; j < ntodo; j++) {
			keep->made[todo[j]] = 1;
			keep->gen[todo[j]] = gen[todo[j]];
			for (k = 0; k < site->nlangs; k++)
				keep->live[keep->arena_of[k][todo[j]]]++;
		}
		keep->narenas += n;
		for (j = keep->narenas - n; j < keep->narenas; j++)
			if (keep->live[j] == 0) {
				arena_free(keep->arenas[j]);
				keep->arenas[j] = NULL;
			}
	}
	/* The pages of the skills, found once per skill and language (in
	 * a table by key's hash: 10,000 cards name 50,000 skills). */
	for (k = 0; k < site->nlangs; k++) {
		struct skill_page { const char *key; const struct page *pg; }
		    *found = xcalloc(64, sizeof(*found)), *old;
		size_t nfound = 0, nslots = 64, m, x;

		for (j = 0; j < order->count; j++) {
			struct opp_card *c;

			i = (size_t)(order->list[k][j] - order->base);
			if (!keep->made[i])
				continue;
			c = &keep->cards[k][i];
			for (n = 0; n < order->base[i].nskills; n++) {
				const char *key = c->skills[n].key;

				for (m = hash_str(key) & (nslots - 1);
				    found[m].key != NULL &&
				    strcmp(found[m].key, key) != 0;
				    m = (m + 1) & (nslots - 1))
					;
				if (found[m].key == NULL) {
					found[m].key = key;
					found[m].pg = pages_find(pages,
					    arena_printf(order->arenas[0],
					    "skills/%s", key), k);
					c->skills[n].page = found[m].pg;
					if (++nfound * 2 <= nslots)
						continue;
					/* Half full: twice the slots. */
					old = found;
					found = xcalloc(nslots * 2,
					    sizeof(*found));
					for (x = 0; x < nslots; x++) {
						if (old[x].key == NULL)
							continue;
						for (m = hash_str(old[x].key) &
						    (nslots * 2 - 1);
						    found[m].key != NULL;
						    m = (m + 1) & (nslots * 2 -
						    1))
							;
						found[m] = old[x];
					}
					nslots *= 2;
					free(old);
					continue;
				}
				c->skills[n].page = found[m].pg;
			}
			order->cards[k][i] = *c;
		}
		free(found);
	}
	/* What the listings show of each card made now. */
	if (ntodo > 0) {
		struct arena *a = arena_new();

		for (j = 0; j < ntodo; j++)
			for (k = 0; k < site->nlangs; k++)
				keep->shown[k][todo[j]] = card_hash(a, site,
				    &order->base[todo[j]], k,
				    &keep->cards[k][todo[j]]);
		arena_free(a);
	}
	free(todo);
}

const unsigned long long *
opp_card_keep_shown(const struct opp_card_keep *keep, size_t k)
{
	return keep != NULL && k < keep->nlangs ? keep->shown[k] : NULL;
}

void
opp_order_cards_keep(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs, struct opp_card_keep *keep,
    const unsigned long long *gen)
{
	struct card_job	cj;
	size_t		n = order->count * site->nlangs, i, k;
	int		st;

	if (n == 0)
		return;
	order->narenas = keep != NULL ? 1 : par_threads(n, jobs);
	order->arenas = xcalloc(order->narenas, sizeof(*order->arenas));
	for (i = 0; i < order->narenas; i++)
		order->arenas[i] = arena_new();
	memset(&cj, 0, sizeof(cj));
	cj.order = order;
	cj.site = site;
	cj.pages = pages;
	for (k = 0; k < site->nlangs; k++) {
		order->cards[k] = xcalloc(order->nopps + 1,
		    sizeof(*order->cards[k]));
		for (st = 0; keep == NULL && st < OPP_NSTATUS; st++)
			cj.status[k][st] = render_view_status(order->arenas[0],
			    site, k, (enum opp_status)st);
	}
	markdown_init();
	render_general_make(order, order->arenas[0], site);
	if (keep != NULL) {
		cards_from_keep(order, site, pages, jobs, keep, gen, &cj);
		return;
	}
	for (k = 0; k < site->nlangs; k++)
		cj.dest[k] = order->cards[k];
	cj.arenas = order->arenas;
	cj.colls = xcalloc(order->narenas * site->nlangs, sizeof(*cj.colls));
	par_for(n, jobs, card_job, &cj);
	for (i = 0; i < order->narenas * site->nlangs; i++)
		i18n_collator_free(cj.colls[i]);
	free(cj.colls);
}

void
opp_order_cards(struct opp_order *order, const struct site *site,
    const struct pages *pages, unsigned jobs)
{
	opp_order_cards_keep(order, site, pages, jobs, NULL, NULL);
}

/* o's card in language k: the one made before, or one made now in a. */
