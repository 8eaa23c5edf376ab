/*
 * Fuzz target for what `marche import jekyll` reads and writes: the
 * input is read as an amount, as a date and as lines of Markdown to
 * clean, and written as a YAML string through the import's emitter,
 * which must load back as the same string. Offsets reported must stay
 * inside what was given.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "import.h"
#include "import_emit.h"
#include "value.h"
#include "yml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t	line_len;	/* the line being cleaned */

static void
on_note(void *arg, size_t off, const char *msg)
{
	(void)arg;
	if (off >= line_len || msg == NULL || *msg == '\0')
		abort();
}

static void
on_asset(void *arg, size_t off, const char *path, const char *text,
    struct buf *replace)
{
	(void)arg;
	if (off >= line_len || strncmp(path, "assets/", 7) != 0)
		abort();
	buf_puts(replace, text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char			*s = malloc(size + 1);
	const char		*bad, *p, *nl, *end;
	struct import_date	 dt;
	struct import_clean	 st = { 0 };
	enum import_taxes	 tx;
	struct buf		 out = BUF_INIT, yml = BUF_INIT;
	struct import_emit	*e;
	struct arena		*a;
	struct diags		*d;
	struct value		*v;
	double			 amount;
	size_t			 off, n;

	memcpy(s, data, size);
	s[size] = '\0';
	n = strlen(s);
	if (import_value(&amount, &tx, s, &bad, &off) == 0) {
		if (!isfinite(amount) || amount < 0)
			abort();
	} else if (bad == NULL || off > n)
		abort();
	if (import_date(&dt, s, &off) == 0) {
		if (dt.month < 1 || dt.month > 12 || dt.day < 1 ||
		    dt.day > 31 || dt.hour > 23 || dt.minute > 59)
			abort();
	} else if (off > n)
		abort();
	end = s + n;
	for (p = s; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		line_len = (size_t)(nl - p);
		import_clean_line(&out, &st, p, line_len, on_note, on_asset,
		    NULL);
		if (out.len > 4 * (size_t)(end - s) + 16)
			abort();
	}
	/* Any string the emitter accepts loads back unchanged. */
	e = import_emit_new(&yml);
	import_emit_map(e, 0);
	import_emit_pair(e, "k", s);
	import_emit_end_map(e);
	if (import_emit_free(e) == 0) {
		a = arena_new();
		d = diags_new();
		if (yml_load(&v, a, "fuzz.yml", yml.data, yml.len, 1, NULL,
		    d) == 0) {
			v = value_map_get(v, "k");
			if (v == NULL || v->kind != VALUE_STRING ||
			    strcmp(v->str, s) != 0)
				abort();
		}
		diags_free(d);
		arena_free(a);
	}
	buf_free(&out);
	buf_free(&yml);
	free(s);
	return 0;
}
