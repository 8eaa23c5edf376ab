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

	/* 60 blocks of 1,000 bytes (1,008 aligned): the chunks of 2, 4, 8
	 * and 16 KiB take 30, the newest, of 32 KiB, 30 of its 32. */
	for (i = 0; i < 60; i++)
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

/*
 * What an arena holds follows what it hands out: a few kilobytes for a
 * few strings (serve keeps an arena for each page's links), and not much
 * more than the bytes handed out for many.
 */
static void
test_held(void)
{
	struct arena	*a = arena_new(), *b = arena_new();
	size_t		 i, held_a, held_b;

	CHECK(arena_held(a) == 0);
	(void)arena_strdup(a, "/en/opportunities/");
	CHECK(arena_held(a) >= arena_used(a));
	CHECK(arena_held(a) <= 4096);
	for (i = 0; i < 10000; i++)
		(void)arena_strdup(b, "a string of fifty bytes, more or less, "
		    "end to end");
	CHECK(arena_held(b) >= arena_used(b));
#ifndef ARENA_MALLOC
	/* Each chunk leaves at most 1 KiB, and the newest holds no more
	 * than 64 KiB of room. (With a block each, their headers.) */
	CHECK(arena_held(b) <= arena_used(b) + arena_used(b) / 20 +
	    64 * 1024 + 4096);
#endif
	held_a = arena_held(a);
	held_b = arena_held(b);
	arena_absorb(a, b);
	CHECK(arena_held(a) == held_a + held_b);
	arena_free(a);
}

int
main(void)
{
	test_alignment();
#ifndef ARENA_MALLOC
	test_strings_packed();
	test_room_kept();
#endif
	test_held();
	return test_finish();
}
