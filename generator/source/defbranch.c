#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "defbranch.h"
#include "diag.h"
#include "gitrepo.h"
#include "xalloc.h"

/*
 * The commit the default branch points at, and its short name: the
 * remote's HEAD when the clone recorded one, else a local main, else a
 * local master. Returns 0 with *name set, or -1 when none exists.
 */
static int
find_branch(git_oid *oid, char **name, git_repository *repo)
{
	static const char *const local[] = { "main", "master" };
	git_reference	*ref = NULL, *res = NULL;
	const char	*target;
	size_t		 i;
	char		 full[64];

	if (git_reference_lookup(&ref, repo, "refs/remotes/origin/HEAD") == 0 &&
	    git_reference_resolve(&res, ref) == 0) {
		target = git_reference_name(res);
		*oid = *git_reference_target(res);
		*name = xstrdup(strncmp(target, "refs/remotes/", 13) == 0 ?
		    target + 13 : target);
		git_reference_free(res);
		git_reference_free(ref);
		return 0;
	}
	git_reference_free(ref);
	for (i = 0; i < 2; i++) {
		snprintf(full, sizeof(full), "refs/heads/%s", local[i]);
		if (git_reference_name_to_id(oid, repo, full) == 0) {
			*name = xstrdup(local[i]);
			return 0;
		}
	}
	return -1;
}

static int
path_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* List the blobs directly in dir of the commit's tree. */
static int
list_folder(struct defbranch *out, git_repository *repo, const git_oid *oid,
    const char *dir)
{
	git_commit	*commit = NULL;
	git_tree	*tree = NULL, *sub = NULL;
	git_tree_entry	*e = NULL;
	size_t		 i, n;
	int		 rc = -1;

	if (git_commit_lookup(&commit, repo, oid) != 0 ||
	    git_commit_tree(&tree, commit) != 0)
		goto out;
	rc = 0;
	if (git_tree_entry_bypath(&e, tree, dir) != 0 ||
	    git_tree_entry_type(e) != GIT_OBJECT_TREE ||
	    git_tree_lookup(&sub, repo, git_tree_entry_id(e)) != 0)
		goto out;	/* no such folder: nothing published */
	n = git_tree_entrycount(sub);
	out->paths = xcalloc(n + 1, sizeof(*out->paths));
	for (i = 0; i < n; i++) {
		const git_tree_entry *f = git_tree_entry_byindex(sub, i);

		if (git_tree_entry_type(f) == GIT_OBJECT_BLOB)
			out->paths[out->count++] = xasprintf("%s/%s", dir,
			    git_tree_entry_name(f));
	}
	qsort(out->paths, out->count, sizeof(*out->paths), path_cmp);
out:
	git_tree_entry_free(e);
	git_tree_free(sub);
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

int
defbranch_load(struct defbranch *out, git_repository *repo,
    const char *dir, struct diags *d)
{
	git_oid		 oid;

	memset(out, 0, sizeof(*out));
	out->born = git_repository_head_unborn(repo) == 0;
	if (find_branch(&oid, &out->name, repo) != 0)
		return 0;
	if (list_folder(out, repo, &oid, dir) != 0) {
		diag_error(d, NULL, 0, 0, "cannot read the default branch "
		    "%s: %s", out->name, gitrepo_error());
		return -1;
	}
	return 0;
}

int
defbranch_has(const struct defbranch *b, const char *path)
{
	return b->count > 0 && bsearch(&path, b->paths, b->count,
	    sizeof(*b->paths), path_cmp) != NULL;
}

void
defbranch_free(struct defbranch *b)
{
	size_t	i;

	if (b == NULL)
		return;
	for (i = 0; i < b->count; i++)
		free(b->paths[i]);
	free(b->paths);
	free(b->name);
	memset(b, 0, sizeof(*b));
}
