/*
 * Shared by build.c (build_run() and its stages) and the files that hold
 * parts of it: build_world.c (what serve keeps between builds),
 * build_facts.c (the facts cache of a pull request's check) and
 * build_base.c (the default branch and the base a check compares with).
 * Not part of the interface.
 */
#ifndef MARCHE_BUILD_IMPL_H
#define MARCHE_BUILD_IMPL_H

#include <stddef.h>

#include "build.h"
#include "changes.h"
#include "diag.h"
#include "facts_cache.h"
#include "history.h"
#include "layout.h"
#include "opportunity.h"
#include "output.h"
#include "page.h"
#include "pr_scope.h"
#include "render.h"
#include "site.h"
#include "source.h"
#include "source_keep.h"

/*
 * The last good build of the working tree, kept whole while HEAD names
 * the same commit: the next build starts from it when the only input
 * files whose bytes changed are opportunity files (opportunities/ID.yml)
 * and reads, dates and renders again only what they change.
 */
struct build_world {
	struct source		*src;		/* its files */
	struct arena		*a;		/* what its stages allocated */
	struct site		 site;
	struct layouts		 layouts;
	struct opportunities	 opps;		/* read and dated */
	struct pages		 pages;		/* made of them, dated */
	struct arena		*pages_a;	/* what pages hold */
	struct diags		*report;	/* what it reported */
	struct render_reuse	 reuse;		/* the pages it wrote */
	unsigned long long	 reads;		/* files read again since */
	unsigned long long	 skeleton;	/* world_skeleton() */
	unsigned long long	 read_no;	/* the build_cache.reads its
						 * files are (src) */
};

struct build_cache {
	int		 valid;		/* hist is the history of head */
	char		 head[GIT_OID_HEXSZ + 1]; /* HEAD's commit, or "" */
	struct history	 hist;
	struct output_record *record;	/* what the output folder holds */
	struct build_world *world;	/* the last good build, or NULL */
	struct source_keep *keep;	/* the working tree's files as last
					 * read */
	unsigned long long reads;	/* reads of the working tree with
					 * keep so far */
};

/* Free what r holds for the opportunities of nopps. */
void	world_reuse_free(struct render_reuse *r, size_t nopps);
/* Free w and all it holds (NULL allowed). */
void	world_free(struct build_world *w);

/*
 * The history for a build, read in repo: walked into *own, or, for the
 * working tree with a cache, the cache's while HEAD names the same
 * commit (else walked into the cache). *out is the one to use. Returns
 * as history_load() does.
 */
int	build_history(const struct history **out, struct history *own,
	    git_repository *repo, const struct build_options *o,
	    struct diags *d);

/*
 * A hash of what an opportunity's page sees of the other pages: every
 * page not made from one opportunity, by kind, reference, language,
 * address and title.
 */
unsigned long long world_skeleton(const struct pages *p);

/*
 * The world to build from, when c has one that src (just read) differs
 * from only by the bytes of opportunity files and HEAD and now are the
 * same (see build_world.c). Otherwise the world is dropped and NULL
 * returned.
 */
struct build_world *world_take(struct build_cache *c, git_repository *repo,
	    const struct build_options *o, const struct source *src,
	    size_t **which, size_t *n);

/*
 * The world to build from when serve was told which input files changed
 * (o->changed_known), or NULL, leaving c's world as it was, when that
 * cannot be told that way (see build_world.c).
 */
struct build_world *world_take_changed(struct build_cache *c,
	    git_repository *repo, const struct build_options *o,
	    const struct source_limits *lim, size_t **which, size_t *n,
	    size_t *nread);

/*
 * A scoped check of a pull request: the facts cache stands for the
 * opportunity files it leaves unchanged, which are then not read.
 */
struct facts {
	struct fcache		 fc;	/* as read (under format) */
	char			*format; /* or NULL: no cache is used */
	const struct pr_scope	*scope;
	const struct site	*site;	/* once read */
	const struct source	*src;	/* once read */
	git_repository		*repo;	/* it was read from */
	long long		 now;
	size_t			 stubs;	/* files left unread */
	const char		**changed; /* the paths a pull request
					 * changes in its head, sorted */
	size_t			 nchanged;
};

struct changes;

/* source_limits.skip: a file the facts cache stands for is not read
 * (ctx: struct facts). */
int	facts_skip(void *ctx, const char *path, const git_oid *blob,
	    const git_oid *folder, size_t *len);
/* opp_stubs.stub, opp_stubs.keep, opp_stubs.fill (ctx: struct facts). */
int	facts_stub(void *ctx, struct opportunity *o,
	    const struct source_file *f, struct arena *a);
int	facts_keep(void *ctx, const char *path);
int	facts_fill(void *ctx, struct source_file *f);
/* Note the paths the pull request ch changes, for facts_keep(). */
void	facts_changed(struct facts *fa, const struct changes *ch);
/*
 * Read the facts cache for a scoped check of revision o->rev, whose
 * settings (_data/) are its base's: the pull request changes none.
 */
void	facts_open(struct facts *fa, const struct build_options *o,
	    git_repository *repo);

/* What a stage of build_run() returns to let the next one go on; else
 * the exit code the run ends with. */
#define RUN_ON	(-1)

/*
 * What the stages of one build_run() hand on to one another, from the
 * repository to the written site.
 */
struct run {
	const struct build_options *o;
	struct diags		*d;
	struct build_result	*result;
	git_repository		*repo;		/* every stage reads this */
	git_repository		*own_repo;	/* opened for this run */
	struct arena		*a;
	struct source		*src;
	int			 read_rc;	/* what source_read() returned */
	struct source_limits	 src_limits;
	struct site		 site, base;
	struct source		*base_src;
	struct layouts		 layouts;
	struct pages		 pages;
	struct opportunities	 opps;
	struct history		 hist;
	const struct history	*h;		/* &hist, or the cache's */
	struct output		 out;
	int			 staged;	/* out begun, not committed */
	struct changes		 ch;
	struct diags		*chd;		/* what loading ch reported */
	int			 chrc;		/* what loading ch returned */
	struct pr_scope		 scope;
	int			 scoped;	/* scope is used */
	struct facts		 facts;
	struct build_world	*w;		/* the last build, built on */
	struct render_reuse	 reuse;		/* pages kept (keep only) */
	size_t			*which, nwhich;	/* opportunities read again
						 * (w) */
	struct opportunity	*was;		/* which's, as w had them */
	struct arena		*pages_a;	/* what pages hold, when a
						 * world may keep them */
	unsigned long long	 skeleton;	/* world_skeleton() */
	int			 keep;		/* a build serve may build on
						 * next */
	unsigned		 jobs;
};

/*
 * The stages of a run built on the world r->w (build_world.c):
 * world_inputs() takes its settings, layouts and opportunities, reading
 * and dating again only the opportunity files of r->which (returns
 * RUN_ON); world_pages() takes its pages when they may be patched (1),
 * else lets them go (0); world_keep(), once the run is over with ret,
 * keeps what the next build may build on, or lets the world go.
 */
int	world_inputs(struct run *r);
int	world_pages(struct run *r);
void	world_keep(struct run *r, int ret);

/*
 * Plain check of a working tree: the opportunity files the default branch
 * does not hold yet are new, and get the rules of a new opportunity. A
 * note says which branch that was. Returns 0, or -1 after reporting that
 * the repository could not be read.
 */
int	build_check_new(const struct opportunities *opps,
	    const struct site *site, git_repository *repo,
	    const struct build_options *o, struct diags *d);

/*
 * The base revision's settings, which judge a pull request, with the
 * base's files kept alive in *srcp (free it with source_free()).
 * Returns 0, or -1 when the base revision cannot be opened (reported).
 */
int	build_base_site(struct site *out, struct source **srcp,
	    struct arena *a, git_repository *repo,
	    const struct build_options *o, struct diags *d);

#endif
