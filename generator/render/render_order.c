/*
 * The listing order: the opportunities a listing shows, grouped by status
 * and sorted by date and title in each language, with what every listing
 * counts (skills, archive years). serve keeps the order of one render to
 * sort the next from. See render_opp.h.
 */
#define _GNU_SOURCE	/* qsort_r */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "i18n.h"
#include "opportunity.h"
#include "page.h"
#include "render_opp.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* Listing groups, in the order readers see them. */
static const enum opp_status group_order[OPP_NSTATUS] = {
	OPP_STATUS_OPEN, OPP_STATUS_CLOSED, OPP_STATUS_AWARDED,
	OPP_STATUS_CANCELLED, OPP_STATUS_COMPLETED, OPP_STATUS_TERMINATED
};

static int
group_rank(enum opp_status s)
{
	int	i;

	for (i = 0; i < OPP_NSTATUS; i++)
		if (group_order[i] == s)
			return i;
	return OPP_NSTATUS;
}

/* What the listing order compares titles with. */
struct order_key {
	const struct i18n_collator *coll;	/* NULL: titles tie */
	size_t		 lang;			/* the titles' language */
};

static int
order_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct opportunity *a = *(const struct opportunity *const *)pa;
	const struct opportunity *b = *(const struct opportunity *const *)pb;
	const struct order_key *key = ctx;
	int	ra = group_rank(a->status), rb = group_rank(b->status), c;

	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (a->closing.epoch != b->closing.epoch) {
		/* Open: soonest closing first; others: latest first. */
		c = a->closing.epoch < b->closing.epoch ? -1 : 1;
		return a->status == OPP_STATUS_OPEN ? c : -c;
	}
	c = key->coll != NULL ? i18n_collate(key->coll,
	    a->text[key->lang].title, b->text[key->lang].title) : 0;
	return c != 0 ? c : strcmp(a->id, b->id);
}

/* Order indices of a map's pairs by their keys (bytewise). */
static int
skill_key_cmp(const void *pa, const void *pb, void *ctx)
{
	const struct value	*map = ctx;

	return strcmp(map->pairs[*(const size_t *)pa].key->str,
	    map->pairs[*(const size_t *)pb].key->str);
}

/*
 * The listing order of one render kept for the next (marche serve): by
 * language, the shown opportunities' indices in opps->list, in order.
 */
struct opp_order_keep {
	const struct opportunity *base;		/* opps->list */
	size_t			 nopps;		/* opps->count */
	size_t			*idx[SITE_MAX_LANGS];
	size_t			 n[SITE_MAX_LANGS];
	unsigned long long	*gen;		/* by index in opps->list,
						 * as given then, or NULL */
	/* What each opportunity was found to be then, by index: */
	int			*archive_year;	/* or NULL */
	uint64_t		*skill_bits;	/* skill_words each */
	size_t			 skill_words;
};

struct opp_order_keep *
opp_order_keep_new(void)
{
	return xcalloc(1, sizeof(struct opp_order_keep));
}

void
opp_order_keep_free(struct opp_order_keep *k)
{
	size_t	i;

	if (k == NULL)
		return;
	for (i = 0; i < SITE_MAX_LANGS; i++)
		free(k->idx[i]);
	free(k->gen);
	free(k->archive_year);
	free(k->skill_bits);
	free(k);
}

/*
 * Sort the n opportunities of v, nearly in order already, by insertion
 * (each out of place found its place by bisection): an edit moves one or
 * two. Returns 0, or -1 (v then in some order) when more than n moved
 * places in all: a sort costs less.
 */
/* Where x goes among the m opportunities of v, in order: after those
 * that do not compare greater. */
static size_t
order_place(const struct opportunity **v, size_t m,
    const struct opportunity *x, struct order_key *key)
{
	size_t	lo = 0, hi = m, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (order_cmp(&v[mid], &x, key) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
order_insertion(const struct opportunity **v, size_t n, struct order_key *key)
{
	size_t	j, lo, moved = 0;

	for (j = 1; j < n; j++) {
		const struct opportunity *x = v[j];

		if (order_cmp(&v[j - 1], &x, key) <= 0)
			continue;
		lo = order_place(v, j - 1, x, key);
		moved += j - lo;
		if (moved > n)
			return -1;
		memmove(&v[lo + 1], &v[lo], (j - lo) * sizeof(*v));
		v[lo] = x;
	}
	return 0;
}

/*
 * v holds m opportunities in order: put those of opps shown and not yet
 * in v (seen) in their places by bisection, as long as they number at
 * most n / 16 (each insertion moves what follows it). Returns the number
 * in v then, or 0 when there were more (v is then unchanged past m).
 */
static size_t
order_insert_new(const struct opportunity **v, size_t m, size_t n,
    const struct opportunities *opps, const unsigned char *seen,
    struct order_key *key)
{
	size_t	i, lo, added = 0;

	for (i = 0; i < opps->count; i++)
		added += opps->list[i].ok && !seen[i];
	if (added > n / 16 + 1 || m + added != n)
		return 0;
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *x = &opps->list[i];

		if (!x->ok || seen[i])
			continue;
		lo = order_place(v, m, x, key);
		memmove(&v[lo + 1], &v[lo], (m - lo) * sizeof(*v));
		v[lo] = x;
		m++;
	}
	return m;
}

/*
 * The shown opportunities of opps into v (n of them) in language k's
 * order: starting from keep's order of the last render when it is of
 * the same opportunities, whose order an edit changes little. With gen
 * (a number by opportunity that changes when it is read again), those
 * read again since are taken out of the kept order and put back in
 * their places: the others compare as they did.
 */
static void
order_sort(const struct opportunity **v, size_t n,
    const struct opportunities *opps, struct opp_order_keep *keep, size_t k,
    const unsigned long long *gen, struct order_key *key)
{
	unsigned char	*seen;
	size_t		 i, j, m = 0;

	if (keep != NULL && keep->base == opps->list &&
	    keep->nopps == opps->count && keep->idx[k] != NULL &&
	    gen != NULL && keep->gen != NULL) {
		seen = xcalloc(opps->count + 1, 1);
		for (j = 0; j < keep->n[k]; j++) {
			i = keep->idx[k][j];
			if (i < opps->count && opps->list[i].ok && !seen[i] &&
			    gen[i] == keep->gen[i]) {
				seen[i] = 1;
				v[m++] = &opps->list[i];
			}
		}
		m = m <= n ? order_insert_new(v, m, n, opps, seen, key) : 0;
		free(seen);
		if (m == n)
			goto note;
		m = 0;
	}
	if (keep != NULL && keep->base == opps->list &&
	    keep->nopps == opps->count && keep->idx[k] != NULL) {
		seen = xcalloc(opps->count + 1, 1);
		for (j = 0; j < keep->n[k]; j++) {
			i = keep->idx[k][j];
			if (i < opps->count && opps->list[i].ok && !seen[i]) {
				seen[i] = 1;
				v[m++] = &opps->list[i];
			}
		}
		for (i = 0; i < opps->count; i++)
			if (opps->list[i].ok && !seen[i])
				v[m++] = &opps->list[i];
		free(seen);
		if (m == n && order_insertion(v, n, key) == 0)
			goto note;
	}
	for (i = 0, m = 0; i < opps->count; i++)
		if (opps->list[i].ok)
			v[m++] = &opps->list[i];
	qsort_r(v, n, sizeof(*v), order_cmp, key);
	if (keep == NULL)
		return;
note:
	keep->base = opps->list;
	keep->nopps = opps->count;
	keep->idx[k] = xreallocarray(keep->idx[k], n + 1, sizeof(*keep->idx[k]));
	for (j = 0; j < n; j++)
		keep->idx[k][j] = (size_t)(v[j] - opps->list);
	keep->n[k] = n;
}

void
opp_order_make(struct opp_order *out, const struct site *site,
    const struct opportunities *opps)
{
	opp_order_make_keep(out, site, opps, NULL, NULL);
}

void
opp_order_make_keep(struct opp_order *out, const struct site *site,
    const struct opportunities *opps, struct opp_order_keep *keep,
    const unsigned long long *gen)
{
	size_t	i, k, n = 0, s, m, ns, *byname, words;
	int	same;

	memset(out, 0, sizeof(*out));
	out->now = opps->now;
	out->base = opps->list;
	out->nopps = opps->count;
	out->archive_year = xcalloc(opps->count + 1,
	    sizeof(*out->archive_year));
	/* Every listing page shows how many name each skill. */
	ns = site->skills != NULL && site->skills->kind == VALUE_MAP ?
	    site->skills->count : 0;
	out->skill_count = xcalloc(ns + 1, sizeof(*out->skill_count));
	/* And a skill's page lists those that name it: which skills each
	 * one names, found once rather than on every such page. Each skill
	 * named is found by its key among the site's, sorted. */
	words = out->skill_words = (ns + 63) / 64;
	out->skill_bits = xcalloc(opps->count * words + 1,
	    sizeof(*out->skill_bits));
	byname = xcalloc(ns + 1, sizeof(*byname));
	for (s = 0; s < ns; s++)
		byname[s] = s;
	qsort_r(byname, ns, sizeof(*byname), skill_key_cmp,
	    (void *)site->skills);
	/* Those not read again since the last render are as they were
	 * then (the same settings and now: keep is serve's world's). */
	same = keep != NULL && gen != NULL && keep->gen != NULL &&
	    keep->base == opps->list && keep->nopps == opps->count &&
	    keep->archive_year != NULL && keep->skill_words == words;
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];
		uint64_t *row = &out->skill_bits[i * words];

		if (!o->ok)
			continue;
		n++;
		out->open += o->status == OPP_STATUS_OPEN;
		if (same && gen[i] == keep->gen[i]) {
			out->archive_year[i] = keep->archive_year[i];
			memcpy(row, &keep->skill_bits[i * words], words *
			    sizeof(*row));
			continue;
		}
		out->archive_year[i] = page_archive_year(site, o, opps->now);
		for (m = 0; m < o->nskills; m++) {
			size_t lo = 0, hi = ns;
			const char *want = opps->list[i].skills[m];

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				int c = strcmp(site->skills->pairs[
				    byname[mid]].key->str, want);

				if (c < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			/* Every key that is the same (none: keys are
			 * unique) counts it. */
			for (; lo < ns && strcmp(site->skills->pairs[
			    byname[lo]].key->str, want) == 0; lo++) {
				s = byname[lo];
				row[s / 64] |= (uint64_t)1 << (s % 64);
			}
		}
	}
	free(byname);
	out->count = n;
	/* An opportunity names a skill once (else it is not shown). */
	for (i = 0; i < opps->count * words; i++) {
		uint64_t w = out->skill_bits[i];

		for (s = (i % words) * 64; w != 0; s++, w >>= 1)
			out->skill_count[s] += (size_t)(w & 1);
	}
	for (k = 0; k < site->nlangs; k++) {
		struct i18n_collator *coll = i18n_collator_new(
		    site->langs[k].code);
		struct order_key key = { coll, k };

		out->list[k] = xcalloc(n + 1, sizeof(*out->list[k]));
		order_sort(out->list[k], n, opps, keep, k, gen, &key);
		i18n_collator_free(coll);
	}
	if (keep != NULL) {
		free(keep->gen);
		free(keep->archive_year);
		free(keep->skill_bits);
		keep->gen = NULL;
		keep->archive_year = NULL;
		keep->skill_bits = NULL;
		if (gen != NULL) {
			keep->gen = xcalloc(opps->count + 1,
			    sizeof(*keep->gen));
			memcpy(keep->gen, gen, opps->count * sizeof(*gen));
			keep->archive_year = xcalloc(opps->count + 1,
			    sizeof(*keep->archive_year));
			memcpy(keep->archive_year, out->archive_year,
			    opps->count * sizeof(*out->archive_year));
			keep->skill_bits = xcalloc(opps->count * words + 1,
			    sizeof(*keep->skill_bits));
			memcpy(keep->skill_bits, out->skill_bits,
			    opps->count * words * sizeof(*keep->skill_bits));
			keep->skill_words = words;
		}
	}
}

void
opp_order_free(struct opp_order *o)
{
	size_t	k;

	for (k = 0; k < SITE_MAX_LANGS; k++) {
		free(o->list[k]);
		free(o->cards[k]);
	}
	for (k = 0; k < o->narenas; k++)
		arena_free(o->arenas[k]);
	free(o->arenas);
	free(o->archive_year);
	free(o->skill_count);
	free(o->skill_bits);
	memset(o, 0, sizeof(*o));
}
