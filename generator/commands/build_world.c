/*
 * What marche serve keeps between builds of one working tree: the
 * history of HEAD's commit (build_history()), and the last good build
 * whole (struct build_world), which the next build starts from when only
 * the bytes of opportunity files changed (world_take(),
 * world_take_changed()), reading, dating and rendering again only what
 * they change: the stages of build_run() that take it (world_inputs(),
 * world_pages()) and keep it for the next build (world_keep()).
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "build_impl.h"
#include "links.h"
#include "npmfiles.h"
#include "timing.h"
#include "value.h"
#include "xalloc.h"

/* Free what r holds for the opportunities of nopps. */
void
world_reuse_free(struct render_reuse *r, size_t nopps)
{
	size_t	i;

	for (i = 0; r->links != NULL && i < nopps * SITE_MAX_LANGS; i++)
		links_free(r->links[i]);
	free(r->links);
	free(r->gen);
	render_reuse_release(r);
	memset(r, 0, sizeof(*r));
}

void
world_free(struct build_world *w)
{
	if (w == NULL)
		return;
	world_reuse_free(&w->reuse, w->opps.count);
	pages_free(&w->pages);
	arena_free(w->pages_a);
	opportunities_free(&w->opps);
	layouts_free(&w->layouts);
	source_free(w->src);
	diags_free(w->report);
	arena_free(w->a);
	free(w);
}

struct build_cache *
build_cache_new(void)
{
	struct build_cache *c = xcalloc(1, sizeof(*c));

	c->record = output_record_new();
	c->keep = source_keep_new();
	return c;
}

void
build_cache_poll(struct build_cache *c)
{
	output_record_no_watch(c->record);
}

void
build_cache_free(struct build_cache *c)
{
	if (c == NULL)
		return;
	history_free(&c->hist);
	output_record_free(c->record);
	world_free(c->world);
	source_keep_free(c->keep);
	free(c);
}

/* The commit HEAD names in repo, in hex ("" when there is none yet). */
static void
head_commit(char out[GIT_OID_HEXSZ + 1], git_repository *repo)
{
	git_object	*obj = NULL;

	out[0] = '\0';
	if (git_revparse_single(&obj, repo, "HEAD") == 0 &&
	    git_object_type(obj) == GIT_OBJECT_COMMIT)
		git_oid_tostr(out, GIT_OID_HEXSZ + 1, git_object_id(obj));
	git_object_free(obj);
}

/*
 * The history for a build, read in repo: walked into *own, or, for the
 * working tree with a cache, the cache's while HEAD names the same
 * commit (else walked into the cache). *out is the one to use. Returns
 * as history_load() does.
 */
int
build_history(const struct history **out, struct history *own,
    git_repository *repo, const struct build_options *o, struct diags *d)
{
	struct build_cache	*c = o->cache;
	char			 head[GIT_OID_HEXSZ + 1];
	int			 rc, flags = o->no_cache ? HISTORY_NO_CACHE : 0;

	*out = own;
	if (c == NULL || o->rev != NULL)
		return history_load_repo(own, repo, o->rev, flags, d);
	head_commit(head, repo);
	if (!c->valid || strcmp(c->head, head) != 0) {
		history_free(&c->hist);
		c->valid = 0;
		if ((rc = history_load_repo(&c->hist, repo, NULL, flags, d))
		    != 0)
			return rc;
		memcpy(c->head, head, sizeof(head));
		c->valid = 1;
	}
	*out = &c->hist;
	return 0;
}

/*
 * A hash of what an opportunity's page sees of the other pages: every
 * page not made from one opportunity (site pages for the menu, the
 * listing, skill and archive pages it links to), by kind, reference,
 * language, address and title.
 */
unsigned long long
world_skeleton(const struct pages *p)
{
	unsigned long long	 h = 1469598103934665603ULL;
	size_t			 i;

	for (i = 0; i < p->count; i++) {
		const struct page *pg = &p->list[i];
		const char *parts[5] = { pg->ref, pg->lang, pg->out_path,
		    pg->permalink, pg->title };
		size_t k;

		if (pg->kind == PAGE_OPPORTUNITY)
			continue;
		h = (h ^ (unsigned)pg->kind) * 1099511628211ULL;
		h = (h ^ (unsigned)pg->year) * 1099511628211ULL;
		for (k = 0; k < 5; k++) {
			const char *c = parts[k] != NULL ? parts[k] : "";

			for (; *c != '\0'; c++)
				h = (h ^ (unsigned char)*c) * 1099511628211ULL;
			h = (h ^ 0x100) * 1099511628211ULL;
		}
	}
	return h;
}

/* Is path an opportunity's own file, directly in opportunities/? */
static int
opportunity_file(const char *path)
{
	return strncmp(path, "opportunities/", 14) == 0 &&
	    strchr(path + 14, '/') == NULL;
}

/* The files read again, for world_keep_unchanged(). */
struct world_reread {
	const struct opportunities	*opps;
	const size_t			*which;
	size_t				 n;
};

/* diags_take() filter: keep a reported problem unless it is about a file
 * read again (ctx: struct world_reread). */
static int
world_keep_unchanged(const struct diag *g, void *ctx)
{
	const struct world_reread	*r = ctx;
	size_t			 i;

	for (i = 0; g->path != NULL && i < r->n; i++)
		if (strcmp(g->path, r->opps->list[r->which[i]].path) == 0)
			return 0;
	return 1;
}

/*
 * Whether the texts of node_modules the site uses, read anew from
 * workdir, are those w was built with.
 */
static int
npm_unchanged(const struct build_world *w, const char *workdir)
{
	struct arena	*scratch = arena_new();
	struct diags	*quiet = diags_new();
	struct value	*npm;
	int		 same;

	npm = npmfiles_texts(&w->site.npm_files, workdir, 1, scratch, quiet);
	same = diags_errors(quiet) == 0 && (npm == w->site.npm ||
	    (npm != NULL && w->site.npm != NULL && value_equal(npm,
	    w->site.npm)));
	diags_free(quiet);
	arena_free(scratch);
	return same;
}

/*
 * Whether the last build w may be built on by a build of o: of the
 * working tree, written, with the same settings, now and HEAD's commit.
 */
static int
world_fits(const struct build_cache *c, const struct build_world *w,
    git_repository *repo, const struct build_options *o)
{
	char	head[GIT_OID_HEXSZ + 1];

	if (o->rev != NULL || o->base != NULL || o->base_url != NULL ||
	    !o->write || w->opps.now != o->now || !c->valid)
		return 0;
	head_commit(head, repo);
	return strcmp(head, c->head) == 0;
}

/* The index in w's opportunities of the one read from path, or their
 * count. */
static size_t
world_opp(const struct build_world *w, const char *path)
{
	size_t	k;

	for (k = 0; k < w->opps.count; k++)
		if (strcmp(w->opps.list[k].path, path) == 0)
			break;
	return k;
}

/* The pages of w's opportunity k are rendered again. */
static void
world_reread(struct build_world *w, size_t k)
{
	size_t	l;

	for (l = 0; l < SITE_MAX_LANGS; l++) {
		links_free(w->reuse.links[k * SITE_MAX_LANGS + l]);
		w->reuse.links[k * SITE_MAX_LANGS + l] = NULL;
	}
	w->reuse.gen[k] = ++w->reads;
}

/*
 * The world to build from, when c has one that src (just read) differs
 * from only by the bytes of opportunity files and HEAD and now are the
 * same: then the changed bytes are moved into the world's source (src
 * gets the old ones), *which gets the indices in the world's
 * opportunities of the files to read again (free it) and *n their
 * count. Otherwise the world is dropped and NULL returned.
 */
struct build_world *
world_take(struct build_cache *c, git_repository *repo,
    const struct build_options *o, const struct source *src, size_t **which,
    size_t *n)
{
	struct build_world	*w = c->world;
	size_t			 i, k, *list = NULL, cnt = 0;
	int			 trust;

	*which = NULL;
	*n = 0;
	c->world = NULL;
	if (w == NULL)
		return NULL;
	if (w->src->count != src->count || !world_fits(c, w, repo, o))
		goto drop;
	/*
	 * A file taken from the keep has the bytes the last read had: the
	 * world's, when it was made from that read. Others are compared.
	 */
	trust = w->read_no + 1 == c->reads;
	list = xcalloc(src->count + 1, sizeof(*list));
	for (i = 0; i < src->count; i++) {
		struct source_file *f = &src->files[i];
		const struct source_file *g = &w->src->files[i];

		if (strcmp(f->path, g->path) != 0)
			goto drop;
		if (trust && f->kept)
			continue;
		f->kept = 0;	/* compared, below too */
		if (f->len == g->len && memcmp(f->data, g->data, f->len) == 0) {
			f->kept = 1;
			continue;
		}
		if (!opportunity_file(f->path))
			goto drop;
		if ((k = world_opp(w, f->path)) == w->opps.count)
			goto drop;
		list[cnt++] = k;
	}
	if (!npm_unchanged(w, src->workdir))
		goto drop;
	for (i = 0; i < src->count; i++) {
		struct source_file *f = &src->files[i];
		struct source_file *g = &w->src->files[i];
		char *data = g->data;
		size_t len = g->len;

		if (f->kept)
			continue;
		g->data = f->data;
		g->len = f->len;
		f->data = data;
		f->len = len;
	}
	/* Their pages are rendered again. */
	for (i = 0; i < cnt; i++)
		world_reread(w, list[i]);
	*which = list;
	*n = cnt;
	return w;
drop:
	free(list);
	world_free(w);
	return NULL;
}

static int
index_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The world to build from when serve was told which input files changed
 * (o->changed_known): those are read alone, and the world is taken as
 * world_take() would from a read of the whole tree, when they are
 * opportunity files the world holds whose bytes alone changed (or files
 * made and gone again since, which no read would see). Returns NULL,
 * leaving c's world as it was, when that cannot be told that way: then
 * the whole tree is read. src gets the world's files.
 */
struct build_world *
world_take_changed(struct build_cache *c, git_repository *repo,
    const struct build_options *o, const struct source_limits *lim,
    size_t **which, size_t *n, size_t *nread)
{
	struct build_world	*w = c->world;
	char			**data = NULL;
	size_t			*len = NULL, *list = NULL, cnt = 0, i, k,
				 total = 0, nreadn = 0;
	struct source_file	**files = NULL;
	int			 ok = 0;

	*which = NULL;
	*n = 0;
	if (w == NULL || !o->changed_known || w->src->workdir == NULL ||
	    !world_fits(c, w, repo, o))
		return NULL;
	data = xcalloc(o->nchanged + 1, sizeof(*data));
	len = xcalloc(o->nchanged + 1, sizeof(*len));
	files = xcalloc(o->nchanged + 1, sizeof(*files));
	list = xcalloc(o->nchanged + 1, sizeof(*list));
	for (i = 0; i < w->src->count; i++)
		total += w->src->files[i].len;
	for (i = 0; i < o->nchanged; i++) {
		const struct source_file *f = source_find(w->src,
		    o->changed[i]);
		int rc;

		for (k = 0; k < i; k++)
			if (strcmp(o->changed[k], o->changed[i]) == 0)
				break;
		if (k < i)
			continue;	/* told twice */
		if (f == NULL && source_editor_file(o->changed[i]))
			continue;	/* not an input unless tracked */
		rc = source_wt_read_one(w->src->workdir, o->changed[i], lim,
		    &data[i], &len[i]);
		nreadn += rc == 0;
		if (rc == 1 && f == NULL)
			continue;	/* made and gone again */
		if (rc != 0 || f == NULL || f->data == NULL ||
		    !opportunity_file(f->path))
			goto out;
		if (f->len == len[i] && memcmp(f->data, data[i], len[i]) ==
		    0) {
			free(data[i]);
			data[i] = NULL;
			continue;
		}
		if ((k = world_opp(w, f->path)) == w->opps.count)
			goto out;
		total = total - f->len + len[i];
		files[cnt] = (struct source_file *)f;
		data[cnt] = data[i];
		len[cnt] = len[i];
		if (cnt != i)
			data[i] = NULL;
		list[cnt++] = k;
	}
	if (lim->max_total_bytes != 0 && total > lim->max_total_bytes)
		goto out;
	if (!npm_unchanged(w, w->src->workdir))
		goto out;
	ok = 1;
	*nread = nreadn;
	for (i = 0; i < cnt; i++) {
		free(files[i]->data);
		files[i]->data = data[i];
		files[i]->len = len[i];
		data[i] = NULL;
		/* Their pages are rendered again. */
		world_reread(w, list[i]);
	}
	c->world = NULL;
	qsort(list, cnt, sizeof(*list), index_cmp);
	*which = list;
	*n = cnt;
	list = NULL;
out:
	for (i = 0; i < o->nchanged; i++)
		free(data[i]);
	free(data);
	free(len);
	free(files);
	free(list);
	return ok ? w : NULL;
}

/*
 * Built on the last build (r->w): its settings, layouts and
 * opportunities, with only the opportunity files of which read and
 * dated again.
 */
int
world_inputs(struct run *r)
{
	const struct build_options *o = r->o;
	struct build_world	   *w = r->w;
	struct world_reread	    rr = { &w->opps, r->which, r->nwhich };
	size_t			    i;

	/* Only the opportunity files of which changed. */
	if (r->src != w->src)
		source_free(r->src);
	r->src = w->src;
	r->site = w->site;
	r->layouts = w->layouts;
	r->opps = w->opps;
	r->reuse = w->reuse;
	memset(&w->reuse, 0, sizeof(w->reuse));
	/* What the last build reported stands, but for those files. */
	for (i = 0; i < diags_count(w->report); i++) {
		const struct diag *g = diags_get(w->report, i);
		const struct source_file *f = g->path != NULL ?
		    source_find(r->src, g->path) : NULL;

		if (f != NULL)
			diags_source(r->d, f->path, f->data, f->len);
	}
	diags_take(r->d, w->report, world_keep_unchanged, &rr);
	timing_mark("settings");
	/* What pages were made of them (pages_patch()). */
	r->was = xcalloc(r->nwhich + 1, sizeof(*r->was));
	for (i = 0; i < r->nwhich; i++)
		r->was[i] = w->opps.list[r->which[i]];
	opportunities_reload(&r->opps, w->a, r->src, r->which, r->nwhich,
	    &r->site, r->d);
	timing_mark("opportunities");
	if (build_history(&r->h, &r->hist, r->repo, o, r->d) == 0)
		opportunities_date_some(&r->opps, r->h, &r->site, w->a, r->src,
		    r->which, r->nwhich, r->d);
	timing_mark("history, dates");
	for (i = 0; i < r->nwhich; i++) {
		struct opportunities one = {
			.list = &r->opps.list[r->which[i]], .count = 1,
			.now = r->opps.now };

		opportunities_check_posted(&one, r->h, &r->site, o->now, r->d);
	}
	return RUN_ON;
}

/*
 * The pages of the world r builds on, when an edit leaves them but for
 * the titles of the opportunities read again (pages_patch()): then they
 * are r's, with the world's skeleton, and 1 is returned. Else the world
 * lets them go and 0 is returned: pages_load() makes them.
 */
int
world_pages(struct run *r)
{
	struct build_world	*w = r->w;

	if (w->pages.list != NULL && pages_patch(&w->pages, w->pages_a,
	    &r->site, &r->opps, r->which, r->was, r->nwhich) == 0) {
		r->pages = w->pages;
		r->pages_a = w->pages_a;
		r->skeleton = w->skeleton;
		memset(&w->pages, 0, sizeof(w->pages));
		w->pages_a = NULL;
		return 1;
	}
	pages_free(&w->pages);
	arena_free(w->pages_a);
	w->pages_a = NULL;
	return 0;
}

/*
 * After a good build serve keeps, the world the next build may build
 * on; after one built on a world that failed, the world let go: the next
 * build starts afresh.
 */
void
world_keep(struct run *r, int ret)
{
	struct build_world	*w = r->w;

	if (r->keep && ret == EXIT_OK && diags_errors(r->d) == 0) {
		/* The next build may build on this one. */
		if (w == NULL) {
			w = xcalloc(1, sizeof(*w));
			w->src = r->src;
			w->a = r->a;
			r->a = NULL;
		}
		r->src = NULL;	/* the world's */
		w->read_no = r->o->cache->reads;
		w->site = r->site;
		w->layouts = r->layouts;
		w->opps = r->opps;
		w->skeleton = r->skeleton;
		w->pages = r->pages;
		w->pages_a = r->pages_a;
		memset(&r->pages, 0, sizeof(r->pages));
		r->pages_a = NULL;
		w->reuse = r->reuse;
		memset(&r->reuse, 0, sizeof(r->reuse));
		diags_free(w->report);
		w->report = diags_new();
		diags_take(w->report, r->d, NULL, NULL);
		r->o->cache->world = w;
		memset(&r->layouts, 0, sizeof(r->layouts));
		memset(&r->opps, 0, sizeof(r->opps));
	} else if (w != NULL) {
		/* Changed on the way: the next build starts afresh. */
		world_reuse_free(&r->reuse, r->opps.count);
		w->layouts = r->layouts;
		w->opps = r->opps;
		world_free(w);
		r->src = NULL;
		memset(&r->layouts, 0, sizeof(r->layouts));
		memset(&r->opps, 0, sizeof(r->opps));
	}
	r->w = NULL;
}
