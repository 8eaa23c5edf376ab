/*
 * Text kept compressed in memory (zstd, at a fast level): most of what a
 * build holds between reading the opportunities and rendering their pages
 * is their Markdown, which each page reads once. Packing keeps it at about
 * a third of its size for a fraction of a second per ten thousand pages.
 */
#ifndef MARCHE_PACK_H
#define MARCHE_PACK_H

#include <stddef.h>

struct arena;
struct pack;
struct pack_dict;

/*
 * A dictionary learnt from nsamples texts laid end to end in samples
 * (sizes[i] bytes each), for packing texts like them smaller and faster;
 * NULL when the samples are too few or too short to learn from (pack
 * without one). Any number of threads may pack and unpack with it at
 * once. Free it with pack_dict_free() once every text packed with it is
 * let go.
 */
struct pack_dict *pack_dict_new(const void *samples, const size_t *sizes,
		    unsigned nsamples);
void		 pack_dict_free(struct pack_dict *d);

/*
 * A packer, for one thread at a time, packing with dict (or without, when
 * NULL), which must outlive it; free it with pack_free().
 */
struct pack	*pack_new(const struct pack_dict *dict);
void		 pack_free(struct pack *p);

/* A text packed. */
struct packed_text {
	const struct pack_dict *dict;	/* packed with it, or NULL */
	size_t		len;		/* the text's length */
	size_t		plen;		/* bytes in data */
	unsigned char	data[];		/* a zstd frame */
};

/*
 * len bytes of s packed into a's memory; NULL when packing would not
 * make them smaller (short texts).
 */
const struct packed_text *pack_text(struct pack *p, struct arena *a,
		    const char *s, size_t len);

/*
 * The text t holds, as a NUL-terminated copy to free(); any thread may
 * unpack at any time. Bytes that do not unpack to exactly t->len bytes
 * abort the program: they never left its memory, so that would be a bug,
 * not bad input.
 */
char		*unpack_text(const struct packed_text *t);

/* Let go of the unpacking contexts kept for reuse (at the end of a run). */
void		 pack_cleanup(void);

#endif
