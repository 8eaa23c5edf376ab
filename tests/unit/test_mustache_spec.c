/*
 * The official Mustache specification as a test: every test of every
 * .yml file in $MARCHE_SPEC_DIR (all modules but ~lambdas, which marche
 * does not implement) is loaded with marche's own YAML loader, rendered
 * and compared byte for byte with its expected output.
 *
 * A missing or empty spec folder is a failure, never a skip.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "mustache.h"
#include "testing.h"
#include "value.h"
#include "yml.h"

/* Print s on one line with its control characters made visible. */
static void
show(const char *label, const char *s, size_t n)
{
	size_t	i;

	printf("    %-9s \"", label);
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '\n': fputs("\\n", stdout); break;
		case '\r': fputs("\\r", stdout); break;
		case '\t': fputs("\\t", stdout); break;
		case '"': fputs("\\\"", stdout); break;
		case '\\': fputs("\\\\", stdout); break;
		default: putchar(s[i]);
		}
	}
	puts("\"");
}

/* Partials come from the test's "partials" map. */
static int
spec_partial(const char **src, size_t *len, const char **path,
    const char *name, void *ctx)
{
	const struct value *v = value_map_get(ctx, name);

	if (v == NULL || v->kind != VALUE_STRING)
		return -1;
	*src = v->str;
	*len = v->len;
	*path = name;
	return 0;
}

/* Run one test; 0 if it passes. */
static int
run_test(const char *file, const struct value *test)
{
	const struct value *name = value_map_get(test, "name");
	const struct value *tmpl = value_map_get(test, "template");
	const struct value *want = value_map_get(test, "expected");
	const struct value *data = value_map_get(test, "data");
	const struct value *partials = value_map_get(test, "partials");
	struct diags	*d = diags_new();
	struct mustache	*t = NULL;
	struct buf	 out = BUF_INIT;
	int		 ok;

	if (name == NULL || name->kind != VALUE_STRING || tmpl == NULL ||
	    tmpl->kind != VALUE_STRING || want == NULL ||
	    want->kind != VALUE_STRING) {
		printf("FAIL %s: a test lacks name, template or expected\n",
		    file);
		diags_free(d);
		return -1;
	}
	ok = mustache_parse(&t, name->str, tmpl->str, tmpl->len, 1, d) == 0 &&
	    mustache_render(&out, t, data, spec_partial, (void *)partials,
	    d) == 0 && out.len == want->len &&
	    memcmp(buf_cstr(&out), want->str, want->len) == 0;
	if (!ok) {
		printf("FAIL %s: %s\n", file, name->str);
		show("template", tmpl->str, tmpl->len);
		show("expected", want->str, want->len);
		show("got", buf_cstr(&out), out.len);
		diags_print(d, stdout, DIAG_FORMAT_TEXT);
	}
	mustache_free(t);
	buf_free(&out);
	diags_free(d);
	return ok ? 0 : -1;
}

/* Run every test of one spec file, adding to the counts. */
static void
run_file(const char *dir, const char *fname)
{
	struct arena	*a = arena_new();
	struct diags	*d = diags_new();
	struct value	*root = NULL;
	const struct value *tests;
	struct buf	 b = BUF_INIT;
	char		 path[4096];
	size_t		 i;
	int		 p = 0, f = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, fname);
	if (test_slurp(&b, path) < 0 ||
	    yml_load(&root, a, fname, b.data, b.len, 1, NULL, d) == -1 ||
	    (tests = value_map_get(root, "tests")) == NULL ||
	    tests->kind != VALUE_SEQ || tests->count == 0) {
		printf("FAIL %s: cannot read its tests\n", path);
		diags_print(d, stdout, DIAG_FORMAT_TEXT);
		f++;
	} else {
		for (i = 0; i < tests->count; i++) {
			if (run_test(fname, tests->items[i]) == 0)
				p++;
			else
				f++;
		}
	}
	printf("%-22s %3d passed, %d failed\n", fname, p, f);
	test_passed += p;
	test_failed += f;
	buf_free(&b);
	diags_free(d);
	arena_free(a);
}

static int
is_spec_file(const struct dirent *e)
{
	size_t	n = strlen(e->d_name);

	return n > 4 && strcmp(e->d_name + n - 4, ".yml") == 0 &&
	    strncmp(e->d_name, "~lambdas", 8) != 0;
}

int
main(void)
{
	const char	*dir = getenv("MARCHE_SPEC_DIR");
	struct dirent	**names;
	int		  n, i;

	if (dir == NULL || *dir == '\0') {
		printf("FAIL: MARCHE_SPEC_DIR is not set; it must name the "
		    "folder of the Mustache spec's .yml files\n");
		return 1;
	}
	n = scandir(dir, &names, is_spec_file, alphasort);
	if (n <= 0) {
		printf("FAIL: no Mustache spec files (*.yml) in %s\n", dir);
		if (n == 0)
			free(names);
		return 1;
	}
	for (i = 0; i < n; i++) {
		run_file(dir, names[i]->d_name);
		free(names[i]);
	}
	free(names);
	return test_finish();
}
