#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "frontmatter.h"
#include "layout.h"
#include "mustache.h"
#include "site.h"
#include "text.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"

#define LAYOUT_DIR	"_layouts/"
#define PARTIAL_DIR	"_layouts/partials/"

static int
layout_cmp(const void *pa, const void *pb)
{
	const struct layout *a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

struct layout *
layouts_find(const struct layouts *l, const char *name)
{
	struct layout	key;

	if (l->count == 0)
		return NULL;
	key.name = name;
	return bsearch(&key, l->list, l->count, sizeof(*l->list), layout_cmp);
}

/* Read one layout file: front matter (parent) and template. */
static int
layout_read(struct layout *lay, struct arena *a, const struct source_file *f,
    struct diags *d)
{
	struct frontmatter	 fm;
	struct value		*meta, *parent;
	int			 rc = 0;

	diags_source(d, f->path, f->data, f->len);
	if (frontmatter_split(&fm, f->path, f->data, f->len, d) != 0)
		return -1;
	if (fm.present) {
		meta = site_load_yaml_part(a, f->path, fm.yaml, fm.yaml_len,
		    fm.yaml_line, d);
		if (meta == NULL)
			return -1;
		parent = value_map_get(meta, "layout");
		if (meta->kind != VALUE_MAP && meta->kind != VALUE_NULL) {
			diag_error(d, f->path, meta->line, meta->col,
			    "a layout's front matter must be keys and values");
			rc = -1;
		} else if (parent != NULL && parent->kind != VALUE_STRING) {
			diag_error(d, f->path, parent->line, parent->col,
			    "'layout' must name a layout");
			rc = -1;
		} else if (parent != NULL) {
			lay->parent_name = parent->str;
			lay->parent_line = parent->line;
			lay->parent_col = parent->col;
		}
	}
	if (text_check(NULL, f->path, fm.body, fm.body_len, fm.body_line,
	    "a layout", d) != 0)
		rc = -1;
	else if (mustache_parse(&lay->tmpl, f->path, fm.body, fm.body_len,
	    fm.body_line, d) != 0)
		rc = -1;
	return rc;
}

/* Resolve parents; a chain that comes back on itself is an error. */
static int
layouts_link(struct layouts *l, struct diags *d)
{
	size_t	i, steps;
	int	rc = 0;

	for (i = 0; i < l->count; i++) {
		struct layout *lay = &l->list[i];

		if (lay->parent_name == NULL)
			continue;
		lay->parent = layouts_find(l, lay->parent_name);
		if (lay->parent == NULL) {
			diag_error(d, lay->path, lay->parent_line,
			    lay->parent_col, "there is no layout '%s' "
			    "(looked for _layouts/%s.html)",
			    lay->parent_name, lay->parent_name);
			rc = -1;
		}
	}
	for (i = 0; i < l->count; i++) {
		const struct layout *p = l->list[i].parent;

		/* In a loop when its own chain comes back to it. */
		for (steps = 0; p != NULL && p != &l->list[i] &&
		    steps <= l->count; steps++)
			p = p->parent;
		if (p == &l->list[i]) {
			diag_error(d, l->list[i].path, l->list[i].parent_line,
			    l->list[i].parent_col, "layout '%s' is its own "
			    "ancestor: its 'layout' chain loops",
			    l->list[i].name);
			l->list[i].looped = 1;
			rc = -1;
		}
	}
	/* Cut every looping chain, so rendering always ends. */
	for (i = 0; i < l->count; i++)
		if (l->list[i].looped)
			l->list[i].parent = NULL;
	return rc;
}

static int
partial_cmp(const void *pa, const void *pb)
{
	return strcmp(((const struct partial *)pa)->name,
	    ((const struct partial *)pb)->name);
}

/*
 * Parse the partial in f once for every page that uses it, as a render
 * would parse it (layouts_partial()); one that does not parse is left
 * for each render to report.
 */
static void
partial_read(struct layouts *l, struct arena *a, const struct source_file *f)
{
	const char	*name = f->path + strlen(PARTIAL_DIR);
	size_t		 n = strlen(name);
	struct diags	*quiet;
	struct mustache	*t = NULL;

	if (n < 5 || strcmp(name + n - 5, ".html") != 0)
		return;
	quiet = diags_new();
	if (mustache_parse(&t, f->path, f->data, f->len, 1, quiet) == 0 &&
	    diags_count(quiet) == 0) {
		l->partials = xreallocarray(l->partials, l->npartials + 1,
		    sizeof(*l->partials));
		l->partials[l->npartials].name = arena_strndup(a, name, n - 5);
		l->partials[l->npartials++].tmpl = t;
		t = NULL;
	}
	mustache_free(t);
	diags_free(quiet);
}

int
layouts_load(struct layouts *out, struct arena *a, const struct source *src,
    struct diags *d)
{
	size_t	i, n;
	int	rc = 0;

	memset(out, 0, sizeof(*out));
	out->src = src;
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];
		const char	*name = f->path + strlen(LAYOUT_DIR);
		struct layout	*lay;

		if (strncmp(f->path, LAYOUT_DIR, strlen(LAYOUT_DIR)) != 0)
			continue;
		if (strncmp(f->path, PARTIAL_DIR, strlen(PARTIAL_DIR)) == 0) {
			/* Reported where they are used; known here for
			 * excerpts. */
			diags_source(d, f->path, f->data, f->len);
			partial_read(out, a, f);
			continue;
		}
		n = strlen(name);
		if (strchr(name, '/') != NULL || n < 6 ||
		    strcmp(name + n - 5, ".html") != 0) {
			diag_error(d, f->path, 0, 0, "layouts are .html files "
			    "directly in _layouts/ (partials go in "
			    "_layouts/partials/)");
			rc = -1;
			continue;
		}
		out->list = xreallocarray(out->list, out->count + 1,
		    sizeof(*out->list));
		lay = &out->list[out->count++];
		memset(lay, 0, sizeof(*lay));
		lay->name = arena_strndup(a, name, n - 5);
		lay->path = f->path;
		if (layout_read(lay, a, f, d) != 0)
			rc = -1;
	}
	if (out->count > 1)
		qsort(out->list, out->count, sizeof(*out->list), layout_cmp);
	if (out->npartials > 1)
		qsort(out->partials, out->npartials, sizeof(*out->partials),
		    partial_cmp);
	if (layouts_link(out, d) != 0)
		rc = -1;
	return rc;
}

void
layouts_free(struct layouts *l)
{
	size_t	i;

	for (i = 0; i < l->count; i++)
		mustache_free(l->list[i].tmpl);
	free(l->list);
	l->list = NULL;
	l->count = 0;
	for (i = 0; i < l->npartials; i++)
		mustache_free(l->partials[i].tmpl);
	free(l->partials);
	l->partials = NULL;
	l->npartials = 0;
}

/* Serve _layouts/partials/NAME.html to the template engine. */
static int
layouts_partial(const char **srcp, size_t *lenp, const char **pathp,
    const char *name, void *ctx)
{
	const struct layouts	*l = ctx;
	const struct source_file *f;
	struct buf		 path = BUF_INIT;

	buf_printf(&path, "%s%s.html", PARTIAL_DIR, name);
	f = source_find(l->src, buf_cstr(&path));
	buf_free(&path);
	if (f == NULL)
		return -1;
	*srcp = f->data;
	*lenp = f->len;
	*pathp = f->path;
	return 0;
}

/* The partial name as parsed when loaded, or NULL. */
static const struct mustache *
layouts_parsed(const char *name, void *ctx)
{
	const struct layouts	*l = ctx;
	size_t			 lo = 0, hi = l->npartials, mid;
	int			 c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(l->partials[mid].name, name);
		if (c == 0)
			return l->partials[mid].tmpl;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
layouts_render_template(struct buf *out, const struct layouts *l,
    const struct mustache *tmpl, const struct value *ctx, struct diags *d)
{
	return mustache_render_parsed(out, tmpl, ctx, layouts_partial,
	    layouts_parsed, (void *)l, d);
}

int
layouts_apply(struct buf *out, const struct layouts *l,
    const struct layout *lay, struct arena *a, struct value *ctx,
    const char *content, size_t len, struct diags *d)
{
	struct buf	 level[2] = { BUF_INIT, BUF_INIT }, *dst;
	struct value	*text = NULL;
	size_t		 at = out->len, k = 0;
	int		 rc = 0;

	/*
	 * Each level sees the text so far where it is, not a copy, and the
	 * last one renders straight into out: a listing's text is megabytes,
	 * and two pages of them render at once.
	 */
	for (; lay != NULL; lay = lay->parent) {
		if (lay->tmpl == NULL) {
			rc = -1;
			break;
		}
		if (len > VALUE_MAX_LEN) {
			diag_error(d, lay->path, 0, 0, "the content given to "
			    "this layout is %zu bytes, more than a value holds",
			    len);
			rc = -1;
			break;
		}
		if (text == NULL)
			text = value_map_set(a, ctx, "content",
			    value_string_static(a, ""));
		text->str = content;
		text->len = (uint32_t)len;
		dst = lay->parent == NULL ? out : &level[k];
		if (dst != out)
			buf_reset(dst);
		/* A layout's output holds its content: room for it at once,
		 * not by doubling from nothing. */
		buf_reserve(dst, len + 16 * 1024);
		if (layouts_render_template(dst, l, lay->tmpl, ctx, d) != 0) {
			rc = -1;
			break;
		}
		if (dst != out) {
			content = buf_cstr(dst);
			len = dst->len;
			k = 1 - k;
		}
	}
	if (rc == 0 && lay == NULL && text == NULL)	/* no layout at all */
		buf_put(out, content, len);
	if (rc != 0) {		/* nothing of a failed page is kept */
		out->len = at;
		if (out->data != NULL)
			out->data[at] = '\0';
	}
	if (text != NULL) {	/* not left pointing at freed text */
		text->str = "";
		text->len = 0;
	}
	buf_free(&level[0]);
	buf_free(&level[1]);
	return rc;
}
