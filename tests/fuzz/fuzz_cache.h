/*
 * Shared by the fuzz targets of marche's cache files (history, dating,
 * facts): two scratch paths, and the input written as a cache file. The
 * first byte's low bit chooses whether the rest is the whole file, or a
 * payload given a valid header and checksum so that the entries
 * themselves are reached. Each target includes this once.
 */
#ifndef MARCHE_FUZZ_CACHE_H
#define MARCHE_FUZZ_CACHE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"

#define FORMAT	"fuzz"

static char	*path, *path2;	/* the file read, and the one written back */

/* Make the scratch paths (once), named after the target. */
static void
fuzz_cache_setup(const char *name)
{
	const char	*tmp = getenv("TMPDIR");
	char		 t[4096];
	int		 fd;

	if (path != NULL)
		return;
	git_libgit2_init();
	snprintf(t, sizeof(t), "%s/%s.XXXXXX", tmp ? tmp : "/tmp", name);
	if ((fd = mkstemp(t)) < 0)
		abort();
	close(fd);
	path = strdup(t);
	snprintf(t, sizeof(t), "%s.2", path);
	path2 = strdup(t);
}

/* Write the input (size >= 1) to path, framed as data[0] says. */
static void
fuzz_cache_file(const char magic[16], uint32_t version, const uint8_t *data,
    size_t size)
{
	struct buf	 file = BUF_INIT;
	git_oid		 sum;
	FILE		*f;

	if (data[0] & 1) {
		buf_put(&file, magic, 16);
		buf_put_le(&file, version, 4);
		buf_put_le(&file, strlen(FORMAT), 4);
		buf_puts(&file, FORMAT);
		buf_put_le(&file, size - 1, 8);
		git_odb_hash(&sum, data + 1, size - 1, GIT_OBJECT_BLOB);
		buf_put(&file, sum.id, 20);
	}
	buf_put(&file, data + 1, size - 1);
	if ((f = fopen(path, "wb")) == NULL)
		abort();
	if (file.len > 0 && fwrite(file.data, 1, file.len, f) != file.len)
		abort();
	fclose(f);
	buf_free(&file);
}

#endif
