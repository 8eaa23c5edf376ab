/*
 * Fuzz target for the front matter splitter, followed by the YAML loader
 * on the front matter found, as a page load does. The split must stay
 * inside the input and account for every byte.
 */
#include <stdint.h>
#include <stdlib.h>

#include "arena.h"
#include "diag.h"
#include "frontmatter.h"
#include "value.h"
#include "yml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char		*text = (const char *)data;
	struct frontmatter	 fm;
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct value		*v;

	if (frontmatter_split(&fm, "fuzz.md", text, size, d) == 0) {
		if (fm.body < text || fm.body + fm.body_len != text + size)
			abort();
		if (!fm.present && (fm.body != text || fm.yaml != NULL))
			abort();
		if (fm.present && (fm.yaml < text || fm.yaml_line != 2 ||
		    fm.yaml + fm.yaml_len > fm.body || fm.body_line < 3))
			abort();
		if (fm.present && yml_load(&v, a, "fuzz.md", fm.yaml,
		    fm.yaml_len, fm.yaml_line, NULL, d) != 0 &&
		    diags_errors(d) == 0)
			abort();
	} else if (diags_errors(d) == 0)
		abort();
	diags_free(d);
	arena_free(a);
	return 0;
}
