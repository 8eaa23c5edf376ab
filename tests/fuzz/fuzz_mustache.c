/*
 * Fuzz target for the Mustache engine: the input is parsed as a template
 * and rendered against a small fixed context, with the input itself
 * served as the partial "self" (so {{>self}}, {{<self}} and {{>*dyn}}
 * recurse). Besides not crashing or leaking, the engine must keep its
 * contract: a failure always comes with an error, a success never does.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input, served as a partial. */
struct input {
	const char	*data;	/* the fuzzer's bytes */
	size_t		 size;	/* their length */
};

static int
self_partial(const char **src, size_t *len, const char **path,
    const char *name, void *ctx)
{
	const struct input *in = ctx;

	if (strcmp(name, "self") != 0)
		return -1;
	*src = in->data;
	*len = in->size;
	*path = "self";
	return 0;
}

/* { name, n, pi, yes, no, none, dyn, list: [..], map: {..}, empty: [] } */
static struct value *
context(struct arena *a)
{
	struct value	*ctx = value_map(a), *list = value_seq(a);
	struct value	*map = value_map(a);

	value_map_set(a, ctx, "name", value_string(a, "<b>\"Tom\" & 'Jo'"));
	value_map_set(a, ctx, "n", value_int(a, 0));
	value_map_set(a, ctx, "pi", value_number(a, 3.14159));
	value_map_set(a, ctx, "yes", value_bool(a, 1));
	value_map_set(a, ctx, "no", value_bool(a, 0));
	value_map_set(a, ctx, "none", value_null(a));
	value_map_set(a, ctx, "dyn", value_string(a, "self"));
	value_seq_push(a, list, value_int(a, 1));
	value_seq_push(a, list, value_string(a, "two\nlines"));
	value_seq_push(a, list, map);
	value_map_set(a, ctx, "list", list);
	value_map_set(a, map, "name", value_string(a, "inner"));
	value_map_set(a, map, "no", value_bool(a, 1));
	value_map_set(a, map, "yes", value_bool(a, 0));
	value_map_set(a, ctx, "map", map);
	value_map_set(a, ctx, "empty", value_seq(a));
	return ctx;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct buf	 out = BUF_INIT;
	struct input	 in = { (const char *)data, size };
	size_t		 before;
	int		 rc;

	rc = mustache_parse(&t, "fuzz.html", in.data, size, 1, d);
	if ((rc == 0) != (diags_errors(d) == 0) || (rc == 0) != (t != NULL))
		abort();
	if (rc == 0) {
		before = diags_errors(d);
		rc = mustache_render(&out, t, context(a), self_partial, &in,
		    d);
		if ((rc == 0) != (diags_errors(d) == before))
			abort();
		if (rc == -1 && out.len != 0)
			abort();
	}
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
	arena_free(a);
	return 0;
}
