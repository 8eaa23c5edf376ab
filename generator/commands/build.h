/*
 * The pipeline, from a repository to a written site: source, data,
 * layouts, pages, render, output. `check` runs the same pipeline without
 * writing.
 */
#ifndef MARCHE_BUILD_H
#define MARCHE_BUILD_H

#include <stddef.h>
#include <stdio.h>

struct build_cache;
struct diags;
struct git_repository;
struct urlcheck_options;

/* Exit codes shared by every command. */
enum {
	EXIT_OK = 0,		/* done, no errors */
	EXIT_INPUT = 1,		/* problems in the input were reported */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_INTERNAL = 3	/* I/O or internal failure */
};

struct build_options {
	const char	*repo;		/* --repo, or NULL for "." */
	struct git_repository *git;	/* the repository, opened once by the
					 * command (gitrepo_open()) for all
					 * its builds, or NULL: each build
					 * opens repo for its stages */
	const char	*rev;		/* --rev, or NULL for the work tree */
	const char	*base;		/* check --base: compare with this
					 * revision's merge base (rev is the
					 * head), or NULL */
	const char	*out;		/* --out, or NULL for _site in the
					 * work tree (or the current folder) */
	const char	*base_url;	/* --base-url overriding site.yml */
	int		 write;		/* 1 to write the site, 0 to check */
	int		 allow_corrections; /* check --base: a maintainer
					 * allows text corrections after
					 * closing */
	int		 format;	/* enum diag_format for the report */
	long long	 now;		/* "now", seconds since the epoch */
	const struct urlcheck_options *external; /* check --external: fetch
					 * links to other sites, or NULL */
	long long	 due;		/* check --due: list what falls due
					 * within this many seconds, or 0 */
	struct buf	*describe;	/* check --base: gets what new and
					 * amended opportunities will say
					 * (Markdown), or NULL */
	struct build_cache *cache;	/* kept between builds of one working
					 * tree (marche serve), or NULL; its
					 * history reads git, which must be
					 * set */
	int		 changed_known; /* serve: the working tree's input
					 * files changed since the last
					 * build are known to be at most
					 * those of changed (told by
					 * inotify), not read again */
	char		**changed;	/* their paths, relative to the
					 * work tree */
	size_t		 nchanged;
	FILE		*report;	/* where the report is printed, or
					 * NULL for the default (below) */
	unsigned	 jobs;		/* --jobs: threads that render, or 0
					 * for one per available core */
	int		 full;		/* check --base --full: the whole
					 * head, even when the pull request
					 * changes only opportunities */
	int		 no_cache;	/* --no-cache: walk the whole history,
					 * without the history cache */
	/*
	 * With cache (marche serve), or NULL: when set, a build that can
	 * leaves the feeds, calendars and open data (emit.h) as the folder
	 * holds them, commits the pages, calls shown() with the paths of
	 * the files it left (late, nlate of them: the array and its
	 * strings are shown()'s to free), then makes those files
	 * and commits them in a second update of the folder before it
	 * returns. The pages are in place when shown() is called.
	 */
	void		(*shown)(void *ctx, char **late, size_t nlate);
	void		*shown_ctx;
};

struct build_result {
	size_t	pages;		/* pages rendered */
	size_t	kept;		/* pages of them kept as the output folder
				 * had them (o->cache), not rendered again */
	size_t	assets;		/* assets copied */
	size_t	read;		/* input files read from the working tree
				 * (o->cache: not taken from what the last
				 * build read) */
	size_t	files;		/* files written */
	size_t	bytes;		/* bytes written */
	char	*out;		/* the output folder used (free it) */
	long long next_change;	/* when a page next changes state (an
				 * opportunity closes...), or -1 */
};

/* The most threads --jobs asks for. */
#define BUILD_JOBS_MAX	256

/* Threads for a build by default: the cores this process may run on. */
unsigned	build_jobs_default(void);

/*
 * Run the pipeline. Problems go to d, and are printed in o->format
 * before the input is released (the excerpts need it): to stdout for
 * JSON (the document is the command's output), else to stderr.
 * Returns an exit code: EXIT_OK,
 * EXIT_INPUT (input problems; nothing written), EXIT_INTERNAL.
 * result (may be NULL) is filled in; free result->out.
 */
int	build_run(struct build_result *result, const struct build_options *o,
	    struct diags *d);

/*
 * What a build of the working tree leaves for the next one in the same
 * process: the history of the commit HEAD names, which only a new
 * commit (HEAD moving) changes, so edits to files of the working tree
 * are built without walking history again (used when o->rev is NULL),
 * what the output folder holds, so only files whose bytes change are
 * written (output_begin_update()), and the last good build of the
 * working tree whole (its files, settings, layouts, opportunities read
 * and dated, pages written), so that when only opportunity files change
 * only those are read and dated again, and only the pages they change
 * are rendered (see marche(1), serve). Used when o->cache is set. Free
 * with build_cache_free() (NULL allowed).
 */
struct build_cache *build_cache_new(void);
/* Use no inotify: look at every file of the output folder each time. */
void	build_cache_poll(struct build_cache *c);
void	build_cache_free(struct build_cache *c);

#endif
