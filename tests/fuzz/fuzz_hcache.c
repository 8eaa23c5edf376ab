/*
 * Fuzz target for the history cache file, which is untrusted input: the
 * first byte chooses whether the rest is a whole file, or a payload that
 * gets a valid header and checksum (so the entries themselves are
 * reached). Whatever the bytes, reading never crashes nor trusts a
 * length; an accepted file, written back and read again, gives the same
 * entries.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "history_cache.h"
#include "fuzz_cache.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_entry(const struct hcache_commit *a, const struct hcache_commit *b)
{
	size_t	i;

	if (!git_oid_equal(&a->id, &b->id) || a->time != b->time ||
	    strcmp(a->subject, b->subject) != 0 ||
	    (a->correction == NULL) != (b->correction == NULL) ||
	    a->nchanges != b->nchanges || a->nproblems != b->nproblems ||
	    a->has_settings != b->has_settings)
		return 0;
	for (i = 0; i < a->nchanges; i++)
		if (a->changes[i].status != b->changes[i].status ||
		    strcmp(a->changes[i].path, b->changes[i].path) != 0 ||
		    !git_oid_equal(&a->changes[i].new_id,
		    &b->changes[i].new_id))
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hcache	 hc, back;
	size_t		 i;

	fuzz_cache_setup("fuzz_hcache");
	if (size < 1 || size > 1 << 20)
		return 0;
	fuzz_cache_file("MARCHE-HISTORY\n", 1, data, size);
	if (hcache_read(&hc, path, FORMAT) == 0) {
		for (i = 0; i < hc.count; i++)
			if (hcache_find(&hc, &hc.list[i]->id) != hc.list[i])
				abort();
		if (hcache_write(path2, FORMAT, hc.list, hc.count, NULL, 0) != 0 ||
		    hcache_read(&back, path2, FORMAT) != 0 ||
		    back.count != hc.count)
			abort();
		for (i = 0; i < hc.count; i++)
			if (!same_entry(hc.list[i], back.list[i]))
				abort();
		hcache_free(&back);
		unlink(path2);
	} else if (hc.count != 0)
		abort();
	hcache_free(&hc);
	return 0;
}
