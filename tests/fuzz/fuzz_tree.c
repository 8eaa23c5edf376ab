/*
 * Fuzz target for the Git tree walks: the input describes a tree, written
 * object by object (raw, so names, modes and shapes libgit2 itself would
 * refuse to create are possible) into a temporary bare repository, and
 * committed on top of a commit of the empty tree (in a folder under
 * /dev/shm or /tmp, removed at exit). The source walk reads it with the
 * default limits and with tight ones, the pull-request diff compares it
 * with the empty commit, and the history walk dates it.
 *
 * The instructions are those of support/treebuild.h.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "history.h"
#include "source.h"
#include "support/fixture.h"
#include "support/treebuild.h"


int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char		 repo_dir[64];


/* Write a commit of tree (on parent, if any); its hex id in hex. */
static void
commit(char *hex, git_odb *odb, const git_oid *tree, const git_oid *parent,
    long long when)
{
	char		 t[GIT_OID_HEXSZ + 1], p[GIT_OID_HEXSZ + 1];
	struct buf	 b = BUF_INIT;
	git_oid		 id;

	git_oid_tostr(t, sizeof(t), tree);
	buf_printf(&b, "tree %s\n", t);
	if (parent != NULL) {
		git_oid_tostr(p, sizeof(p), parent);
		buf_printf(&b, "parent %s\n", p);
	}
	buf_printf(&b, "author Test <test@example.ca> %lld +0000\n"
	    "committer Test <test@example.ca> %lld +0000\n\nfuzz\n",
	    when, when);
	treebuild_write(&id, odb, b.data, b.len, GIT_OBJECT_COMMIT);
	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, &id);
	buf_free(&b);
}

/* Every file the walk kept must have a sound path, in order. */
static void
check_source(const struct source *s, const struct source_limits *lim)
{
	size_t	i;

	if (lim != NULL && s->count > lim->max_files)
		abort();
	for (i = 0; i < s->count; i++) {
		const char *p = s->files[i].path, *c = p;

		if (lim != NULL && s->files[i].len > lim->max_file_bytes)
			abort();
		if (s->files[i].data == NULL ||
		    s->files[i].data[s->files[i].len] != '\0')
			abort();
		if (i > 0 && strcmp(s->files[i - 1].path, p) >= 0)
			abort();
		for (;;) {
			size_t n = strcspn(c, "/");

			if (n == 0 || (n == 1 && c[0] == '.') ||
			    (n == 2 && c[0] == '.' && c[1] == '.') ||
			    (n == 4 && strncasecmp(c, ".git", 4) == 0))
				abort();
			if (c[n] == '\0')
				break;
			c += n + 1;
		}
	}
}

static void
walk_source(const char *rev, const struct source_limits *lim)
{
	struct diags	*d = diags_new();
	struct source	*s = NULL;
	int		 rc;

	rc = source_open(&s, repo_dir, rev, lim, d);
	if (rc < 0 && (s != NULL || diags_errors(d) == 0))
		abort();
	if (rc == 1 && diags_count(d) == 0)
		abort();
	if (s != NULL)
		check_source(s, lim);
	fixture_print(d);
	source_free(s);
	diags_free(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct source_limits tight = { .max_file_bytes = 512,
	    .max_files = 40, .max_depth = 6 };
	git_repository	*repo;
	git_odb		*odb;
	git_oid		 empty, tree, base_id;
	char		 base[GIT_OID_HEXSZ + 1], head[GIT_OID_HEXSZ + 1];
	struct changes	 ch;
	struct history	 h;
	struct diags	*d;

	treebuild_open(&repo, &odb, repo_dir, sizeof(repo_dir));
	treebuild_write(&empty, odb, "", 0, GIT_OBJECT_TREE);
	commit(base, odb, &empty, NULL, FIXTURE_NOW - 86400);
	if (git_oid_fromstr(&base_id, base) != 0)
		abort();
	treebuild(&tree, odb, (const char *)data, size);
	commit(head, odb, &tree, &base_id, FIXTURE_NOW);
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();

	walk_source(head, NULL);
	walk_source(head, &tight);

	d = diags_new();
	memset(&ch, 0, sizeof(ch));
	if (changes_load(&ch, repo_dir, base, head, 1 << 20, d) != 0 &&
	    diags_errors(d) == 0)
		abort();
	/* Also after a failure: changes_load() may have set merge_base. */
	changes_free(&ch);
	memset(&h, 0, sizeof(h));
	if (history_load(&h, repo_dir, head, HISTORY_NO_CACHE, d) != 0 &&
	    diags_errors(d) == 0)
		abort();
	history_free(&h);
	fixture_print(d);
	diags_free(d);
	return 0;
}
