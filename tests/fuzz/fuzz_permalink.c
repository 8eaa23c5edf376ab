/*
 * Fuzz target for permalinks and output paths: whatever the input, an
 * accepted permalink must give a safe output path inside the site.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "path.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena	*a;
	char		*s, *out, *root, *p;
	size_t		 slashes = 0;

	if (size > 4096 || memchr(data, '\0', size) != NULL)
		return 0;
	a = arena_new();
	s = arena_strndup(a, (const char *)data, size);
	if (path_check_permalink(s, NULL) == NULL) {
		out = path_output_of(a, s);
		/* The promise the build relies on. */
		if (path_check_output(out) != 0)
			abort();
		/* The way back to the root: one "../" per folder. */
		root = path_root_prefix(a, out);
		for (p = out; *p != '\0'; p++)
			slashes += *p == '/';
		if (strlen(root) != 3 * slashes)
			abort();
		for (p = root; *p != '\0'; p += 3)
			if (strncmp(p, "../", 3) != 0)
				abort();
	}
	arena_free(a);
	return 0;
}
