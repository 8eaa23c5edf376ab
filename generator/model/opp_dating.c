/*
 * Dating opportunities from their history: reading the old versions
 * of many files in the order Git packed them, on several threads, and
 * keeping what comparing them concluded (dating.cache) so that a file
 * whose history did not change is not read again. The file as built,
 * whose tree was let go once read, is compared by the digest of its terms
 * taken then (opp_terms_digest()): it is read again only when its terms
 * are not those of the version before it. What a comparison means is
 * opp_history.c's.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "arena.h"
#include "blobid.h"
#include "buf.h"
#include "cachefile.h"
#include "date_cache.h"
#include "diag.h"
#include "history.h"
#include "opp_history_impl.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "par.h"
#include "site.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"

/* Opportunities dated together: their old versions are held at once. */
#define DATE_BATCH	256
/* Dating at most this many, the dating cache is not read. */
#define DATE_CACHE_FEW	16
/* Versions read between two trims of the heap. */
#define DATE_TRIM_VERSIONS	2048

/* Versions are compared in pairs: a file with one text is never read. */
static int
compared(const struct history_file *f)
{
	size_t	i, texts = 0;

	for (i = 0; i < f->nversions && texts < 2; i++)
		texts += !f->versions[i].deleted;
	return texts >= 2;
}

/* The version that is the file as built: the file already loaded. */
static int
is_current(const struct history *h, const struct opportunity *o,
    const struct history_version *v, struct history_id *id)
{
	if (o->root == NULL || o->root->kind != VALUE_MAP)
		return 0;
	if (o->data == NULL)	/* let go: known by its id */
		return o->has_blob && history_same_blob(h, v, o->len,
		    o->blob);
	return history_same_id(h, v, o->data, o->len, id);
}

/*
 * Load one version of o's file quietly: a broken old version is skipped.
 * Its text is read, parsed, and let go.
 */
static struct value *
load_version(struct arena *a, const struct history *h,
    struct git_repository *repo, const struct opportunity *o,
    const struct history_version *v)
{
	struct value	*root;
	char		*text;
	size_t		 len;

	if ((text = history_text_in(h, repo, v, &len)) == NULL)
		return NULL;
	root = opp_parse_quiet(a, o->path, text, len);
	free(text);
	return root;
}

/*
 * The tree of o's file as built, whose tree was let go once read
 * (opportunities_load()), read again from the working tree wt, as a
 * diagnostic would (opp_text_again()): a file is cheaper to read than its
 * blob, stored as a change to another. NULL when the file changed since
 * (its blob is no longer o's).
 */
static struct value *
load_current(struct arena *a, const struct source *wt,
    const struct opportunity *o)
{
	struct value	*root;
	char		*text;
	size_t		 len;

	if ((text = opp_text_again(wt, o, &len)) == NULL)
		return NULL;
	root = opp_parse_quiet(a, o->path, text, len);
	free(text);
	return root;
}

/* A version to read: which, and the commit that made it. */
struct want {
	size_t	commit;		/* index in history.commit_list */
	size_t	opp;		/* index in the opportunities */
	size_t	version;	/* index in its history_file's versions */
	int	current;	/* the file as built, whose tree was let go:
				 * read from the working tree */
};

static int
want_cmp(const void *pa, const void *pb)
{
	const struct want *a = pa, *b = pb;

	if (a->commit != b->commit)
		return a->commit < b->commit ? -1 : 1;
	if (a->opp != b->opp)
		return a->opp < b->opp ? -1 : 1;
	return a->version < b->version ? -1 : a->version > b->version;
}

/* An opportunity, and the commit that made its file's first version. */
struct opp_order {
	size_t	first;		/* index in history.commit_list */
	size_t	opp;		/* index in the opportunities */
};

static int
opp_order_cmp(const void *pa, const void *pb)
{
	const struct opp_order *a = pa, *b = pb;

	if (a->first != b->first)
		return a->first < b->first ? -1 : 1;
	return a->opp < b->opp ? -1 : a->opp > b->opp;
}

/* Versions read at once by one thread: near each other in the pack. */
#define READ_CHUNK	32

/* One batch's versions, read on several threads. */
struct reader {
	const struct history		*h;
	const struct opportunities	*o;
	struct value			***roots; /* where each goes */
	const struct want		*want;	/* what to read, in order */
	size_t				 n;	/* wants */
	struct git_repository		**repo;	/* each thread's handle */
	struct arena			**a;	/* each thread's scratch */
	const struct source		*worktree; /* or NULL */
};

/* Read and parse the wants of chunk i, in their order, on worker. */
static void
read_chunk(void *ctx, size_t i, unsigned worker)
{
	struct reader	*r = ctx;
	size_t		 k, end = (i + 1) * READ_CHUNK;

	for (k = i * READ_CHUNK; k < end && k < r->n; k++) {
		const struct want *w = &r->want[k];
		const struct opportunity *p = &r->o->list[w->opp];
		struct value *root = NULL;

		if (w->current)
			root = load_current(r->a[worker], r->worktree, p);
		if (root == NULL)
			root = load_version(r->a[worker], r->h,
			    r->repo[worker], p, &history_find(r->h,
			    p->path)->versions[w->version]);
		r->roots[w->opp][w->version] = root;
	}
}

/* What comparing versions depends on besides them: the cache's header. */
static char *
dating_format(const struct site *site)
{
	struct buf	b = BUF_INIT;
	size_t		k;

	buf_printf(&b, "dating 1; marche %s; zone %s; langs", MARCHE_VERSION,
	    site->time_zone != NULL ? site->time_zone : "");
	for (k = 0; k < site->nlangs; k++)
		buf_printf(&b, " %s", site->langs[k].code);
	return buf_detach(&b, NULL);
}

/* The cache key of f's versions: a SHA-1 of its path and each version. */
static int
dating_key(const struct history *h, const struct history_file *f,
    unsigned char key[20])
{
	struct buf	b = BUF_INIT;
	git_oid		sum;
	size_t		k;
	int		rc;

	buf_puts(&b, f->path);
	buf_put_le(&b, 0, 1);
	for (k = 0; k < f->nversions; k++) {
		const struct history_version *v = &f->versions[k];

		buf_put(&b, v->commit < h->ncommits ?
		    h->commit_list[v->commit].id : "", v->commit <
		    h->ncommits ? 40 : 0);
		buf_put_le(&b, 0, 1);
		buf_put(&b, v->blob, 20);
		buf_put_le(&b, (v->has_blob ? 1 : 0) | (v->deleted ? 2 : 0), 1);
	}
	rc = blob_id(b.data, b.len, sum.id);
	if (rc == 0)
		memcpy(key, sum.id, 20);
	buf_free(&b);
	return rc == 0 ? 0 : -1;
}

/* Can entry e stand for comparing f's versions? */
static int
hit_fits(const struct dcache_entry *e, const struct history_file *f)
{
	size_t	s;

	for (s = 0; s < e->nsteps; s++)
		if (e->steps[s].version == 0 ||
		    e->steps[s].version >= f->nversions ||
		    f->versions[e->steps[s].version].deleted)
			return 0;
	return 1;
}

/* A version of an opportunity's file whose reading is put off. */
struct deferred {
	size_t	opp;		/* index in the opportunities */
	size_t	version;	/* index in its history_file's versions */
	int	read;		/* to read after all: its terms are not
				 * those of the version before */
};

/* One dating run: what date_marked's steps share. */
struct dating {
	struct opportunities	*o;
	const struct history	*h;
	const struct site	*site;
	const struct source	*worktree; /* or NULL: a revision */
	const unsigned char	*only;	/* opportunities to date, or NULL */
	struct judge		 j;
	struct reader		 r;
	unsigned		 jobs;	/* threads reading, each a handle */
	struct value		***roots; /* each opportunity's versions */
	struct want		*want;	/* this batch's versions to read */
	size_t			 nwant, capwant;
	struct deferred		*defer;	/* this batch's files as built,
					 * read once the versions before
					 * them are */
	size_t			 ndefer, capdefer;
	struct history_id	 ids[DATE_BATCH]; /* each file as built,
					  * hashed, by place in the batch */
	/* The dating cache: read, and the one to write. */
	char			*cpath;	/* its path, or NULL: no cache */
	char			*format; /* its header */
	struct dcache		 dc;	/* as read */
	const struct dcache_entry **hits; /* each opportunity's, or NULL */
	unsigned char		(*keys)[20]; /* each opportunity's key */
	struct steps		 st;	/* the steps being noted */
	struct buf		 out;	/* the entries to write */
	size_t			*offs;	/* where each ends in out, from 1 */
	size_t			 noffs, fresh, used;
};

/* Should opportunity i be dated in this run? */
static int
wanted(const struct dating *dt, size_t i)
{
	return (dt->only == NULL || dt->only[i]) && dt->o->list[i].ok;
}

/*
 * Read what comparing versions concluded before (date_cache.h): an
 * opportunity whose versions are the same is not read again.
 */
static void
dating_cache_open(struct dating *dt, struct arena *a)
{
	memset(&dt->dc, 0, sizeof(dt->dc));
	if (!dt->h->cached || dt->h->repo == NULL ||
	    (dt->cpath = cachefile_path(dt->h->repo, "dating.cache")) == NULL)
		return;
	dt->format = dating_format(dt->site);
	(void)dcache_read(&dt->dc, dt->cpath, dt->format, dt->site->nlangs,
	    a);
}

/*
 * Opportunities are dated in batches, so that the old versions parsed
 * for comparison are held for one batch only (scratch), not the build.
 * The versions to compare are read in the order of the commits that made
 * them: Git stores a version as a change to one near it in the pack,
 * often one made at about the same time, and libgit2 keeps what it
 * rebuilt last (16 MiB of it), where reading file by file would rebuild
 * each from up to fifty changes away. So a batch is opportunities created
 * one after the other, not ones by name: then its versions are near each
 * other however many opportunities there are, and the cost of a read
 * stays the same. Dating one opportunity does not depend on another, and
 * what it reports is sorted by file.
 */
static struct opp_order *
dating_order(const struct dating *dt, size_t *np)
{
	const struct opportunities *o = dt->o;
	struct opp_order *order;
	size_t		  i, n = 0;

	order = xreallocarray(NULL, o->count + 1, sizeof(*order));
	for (i = 0; i < o->count; i++) {
		const struct history_file *f;

		/* Dating some (serve): only those, not the thousands. */
		if (dt->only != NULL && !dt->only[i])
			continue;
		f = o->list[i].ok ? history_find(dt->h, o->list[i].path) :
		    NULL;
		order[n].first = f != NULL && f->nversions > 0 ?
		    f->versions[0].commit : 0;
		order[n].opp = i;
		n++;
	}
	if (n > 1)
		qsort(order, n, sizeof(*order), opp_order_cmp);
	*np = n;
	return order;
}

/* Note version k of opportunity i's file f as one to read. */
static void
want_push(struct dating *dt, size_t i, size_t k,
    const struct history_version *v)
{
	if (dt->nwant == dt->capwant) {
		dt->capwant = dt->capwant ? dt->capwant * 2 : 256;
		dt->want = xreallocarray(dt->want, dt->capwant,
		    sizeof(*dt->want));
	}
	dt->want[dt->nwant].commit = v->commit;
	dt->want[dt->nwant].opp = i;
	dt->want[dt->nwant].version = k;
	dt->want[dt->nwant].current = 0;
	dt->nwant++;
}

/* Put off reading version k of opportunity i's file. */
static void
defer_push(struct dating *dt, size_t i, size_t k)
{
	if (dt->ndefer == dt->capdefer) {
		dt->capdefer = dt->capdefer ? dt->capdefer * 2 : 256;
		dt->defer = xreallocarray(dt->defer, dt->capdefer,
		    sizeof(*dt->defer));
	}
	dt->defer[dt->ndefer].opp = i;
	dt->defer[dt->ndefer].version = k;
	dt->ndefer++;
}

/*
 * The version of f to compare by its terms' digest when the older
 * version before it is read: the only one that is p's file as built,
 * whose tree was let go (its digest taken then). f->nversions when there
 * is none, or more than one (a file reverted to an earlier text).
 */
static size_t
built_version(const struct dating *dt, const struct opportunity *p,
    const struct history_file *f)
{
	size_t	k, built = f->nversions;

	if (!p->has_terms || p->root != NULL || p->data != NULL ||
	    !p->has_blob)
		return f->nversions;
	for (k = 0; k < f->nversions; k++) {
		if (f->versions[k].deleted || !history_same_blob(dt->h,
		    &f->versions[k], p->len, p->blob))
			continue;
		if (built != f->nversions)
			return f->nversions;
		built = k;
	}
	return built;
}

/*
 * The versions of opportunity i (at place x of its batch) to read: none
 * when the cache has what comparing them concluded, the file as built
 * taken as it is, or its reading put off until the version before it is
 * read (read_deferred()).
 */
static void
want_versions(struct dating *dt, struct arena *scratch, size_t i, size_t x)
{
	struct opportunity *p = &dt->o->list[i];
	const struct history_file *f;
	size_t		k, built;

	memset(&dt->ids[x], 0, sizeof(dt->ids[x]));
	if (!wanted(dt, i) || (f = history_find(dt->h, p->path)) == NULL ||
	    !compared(f))
		return;
	if (dt->cpath != NULL && dating_key(dt->h, f, dt->keys[i]) == 0 &&
	    (dt->hits[i] = dcache_find(&dt->dc, dt->keys[i])) != NULL &&
	    !hit_fits(dt->hits[i], f))
		dt->hits[i] = NULL;
	if (dt->hits[i] != NULL)
		return;
	dt->roots[i] = arena_calloc(scratch, f->nversions,
	    sizeof(**dt->roots));
	built = built_version(dt, p, f);
	for (k = 0; k < f->nversions; k++) {
		const struct history_version *v = &f->versions[k];

		if (v->deleted)
			continue;
		if (is_current(dt->h, p, v, &dt->ids[x]))
			dt->roots[i][k] = p->root;
		else if (k == built) {
			defer_push(dt, i, k);
		} else {
			want_push(dt, i, k, v);
			/* The file as built, its tree let go. */
			dt->want[dt->nwant - 1].current = dt->worktree !=
			    NULL && p->root == NULL && p->data == NULL &&
			    p->has_blob && history_same_blob(dt->h, v, p->len,
			    p->blob);
		}
	}
}

/* Read this batch's wants on the threads, parsed into their scratch. */
static void
read_wants(struct dating *dt, struct arena *scratch)
{
	unsigned	t;

	if (dt->nwant > 1)
		qsort(dt->want, dt->nwant, sizeof(*dt->want), want_cmp);
	dt->r.want = dt->want;
	dt->r.n = dt->nwant;
	dt->r.a[0] = scratch;
	for (t = 1; t < dt->jobs; t++)
		if (dt->r.a[t] == NULL)
			dt->r.a[t] = arena_new();
	par_for((dt->nwant + READ_CHUNK - 1) / READ_CHUNK, dt->jobs,
	    read_chunk, &dt->r);
}

/* Let go of what read_wants() parsed on the other threads. */
static void
read_done(struct dating *dt)
{
	unsigned	t;

	for (t = 1; t < dt->jobs; t++) {
		arena_free(dt->r.a[t]);
		dt->r.a[t] = NULL;
	}
}

/*
 * Settle deferred version d: comparing two versions reads their terms
 * only (opp_terms_diff()), so a file as built whose terms are those of
 * the version it follows (their digests are the same) takes that
 * version's tree, which stands for it; another is to be read. Each
 * touches its own opportunity's versions: run on several threads.
 */
static void
settle_deferred(void *ctx, size_t d, unsigned worker)
{
	struct dating		*dt = ctx;
	struct deferred		*df = &dt->defer[d];
	const struct opportunity *p = &dt->o->list[df->opp];
	const struct history_file *f = history_find(dt->h, p->path);
	struct value		**roots = dt->roots[df->opp];
	unsigned char		 sum[20];
	size_t			 j;

	(void)worker;
	/* The version before, as opp_date_one() takes it. */
	for (j = df->version; j > 0; j--)
		if (!f->versions[j - 1].deleted && roots[j - 1] != NULL)
			break;
	df->read = !(j > 0 && opp_terms_digest(roots[j - 1], dt->site,
	    sum) == 0 && memcmp(sum, p->terms, sizeof(sum)) == 0);
	if (!df->read)
		roots[df->version] = roots[j - 1];
}

/*
 * Read the files as built whose reading was put off (want_versions()),
 * now that the versions before them are read, unless their terms are
 * those of the version before (settle_deferred()). Returns how many were
 * read.
 */
static size_t
read_deferred(struct dating *dt, struct arena *scratch)
{
	size_t	d;

	par_for(dt->ndefer, dt->jobs, settle_deferred, dt);
	dt->nwant = 0;
	for (d = 0; d < dt->ndefer; d++) {
		const struct deferred *df = &dt->defer[d];
		const struct history_file *f;

		if (!df->read)
			continue;
		f = history_find(dt->h, dt->o->list[df->opp].path);
		want_push(dt, df->opp, df->version,
		    &f->versions[df->version]);
		dt->want[dt->nwant - 1].current = dt->worktree != NULL;
	}
	dt->ndefer = 0;
	if (dt->nwant > 0)
		read_wants(dt, scratch);
	return dt->nwant;
}

/*
 * Keep what dating opportunity i from f concluded for the cache written
 * at the end: the entry it came from, or a new one when every version
 * could be read (one that could not may be read later).
 */
static void
cache_keep(struct dating *dt, size_t i, const struct history_file *f)
{
	size_t	k, at;

	if (dt->cpath == NULL)
		return;
	if (dt->hits[i] != NULL) {
		buf_put(&dt->out, dt->hits[i]->raw, dt->hits[i]->rawlen);
		dt->offs[++dt->noffs] = dt->out.len;
		dt->used++;
		return;
	}
	if (dt->roots[i] == NULL)
		return;
	for (k = 0; k < f->nversions; k++)
		if (!f->versions[k].deleted && dt->roots[i][k] == NULL)
			return;
	at = dt->out.len;
	dcache_put_entry(&dt->out, dt->keys[i], dt->st.list, dt->st.count);
	if (dcache_entry_ok((unsigned char *)dt->out.data + at,
	    dt->out.len - at, dt->site->nlangs)) {
		dt->offs[++dt->noffs] = dt->out.len;
		dt->fresh++;
	} else
		dt->out.len = at;
}

/*
 * Is p, built from the working tree, other than its file's last
 * committed version lastv (a preview)? The file as built is hashed once
 * (id).
 */
static int
differs_from_commit(const struct dating *dt, const struct opportunity *p,
    const struct history_version *lastv, struct history_id *id)
{
	const struct source_file *now;

	now = source_find(dt->worktree, p->path);
	if (now == NULL)
		return 0;
	if (p->data == NULL)	/* let go: the file read is the one built */
		return p->has_blob && !history_same_blob(dt->h, lastv, p->len,
		    p->blob);
	if (now->data == p->data && now->len == p->len)
		return !history_same_id(dt->h, lastv, now->data, now->len, id);
	return !history_same(dt->h, lastv, now->data, now->len);
}

/* Date opportunity i, at place x of its batch, from what was read. */
static void
date_read(struct dating *dt, size_t i, size_t x)
{
	struct opportunity *p = &dt->o->list[i];
	const struct history_file *f;

	if (!wanted(dt, i))
		return;
	f = history_find(dt->h, p->path);
	if (f == NULL || f->nversions == 0) {
		p->preview = dt->worktree != NULL;	/* not committed */
		return;
	}
	dt->st.count = 0;
	opp_date_one(p, f, &dt->j, dt->roots[i], dt->hits[i], &dt->st);
	cache_keep(dt, i, f);
	dt->roots[i] = NULL;
	if (dt->worktree != NULL && differs_from_commit(dt, p,
	    &f->versions[f->nversions - 1], &dt->ids[x]))
		p->preview = 1;
}

/*
 * Each thread reads with a handle of its own, the first with h's; one
 * that cannot be had leaves fewer threads.
 */
static void
readers_open(struct dating *dt, unsigned jobs)
{
	unsigned	t;

	dt->r.h = dt->h;
	dt->r.o = dt->o;
	dt->r.worktree = dt->worktree;
	dt->r.roots = dt->roots;
	jobs = jobs < 1 ? 1 : jobs;
	dt->r.repo = xcalloc(jobs, sizeof(*dt->r.repo));
	dt->r.a = xcalloc(jobs, sizeof(*dt->r.a));
	for (t = 1; t < jobs; t++)
		if ((dt->r.repo[t] = history_reopen(dt->h)) == NULL)
			break;
	dt->jobs = t;
}

/* Date the opportunities that only marks (all when only is NULL). */
static void
date_marked(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    unsigned jobs, const unsigned char *only, struct diags *d)
{
	struct dating	 dt;
	struct opp_order *order;
	size_t		 first, last, x, read = 0, norder;
	unsigned	 t;

	if (h == NULL || !h->available)
		return;
	memset(&dt, 0, sizeof(dt));
	dt.o = o;
	dt.h = h;
	dt.site = site;
	dt.worktree = worktree;
	dt.only = only;
	dt.j.h = h;
	dt.j.site = site;
	dt.j.a = a;
	dt.j.d = d;
	dt.out = (struct buf)BUF_INIT;
	/* The cache is read whole: dating a few (serve) reads their
	 * versions sooner, with the same conclusions. */
	for (x = 0; only != NULL && x < o->count; x++)
		read += only[x];
	if (only == NULL || read > DATE_CACHE_FEW)
		dating_cache_open(&dt, a);
	read = 0;
	dt.hits = xcalloc(o->count + 1, sizeof(*dt.hits));
	dt.keys = xcalloc(o->count + 1, sizeof(*dt.keys));
	dt.offs = xcalloc(o->count + 2, sizeof(*dt.offs));
	dt.j.zones = arena_calloc(a, h->nsettings + 1, sizeof(*dt.j.zones));
	dt.roots = arena_calloc(a, o->count + 1, sizeof(*dt.roots));
	order = dating_order(&dt, &norder);
	readers_open(&dt, jobs);
	for (first = 0; first < norder; first = last) {
		struct arena *scratch = arena_new();

		last = first + DATE_BATCH < norder ? first + DATE_BATCH :
		    norder;
		dt.nwant = 0;
		for (x = first; x < last; x++)
			want_versions(&dt, scratch, order[x].opp, x - first);
		read_wants(&dt, scratch);
		read += dt.nwant;
		read += read_deferred(&dt, scratch);
		for (x = first; x < last; x++)
			date_read(&dt, order[x].opp, x - first);
		arena_free(scratch);
		read_done(&dt);
		if (read >= DATE_TRIM_VERSIONS) {
			read = 0;
			xalloc_trim();
		}
	}
	if (read > 0)
		xalloc_trim();
	for (t = 1; t < dt.jobs; t++)
		history_close(dt.r.repo[t]);
	free(dt.r.repo);
	free(dt.r.a);
	free(order);
	free(dt.want);
	free(dt.defer);
	/* Dating some keeps the others' entries: the file is left as is. */
	if (dt.cpath != NULL && only == NULL && (dt.fresh > 0 ||
	    dt.used != dt.dc.count))
		(void)dcache_write(dt.cpath, dt.format, &dt.out, dt.offs,
		    dt.noffs);
	dcache_free(&dt.dc);
	free(dt.hits);
	free(dt.keys);
	free(dt.offs);
	free(dt.st.list);
	buf_free(&dt.out);
	free(dt.cpath);
	free(dt.format);
	if (only == NULL)
		opp_report_gone(&dt.j, o);
}

int
opportunities_dating_cached(struct git_repository *repo)
{
	char	*path = repo != NULL ? cachefile_path(repo, "dating.cache") :
		    NULL;
	int	 there = path != NULL && access(path, F_OK) == 0;

	free(path);
	return there;
}

void
opportunities_date(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    unsigned jobs, struct diags *d)
{
	date_marked(o, h, site, a, worktree, jobs, NULL, d);
}

void
opportunities_date_some(struct opportunities *o, const struct history *h,
    const struct site *site, struct arena *a, const struct source *worktree,
    const size_t *which, size_t n, struct diags *d)
{
	unsigned char	*only = xcalloc(o->count + 1, 1);
	size_t		 i;

	for (i = 0; i < n; i++)
		only[which[i]] = 1;
	date_marked(o, h, site, a, worktree, 1, only, d);
	free(only);
}
