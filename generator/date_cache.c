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
#include "date_cache.h"
#include "history.h"
#include "history_cache.h"
#include "opportunity.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"

#define DCACHE_MAGIC		"MARCHE-DATING\n\0"	/* 16 with its NUL */
#define DCACHE_VERSION		1
#define DCACHE_MAX_FORMAT	4096
#define DCACHE_MAX_ENTRIES	(1u << 24)
#define DCACHE_MAX_KEY		64
#define DCACHE_NO_LANG		0xffffffffu

/* --- Reading: every step bounded, any failure rejects the file. --- */

struct rd {
	const unsigned char	*p;
	const unsigned char	*end;
	int			 bad;
	size_t			 nlangs;
	struct arena		*a;
};

static int
rd_need(struct rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return 0;
	}
	return 1;
}

static uint64_t
rd_uint(struct rd *r, size_t n)
{
	uint64_t	v = 0;
	size_t		i;

	if (!rd_need(r, n))
		return 0;
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static size_t
rd_count(struct rd *r, size_t each)
{
	uint64_t	n = rd_uint(r, 4);

	if (r->bad || n > (uint64_t)(r->end - r->p) / each) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/*
 * A string of at most max bytes of well-formed UTF-8; *lenp its length
 * (without lenp, a C string: no NUL among them).
 */
static const char *
rd_str(struct rd *r, size_t max, size_t *lenp)
{
	size_t		 n = (size_t)rd_uint(r, 4), i = 0, k;
	uint32_t	 cp;
	const char	*s;

	if (r->bad || n > max || !rd_need(r, n)) {
		r->bad = 1;
		return NULL;
	}
	while (i < n) {
		if ((k = text_utf8_decode(r->p + i, n - i, &cp)) == 0 ||
		    (lenp == NULL && cp == 0)) {
			r->bad = 1;
			return NULL;
		}
		i += k;
	}
	s = arena_strndup(r->a, (const char *)r->p, n);
	r->p += n;
	if (lenp != NULL)
		*lenp = n;
	return s;
}

static struct value *
rd_value(struct rd *r, int depth)
{
	unsigned int	 tag = (unsigned int)rd_uint(r, 1);
	struct value	*v = NULL;
	uint64_t	 bits;
	double		 d;
	size_t		 i, n, len;
	const char	*s;

	if (r->bad || tag == 0)
		return NULL;
	if (depth > DCACHE_MAX_DEPTH || tag > VALUE_MAP + 1) {
		r->bad = 1;
		return NULL;
	}
	switch ((enum value_kind)(tag - 1)) {
	case VALUE_NULL:
		v = value_null(r->a);
		break;
	case VALUE_BOOL:
		n = (size_t)rd_uint(r, 1);
		if (n > 1)
			r->bad = 1;
		v = value_bool(r->a, (int)n);
		break;
	case VALUE_INT:
		v = value_int(r->a, (long long)rd_uint(r, 8));
		break;
	case VALUE_NUMBER:
		bits = rd_uint(r, 8);
		memcpy(&d, &bits, sizeof(d));
		v = value_number(r->a, d);
		break;
	case VALUE_STRING:
		if ((s = rd_str(r, HISTORY_MAX_TEXT, &len)) == NULL)
			return NULL;
		v = value_string_static(r->a, s);
		v->len = len;	/* a NUL among the bytes is kept */
		break;
	case VALUE_SEQ:
		v = value_seq(r->a);
		n = rd_count(r, 1);
		for (i = 0; i < n && !r->bad; i++) {
			struct value *x = rd_value(r, depth + 1);

			if (x == NULL)
				r->bad = 1;
			else
				value_seq_push(r->a, v, x);
		}
		break;
	case VALUE_MAP:
		v = value_map(r->a);
		n = rd_count(r, 5);
		for (i = 0; i < n && !r->bad; i++) {
			struct value *k, *x;

			if ((s = rd_str(r, HISTORY_MAX_TEXT, &len)) == NULL)
				break;
			k = value_string_static(r->a, s);
			k->len = len;
			if ((x = rd_value(r, depth + 1)) == NULL)
				r->bad = 1;
			else
				value_map_append(r->a, v, k, x);
		}
		break;
	}
	return r->bad ? NULL : v;
}

static void
rd_entry(struct rd *r, struct dcache_entry *e)
{
	const unsigned char	*start = r->p;
	size_t			 i, k, n, len;
	const char		*s;

	memset(e, 0, sizeof(*e));
	if (!rd_need(r, 20))
		return;
	memcpy(e->key, r->p, 20);
	r->p += 20;
	n = rd_count(r, 4 + 1 + 4);
	e->steps = arena_calloc(r->a, n + 1, sizeof(*e->steps));
	for (i = 0; i < n && !r->bad; i++) {
		struct dcache_step *st = &e->steps[i];
		uint64_t ver = rd_uint(r, 4);

		if (i > 0 && ver <= e->steps[i - 1].version)
			r->bad = 1;	/* by version, once each */
		st->version = (size_t)ver;
		switch (rd_uint(r, 1)) {
		case 0:
			break;
		case 1:
			st->closing = rd_str(r, HISTORY_MAX_TEXT, NULL);
			break;
		default:
			r->bad = 1;	/* as written: 0 or 1 */
		}
		st->nchanges = rd_count(r, 4 + 4 + 1 + 1);
		if (st->nchanges == 0)
			r->bad = 1;	/* a step that changed nothing */
		st->changes = arena_calloc(r->a, st->nchanges + 1,
		    sizeof(*st->changes));
		for (k = 0; k < st->nchanges && !r->bad; k++) {
			struct opp_change *ch = &st->changes[k];
			uint64_t lang;

			s = rd_str(r, DCACHE_MAX_KEY, &len);
			if (s == NULL || (ch->key = opp_term_key(s, len)) ==
			    NULL) {
				r->bad = 1;
				break;
			}
			lang = rd_uint(r, 4);
			if (lang == DCACHE_NO_LANG)
				ch->lang = -1;
			else if (lang < r->nlangs)
				ch->lang = (int)lang;
			else
				r->bad = 1;
			ch->old = rd_value(r, 0);
			ch->new = rd_value(r, 0);
		}
		e->nsteps++;
	}
	e->raw = start;
	e->rawlen = (size_t)(r->p - start);
}

int
dcache_entry_ok(const unsigned char *p, size_t len, size_t nlangs)
{
	struct arena		*a = arena_new();
	struct rd		 r = { p, p + len, 0, nlangs, a };
	struct dcache_entry	 e;

	rd_entry(&r, &e);
	arena_free(a);
	return !r.bad && r.p == r.end;
}

int
dcache_decode(struct dcache *dc, const unsigned char *p, size_t len,
    size_t nlangs, struct arena *a)
{
	struct rd	r = { p, p + len, 0, nlangs, a };
	size_t		n, i;

	dc->list = NULL;
	dc->count = 0;
	n = rd_count(&r, 20 + 4);
	if (r.bad || n > DCACHE_MAX_ENTRIES)
		return -1;
	dc->list = xcalloc(n + 1, sizeof(*dc->list));
	for (i = 0; i < n && !r.bad; i++) {
		rd_entry(&r, &dc->list[i]);
		if (i > 0 && memcmp(dc->list[i - 1].key, dc->list[i].key,
		    20) >= 0)
			r.bad = 1;	/* sorted, once each */
	}
	if (r.bad || r.p != r.end) {
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
	struct rd	 r;
	git_oid		 sum;
	unsigned char	 want[20];
	size_t		 len = 0, flen = strlen(format);
	uint64_t	 plen;

	memset(dc, 0, sizeof(*dc));
	if (path == NULL || (dc->data = hcache_slurp(path, &len)) == NULL)
		return -1;
	r.p = dc->data;
	r.end = dc->data + len;
	r.bad = 0;
	if (len < 16 || memcmp(r.p, DCACHE_MAGIC, 16) != 0)
		goto bad;
	r.p += 16;
	if (rd_uint(&r, 4) != DCACHE_VERSION || rd_uint(&r, 4) != flen ||
	    !rd_need(&r, flen) || memcmp(r.p, format, flen) != 0)
		goto bad;
	r.p += flen;
	plen = rd_uint(&r, 8);
	if (!rd_need(&r, 20))
		goto bad;
	memcpy(want, r.p, 20);
	r.p += 20;
	if (plen != (uint64_t)(r.end - r.p) ||
	    git_odb_hash(&sum, r.p, (size_t)plen, GIT_OBJECT_BLOB) != 0 ||
	    memcmp(sum.id, want, 20) != 0)
		goto bad;
	if (dcache_decode(dc, r.p, (size_t)plen, nlangs, a) != 0)
		goto bad;
	return 0;
bad:
	dcache_free(dc);
	return -1;
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
	struct buf	 payload = BUF_INIT, head = BUF_INIT;
	struct ent	*e;
	git_oid		 sum;
	size_t		 i, n = 0;
	int		 rc = -1;

	if (path == NULL || strlen(format) > DCACHE_MAX_FORMAT)
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
	if (git_odb_hash(&sum, payload.data, payload.len, GIT_OBJECT_BLOB)
	    != 0)
		goto out;
	buf_put(&head, DCACHE_MAGIC, 16);
	buf_put_le(&head, DCACHE_VERSION, 4);
	buf_put_le(&head, strlen(format), 4);
	buf_puts(&head, format);
	buf_put_le(&head, payload.len, 8);
	buf_put(&head, sum.id, 20);
	rc = hcache_write_file(path, &head, &payload);
out:
	free(e);
	buf_free(&payload);
	buf_free(&head);
	return rc;
}
