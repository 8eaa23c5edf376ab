/* The arena: alignment, zero-filling, and how tightly it packs. */
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "testing.h"

#define ALIGNED(p)	(((uintptr_t)(p) & 15) == 0)

static int
all_zero(const char *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if (p[i] != 0)
			return 0;
	return 1;
}

static void
test_alignment(void)
{
	struct arena	*a = arena_new();
	char		*s, *p;
	size_t		 i;

	/* Whatever came before, a block is aligned for any type. */
	for (i = 1; i < 40; i++) {
		s = arena_strndup(a, "abcdefghijklmnopqrstuvwxyz0123456789"
		    "ABCD", i);
		CHECK(strlen(s) == i);
		p = arena_alloc(a, i);
		if (!CHECK(ALIGNED(p)))
			break;
		CHECK(all_zero(p, i));
	}
	p = arena_calloc(a, 3, 7);
	CHECK(ALIGNED(p));
	CHECK(all_zero(p, 21));
	CHECK_STR(arena_printf(a, "%s-%d", "x", 42), "x-42");
	CHECK(ALIGNED(arena_alloc(a, 1)));
	CHECK(arena_used(a) > 0);
	arena_free(a);
}

#ifndef ARENA_MALLOC
/* Strings need no alignment: the arena packs them end to end. */
static void
test_strings_packed(void)
{
	struct arena	*a = arena_new();
	char		*s1, *s2, *s3;

	(void)arena_alloc(a, 16);
	s1 = arena_strdup(a, "ab");
	s2 = arena_strdup(a, "cde");
	s3 = arena_printf(a, "%d", 7);
	CHECK(s2 == s1 + 3);
	CHECK(s3 == s2 + 4);
	CHECK_STR(s1, "ab");
	CHECK_STR(s2, "cde");
	CHECK_STR(s3, "7");
	arena_free(a);
}

/*
 * A block that does not fit in the newest chunk's room goes to a chunk
 * of its own when it is large, and the room stays for small blocks.
 */
static void
test_room_kept(void)
{
	struct arena	*a = arena_new();
	char		*last = NULL, *big, *small;
	int		 i;

	for (i = 0; i < 60; i++)	/* 60,000 bytes of one 64 KiB chunk */
		last = arena_alloc(a, 1000);
	big = arena_alloc(a, 8000);	/* more than the chunk has left */
	small = arena_alloc(a, 32);
	CHECK(small == last + 1008);	/* 1000, aligned */
	CHECK(big != last + 1008);
	CHECK(all_zero(big, 8000));
	memset(big, 1, 8000);		/* its own bytes: ASan would see */
	CHECK(all_zero(small, 32));
	arena_free(a);
}
#endif

int
main(void)
{
	test_alignment();
#ifndef ARENA_MALLOC
	test_strings_packed();
	test_room_kept();
#endif
	return test_finish();
}
