/*
 * An arena: many allocations, freed together. One arena holds a build's
 * model (strings, value trees, pages) and is freed at the end.
 *
 * When built with -DARENA_MALLOC (the sanitizer build does this), every
 * allocation is its own malloc() block, so AddressSanitizer sees overruns
 * between allocations.
 */
#ifndef MARCHE_ARENA_H
#define MARCHE_ARENA_H

#include <stddef.h>

struct arena;

/* A new, empty arena; free it with arena_free(). Never fails. */
struct arena	*arena_new(void);
/* Free the arena and everything allocated in it; NULL is allowed. */
void		 arena_free(struct arena *a);
/*
 * Hand everything allocated in from over to a (it then lives as long as
 * a) and free from. Threads that build parts of one model each allocate
 * in an arena of their own, absorbed once they are done.
 */
void		 arena_absorb(struct arena *a, struct arena *from);
/* size bytes, aligned for any type, zero-filled; lives as long as a. */
void		*arena_alloc(struct arena *a, size_t size);
/* count * size bytes (aborts on overflow), zero-filled. */
void		*arena_calloc(struct arena *a, size_t count, size_t size);
/* A bigger copy of ptr (old_size bytes); the old block is left unused. */
void		*arena_grow(struct arena *a, void *ptr, size_t old_size,
		    size_t new_size);
/* NUL-terminated copies in the arena. */
char		*arena_strdup(struct arena *a, const char *s);
char		*arena_strndup(struct arena *a, const char *s, size_t n);
char		*arena_printf(struct arena *a, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* Bytes handed out so far (for the benchmark's memory figures). */
size_t		 arena_used(const struct arena *a);
/* Bytes of memory it holds for them, headers and room not used too. */
size_t		 arena_held(const struct arena *a);

#endif
