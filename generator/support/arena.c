#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "xalloc.h"

/*
 * An arena's chunks start small and double up to ARENA_CHUNK: one that
 * is kept holding a few strings (the links of each page serve keeps,
 * tens of thousands of them) holds a few kilobytes, not a whole chunk.
 */
#define ARENA_FIRST	(2 * 1024)
#define ARENA_CHUNK	(64 * 1024)
#define ARENA_ALIGN	16
#define ARENA_SPARE	1024	/* the most a chunk may leave unused */

struct chunk {
	struct chunk	*next;	/* older chunk */
	size_t		 size;	/* usable bytes after the header */
	size_t		 used;	/* bytes handed out */
	/* data follows, aligned */
};

struct arena {
	struct chunk	*head;	/* newest chunk, or each block in ARENA_MALLOC */
	size_t		 used;	/* total bytes handed out */
	size_t		 held;	/* bytes of the chunks */
	size_t		 next;	/* room of the next regular chunk, or 0
				 * for ARENA_FIRST */
};

#define CHUNK_HDR	((sizeof(struct chunk) + ARENA_ALIGN - 1) & \
			    ~(size_t)(ARENA_ALIGN - 1))

struct arena *
arena_new(void)
{
	return xcalloc(1, sizeof(struct arena));
}

void
arena_free(struct arena *a)
{
	struct chunk	*c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void
arena_absorb(struct arena *a, struct arena *from)
{
	struct chunk	*tail;

	if (from == NULL)
		return;
	if (from->head != NULL) {
		/* Behind a's head, which a goes on allocating from. */
		for (tail = from->head; tail->next != NULL; tail = tail->next)
			continue;
		if (a->head == NULL) {
			a->head = from->head;
		} else {
			tail->next = a->head->next;
			a->head->next = from->head;
		}
	}
	a->used += from->used;
	a->held += from->held;
	free(from);
}

static struct chunk *
chunk_new(struct arena *a, size_t size)
{
	struct chunk	*c;

	if (size > SIZE_MAX - CHUNK_HDR)
		size = SIZE_MAX - CHUNK_HDR;	/* xmalloc will fail loudly */
	/* Not zero-filled: only the blocks handed out are (arena_take()'s
	 * callers), not the room a chunk may leave unused. */
	c = xmalloc(CHUNK_HDR + size);
	a->held += CHUNK_HDR + size;
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

/*
 * size bytes aligned to align (a power of two, at most ARENA_ALIGN),
 * not zero-filled. A block that does not fit in the newest chunk's room and
 * is larger than ARENA_SPARE gets a chunk of its own behind it, so the
 * room left stays for the small blocks that come next; smaller blocks
 * start a new chunk, leaving at most ARENA_SPARE bytes unused.
 */
static void *
arena_take(struct arena *a, size_t size, size_t align)
{
	struct chunk	*c;
#ifndef ARENA_MALLOC
	size_t		 off;
#endif

	a->used += size;
#ifdef ARENA_MALLOC
	(void)align;
	c = chunk_new(a, size);
	c->next = a->head;
	a->head = c;
	c->used = size;
	return (char *)c + CHUNK_HDR;
#else
	c = a->head;
	off = c != NULL ? (c->used + align - 1) & ~(align - 1) : 0;
	if (c == NULL || off > c->size || c->size - off < size) {
		if (size > ARENA_SPARE) {
			/* A big block gets its own chunk behind the head. */
			struct chunk *big = chunk_new(a, size);

			big->used = size;
			if (c == NULL) {
				a->head = big;
			} else {
				big->next = c->next;
				c->next = big;
			}
			return (char *)big + CHUNK_HDR;
		}
		if (a->next == 0)
			a->next = ARENA_FIRST;
		c = chunk_new(a, a->next);
		if (a->next < ARENA_CHUNK)
			a->next *= 2;
		c->next = a->head;
		a->head = c;
		off = 0;
	}
	c->used = off + size;
	return (char *)c + CHUNK_HDR + off;
#endif
}

/* arena_take(), zero-filled. */
static void *
arena_alloc_align(struct arena *a, size_t size, size_t align)
{
	void	*p = arena_take(a, size, align);

	if (size <= PTRDIFF_MAX)	/* larger: xmalloc() has failed */
		memset(p, 0, size);
	return p;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	return arena_alloc_align(a, size, ARENA_ALIGN);
}

void *
arena_calloc(struct arena *a, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		return arena_alloc(a, SIZE_MAX);
	return arena_alloc(a, count * size);
}

void *
arena_grow(struct arena *a, void *ptr, size_t old_size, size_t new_size)
{
	char	*p = arena_take(a, new_size, ARENA_ALIGN);
	size_t	 kept = ptr != NULL && old_size < new_size ? old_size :
		    ptr != NULL ? new_size : 0;

	if (kept > 0)
		memcpy(p, ptr, kept);
	memset(p + kept, 0, new_size - kept);
	return p;
}

char *
arena_strndup(struct arena *a, const char *s, size_t n)
{
	/* Text needs no alignment: strings are packed end to end. */
	char	*p = n < SIZE_MAX ? arena_take(a, n + 1, 1) :
		    arena_alloc(a, SIZE_MAX);

	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *
arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list	 ap;
	int	 n;
	char	*p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	p = arena_take(a, (size_t)n + 1, 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

size_t
arena_used(const struct arena *a)
{
	return a->used;
}

size_t
arena_held(const struct arena *a)
{
	return a->held;
}
