/*
 * Fuzz target for the tree walk's raw reading (rawtree.h): two folders
 * are compared both ways, once through libgit2's parsed trees and once
 * through the kept raw trees, and every file reported, every path refused
 * and the result must be the same, byte for byte, whatever the trees
 * hold. The input is two trees in the instructions of support/treebuild.h,
 * separated by a line "=", each placed as the folder "opportunities" of
 * a root tree (the raw reading applies below the root). Each comparison
 * is made with the default bounds and with tight ones (a few entries,
 * shallow folders), and the kept trees are shared from one comparison to
 * the next, as a history walk shares them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "gitrepo.h"
#include "rawtree.h"
#include "support/treebuild.h"


int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char		 repo_dir[256];

static int
on_change(const struct gitrepo_change *c, void *ctx)
{
	struct buf	*b = ctx;
	char		 o[GIT_OID_HEXSZ + 1], n[GIT_OID_HEXSZ + 1];

	git_oid_tostr(o, sizeof(o), &c->old_id);
	git_oid_tostr(n, sizeof(n), &c->new_id);
	buf_printf(b, "change %d %s %s %o %o %llu ", (int)c->status, o, n,
	    (unsigned)c->old_mode, (unsigned)c->new_mode,
	    (unsigned long long)c->new_size);
	buf_puts(b, c->path);
	buf_put(b, "", 1);
	return 0;
}

static void
on_problem(const char *path, const char *msg, void *ctx)
{
	struct buf	*b = ctx;

	buf_puts(b, "problem ");
	buf_puts(b, path);
	buf_put(b, "", 1);
	buf_puts(b, msg);
	buf_put(b, "", 1);
}

/* Compare root trees o and n with bounds how, into out. */
static void
walk(struct buf *out, git_repository *repo, const git_oid *o,
    const git_oid *n, struct gitrepo_walk how)
{
	git_tree	*ot = NULL, *nt = NULL;
	int		 rc;

	/* A root libgit2 cannot read (the input closed the folder and
	 * wrote a broken entry beside it) is no comparison. */
	if (git_tree_lookup(&ot, repo, o) != 0 ||
	    git_tree_lookup(&nt, repo, n) != 0) {
		buf_puts(out, "no root");
		git_tree_free(ot);
		return;
	}
	how.change = on_change;
	how.problem = on_problem;
	how.ctx = out;
	rc = gitrepo_tree_walk(repo, ot, nt, &how);
	buf_printf(out, "= %d", rc);
	git_tree_free(ot);
	git_tree_free(nt);
}

/* Root trees holding the two folders of the input, in root[0] and [1]. */
static void
build(git_oid root[2], git_odb *odb, const char *text, size_t size)
{
	const char	*sep = NULL;
	size_t		 i, k;
	struct buf	 b = BUF_INIT;

	for (i = 0; i + 1 < size && sep == NULL; i++)
		if ((i == 0 || text[i - 1] == '\n') && text[i] == '=' &&
		    text[i + 1] == '\n')
			sep = text + i;
	for (k = 0; k < 2; k++) {
		const char *from = k == 0 ? text : sep != NULL ? sep + 2 :
		    text + size;
		size_t len = k == 0 ? (sep != NULL ? (size_t)(sep - text) :
		    size) : (size_t)(text + size - from);

		/* The folder's instructions inside "d opportunities". */
		buf_reset(&b);
		buf_puts(&b, "d opportunities\n");
		buf_put(&b, from, len);
		buf_puts(&b, "\n");
		treebuild(&root[k], odb, b.data, b.len);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct { int depth; size_t entries; } bounds[] = {
		{ 8, 1 << 20 }, { 1, 1 << 20 }, { 2, 3 }, { 3, 7 },
		{ 8, 40 },
	};
	git_repository	*repo;
	git_odb		*odb;
	git_oid		 root[2];
	struct rawtrees	*keep;
	struct buf	 slow = BUF_INIT, fast = BUF_INIT;
	size_t		 b, dir;

	treebuild_open(&repo, &odb, repo_dir, sizeof(repo_dir));
	build(root, odb, (const char *)data, size);
	if ((keep = rawtrees_new(repo)) == NULL)
		abort();
	for (b = 0; b < sizeof(bounds) / sizeof(bounds[0]); b++)
		for (dir = 0; dir < 2; dir++) {
			struct gitrepo_walk how;

			memset(&how, 0, sizeof(how));
			how.max_depth = bounds[b].depth;
			how.max_entries = bounds[b].entries;
			how.check_names = 1;
			buf_reset(&slow);
			buf_reset(&fast);
			walk(&slow, repo, &root[dir], &root[1 - dir], how);
			how.keep = keep;
			walk(&fast, repo, &root[dir], &root[1 - dir], how);
			if (slow.len != fast.len ||
			    memcmp(slow.data, fast.data, slow.len) != 0) {
				fprintf(stderr, "fuzz_rawtree: the raw walk "
				    "differs (bounds %zu, direction %zu)\n",
				    b, dir);
				abort();
			}
		}
	rawtrees_free(keep);
	buf_free(&slow);
	buf_free(&fast);
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
