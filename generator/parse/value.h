/*
 * Value trees: what YAML loads into and what templates render from.
 * null, bool, integer, number, string, sequence and map; every node keeps
 * the file, line and column it came from (0 when built by code). Nodes live
 * in an arena and are freed with it.
 */
#ifndef MARCHE_VALUE_H
#define MARCHE_VALUE_H

#include <stddef.h>
#include <stdint.h>

struct arena;

enum value_kind {
	VALUE_NULL,
	VALUE_BOOL,
	VALUE_INT,
	VALUE_NUMBER,
	VALUE_STRING,
	VALUE_SEQ,
	VALUE_MAP
};

struct value;

struct value_pair {
	struct value	*key;	/* a VALUE_STRING key, with its position */
	struct value	*val;	/* the value */
};

/*
 * One node: 40 bytes, as a listing's views hold millions of them. A
 * string's bytes and a sequence's or map's entries share one union, read
 * by kind: str and len only for VALUE_STRING, items for VALUE_SEQ, pairs
 * for VALUE_MAP, count and cap for both of these. Lengths and counts are
 * 32-bit: the constructors abort past VALUE_MAX_LEN (the loaders' limits
 * keep far below it), and code that sets len itself checks it first.
 */
struct value {
	uint8_t		 kind;	/* an enum value_kind: which fields are used */
	uint8_t		 quoted; /* a quoted YAML scalar: its text starts
				  * at col + 1 */
	uint8_t		 indexed; /* VALUE_MAP: pairs has a hash index of
				   * its keys (value.c's own) */
	int		 line;	/* 1-based line in file, 0 if built */
	int		 col;	/* 1-based column in file, 0 if built */
	const char	*file;	/* source path (arena or static), or NULL */
	union {
		int		 boolean; /* VALUE_BOOL: 0 or 1 */
		long long	 integer; /* VALUE_INT */
		double		 number;  /* VALUE_NUMBER */
		struct {	/* VALUE_STRING */
			const char *str; /* bytes, NUL-terminated */
			uint32_t len;	/* byte length */
		};
		struct {	/* VALUE_SEQ, VALUE_MAP */
			union {
				struct value **items; /* SEQ: count items */
				struct value_pair *pairs; /* MAP: count
							   * pairs, in order */
			};
			uint32_t count;	/* items or pairs in use */
			uint32_t cap;	/* items or pairs allocated */
		};
	};
};

/* The longest string, and the most items or pairs, a node holds. */
#define VALUE_MAX_LEN	((size_t)UINT32_MAX)

/*
 * A deep copy of v (NULL: NULL) in arena a, positions included; strings
 * are copied, file names borrowed. A tree shared through YAML aliases is
 * copied whole, within the loader's bound on expanded nodes.
 */
struct value	*value_copy(struct arena *a, const struct value *v);

/* Constructors: a new node in arena a, with no position. */
struct value	*value_null(struct arena *a);
struct value	*value_bool(struct arena *a, int b);
struct value	*value_int(struct arena *a, long long i);
struct value	*value_number(struct arena *a, double n);
/* The string is copied into the arena. */
struct value	*value_string(struct arena *a, const char *s);
struct value	*value_stringn(struct arena *a, const char *s, size_t n);
/* The string is borrowed: it must outlive the arena. */
struct value	*value_string_static(struct arena *a, const char *s);
struct value	*value_seq(struct arena *a);
struct value	*value_map(struct arena *a);

/* Append v to the sequence seq. */
void		 value_seq_push(struct arena *a, struct value *seq,
		    struct value *v);
/*
 * Set key to v in map: replaces an existing key's value, else appends.
 * The key is copied. Returns v.
 */
struct value	*value_map_set(struct arena *a, struct value *map,
		    const char *key, struct value *v);
/*
 * Append a pair without looking for an existing key (loaders use this).
 * A map that reaches VALUE_MAP_INDEXED pairs this way gets a hash index
 * of its keys, kept up to date by later appends, for value_map_find().
 * Code that writes pairs or count itself (a map built whole) is still
 * right, only scanned.
 */
void		 value_map_append(struct arena *a, struct value *map,
		    struct value *key, struct value *v);
#define VALUE_MAP_INDEXED	32

/* The hash value_map_find() expects for the n bytes of s. */
uint32_t	 value_key_hash(const char *s, size_t n);
/*
 * The position in map (a VALUE_MAP) of the first pair whose key is the n
 * bytes of s, whose value_key_hash() is hash; map->count if none. Keys
 * are compared whole, NUL bytes included.
 */
size_t		 value_map_find(const struct value *map, const char *s,
		    size_t n, uint32_t hash);

/* The value of key in map, or NULL (also when map is not a map, or key
 * is NULL). */
struct value	*value_map_get(const struct value *map, const char *key);
/* Follow a dotted path "a.b.c" through maps; NULL if any step fails. */
struct value	*value_path(const struct value *v, const char *dotted);
/* The string of v if it is a string, else NULL. */
const char	*value_str(const struct value *v);
/*
 * Do a and b hold the same data (kinds, scalars, items, keys and values
 * in the same order)? Positions are ignored. NULL equals only NULL.
 */
int		 value_equal(const struct value *a, const struct value *b);
/* The name of a kind, for messages ("a string", "a map", ...). */
const char	*value_kind_name(enum value_kind kind);
/*
 * Mustache truthiness: false for null, false, an empty sequence and an
 * empty string; true otherwise (0 is true, as in the spec's data model).
 */
int		 value_truthy(const struct value *v);

#endif
