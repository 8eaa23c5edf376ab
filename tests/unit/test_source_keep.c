/* Kept bytes of working-tree files, and the working-tree read taking them. */
#define _GNU_SOURCE	/* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "diag.h"
#include "source.h"
#include "source_keep.h"
#include "testing.h"

/* A stat of a file of size bytes changed at mtime and ctime (ns). */
static struct stat
st_make(long long size, long long mtime, long long ctime, long long ino)
{
	struct stat	st;

	memset(&st, 0, sizeof(st));
	st.st_size = size;
	st.st_mtim.tv_sec = mtime / 1000000000LL;
	st.st_mtim.tv_nsec = mtime % 1000000000LL;
	st.st_ctim.tv_sec = ctime / 1000000000LL;
	st.st_ctim.tv_nsec = ctime % 1000000000LL;
	st.st_ino = ino;
	st.st_dev = 7;
	return st;
}

static int
got(struct source_keep *k, const char *path, const struct stat *st,
    const char *want)
{
	size_t	 len = 0;
	char	*data = source_keep_get(k, path, st, &len);
	int	 ok;

	if (want == NULL) {
		free(data);
		return data == NULL;
	}
	ok = data != NULL && len == strlen(want) && strcmp(data, want) == 0;
	free(data);
	return ok;
}

static void
test_stat_and_racy(void)
{
	const long long	 s = 1000000000LL, now = 1700000000LL * s;
	struct source_keep *k = source_keep_new();
	struct stat	 st = st_make(5, now - 60 * s, now - 60 * s, 42), other;

	CHECK(got(k, "a.yml", &st, NULL));
	source_keep_put(k, "a.yml", &st, now, "hello", 5);
	CHECK(got(k, "a.yml", &st, "hello"));
	CHECK(got(k, "b.yml", &st, NULL));
	/* Any difference in what stat() says: read again. */
	other = st_make(6, now - 60 * s, now - 60 * s, 42);
	CHECK(got(k, "a.yml", &other, NULL));
	other = st_make(5, now - 60 * s + 1, now - 60 * s, 42);
	CHECK(got(k, "a.yml", &other, NULL));
	other = st_make(5, now - 60 * s, now - 60 * s + 1, 42);
	CHECK(got(k, "a.yml", &other, NULL));
	other = st_make(5, now - 60 * s, now - 60 * s, 43);
	CHECK(got(k, "a.yml", &other, NULL));
	other = st;
	other.st_dev = 8;
	CHECK(got(k, "a.yml", &other, NULL));
	/* Changed within the racy window before the read: never kept, and
	 * what was kept before is forgotten. */
	st = st_make(5, now - s, now - 60 * s, 42);
	source_keep_put(k, "a.yml", &st, now, "world", 5);
	CHECK(got(k, "a.yml", &st, NULL));
	st = st_make(5, now - 60 * s, now - s, 42);
	source_keep_put(k, "a.yml", &st, now, "world", 5);
	CHECK(got(k, "a.yml", &st, NULL));
	st = st_make(5, now - 60 * s, now - 60 * s, 42);
	CHECK(got(k, "a.yml", &st, NULL));
	/* Changed just before the window: kept. */
	st = st_make(5, now - SOURCE_KEEP_RACY_NS - 1,
	    now - SOURCE_KEEP_RACY_NS - 1, 42);
	source_keep_put(k, "a.yml", &st, now, "again", 5);
	CHECK(got(k, "a.yml", &st, "again"));
	source_keep_free(k);
	source_keep_free(NULL);
}

/* Many paths: the table grows, and forgetting some keeps the others. */
static void
test_many(void)
{
	const long long	 s = 1000000000LL, now = 1700000000LL * s;
	struct source_keep *k = source_keep_new();
	struct stat	 st = st_make(3, now - 60 * s, now - 60 * s, 1);
	struct stat	 racy = st_make(3, now, now, 1);
	char		 path[32], data[8];
	size_t		 i, bad = 0;

	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "opportunities/%zu.yml", i);
		snprintf(data, sizeof(data), "%03zu", i % 1000);
		source_keep_put(k, path, &st, now, data, 3);
	}
	for (i = 0; i < 3000; i += 3) {
		snprintf(path, sizeof(path), "opportunities/%zu.yml", i);
		source_keep_put(k, path, &racy, now, "xxx", 3);
	}
	for (i = 0; i < 3000; i++) {
		snprintf(path, sizeof(path), "opportunities/%zu.yml", i);
		snprintf(data, sizeof(data), "%03zu", i % 1000);
		if (!got(k, path, &st, i % 3 == 0 ? NULL : data))
			bad++;
	}
	CHECK(bad == 0);
	source_keep_free(k);
}

static void
write_file(const char *path, const char *data)
{
	FILE	*f = fopen(path, "w");

	if (f == NULL || fputs(data, f) == EOF || fclose(f) != 0)
		perror(path);
}

/* source_read() takes kept bytes while stat() says the same, and reads
 * the file once it changes. */
static void
test_read(void)
{
	char		 tmpl[] = "/tmp/marche-keep-XXXXXX", path[256];
	char		*dir = mkdtemp(tmpl);
	git_repository	*repo = NULL;
	struct source_limits lim = source_default_limits;
	struct source	*src = NULL;
	struct diags	*d = diags_new();
	struct stat	 st;
	const struct source_file *f;

	if (!CHECK(dir != NULL))
		return;
	git_libgit2_init();
	snprintf(path, sizeof(path), "%s/site", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/site/a.md", dir);
	write_file(path, "real\n");
	if (!CHECK(git_repository_init(&repo, dir, 0) == 0))
		goto out;
	lim.keep = source_keep_new();
	/* Just written: racy, so read and not kept. */
	CHECK(source_read(&src, repo, NULL, NULL, &lim, d) == 0);
	CHECK((f = source_find(src, "site/a.md")) != NULL &&
	    strcmp(f->data, "real\n") == 0);
	source_free(src);
	CHECK(stat(path, &st) == 0 &&
	    got(lim.keep, "site/a.md", &st, NULL));
	/* As if read long after it was written (the bytes tell which). */
	source_keep_put(lim.keep, "site/a.md", &st,
	    source_keep_clock() + 60 * 1000000000LL, "kept\n", 5);
	CHECK(source_read(&src, repo, NULL, NULL, &lim, d) == 0);
	CHECK((f = source_find(src, "site/a.md")) != NULL &&
	    strcmp(f->data, "kept\n") == 0);
	source_free(src);
	/* The same size, written again: its times change (set here, as
	 * the file system's clock may not have moved yet). */
	write_file(path, "new!\n");
	{
		struct timespec ts[2] = { st.st_atim, st.st_mtim };

		ts[1].tv_sec += 1;
		CHECK(utimensat(AT_FDCWD, path, ts, 0) == 0);
	}
	CHECK(source_read(&src, repo, NULL, NULL, &lim, d) == 0);
	CHECK((f = source_find(src, "site/a.md")) != NULL &&
	    strcmp(f->data, "new!\n") == 0);
	source_free(src);
	source_keep_free(lim.keep);
out:
	git_repository_free(repo);
	git_libgit2_shutdown();
	diags_free(d);
	unlink(path);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	if (system(path) != 0)
		perror("rm");
}

int
main(void)
{
	test_stat_and_racy();
	test_many();
	test_read();
	return test_finish();
}
