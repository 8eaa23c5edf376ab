/*
 * The pages of a site rendered and written: on the machine's threads, in
 * input order, each page's links noted or taken from the link cache.
 * What serve keeps from one build to the next is render_keep.c's; one
 * page is rendered by render_page.c. See render.h.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "emit.h"
#include "i18n.h"
#include "link_cache.h"
#include "links.h"
#include "markdown.h"
#include "npmfiles.h"
#include "output.h"
#include "par.h"
#include "page.h"
#include "path.h"
#include "opportunity.h"
#include "render.h"
#include "render_impl.h"
#include "render_opp.h"
#include "site.h"
#include "source.h"
#include "timing.h"
#include "xalloc.h"

/*
 * Pages are rendered by a pool of threads. Each page is a job with its
 * own arena, diagnostics and link notes; jobs are committed (their
 * diagnostics and links merged, their HTML written, then dropped) in
 * input order, so the output and the report are the same whatever the
 * timing. At most RENDER_WINDOW jobs per thread are rendered ahead of
 * the oldest uncommitted one, which bounds the HTML held at once.
 */
#define RENDER_WINDOW	4

/*
 * A page that lists opportunities holds their views and its HTML twice
 * (its layout's and the page's) while it renders: some 20 MB at 10,000
 * opportunities. On a site showing at least RENDER_BIG of them, such
 * pages are rendered by one thread, the first, one after another: the
 * memory one gives back is the next one's (the C library keeps what a
 * thread frees for that thread's next requests), and the others' is
 * not doubled. It costs no work, only waiting when they come last.
 * When serve renders again only a few of them (RENDER_BIG_FEW at most),
 * after an edit, every thread takes them: the edit is shown sooner, for
 * a few pages' memory more.
 */
#define RENDER_BIG	2048
#define RENDER_BIG_FEW	32

struct render_job {
	const struct page *pg;		/* the page */
	int		 early;		/* may be written by its thread */
	int		 written;	/* output_write_early()'s result */
	struct buf	 html;		/* its HTML, until committed */
	struct diags	*d;		/* what rendering it reported */
	struct links	*l;		/* the links it holds */
	int		 rc;		/* render_page()'s result */
	int		 done;		/* rendered, waiting to commit */
	int		 keyed;		/* key is the page's in the link cache */
	unsigned char	 key[LCACHE_KEY];
	const struct lcache_entry *hit;	/* its links, taken from the link
					 * cache instead of rendering */
	size_t		 hit_len;	/* the length of its HTML then */
};

struct render_pool {
	/* Read by every thread, never changed. */
	const struct site	*site;
	const struct pages	*pages;
	const struct layouts	*layouts;
	const struct opp_order	*order;
	const size_t		*todo;		/* indices in pages->list */
	const struct render_scope *scope;	/* pages rendered, or NULL */
	const unsigned char	*early;		/* which may be written by the
						 * thread rendering them, or
						 * NULL */
	size_t			 ntodo;
	size_t			 window;	/* slots of jobs */
	/* Under lock. */
	pthread_mutex_t		 lock;
	pthread_cond_t		 moved;		/* a job was committed */
	struct render_job	*jobs;		/* job i is jobs[i % window] */
	size_t			 next;		/* next job to start */
	size_t			 commit;	/* next job to commit */
	int			 committing;	/* a thread commits */
	int			 big_begun;	/* a big page was taken */
	int			 big_any;	/* any thread renders big
						 * pages (serve, a few) */
	/* Changed only by the committing thread. */
	struct output		*out;
	struct links		*l;
	struct diags		*d;
	struct render_stats	*stats;
	struct render_reuse	*reuse;
	const unsigned long long *digests;	/* render_digests() */
	struct link_cache	*lc;		/* or NULL */
	int			 lc_hits;	/* pages may be taken from lc */
	int			 rc;
};

/* Merge a rendered job into the site and write its page. */
static void
render_commit(struct render_pool *p, struct render_job *j)
{
	const struct page *pg = j->pg;

	/* A page that rendered without a word is kept in the link cache;
	 * one taken from it gets its links from there. */
	if (j->hit != NULL) {
		link_cache_use(p->lc, j->hit);
		link_cache_add(p->lc, j->hit, pg, p->l);
	} else if (j->keyed && j->rc == 0 && diags_count(j->d) == 0)
		link_cache_put(p->lc, j->key, pg, j->l, j->html.len);
	diags_merge(p->d, j->d);
	diags_free(j->d);
	if (p->reuse != NULL && pg->kind == PAGE_OPPORTUNITY && j->rc == 0) {
		/* Kept for the next build, which may keep the page. */
		struct links **slot = render_reuse_slot(p->reuse, pg);

		links_add_all(p->l, j->l);
		links_free(*slot);
		*slot = j->l;
	} else if (p->reuse != NULL && j->rc == 0) {
		struct render_kept *k = render_kept_find(p->reuse,
		    pg->out_path, 1);

		links_add_all(p->l, j->l);
		links_free(k->links);
		k->links = j->l;
		/* Without digests (the other pages were left for later),
		 * none: the next build renders it again. */
		k->digest = p->digests != NULL ?
		    p->digests[pg - p->pages->list] : 0;
		k->known = p->digests != NULL;
	} else
		links_merge(p->l, j->l);
	if (j->rc != 0)
		p->rc = -1;
	else if (j->hit != NULL && p->out != NULL && output_write(p->out,
	    pg->out_path, "", j->hit_len, p->d) != 0)
		p->rc = -1;	/* only judged (a dry run): no byte is read */
	else if (j->hit != NULL)
		p->stats->pages++;
	else if (p->out != NULL && (j->early ? output_write_late(p->out,
	    pg->out_path, j->html.data, j->html.len, j->written, p->d) :
	    output_write(p->out, pg->out_path, j->html.data, j->html.len,
	    p->d)) != 0)
		p->rc = -1;
	else
		p->stats->pages++;
	buf_free(&j->html);
	j->d = NULL;
	j->l = NULL;
}

/* Is pg a page that lists opportunities on a site that shows many? */
static int
render_big(const struct render_pool *p, const struct page *pg)
{
	return p->order->count >= RENDER_BIG && (pg->kind == PAGE_LISTING ||
	    pg->kind == PAGE_ARCHIVE || pg->kind == PAGE_SKILL);
}

/* Render jobs until none is left; commit those that are next in order.
 * The first thread (first) renders the big pages (render_big()). */
static void
render_work(struct render_pool *p, int first)
{
	pthread_mutex_lock(&p->lock);
	while (p->next < p->ntodo) {
		struct render_job *j;
		struct arena *a;
		int big;

		if (p->next - p->commit >= p->window) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		big = render_big(p, &p->pages->list[p->todo[p->next]]);
		if (big && !first && !p->big_any) {
			pthread_cond_wait(&p->moved, &p->lock);
			continue;
		}
		if (big && !p->big_begun && !p->big_any) {
			/* What the other threads freed stays theirs: given
			 * back before the big pages, it is not kept beside
			 * them. */
			p->big_begun = 1;
			pthread_mutex_unlock(&p->lock);
			xalloc_trim();
			pthread_mutex_lock(&p->lock);
			continue;
		}
		j = &p->jobs[p->next % p->window];
		j->early = p->early != NULL && p->early[p->next];
		j->pg = &p->pages->list[p->todo[p->next++]];
		j->done = 0;
		pthread_mutex_unlock(&p->lock);

		a = arena_new();
		memset(&j->html, 0, sizeof(j->html));
		j->d = diags_new();
		j->l = links_new(p->site);
		j->hit = NULL;
		j->keyed = p->lc != NULL && link_cache_key(p->lc, j->pg,
		    j->key) == 0;
		if (j->keyed && p->lc_hits)
			j->hit = link_cache_find(p->lc, j->key);
		if (j->hit != NULL) {
			/* Its links are noted when it is committed. */
			j->hit_len = link_cache_html_len(j->hit);
			j->rc = 0;
		} else {
			links_add_output(j->l, j->pg->out_path);
			/* Out of scope: only its path is judged and noted. */
			j->rc = p->scope != NULL &&
			    !p->scope->wants(p->scope->ctx, j->pg) ? 0 :
			    render_page(&j->html, a, p->site, p->pages,
			    p->layouts, p->order, j->pg, j->l, j->d);
		}
		arena_free(a);
		/* Files are created in parallel too; they are judged and
		 * counted when committed. */
		j->written = -1;
		if (j->early && j->rc == 0)
			j->written = output_write_early(p->out,
			    j->pg->out_path, j->html.data, j->html.len);

		pthread_mutex_lock(&p->lock);
		j->done = 1;
		if (p->committing)
			continue;	/* that thread commits this one too */
		p->committing = 1;
		while (p->commit < p->next &&
		    p->jobs[p->commit % p->window].done) {
			j = &p->jobs[p->commit % p->window];
			pthread_mutex_unlock(&p->lock);
			render_commit(p, j);
			pthread_mutex_lock(&p->lock);
			j->done = 0;
			p->commit++;
			pthread_cond_broadcast(&p->moved);
		}
		p->committing = 0;
	}
	pthread_mutex_unlock(&p->lock);
}

static void *
render_thread(void *arg)
{
	render_work(arg, 0);
	i18n_cleanup();		/* this thread's formatters */
	diag_thread_done();	/* and its message pieces */
	return NULL;
}

/*
 * Which pages of todo may be written as soon as they are rendered, in
 * any order (path_alone()); the others are written when committed.
 */
static unsigned char *
render_early_paths(const struct pages *pages, const size_t *todo, size_t n)
{
	const char	**v = xcalloc(n + 1, sizeof(*v));
	unsigned char	 *ok;
	size_t		  i;

	for (i = 0; i < n; i++)
		v[i] = pages->list[todo[i]].out_path;
	ok = path_alone(v, n);
	free(v);
	return ok;
}

/* Render and write the pages of todo with jobs threads (this one too). */
static int
render_pages(struct render_stats *stats, struct output *out,
    const struct site *site, const struct pages *pages,
    const struct layouts *layouts, const struct opp_order *order,
    const size_t *todo, size_t ntodo, unsigned jobs,
    const struct render_scope *scope, struct links *l,
    struct render_reuse *reuse, const unsigned long long *digests,
    struct link_cache *lc, struct diags *d)
{
	struct render_pool	 p;
	pthread_t		*threads;
	unsigned		 i, started = 0;

	jobs = par_threads(ntodo, jobs);
	memset(&p, 0, sizeof(p));
	p.site = site;
	p.pages = pages;
	p.layouts = layouts;
	p.order = order;
	p.todo = todo;
	p.scope = scope;
	p.ntodo = ntodo;
	p.window = (size_t)jobs * RENDER_WINDOW;
	p.jobs = xcalloc(p.window, sizeof(*p.jobs));
	/* One thread writes each page in turn, as it always did. */
	if (jobs > 1 && out != NULL && !out->dry)
		p.early = render_early_paths(pages, todo, ntodo);
	p.out = out;
	p.l = l;
	p.d = d;
	p.stats = stats;
	p.reuse = reuse;
	p.digests = digests;
	if (reuse != NULL) {
		size_t j, nbig = 0;

		for (j = 0; j < ntodo; j++)
			nbig += (size_t)render_big(&p, &pages->list[todo[j]]);
		p.big_any = nbig <= RENDER_BIG_FEW;
	}
	/* A scoped check renders only some pages: it keeps none. */
	p.lc = scope == NULL ? lc : NULL;
	p.lc_hits = out == NULL || out->dry;
	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.moved, NULL);
	/* cmark-gfm's registry of extensions is not thread-safe. */
	markdown_init();
	threads = xcalloc(jobs, sizeof(*threads));
	for (i = 1; i < jobs; i++)
		if (pthread_create(&threads[i], NULL, render_thread, &p) == 0)
			started++;
	render_work(&p, 1);	/* with fewer threads if some did not start */
	for (i = 1; i <= started; i++)
		pthread_join(threads[i], NULL);
	free(threads);
	pthread_cond_destroy(&p.moved);
	pthread_mutex_destroy(&p.lock);
	free(p.jobs);
	free((void *)p.early);
	return p.rc;
}

int
render_site(struct render_stats *stats, struct output *out,
    const struct source *src, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const struct opportunities *opps, long long now,
    const struct urlcheck_options *fetch, unsigned jobs,
    const struct render_scope *scope, struct diags *d)
{
	return render_site_reuse(stats, out, src, site, pages, layouts, opps,
	    now, fetch, jobs, scope, NULL, NULL, d);
}

/* Which pages are judged for their translations: those rendered. */
struct render_fresh {
	const struct pages	*pages;
	const unsigned char	*rendered;	/* by index, or NULL */
};

static int
render_fresh_wants(void *ctx, const struct page *pg)
{
	const struct render_fresh *f = ctx;

	return f->rendered[pg - f->pages->list];
}

int
render_site_reuse(struct render_stats *stats, struct output *out,
    const struct source *src, const struct site *site,
    const struct pages *pages, const struct layouts *layouts,
    const struct opportunities *opps, long long now,
    const struct urlcheck_options *fetch, unsigned jobs,
    const struct render_scope *scope, struct render_reuse *reuse,
    struct link_cache *lc, struct diags *d)
{
	struct links	*l = links_new(site);
	/* A scoped check writes nothing: its extra outputs are paths. */
	struct emit_ctx	 e = { site, pages, opps, layouts, now, out, l,
	    jobs, scope != NULL, NULL, NULL };
	struct opp_order order;
	unsigned long long *digests = NULL;
	const struct links **keptl;	/* the links of the pages kept */
	unsigned char	*rendered;	/* by index in pages->list */
	struct render_fresh fresh = { pages, NULL };
	size_t		 i, *todo, ntodo = 0, nkeptl = 0;
	unsigned char	*left;		/* by index: left for later */
	const char	*first;
	int		 rc = 0, rc2, checked = 0, defer = 0, stay;

	if (reuse != NULL && reuse->order == NULL)
		reuse->order = opp_order_keep_new();
	opp_order_make_keep(&order, site, opps, reuse != NULL ? reuse->order :
	    NULL, reuse != NULL ? reuse->gen : NULL);
	memset(stats, 0, sizeof(*stats));
	if (reuse != NULL && out != NULL && !out->dry) {
		if (reuse->emit == NULL)
			reuse->emit = emit_keep_new();
		e.keep = reuse->emit;
		e.gen = reuse->gen;
	}
	if (!pages->incomplete && render_check_nav(site, pages, d) != 0)
		rc = -1;
	todo = xcalloc(pages->count + 1, sizeof(*todo));
	keptl = xcalloc(pages->count + 1, sizeof(*keptl));
	rendered = xcalloc(pages->count + 1, sizeof(*rendered));
	left = xcalloc(pages->count + 1, sizeof(*left));
	/* serve: the pages of the opportunities first, the others once
	 * those are shown (see build_options' shown). */
	if (reuse != NULL && reuse->defer && scope == NULL && out != NULL &&
	    !out->dry)
		defer = render_can_defer(reuse, pages, out);
	/*
	 * Every file of the folder is kept but those written again, with
	 * no look at each: whether one is no longer written, and so should
	 * have gone, is told by the outputs (stay, below), and then
	 * everything is rendered again in one step.
	 */
	if (defer && output_inherit(out) != 0)
		defer = 0;
	if (reuse != NULL && reuse->checked != NULL)
		links_reserve_outputs(l, links_outputs(reuse->checked,
		    &first) + 64);
	if (reuse != NULL && !defer) {
		/* What each page shows of the cards tells which are kept:
		 * they are made first. */
		if (reuse->cards == NULL)
			reuse->cards = opp_card_keep_new();
		opp_order_cards_keep(&order, site, pages, jobs, reuse->cards,
		    reuse->gen);
		digests = render_digests(pages, &order, opps, reuse->cards);
	}
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];

		if (pg->lay == NULL || pg->out_path == NULL ||
		    pg->title == NULL || pg->ref == NULL || pg->lang == NULL)
			continue;	/* already reported */
		if (reuse != NULL && pg->kind == PAGE_OPPORTUNITY && out != NULL) {
			struct links **slot = render_reuse_slot(reuse, pg);
			/* Inherited: kept as the others (see above). */
			int kept = *slot == NULL ? 0 : defer ? 1 :
			    output_keep(out, pg->out_path, d);

			if (kept < 0)
				rc = -1;
			if (kept != 0) {
				if (kept > 0) {
					/* l is let go before the
					 * slot when pages are left
					 * for later. */
					(defer ? links_share_outputs :
					    links_add_outputs)(l, *slot);
					keptl[nkeptl++] = *slot;
					stats->pages++;
					stats->kept++;
				}
				continue;
			}
			links_free(*slot);	/* rendered again below */
			*slot = NULL;
		} else if (defer) {
			struct render_kept *k = render_kept_find(reuse,
			    pg->out_path, 0);
			int kept = output_keep(out, pg->out_path, d);

			if (kept < 0)
				rc = -1;
			if (kept != 0) {
				if (kept > 0) {
					/* Its links are checked once it
					 * is rendered, or kept, after. */
					links_share_outputs(l, k->links);
					render_late_take(reuse,
					    xstrdup(pg->out_path));
					left[i] = 1;
					stats->pages++;
					stats->kept++;
				}
				continue;
			}
			links_free(k->links);
			k->links = NULL;
		} else if (reuse != NULL && out != NULL) {
			struct render_kept *k = render_kept_find(reuse,
			    pg->out_path, 0);
			int kept = k != NULL && k->links != NULL &&
			    k->known && k->digest == digests[i] ?
			    output_keep(out,
			    pg->out_path, d) : 0;

			if (kept < 0)
				rc = -1;
			if (kept != 0) {
				if (kept > 0) {
					links_add_outputs(l, k->links);
					keptl[nkeptl++] = k->links;
					stats->pages++;
					stats->kept++;
				}
				continue;
			}
			if (k != NULL) {
				links_free(k->links);
				k->links = NULL;
			}
		}
		todo[ntodo++] = i;
		rendered[i] = 1;
	}
	timing_mark("render: order, kept");
	if (lc != NULL && scope == NULL)
		link_cache_prepare(lc, opps, &order);
	/* A check that takes every listing from the link cache needs no
	 * card: an opportunity page rendered makes its own. */
	if (reuse == NULL && (lc == NULL || scope != NULL ||
	    link_cache_wants_cards(lc, pages, todo, ntodo)))
		opp_order_cards(&order, site, pages, jobs);
	timing_mark("render: cards");
	if (render_pages(stats, out, site, pages, layouts, &order, todo,
	    ntodo, jobs, scope, l, reuse, digests, lc, d) != 0)
		rc = -1;
	free(todo);
	free(digests);
	opp_order_free(&order);
	/* The pages' and the cards' memory, freed on every thread, lowers
	 * the peak of the feeds and open data (large files) only once given
	 * back. Not after serve rendered a few pages again: the next edit
	 * would only take it back, a page fault at a time. */
	if (reuse == NULL || stats->kept == 0)
		xalloc_trim();
	timing_mark("render: pages");
	if (render_standalone(out, site, pages, layouts, "root", "index.html",
	    l, d) != 0 || render_standalone(out, site, pages, layouts, "404",
	    "404.html", l, d) != 0)
		rc = -1;
	rc2 = 0;
	if (reuse != NULL && reuse->defer && scope == NULL && out != NULL &&
	    !out->dry) {
		char	**late;
		size_t	  nlate;

		rc2 = emit_site_defer(&e, &late, &nlate, d);
		for (i = 0; i < nlate; i++)
			render_late_take(reuse, late[i]);
		free(late);
	}
	if (rc2 < 0 || (rc2 == 0 && emit_site(&e, d) != 0))
		rc = -1;
	timing_mark("render: feeds, data");
	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, "assets/", 7) != 0)
			continue;
		links_add_output(l, f->path);
		if (out != NULL && output_write(out, f->path, f->data, f->len,
		    d) != 0)
			rc = -1;
		else
			stats->assets++;
	}
	rc2 = npmfiles_copy(&site->npm_files, src->workdir, out, l, d);
	if (rc2 < 0)
		rc = -1;
	else
		stats->assets += (size_t)rc2;
	/* Attachments, at their source path: opportunities/ID/FILE. */
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];
		size_t j;

		for (j = 0; o->ok && j < o->nattachments; j++) {
			const struct source_file *f = source_find(src,
			    o->attachments[j].src_path);

			if (f == NULL)
				continue;
			links_add_output(l, o->attachments[j].out_path);
			if (out != NULL && output_write(out,
			    o->attachments[j].out_path, f->data, f->len, d)
			    != 0)
				rc = -1;
		}
	}
	/* Only when the pages themselves rendered: else links would be
	 * missing for reasons already reported. */
	timing_mark("render: files");
	/*
	 * The links of the pages kept were checked by the last build: when
	 * every file it wrote is still written, they lead where they led,
	 * and only the pages rendered now are checked (their problems
	 * stand in what the last build reported). Else every link is.
	 */
	stay = reuse != NULL && scope == NULL && reuse->checked != NULL &&
	    links_outputs_stay(l, reuse->checked);
	if (defer && !stay && rc == 0 && diags_errors(d) == 0) {
		/*
		 * A file of the last build is no longer written (an address
		 * changed): a page left for later may link to it, and only
		 * rendering it tells. Forget what was rendered (its files
		 * are not committed), and render again, leaving nothing.
		 */
		render_reuse_undo(reuse, pages, rendered);
		free(keptl);
		free(rendered);
		free(left);
		links_free(l);
		return 1;
	}
	if (stay)
		fresh.rendered = rendered;
	else {
		for (i = 0; i < nkeptl; i++)
			links_add_refs(l, keptl[i]);
		/* Those left for later are judged once rendered. */
		if (defer) {
			for (i = 0; i < pages->count; i++)
				left[i] = !left[i];
			fresh.rendered = left;
		}
	}
	if (rc == 0 && diags_errors(d) == 0) {
		checked = 1;
		if (fresh.rendered != NULL ? links_check(l, pages,
		    render_fresh_wants, &fresh, fetch, d) != 0 :
		    links_check(l, pages, scope != NULL ? scope->wants : NULL,
		    scope != NULL ? scope->ctx : NULL, fetch, d) != 0)
			rc = -1;
	}
	free(keptl);
	free(rendered);
	free(left);
	/* Pages left for later are judged with the outputs the last
	 * build checked, after. */
	if (reuse != NULL && checked && rc == 0 && !defer) {
		links_free(reuse->checked);
		reuse->checked = l;
	} else
		links_free(l);
	return rc;
}
