/*
 * Trees written raw from the instructions of treebuild.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "treebuild.h"

#define TREE_DEPTH	4096	/* open folders at most */

struct level {
	struct buf	 raw;		/* the tree's entries so far */
	const char	*name;		/* its name in its parent */
	size_t		 name_len;
};

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

void
treebuild_write(git_oid *id, git_odb *odb, const char *data, size_t len,
    git_object_t type)
{
	if (git_odb_write(id, odb, data, len, type) != 0)
		abort();
}

void
treebuild(git_oid *root, git_odb *odb, const char *text, size_t size)
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
			treebuild_write(&last, odb,
			    stack[depth].raw.data != NULL ?
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

			treebuild_write(&last, odb, body, blen,
			    GIT_OBJECT_BLOB);
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
		treebuild_write(&last, odb, stack[depth].raw.data != NULL ?
		    stack[depth].raw.data : "", stack[depth].raw.len,
		    GIT_OBJECT_TREE);
		entry(&stack[depth - 1].raw, "40000", stack[depth].name,
		    stack[depth].name_len, &last);
		buf_free(&stack[depth].raw);
		depth--;
	}
	treebuild_write(root, odb, stack[0].raw.data != NULL ?
	    stack[0].raw.data : "", stack[0].raw.len, GIT_OBJECT_TREE);
	buf_free(&stack[0].raw);
}

/* The repository made last, removed at exit and when another is made. */
static char	repo_made[256];

static void
repo_remove(void)
{
	char	cmd[300];

	if (repo_made[0] == '\0')
		return;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", repo_made);
	if (system(cmd) != 0)
		abort();
	repo_made[0] = '\0';
}

void
treebuild_repo(char *dir, size_t size)
{
	static int	 registered;
	git_repository	*repo;

	if (!registered) {
		atexit(repo_remove);
		registered = 1;
	}
	repo_remove();
	/* In memory where there is such a folder: creating the loose
	 * objects' files is most of the time spent on a disk. */
	snprintf(repo_made, sizeof(repo_made), "%s/marche-fuzz-tree.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (mkdtemp(repo_made) == NULL || strlen(repo_made) >= size)
		abort();
	git_libgit2_init();
	if (git_repository_init(&repo, repo_made, 1) != 0)
		abort();
	git_repository_free(repo);
	git_libgit2_shutdown();
	memcpy(dir, repo_made, strlen(repo_made) + 1);
}

void
treebuild_open(git_repository **repo, git_odb **odb, char *dir, size_t size)
{
	static unsigned	inputs;

	if (inputs++ % TREEBUILD_RESET_EVERY == 0) {
		/* Held for the whole run: marche's own init and shutdown
		 * pairs then keep libgit2's global state, which takes most
		 * of the time to set up (it reads the certificate store). */
		if (inputs == 1)
			git_libgit2_init();
		treebuild_repo(dir, size);
	}
	git_libgit2_init();
	if (git_repository_open(repo, dir) != 0 ||
	    git_repository_odb(odb, *repo) != 0)
		abort();
}
