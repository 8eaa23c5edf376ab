#define _GNU_SOURCE	/* sched_getaffinity */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "build.h"
#include "changes.h"
#include "defbranch.h"
#include "history.h"
#include "diag.h"
#include "gitrepo.h"
#include "i18n.h"
#include "layout.h"
#include "opportunity.h"
#include "npmfiles.h"
#include "output.h"
#include "page.h"
#include "pr.h"
#include "pr_scope.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "timing.h"
#include "worddiff.h"
#include "xalloc.h"

struct build_cache {
	int		 valid;		/* hist is the history of head */
	char		 head[GIT_OID_HEXSZ + 1]; /* HEAD's commit, or "" */
	struct history	 hist;
	struct output_record *record;	/* what the output folder holds */
};

struct build_cache *
build_cache_new(void)
{
	struct build_cache *c = xcalloc(1, sizeof(*c));

	c->record = output_record_new();
	return c;
}

void
build_cache_free(struct build_cache *c)
{
	if (c == NULL)
		return;
	history_free(&c->hist);
	output_record_free(c->record);
	free(c);
}

/*
 * The commit HEAD names in the repository at or above repo_dir, in hex
 * ("" when there is none yet). Returns 0, or -1 when the repository
 * cannot be opened (not reported: history_load() reports it).
 */
static int
head_commit(char out[GIT_OID_HEXSZ + 1], const char *repo_dir)
{
	struct diags	*quiet = diags_new();
	git_repository	*repo = NULL;
	git_object	*obj = NULL;
	int		 rc = -1;

	out[0] = '\0';
	git_libgit2_init();
	if (gitrepo_open(&repo, repo_dir, quiet) == 0) {
		if (git_revparse_single(&obj, repo, "HEAD") == 0 &&
		    git_object_type(obj) == GIT_OBJECT_COMMIT)
			git_oid_tostr(out, GIT_OID_HEXSZ + 1,
			    git_object_id(obj));
		rc = 0;
	}
	git_object_free(obj);
	git_repository_free(repo);
	git_libgit2_shutdown();
	diags_free(quiet);
	return rc;
}

/*
 * The history for a build: walked into *own, or, for the working tree
 * with a cache, the cache's while HEAD names the same commit (else
 * walked into the cache). *out is the one to use. Returns as
 * history_load() does.
 */
static int
build_history(const struct history **out, struct history *own,
    const struct build_options *o, struct diags *d)
{
	struct build_cache	*c = o->cache;
	char			 head[GIT_OID_HEXSZ + 1];
	int			 rc, flags = o->no_cache ? HISTORY_NO_CACHE : 0;

	*out = own;
	if (c == NULL || o->rev != NULL || head_commit(head, o->repo) != 0)
		return history_load(own, o->repo, o->rev, flags, d);
	if (!c->valid || strcmp(c->head, head) != 0) {
		history_free(&c->hist);
		c->valid = 0;
		if ((rc = history_load(&c->hist, o->repo, NULL, flags, d))
		    != 0)
			return rc;
		memcpy(c->head, head, sizeof(head));
		c->valid = 1;
	}
	*out = &c->hist;
	return 0;
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
 * Plain check of a working tree: the opportunity files the default branch
 * does not hold yet are new, and get the rules of a new opportunity. A
 * note says which branch that was. Returns 0, or -1 after reporting that
 * the repository could not be read.
 */
static int
check_new_against_default(const struct opportunities *opps,
    const struct site *site, const struct build_options *o, struct diags *d)
{
	struct defbranch	b;
	size_t			i, n = 0;

	if (defbranch_load(&b, o->repo, "opportunities", d) != 0)
		return -1;
	if (b.name == NULL) {
		if (b.born)
			diag_report(d, DIAG_NOTE, NULL, 0, 0, "no default "
			    "branch (origin/HEAD, main or master): new "
			    "opportunities were not told apart from published "
			    "ones");
		defbranch_free(&b);
		return 0;
	}
	for (i = 0; i < opps->count; i++) {
		if (defbranch_has(&b, opps->list[i].path))
			continue;
		n++;
		pr_check_new(&opps->list[i], site, o->now, d);
	}
	if (n == 0)
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "every opportunity is "
		    "on %s (the default branch): none was checked as new",
		    b.name);
	else
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "%zu opportunit%s not "
		    "yet on %s (the default branch) checked as new", n,
		    n == 1 ? "y" : "ies", b.name);
	defbranch_free(&b);
	return 0;
}

/*
 * The base revision's settings, which judge a pull request (its rules
 * are never the pull request's own). Problems in the base are not the
 * pull request's doing and are not reported; a base whose settings
 * cannot be read leaves the built-in defaults. *srcp keeps the base's
 * files alive (free it with source_free()). Returns 0, or -1 when the
 * base revision cannot be opened (reported).
 */
static int
load_base_site(struct site *out, struct source **srcp, struct arena *a,
    const struct build_options *o, struct diags *d)
{
	struct diags	*quiet = diags_new();
	int		 rc;

	/* The settings are all in _data: the rest is not read. */
	memset(out, 0, sizeof(*out));
	rc = source_open_only(srcp, o->repo, o->base, "_data", NULL, quiet);
	if (rc < 0) {
		diags_free(quiet);
		/* Said again where it can be seen. */
		return source_open_only(srcp, o->repo, o->base, "_data", NULL,
		    d) < 0 ? -1 : 0;
	}
	if (site_load(out, a, *srcp, quiet) != 0)
		site_fill_defaults(out);
	diags_free(quiet);
	return 0;
}

int
build_run(struct build_result *result, const struct build_options *o,
    struct diags *d)
{
	struct build_result	 scratch;
	struct source		*src = NULL;
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
	int			 rc, chrc = -1, scoped = 0, staged = 0,
				 ret = EXIT_INPUT;
	unsigned		 jobs = o->jobs > 0 ? o->jobs :
				    build_jobs_default();

	if (result == NULL)
		result = &scratch;
	memset(result, 0, sizeof(*result));
	memset(&layouts, 0, sizeof(layouts));
	memset(&pages, 0, sizeof(pages));
	memset(&opps, 0, sizeof(opps));
	memset(&hist, 0, sizeof(hist));
	result->next_change = -1;
	memset(&ch, 0, sizeof(ch));
	memset(&scope, 0, sizeof(scope));
	timing_mark("start");
	/*
	 * A pull request's changes come first: one that changes only
	 * opportunities (and their attachments) is checked for them alone.
	 * Their problems are reported where they always were (chd).
	 */
	if (o->base != NULL) {
		chd = diags_new();
		chrc = changes_load(&ch, o->repo, o->base, o->rev, 4 << 20,
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
	rc = source_open(&src, o->repo, o->rev, NULL, d);
	if (rc < 0 || src->io_failed) {
		ret = EXIT_INTERNAL;	/* the files could not be read */
		goto done;
	}
	result->out = build_out_dir(o, src);
	if (o->write && (output_check_dir(result->out, src->workdir, d) != 0 ||
	    (o->cache != NULL ? output_begin_update(&out, result->out,
	    o->cache->record, d) : output_begin(&out, result->out, d)) != 0)) {
		ret = EXIT_INTERNAL;
		goto done;
	}
	/* check judges output paths as build would, writing nothing. */
	if (!o->write)
		output_begin_dry(&out, d);
	timing_mark("read sources");
	staged = 1;
	if (site_load(&site, a, src, d) != 0 || site.nlangs == 0)
		goto done;	/* nothing sensible can be checked further */
	if (o->base_url != NULL)
		site_set_base_url(&site, a, o->base_url);
	/* Only a build reads node_modules/: a check needs no `npm ci`. */
	if ((site.npm = npmfiles_texts(&site.npm_files, src->workdir,
	    o->write, a, d)) == NULL)
		goto done;
	if (o->base != NULL) {
		if (load_base_site(&base, &base_src, a, o, d) != 0) {
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
	opportunities_load(&opps, a, src, &site, o->now, jobs, d);
	timing_mark("opportunities");
	/*
	 * Dates and amendments come from history; so do changes that broke
	 * the rules on the branch, which build and check report (a pull
	 * request's own changes are judged against its base instead, which
	 * reads history only to judge an imported opportunity's 'posted').
	 */
	if ((o->write || o->base == NULL || opportunities_any_posted(&opps)) &&
	    build_history(&h, &hist, o, d) == 0 &&
	    (o->write || o->base == NULL))
		opportunities_date(&opps, h, &site, a,
		    o->rev == NULL ? src : NULL, jobs, d);
	timing_mark("history, dates");
	opportunities_check_posted(&opps, h, &site, o->now, d);
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
	} else {
		opportunities_check_time(&opps, &site, o->now,
		    o->due > 0 ? o->due : -1, NULL, NULL, d);
		if (!o->write && o->rev == NULL && check_new_against_default(
		    &opps, &site, o, d) != 0) {
			ret = EXIT_INTERNAL;
			goto done;
		}
	}
	timing_mark("rules, changes");
	pages_load(&pages, a, src, &site, &layouts, &opps, d);
	pages_date(&pages, h);
	timing_mark("pages");
	rscope.wants = pr_scope_wants;
	rscope.ctx = &scope;
	render_site(&stats, &out, src, &site, &pages,
	    &layouts, &opps, o->now, o->external, jobs,
	    scoped ? &rscope : NULL, d);
	timing_mark("render, write");
	result->pages = stats.pages;
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
	diags_set_filter(d, NULL, NULL);
	if (chd != NULL) {
		diags_free(chd);
		if (chrc >= 0)
			changes_free(&ch);
	}
	pr_scope_free(&scope);
	pages_free(&pages);
	opportunities_free(&opps);
	history_free(&hist);
	layouts_free(&layouts);
	i18n_cleanup();
	worddiff_cleanup();
	if (src != NULL)
		source_free(src);
	if (base_src != NULL)
		source_free(base_src);
	arena_free(a);
	if (result == &scratch)
		free(scratch.out);
	return ret;
}
