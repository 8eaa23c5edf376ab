/*
 * Fuzz target for the dating cache file, which is untrusted input: the
 * first byte's low bit chooses whether the rest is a whole file, or a
 * payload that gets a valid header and checksum (so the entries
 * themselves are reached); its next two bits, how many languages the
 * site has. Whatever the bytes, reading never crashes nor trusts a
 * length; an accepted file's entries are found by their keys, encode
 * back to their very bytes, and written and read again give the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "arena.h"
#include "buf.h"
#include "date_cache.h"

#define FORMAT	"fuzz"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char	*path, *path2;

static void
setup(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		 t[4096];
	int		 fd;

	git_libgit2_init();
	snprintf(t, sizeof(t), "%s/fuzz_dcache.XXXXXX", tmp ? tmp : "/tmp");
	if ((fd = mkstemp(t)) < 0)
		abort();
	close(fd);
	path = strdup(t);
	snprintf(t, sizeof(t), "%s.2", path);
	path2 = strdup(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 file = BUF_INIT, all = BUF_INIT;
	struct dcache	 dc, back;
	struct arena	*a;
	git_oid		 sum;
	FILE		*f;
	size_t		 i, nlangs, *offs;

	if (path == NULL)
		setup();
	if (size < 1 || size > 1 << 20)
		return 0;
	nlangs = (data[0] >> 1) & 3;
	if (data[0] & 1) {
		buf_put(&file, "MARCHE-DATING\n\0", 16);
		buf_put_le(&file, 1, 4);
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
	a = arena_new();
	if (dcache_read(&dc, path, FORMAT, nlangs, a) == 0) {
		offs = calloc(dc.count + 1, sizeof(*offs));
		if (offs == NULL)
			abort();
		for (i = 0; i < dc.count; i++) {
			const struct dcache_entry *e = &dc.list[i];
			size_t at = all.len;

			if (dcache_find(&dc, e->key) != e)
				abort();
			dcache_put_entry(&all, e->key, e->steps, e->nsteps);
			if (all.len - at != e->rawlen ||
			    memcmp(all.data + at, e->raw, e->rawlen) != 0 ||
			    !dcache_entry_ok((const unsigned char *)all.data +
			    at, all.len - at, nlangs))
				abort();
			offs[i + 1] = all.len;
		}
		if (dcache_write(path2, FORMAT, &all, offs, dc.count) != 0 ||
		    dcache_read(&back, path2, FORMAT, nlangs, a) != 0 ||
		    back.count != dc.count)
			abort();
		for (i = 0; i < dc.count; i++)
			if (back.list[i].rawlen != dc.list[i].rawlen ||
			    memcmp(back.list[i].raw, dc.list[i].raw,
			    dc.list[i].rawlen) != 0)
				abort();
		dcache_free(&back);
		free(offs);
		unlink(path2);
	} else if (dc.count != 0)
		abort();
	dcache_free(&dc);
	arena_free(a);
	buf_free(&all);
	return 0;
}
