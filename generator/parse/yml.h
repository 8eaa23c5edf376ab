/*
 * The YAML loader: libyaml events into a positioned value tree.
 * (Named yml to stay clear of libyaml's own yaml_ names.)
 *
 * Plain scalars resolve by the YAML 1.2 core schema: null (~, null, empty),
 * booleans (true/false), integers, floats; everything else, and every quoted
 * scalar, is a string. Dates stay strings for the model to parse.
 *
 * Refused with a diagnostic at the offending position: invalid UTF-8,
 * tabs used as indentation, duplicate keys in a map, non-string map keys,
 * tags other than the core ones (!!str !!int !!float !!bool !!null !!map
 * !!seq), aliases beyond limits->max_aliases or whose expansion would pass
 * limits->max_nodes, nesting deeper than limits->max_depth, more than one
 * document, and any libyaml syntax error.
 */
#ifndef MARCHE_YML_H
#define MARCHE_YML_H

#include <stddef.h>

struct arena;
struct diags;
struct value;

struct yml_limits {
	size_t	max_bytes;	/* input size */
	int	max_depth;	/* nesting of sequences and maps */
	size_t	max_aliases;	/* alias uses in one document */
	size_t	max_nodes;	/* nodes after alias expansion */
};

/* Defaults: 1 MiB, depth 64, 64 aliases, 100000 nodes. */
extern const struct yml_limits yml_default_limits;

/*
 * Parse len bytes of YAML from path into *out, allocated in arena a.
 * first_line is the file line on which data starts (1 for a whole file,
 * 2 for front matter after its opening ---), so positions are file
 * positions. An empty document gives a VALUE_NULL node.
 * Returns 0, or -1 after reporting every problem found to d (*out NULL).
 * limits may be NULL for the defaults.
 */
int	yml_load(struct value **out, struct arena *a, const char *path,
	    const char *data, size_t len, int first_line,
	    const struct yml_limits *limits, struct diags *d);

#endif
