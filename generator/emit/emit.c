#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "emit.h"
#include "emit_impl.h"
#include "escape.h"
#include "i18n.h"
#include "instant.h"
#include "links.h"
#include "markdown.h"
#include "opportunity.h"
#include "output.h"
#include "page.h"
#include "par.h"
#include "path.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"

/* Seconds in a day. */
#define DAY	86400LL

long long
emit_updated(const struct emit_ctx *e, const struct opportunity *o)
{
	long long	best = -1;
	size_t		i;

#define CONSIDER(t) do {						\
	if ((t) <= e->now && (t) > best)				\
		best = (t);						\
} while (0)
	if (o == NULL)
		goto none;
	/* The history knows when the file last changed: that is it. */
	if (o->dated)
		return o->updated;
	CONSIDER(o->closing.epoch);
	for (i = 0; i < o->nquestions; i++) {
		CONSIDER(o->questions[i].asked.epoch);
		if (o->questions[i].has_answer)
			CONSIDER(o->questions[i].answered.epoch);
	}
	if (o->has_award && o->award.has_accepted)
		CONSIDER(o->award.accepted.epoch);
#undef CONSIDER
	if (best >= 0)
		return best;
none:
	return e->now - ((e->now % DAY) + DAY) % DAY;
}

void
emit_url(struct buf *out, const struct emit_ctx *e, const char *permalink)
{
	buf_puts(out, e->site->base_url);
	escape_url_path(out, permalink, strlen(permalink));
}

void
emit_host(struct buf *out, const struct emit_ctx *e)
{
	const char	*h = e->site->base_url, *p;

	if ((p = strstr(h, "://")) != NULL)
		h = p + 3;
	buf_put(out, h, strcspn(h, "/:"));
}

/* Write v as n decimal digits at p, zero-padded; 0 if v does not fit
 * (then callers fall back to printf, which never truncates). */
static int
digits(char *p, long long v, int n)
{
	if (v < 0)
		return 0;
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
	return v == 0;
}

void
emit_utc(struct buf *out, long long epoch, int basic)
{
	long long	days = epoch / DAY, secs = epoch % DAY;
	int		y, m, d;
	char		s[20];

	if (secs < 0) {
		secs += DAY;
		days--;
	}
	instant_civil_from_days(&y, &m, &d, days);
	/* Formatted by hand: feeds and calendars write thousands. */
	if (basic && digits(s, y, 4) && digits(s + 4, m, 2) &&
	    digits(s + 6, d, 2) && digits(s + 9, secs / 3600, 2) &&
	    digits(s + 11, secs / 60 % 60, 2) && digits(s + 13, secs % 60,
	    2)) {
		s[8] = 'T';
		s[15] = 'Z';
		buf_put(out, s, 16);
	} else if (!basic && digits(s, y, 4) && digits(s + 5, m, 2) &&
	    digits(s + 8, d, 2) && digits(s + 11, secs / 3600, 2) &&
	    digits(s + 14, secs / 60 % 60, 2) && digits(s + 17, secs % 60,
	    2)) {
		s[4] = s[7] = '-';
		s[10] = 'T';
		s[13] = s[16] = ':';
		s[19] = 'Z';
		buf_put(out, s, 20);
	} else
		buf_printf(out, basic ? "%04d%02d%02dT%02d%02d%02dZ" :
		    "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
		    (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60));
}

void
emit_instant(struct buf *out, const struct instant *t)
{
	int	off = t->offset_min < 0 ? -t->offset_min : t->offset_min;
	char	s[25];

	if (digits(s, t->year, 4) && digits(s + 5, t->month, 2) &&
	    digits(s + 8, t->day, 2) && digits(s + 11, t->hour, 2) &&
	    digits(s + 14, t->minute, 2) && digits(s + 17, t->second, 2) &&
	    digits(s + 20, off / 60, 2) && digits(s + 23, off % 60, 2)) {
		s[4] = s[7] = '-';
		s[10] = 'T';
		s[13] = s[16] = s[22] = ':';
		s[19] = t->offset_min < 0 ? '-' : '+';
		buf_put(out, s, t->has_time ? 25 : 10);
		return;
	}
	buf_printf(out, "%04d-%02d-%02d", t->year, t->month, t->day);
	if (!t->has_time)
		return;
	buf_printf(out, "T%02d:%02d:%02d%c%02d:%02d", t->hour, t->minute,
	    t->second, t->offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

int
emit_page_shown(const struct page *pg)
{
	return pg->lay != NULL && pg->out_path != NULL && pg->title != NULL &&
	    pg->ref != NULL && pg->lang != NULL;
}

void
emit_list_add(struct emit_list *l, const char *rel, emit_make_fn *make,
    const void *arg, size_t k)
{
	struct emit_file *f;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->files = xreallocarray(l->files, l->cap, sizeof(*l->files));
	}
	f = &l->files[l->n++];
	memset(f, 0, sizeof(*f));
	f->rel = rel;
	f->make = make;
	f->arg = arg;
	f->k = k;
}

void
emit_list_own(struct emit_list *l, size_t i)
{
	l->files[l->n - 1].opp = i + 1;
}

void
emit_list_parts(struct emit_list *l)
{
	l->files[l->n - 1].parts = 1;
}

/* The parts of one opportunity in one file (see emit_keep). */
struct emit_part {
	struct buf	*v;		/* part j, when set[j] */
	unsigned char	*set;
	size_t		 n;
	unsigned long long gen;		/* made at */
	int		 made;
};

/* The parts of every opportunity in the file at rel. */
struct emit_parts {
	char		*rel;
	struct emit_part *by_opp;	/* by index in opps->list */
};

struct emit_keep {
	const struct opportunity *base;	/* opps->list */
	size_t		 nopps;
	long long	 now;
	struct emit_parts **files;
	size_t		 nfiles;
	unsigned long long *own_gen;	/* by index: its own files were
					 * written at */
	unsigned char	*own_made;
	struct buf	*bufs;		/* the buffers files were made in,
					 * kept with their room: the large
					 * ones are as large the next time */
	size_t		 nbufs;
};

struct emit_keep *
emit_keep_new(void)
{
	return xcalloc(1, sizeof(struct emit_keep));
}

static void
part_clear(struct emit_part *p)
{
	size_t	j;

	for (j = 0; j < p->n; j++)
		buf_free(&p->v[j]);
	free(p->v);
	free(p->set);
	memset(p, 0, sizeof(*p));
}

/* Forget all that k holds. */
static void
keep_reset(struct emit_keep *k)
{
	struct buf	*bufs;
	size_t		 i, j, nbufs;

	for (i = 0; i < k->nfiles; i++) {
		for (j = 0; j < k->nopps; j++)
			part_clear(&k->files[i]->by_opp[j]);
		free(k->files[i]->by_opp);
		free(k->files[i]->rel);
		free(k->files[i]);
	}
	free(k->files);
	free(k->own_gen);
	free(k->own_made);
	bufs = k->bufs;
	nbufs = k->nbufs;
	memset(k, 0, sizeof(*k));
	k->bufs = bufs;
	k->nbufs = nbufs;
}

/* Free the buffers k keeps. */
static void
keep_bufs_free(struct emit_keep *k)
{
	size_t	i;

	for (i = 0; i < k->nbufs; i++)
		buf_free(&k->bufs[i]);
	free(k->bufs);
	k->bufs = NULL;
	k->nbufs = 0;
}

void
emit_keep_free(struct emit_keep *k)
{
	if (k == NULL)
		return;
	keep_reset(k);
	keep_bufs_free(k);
	free(k);
}

/* The parts k keeps for the file at rel (added when new). */
static struct emit_parts *
keep_parts(struct emit_keep *k, const char *rel)
{
	struct emit_parts	*p;
	size_t			 i;

	for (i = 0; i < k->nfiles; i++)
		if (strcmp(k->files[i]->rel, rel) == 0)
			return k->files[i];
	k->files = xreallocarray(k->files, k->nfiles + 1, sizeof(*k->files));
	p = xcalloc(1, sizeof(*p));
	p->rel = xstrdup(rel);
	p->by_opp = xcalloc(k->nopps + 1, sizeof(*p->by_opp));
	k->files[k->nfiles++] = p;
	return p;
}

int
emit_part_kept(struct buf *out, struct emit_scratch *s, size_t i, size_t j)
{
	const struct emit_part	*p;

	if (s->parts == NULL)
		return 0;
	p = &s->parts->by_opp[i];
	if (!p->made || p->gen != s->gen[i] || j >= p->n || !p->set[j])
		return 0;
	if (p->v[j].len > 0)
		buf_put(out, p->v[j].data, p->v[j].len);
	return 1;
}

void
emit_part_save(struct emit_scratch *s, size_t i, size_t j,
    const struct buf *out, size_t at)
{
	struct emit_part	*p;

	if (s->parts == NULL)
		return;
	p = &s->parts->by_opp[i];
	if (!p->made || p->gen != s->gen[i]) {
		part_clear(p);
		p->made = 1;
		p->gen = s->gen[i];
	}
	if (j >= p->n) {
		p->v = xreallocarray(p->v, j + 1, sizeof(*p->v));
		p->set = xreallocarray(p->set, j + 1, sizeof(*p->set));
		memset(p->v + p->n, 0, (j + 1 - p->n) * sizeof(*p->v));
		memset(p->set + p->n, 0, j + 1 - p->n);
		p->n = j + 1;
	}
	buf_reset(&p->v[j]);
	if (out->len > at)
		buf_put(&p->v[j], out->data + at, out->len - at);
	p->set[j] = 1;
}

/* robots.txt: everything may be crawled; the sitemap is named. */
static void
make_robots(struct buf *b, const struct emit_ctx *e, const void *arg,
    size_t k, struct emit_scratch *s)
{
	(void)arg;
	(void)k;
	(void)s;
	buf_puts(b, "User-agent: *\nDisallow:\n\nSitemap: ");
	emit_url(b, e, "/sitemap.xml");
	buf_putc(b, '\n');
}

/*
 * Which files of l may be written by the thread that makes them, in
 * any order (path_alone()). The pages are written before: a clash with
 * one makes the early write fail, and the file is then written in
 * order, as ever.
 */
static unsigned char *
early_paths(const struct emit_list *l)
{
	const char	**v = xcalloc(l->n + 1, sizeof(*v));
	unsigned char	 *ok;
	size_t		  i;

	for (i = 0; i < l->n; i++)
		v[i] = l->files[i].rel;
	ok = path_alone(v, l->n);
	free(v);
	return ok;
}

/*
 * At most EMIT_WINDOW files per thread are made ahead of the oldest one
 * not yet written, which bounds what is held at once.
 */
#define EMIT_WINDOW	8
/* A buffer larger than this is freed once written, not kept for the
 * next file. */
#define EMIT_KEEP	((size_t)1 << 20)
/* What a file written as it is made gathers before each write. */
#define EMIT_CHUNK	((size_t)256 << 10)

void
emit_flush(struct buf *out, struct emit_scratch *s)
{
	if (out->len < EMIT_CHUNK)
		return;
	if (s->discard) {
		s->streamed += out->len;
		buf_reset(out);
		return;
	}
	/* Opened only once it is large: most files are small, and one
	 * held whole is linked from the previous output at less cost. */
	if (s->fd < 0 && s->out != NULL) {
		s->fd = output_open_early(s->out, s->rel);
		s->out = NULL;
	}
	if (s->fd < 0)
		return;
	if (s->err == 0)
		s->err = output_write_fd(s->fd, out->data, out->len,
		    &s->streamed);
	buf_reset(out);
}

struct emit_slot {
	struct buf	 data;		/* the file, until written */
	size_t		 len;		/* its length */
	int		 written;	/* output_write_early()'s result (0 or 1
					 * also when written as made), -2 when
					 * not written early, -3 when writing
					 * it as it was made failed */
	int		 err;		/* why, then */
	int		 done;		/* made, waiting to be written */
	int		 kept;		/* not made: kept as the output
					 * folder has it, if it can be */
};

struct emit_pool {
	const struct emit_ctx	*e;
	const struct emit_list	*l;
	const unsigned char	*early;	/* who may write early, or NULL */
	const unsigned char	*keepable; /* whose files are kept, or NULL */
	struct diags		*d;
	struct emit_slot	*slots;
	size_t			 window;
	pthread_mutex_t		 lock;
	pthread_cond_t		 moved;
	size_t			 next;		/* next file to make */
	size_t			 commit;	/* next file to write */
	int			 committing;	/* a thread is writing */
	int			 rc;
};

/* Write file i, made into s, in its turn. */
static void
emit_commit(struct emit_pool *p, size_t i, struct emit_slot *s)
{
	const struct emit_ctx	*e = p->e;
	const char		*rel = p->l->files[i].rel;
	const char		*data = s->data.data != NULL ? s->data.data : "";
	int			 rc = 0;

	if (e->links != NULL)
		links_add_output(e->links, rel);
	if (s->kept && (rc = output_keep(e->out, rel, p->d)) == 0) {
		/* Changed in the folder since: made now after all. */
		const struct emit_file *f = &p->l->files[i];
		struct emit_scratch sc;

		memset(&sc, 0, sizeof(sc));
		sc.a = arena_new();
		sc.fd = -1;
		f->make(&s->data, e, f->arg, f->k, &sc);
		arena_free(sc.a);
		buf_free(&sc.t1);
		buf_free(&sc.t2);
		rc = output_write(e->out, rel, s->data.data != NULL ?
		    s->data.data : "", s->data.len, p->d);
	} else if (s->kept)
		rc = rc < 0 ? -1 : 0;
	else if (e->out != NULL && s->written == -3)
		rc = output_write_failed(e->out, rel, s->len, s->err, p->d);
	else if (e->out != NULL)
		rc = s->written != -2 ? output_write_late(e->out, rel, data,
		    s->len, s->written, p->d) : output_write(e->out, rel,
		    data, s->len, p->d);
	if (rc != 0)
		p->rc = -1;
	/* serve makes the same large files again at the next build. */
	if (s->data.cap > EMIT_KEEP && e->keep == NULL)
		buf_free(&s->data);
	else
		buf_reset(&s->data);
}

/* Make files until none is left; write those that are next in order. */
static void
emit_work(struct emit_pool *p)
{
	struct emit_scratch	sc;
	int			linked;

	memset(&sc, 0, sizeof(sc));
	pthread_mutex_lock(&p->lock);
	while (p->next < p->l->n) {
		const struct emit_file *f;
		struct emit_slot *s;
		size_t i;

		if (p->next - p->commit >= p->window) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		i = p->next++;
		s = &p->slots[i % p->window];
		f = &p->l->files[i];
		pthread_mutex_unlock(&p->lock);

		s->kept = p->keepable != NULL && p->keepable[i];
		s->written = -2;
		if (s->kept)
			goto made;
		sc.a = arena_new();
		sc.fd = -1;
		sc.out = p->early != NULL && p->early[i] ? p->e->out : NULL;
		sc.rel = f->rel;
		sc.discard = p->e->out == NULL || p->e->out->dry;
		sc.err = 0;
		sc.streamed = 0;
		sc.parts = f->kept;
		sc.gen = p->e->gen;
		f->make(&s->data, p->e, f->arg, f->k, &sc);
		arena_free(sc.a);
		if (sc.fd >= 0) {
			/* The rest, then the file is whole (or gone). */
			if (sc.err == 0)
				sc.err = output_write_fd(sc.fd, s->data.data,
				    s->data.len, &sc.streamed);
			buf_reset(&s->data);
			sc.err = output_close_early(p->e->out, f->rel, sc.fd,
			    sc.err, sc.streamed, &linked);
			s->written = sc.err != 0 ? -3 : linked;
			s->err = sc.err;
			s->len = sc.streamed;
		} else {
			/* Held whole, or counted in part (a check). */
			s->len = sc.streamed + s->data.len;
			if (p->early != NULL && p->early[i])
				s->written = output_write_early(p->e->out,
				    f->rel, s->data.data != NULL ?
				    s->data.data : "", s->data.len);
		}
made:
		pthread_mutex_lock(&p->lock);
		s->done = 1;
		if (p->committing)
			continue;	/* that thread writes this one too */
		p->committing = 1;
		while (p->commit < p->next &&
		    p->slots[p->commit % p->window].done) {
			s = &p->slots[p->commit % p->window];
			pthread_mutex_unlock(&p->lock);
			emit_commit(p, p->commit, s);
			pthread_mutex_lock(&p->lock);
			s->done = 0;
			p->commit++;
			pthread_cond_broadcast(&p->moved);
		}
		p->committing = 0;
	}
	pthread_mutex_unlock(&p->lock);
	buf_free(&sc.t1);
	buf_free(&sc.t2);
}

static void *
emit_thread(void *arg)
{
	emit_work(arg);
	i18n_cleanup();		/* this thread's formatters */
	diag_thread_done();	/* and its message pieces */
	return NULL;
}

/* Make and write the files of l on jobs threads (this one too). */
static int
emit_files(const struct emit_ctx *e, const struct emit_list *l,
    const unsigned char *keepable, struct diags *d)
{
	struct emit_pool	 p;
	pthread_t		*threads;
	unsigned		 i, jobs, started = 0;
	size_t			 j;

	jobs = par_threads(l->n, e->jobs);
	memset(&p, 0, sizeof(p));
	p.e = e;
	p.l = l;
	p.d = d;
	p.window = (size_t)jobs * EMIT_WINDOW;
	p.slots = xcalloc(p.window, sizeof(*p.slots));
	for (j = 0; e->keep != NULL && j < e->keep->nbufs && j < p.window;
	    j++)
		p.slots[j].data = e->keep->bufs[j];
	if (e->keep != NULL) {
		/* Those past the window are let go. */
		for (; j < e->keep->nbufs; j++)
			buf_free(&e->keep->bufs[j]);
		free(e->keep->bufs);
		e->keep->bufs = NULL;
		e->keep->nbufs = 0;
	}
	p.keepable = keepable;
	/* Files are written by the thread that makes them, large ones as
	 * they are made, unless a record of the folder decides in order
	 * which files change (marche serve). */
	if (e->out != NULL && !e->out->dry && e->out->next == NULL)
		p.early = early_paths(l);
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.moved, NULL);
	/* cmark-gfm's registry of extensions is not thread-safe. */
	markdown_init();
	threads = xcalloc(jobs, sizeof(*threads));
	for (i = 1; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, emit_thread, &p) == 0)
			started++;
	emit_work(&p);	/* with fewer threads if some did not start */
	for (i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_cond_destroy(&p.moved);
	pthread_mutex_destroy(&p.lock);
	if (e->keep != NULL) {
		e->keep->bufs = xcalloc(p.window, sizeof(*e->keep->bufs));
		e->keep->nbufs = p.window;
		for (j = 0; j < p.window; j++) {
			buf_reset(&p.slots[j].data);
			e->keep->bufs[j] = p.slots[j].data;
		}
	} else
		for (j = 0; j < p.window; j++)
			buf_free(&p.slots[j].data);
	free(p.slots);
	free((void *)p.early);
	return p.rc;
}

/*
 * A scoped check's extra outputs: each file's path, claimed in order as
 * emit_commit() would, with nothing made (empty).
 */
static int
emit_claim(const struct emit_ctx *e, const struct emit_list *l,
    struct diags *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < l->n; i++) {
		if (e->links != NULL)
			links_add_output(e->links, l->files[i].rel);
		if (e->out != NULL && output_write(e->out, l->files[i].rel, "",
		    0, d) != 0)
			rc = -1;
	}
	return rc;
}

/* The list of every extra output, in the order they are written. */
static void
emit_list_all(struct emit_list *l, const struct emit_ctx *e, struct arena *a)
{
	emit_feeds(l, e, a);
	emit_sitemap(l, e, a);
	emit_ics(l, e, a);
	emit_opendata(l, e, a);
	emit_ore(l, e, a);
	emit_list_add(l, "robots.txt", make_robots, NULL, 0);
}

int
emit_site_defer(const struct emit_ctx *e, char ***paths, size_t *npaths,
    struct diags *d)
{
	struct emit_list l = { NULL, 0, 0 };
	struct emit_ctx	 pe = *e;
	struct arena	*a;
	size_t		 i;
	int		 rc = 1;

	*paths = NULL;
	*npaths = 0;
	if (e->site->base_url == NULL || e->pages == NULL || e->opps == NULL ||
	    e->out == NULL || e->paths_only)
		return 0;
	a = arena_new();
	pe.paths_only = 1;	/* the list is for its paths */
	emit_list_all(&l, &pe, a);
	/* Kept with every file (output_inherit()): the outputs tell
	 * whether one is new. */
	for (i = 0; i < l.n && rc == 1 && !e->out->inherit; i++)
		if (!output_can_keep(e->out, l.files[i].rel))
			rc = 0;
	if (rc == 1) {
		*paths = xcalloc(l.n + 1, sizeof(**paths));
		for (i = 0; i < l.n; i++) {
			(*paths)[i] = xstrdup(l.files[i].rel);
			if (e->links != NULL)
				links_add_output(e->links, l.files[i].rel);
			if (!e->out->inherit &&
			    output_keep(e->out, l.files[i].rel, d) != 1)
				rc = -1;
		}
		*npaths = l.n;
	}
	free(l.files);
	arena_free(a);
	return rc;
}

int
emit_site(const struct emit_ctx *e, struct diags *d)
{
	struct emit_list l = { NULL, 0, 0 };
	struct arena	*a;
	unsigned char	*keepable = NULL;
	int		 rc;

	if (e->site->base_url == NULL || e->pages == NULL || e->opps == NULL)
		return 0;	/* nothing to build from (reported) */
	a = arena_new();
	emit_list_all(&l, e, a);
	if (e->keep != NULL && !e->paths_only && e->out != NULL) {
		struct emit_keep *k = e->keep;
		size_t i;

		if (k->base != e->opps->list || k->nopps != e->opps->count ||
		    k->now != e->now) {
			keep_reset(k);
			k->base = e->opps->list;
			k->nopps = e->opps->count;
			k->now = e->now;
			k->own_gen = xcalloc(k->nopps + 1, sizeof(*k->own_gen));
			k->own_made = xcalloc(k->nopps + 1,
			    sizeof(*k->own_made));
		}
		keepable = xcalloc(l.n + 1, sizeof(*keepable));
		for (i = 0; i < l.n; i++) {
			struct emit_file *f = &l.files[i];
			size_t x = f->opp - 1;

			if (f->parts)
				f->kept = keep_parts(k, f->rel);
			keepable[i] = f->opp > 0 && k->own_made[x] &&
			    k->own_gen[x] == e->gen[x];
		}
	}
	rc = e->paths_only ? emit_claim(e, &l, d) : emit_files(e, &l,
	    keepable, d);
	if (e->keep != NULL && keepable != NULL) {
		struct emit_keep *k = e->keep;
		size_t i;

		if (rc != 0)
			keep_reset(k);	/* the next build makes all */
		for (i = 0; rc == 0 && i < k->nopps; i++) {
			k->own_made[i] = 1;
			k->own_gen[i] = e->gen[i];
		}
	}
	free(keepable);
	free(l.files);
	arena_free(a);
	return rc;
}
