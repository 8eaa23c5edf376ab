/*
 * Tests of blob_id(): Git's own ids for known contents, and the same id
 * as libgit2 computes for contents of every length around SHA-1's block
 * boundaries and larger, including bytes of every value.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "blobid.h"
#include "testing.h"

static const char *
hex(const unsigned char id[20], char out[41])
{
	size_t	i;

	for (i = 0; i < 20; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
	return out;
}

/* Ids `git hash-object` gives. */
static void
test_known(void)
{
	unsigned char	id[20];
	char		h[41];

	CHECK(blob_id("", 0, id) == 0);
	CHECK_STR(hex(id, h), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
	CHECK(blob_id("hello\n", 6, id) == 0);
	CHECK_STR(hex(id, h), "ce013625030ba8dba906f756967f9e9ca394464a");
	CHECK(blob_id("what is up, doc?", 16, id) == 0);
	CHECK_STR(hex(id, h), "bd9dbf5aae1a3862dd1526723246b20206e5fc37");
}

/* The same as libgit2's for lengths 0 to 300 and a few large ones. */
static void
test_as_libgit2(void)
{
	static const size_t	large[] = { 4095, 4096, 65536, 1 << 20,
				    (1 << 20) + 7 };
	unsigned char		*data, id[20];
	git_oid			 want;
	size_t			 i, n, same = 0, tried = 0;

	data = malloc(large[4]);
	if (!CHECK(data != NULL))
		return;
	srand(7);
	for (i = 0; i < large[4]; i++)
		data[i] = (unsigned char)(rand() & 0xff);
	for (n = 0; n <= 300 + sizeof(large) / sizeof(large[0]); n++) {
		size_t len = n <= 300 ? n : large[n - 301];

		tried++;
		if (blob_id(data, len, id) == 0 &&
		    git_odb_hash(&want, data, len, GIT_OBJECT_BLOB) == 0 &&
		    memcmp(id, want.id, 20) == 0)
			same++;
	}
	CHECK(same == tried);
	free(data);
}

int
main(void)
{
	git_libgit2_init();
	test_known();
	test_as_libgit2();
	git_libgit2_shutdown();
	return test_finish();
}
