/*
 * What the modules that read Git share: opening a repository, libgit2's
 * last error, and a bounded walk over what differs between two trees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2/sys/repository.h>

#include "buf.h"
#include "diag.h"
#include "gitrepo.h"
#include "rawtree.h"
#include "srcpath.h"
#include "xalloc.h"

const char *
gitrepo_error(void)
{
	const git_error	*e = git_error_last();

	return e != NULL && e->message != NULL ? e->message : "unknown error";
}

/*
 * How marche reads objects. The objects of a repository were verified
 * when they arrived (git fetch and git receive-pack check every hash), so
 * hashing each one again on every read only costs time; and a commit's
 * trees are its child's parent's, so they are worth caching whatever
 * their size (libgit2 caches only trees under 4 KiB by default). The
 * large folders the history walk compares it keeps raw itself
 * (rawtree.h), so libgit2's cache is held to 8 MiB: a cache of 64 MiB
 * cost 110 MB more resident memory in a cold walk of 12,000 commits, and
 * time (3.7 s of CPU against 3.2 s).
 * Packs are mapped into memory a window at a time; libgit2's default
 * windows (1 GiB, up to 8 GiB mapped) keep every page of a pack read
 * once resident for the rest of the run, which in a long history is the
 * size of the pack. Windows of 8 MiB, no more than 32 MiB mapped at
 * once, give back what the walk and the old versions have moved past.
 */
static void
gitrepo_settings(void)
{
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE,
	    (size_t)16 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE,
	    (ssize_t)8 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_SIZE, (size_t)8 * 1024 * 1024);
	git_libgit2_opts(GIT_OPT_SET_MWINDOW_MAPPED_LIMIT,
	    (size_t)32 * 1024 * 1024);
}

int
gitrepo_open(git_repository **out, const char *dir, struct diags *d)
{
	int	rc;

	gitrepo_settings();
	if (dir == NULL)
		dir = ".";
	rc = git_repository_open_ext(out, dir, 0, NULL);
	if (rc == GIT_ENOTFOUND) {
		diag_error(d, NULL, 0, 0, "no Git repository at or above '%s'",
		    dir);
		return -1;
	}
	if (rc < 0) {
		diag_error(d, NULL, 0, 0, "could not open the Git repository "
		    "at or above '%s': %s", dir, gitrepo_error());
		return -1;
	}
	return 0;
}

void
gitrepo_release(git_repository *repo)
{
	if (repo != NULL)
		(void)git_repository__cleanup(repo);
}

int
gitrepo_workdir(char **out, git_repository *repo, struct diags *d)
{
	const char	*wd = git_repository_workdir(repo);

	*out = NULL;
	if (wd == NULL) {
		diag_error(d, NULL, 0, 0, "the repository has no working tree "
		    "to write to");
		return -1;
	}
	*out = xstrdup(wd);
	return 0;
}

int
gitrepo_reopen(git_repository **out, git_repository *repo)
{
	*out = NULL;
	return git_repository_open_ext(out, git_repository_path(repo),
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) == 0 ? 0 : -1;
}

/* The state of one gitrepo_tree_walk(). */
struct twalk {
	git_repository			*repo;	/* where objects are */
	const struct gitrepo_walk	*how;	/* bounds and callbacks */
	struct buf			 path;	/* the current folder's path */
	size_t				 seen;	/* entries looked at */
	int				 refused; /* a path was refused */
	int				 full;	/* max_entries was reached */
};

/* Report the current path (with name appended, if not NULL). */
static void
twalk_refuse(struct twalk *t, const char *name, const char *msg)
{
	size_t	 old = t->path.len;

	if (name != NULL) {
		if (old > 0)
			buf_putc(&t->path, '/');
		buf_puts(&t->path, name);
	}
	/* The path as it is: the diagnostics module escapes what it prints. */
	if (t->how->problem != NULL)
		t->how->problem(buf_cstr(&t->path), msg, t->how->ctx);
	t->path.len = old;
	t->path.data[old] = '\0';
	t->refused = 1;
}

/* Whether name is one of the roots to walk. */
static int
twalk_root(const struct twalk *t, const char *name)
{
	size_t	i;

	if (t->how->roots == NULL)
		return 1;
	for (i = 0; i < t->how->nroots; i++)
		if (strcmp(t->how->roots[i], name) == 0)
			return 1;
	return 0;
}

static int	twalk_trees(struct twalk *, const git_oid *, const git_oid *,
		    int);

/* A libgit2 entry as the walk sees it. */
static void
tentry_of(struct tentry *out, const git_tree_entry *e)
{
	out->name = git_tree_entry_name(e);
	out->mode = git_tree_entry_filemode(e);
	out->type = git_tree_entry_type(e);
	git_oid_cpy(&out->id, git_tree_entry_id(e));
}

/* Report one file that differs, at the current path plus name. */
static int
twalk_file(struct twalk *t, const char *name, const struct tentry *o,
    const struct tentry *n)
{
	struct gitrepo_change	 c;
	git_odb			*odb = NULL;
	git_object_t		 type;
	size_t			 size, old = t->path.len;
	int			 rc;

	if (t->how->change == NULL)
		return 0;
	memset(&c, 0, sizeof(c));
	c.status = o == NULL ? GIT_DELTA_ADDED : n == NULL ?
	    GIT_DELTA_DELETED : GIT_DELTA_MODIFIED;
	if (o != NULL) {
		git_oid_cpy(&c.old_id, &o->id);
		c.old_mode = o->mode;
	}
	if (n != NULL) {
		git_oid_cpy(&c.new_id, &n->id);
		c.new_mode = n->mode;
		if (n->type == GIT_OBJECT_BLOB &&
		    git_repository_odb(&odb, t->repo) == 0 &&
		    git_odb_read_header(&size, &type, odb, &c.new_id) == 0)
			c.new_size = size;
		git_odb_free(odb);
	}
	if (old > 0)
		buf_putc(&t->path, '/');
	buf_puts(&t->path, name);
	c.path = buf_cstr(&t->path);
	rc = t->how->change(&c, t->how->ctx);
	t->path.len = old;
	t->path.data[old] = '\0';
	return rc;
}

/*
 * One name present in either folder: o and n are the entries (either
 * may be NULL), depth that of the folder holding them.
 */
static int
twalk_entry(struct twalk *t, const char *name, const struct tentry *o,
    const struct tentry *n, int depth)
{
	const char	*why;
	size_t		 old;
	int		 otree, ntree, rc = 0;

	otree = o != NULL && o->type == GIT_OBJECT_TREE;
	ntree = n != NULL && n->type == GIT_OBJECT_TREE;
	if (o != NULL && n != NULL && o->mode == n->mode &&
	    git_oid_equal(&o->id, &n->id))
		return 0;	/* the same folder or file */
	if (n != NULL && t->how->check_names &&
	    (why = srcpath_name_problem(name)) != NULL) {
		twalk_refuse(t, name, why);
		n = NULL;
		ntree = 0;
		if (o == NULL)
			return 0;
	}
	if ((o != NULL && !otree) || (n != NULL && !ntree))
		rc = twalk_file(t, name, otree ? NULL : o, ntree ? NULL : n);
	if (rc != 0 || (!otree && !ntree))
		return rc;
	if (depth + 1 > t->how->max_depth) {
		if (ntree) {
			char msg[80];

			snprintf(msg, sizeof(msg), "folders nested more than "
			    "%d levels deep are not read", t->how->max_depth);
			twalk_refuse(t, name, msg);
		}
		return 0;
	}
	old = t->path.len;
	if (old > 0)
		buf_putc(&t->path, '/');
	buf_puts(&t->path, name);
	rc = twalk_trees(t, otree ? &o->id : NULL, ntree ? &n->id : NULL,
	    depth + 1);
	t->path.len = old;
	t->path.data[old] = '\0';
	return rc;
}

/* Whether one more entry may be looked at; reports the first refusal. */
static int
twalk_room(struct twalk *t)
{
	char	msg[96];

	if (t->full)
		return 0;
	if (++t->seen <= t->how->max_entries)
		return 1;
	snprintf(msg, sizeof(msg), "the tree has more than %zu entries: "
	    "the rest is not read", t->how->max_entries);
	twalk_refuse(t, NULL, msg);
	t->full = 1;
	return 0;
}

/*
 * Count n more entries as looked at, as n calls of twalk_room() would:
 * the one past the bound is refused. Returns 1, or 0 once the bound is
 * reached.
 */
static int
raw_room(struct twalk *t, size_t n)
{
	if (t->full)
		return 0;
	if (n <= t->how->max_entries - t->seen) {
		t->seen += n;
		return 1;
	}
	t->seen = t->how->max_entries;
	return twalk_room(t);
}

/*
 * Find the entry of t within [lo, hi) named as e: of e's kind when
 * from_pass is 0, else (1) only of the other kind (a file and a folder
 * of the same name).
 */
static int
raw_find(const struct rawtree *t, size_t lo, size_t hi,
    const struct tentry *e, struct tentry *out, int from_pass)
{
	struct tentry	probe = *e;
	size_t		a, b, mid;
	int		pass, c;

	for (pass = from_pass; pass < 2; pass++) {
		if (pass == 1)	/* the same name, the other kind */
			probe.type = e->type == GIT_OBJECT_TREE ?
			    GIT_OBJECT_BLOB : GIT_OBJECT_TREE;
		for (a = lo, b = hi; a < b; ) {
			mid = a + (b - a) / 2;
			rawtree_entry(t, mid, out);
			if ((c = tentry_cmp(out, &probe)) == 0)
				return 1;
			if (c < 0)
				a = mid + 1;
			else
				b = mid;
		}
	}
	return 0;
}

/*
 * raw_find() over [*at, hi) of t for entries e asked in Git's order: the
 * same kind is found by moving *at forward (both trees are in that
 * order, so each entry of t is passed once in all), the other kind by a
 * search of [lo, hi).
 */
static int
raw_match(const struct rawtree *t, size_t lo, size_t *at, size_t hi,
    const struct tentry *e, struct tentry *out)
{
	int	c = 1;

	while (*at < hi) {
		rawtree_entry(t, *at, out);
		if ((c = tentry_cmp(out, e)) >= 0)
			break;
		++*at;
	}
	if (*at < hi && c == 0) {
		++*at;
		return 1;
	}
	return raw_find(t, lo, hi, e, out, 1);
}

/*
 * twalk_trees() over two folders read raw (rawtree.h): only the entries
 * where their bytes differ are looked at; the others, the same in both,
 * would find nothing. Every entry is counted toward the bound at the
 * point twalk_trees() would count it, so what is refused is the same.
 * Both lists are in Git's order and go forward together, as a merge.
 */
static int
twalk_raw(struct twalk *t, const struct rawtree *o, const struct rawtree *n,
    int depth)
{
	struct rawtree_middle	m;
	struct tentry		e, other;
	size_t			i, at, counted = 0;
	int			rc = 0;

	rawtree_middle(o, n, &m);
	for (at = m.i0, i = m.i0; i < m.nj && rc == 0; i++) {
		if (!raw_room(t, i + 1 - counted))
			return 0;
		counted = i + 1;
		rawtree_entry(n, i, &e);
		rc = twalk_entry(t, e.name, raw_match(o, m.i0, &at, m.oj, &e,
		    &other) ? &other : NULL, &e, depth);
	}
	if (rc != 0 || !raw_room(t, n->count - counted))
		return rc;
	for (at = m.i0, counted = 0, i = m.i0; i < m.oj && rc == 0; i++) {
		rawtree_entry(o, i, &e);
		if (raw_match(n, m.i0, &at, m.nj, &e, &other))
			continue;
		if (!raw_room(t, i + 1 - counted))
			return 0;
		counted = i + 1;
		rc = twalk_entry(t, e.name, &e, NULL, depth);
	}
	if (rc == 0)
		(void)raw_room(t, o->count - counted);
	return rc;
}

/* Compare the folders with ids oid and nid (either NULL: empty). */
static int
twalk_trees(struct twalk *t, const git_oid *oid, const git_oid *nid,
    int depth)
{
	git_tree		*o = NULL, *n = NULL;
	const git_tree_entry	*e, *other;
	const struct rawtree	*ro, *rn;
	struct tentry		 te, tother;
	const char		*name;
	size_t			 i, j = 0, count, ocount, matched = 0;
	int			 rc = -1;

	/* A folder in both, kept raw: compared by what differs. */
	if (depth > 0 && oid != NULL && nid != NULL && t->how->keep != NULL &&
	    (ro = rawtrees_get(t->how->keep, oid, NULL)) != NULL) {
		rn = rawtrees_get(t->how->keep, nid, ro);
		if (rn != NULL)
			rc = twalk_raw(t, ro, rn, depth);
		rawtrees_put(t->how->keep, rn);
		rawtrees_put(t->how->keep, ro);
		if (rn != NULL)
			return rc;
	}
	if ((oid != NULL && git_tree_lookup(&o, t->repo, oid) != 0) ||
	    (nid != NULL && git_tree_lookup(&n, t->repo, nid) != 0))
		goto out;
	rc = 0;
	count = n != NULL ? git_tree_entrycount(n) : 0;
	ocount = o != NULL ? git_tree_entrycount(o) : 0;
	for (i = 0; i < count && rc == 0 && twalk_room(t); i++) {
		e = git_tree_entry_byindex(n, i);
		name = git_tree_entry_name(e);
		if (depth == 0 && !twalk_root(t, name))
			continue;
		/*
		 * Both folders are mostly in the same order with the same
		 * names: try the old entry after the last one matched
		 * before searching.
		 */
		other = NULL;
		if (j < ocount && strcmp(git_tree_entry_name(
		    git_tree_entry_byindex(o, j)), name) == 0) {
			other = git_tree_entry_byindex(o, j++);
			matched++;	/* each old entry once at most */
		} else if (o != NULL)
			other = git_tree_entry_byname(o, name);
		tentry_of(&te, e);
		if (other != NULL)
			tentry_of(&tother, other);
		rc = twalk_entry(t, name, other != NULL ? &tother : NULL, &te,
		    depth);
	}
	/*
	 * Every old entry was matched in order by a name in the new folder:
	 * none was deleted,
	 * and looking at them again would find nothing. They still count
	 * toward the bound, as when they are looked at.
	 */
	if (depth > 0 && rc == 0 && !t->full && matched == ocount &&
	    ocount <= t->how->max_entries - t->seen) {
		t->seen += ocount;
		ocount = 0;
	}
	count = ocount;
	for (i = 0; i < count && rc == 0 && twalk_room(t); i++) {
		e = git_tree_entry_byindex(o, i);
		name = git_tree_entry_name(e);
		if ((depth == 0 && !twalk_root(t, name)) ||
		    (n != NULL && git_tree_entry_byname(n, name) != NULL))
			continue;
		tentry_of(&te, e);
		rc = twalk_entry(t, name, &te, NULL, depth);
	}
out:
	git_tree_free(o);
	git_tree_free(n);
	return rc;
}

int
gitrepo_tree_walk(git_repository *repo, const git_tree *old_tree,
    const git_tree *new_tree, const struct gitrepo_walk *how)
{
	struct twalk	t;
	int		rc;

	memset(&t, 0, sizeof(t));
	t.repo = repo;
	t.how = how;
	buf_reserve(&t.path, 256);
	rc = twalk_trees(&t, old_tree != NULL ? git_tree_id(old_tree) : NULL,
	    new_tree != NULL ? git_tree_id(new_tree) : NULL, 0);
	buf_free(&t.path);
	if (rc == 0 && t.refused)
		rc = 1;
	return rc;
}
