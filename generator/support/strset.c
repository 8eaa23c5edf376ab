#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "strset.h"
#include "xalloc.h"

const char *
strset_get_h(const struct strset *s, const char *str, size_t h)
{
	size_t	k;

	if (s->n == 0)
		return NULL;
	for (k = h & (s->n - 1); s->slot[k] != NULL; k = (k + 1) & (s->n - 1))
		if (strcmp(s->slot[k], str) == 0)
			return s->slot[k];
	return NULL;
}

void
strset_put_h(struct strset *s, const char *str, size_t h)
{
	size_t	k;

	if (2 * (s->used + 1) > s->n) {
		struct strset grown = { NULL, s->n ? s->n * 2 : 64, 0 };

		grown.slot = xcalloc(grown.n, sizeof(*grown.slot));
		for (k = 0; k < s->n; k++)
			if (s->slot[k] != NULL)
				strset_put_h(&grown, s->slot[k],
				    hash_str(s->slot[k]));
		free(s->slot);
		*s = grown;
	}
	k = h & (s->n - 1);
	while (s->slot[k] != NULL)
		k = (k + 1) & (s->n - 1);
	s->slot[k] = str;
	s->used++;
}

int
strset_add(struct strset *s, const char *str)
{
	size_t	h = hash_str(str);

	if (strset_get_h(s, str, h) != NULL)
		return 0;
	strset_put_h(s, str, h);
	return 1;
}

int
strset_has(const struct strset *s, const char *str)
{
	return s->n > 0 && strset_get_h(s, str, hash_str(str)) != NULL;
}

void
strset_free(struct strset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}
