/*
 * Fuzz target for what readers see of an opportunity's history: the
 * input, split at NUL bytes, is the sequence of versions an opportunity
 * file had in past commits, one day apart from 2026-01-05 (so some come
 * after its closing). The file as it stands is the last version when that
 * reads without errors, else the base site's. The opportunity is dated
 * and its amendments collected from that history, then the base site's
 * pages, feeds and calendars are rendered with it. Past versions may be
 * anything: none of them may crash the reader or what it feeds.
 * (fuzz_history judges the history itself: deletions, renames,
 * corrections and the pull-request rules, on a site made by hand.)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "history.h"
#include "opportunity.h"
#include "page.h"
#include "render.h"
#include "support/fixture.h"
#include "xalloc.h"

#define HISTORY_PATH	"opportunities/data-cleanup.yml"
#define HISTORY_START	1767571200LL	/* 2026-01-05T00:00:00Z */
#define HISTORY_MAX	64		/* versions */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Split the input into versions in h's only file, each its own commit. */
static void
history_make(struct history *h, struct history_file *f, const char *text,
    size_t size)
{
	static struct history_commit commits[HISTORY_MAX];
	size_t	start = 0, i;

	memset(h, 0, sizeof(*h));
	memset(f, 0, sizeof(*f));
	memset(commits, 0, sizeof(commits));
	f->path = (char *)HISTORY_PATH;
	f->versions = xcalloc(HISTORY_MAX, sizeof(*f->versions));
	for (i = 0; i <= size && f->nversions < HISTORY_MAX; i++) {
		struct history_version *v;

		if (i < size && text[i] != '\0')
			continue;
		v = &f->versions[f->nversions];
		v->time = HISTORY_START + (long long)f->nversions * 86400;
		v->commit = f->nversions;
		snprintf(commits[v->commit].id, sizeof(commits[v->commit].id),
		    "%040zx", f->nversions);
		commits[v->commit].subject = (char *)"a change";
		commits[v->commit].settings = -1;
		v->len = i - start;
		v->data = xmalloc(v->len + 1);
		memcpy(v->data, text + start, v->len);
		v->data[v->len] = '\0';
		f->nversions++;
		start = i + 1;
	}
	f->added = f->versions[0].time;
	f->changed = f->versions[f->nversions - 1].time;
	h->available = 1;
	h->files = f;
	h->count = 1;
	h->commits = f->nversions;
	h->commit_list = commits;
	h->ncommits = f->nversions;
}

static void
history_drop(struct history_file *f)
{
	size_t	i;

	for (i = 0; i < f->nversions; i++)
		free(f->versions[i].data);
	free(f->versions);
}

/* Load the opportunities with the current file; 1 if it read cleanly. */
static int
load(struct opportunities *opps, struct source **srcp, struct arena *a,
    const struct history_version *cur, struct diags *d)
{
	static const char *const keep[] = { "opportunities/", "site/", "assets/", NULL };
	const struct fixture	*fx = fixture_get();
	size_t			 i;

	*srcp = cur != NULL ? fixture_source(keep, HISTORY_PATH, cur->data,
	    cur->len) : fixture_source(keep, NULL, NULL, 0);
	opportunities_load(opps, a, *srcp, &fx->site, FIXTURE_NOW, 1, 0,
	    d);
	for (i = 0; i < opps->count; i++)
		if (strcmp(opps->list[i].path, HISTORY_PATH) == 0)
			return opps->list[i].ok;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct fixture	*fx = fixture_get();
	struct history		 h;
	struct history_file	 f;
	struct opportunities	 opps;
	struct pages		 pages;
	struct render_stats	 stats;
	struct source		*src;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	size_t			 i;

	history_make(&h, &f, (const char *)data, size);
	if (!load(&opps, &src, a, &f.versions[f.nversions - 1], d)) {
		opportunities_free(&opps);
		source_free(src);
		diags_free(d);
		d = diags_new();
		arena_free(a);
		a = arena_new();
		load(&opps, &src, a, NULL, d);
	}
	opportunities_date(&opps, &h, &fx->site, a, NULL, 1, d);
	for (i = 0; i < opps.count; i++) {
		const struct opportunity *o = &opps.list[i];
		size_t j;

		if (o->namendments > 0 && o->amendments == NULL)
			abort();
		for (j = 0; j < o->namendments; j++)
			if (o->amendments[j].nchanges == 0 ||
			    o->amendments[j].time < HISTORY_START)
				abort();
	}
	pages_load(&pages, a, src, &fx->site, &fx->layouts, &opps, d);
	pages_date(&pages, &h);
	render_site(&stats, NULL, src, &fx->site, &pages, &fx->layouts,
	    &opps, FIXTURE_NOW, NULL, 1, NULL, d);
	fixture_print(d);
	pages_free(&pages);
	opportunities_free(&opps);
	source_free(src);
	history_drop(&f);
	diags_free(d);
	arena_free(a);
	return 0;
}
