/*
 * Fuzz target for the YAML loader. Every input is loaded twice, with the
 * default limits and with tight ones (so the limit paths are reached by
 * small inputs), and the result is checked: success gives a tree whose
 * every node has a position inside the input, failure gives no tree and
 * at least one error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "value.h"
#include "yml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Check the positions under v; aborts on a bad one. budget bounds the
 * walk, since aliases share subtrees. */
static void
walk(const struct value *v, int lines, size_t *budget)
{
	size_t i;

	if (*budget == 0)
		return;
	(*budget)--;
	if (v == NULL || v->file == NULL || v->line < 2 || v->line > lines + 1
	    || v->col < 1)
		abort();
	if (v->kind == VALUE_STRING && (v->str == NULL ||
	    strlen(v->str) != v->len))
		abort();
	if (v->kind == VALUE_SEQ)
		for (i = 0; i < v->count; i++)
			walk(v->items[i], lines, budget);
	if (v->kind == VALUE_MAP)
		for (i = 0; i < v->count; i++) {
			if (v->pairs[i].key->kind != VALUE_STRING)
				abort();
			walk(v->pairs[i].key, lines, budget);
			walk(v->pairs[i].val, lines, budget);
		}
}

static void
load(const char *text, size_t size, const struct yml_limits *lim)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*v = NULL;
	size_t		 i, budget = 200000;
	int		 lines = 1;

	for (i = 0; i < size; i++)
		if (text[i] == '\n')
			lines++;
	/* Data starting on line 2, as front matter does. */
	if (yml_load(&v, a, "fuzz.yml", text, size, 2, lim, d) == 0) {
		if (diags_errors(d) != 0)
			abort();
		walk(v, lines, &budget);
	} else if (v != NULL || diags_errors(d) == 0)
		abort();
	for (i = 0; i < diags_count(d); i++)
		if (diags_get(d, i)->line > lines + 1)
			abort();
	diags_free(d);
	arena_free(a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct yml_limits tight = { 4096, 8, 4, 200 };

	load((const char *)data, size, NULL);
	load((const char *)data, size, &tight);
	return 0;
}
