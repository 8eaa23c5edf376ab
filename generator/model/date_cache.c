/*
 * The dating cache's file: see date_cache.h.
 *
 * Layout (integers little-endian):
 *	magic		"MARCHE-DATING\n\0\0" (16 bytes)
 *	version		u32 (DCACHE_VERSION)
 *	format		u32 length, then what the comparison depends on
 *	payload length	u64
 *	checksum	20 bytes: SHA-1 of the payload (as a Git blob)
 *	payload		u32 entries, sorted by key, each:
 *	    key[20] u32 steps, each: version:u32 has_closing:u8 [closing:str]
 *	        u32 changes, each: key:str lang:u32 (all ones: none)
 *	        old:value new:value
 *	value		u8 tag: 0 none, else its kind + 1, then
 *	    bool: u8 (0 or 1); int: i64; number: u64 (its bits);
 *	    string: str; sequence: u32 items, each a value (not none);
 *	    map: u32 pairs, each: key:str value (not none)
 * where str is a u32 length and that many bytes of UTF-8.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "arena.h"
#include "buf.h"
#include "cachefile.h"
#include "date_cache.h"
#include "history.h"
#include "history_cache.h"
#include "opportunity.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

#define DCACHE_MAGIC		"MARCHE-DATING\n\0"	/* 16 with its NUL */
#define DCACHE_VERSION		1
#define DCACHE_MAX_FILE		((size_t)512 * 1024 * 1024)
#define DCACHE_MAX_ENTRIES	(1u << 24)
#define DCACHE_MAX_KEY		64
#define DCACHE_NO_LANG		0xffffffffu

/* --- Reading: every step bounded, any failure rejects the file. --- */

struct rd {
	struct cachefile_rd	 c;	/* the bytes, bounded */
	size_t			 nlangs; /* languages of the site */
	struct arena		*a;	/* where values go */
};

/*
 * A string of at most max bytes of well-formed UTF-8; *lenp its length
 * (without lenp, a C string: no NUL among them).
 */
static const char *
rd_str(struct rd *r, size_t max, size_t *lenp)
{
	size_t		 n = (size_t)cachefile_uint(&r->c, 4), i = 0, k;
	uint32_t	 cp;
	const char	*s;

	if (r->c.bad || n > max || !cachefile_need(&r->c, n)) {
		r->c.bad = 1;
		return NULL;
	}
	while (i < n) {
		if ((k = text_utf8_decode(r->c.p + i, n - i, &cp)) == 0 ||
		    (lenp == NULL && cp == 0)) {
			r->c.bad = 1;
			return NULL;
		}
		i += k;
	}
	s = arena_strndup(r->a, (const char *)r->c.p, n);
	r->c.p += n;
	if (lenp != NULL)
		*lenp = n;
	return s;
}

static struct value *
rd_value(struct rd *r, int depth)
{
	unsigned int	 tag = (unsigned int)cachefile_uint(&r->c, 1);
	struct value	*v = NULL;
	uint64_t	 bits;
	double		 d;
	size_t		 i, n, len;
	const char	*s;

	if (r->c.bad || tag == 0)
		return NULL;
	if (depth > DCACHE_MAX_DEPTH || tag > VALUE_MAP + 1) {
		r->c.bad = 1;
		return NULL;
	}
	switch ((enum value_kind)(tag - 1)) {
	case VALUE_NULL:
		v = value_null(r->a);
		break;
	case VALUE_BOOL:
		n = (size_t)cachefile_uint(&r->c, 1);
		if (n > 1)
			r->c.bad = 1;
		v = value_bool(r->a, (int)n);
		break;
	case VALUE_INT:
		v = value_int(r->a, (long long)cachefile_uint(&r->c, 8));
		break;
	case VALUE_NUMBER:
		bits = cachefile_uint(&r->c, 8);
		memcpy(&d, &bits, sizeof(d));
		v = value_number(r->a, d);
		break;
	case VALUE_STRING:
		if ((s = rd_str(r, HISTORY_MAX_TEXT, &len)) == NULL)
			return NULL;
		v = value_string_static(r->a, s);
		/* a NUL among the bytes is kept; rd_str() keeps len within
		 * HISTORY_MAX_TEXT */
		v->len = (uint32_t)len;
		break;
	case VALUE_SEQ:
		v = value_seq(r->a);
		n = cachefile_count(&r->c, 1);
		for (i = 0; i < n && !r->c.bad; i++) {
			struct value *x = rd_value(r, depth + 1);

			if (x == NULL)
				r->c.bad = 1;
			else
				value_seq_push(r->a, v, x);
		}
		break;
	case VALUE_MAP:
		v = value_map(r->a);
		n = cachefile_count(&r->c, 5);
		for (i = 0; i < n && !r->c.bad; i++) {
			struct value *k, *x;

			if ((s = rd_str(r, HISTORY_MAX_TEXT, &len)) == NULL)
				break;
			k = value_string_static(r->a, s);
			k->len = (uint32_t)len;
			if ((x = rd_value(r, depth + 1)) == NULL)
				r->c.bad = 1;
			else
				value_map_append(r->a, v, k, x);
		}
		break;
	}
	return r->c.bad ? NULL : v;
}

static void
rd_entry(struct rd *r, struct dcache_entry *e)
{
	const unsigned char	*start = r->c.p;
	size_t			 i, k, n, len;
	const char		*s;

	memset(e, 0, sizeof(*e));
	if (!cachefile_need(&r->c, 20))
		return;
	memcpy(e->key, r->c.p, 20);
	r->c.p += 20;
	n = cachefile_count(&r->c, 4 + 1 + 4);
	e->steps = arena_calloc(r->a, n + 1, sizeof(*e->steps));
	for (i = 0; i < n && !r->c.bad; i++) {
		struct dcache_step *st = &e->steps[i];
		uint64_t ver = cachefile_uint(&r->c, 4);

		if (i > 0 && ver <= e->steps[i - 1].version)
			r->c.bad = 1;	/* by version, once each */
		st->version = (size_t)ver;
		switch (cachefile_uint(&r->c, 1)) {
		case 0:
			break;
		case 1:
			st->closing = rd_str(r, HISTORY_MAX_TEXT, NULL);
			break;
		default:
			r->c.bad = 1;	/* as written: 0 or 1 */
		}
		st->nchanges = cachefile_count(&r->c, 4 + 4 + 1 + 1);
		if (st->nchanges == 0)
			r->c.bad = 1;	/* a step that changed nothing */
		st->changes = arena_calloc(r->a, st->nchanges + 1,
		    sizeof(*st->changes));
		for (k = 0; k < st->nchanges && !r->c.bad; k++) {
			struct opp_change *ch = &st->changes[k];
			uint64_t lang;

			s = rd_str(r, DCACHE_MAX_KEY, &len);
			if (s == NULL || (ch->key = opp_term_key(s, len)) ==
			    NULL) {
				r->c.bad = 1;
				break;
			}
			lang = cachefile_uint(&r->c, 4);
			if (lang == DCACHE_NO_LANG)
				ch->lang = -1;
			else if (lang < r->nlangs)
				ch->lang = (int)lang;
			else
				r->c.bad = 1;
			ch->old = rd_value(r, 0);
			ch->new = rd_value(r, 0);
		}
		e->nsteps++;
	}
	e->raw = start;
	e->rawlen = (size_t)(r->c.p - start);
}

int
dcache_entry_ok(const unsigned char *p, size_t len, size_t nlangs)
{
	struct arena		*a = arena_new();
	struct rd		 r = { { p, p + len, 0 }, nlangs, a };
	struct dcache_entry	 e;

	rd_entry(&r, &e);
	arena_free(a);
	return !r.c.bad && r.c.p == r.c.end;
}

int
dcache_decode(struct dcache *dc, const unsigned char *p, size_t len,
    size_t nlangs, struct arena *a)
{
	struct rd	r = { { p, p + len, 0 }, nlangs, a };
	size_t		n, i;

	dc->list = NULL;
	dc->count = 0;
	n = cachefile_count(&r.c, 20 + 4);
	if (r.c.bad || n > DCACHE_MAX_ENTRIES)
		return -1;
	dc->list = xcalloc(n + 1, sizeof(*dc->list));
	for (i = 0; i < n && !r.c.bad; i++) {
		rd_entry(&r, &dc->list[i]);
		if (i > 0 && memcmp(dc->list[i - 1].key, dc->list[i].key,
		    20) >= 0)
			r.c.bad = 1;	/* sorted, once each */
	}
	if (r.c.bad || r.c.p != r.c.end) {
		free(dc->list);
		dc->list = NULL;
		return -1;
	}
	dc->count = n;
	return 0;
}

int
dcache_read(struct dcache *dc, const char *path, const char *format,
    size_t nlangs, struct arena *a)
{
	struct cachefile_rd	r;

	memset(dc, 0, sizeof(*dc));
	if ((dc->data = cachefile_open(&r, path, DCACHE_MAGIC, DCACHE_VERSION,
	    format, DCACHE_MAX_FILE)) == NULL)
		return -1;
	if (dcache_decode(dc, r.p, (size_t)(r.end - r.p), nlangs, a) != 0) {
		dcache_free(dc);
		return -1;
	}
	return 0;
}

const struct dcache_entry *
dcache_find(const struct dcache *dc, const unsigned char key[20])
{
	size_t	lo = 0, hi = dc->count, mid;
	int	c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = memcmp(dc->list[mid].key, key, 20)) == 0)
			return &dc->list[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void
dcache_free(struct dcache *dc)
{
	free(dc->list);
	free(dc->data);
	memset(dc, 0, sizeof(*dc));
}

/* --- Writing. --- */

static void
put_str(struct buf *b, const char *s, size_t n)
{
	buf_put_le(b, n, 4);
	buf_put(b, s, n);
}

static void
put_value(struct buf *b, const struct value *v)
{
	uint64_t	bits;
	size_t		i;

	if (v == NULL) {
		buf_put_le(b, 0, 1);
		return;
	}
	buf_put_le(b, (uint64_t)v->kind + 1, 1);
	switch (v->kind) {
	case VALUE_NULL:
		break;
	case VALUE_BOOL:
		buf_put_le(b, v->boolean != 0, 1);
		break;
	case VALUE_INT:
		buf_put_le(b, (uint64_t)v->integer, 8);
		break;
	case VALUE_NUMBER:
		memcpy(&bits, &v->number, sizeof(bits));
		buf_put_le(b, bits, 8);
		break;
	case VALUE_STRING:
		put_str(b, v->str, v->len);
		break;
	case VALUE_SEQ:
		buf_put_le(b, v->count, 4);
		for (i = 0; i < v->count; i++)
			put_value(b, v->items[i]);
		break;
	case VALUE_MAP:
		buf_put_le(b, v->count, 4);
		for (i = 0; i < v->count; i++) {
			put_str(b, v->pairs[i].key->str, v->pairs[i].key->len);
			put_value(b, v->pairs[i].val);
		}
		break;
	}
}

void
dcache_put_entry(struct buf *b, const unsigned char key[20],
    const struct dcache_step *steps, size_t n)
{
	size_t	i, k;

	buf_put(b, key, 20);
	buf_put_le(b, n, 4);
	for (i = 0; i < n; i++) {
		buf_put_le(b, steps[i].version, 4);
		buf_put_le(b, steps[i].closing != NULL, 1);
		if (steps[i].closing != NULL)
			put_str(b, steps[i].closing, strlen(steps[i].closing));
		buf_put_le(b, steps[i].nchanges, 4);
		for (k = 0; k < steps[i].nchanges; k++) {
			const struct opp_change *ch = &steps[i].changes[k];

			put_str(b, ch->key, strlen(ch->key));
			buf_put_le(b, ch->lang < 0 ? DCACHE_NO_LANG :
			    (uint64_t)ch->lang, 4);
			put_value(b, ch->old);
			put_value(b, ch->new);
		}
	}
}

struct ent {
	const unsigned char	*p;
	size_t			 len;
};

static int
ent_cmp(const void *pa, const void *pb)
{
	const struct ent *a = pa, *b = pb;

	return memcmp(a->p, b->p, 20);
}

int
dcache_write(const char *path, const char *format, const struct buf *all,
    const size_t *offs, size_t count)
{
	struct buf	 payload = BUF_INIT;
	struct ent	*e;
	size_t		 i, n = 0;
	int		 rc;

	if (path == NULL)
		return -1;
	e = xreallocarray(NULL, count + 1, sizeof(*e));
	for (i = 0; i < count; i++) {
		e[i].p = (const unsigned char *)all->data + offs[i];
		e[i].len = offs[i + 1] - offs[i];
	}
	if (count > 1)
		qsort(e, count, sizeof(*e), ent_cmp);
	buf_put_le(&payload, 0, 4);
	for (i = 0; i < count; i++) {
		if (i > 0 && memcmp(e[i - 1].p, e[i].p, 20) == 0)
			continue;	/* the same versions: the same */
		buf_put(&payload, e[i].p, e[i].len);
		n++;
	}
	for (i = 0; i < 4; i++)
		((unsigned char *)payload.data)[i] = (unsigned char)(n >>
		    (8 * i));
	rc = cachefile_write(path, DCACHE_MAGIC, DCACHE_VERSION, format,
	    &payload, DCACHE_MAX_FILE);
	free(e);
	buf_free(&payload);
	return rc;
}
