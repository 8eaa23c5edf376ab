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
#include "fuzz_cache.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf	 all = BUF_INIT;
	struct dcache	 dc, back;
	struct arena	*a;
	size_t		 i, nlangs, *offs;

	fuzz_cache_setup("fuzz_dcache");
	if (size < 1 || size > 1 << 20)
		return 0;
	nlangs = (data[0] >> 1) & 3;
	fuzz_cache_file("MARCHE-DATING\n\0", 1, data, size);
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
