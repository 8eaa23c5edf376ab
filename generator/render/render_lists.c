/*
 * The views of the pages that list opportunities: the listing and its
 * archive years, a skill's page, the home page's open opportunities and
 * the list of skills; and render_opp_view(), which gives each page kind
 * its view. One opportunity's view is render_opp.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opportunity.h"
#include "page.h"
#include "path.h"
#include "render_opp.h"
#include "render_opp_impl.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* skills: every skill with a page, sorted by name, with counts. */
static struct value *
view_skill_list(struct arena *a, const struct site *site,
    const struct pages *pages, const struct opp_order *order,
    const struct page *from)
{
	struct value		*list = value_seq(a);
	size_t			 i, n, k = from->lang_index;

	for (i = 0; site->skills != NULL && i < site->skills->count; i++) {
		const char *key = site->skills->pairs[i].key->str;
		const struct page *sp = pages_find(pages, arena_printf(a,
		    "skills/%s", key), k);
		struct value *s;

		if (sp == NULL)
			continue;
		n = order->skill_count[i];
		s = value_map(a);
		value_map_set(a, s, "key", value_string_static(a, key));
		value_map_set(a, s, "name", value_string_static(a, sp->title));
		value_map_set(a, s, "href", value_string(a,
		    path_relative(a, from->out_path, sp->out_path)));
		value_map_set(a, s, "count", value_int(a, (long long)n));
		value_seq_push(a, list, s);
	}
	render_sort_by_name(list, site->langs[k].code);
	return list;
}

/* The archive year of o (0: on the listing), as noted by opp_order_make. */
static int
order_year(const struct opp_order *order, const struct opportunity *o)
{
	return order->archive_year[o - order->base];
}

/*
 * archive: the archive's years, newest first, each {year, href, count,
 * current}; with newer and older, the years either side of year (0: the
 * listing itself).
 */
static struct value *
view_archive(struct arena *a, const struct pages *pages,
    const struct opp_order *order, const struct page *from, int year,
    struct value *listing)
{
	struct value	*list = value_seq(a);
	long long	*count;
	int		*years;
	size_t		 i, j, n = 0, k = from->lang_index;

	years = xcalloc(order->count + 1, sizeof(*years));
	count = xcalloc(order->count + 1, sizeof(*count));
	for (i = 0; i < order->count; i++) {
		int y = order_year(order, order->list[k][i]);

		if (y == 0)
			continue;
		for (j = 0; j < n && years[j] != y; j++)
			;
		if (j == n)
			years[n++] = y;
		count[j]++;
	}
	/* Newest first: insertion sort, as years are few. */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && years[j - 1] < years[j]; j--) {
			int ty = years[j];
			long long tc = count[j];

			years[j] = years[j - 1];
			count[j] = count[j - 1];
			years[j - 1] = ty;
			count[j - 1] = tc;
		}
	for (i = 0; i < n; i++) {
		const struct page *yp = pages_find(pages, arena_printf(a,
		    "opportunities/archive/%d", years[i]), k);
		struct value *y;

		if (yp == NULL)
			continue;
		y = value_map(a);
		value_map_set(a, y, "year", value_int(a, years[i]));
		value_map_set(a, y, "href", value_string(a, path_relative(a,
		    from->out_path, yp->out_path)));
		value_map_set(a, y, "count", value_int(a, count[i]));
		value_map_set(a, y, "current", value_bool(a,
		    years[i] == year));
		value_seq_push(a, list, y);
		if (year != 0 && years[i] > year)
			value_map_set(a, listing, "newer", y);
		if (year != 0 && years[i] < year &&
		    value_map_get(listing, "older") == NULL)
			value_map_set(a, listing, "older", y);
	}
	free(years);
	free(count);
	return list;
}

/*
 * listing: groups of opportunities by status, in listing order, of the
 * skill (when not NULL) and of the year: 0 for the listing (open and
 * recently closed ones), a year for its archive, -1 for every one.
 */
static struct value *
view_listing(struct arena *a, const struct site *site,
    const struct pages *pages, const struct opp_order *order,
    const struct page *from, const char *skill, int year, struct diags *d)
{
	struct value	*v = value_map(a), *groups = value_seq(a);
	struct value	*group = NULL, *items = NULL;
	size_t		 i, k = from->lang_index, count = 0, m;
	size_t		 bit = 0, ns = site->skills != NULL &&
			    site->skills->kind == VALUE_MAP ?
			    site->skills->count : 0;
	const char	*group_code = NULL;

	/* The skill's place in site->skills, when it has one: then which
	 * opportunities name it was found when they were put in order. */
	for (bit = 0; skill != NULL && bit < ns; bit++)
		if (strcmp(site->skills->pairs[bit].key->str, skill) == 0)
			break;
	for (i = 0; i < order->count; i++) {
		const struct opportunity *o = order->list[k][i];

		if (year >= 0 && order_year(order, o) != year)
			continue;
		if (skill != NULL && bit < ns) {
			if ((order->skill_bits[(size_t)(o - order->base) *
			    order->skill_words + bit / 64] >> (bit % 64) & 1)
			    == 0)
				continue;
		} else if (skill != NULL) {
			for (m = 0; m < o->nskills; m++)
				if (strcmp(o->skills[m], skill) == 0)
					break;
			if (m == o->nskills)
				continue;
		}
		if (group == NULL || strcmp(group_code,
		    opp_status_code(o->status)) != 0) {
			const char *code = opp_status_code(o->status);

			group_code = code;
			group = value_map(a);
			value_map_set(a, group, "code", value_string_static(a,
			    code));
			value_map_set(a, group, "label", value_string_static(a,
			    site_string(site, k, arena_printf(a, "group_%s", code),
			    code)));
			items = value_map_set(a, group, "items", value_seq(a));
			value_seq_push(a, groups, group);
		}
		value_seq_push(a, items, render_view_opp(a, site, pages, order,
		    from, o, k, 0, NULL, d));
		count++;
	}
	for (i = 0; i < groups->count; i++)
		value_map_set(a, groups->items[i], "count", value_int(a,
		    (long long)value_map_get(groups->items[i],
		    "items")->count));
	value_map_set(a, v, "groups", groups);
	value_map_set(a, v, "count", value_int(a, (long long)count));
	value_map_set(a, v, "empty", value_bool(a, count == 0));
	value_map_set(a, v, "open", value_int(a, (long long)order->open));
	value_map_set(a, v, "posted", value_int(a, (long long)order->count));
	if (year >= 0) {
		struct value *ar = view_archive(a, pages, order, from,
		    year, v);

		value_map_set(a, v, "archive", ar);
		value_map_set(a, v, "has_archive", value_bool(a,
		    ar->count > 0));
		if (year > 0)
			value_map_set(a, v, "year", value_int(a, year));
	}
	return v;
}

/* Every opportunity of a listing, in order, without the groups. */
static struct value *
skill_items(struct arena *a, const struct value *listing)
{
	const struct value *groups = value_map_get(listing, "groups");
	struct value	*items = value_seq(a);
	size_t		 i, j;

	for (i = 0; i < groups->count; i++) {
		const struct value *g = value_map_get(groups->items[i],
		    "items");

		for (j = 0; j < g->count; j++)
			value_seq_push(a, items, g->items[j]);
	}
	return items;
}

/*
 * home: the open opportunities, soonest closing first, as {count, items,
 * none}, and posted, the count of every opportunity shown on the site.
 */
static struct value *
view_home(struct arena *a, const struct site *site, const struct pages *pages,
    const struct opp_order *order, const struct page *from, struct diags *d)
{
	struct value	*v = value_map(a), *items = value_seq(a);
	size_t		 i, k = from->lang_index;

	for (i = 0; i < order->count; i++) {
		const struct opportunity *o = order->list[k][i];

		if (o->status == OPP_STATUS_OPEN)
			value_seq_push(a, items, render_view_opp(a, site, pages,
			    order, from, o, k, 0, NULL, d));
	}
	value_map_set(a, v, "items", items);
	value_map_set(a, v, "count", value_int(a, (long long)items->count));
	value_map_set(a, v, "none", value_bool(a, items->count == 0));
	value_map_set(a, v, "posted", value_int(a, (long long)order->count));
	return v;
}

int
render_opp_view(struct value *ctx, struct arena *a, const struct site *site,
    const struct pages *pages, const struct opp_order *order,
    const struct page *pg, struct links *l, struct diags *d)
{
	size_t	errors = diags_errors(d);
	const struct page *list;

	switch (pg->kind) {
	case PAGE_OPPORTUNITY:
		value_map_set(a, ctx, "opp", render_view_opp(a, site, pages,
		    order, pg, pg->opp, pg->lang_index, 1, l, d));
		break;
	case PAGE_LISTING:
	case PAGE_ARCHIVE:
		value_map_set(a, ctx, "listing", view_listing(a, site, pages,
		    order, pg, NULL, pg->kind == PAGE_ARCHIVE ? pg->year : 0,
		    d));
		value_map_set(a, ctx, "skills", view_skill_list(a, site, pages,
		    order, pg));
		break;
	case PAGE_SKILL: {
		struct value *listing = view_listing(a, site, pages, order,
		    pg, pg->skill, -1, d);
		struct value *s = value_map(a);

		value_map_set(a, s, "key", value_string_static(a, pg->skill));
		value_map_set(a, s, "name", value_string_static(a,
		    pg->title));
		value_map_set(a, s, "count", value_map_get(listing, "count"));
		value_map_set(a, s, "groups", value_map_get(listing,
		    "groups"));
		value_map_set(a, s, "items", skill_items(a, listing));
		value_map_set(a, ctx, "skill", s);
		value_map_set(a, ctx, "listing", listing);
		break;
	}
	default:
		if (pg->ref == NULL || strcmp(pg->ref, "home") != 0)
			return 0;
		value_map_set(a, ctx, "home", view_home(a, site, pages, order,
		    pg, d));
		break;
	}
	list = pages_find(pages, "opportunities", pg->lang_index);
	if (list != NULL)
		value_map_set(a, ctx, "listing_href", value_string(a,
		    path_relative(a, pg->out_path, list->out_path)));
	return diags_errors(d) > errors ? -1 : 0;
}
