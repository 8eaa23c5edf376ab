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


int
build_run(struct build_result *result, const struct build_options *o,
    struct diags *d)
{
	struct build_result	 scratch;
	struct source		*src = NULL;
	struct source_limits	 src_limits;
	struct arena		*a = arena_new();
	struct site		 site, base;
	struct source		*base_src = NULL;
	struct layouts		 layouts;
	struct pages		 pages;
	struct opportunities	 opps;
	struct history		 hist;
	const struct history	*h = &hist;
	struct render_stats	 stats;
	struct output		 out;
	struct changes		 ch;
	struct diags		*chd = NULL;
	struct pr_scope		 scope;
	struct render_scope	 rscope;
	struct build_world	*w = NULL;	/* the last build, built on */
	struct render_reuse	 reuse;		/* pages kept (keep only) */
	git_repository		*repo = o->git;	/* every stage reads this */
	git_repository		*own_repo = NULL; /* opened for this run */
	struct facts		 facts;
	struct opp_stubs	 stubs;
	struct link_cache	*lc = NULL;
	size_t			*which = NULL, nwhich = 0, i;
	unsigned long long	 skeleton = 0;
	int			 rc, chrc = -1, scoped = 0, staged = 0,
				 ret = EXIT_INPUT;
	/* A build serve may build on next. */
	int			 keep = o->cache != NULL && o->rev == NULL &&
				    o->base == NULL && o->base_url == NULL &&
				    o->write;
	unsigned		 jobs = o->jobs > 0 ? o->jobs :
				    build_jobs_default();

	if (result == NULL)
		result = &scratch;
	memset(result, 0, sizeof(*result));
	memset(&layouts, 0, sizeof(layouts));
	memset(&pages, 0, sizeof(pages));
	memset(&opps, 0, sizeof(opps));
	memset(&hist, 0, sizeof(hist));
	memset(&reuse, 0, sizeof(reuse));
	result->next_change = -1;
	memset(&ch, 0, sizeof(ch));
	memset(&scope, 0, sizeof(scope));
	memset(&facts, 0, sizeof(facts));
	timing_mark("start");
	/*
	 * The repository is opened once, here or by the command (o->git),
	 * and every stage that reads Git is handed it.
	 */
	assert(o->cache == NULL || o->git != NULL);
	git_libgit2_init();
	if (repo == NULL) {
		if (gitrepo_open(&own_repo, o->repo, d) != 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
		repo = own_repo;
	}
	/*
	 * A pull request's changes come first: one that changes only
	 * opportunities (and their attachments) is checked for them alone.
	 * Their problems are reported where they always were (chd).
	 */
	if (o->base != NULL) {
		chd = diags_new();
		chrc = changes_load_repo(&ch, repo, o->base, o->rev, 4 << 20,
		    chd);
		if (chrc == 0 && !o->write && !o->full &&
		    pr_scope_make(&scope, &ch)) {
			scoped = 1;
			scope.opps = &opps;
			scope.site = &site;
			diags_set_filter(d, pr_scope_keep, &scope);
		}
		timing_mark("changes");
	}
	src_limits = source_default_limits;
	src_limits.jobs = jobs;
	if (scoped && o->rev != NULL && !o->no_cache) {
		facts.scope = &scope;
		facts.now = o->now;
		facts_open(&facts, o, repo);
		if (facts.format != NULL && facts.fc.count > 0) {
			src_limits.skip = facts_skip;
			src_limits.skip_ctx = &facts;
		}
		timing_mark("facts cache: read");
	}
	/* Files whose stat() did not change are not read again. */
	if (o->cache != NULL && o->rev == NULL)
		src_limits.keep = o->cache->keep;
	/* Nor, when serve was told which changed, any other file. */
	if (keep && (w = world_take_changed(o->cache, repo, o, &src_limits,
	    &which, &nwhich, &result->read)) != NULL) {
		src = w->src;
		rc = 0;
	} else {
		if (src_limits.keep != NULL)
			o->cache->reads++;
		rc = source_read(&src, repo, o->rev, NULL, &src_limits, d);
		for (i = 0; src != NULL && o->rev == NULL && i < src->count;
		    i++)
			result->read += !src->files[i].kept;
	}
	if (rc < 0 || src->io_failed) {
		ret = EXIT_INTERNAL;	/* the files could not be read */
		goto done;
	}
	result->out = build_out_dir(o, src);
	if (o->write && (output_check_dir(result->out, src->workdir, d) != 0 ||
	    (o->cache != NULL ? output_begin_update(&out, result->out,
	    o->cache->record, d) : output_begin(&out, result->out, d)) != 0)) {
		if (w != NULL) {
			/* Its files are read anew, not yet the rest. */
			world_free(w);
			w = NULL;
			src = NULL;
		}
		ret = EXIT_INTERNAL;
		goto done;
	}
	/* check judges output paths as build would, writing nothing. */
	if (!o->write)
		output_begin_dry(&out, d);
	timing_mark("read sources");
	staged = 1;
	if (w != NULL)
		;	/* taken above */
	else if (o->cache != NULL && keep && rc == 0)
		w = world_take(o->cache, repo, o, src, &which, &nwhich);
	else if (o->cache != NULL) {
		world_free(o->cache->world);
		o->cache->world = NULL;
	}
	if (w != NULL) {
		struct world_reread r = { &w->opps, which, nwhich };

		/* Only the opportunity files of which changed. */
		if (src != w->src)
			source_free(src);
		src = w->src;
		site = w->site;
		layouts = w->layouts;
		opps = w->opps;
		reuse = w->reuse;
		memset(&w->reuse, 0, sizeof(w->reuse));
		/* What the last build reported stands, but for those files. */
		for (i = 0; i < diags_count(w->report); i++) {
			const struct diag *g = diags_get(w->report, i);
			const struct source_file *f = g->path != NULL ?
			    source_find(src, g->path) : NULL;

			if (f != NULL)
				diags_source(d, f->path, f->data, f->len);
		}
		diags_take(d, w->report, world_keep_unchanged, &r);
		timing_mark("settings");
		opportunities_reload(&opps, w->a, src, which, nwhich, &site, d);
		timing_mark("opportunities");
		if (build_history(&h, &hist, repo, o, d) == 0)
			opportunities_date_some(&opps, h, &site, w->a, src,
			    which, nwhich, d);
		timing_mark("history, dates");
		for (i = 0; i < nwhich; i++) {
			struct opportunities one = {
				.list = &opps.list[which[i]], .count = 1,
				.now = opps.now };

			opportunities_check_posted(&one, h, &site, o->now, d);
		}
		goto dated;
	}
	if (site_load(&site, a, src, d) != 0 || site.nlangs == 0)
		goto done;	/* nothing sensible can be checked further */
	if (o->base_url != NULL)
		site_set_base_url(&site, a, o->base_url);
	/* Only a build reads node_modules/: a check needs no `npm ci`. */
	if ((site.npm = npmfiles_texts(&site.npm_files, src->workdir,
	    o->write, a, d)) == NULL)
		goto done;
	if (o->base != NULL) {
		if (build_base_site(&base, &base_src, a, repo, o, d) != 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
		/* The base's rules judge the pull request's files. */
		site.rules = base.rules;
		site.time_zone = base.time_zone;
	}
	timing_mark("settings");
	layouts_load(&layouts, a, src, d);
	timing_mark("layouts");
	/* Past reading, only a pull request's checks read texts: those of
	 * the files it changes. */
	facts.site = &site;
	facts.src = src;
	facts.repo = repo;
	stubs.stub = facts_stub;
	stubs.fill = facts_fill;
	stubs.keep = facts_keep;
	stubs.ctx = &facts;
	if (o->base != NULL && chrc == 0)
		facts_changed(&facts, &ch);
	/* Dating compares the files as read with their older versions,
	 * by the digests of their terms when it has no cache. */
	opportunities_load_stubs(&opps, a, src, &site, o->now, jobs, keep ? 0 :
	    OPP_LET_GO | ((o->write || o->base == NULL) && (o->no_cache ||
	    !opportunities_dating_cached(repo)) ? OPP_TERMS : 0), &stubs, d);
	xalloc_trim();
	timing_mark("opportunities");
	/*
	 * What each file of a revision says, for the next check of a pull
	 * request that leaves it unchanged (under the rules that judged it).
	 */
	if (!o->no_cache && src->commit != NULL &&
	    (o->base == NULL || base_src != NULL)) {
		char *format = fcache_format(src, o->base != NULL ? base_src :
		    src, o->base_url);

		fcache_save(repo, format, src, &opps, &site, o->now,
		    facts.format != NULL && strcmp(facts.format, format) == 0 ?
		    &facts.fc : NULL);
		free(format);
		timing_mark("facts cache");
	}
	/*
	 * Dates and amendments come from history; so do changes that broke
	 * the rules on the branch, which build and check report (a pull
	 * request's own changes are judged against its base instead, which
	 * reads history only to judge an imported opportunity's 'posted').
	 */
	if ((o->write || o->base == NULL || opportunities_any_posted(&opps)) &&
	    build_history(&h, &hist, repo, o, d) == 0 &&
	    (o->write || o->base == NULL)) {
		xalloc_trim();
		timing_mark("history");
		opportunities_date(&opps, h, &site, a,
		    o->rev == NULL ? src : NULL, jobs, d);
	}
	timing_mark("history, dates");
	opportunities_check_posted(&opps, h, &site, o->now, d);
dated:
	result->next_change = opportunities_next_change(&opps, &site, o->now);
	if (o->base != NULL) {
		rc = chrc;
		diags_merge(d, chd);
		if (scoped)
			diag_report(d, DIAG_NOTE, NULL, 0, 0, "this pull "
			    "request changes only opportunities: their pages "
			    "and the site's pages were checked, and the "
			    "problems of the %zu other opportunit%s were left "
			    "out (--full checks everything)",
			    opps.count - pr_scope_count(&scope, &opps),
			    opps.count - pr_scope_count(&scope, &opps) == 1 ?
			    "y" : "ies");
		if (rc < 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
		if (rc == 0)	/* 1: the head's tree was refused */
			pr_check(&ch, &opps, &site, &base, a, o->now,
			    o->allow_corrections ? PR_ALLOW_CORRECTIONS : 0,
			    d);
		if (rc == 0 && o->describe != NULL)
			pr_describe(o->describe, &ch, &opps, &site, a, o->now);
		{
			struct pr_time pt = { &ch, &site, o->now };

			opportunities_check_time(&opps, &site, o->now,
			    o->due > 0 ? o->due : -1, pr_breach_created, &pt,
			    d);
		}
	} else if (w != NULL) {
		/* What falls due depends on the opportunity, the settings
		 * and now: the others' stands in the last build's report. */
		for (i = 0; i < nwhich; i++) {
			struct opportunities one = {
				.list = &opps.list[which[i]], .count = 1,
				.now = opps.now };

			opportunities_check_time(&one, &site, o->now,
			    o->due > 0 ? o->due : -1, NULL, NULL, d);
		}
	} else {
		opportunities_check_time(&opps, &site, o->now,
		    o->due > 0 ? o->due : -1, NULL, NULL, d);
		if (!o->write && o->rev == NULL && build_check_new(
		    &opps, &site, repo, o, d) != 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
	}
	/*
	 * Git has been read: the packs' windows it left mapped (resident
	 * for the rest of the run) are given back before the pages are
	 * rendered. A file whose problem is printed is read again.
	 */
	gitrepo_release(own_repo);
	/* A build serve keeps is compared file by file with the next. */
	if (!keep) {
		release_opportunity_texts(&opps, src, d);
		if (opps.npieces > 0) {	/* not all compacted as read */
			xalloc_trim();
			opportunities_compact(&opps, jobs);
			xalloc_trim();
		}
	}
	timing_mark("rules, changes");
	pages_load(&pages, a, src, &site, &layouts, &opps, d);
	pages_date(&pages, h);
	skeleton = world_skeleton(&pages);
	/* Pages link to one another: when the pages not made from one
	 * opportunity change, every page is rendered again. */
	if (w != NULL && skeleton != w->skeleton)
		for (i = 0; i < opps.count * SITE_MAX_LANGS; i++) {
			links_free(reuse.links[i]);
			reuse.links[i] = NULL;
		}
	if (w != NULL && skeleton != w->skeleton)
		render_reuse_forget(&reuse);
	if (keep && w == NULL) {
		reuse.links = xcalloc(opps.count * SITE_MAX_LANGS + 1,
		    sizeof(*reuse.links));
		reuse.gen = xcalloc(opps.count + 1, sizeof(*reuse.gen));
	}
	reuse.opps = &opps;
	timing_mark("pages");
	rscope.wants = pr_scope_wants;
	rscope.ctx = &scope;
	if (!o->no_cache && !keep && !scoped && o->base == NULL)
		lc = links_cache_open(repo, src, &site, &pages, o);
	render_site_reuse(&stats, &out, src, &site, &pages,
	    &layouts, &opps, o->now, o->external, jobs,
	    scoped ? &rscope : NULL, keep ? &reuse : NULL, lc, d);
	timing_mark("render, write");
	if (lc != NULL) {
		link_cache_save(lc);
		link_cache_free(lc);
		lc = NULL;
		timing_mark("link cache");
	}
	result->pages = stats.pages;
	result->kept = stats.kept;
	result->assets = stats.assets;
	if (out.io_error) {
		ret = EXIT_INTERNAL;	/* the disk failed, not the input */
		goto done;
	}
	if (diags_errors(d) > 0)
		goto done;
	if (o->write) {
		result->files = out.files;
		result->bytes = out.bytes;
		staged = 0;
		if (output_commit(&out, d) != 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
	}
	timing_mark("commit");
	ret = EXIT_OK;
done:
	if (staged)
		output_abort(&out);
	if (ret == EXIT_OK && diags_errors(d) > 0)
		ret = EXIT_INPUT;
	/* A JSON report is the command's output; text goes with errors. */
	diags_print(d, o->report != NULL ? o->report :
	    o->format == DIAG_FORMAT_JSON ? stdout : stderr,
	    (enum diag_format)o->format);
	/* After printing, which may quote the files. */
	if (keep && ret == EXIT_OK && diags_errors(d) == 0) {
		/* The next build may build on this one. */
		if (w == NULL) {
			w = xcalloc(1, sizeof(*w));
			w->src = src;
			w->a = a;
			src = NULL;
			a = NULL;
		}
		src = NULL;	/* the world's */
		w->read_no = o->cache->reads;
		w->site = site;
		w->layouts = layouts;
		w->opps = opps;
		w->skeleton = skeleton;
		w->reuse = reuse;
		memset(&reuse, 0, sizeof(reuse));
		diags_free(w->report);
		w->report = diags_new();
		diags_take(w->report, d, NULL, NULL);
		o->cache->world = w;
		memset(&layouts, 0, sizeof(layouts));
		memset(&opps, 0, sizeof(opps));
	} else if (w != NULL) {
		/* Changed on the way: the next build starts afresh. */
		world_reuse_free(&reuse, opps.count);
		w->layouts = layouts;
		w->opps = opps;
		world_free(w);
		src = NULL;
		memset(&layouts, 0, sizeof(layouts));
		memset(&opps, 0, sizeof(opps));
	}
	world_reuse_free(&reuse, opps.count);
	free(which);
	diags_set_filter(d, NULL, NULL);
	if (chd != NULL) {
		diags_free(chd);
		if (chrc >= 0)
			changes_free(&ch);
	}
	pr_scope_free(&scope);
	fcache_free(&facts.fc);
	free(facts.format);
	free(facts.changed);
	pages_free(&pages);
	opportunities_free(&opps);
	history_free(&hist);
	layouts_free(&layouts);
	i18n_cleanup();
	worddiff_cleanup();
	pack_cleanup();
	if (src != NULL)
		source_free(src);
	if (base_src != NULL)
		source_free(base_src);
	if (a != NULL)
		arena_free(a);
	git_repository_free(own_repo);	/* after the history, which reads it */
	git_libgit2_shutdown();
	if (result == &scratch)
		free(scratch.out);
	return ret;
}
