/*
 * Fuzz target for the Git tree walks: the input describes a tree, written
 * object by object (raw, so names, modes and shapes libgit2 itself would
 * refuse to create are possible) into a temporary bare repository, and
 * committed on top of a commit of the empty tree (in a folder under
 * /dev/shm or /tmp, removed at exit). The source walk reads it with the
 * default limits and with tight ones, the pull-request diff compares it
 * with the empty commit, and the history walk dates it.
 *
 * One instruction a line:
 *   d NAME          open a folder NAME (mode 40000)
 *   u               close the current folder
 *   f NAME<TAB>TEXT a file (100644) holding TEXT
 *   x NAME<TAB>TEXT an executable file (100755)
 *   l NAME<TAB>TO   a symbolic link (120000)
 *   s NAME          a submodule (160000)
 *   m MODE NAME<TAB>TEXT  a blob under any octal MODE
 *   c NAME          the last object written again, under NAME (shared
 *                   blobs and subtrees: a small input, a large tree)
 * Entries are written in the order given; NAME is any bytes.
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

#define TREE_DEPTH	4096	/* open folders at most */
#define RESET_EVERY	1000	/* inputs between fresh repositories */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char		 repo_dir[64];
static unsigned		 inputs;

struct level {
	struct buf	 raw;		/* the tree's entries so far */
	const char	*name;		/* its name in its parent */
	size_t		 name_len;
};

static void
fresh_repository(void)
{
	git_repository	*repo;
	char		 cmd[128];

	if (repo_dir[0] != '\0') {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", repo_dir);
		if (system(cmd) != 0)
			abort();
	}
	/* In memory where there is such a folder: creating the loose
	 * objects' files is most of the time spent on a disk. */
	snprintf(repo_dir, sizeof(repo_dir), "%s/marche-fuzz-tree.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(repo_dir) == NULL)
		abort();
	git_libgit2_init();
	if (git_repository_init(&repo, repo_dir, 1) != 0)
		abort();
	git_repository_free(repo);
	git_libgit2_shutdown();
}

static void
cleanup(void)
{
	char	cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", repo_dir);
	if (system(cmd) != 0)
		abort();
}

static void
entry(struct buf *raw, const char *mode, const char *name, size_t len,
    const git_oid *id)
{
	buf_puts(raw, mode);
	buf_puts(raw, " ");
	buf_put(raw, name, len);
	buf_put(raw, "", 1);
	buf_put(raw, (const char *)id->id, GIT_OID_RAWSZ);
}

static void
write_obj(git_oid *id, git_odb *odb, const char *data, size_t len,
    git_object_t type)
{
	if (git_odb_write(id, odb, data, len, type) != 0)
		abort();
}

/* Write the tree the input describes; its id in *root. */
static void
build_tree(git_oid *root, git_odb *odb, const char *text, size_t size)
{
	static struct level	 stack[TREE_DEPTH];
	git_oid			 last, id;
	const char		*mode_last = NULL;
	size_t			 depth = 0, i = 0;

	memset(&last, 0, sizeof(last));
	memset(&stack[0], 0, sizeof(stack[0]));
	while (i < size) {
		const char	*line = text + i, *nl, *tab, *name;
		size_t		 len, name_len;
		char		 op, mode[8];

		nl = memchr(line, '\n', size - i);
		len = nl != NULL ? (size_t)(nl - line) : size - i;
		i += len + 1;
		if (len == 0)
			continue;
		op = line[0];
		name = len > 2 ? line + 2 : line + len;
		name_len = len > 2 ? len - 2 : 0;
		tab = memchr(name, '\t', name_len);
		if (op == 'm') {
			size_t n = 0;

			while (n < name_len && n < 7 && name[n] >= '0' &&
			    name[n] <= '7') {
				mode[n] = name[n];
				n++;
			}
			mode[n] = '\0';
			if (n == 0)
				continue;
			if (n < name_len && name[n] == ' ')
				n++;
			name += n;
			name_len -= n;
		}
		switch (op) {
		case 'd':
			if (depth + 1 >= TREE_DEPTH)
				break;
			depth++;
			memset(&stack[depth], 0, sizeof(stack[depth]));
			stack[depth].name = name;
			stack[depth].name_len = name_len;
			break;
		case 'u':
			if (depth == 0)
				break;
			write_obj(&last, odb, stack[depth].raw.data != NULL ?
			    stack[depth].raw.data : "", stack[depth].raw.len,
			    GIT_OBJECT_TREE);
			mode_last = "40000";
			entry(&stack[depth - 1].raw, mode_last,
			    stack[depth].name, stack[depth].name_len, &last);
			buf_free(&stack[depth].raw);
			depth--;
			break;
		case 'f': case 'x': case 'l': case 'm': {
			size_t nlen = tab != NULL ? (size_t)(tab - name) :
			    name_len;
			const char *body = tab != NULL ? tab + 1 : "";
			size_t blen = tab != NULL ? name_len - nlen - 1 : 0;

			write_obj(&last, odb, body, blen, GIT_OBJECT_BLOB);
			/* A copy of an 'm' blob is an ordinary file. */
			mode_last = op == 'x' ? "100755" : op == 'l' ?
			    "120000" : "100644";
			entry(&stack[depth].raw, op == 'm' ? mode : mode_last,
			    name, nlen, &last);
			break;
		}
		case 's':
			memset(&id, 0x5a, sizeof(id));
			entry(&stack[depth].raw, "160000", name, name_len,
			    &id);
			break;
		case 'c':
			if (mode_last != NULL)
				entry(&stack[depth].raw, mode_last, name,
				    name_len, &last);
			break;
		default:
			break;
		}
	}
	while (depth > 0) {
		write_obj(&last, odb, stack[depth].raw.data != NULL ?
		    stack[depth].raw.data : "", stack[depth].raw.len,
		    GIT_OBJECT_TREE);
		entry(&stack[depth - 1].raw, "40000", stack[depth].name,
		    stack[depth].name_len, &last);
		buf_free(&stack[depth].raw);
		depth--;
	}
	write_obj(root, odb, stack[0].raw.data != NULL ? stack[0].raw.data :
	    "", stack[0].raw.len, GIT_OBJECT_TREE);
	buf_free(&stack[0].raw);
}

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
	write_obj(&id, odb, b.data, b.len, GIT_OBJECT_COMMIT);
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

	if (inputs++ % RESET_EVERY == 0) {
		/* Held for the whole run: marche's own init and shutdown
		 * pairs then keep libgit2's global state, which takes most
		 * of the time to set up (it reads the certificate store). */
		if (inputs == 1) {
			git_libgit2_init();
			atexit(cleanup);
		}
		fresh_repository();
	}
	git_libgit2_init();
	if (git_repository_open(&repo, repo_dir) != 0 ||
	    git_repository_odb(&odb, repo) != 0)
		abort();
	write_obj(&empty, odb, "", 0, GIT_OBJECT_TREE);
	commit(base, odb, &empty, NULL, FIXTURE_NOW - 86400);
	if (git_oid_fromstr(&base_id, base) != 0)
		abort();
	build_tree(&tree, odb, (const char *)data, size);
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
	if (history_load(&h, repo_dir, head, HISTORY_NO_CACHE, d) != 0 && diags_errors(d) == 0)
		abort();
	history_free(&h);
	fixture_print(d);
	diags_free(d);
	return 0;
}
