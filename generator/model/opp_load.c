/*
 * The opportunities as a whole: the general conditions they share, their
 * files read on several threads (each file alone by opp_read() in
 * opportunity.c, unchanged ones of a scoped check standing as stubs),
 * their order, slugs unique in each language, and reading some again.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "pack.h"
#include "par.h"
#include "path.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "yml.h"
#include "xalloc.h"

static int
opp_cmp(const void *pa, const void *pb)
{
	const struct opportunity *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/* One opportunity's slug in one language, for sorting. */
struct slug_key {
	const char	*slug;	/* the slug */
	size_t		 i;	/* index in the list, sorted by path */
};

static int
slug_cmp(const void *pa, const void *pb)
{
	const struct slug_key	*a = pa, *b = pb;
	int			 c = strcmp(a->slug, b->slug);

	return c != 0 ? c : (a->i > b->i) - (a->i < b->i);
}

/*
 * Slugs are unique per language (they are the pages' addresses). Sorting
 * by slug puts equal ones side by side: the first by path keeps its slug,
 * and every later one is reported against it.
 */
static int
opportunities_check_slugs(struct opportunities *o, const struct site *site,
    struct diags *d)
{
	struct slug_key	*keys = xcalloc(o->count + 1, sizeof(*keys));
	size_t		 i, n, k, keep = 0;
	int		 rc = 0;

	for (k = 0; k < site->nlangs; k++) {
		for (i = n = 0; i < o->count; i++)
			if (o->list[i].ok) {
				keys[n].slug = o->list[i].text[k].slug;
				keys[n++].i = i;
			}
		qsort(keys, n, sizeof(*keys), slug_cmp);
		for (i = 0; i < n; i++) {
			struct opportunity *a = &o->list[keys[i].i];

			if (i == 0 || strcmp(keys[i].slug,
			    o->list[keep].text[k].slug) != 0) {
				keep = keys[i].i;
				continue;
			}
			diag_error(d, a->path, a->text[k].slug_line,
			    a->text[k].slug_col,
			    "the %s slug '%s' is already used by %s: give this "
			    "one its own 'slug'", site->langs[k].english,
			    a->text[k].slug, o->list[keep].path);
			a->ok = 0;	/* no page: it would collide */
			rc = -1;
		}
	}
	free(keys);
	return rc;
}

/*
 * Whether a slug of the opportunities at which (n of them) is another
 * shown one's too, in the same language: only then does
 * opportunities_check_slugs() need to sort them all to say which.
 */
static int
slugs_collide(const struct opportunities *o, const struct site *site,
    const size_t *which, size_t n)
{
	size_t	i, j, k;

	for (i = 0; i < n; i++) {
		const struct opportunity *x = &o->list[which[i]];

		for (k = 0; x->ok && k < site->nlangs; k++)
			for (j = 0; j < o->count; j++)
				if (j != which[i] && o->list[j].ok &&
				    strcmp(o->list[j].text[k].slug,
				    x->text[k].slug) == 0)
					return 1;
	}
	return 0;
}

/* The arenas one thread read files into: the last is being filled. */
struct opp_pieces {
	struct arena	**list;
	size_t		  n, cap;
};

/* What the threads reading opportunities share. */
struct opp_load {
	const struct opp_ctx		 *base;		/* the settings read */
	struct source			 *let_go;	/* the files' source, when
							 * their texts are let go
							 * once read, else NULL */
	int				  terms;	/* with let_go: keep
							 * digests of the terms */
	const struct source_file	**files;	/* to read */
	struct opportunity		 *list;		/* one per file */
	struct diags			**d;		/* one per file */
	struct opp_pieces		 *pieces;	/* one list per thread */
	unsigned			 *worker;	/* which read each file */
	const struct opp_stubs		 *stubs;	/* or NULL */
	/* With let_go, each file's tree is let go once read: */
	struct arena			**kept;		/* by thread: what
							 * is kept of the
							 * files it read */
	struct pack			**packs;	/* by thread */
	const struct pack_dict		 *dict;		/* they pack with */
	struct opp_lazy			 *lazy;		/* has the trees
							 * again */
	size_t				 *freed;	/* by thread: bytes of
							 * text let go since
							 * its last trim */
};

/*
 * Let go of the text of f, read into o: a diagnostic reads it again to
 * quote it, and dating knows it by its blob id. A text whose id cannot
 * be had is kept.
 */
static void
text_let_go(struct source *src, struct opportunity *o,
    const struct source_file *f, struct diags *d)
{
	if (f->data == NULL || source_blob_id(src, f, o->blob) != 0)
		return;
	o->has_blob = 1;
	diags_source_drop(d, f->path, source_reread, src);
	source_release(src, f->path);
	o->data = NULL;
}

/* Texts a thread lets go between two trims of the heap (each costs some
 * milliseconds with the texts of 10,000 files read). */
#define OPP_TRIM_BYTES	(32u << 20)

/*
 * Read file i into an arena of its own, let go of its text, keep what
 * rendering reads of it (packed, as opportunities_compact() would) and
 * let go of its tree: what reading all the files holds at once is then
 * about what rendering them needs, not their texts and trees.
 */
static void
opp_read_let_go(struct opp_load *l, size_t i, unsigned worker)
{
	struct opp_ctx		 c = *l->base;
	struct opportunity	*o = &l->list[i];
	struct arena		*tree = arena_new();

	c.a = tree;
	c.d = l->d[i];
	c.errors = 0;
	opp_read(&c, o, l->files[i]);
	text_let_go(l->let_go, o, l->files[i], c.d);
	if (l->packs[worker] == NULL)
		l->packs[worker] = pack_new(l->dict);
	if (o->root != NULL)
		o->lazy = l->lazy;
	/* Dating compares its terms with the file's older versions. */
	if (l->terms && o->ok && o->has_blob && o->root != NULL &&
	    o->root->kind == VALUE_MAP)
		o->has_terms = opp_terms_digest(o->root, c.site, o->terms) ==
		    0;
	opp_compact_one(l->packs[worker], l->kept[worker], o);
	o->piece = OPP_NO_PIECE;
	arena_free(tree);
	/* The texts let go are free blocks of the heap that read them:
	 * give their pages back as what is kept grows. */
	if (o->data == NULL && (l->freed[worker] += o->len) >=
	    OPP_TRIM_BYTES) {
		l->freed[worker] = 0;
		xalloc_trim();
	}
}

static void
opp_read_one(void *ctx, size_t i, unsigned worker)
{
	struct opp_load	*l = ctx;
	struct opp_ctx	 c = *l->base;
	struct opp_pieces *p = &l->pieces[worker];

	if (l->list[i].cached)
		return;		/* a stub */
	if (l->let_go != NULL && (l->stubs == NULL || l->stubs->keep == NULL ||
	    !l->stubs->keep(l->stubs->ctx, l->files[i]->path))) {
		opp_read_let_go(l, i, worker);
		return;
	}
	/* A file's allocations stay in one piece, for compacting. */
	if (arena_used(p->list[p->n - 1]) >= OPP_PIECE_BYTES) {
		if (p->n == p->cap) {
			p->cap *= 2;
			p->list = xreallocarray(p->list, p->cap,
			    sizeof(*p->list));
		}
		p->list[p->n++] = arena_new();
		/* The texts let go so far are free blocks of the reading
		 * thread's heap: give their pages back as the trees grow. */
		if (l->let_go != NULL)
			xalloc_trim();
	}
	c.a = p->list[p->n - 1];
	l->list[i].piece = p->n - 1;	/* in the worker's list, for now */
	l->worker[i] = worker;
	c.d = l->d[i];
	c.errors = 0;
	opp_read(&c, &l->list[i], l->files[i]);
}

/*
 * Read the file of the stub at i after all (into l->d[i]), on this
 * thread. A file that cannot be read is reported.
 */
static void
opp_unstub(struct opp_load *l, struct arena *a, size_t i)
{
	struct opp_ctx		 c = *l->base;
	/* The source's file, which only gains its bytes. */
	struct source_file	*f = (struct source_file *)l->files[i];

	memset(&l->list[i], 0, sizeof(l->list[i]));
	opp_texts_new(&l->list[i], l->base->site, a);
	l->list[i].path = f->path;
	if (f->unread && (l->stubs == NULL || l->stubs->fill(l->stubs->ctx,
	    f) != 0)) {
		diag_error(l->d[i], f->path, 0, 0, "could not read this file");
		return;
	}
	c.a = a;
	c.d = l->d[i];
	c.errors = 0;
	opp_read(&c, &l->list[i], f);
}

/*
 * Read the stubs whose slug in some language another opportunity read
 * without errors has too. Returns how many were read.
 */
static size_t
opp_unstub_collisions(struct opp_load *l, struct arena *a, size_t n)
{
	struct slug_key	*keys = xcalloc(n + 1, sizeof(*keys));
	char		*hit = xcalloc(n + 1, 1);
	size_t		 i, j, m, k, done = 0;

	for (k = 0; k < l->base->site->nlangs; k++) {
		for (i = m = 0; i < n; i++)
			if (l->list[i].ok && l->list[i].text[k].slug != NULL) {
				keys[m].slug = l->list[i].text[k].slug;
				keys[m++].i = i;
			}
		qsort(keys, m, sizeof(*keys), slug_cmp);
		for (i = 0; i < m; i = j) {
			for (j = i + 1; j < m && strcmp(keys[j].slug,
			    keys[i].slug) == 0; j++)
				;
			if (j - i < 2)
				continue;
			for (; i < j; i++)
				if (l->list[keys[i].i].cached)
					hit[keys[i].i] = 1;
		}
	}
	for (i = 0; i < n; i++)
		if (hit[i]) {
			opp_unstub(l, a, i);
			done++;
		}
	free(hit);
	free(keys);
	return done;
}

int
opportunities_load(struct opportunities *out, struct arena *a,
    struct source *src, const struct site *site, long long now,
    unsigned jobs, int let_go, struct diags *d)
{
	return opportunities_load_stubs(out, a, src, site, now, jobs, let_go,
	    NULL, d);
}

int
opportunities_load_stubs(struct opportunities *out, struct arena *a,
    struct source *src, const struct site *site, long long now,
    unsigned jobs, int let_go, const struct opp_stubs *stubs,
    struct diags *d)
{
	struct opp_ctx	c;
	struct opp_load	l;
	size_t		i, k, n = 0;
	unsigned	t;
	int		rc = 0;

	memset(out, 0, sizeof(*out));
	out->now = now;
	memset(&c, 0, sizeof(c));
	c.site = site;
	c.a = a;
	c.d = d;
	c.now = now;
	c.src = src;
	if (opp_read_general(&c) != 0)
		rc = -1;
	memset(&l, 0, sizeof(l));
	l.base = &c;
	l.let_go = let_go & OPP_LET_GO ? src : NULL;
	l.terms = (let_go & OPP_TERMS) != 0;
	l.stubs = stubs;
	l.files = xcalloc(src->count + 1, sizeof(*l.files));
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, OPP_DIR, strlen(OPP_DIR)) != 0)
			continue;
		/* opportunities/ID/FILE: an attachment, see below. */
		if (strchr(f->path + strlen(OPP_DIR), '/') != NULL)
			continue;
		l.files[n++] = f;
	}
	jobs = par_threads(n, jobs);
	out->list = l.list = xcalloc(n + 1, sizeof(*out->list));
	out->count = n;
	l.d = xcalloc(n + 1, sizeof(*l.d));
	for (i = 0; i < n; i++)
		l.d[i] = diags_new();
	l.worker = xcalloc(n + 1, sizeof(*l.worker));
	l.pieces = xcalloc(jobs, sizeof(*l.pieces));
	for (t = 0; t < jobs; t++) {
		l.pieces[t].cap = 4;
		l.pieces[t].list = xcalloc(4, sizeof(*l.pieces[t].list));
		l.pieces[t].list[l.pieces[t].n++] = arena_new();
	}
	if (let_go) {
		out->lazy = l.lazy = opp_lazy_new(src);
		l.kept = xcalloc(jobs, sizeof(*l.kept));
		l.packs = xcalloc(jobs, sizeof(*l.packs));
		l.freed = xcalloc(jobs, sizeof(*l.freed));
		for (t = 0; t < jobs; t++)
			l.kept[t] = arena_new();
		/* Texts compacted later pack with it too. */
		l.dict = out->dict = opp_pack_dict(l.files, n);
	}
	/* A file left unread stands as its stub, or is read now. */
	for (i = 0; i < n; i++) {
		if (!l.files[i]->unread)
			continue;
		if (stubs != NULL && stubs->stub(stubs->ctx, &l.list[i],
		    l.files[i], a) == 0) {
			l.list[i].path = l.files[i]->path;
			l.list[i].len = l.files[i]->len;
			l.list[i].cached = 1;
		} else
			opp_unstub(&l, a, i);
	}
	/* Each file is read on its own; its problems are reported in the
	 * order of the files, as one thread would. */
	par_for(n, jobs, opp_read_one, &l);
	/* A stub's slug another has: its file says where they collide. */
	while (opp_unstub_collisions(&l, a, n) > 0)
		;
	for (i = 0; i < n; i++) {
		diags_merge(d, l.d[i]);
		diags_free(l.d[i]);
		if (!out->list[i].ok)
			rc = -1;
	}
	/* Every file was compacted as it was read (let_go, none kept):
	 * opportunities_compact() has nothing to do. */
	for (i = 0; let_go && i < n && out->list[i].piece == OPP_NO_PIECE; i++)
		;
	for (t = 0; let_go && i == n && t < jobs; t++)
		while (l.pieces[t].n > 0)
			arena_free(l.pieces[t].list[--l.pieces[t].n]);
	/* The opportunities' own: opportunities_compact() lets them go. */
	for (t = 0; t < jobs; t++)
		out->npieces += l.pieces[t].n;
	out->pieces = xcalloc(out->npieces + 1, sizeof(*out->pieces));
	for (t = 0, k = 0; t < jobs; t++) {
		for (i = 0; i < n; i++)
			if (l.worker[i] == t && out->list[i].piece !=
			    OPP_NO_PIECE)
				out->list[i].piece += k;
		memcpy(out->pieces + k, l.pieces[t].list, l.pieces[t].n *
		    sizeof(*out->pieces));
		k += l.pieces[t].n;
		free(l.pieces[t].list);
	}
	free(l.pieces);
	if (let_go) {
		out->a = arena_new();
		for (t = 0; t < jobs; t++) {
			arena_absorb(out->a, l.kept[t]);
			pack_free(l.packs[t]);
		}
		free(l.kept);
		free(l.packs);
		free(l.freed);
	}
	free(l.worker);
	free(l.d);
	free(l.files);
	if (out->count > 1)
		qsort(out->list, out->count, sizeof(*out->list), opp_cmp);
	if (opportunities_check_slugs(out, site, d) != 0)
		rc = -1;
	if (opp_check_strays(out, src, d) != 0)
		rc = -1;
	return rc;
}

int
opportunities_reload(struct opportunities *o, struct arena *a,
    const struct source *src, const size_t *which, size_t n,
    const struct site *site, struct diags *d)
{
	struct opp_ctx	 c;
	struct diags	*quiet = diags_new();
	size_t		 i;
	int		 rc = 0;

	memset(&c, 0, sizeof(c));
	c.site = site;
	c.a = a;
	c.d = quiet;
	c.now = o->now;
	c.src = src;
	/* Read before, with the same settings: its problems are known. */
	opp_read_general(&c);
	diags_free(quiet);
	c.d = d;
	for (i = 0; i < n; i++) {
		struct opportunity *x = &o->list[which[i]];
		const struct source_file *f = source_find(src, x->path);

		if (f == NULL)
			return -1;
		memset(x, 0, sizeof(*x));
		opp_read(&c, x, f);
		if (!x->ok)
			rc = -1;
	}
	/* The others' slugs were found unique when last read. */
	if (slugs_collide(o, site, which, n) &&
	    opportunities_check_slugs(o, site, d) != 0)
		rc = -1;
	if (opp_check_strays(o, src, d) != 0)
		rc = -1;
	return rc;
}

void
opportunities_free(struct opportunities *o)
{
	size_t	i;

	for (i = 0; i < o->npieces; i++)
		arena_free(o->pieces[i]);
	free(o->pieces);
	o->pieces = NULL;
	o->npieces = 0;
	arena_free(o->a);
	o->a = NULL;
	opp_lazy_free(o->lazy);
	o->lazy = NULL;
	pack_dict_free(o->dict);	/* after the texts packed with it */
	o->dict = NULL;
	free(o->list);
	o->list = NULL;
	o->count = 0;
}
