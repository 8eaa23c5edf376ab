/*
 * Fuzz target for an opportunity file: the input is opportunities/fuzz.yml
 * beside the base site's opportunity and pages. It is read and checked
 * against the site's rules at two moments (while the base opportunity is
 * open, and long after everything has closed), and when it is read
 * without errors its pages (listing, opportunity, skills) are rendered as
 * a check does. A failed load must say why; a file read without errors
 * must have what a page needs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opportunity.h"
#include "page.h"
#include "render.h"
#include "support/fixture.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_one(const struct opportunity *o, const struct site *site)
{
	size_t	k;

	if (!o->ok)
		return;
	for (k = 0; k < site->nlangs; k++)
		if (o->text[k].title == NULL || o->text[k].slug == NULL ||
		    o->text[k].permalink == NULL ||
		    o->text[k].out_path == NULL ||
		    o->text[k].permalink[0] != '/' ||
		    strstr(o->text[k].out_path, "..") != NULL)
			abort();
	if (o->nskills > 0 && o->skills == NULL)
		abort();
	for (k = 0; k < o->nattachments; k++)
		if (o->attachments[k].out_path == NULL ||
		    strstr(o->attachments[k].out_path, "..") != NULL ||
		    strncmp(o->attachments[k].out_path, "opportunities/", 14)
		    != 0 || o->attachments[k].type == NULL)
			abort();
	for (k = 0; o->apply_by == OPP_APPLY_FORM && k < site->nlangs; k++)
		if (o->apply_form[k] == NULL)
			abort();
	if (o->apply_by == OPP_APPLY_WEB && o->apply_url == NULL)
		abort();
	if (o->stated == OPP_STATUS_TERMINATED && !o->award.has_ended)
		abort();
}

static void
at(const char *text, size_t size, long long now)
{
	static const char *const keep[] = { "opportunities/", "site/", "assets/", NULL };
	const struct fixture	*fx = fixture_get();
	struct opportunities	 opps;
	struct pages		 pages;
	struct render_stats	 stats;
	struct source		*src;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	size_t			 i;
	int			 any = 0;

	memset(&pages, 0, sizeof(pages));
	src = fixture_source(keep, "opportunities/fuzz.yml", text, size);
	if (opportunities_load(&opps, a, src, &fx->site, now, 1, 0, d) != 0 &&
	    diags_errors(d) == 0)
		abort();
	for (i = 0; i < opps.count; i++) {
		check_one(&opps.list[i], &fx->site);
		any |= strcmp(opps.list[i].id, "fuzz") == 0 &&
		    opps.list[i].ok;
	}
	(void)opportunities_next_change(&opps, &fx->site, now);
	if (any) {
		pages_load(&pages, a, src, &fx->site, &fx->layouts, &opps, d);
		render_site(&stats, NULL, src, &fx->site, &pages,
		    &fx->layouts, &opps, now, NULL, 1, NULL, d);
	}
	fixture_print(d);
	pages_free(&pages);
	opportunities_free(&opps);
	source_free(src);
	diags_free(d);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	at((const char *)data, size, FIXTURE_NOW);
	at((const char *)data, size, FIXTURE_NOW + 3LL * 365 * 86400);
	return 0;
}
