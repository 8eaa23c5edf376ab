/*
 * Fuzz target for the link cache file, which is untrusted input: the
 * first byte chooses whether the rest is a whole file, or a payload that
 * gets a valid header and checksum (so the entries themselves are
 * reached). Whatever the bytes, reading never crashes nor trusts a
 * count, index or length; every entry of an accepted file is found by
 * its key, and the file written back reads as the same entries and
 * writes back to the same bytes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "fuzz_cache.h"
#include "link_cache.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes of the file at p, to free (NULL: unreadable). */
static unsigned char *
slurp(const char *p, size_t *len)
{
	FILE		*f = fopen(p, "rb");
	unsigned char	*d = NULL;
	long		 n;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		d = malloc((size_t)n + 1);
		if (d != NULL && fread(d, 1, (size_t)n, f) != (size_t)n) {
			free(d);
			d = NULL;
		}
		*len = (size_t)n;
	}
	fclose(f);
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct link_cache	*c, *back, *again;
	unsigned char		*one, *two;
	size_t			 i, n, links, blinks, l1 = 0, l2 = 0;
	char			 path3[4096];

	fuzz_cache_setup("fuzz_lcache");
	if (size < 1 || size > 1 << 20)
		return 0;
	fuzz_cache_file("MARCHE-LINKS\n\0\0", LCACHE_VERSION, data, size);
	if ((c = link_cache_read_file(path, FORMAT)) == NULL)
		return 0;
	n = link_cache_count(c, &links);
	for (i = 0; i < n; i++)
		if (link_cache_find(c, link_cache_key_at(c, i)) == NULL)
			abort();
	if (link_cache_write_file(c, path2, FORMAT, 1) != 0 ||
	    (back = link_cache_read_file(path2, FORMAT)) == NULL ||
	    link_cache_count(back, &blinks) != n || blinks != links)
		abort();
	for (i = 0; i < n; i++)
		if (memcmp(link_cache_key_at(c, i), link_cache_key_at(back, i),
		    LCACHE_KEY) != 0)
			abort();
	snprintf(path3, sizeof(path3), "%s.3", path);
	if (link_cache_write_file(back, path3, FORMAT, 1) != 0 ||
	    (again = link_cache_read_file(path3, FORMAT)) == NULL)
		abort();
	one = slurp(path2, &l1);
	two = slurp(path3, &l2);
	if (one == NULL || two == NULL || l1 != l2 || memcmp(one, two, l1) != 0)
		abort();
	free(one);
	free(two);
	link_cache_free(again);
	link_cache_free(back);
	link_cache_free(c);
	unlink(path2);
	unlink(path3);
	return 0;
}
