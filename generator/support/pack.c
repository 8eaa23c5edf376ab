#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zstd.h>

#include "arena.h"
#include "pack.h"
#include "xalloc.h"

/*
 * zstd's fastest regular level: Markdown prose packs to about 30% of its
 * size, at some 400 MB/s. Higher levels gain a few per cent for several
 * times the time.
 */
#define PACK_LEVEL	1
/* Shorter texts are kept as they are: the frame would eat the gain. */
#define PACK_MIN	64

struct pack {
	ZSTD_CCtx	*cctx;
	void		*out;	/* scratch for one packed text */
	size_t		 cap;
};

static void
pack_die(const char *what, size_t rc)
{
	fprintf(stderr, "marche: %s: %s\n", what, ZSTD_getErrorName(rc));
	abort();
}

struct pack *
pack_new(void)
{
	struct pack	*p = xcalloc(1, sizeof(*p));

	if ((p->cctx = ZSTD_createCCtx()) == NULL) {
		fputs("marche: out of memory\n", stderr);
		abort();
	}
	return p;
}

void
pack_free(struct pack *p)
{
	if (p == NULL)
		return;
	ZSTD_freeCCtx(p->cctx);
	free(p->out);
	free(p);
}

const struct packed_text *
pack_text(struct pack *p, struct arena *a, const char *s, size_t len)
{
	size_t			 bound = ZSTD_compressBound(len), n;
	struct packed_text	*t;

	if (len < PACK_MIN)
		return NULL;
	if (p->cap < bound) {
		free(p->out);
		p->out = xmalloc(bound);
		p->cap = bound;
	}
	n = ZSTD_compressCCtx(p->cctx, p->out, p->cap, s, len, PACK_LEVEL);
	if (ZSTD_isError(n))
		pack_die("packing a text", n);
	if (n + sizeof(*t) >= len)
		return NULL;
	t = arena_alloc(a, sizeof(*t) + n);
	t->len = len;
	t->plen = n;
	memcpy(t->data, p->out, n);
	return t;
}

/*
 * Unpacking contexts (some 100 kB each) are kept for the next text:
 * making one for every text would cost more than the unpacking. Threads
 * take one from the list, or make one when it is empty.
 */
static pthread_mutex_t	 free_lock = PTHREAD_MUTEX_INITIALIZER;
static ZSTD_DCtx	*free_list[16];
static size_t		 free_count;

static ZSTD_DCtx *
dctx_take(void)
{
	ZSTD_DCtx	*d = NULL;

	pthread_mutex_lock(&free_lock);
	if (free_count > 0)
		d = free_list[--free_count];
	pthread_mutex_unlock(&free_lock);
	if (d == NULL && (d = ZSTD_createDCtx()) == NULL) {
		fputs("marche: out of memory\n", stderr);
		abort();
	}
	return d;
}

static void
dctx_give(ZSTD_DCtx *d)
{
	pthread_mutex_lock(&free_lock);
	if (free_count < sizeof(free_list) / sizeof(free_list[0])) {
		free_list[free_count++] = d;
		d = NULL;
	}
	pthread_mutex_unlock(&free_lock);
	ZSTD_freeDCtx(d);
}

char *
unpack_text(const struct packed_text *t)
{
	ZSTD_DCtx	*d = dctx_take();
	char		*s = xmalloc(t->len + 1);
	size_t		 n;

	n = ZSTD_decompressDCtx(d, s, t->len, t->data, t->plen);
	dctx_give(d);
	if (ZSTD_isError(n))
		pack_die("unpacking a text", n);
	if (n != t->len) {
		fprintf(stderr, "marche: unpacking a text: %zu bytes instead "
		    "of %zu\n", n, t->len);
		abort();
	}
	s[t->len] = '\0';
	return s;
}

void
pack_cleanup(void)
{
	pthread_mutex_lock(&free_lock);
	while (free_count > 0)
		ZSTD_freeDCtx(free_list[--free_count]);
	pthread_mutex_unlock(&free_lock);
}
