#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "xalloc.h"

void
buf_reserve(struct buf *b, size_t n)
{
	size_t	cap;

	if (b->len + n + 1 <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < b->len + n + 1) {
		if (cap > ((size_t)-1) / 2)
			cap = b->len + n + 1;
		else
			cap *= 2;
	}
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

void
buf_put(struct buf *b, const void *data, size_t n)
{
	/* Most appends fit: no call to grow. */
	if (b->len + n + 1 > b->cap)
		buf_reserve(b, n);
	if (n > 0)
		memcpy(b->data + b->len, data, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_put_le(struct buf *b, uint64_t v, size_t n)
{
	unsigned char	x[8];
	size_t		i;

	for (i = 0; i < n && i < sizeof(x); i++)
		x[i] = (unsigned char)(v >> (8 * i));
	buf_put(b, x, i);
}

void
buf_puts(struct buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

void
buf_putc(struct buf *b, char c)
{
	if (b->len + 2 > b->cap)
		buf_reserve(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

/* Formatted text: into the room the buffer has, formatting a second
 * time only when it did not fit. */
void
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list	ap;
	size_t	room;
	int	n;

	if (b->cap - b->len < 64)
		buf_reserve(b, 64);
	room = b->cap - b->len;
	va_start(ap, fmt);
	n = vsnprintf(b->data + b->len, room, fmt, ap);
	va_end(ap);
	if (n <= 0) {
		b->data[b->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		buf_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

const char *
buf_cstr(struct buf *b)
{
	if (b->data == NULL)
		buf_reserve(b, 0), b->data[0] = '\0';
	return b->data;
}

char *
buf_detach(struct buf *b, size_t *lenp)
{
	char	*p;

	buf_cstr(b);
	p = b->data;
	if (lenp != NULL)
		*lenp = b->len;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
