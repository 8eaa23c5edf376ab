#include <stdlib.h>
#include <string.h>

#include "changes.h"
#include "diag.h"
#include "gitrepo.h"
#include "source.h"
#include "xalloc.h"

#define OPP_DIR	"opportunities/"

/* The commit a revision names, or -1 after reporting. */
static int
resolve_commit(git_oid *out, git_repository *repo, const char *rev,
    struct diags *d)
{
	git_object	*obj = NULL;
	git_commit	*commit = NULL;

	if (git_revparse_single(&obj, repo, rev) != 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT)
	    != 0) {
		diag_error(d, NULL, 0, 0, "revision '%s' not found: %s", rev,
		    gitrepo_error());
		git_object_free(obj);
		return -1;
	}
	git_oid_cpy(out, git_commit_id(commit));
	git_commit_free(commit);
	git_object_free(obj);
	return 0;
}

static int
tree_of(git_tree **out, git_repository *repo, const git_oid *commit_id)
{
	git_commit	*commit = NULL;
	int		 rc;

	if (git_commit_lookup(&commit, repo, commit_id) != 0)
		return -1;
	rc = git_commit_tree(out, commit);
	git_commit_free(commit);
	return rc;
}

/*
 * A copy of blob id's bytes (NUL-terminated) into *data and *len.
 * Returns 0; 1 when it is no blob or cannot be read; 2 when it is larger
 * than max_bytes (nothing copied).
 */
static int
blob_copy(char **data, size_t *len, git_repository *repo, const git_oid *id,
    size_t max_bytes)
{
	git_blob	*blob = NULL;
	git_odb		*odb = NULL;
	git_object_t	 type;
	size_t		 size;
	int		 known;

	/* The size from the object's header: a tree diff does not give it. */
	known = git_repository_odb(&odb, repo) == 0 &&
	    git_odb_read_header(&size, &type, odb, id) == 0 &&
	    type == GIT_OBJECT_BLOB;
	git_odb_free(odb);
	if (!known)
		return 1;
	if (size > max_bytes)
		return 2;
	if (git_blob_lookup(&blob, repo, id) != 0)
		return 1;
	*len = (size_t)git_blob_rawsize(blob);
	*data = xmalloc(*len + 1);
	memcpy(*data, git_blob_rawcontent(blob), *len);
	(*data)[*len] = '\0';
	git_blob_free(blob);
	return 0;
}

/* Keep the base text of an opportunity file, if it is small enough. */
static void
keep_old_text(struct change *c, git_repository *repo, const git_diff_delta *dl,
    size_t max_bytes, struct diags *d)
{
	const char	*old = dl->old_file.path;

	if (strncmp(old, OPP_DIR, strlen(OPP_DIR)) != 0 ||
	    dl->old_file.mode == GIT_FILEMODE_LINK ||
	    dl->old_file.mode == GIT_FILEMODE_COMMIT)
		return;
	if (blob_copy(&c->old_data, &c->old_len, repo, &dl->old_file.id,
	    max_bytes) == 2)
		diag_error(d, old, 0, 0, "the base version is larger than "
		    "%zu bytes", max_bytes);
}

/* Keep the head text of a modified opportunity file, if small enough
 * (a larger one is reported when the head's files are read). */
static void
keep_new_text(struct change *c, git_repository *repo, const git_diff_delta *dl,
    size_t max_bytes)
{
	const char	*p = dl->new_file.path;

	if (strncmp(p, OPP_DIR, strlen(OPP_DIR)) != 0 ||
	    strchr(p + strlen(OPP_DIR), '/') != NULL ||
	    (dl->new_file.mode != GIT_FILEMODE_BLOB &&
	    dl->new_file.mode != GIT_FILEMODE_BLOB_EXECUTABLE))
		return;
	blob_copy(&c->new_data, &c->new_len, repo, &dl->new_file.id,
	    max_bytes);
}

static int
changes_collect(struct changes *out, git_repository *repo, git_diff *diff,
    size_t max_bytes, struct diags *d)
{
	size_t	i, n = git_diff_num_deltas(diff);

	out->list = xcalloc(n + 1, sizeof(*out->list));
	for (i = 0; i < n; i++) {
		const git_diff_delta *dl = git_diff_get_delta(diff, i);
		struct change *c = &out->list[out->count];

		switch (dl->status) {
		case GIT_DELTA_ADDED:
			c->kind = CHANGE_ADDED;
			break;
		case GIT_DELTA_DELETED:
			c->kind = CHANGE_DELETED;
			break;
		case GIT_DELTA_RENAMED:
			c->kind = CHANGE_RENAMED;
			c->old_path = xstrdup(dl->old_file.path);
			break;
		case GIT_DELTA_MODIFIED:
		case GIT_DELTA_TYPECHANGE:
			c->kind = CHANGE_MODIFIED;
			break;
		default:
			continue;
		}
		c->path = xstrdup(c->kind == CHANGE_DELETED ?
		    dl->old_file.path : dl->new_file.path);
		c->special = c->kind != CHANGE_DELETED &&
		    (dl->new_file.mode == GIT_FILEMODE_LINK ||
		    dl->new_file.mode == GIT_FILEMODE_COMMIT);
		if (c->kind != CHANGE_ADDED)
			keep_old_text(c, repo, dl, max_bytes, d);
		if (c->kind == CHANGE_MODIFIED)
			keep_new_text(c, repo, dl, max_bytes);
		out->count++;
	}
	return 0;
}

/* A path the head may not hold: an error at that path. */
static void
changes_refuse(const char *path, const char *msg, void *ctx)
{
	diag_error(ctx, path, 0, 0, "%s", msg);
}

/*
 * Judge what the head adds or changes before libgit2 compares the trees
 * (its diff has no depth bound, and would read a name holding '/' as
 * two): names and nesting, everywhere in the tree. Returns 0, 1 after
 * reporting refused paths, or -1 after reporting a failure.
 */
static int
changes_screen(git_repository *repo, git_tree *btree, git_tree *htree,
    struct diags *d)
{
	struct gitrepo_walk	how;
	int			rc;

	memset(&how, 0, sizeof(how));
	how.max_depth = source_default_limits.max_depth;
	how.max_entries = GITREPO_MAX_ENTRIES;
	how.check_names = 1;
	how.problem = changes_refuse;
	how.ctx = d;
	if ((rc = gitrepo_tree_walk(repo, btree, htree, &how)) < 0)
		diag_error(d, NULL, 0, 0, "cannot read the head's tree: %s",
		    gitrepo_error());
	return rc;
}

int
changes_load(struct changes *out, const char *repo_dir, const char *base,
    const char *head, size_t max_bytes, struct diags *d)
{
	git_repository	*repo = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	git_libgit2_init();
	if (gitrepo_open(&repo, repo_dir, d) == 0)
		rc = changes_load_repo(out, repo, base, head, max_bytes, d);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int
changes_load_repo(struct changes *out, git_repository *repo, const char *base,
    const char *head, size_t max_bytes, struct diags *d)
{
	git_tree		*btree = NULL, *htree = NULL;
	git_diff		*diff = NULL;
	git_diff_options	 dopts;
	git_diff_find_options	 fopts;
	git_oid			 boid, hoid, mb;
	char			 hex[GIT_OID_HEXSZ + 1];
	int			 rc = -1;

	memset(out, 0, sizeof(*out));
	git_diff_options_init(&dopts, GIT_DIFF_OPTIONS_VERSION);
	git_diff_find_options_init(&fopts, GIT_DIFF_FIND_OPTIONS_VERSION);
	if (resolve_commit(&boid, repo, base, d) != 0 ||
	    resolve_commit(&hoid, repo, head, d) != 0)
		goto out;
	if (git_merge_base(&mb, repo, &boid, &hoid) != 0) {
		diag_error(d, NULL, 0, 0, "'%s' and '%s' have no common "
		    "history: %s", base, head, gitrepo_error());
		goto out;
	}
	git_oid_tostr(hex, sizeof(hex), &mb);
	out->merge_base = xstrdup(hex);
	if (tree_of(&btree, repo, &mb) != 0 ||
	    tree_of(&htree, repo, &hoid) != 0) {
		diag_error(d, NULL, 0, 0, "cannot compare '%s' with '%s': %s",
		    base, head, gitrepo_error());
		goto out;
	}
	if ((rc = changes_screen(repo, btree, htree, d)) != 0)
		goto out;
	rc = -1;
	if (git_diff_tree_to_tree(&diff, repo, btree, htree, &dopts) != 0) {
		diag_error(d, NULL, 0, 0, "cannot compare '%s' with '%s': %s",
		    base, head, gitrepo_error());
		goto out;
	}
	fopts.flags = GIT_DIFF_FIND_RENAMES;
	if (git_diff_find_similar(diff, &fopts) != 0) {
		diag_error(d, NULL, 0, 0, "cannot find renamed files: %s",
		    gitrepo_error());
		goto out;
	}
	rc = changes_collect(out, repo, diff, max_bytes, d);
out:
	if (rc < 0)
		changes_free(out);	/* on failure, nothing to free */
	git_diff_free(diff);
	git_tree_free(btree);
	git_tree_free(htree);
	return rc;
}

void
changes_free(struct changes *c)
{
	size_t	i;

	for (i = 0; i < c->count; i++) {
		free(c->list[i].path);
		free(c->list[i].old_path);
		free(c->list[i].old_data);
		free(c->list[i].new_data);
	}
	free(c->list);
	free(c->merge_base);
	memset(c, 0, sizeof(*c));
}
