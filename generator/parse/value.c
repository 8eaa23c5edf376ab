#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "value.h"

/* Listings hold millions of nodes: keep them this small. */
_Static_assert(sizeof(void *) != 8 || sizeof(struct value) == 40,
    "struct value grew");

/* A length or count past what a node holds: no loader gets there. */
static void
too_long(size_t n)
{
	fprintf(stderr, "marche: a value of %zu bytes or items is more than "
	    "%zu\n", n, VALUE_MAX_LEN);
	abort();
}

static struct value *
value_new(struct arena *a, enum value_kind kind)
{
	struct value	*v = arena_alloc(a, sizeof(*v));

	v->kind = kind;
	return v;
}

struct value *
value_null(struct arena *a)
{
	return value_new(a, VALUE_NULL);
}

struct value *
value_bool(struct arena *a, int b)
{
	struct value	*v = value_new(a, VALUE_BOOL);

	v->boolean = b != 0;
	return v;
}

struct value *
value_int(struct arena *a, long long i)
{
	struct value	*v = value_new(a, VALUE_INT);

	v->integer = i;
	return v;
}

struct value *
value_number(struct arena *a, double n)
{
	struct value	*v = value_new(a, VALUE_NUMBER);

	v->number = n;
	return v;
}

struct value *
value_stringn(struct arena *a, const char *s, size_t n)
{
	struct value	*v = value_new(a, VALUE_STRING);

	if (n > VALUE_MAX_LEN)
		too_long(n);
	v->str = arena_strndup(a, s, n);
	v->len = (uint32_t)n;
	return v;
}

struct value *
value_string(struct arena *a, const char *s)
{
	return value_stringn(a, s, strlen(s));
}

struct value *
value_string_static(struct arena *a, const char *s)
{
	struct value	*v = value_new(a, VALUE_STRING);
	size_t		 n = strlen(s);

	if (n > VALUE_MAX_LEN)
		too_long(n);
	v->str = s;
	v->len = (uint32_t)n;
	return v;
}

struct value *
value_seq(struct arena *a)
{
	return value_new(a, VALUE_SEQ);
}

struct value *
value_copy(struct arena *a, const struct value *v)
{
	struct value	*c;
	size_t		 i;

	if (v == NULL)
		return NULL;
	c = arena_alloc(a, sizeof(*c));
	*c = *v;
	switch (v->kind) {
	case VALUE_STRING:
		if (v->str != NULL)
			c->str = arena_strndup(a, v->str, v->len);
		break;
	case VALUE_SEQ:
		c->items = NULL;
		c->cap = v->count;
		if (v->count > 0)
			c->items = arena_calloc(a, v->count,
			    sizeof(*c->items));
		for (i = 0; i < v->count; i++)
			c->items[i] = value_copy(a, v->items[i]);
		break;
	case VALUE_MAP:
		c->indexed = 0;
		c->pairs = NULL;
		c->count = c->cap = 0;
		for (i = 0; i < v->count; i++)
			value_map_append(a, c, value_copy(a, v->pairs[i].key),
			    value_copy(a, v->pairs[i].val));
		break;
	default:
		break;
	}
	return c;
}

struct value *
value_map(struct arena *a)
{
	return value_new(a, VALUE_MAP);
}

/* The capacity after cap, which is full: double, at most VALUE_MAX_LEN. */
static size_t
grown_cap(size_t cap)
{
	if (cap >= VALUE_MAX_LEN)
		too_long(cap + 1);
	if (cap == 0)
		return 4;
	return cap > VALUE_MAX_LEN / 2 ? VALUE_MAX_LEN : cap * 2;
}

void
value_seq_push(struct arena *a, struct value *seq, struct value *v)
{
	if (seq->count == seq->cap) {
		size_t ncap = grown_cap(seq->cap);

		seq->items = arena_grow(a, seq->items,
		    seq->cap * sizeof(*seq->items),
		    ncap * sizeof(*seq->items));
		seq->cap = (uint32_t)ncap;
	}
	seq->items[seq->count++] = v;
}

/*
 * The hash index of a large map: slot[] holds 1 + the position of a pair
 * (0: empty), open addressing over mask + 1 slots, at most half full.
 * Only the first pair of each key is in it, so a lookup finds what a
 * scan from the start would. It covers the first n pairs; a map whose
 * count is not n (changed by hand) is scanned instead.
 */
struct map_index {
	uint32_t	 mask;	/* slots - 1, slots a power of 2 */
	uint32_t	 n;	/* pairs it covers */
	uint32_t	 slot[];
};

uint32_t
value_key_hash(const char *s, size_t n)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* An indexed map keeps its index's address in the slot before pairs. */
static struct map_index *
index_of(const struct value *map)
{
	struct map_index *ix;

	memcpy(&ix, (const void *)(map->pairs - 1), sizeof(ix));
	return ix;
}

static int
same_key(const struct value *k, const char *s, size_t n)
{
	return k->len == n && memcmp(k->str, s, n) == 0;
}

/* Put pair i of map into ix, unless an earlier pair has its key. */
static void
index_add(struct map_index *ix, const struct value *map, uint32_t i)
{
	const struct value *k = map->pairs[i].key;
	uint32_t	 s = value_key_hash(k->str, k->len) & ix->mask;

	for (; ix->slot[s] != 0; s = (s + 1) & ix->mask)
		if (same_key(map->pairs[ix->slot[s] - 1].key, k->str, k->len))
			return;
	ix->slot[s] = i + 1;
}

/* A new index of map's pairs, with room for twice as many. */
static void
index_build(struct arena *a, struct value *map)
{
	struct map_index *ix;
	size_t		 slots = 64;
	uint32_t	 i;

	while (slots < (size_t)map->count * 2 + 2)
		slots *= 2;
	ix = arena_alloc(a, sizeof(*ix) + slots * sizeof(ix->slot[0]));
	ix->mask = (uint32_t)(slots - 1);
	for (i = 0; i < map->count; i++)
		index_add(ix, map, i);
	ix->n = map->count;
	memcpy((void *)(map->pairs - 1), &ix, sizeof(ix));
}

size_t
value_map_find(const struct value *map, const char *s, size_t n,
    uint32_t hash)
{
	const struct map_index *ix;
	uint32_t	 k;
	size_t		 i;

	if (map->indexed && (ix = index_of(map))->n == map->count) {
		for (k = hash & ix->mask; ix->slot[k] != 0;
		    k = (k + 1) & ix->mask)
			if (same_key(map->pairs[ix->slot[k] - 1].key, s, n))
				return ix->slot[k] - 1;
		return map->count;
	}
	for (i = 0; i < map->count; i++)
		if (same_key(map->pairs[i].key, s, n))
			break;
	return i;
}

void
value_map_append(struct arena *a, struct value *map, struct value *key,
    struct value *v)
{
	if (map->count == map->cap) {
		size_t ncap = grown_cap(map->cap);

		if (map->indexed)	/* the slot before pairs comes along */
			map->pairs = (struct value_pair *)arena_grow(a,
			    map->pairs - 1, (map->cap + 1) *
			    sizeof(*map->pairs), (ncap + 1) *
			    sizeof(*map->pairs)) + 1;
		else
			map->pairs = arena_grow(a, map->pairs,
			    map->cap * sizeof(*map->pairs),
			    ncap * sizeof(*map->pairs));
		map->cap = (uint32_t)ncap;
	}
	map->pairs[map->count].key = key;
	map->pairs[map->count].val = v;
	map->count++;
	if (map->indexed) {
		struct map_index *ix = index_of(map);

		if (ix->n + 1 != map->count ||
		    (size_t)map->count * 2 > (size_t)ix->mask + 1)
			index_build(a, map);
		else {
			index_add(ix, map, map->count - 1);
			ix->n = map->count;
		}
	} else if (map->count >= VALUE_MAP_INDEXED) {
		/* Move the pairs behind a slot for the index's address. */
		struct value_pair *p = arena_calloc(a, (size_t)map->cap + 1,
		    sizeof(*p));

		memcpy(p + 1, map->pairs, map->count * sizeof(*p));
		map->pairs = p + 1;
		map->indexed = 1;
		index_build(a, map);
	}
}

struct value *
value_map_set(struct arena *a, struct value *map, const char *key,
    struct value *v)
{
	size_t	i;

	/* The first byte first: most keys of a map differ there. */
	for (i = 0; i < map->count; i++) {
		const char *k = map->pairs[i].key->str;

		if (k[0] == key[0] && strcmp(k, key) == 0) {
			map->pairs[i].val = v;
			return v;
		}
	}
	value_map_append(a, map, value_string(a, key), v);
	return v;
}

struct value *
value_map_get(const struct value *map, const char *key)
{
	size_t	i;

	if (map == NULL || map->kind != VALUE_MAP || key == NULL)
		return NULL;
	for (i = 0; i < map->count; i++) {
		const char *k = map->pairs[i].key->str;

		if (k[0] == key[0] && strcmp(k, key) == 0)
			return map->pairs[i].val;
	}
	return NULL;
}

struct value *
value_path(const struct value *v, const char *dotted)
{
	const char	*p = dotted, *dot;
	size_t		 i, n;

	while (v != NULL) {
		const struct value *next = NULL;

		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (v->kind != VALUE_MAP)
			return NULL;
		for (i = 0; i < v->count; i++) {
			const struct value *k = v->pairs[i].key;

			if (k->len == n && memcmp(k->str, p, n) == 0) {
				next = v->pairs[i].val;
				break;
			}
		}
		v = next;
		if (dot == NULL)
			break;
		p = dot + 1;
	}
	return (struct value *)v;
}

const char *
value_str(const struct value *v)
{
	return v != NULL && v->kind == VALUE_STRING ? v->str : NULL;
}

const char *
value_kind_name(enum value_kind kind)
{
	switch (kind) {
	case VALUE_NULL: return N_("nothing (null)");
	case VALUE_BOOL: return N_("true or false");
	case VALUE_INT: return N_("a whole number");
	case VALUE_NUMBER: return N_("a number");
	case VALUE_STRING: return N_("text");
	case VALUE_SEQ: return N_("a list");
	case VALUE_MAP: return N_("a set of keys and values");
	}
	return N_("a value");
}

int
value_truthy(const struct value *v)
{
	if (v == NULL)
		return 0;
	switch (v->kind) {
	case VALUE_NULL: return 0;
	case VALUE_BOOL: return v->boolean;
	case VALUE_SEQ: return v->count > 0;
	case VALUE_STRING: return v->len > 0;
	default: return 1;
	}
}

int
value_equal(const struct value *a, const struct value *b)
{
	size_t	i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->kind != b->kind)
		return 0;
	switch (a->kind) {
	case VALUE_NULL:
		return 1;
	case VALUE_BOOL:
		return a->boolean == b->boolean;
	case VALUE_INT:
		return a->integer == b->integer;
	case VALUE_NUMBER:
		return a->number == b->number;
	case VALUE_STRING:
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	case VALUE_SEQ:
		if (a->count != b->count)
			return 0;
		for (i = 0; i < a->count; i++)
			if (!value_equal(a->items[i], b->items[i]))
				return 0;
		return 1;
	case VALUE_MAP:
		if (a->count != b->count)
			return 0;
		for (i = 0; i < a->count; i++)
			if (!value_equal(a->pairs[i].key, b->pairs[i].key) ||
			    !value_equal(a->pairs[i].val, b->pairs[i].val))
				return 0;
		return 1;
	}
	return 0;
}
