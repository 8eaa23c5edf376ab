/*
 * Fuzz target for a Markdown page: the input is a whole page file (front
 * matter and body) in place of the base site's site/en/about.md, whose
 * French translation and other pages stay. It is read by the page loader and rendered through its templates, Markdown
 * and layouts as a check does (nothing written). The body is also
 * rendered alone with tight limits, so the limit paths are reached by
 * small inputs: success stays within the output limit, failure is
 * reported.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "opportunity.h"
#include "page.h"
#include "render.h"
#include "support/fixture.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
whole_page(const char *text, size_t size)
{
	static const char *const site_files[] = { "site/", "assets/", NULL };
	const struct fixture	*fx = fixture_get();
	struct source		*src;
	struct opportunities	 none;
	struct pages		 pages;
	struct render_stats	 stats;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();

	memset(&none, 0, sizeof(none));
	src = fixture_source(site_files, "site/en/about.md", text, size);
	if (pages_load(&pages, a, src, &fx->site, &fx->layouts, &none, d) != 0
	    && diags_errors(d) == 0)
		abort();
	if (render_site(&stats, NULL, src, &fx->site, &pages, &fx->layouts,
	    &none, FIXTURE_NOW, NULL, 1, NULL, d) != 0 && diags_errors(d) == 0)
		abort();
	fixture_print(d);
	pages_free(&pages);
	source_free(src);
	diags_free(d);
	arena_free(a);
}

static void
body_alone(const char *text, size_t size)
{
	const struct markdown_limits tight = { .max_input = 2048,
	    .max_output = 8192 };
	const struct markdown_source ms = { "fuzz.md", 1, 0, 0 };
	struct markdown_info	 info;
	struct buf		 out = BUF_INIT;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();

	diags_source(d, "fuzz.md", text, size);
	if (markdown_render(&out, &info, a, &ms, text, size, &tight, d) == 0) {
		if (out.len > tight.max_output || size > tight.max_input)
			abort();
	} else if (diags_errors(d) == 0)
		abort();
	fixture_print(d);
	buf_free(&out);
	diags_free(d);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	whole_page((const char *)data, size);
	body_alone((const char *)data, size);
	return 0;
}
