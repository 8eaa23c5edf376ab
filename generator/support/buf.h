/*
 * Growable byte buffers. The data is always NUL-terminated after len bytes,
 * so buf.data can be used as a C string when it holds no NUL.
 */
#ifndef MARCHE_BUF_H
#define MARCHE_BUF_H

#include <stddef.h>
#include <stdint.h>

struct buf {
	char	*data;	/* bytes, NUL after len; NULL until first write */
	size_t	 len;	/* bytes used */
	size_t	 cap;	/* bytes allocated */
};

#define BUF_INIT { NULL, 0, 0 }

/* Append n bytes, a C string, one byte, or formatted text. */
void	 buf_put(struct buf *b, const void *data, size_t n);
/* Append the n low bytes of v, least significant first (n <= 8). */
void	 buf_put_le(struct buf *b, uint64_t v, size_t n);
void	 buf_puts(struct buf *b, const char *s);
void	 buf_putc(struct buf *b, char c);
void	 buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Make room for n more bytes without changing len. */
void	 buf_reserve(struct buf *b, size_t n);
/* Forget the content but keep the memory. */
void	 buf_reset(struct buf *b);
/* The content as a NUL-terminated string (never NULL) that only lives as
 * long as the buffer is unchanged. */
const char *buf_cstr(struct buf *b);
/* Hand the memory to the caller (free() it); the buffer is empty after. */
char	*buf_detach(struct buf *b, size_t *lenp);
/* Release the memory; the buffer may be reused after. */
void	 buf_free(struct buf *b);

#endif
