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

void
value_map_append(struct arena *a, struct value *map, struct value *key,
    struct value *v)
{
	if (map->count == map->cap) {
		size_t ncap = grown_cap(map->cap);

		map->pairs = arena_grow(a, map->pairs,
		    map->cap * sizeof(*map->pairs),
		    ncap * sizeof(*map->pairs));
		map->cap = (uint32_t)ncap;
	}
	map->pairs[map->count].key = key;
	map->pairs[map->count].val = v;
	map->count++;
}

struct value *
value_map_set(struct arena *a, struct value *map, const char *key,
    struct value *v)
{
	size_t	i;

	for (i = 0; i < map->count; i++) {
		if (strcmp(map->pairs[i].key->str, key) == 0) {
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
	for (i = 0; i < map->count; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].val;
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
