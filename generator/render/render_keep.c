/*
 * What serve keeps of one render for the next (struct render_reuse): the
 * links of the pages written, the other pages' digests (what each shows
 * of the opportunities) and the pages and files a first step leaves for
 * later. Used by render.c. See render.h and render_impl.h.
 */
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "hash.h"
#include "links.h"
#include "opportunity.h"
#include "output.h"
#include "page.h"
#include "render.h"
#include "render_impl.h"
#include "render_opp.h"
#include "site.h"
#include "xalloc.h"

/* Where reuse keeps the links of opportunity page pg. */
struct links **
render_reuse_slot(struct render_reuse *r, const struct page *pg)
{
	return &r->links[(size_t)(pg->opp - r->opps->list) * SITE_MAX_LANGS +
	    pg->lang_index];
}

void
render_reuse_forget(struct render_reuse *r)
{
	size_t	i;

	for (i = 0; i < r->nkept; i++) {
		free(r->kept[i].out_path);
		links_free(r->kept[i].links);
	}
	free(r->kept);
	r->kept = NULL;
	r->nkept = r->capkept = 0;
}

void
render_reuse_late_free(struct render_reuse *r)
{
	size_t	i;

	for (i = 0; i < r->nlate; i++)
		free(r->late[i]);
	free(r->late);
	r->late = NULL;
	r->nlate = 0;
}

void
render_reuse_release(struct render_reuse *r)
{
	render_reuse_late_free(r);
	render_reuse_forget(r);
	opp_card_keep_free(r->cards);
	r->cards = NULL;
	emit_keep_free(r->emit);
	r->emit = NULL;
	opp_order_keep_free(r->order);
	r->order = NULL;
	links_free(r->checked);
	r->checked = NULL;
}

/* The entry of reuse for the page at out_path (added if add), or NULL. */
struct render_kept *
render_kept_find(struct render_reuse *r, const char *out_path, int add)
{
	size_t	i;

	for (i = 0; i < r->nkept; i++)
		if (strcmp(r->kept[i].out_path, out_path) == 0)
			return &r->kept[i];
	if (!add)
		return NULL;
	if (r->nkept == r->capkept) {
		r->capkept = r->capkept ? r->capkept * 2 : 16;
		r->kept = xreallocarray(r->kept, r->capkept,
		    sizeof(*r->kept));
	}
	memset(&r->kept[r->nkept], 0, sizeof(r->kept[0]));
	r->kept[r->nkept].out_path = xstrdup(out_path);
	return &r->kept[r->nkept++];
}

/* Add path (taken, not copied) to r->late. */
void
render_late_take(struct render_reuse *r, char *path)
{
	if (r->nlate % 64 == 0)
		r->late = xreallocarray(r->late, r->nlate + 65,
		    sizeof(*r->late));
	r->late[r->nlate++] = path;
	r->late[r->nlate] = NULL;
}

/*
 * Whether every page not made from one opportunity can be left as the
 * output folder holds it, to be rendered again (if what it shows
 * changed) after the pages of the opportunities are shown: each was
 * written by the last build, which kept its links, and is unchanged in
 * the folder.
 */
int
render_can_defer(struct render_reuse *r, const struct pages *pages,
    struct output *out)
{
	size_t	i;

	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];
		struct render_kept *k;

		if (pg->lay == NULL || pg->out_path == NULL ||
		    pg->title == NULL || pg->ref == NULL || pg->lang == NULL ||
		    pg->kind == PAGE_OPPORTUNITY)
			continue;
		k = render_kept_find(r, pg->out_path, 0);
		if (k == NULL || k->links == NULL ||
		    !output_can_keep(out, pg->out_path))
			return 0;
	}
	return 1;
}

/* A string, or NULL (as ""), mixed into the digest h. */
static unsigned long long
mix_str(unsigned long long h, const char *s)
{
	return hash_mix64_bytes(h, s, s != NULL ? strlen(s) : 0);
}

/* Opportunity x, whose card hash in the page's language is v, mixed
 * into the digest *d of a page that lists it. */
static void
mix_shown(unsigned long long *d, size_t x, unsigned long long v)
{
	*d = hash_mix64(hash_mix64(*d, x), v);
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * What each page not made from one opportunity shows of the
 * opportunities (see render_opp_view()), as a hash by index in
 * pages->list: the counts every listing shows (shown, open, by year, by
 * skill), from what each opportunity is, and the opportunities the page
 * lists, in order, each by what the page's language shows of it (its
 * card, opp_card_keep_shown(): an edit to another language's text alone
 * leaves the page as it was). The order of each language is gone
 * through once, each opportunity mixed into the pages that list it (a
 * skill page found by its skill's place among the skill pages' keys),
 * rather than once per page.
 */
unsigned long long *
render_digests(const struct pages *pages, const struct opp_order *order,
    const struct opportunities *opps, const struct opp_card_keep *cards)
{
	unsigned long long	*dg = xcalloc(pages->count + 1, sizeof(*dg));
	unsigned long long	 g = 1469598103934665603ULL;
	const char		**keys;
	size_t			*skill_of, *off, *head, *next, *lists[3],
				 nlist[3];
	size_t			 i, j, m, k, nk = 0, nsk = 0, nlangs = 0;

	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		nsk += o->nskills;
		g = hash_mix64(g, (unsigned long long)o->ok);
		if (!o->ok)
			continue;
		g = hash_mix64(g, (unsigned long long)o->status);
		g = hash_mix64(g, (unsigned long long)order->archive_year[i]);
		g = hash_mix64(g, (unsigned long long)o->nskills);
		for (m = 0; m < o->nskills; m++)
			g = mix_str(g, o->skills[m]);
	}
	/* The skill pages' keys, sorted, each once. */
	keys = xcalloc(pages->count + 1, sizeof(*keys));
	for (i = 0; i < pages->count; i++)
		if (pages->list[i].kind == PAGE_SKILL)
			keys[nk++] = pages->list[i].skill;
	qsort(keys, nk, sizeof(*keys), str_cmp);
	for (i = j = 0; i < nk; i++)
		if (j == 0 || strcmp(keys[j - 1], keys[i]) != 0)
			keys[j++] = keys[i];
	nk = j;
	/* Each opportunity's skills that have a page, as places in keys. */
	skill_of = xcalloc(nsk + 1, sizeof(*skill_of));
	off = xcalloc(opps->count + 1, sizeof(*off));
	for (i = 0, nsk = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];

		off[i] = nsk;
		for (m = 0; m < o->nskills; m++) {
			const char **at = bsearch(&o->skills[m], keys, nk,
			    sizeof(*keys), str_cmp);

			if (at != NULL)
				skill_of[nsk++] = (size_t)(at - keys);
		}
	}
	off[opps->count] = nsk;
	for (i = 0; i < pages->count; i++)
		if (pages->list[i].kind != PAGE_OPPORTUNITY &&
		    pages->list[i].lang_index + 1 > nlangs)
			nlangs = pages->list[i].lang_index + 1;
	/* By language and key, the skill pages (1 + index, chained). */
	head = xcalloc(nlangs * nk + 1, sizeof(*head));
	next = xcalloc(pages->count + 1, sizeof(*next));
	for (i = 0; i < 3; i++)
		lists[i] = xcalloc(pages->count + 1, sizeof(*lists[i]));
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];
		unsigned long long h;

		if (pg->kind == PAGE_OPPORTUNITY)
			continue;
		h = mix_str(hash_mix64(g, pg->kind), pg->out_path);
		dg[i] = hash_mix64(mix_str(h, pg->skill),
		    (unsigned long long)pg->year);
		if (pg->kind == PAGE_SKILL) {
			const char **at = bsearch(&pg->skill, keys, nk,
			    sizeof(*keys), str_cmp);
			size_t *slot = &head[pg->lang_index * nk +
			    (size_t)(at - keys)];

			/* Chained in reverse, walked in any order: each
			 * page's hash is its own. */
			next[i] = *slot;
			*slot = i + 1;
		}
	}
	for (k = 0; k < nlangs; k++) {
		const unsigned long long *shown = opp_card_keep_shown(cards, k);

		/* The home pages (open ones), listings and archives (by
		 * year) of language k. */
		nlist[0] = nlist[1] = nlist[2] = 0;
		for (i = 0; i < pages->count; i++) {
			const struct page *pg = &pages->list[i];

			if (pg->lang_index != k)
				continue;
			if (pg->kind == PAGE_SOURCE && pg->ref != NULL &&
			    strcmp(pg->ref, "home") == 0)
				lists[0][nlist[0]++] = i;
			else if (pg->kind == PAGE_LISTING)
				lists[1][nlist[1]++] = i;
			else if (pg->kind == PAGE_ARCHIVE)
				lists[2][nlist[2]++] = i;
		}
		for (j = 0; j < order->count; j++) {
			const struct opportunity *o = order->list[k][j];
			size_t x = (size_t)(o - opps->list), p;
			unsigned long long v = shown != NULL ? shown[x] : 0;

			for (i = 0; o->status == OPP_STATUS_OPEN &&
			    i < nlist[0]; i++)
				mix_shown(&dg[lists[0][i]], x, v);
			for (i = 0; order->archive_year[x] == 0 &&
			    i < nlist[1]; i++)
				mix_shown(&dg[lists[1][i]], x, v);
			for (i = 0; i < nlist[2]; i++)
				if (order->archive_year[x] ==
				    pages->list[lists[2][i]].year)
					mix_shown(&dg[lists[2][i]], x, v);
			for (m = off[x]; m < off[x + 1]; m++)
				for (p = head[k * nk + skill_of[m]]; p != 0;
				    p = next[p - 1])
					mix_shown(&dg[p - 1], x, v);
		}
	}
	for (i = 0; i < 3; i++)
		free(lists[i]);
	free(head);
	free(next);
	free(off);
	free(skill_of);
	free(keys);
	return dg;
}

/*
 * Forget what a first step rendered (rendered, by index in pages->list)
 * and left for later, its files not committed: the pages' links, the
 * extra outputs' parts and the paths left.
 */
void
render_reuse_undo(struct render_reuse *r, const struct pages *pages,
    const unsigned char *rendered)
{
	size_t	i;

	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];
		struct render_kept *k;

		if (!rendered[i])
			continue;
		if (pg->kind == PAGE_OPPORTUNITY) {
			struct links **slot = render_reuse_slot(r, pg);

			links_free(*slot);
			*slot = NULL;
		} else if ((k = render_kept_find(r, pg->out_path, 0)) !=
		    NULL) {
			links_free(k->links);
			k->links = NULL;
		}
	}
	emit_keep_free(r->emit);
	r->emit = NULL;
	render_reuse_late_free(r);
}
