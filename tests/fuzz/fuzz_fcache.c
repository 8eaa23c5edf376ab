/*
 * Fuzz target for the facts cache file, which is untrusted input: the
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
#include "facts_cache.h"
#include "fuzz_cache.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
same_str(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

static int
same_entry(const struct fcache_opp *a, const struct fcache_opp *b)
{
	size_t	i;

	if (!git_oid_equal(&a->blob, &b->blob) || a->len != b->len ||
	    !git_oid_equal(&a->folder, &b->folder) ||
	    strcmp(a->path, b->path) != 0 || strcmp(a->id, b->id) != 0 ||
	    a->ok != b->ok || a->has_posted != b->has_posted ||
	    a->stated != b->stated || a->closing.epoch != b->closing.epoch ||
	    a->nskills != b->nskills || a->nattachments != b->nattachments ||
	    a->ntexts != b->ntexts)
		return 0;
	for (i = 0; i < a->nskills; i++)
		if (strcmp(a->skills[i], b->skills[i]) != 0)
			return 0;
	for (i = 0; i < a->nattachments; i++)
		if (strcmp(a->attachments[i].out_path,
		    b->attachments[i].out_path) != 0 ||
		    a->attachments[i].lang != b->attachments[i].lang)
			return 0;
	for (i = 0; i < a->ntexts; i++)
		if (!same_str(a->text[i].slug, b->text[i].slug) ||
		    !same_str(a->text[i].title, b->text[i].title) ||
		    !same_str(a->text[i].out_path, b->text[i].out_path) ||
		    a->text[i].slug_line != b->text[i].slug_line)
			return 0;
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fcache	 fc, back;
	size_t		 i;

	fuzz_cache_setup("fuzz_fcache");
	if (size < 1 || size > 1 << 20)
		return 0;
	fuzz_cache_file("MARCHE-FACTS\n\0\0", 3, data, size);
	if (fcache_read(&fc, path, FORMAT) == 0) {
		for (i = 0; i < fc.count; i++)
			if (fcache_find(&fc, fc.list[i]->path,
			    &fc.list[i]->blob, &fc.list[i]->folder) !=
			    fc.list[i])
				abort();
		if (fcache_write(path2, FORMAT, &fc) != 0 ||
		    fcache_read(&back, path2, FORMAT) != 0 ||
		    back.count != fc.count)
			abort();
		for (i = 0; i < fc.count; i++)
			if (!same_entry(fc.list[i], back.list[i]))
				abort();
		fcache_free(&back);
		unlink(path2);
	} else if (fc.count != 0)
		abort();
	fcache_free(&fc);
	return 0;
}
