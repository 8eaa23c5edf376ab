#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "gitrepo.h"
#include "history.h"
#include "source.h"
#include "xalloc.h"

#define OPP_DIR		"opportunities/"
#define HISTORY_MAX_TEXT	(1024 * 1024)	/* bytes kept of one version */
#define HISTORY_MAX_TOTAL	((size_t)256 * 1024 * 1024) /* ...of all */

/* Files being collected, in the order first seen; sorted at the end. */
struct collect {
	struct history		*h;	/* the result being filled */
	git_repository		*repo;	/* for reading blobs */
	size_t			 cap;	/* allocated entries of h->files */
	/* A small open-addressing index from path to entry. */
	size_t			*slots;	/* entry + 1, 0 when empty */
	size_t			 nslots; /* a power of two */
	size_t			 text;	/* bytes of version text kept */
	int			 over;	/* a version was left out for
					 * HISTORY_MAX_TOTAL */
};

static size_t
hash_path(const char *s)
{
	size_t	h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void
index_grow(struct collect *c)
{
	size_t	i, n = c->nslots ? c->nslots * 2 : 1024;

	free(c->slots);
	c->slots = xcalloc(n, sizeof(*c->slots));
	c->nslots = n;
	for (i = 0; i < c->h->count; i++) {
		size_t s = hash_path(c->h->files[i].path) & (n - 1);

		while (c->slots[s] != 0)
			s = (s + 1) & (n - 1);
		c->slots[s] = i + 1;
	}
}

/* The entry for path, created when missing. */
static struct history_file *
file_get(struct collect *c, const char *path)
{
	size_t	s;

	if (c->h->count * 2 >= c->nslots)
		index_grow(c);
	s = hash_path(path) & (c->nslots - 1);
	while (c->slots[s] != 0) {
		struct history_file *f = &c->h->files[c->slots[s] - 1];

		if (strcmp(f->path, path) == 0)
			return f;
		s = (s + 1) & (c->nslots - 1);
	}
	if (c->h->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->h->files = xreallocarray(c->h->files, c->cap,
		    sizeof(*c->h->files));
	}
	c->slots[s] = c->h->count + 1;
	memset(&c->h->files[c->h->count], 0, sizeof(*c->h->files));
	c->h->files[c->h->count].path = xstrdup(path);
	return &c->h->files[c->h->count++];
}

/* Record that a commit at time t added or changed a file. */
static void
record(struct collect *c, const git_diff_delta *dl, long long t)
{
	struct history_file	*f;
	struct history_version	*v;
	git_blob		*blob = NULL;

	if (dl->status == GIT_DELTA_DELETED)
		return;		/* a later re-creation starts again */
	f = file_get(c, dl->new_file.path);
	if (dl->status == GIT_DELTA_ADDED && f->nversions == 0)
		f->added = t;
	if (f->added == 0)
		f->added = t;
	f->changed = t;
	f->versions = xreallocarray(f->versions, f->nversions + 1,
	    sizeof(*f->versions));
	v = &f->versions[f->nversions++];
	memset(v, 0, sizeof(*v));
	v->time = t;
	if (strncmp(f->path, OPP_DIR, strlen(OPP_DIR)) != 0 ||
	    dl->new_file.mode == GIT_FILEMODE_LINK ||
	    dl->new_file.mode == GIT_FILEMODE_COMMIT ||
	    dl->new_file.size > HISTORY_MAX_TEXT)
		return;
	if (dl->new_file.size > HISTORY_MAX_TOTAL - c->text) {
		c->over = 1;
		return;
	}
	if (git_blob_lookup(&blob, c->repo, &dl->new_file.id) != 0)
		return;
	v->len = (size_t)git_blob_rawsize(blob);
	if (v->len <= HISTORY_MAX_TEXT) {
		v->data = xmalloc(v->len + 1);
		memcpy(v->data, git_blob_rawcontent(blob), v->len);
		v->data[v->len] = '\0';
		c->text += v->len;
	} else {
		v->len = 0;
	}
	git_blob_free(blob);
}

/* One commit's walk: what walk_change() and walk_refuse() need. */
struct commit_walk {
	struct collect	*c;		/* the files being collected */
	long long	 time;		/* the commit's time */
	const git_oid	*id;		/* the commit */
	struct diags	*d;		/* where refused paths go */
};

/* A file the commit changed, as the delta record() reads. */
static int
walk_change(const struct gitrepo_change *ch, void *ctx)
{
	struct commit_walk	*cw = ctx;
	git_diff_delta		 dl;

	memset(&dl, 0, sizeof(dl));
	dl.status = ch->status;
	dl.old_file.path = dl.new_file.path = ch->path;
	git_oid_cpy(&dl.old_file.id, &ch->old_id);
	git_oid_cpy(&dl.new_file.id, &ch->new_id);
	dl.old_file.mode = (uint16_t)ch->old_mode;
	dl.new_file.mode = (uint16_t)ch->new_mode;
	dl.new_file.size = ch->new_size;
	record(cw->c, &dl, cw->time);
	return 0;
}

/* A path the walk would not enter: history goes on without it. */
static void
walk_refuse(const char *path, const char *msg, void *ctx)
{
	struct commit_walk	*cw = ctx;
	char			 hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), cw->id);
	diag_warning(cw->d, path, 0, 0, "in commit %.12s: %s; history "
	    "leaves it out", hex, msg);
}

/*
 * Compare one commit with its first parent, within the input paths,
 * through the bounded walk of gitrepo.h (never deeper than the source
 * reads).
 */
static int
walk_commit(struct collect *c, const git_oid *id, struct diags *d)
{
	static const char *const roots[] = { "opportunities", "site" };
	git_commit		*commit = NULL, *parent = NULL;
	git_tree		*tree = NULL, *ptree = NULL;
	struct gitrepo_walk	 how;
	struct commit_walk	 cw;
	int			 rc = -1;

	if (git_commit_lookup(&commit, c->repo, id) != 0 ||
	    git_commit_tree(&tree, commit) != 0)
		goto out;
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) != 0 ||
	    git_commit_tree(&ptree, parent) != 0))
		goto out;
	cw.c = c;
	cw.time = (long long)git_commit_time(commit);
	cw.id = id;
	cw.d = d;
	memset(&how, 0, sizeof(how));
	how.max_depth = source_default_limits.max_depth;
	how.max_entries = GITREPO_MAX_ENTRIES;
	how.roots = roots;
	how.nroots = sizeof(roots) / sizeof(*roots);
	how.change = walk_change;
	how.problem = walk_refuse;
	how.ctx = &cw;
	if (gitrepo_tree_walk(c->repo, ptree, tree, &how) < 0)
		goto out;
	c->h->commits++;
	rc = 0;
out:
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(commit);
	return rc;
}

static int
file_cmp(const void *pa, const void *pb)
{
	const struct history_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

static int
history_walk(struct collect *c, const git_oid *start, struct diags *d)
{
	git_revwalk	*walk = NULL;
	git_oid		 id;
	int		 rc = -1;

	if (git_revwalk_new(&walk, c->repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) != 0 ||
	    git_revwalk_simplify_first_parent(walk) != 0 ||
	    git_revwalk_push(walk, start) != 0)
		goto fail;
	while (git_revwalk_next(&id, walk) == 0)
		if (walk_commit(c, &id, d) != 0)
			goto fail;
	rc = 0;
	goto out;
fail:
	diag_error(d, NULL, 0, 0, "cannot read the history: %s",
	    gitrepo_error());
out:
	git_revwalk_free(walk);
	return rc;
}

int
history_load(struct history *out, const char *repo_dir, const char *rev,
    struct diags *d)
{
	struct collect	 c;
	git_object	*obj = NULL;
	git_commit	*commit = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.h = out;
	git_libgit2_init();
	if (gitrepo_open(&c.repo, repo_dir, d) != 0)
		goto out;
	if (git_repository_is_shallow(c.repo) == 1) {
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "this is a shallow clone: "
		    "posted dates and amendments are not shown (fetch the "
		    "whole history to have them)");
		rc = 0;
		goto out;
	}
	if (git_revparse_single(&obj, c.repo, rev ? rev : "HEAD") != 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT)
	    != 0) {
		rc = 0;	/* no commit yet: nothing to date */
		goto out;
	}
	if (history_walk(&c, git_commit_id(commit), d) != 0)
		goto out;
	if (c.over)
		diag_warning(d, NULL, 0, 0, "the versions of opportunity files "
		    "in the history add up to more than %zu bytes: the "
		    "amendments of the later ones are not shown",
		    HISTORY_MAX_TOTAL);
	if (out->count > 1)
		qsort(out->files, out->count, sizeof(*out->files), file_cmp);
	out->available = 1;
	rc = 0;
out:
	free(c.slots);
	git_commit_free(commit);
	git_object_free(obj);
	git_repository_free(c.repo);
	git_libgit2_shutdown();
	return rc;
}

void
history_free(struct history *h)
{
	size_t	i, j;

	for (i = 0; i < h->count; i++) {
		for (j = 0; j < h->files[i].nversions; j++)
			free(h->files[i].versions[j].data);
		free(h->files[i].versions);
		free(h->files[i].path);
	}
	free(h->files);
	memset(h, 0, sizeof(*h));
}

const struct history_file *
history_find(const struct history *h, const char *path)
{
	struct history_file	key;

	if (h == NULL || h->count == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, h->files, h->count, sizeof(*h->files),
	    file_cmp);
}
