/*
 * build_run(): the pipeline, as stages handed one struct run (open,
 * changes, read, output, inputs, rules, render, commit, finish), and
 * what only they use (the link cache of a check, the output folder).
 * Serve's kept world is in build_world.c, the facts cache of a pull
 * request's check in build_facts.c, what a check compares with in
 * build_base.c.
 */
#define _GNU_SOURCE	/* sched_getaffinity */
#include <assert.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "build_impl.h"
#include "cachefile.h"
#include "changes.h"
#include "history.h"
#include "diag.h"
#include "facts_cache.h"
#include "gitrepo.h"
#include "i18n.h"
#include "layout.h"
#include "link_cache.h"
#include "links.h"
#include "opportunity.h"
#include "npmfiles.h"
#include "output.h"
#include "pack.h"
#include "page.h"
#include "pr.h"
#include "pr_scope.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "timing.h"
#include "value.h"
#include "worddiff.h"
#include "xalloc.h"

/*
 * Past the rules, no stage reads an opportunity file's text: its bytes
 * are let go (they are most of what was read), and a diagnostic that
 * quotes one of its lines reads the file again (diags_source_drop()).
 */
static void
release_opportunity_texts(struct opportunities *opps, struct source *src,
    struct diags *d)
{
	size_t	i;

	for (i = 0; i < opps->count; i++) {
		struct opportunity *x = &opps->list[i];

		if (x->data == NULL)
			continue;
		diags_source_drop(d, x->path, source_reread, src);
		source_release(src, x->path);
		x->data = NULL;
	}
}

unsigned
build_jobs_default(void)
{
	cpu_set_t	set;
	long		n = 0;

	if (sched_getaffinity(0, sizeof(set), &set) == 0)
		n = CPU_COUNT(&set);
	if (n < 1)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n < 1)
		n = 1;
	return n > BUILD_JOBS_MAX ? BUILD_JOBS_MAX : (unsigned)n;
}

static char *
build_out_dir(const struct build_options *o, const struct source *src)
{
	if (o->out != NULL)
		return xstrdup(o->out);
	if (src->workdir != NULL)
		return xasprintf("%s_site", src->workdir);
	return xstrdup("_site");
}

/*
 * Whether the npm texts a build gives layouts are those a check gives
 * them (none, or every one empty): then what the build renders is what
 * a check would, and it may fill the check's link cache.
 */
static int
npm_as_check(const struct site *site)
{
	size_t	i;

	for (i = 0; site->npm != NULL && i < site->npm->count; i++)
		if (value_str(site->npm->pairs[i].val) == NULL ||
		    *value_str(site->npm->pairs[i].val) != '\0')
			return 0;
	return 1;
}

/*
 * The link cache of a check, which stands for the pages whose inputs it
 * rendered them from before (link_cache.h); a build fills it when it
 * renders what a check would. NULL: none.
 */
static struct link_cache *
links_cache_open(git_repository *repo, const struct source *src,
    const struct site *site, const struct pages *pages,
    const struct build_options *o)
{
	struct link_cache	*lc;
	char			*path;

	if (o->write && (o->base_url != NULL || !npm_as_check(site)))
		return NULL;
	if ((path = cachefile_path(repo, "links.cache")) == NULL)
		return NULL;
	lc = link_cache_open(path, src, site, pages, o->now, !o->write);
	free(path);
	timing_mark("link cache: read");
	return lc;
}


static void
run_init(struct run *r, struct build_result *result,
    const struct build_options *o, struct diags *d)
{
	memset(r, 0, sizeof(*r));
	r->o = o;
	r->d = d;
	r->result = result;
	r->repo = o->git;
	r->a = arena_new();
	r->h = &r->hist;
	r->chrc = -1;
	r->keep = o->cache != NULL && o->rev == NULL && o->base == NULL &&
	    o->base_url == NULL && o->write;
	r->jobs = o->jobs > 0 ? o->jobs : build_jobs_default();
	memset(result, 0, sizeof(*result));
	result->next_change = -1;
}

/*
 * The repository is opened once, here or by the command (o->git), and
 * every stage that reads Git is handed it.
 */
static int
run_open(struct run *r)
{
	timing_mark("start");
	assert(r->o->cache == NULL || r->o->git != NULL);
	git_libgit2_init();
	if (r->repo == NULL) {
		if (gitrepo_open(&r->own_repo, r->o->repo, r->d) != 0)
			return EXIT_INTERNAL;
		r->repo = r->own_repo;
	}
	return RUN_ON;
}

/*
 * A pull request's changes come first: one that changes only
 * opportunities (and their attachments) is checked for them alone.
 * Their problems are reported where they always were (chd).
 */
static int
run_changes(struct run *r)
{
	const struct build_options *o = r->o;

	if (o->base == NULL)
		return RUN_ON;
	r->chd = diags_new();
	r->chrc = changes_load_repo(&r->ch, r->repo, o->base, o->rev, 4 << 20,
	    r->chd);
	if (r->chrc == 0 && !o->write && !o->full &&
	    pr_scope_make(&r->scope, &r->ch)) {
		r->scoped = 1;
		r->scope.opps = &r->opps;
		r->scope.site = &r->site;
		diags_set_filter(r->d, pr_scope_keep, &r->scope);
	}
	timing_mark("changes");
	return RUN_ON;
}

/* The input files, read (or, for serve, taken from the last build). */
static int
run_read(struct run *r)
{
	const struct build_options *o = r->o;
	size_t			    i;

	r->src_limits = source_default_limits;
	r->src_limits.jobs = r->jobs;
	if (r->scoped && o->rev != NULL && !o->no_cache) {
		r->facts.scope = &r->scope;
		r->facts.now = o->now;
		facts_open(&r->facts, o, r->repo);
		if (r->facts.format != NULL && r->facts.fc.count > 0) {
			r->src_limits.skip = facts_skip;
			r->src_limits.skip_ctx = &r->facts;
		}
		timing_mark("facts cache: read");
	}
	/* Files whose stat() did not change are not read again. */
	if (o->cache != NULL && o->rev == NULL)
		r->src_limits.keep = o->cache->keep;
	/* Nor, when serve was told which changed, any other file. */
	if (r->keep && (r->w = world_take_changed(o->cache, r->repo, o,
	    &r->src_limits, &r->which, &r->nwhich, &r->result->read)) !=
	    NULL) {
		r->src = r->w->src;
		r->read_rc = 0;
	} else {
		if (r->src_limits.keep != NULL)
			o->cache->reads++;
		r->read_rc = source_read(&r->src, r->repo, o->rev, NULL,
		    &r->src_limits, r->d);
		for (i = 0; r->src != NULL && o->rev == NULL &&
		    i < r->src->count; i++)
			r->result->read += !r->src->files[i].kept;
	}
	if (r->read_rc < 0 || r->src->io_failed)
		return EXIT_INTERNAL;	/* the files could not be read */
	return RUN_ON;
}

/* The output folder, begun (or, for check, judged as build would). */
static int
run_output(struct run *r)
{
	const struct build_options *o = r->o;
	char			   *dir;

	dir = r->result->out = build_out_dir(o, r->src);
	if (o->write && (output_check_dir(dir, r->src->workdir, r->d) != 0 ||
	    (o->cache != NULL ? output_begin_update(&r->out, dir,
	    o->cache->record, r->d) : output_begin(&r->out, dir, r->d)) !=
	    0)) {
		if (r->w != NULL) {
			/* Its files are read anew, not yet the rest. */
			world_free(r->w);
			r->w = NULL;
			r->src = NULL;
		}
		return EXIT_INTERNAL;
	}
	/* check judges output paths as build would, writing nothing. */
	if (!o->write)
		output_begin_dry(&r->out, r->d);
	timing_mark("read sources");
	r->staged = 1;
	return RUN_ON;
}

/* The settings (with a pull request's base's rules) and the layouts. */
static int
run_settings(struct run *r)
{
	const struct build_options *o = r->o;

	if (site_load(&r->site, r->a, r->src, r->d) != 0 ||
	    r->site.nlangs == 0)
		return EXIT_INPUT; /* nothing sensible can be checked further */
	if (o->base_url != NULL)
		site_set_base_url(&r->site, r->a, o->base_url);
	/* Only a build reads node_modules/: a check needs no `npm ci`. */
	if ((r->site.npm = npmfiles_texts(&r->site.npm_files, r->src->workdir,
	    o->write, r->a, r->d)) == NULL)
		return EXIT_INPUT;
	if (o->base != NULL) {
		if (build_base_site(&r->base, &r->base_src, r->a, r->repo, o,
		    r->d) != 0)
			return EXIT_INTERNAL;
		/* The base's rules judge the pull request's files. */
		r->site.rules = r->base.rules;
		r->site.time_zone = r->base.time_zone;
	}
	timing_mark("settings");
	layouts_load(&r->layouts, r->a, r->src, r->d);
	timing_mark("layouts");
	return RUN_ON;
}

/*
 * What each file of a revision says, for the next check of a pull
 * request that leaves it unchanged (under the rules that judged it).
 */
static void
run_facts_save(struct run *r)
{
	const struct build_options *o = r->o;
	char			   *format;

	if (o->no_cache || r->src->commit == NULL ||
	    (o->base != NULL && r->base_src == NULL))
		return;
	format = fcache_format(r->src, o->base != NULL ? r->base_src : r->src,
	    o->base_url);
	fcache_save(r->repo, format, r->src, &r->opps, &r->site, o->now,
	    r->facts.format != NULL && strcmp(r->facts.format, format) == 0 ?
	    &r->facts.fc : NULL);
	free(format);
	timing_mark("facts cache");
}

/* The opportunities, read and dated. */
static int
run_opportunities(struct run *r)
{
	const struct build_options *o = r->o;
	struct opp_stubs	    stubs;

	/* Past reading, only a pull request's checks read texts: those of
	 * the files it changes. */
	r->facts.site = &r->site;
	r->facts.src = r->src;
	r->facts.repo = r->repo;
	stubs.stub = facts_stub;
	stubs.fill = facts_fill;
	stubs.keep = facts_keep;
	stubs.ctx = &r->facts;
	if (o->base != NULL && r->chrc == 0)
		facts_changed(&r->facts, &r->ch);
	/* Dating compares the files as read with their older versions,
	 * by the digests of their terms when it has no cache. */
	opportunities_load_stubs(&r->opps, r->a, r->src, &r->site, o->now,
	    r->jobs, r->keep ? 0 : OPP_LET_GO | ((o->write || o->base ==
	    NULL) && (o->no_cache || !opportunities_dating_cached(r->repo)) ?
	    OPP_TERMS : 0), &stubs, r->d);
	xalloc_trim();
	timing_mark("opportunities");
	run_facts_save(r);
	/*
	 * Dates and amendments come from history; so do changes that broke
	 * the rules on the branch, which build and check report (a pull
	 * request's own changes are judged against its base instead, which
	 * reads history only to judge an imported opportunity's 'posted').
	 */
	if ((o->write || o->base == NULL ||
	    opportunities_any_posted(&r->opps)) &&
	    build_history(&r->h, &r->hist, r->repo, o, r->d) == 0 &&
	    (o->write || o->base == NULL)) {
		xalloc_trim();
		timing_mark("history");
		opportunities_date(&r->opps, r->h, &r->site, r->a,
		    o->rev == NULL ? r->src : NULL, r->jobs, r->d);
	}
	timing_mark("history, dates");
	opportunities_check_posted(&r->opps, r->h, &r->site, o->now, r->d);
	return RUN_ON;
}

/*
 * Settings, layouts and opportunities, read and dated: built on the last
 * build (serve), or anew.
 */
static int
run_inputs(struct run *r)
{
	struct build_cache	*c = r->o->cache;
	int			 ret;

	if (r->w != NULL)
		;	/* taken by run_read() */
	else if (c != NULL && r->keep && r->read_rc == 0)
		r->w = world_take(c, r->repo, r->o, r->src, &r->which,
		    &r->nwhich);
	else if (c != NULL) {
		world_free(c->world);
		c->world = NULL;
	}
	if (r->w != NULL)
		return world_inputs(r);
	if ((ret = run_settings(r)) != RUN_ON)
		return ret;
	return run_opportunities(r);
}

/* A pull request's checks against its base. */
static int
run_pr_rules(struct run *r)
{
	const struct build_options *o = r->o;
	struct pr_time		    pt = { &r->ch, &r->site, o->now };
	size_t			    others;

	diags_merge(r->d, r->chd);
	if (r->scoped) {
		others = r->opps.count - pr_scope_count(&r->scope, &r->opps);
		diag_report(r->d, DIAG_NOTE, NULL, 0, 0, "this pull "
		    "request changes only opportunities: their pages "
		    "and the site's pages were checked, and the "
		    "problems of the %zu other opportunit%s were left "
		    "out (--full checks everything)", others,
		    others == 1 ? "y" : "ies");
	}
	if (r->chrc < 0)
		return EXIT_INTERNAL;
	if (r->chrc == 0)	/* 1: the head's tree was refused */
		pr_check(&r->ch, &r->opps, &r->site, &r->base, r->a, o->now,
		    o->allow_corrections ? PR_ALLOW_CORRECTIONS : 0, r->d);
	if (r->chrc == 0 && o->describe != NULL)
		pr_describe(o->describe, &r->ch, &r->opps, &r->site, r->a,
		    o->now);
	opportunities_check_time(&r->opps, &r->site, o->now,
	    o->due > 0 ? o->due : -1, pr_breach_created, &pt, r->d);
	return RUN_ON;
}

/* The rules that depend on now, and those of new opportunities. */
static int
run_rules(struct run *r)
{
	const struct build_options *o = r->o;
	size_t			    i;

	r->result->next_change = opportunities_next_change(&r->opps, &r->site,
	    o->now);
	if (o->base != NULL)
		return run_pr_rules(r);
	if (r->w != NULL) {
		/* What falls due depends on the opportunity, the settings
		 * and now: the others' stands in the last build's report. */
		for (i = 0; i < r->nwhich; i++) {
			struct opportunities one = {
				.list = &r->opps.list[r->which[i]], .count = 1,
				.now = r->opps.now };

			opportunities_check_time(&one, &r->site, o->now,
			    o->due > 0 ? o->due : -1, NULL, NULL, r->d);
		}
		return RUN_ON;
	}
	opportunities_check_time(&r->opps, &r->site, o->now,
	    o->due > 0 ? o->due : -1, NULL, NULL, r->d);
	if (!o->write && o->rev == NULL && build_check_new(&r->opps, &r->site,
	    r->repo, o, r->d) != 0)
		return EXIT_INTERNAL;
	return RUN_ON;
}

/* The pages, made from the opportunities and the site's files. */
static void
run_pages(struct run *r)
{
	size_t	i;

	/*
	 * Git has been read: the packs' windows it left mapped (resident
	 * for the rest of the run) are given back before the pages are
	 * rendered. A file whose problem is printed is read again.
	 */
	gitrepo_release(r->own_repo);
	/* A build serve keeps is compared file by file with the next. */
	if (!r->keep) {
		release_opportunity_texts(&r->opps, r->src, r->d);
		if (r->opps.npieces > 0) {	/* not all compacted as read */
			xalloc_trim();
			opportunities_compact(&r->opps, r->jobs);
			xalloc_trim();
		}
	}
	timing_mark("rules, changes");
	if (r->w == NULL || !world_pages(r)) {
		/* Kept with the world the build may leave. */
		if (r->keep)
			r->pages_a = arena_new();
		pages_load(&r->pages, r->keep ? r->pages_a : r->a, r->src,
		    &r->site, &r->layouts, &r->opps, r->d);
		pages_date(&r->pages, r->h);
		r->skeleton = world_skeleton(&r->pages);
	}
	/* Pages link to one another: when the pages not made from one
	 * opportunity change, every page is rendered again. */
	if (r->w != NULL && r->skeleton != r->w->skeleton)
		for (i = 0; i < r->opps.count * SITE_MAX_LANGS; i++) {
			links_free(r->reuse.links[i]);
			r->reuse.links[i] = NULL;
		}
	if (r->w != NULL && r->skeleton != r->w->skeleton)
		render_reuse_forget(&r->reuse);
	if (r->keep && r->w == NULL) {
		r->reuse.links = xcalloc(r->opps.count * SITE_MAX_LANGS + 1,
		    sizeof(*r->reuse.links));
		r->reuse.gen = xcalloc(r->opps.count + 1,
		    sizeof(*r->reuse.gen));
	}
	r->reuse.opps = &r->opps;
	timing_mark("pages");
}

/* The pages rendered and written (staged), or, for check, judged. */
static int
run_render(struct run *r)
{
	const struct build_options *o = r->o;
	struct render_stats	    stats;
	struct render_scope	    rscope;
	struct link_cache	   *lc = NULL;

	run_pages(r);
	rscope.wants = pr_scope_wants;
	rscope.ctx = &r->scope;
	if (!o->no_cache && !r->keep && !r->scoped && o->base == NULL)
		lc = links_cache_open(r->repo, r->src, &r->site, &r->pages, o);
	r->reuse.defer = r->keep && o->write && o->shown != NULL;
	while (render_site_reuse(&stats, &r->out, r->src, &r->site,
	    &r->pages, &r->layouts, &r->opps, o->now, o->external, r->jobs,
	    r->scoped ? &rscope : NULL, r->keep ? &r->reuse : NULL, lc,
	    r->d) > 0) {
		/* An address changed: everything in one step after all. */
		output_abort(&r->out);
		r->reuse.defer = 0;
		if (output_begin_update(&r->out, r->result->out,
		    o->cache->record, r->d) != 0) {
			r->staged = 0;
			return EXIT_INTERNAL;
		}
	}
	timing_mark("render, write");
	if (lc != NULL) {
		link_cache_save(lc);
		link_cache_free(lc);
		timing_mark("link cache");
	}
	r->result->pages = stats.pages;
	r->result->kept = stats.kept;
	r->result->assets = stats.assets;
	if (r->out.io_error)
		return EXIT_INTERNAL;	/* the disk failed, not the input */
	return RUN_ON;
}

/* The staged output put in place, when nothing was wrong. */
static int
run_commit(struct run *r)
{
	if (diags_errors(r->d) > 0)
		return EXIT_INPUT;
	if (r->o->write) {
		r->result->files = r->out.files;
		r->result->bytes = r->out.bytes;
		r->staged = 0;
		if (output_commit(&r->out, r->d) != 0)
			return EXIT_INTERNAL;
	}
	timing_mark("commit");
	return EXIT_OK;
}

/*
 * What the render left as the folder held it (r->reuse.late: the pages
 * not made from one opportunity, the feeds, calendars and open data),
 * made now that the pages of the opportunities are committed and shown:
 * the render again, into a second update of the folder, keeps every page
 * it wrote and renders only what changed. Returns EXIT_OK or the code of
 * the failure (reported).
 */
static int
run_late(struct run *r)
{
	const struct build_options *o = r->o;
	struct render_stats	    stats;
	struct output		    out;
	size_t			    rendered = r->result->pages -
				    r->result->kept;

	o->shown(o->shown_ctx, r->reuse.late, r->reuse.nlate);
	r->reuse.late = NULL;	/* shown()'s now */
	r->reuse.nlate = 0;
	r->reuse.defer = 0;
	if (output_begin_update(&out, r->result->out, o->cache->record,
	    r->d) != 0)
		return EXIT_INTERNAL;
	render_site_reuse(&stats, &out, r->src, &r->site, &r->pages,
	    &r->layouts, &r->opps, o->now, o->external, r->jobs, NULL,
	    &r->reuse, NULL, r->d);
	timing_mark("late: render, write");
	if (out.io_error || diags_errors(r->d) > 0) {
		int ret = out.io_error ? EXIT_INTERNAL : EXIT_INPUT;

		output_abort(&out);
		return ret;
	}
	/* Pages rendered in either step. */
	rendered += stats.pages - stats.kept;
	r->result->kept = r->result->pages > rendered ?
	    r->result->pages - rendered : 0;
	r->result->files = out.files;
	r->result->bytes = out.bytes;
	if (output_commit(&out, r->d) != 0)
		return EXIT_INTERNAL;
	timing_mark("late: commit");
	return EXIT_OK;
}

/* The report printed, and all the run holds let go. Returns ret. */
static int
run_finish(struct run *r, int ret)
{
	const struct build_options *o = r->o;

	if (r->staged)
		output_abort(&r->out);
	if (ret == EXIT_OK && diags_errors(r->d) > 0)
		ret = EXIT_INPUT;
	/* A JSON report is the command's output; text goes with errors. */
	diags_print(r->d, o->report != NULL ? o->report :
	    o->format == DIAG_FORMAT_JSON ? stdout : stderr,
	    (enum diag_format)o->format);
	/* After printing, which may quote the files. */
	world_keep(r, ret);
	world_reuse_free(&r->reuse, r->opps.count);
	free(r->which);
	diags_set_filter(r->d, NULL, NULL);
	if (r->chd != NULL) {
		diags_free(r->chd);
		if (r->chrc >= 0)
			changes_free(&r->ch);
	}
	pr_scope_free(&r->scope);
	fcache_free(&r->facts.fc);
	free(r->facts.format);
	free(r->facts.changed);
	pages_free(&r->pages);
	arena_free(r->pages_a);
	free(r->was);
	opportunities_free(&r->opps);
	history_free(&r->hist);
	layouts_free(&r->layouts);
	i18n_cleanup();
	worddiff_cleanup();
	pack_cleanup();
	if (r->src != NULL)
		source_free(r->src);
	if (r->base_src != NULL)
		source_free(r->base_src);
	if (r->a != NULL)
		arena_free(r->a);
	/* After the history, which reads it. */
	git_repository_free(r->own_repo);
	git_libgit2_shutdown();
	return ret;
}

/*
 * The stages, each handed what the ones before made (struct run): the
 * first that does not return RUN_ON ends the run with its exit code.
 */
int
build_run(struct build_result *result, const struct build_options *o,
    struct diags *d)
{
	struct build_result	scratch;
	struct run		r;
	int			ret;

	if (result == NULL)
		result = &scratch;
	run_init(&r, result, o, d);
	ret = run_open(&r);
	if (ret == RUN_ON)
		ret = run_changes(&r);
	if (ret == RUN_ON)
		ret = run_read(&r);
	if (ret == RUN_ON)
		ret = run_output(&r);
	if (ret == RUN_ON)
		ret = run_inputs(&r);
	if (ret == RUN_ON)
		ret = run_rules(&r);
	if (ret == RUN_ON)
		ret = run_render(&r);
	if (ret == RUN_ON)
		ret = run_commit(&r);
	if (ret == EXIT_OK && r.reuse.late != NULL)
		ret = run_late(&r);
	render_reuse_late_free(&r.reuse);
	ret = run_finish(&r, ret);
	if (result == &scratch)
		free(scratch.out);
	return ret;
}
