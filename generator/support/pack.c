#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zdict.h>
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
	ZSTD_CCtx		*cctx;
	const struct pack_dict	*dict;	/* or NULL */
	void			*out;	/* scratch for one packed text */
	size_t			 cap;
};

/*
 * A dictionary: the strings texts like the samples share, which each
 * packed text then refers to instead of holding. A text of a few
 * kilobytes has little in itself to refer back to; with the dictionary
 * it packs to about half the size, in about half the time (there is
 * less left to encode), and unpacks in half the time too.
 */
struct pack_dict {
	ZSTD_CDict	*cdict;	/* for packing, at PACK_LEVEL */
	ZSTD_DDict	*ddict;	/* for unpacking */
};

/* The dictionary's size: larger ones gain little on texts of kilobytes. */
#define PACK_DICT_BYTES	(32u << 10)

static void
pack_die(const char *what, size_t rc)
{
	fprintf(stderr, "marche: %s: %s\n", what, ZSTD_getErrorName(rc));
	abort();
}

static void
pack_oom(void)
{
	fputs("marche: out of memory\n", stderr);
	abort();
}

struct pack_dict *
pack_dict_new(const void *samples, const size_t *sizes, unsigned nsamples)
{
	struct pack_dict	*d;
	void			*buf;
	size_t			 total = 0, n;
	unsigned		 i;

	for (i = 0; i < nsamples; i++)
		total += sizes[i];
	/* Too little to learn from: zstd would refuse, or learn noise. */
	if (nsamples < 8 || total < 4 * PACK_DICT_BYTES)
		return NULL;
	buf = xmalloc(PACK_DICT_BYTES);
	n = ZDICT_trainFromBuffer(buf, PACK_DICT_BYTES, samples, sizes,
	    nsamples);
	if (ZDICT_isError(n)) {
		free(buf);
		return NULL;
	}
	d = xcalloc(1, sizeof(*d));
	d->cdict = ZSTD_createCDict(buf, n, PACK_LEVEL);
	d->ddict = ZSTD_createDDict(buf, n);
	free(buf);		/* both keep a copy */
	if (d->cdict == NULL || d->ddict == NULL)
		pack_oom();
	return d;
}

void
pack_dict_free(struct pack_dict *d)
{
	if (d == NULL)
		return;
	ZSTD_freeCDict(d->cdict);
	ZSTD_freeDDict(d->ddict);
	free(d);
}

struct pack *
pack_new(const struct pack_dict *dict)
{
	struct pack	*p = xcalloc(1, sizeof(*p));

	if ((p->cctx = ZSTD_createCCtx()) == NULL)
		pack_oom();
	p->dict = dict;
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
	if (p->dict != NULL)
		n = ZSTD_compress_usingCDict(p->cctx, p->out, p->cap, s, len,
		    p->dict->cdict);
	else
		n = ZSTD_compressCCtx(p->cctx, p->out, p->cap, s, len,
		    PACK_LEVEL);
	if (ZSTD_isError(n))
		pack_die("packing a text", n);
	if (n + sizeof(*t) >= len)
		return NULL;
	t = arena_alloc(a, sizeof(*t) + n);
	t->dict = p->dict;
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
	if (d == NULL && (d = ZSTD_createDCtx()) == NULL)
		pack_oom();
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

	if (t->dict != NULL)
		n = ZSTD_decompress_usingDDict(d, s, t->len, t->data, t->plen,
		    t->dict->ddict);
	else
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
