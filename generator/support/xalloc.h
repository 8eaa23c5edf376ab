/*
 * Allocation that never fails: out of memory aborts the program in one
 * place, so callers never check for NULL.
 */
#ifndef MARCHE_XALLOC_H
#define MARCHE_XALLOC_H

#include <stddef.h>

/* Like malloc, calloc, realloc; abort with a message when memory is out. */
void	*xmalloc(size_t size);
void	*xcalloc(size_t count, size_t size);
void	*xrealloc(void *ptr, size_t size);
/* Array (re)allocation that aborts on count * size overflow. */
void	*xreallocarray(void *ptr, size_t count, size_t size);
/* A NUL-terminated copy of s (or of its first n bytes); free() it. */
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* A formatted, newly allocated string; free() it. */
char	*xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/*
 * Give the free pages of every thread's heap back to the system: what a
 * stage let go then lowers the peak of the stages after it, not only
 * their own allocations' (the C library keeps freed blocks otherwise).
 */
void	xalloc_trim(void);

#endif
