/*
 * The value trees of opportunity files let go once loaded: a stage that
 * reports a problem after loading (a collision, a date passed, a change
 * made after closing) places it with the file's positions, which only the
 * tree has. Such reports are few, so the tree of the one file being
 * reported on is parsed again from its text, read again as diagnostics
 * that quote it do (source_read_again()), rather than every tree being held
 * from reading to rendering.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "blobid.h"
#include "diag.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"
#include "yml.h"

struct opp_lazy {
	struct source			*src;	/* whose files are read again */
	const struct opportunity	*who;	/* whose tree root is, or
						 * NULL */
	struct arena			*a;	/* root's, or NULL */
	struct value			*root;	/* who's tree, or NULL */
};

struct opp_lazy *
opp_lazy_new(struct source *src)
{
	struct opp_lazy	*l = xcalloc(1, sizeof(*l));

	l->src = src;
	return l;
}

void
opp_lazy_free(struct opp_lazy *l)
{
	if (l == NULL)
		return;
	arena_free(l->a);
	free(l);
}

char *
opp_text_again(const struct source *src, const struct opportunity *o,
    size_t *lenp)
{
	unsigned char	 id[20];
	char		*text;
	size_t		 len;

	if (!o->has_blob ||
	    (text = source_read_again(src, o->path, &len)) == NULL)
		return NULL;
	if (len != o->len || blob_id(text, len, id) != 0 ||
	    memcmp(id, o->blob, sizeof(id)) != 0) {
		free(text);	/* changed since: its positions are gone */
		return NULL;
	}
	*lenp = len;
	return text;
}

struct value *
opp_parse_quiet(struct arena *a, const char *path, const char *text,
    size_t len)
{
	struct diags	*quiet = diags_new();
	struct value	*root = NULL;

	if (yml_load(&root, a, path, text, len, 1, NULL, quiet) != 0 ||
	    root->kind != VALUE_MAP)
		root = NULL;
	diags_free(quiet);
	return root;
}

const struct value *
opp_root(const struct opportunity *o)
{
	struct opp_lazy	*l = o->lazy;
	const char	*data;
	char		*text = NULL;
	size_t		 len = 0;

	if (o->root != NULL || l == NULL)
		return o->root;
	if (l->who == o)
		return l->root;
	arena_free(l->a);
	l->a = arena_new();
	l->root = NULL;
	l->who = o;
	if (o->data != NULL) {		/* kept: no blob id to know it by */
		data = o->data;
		len = o->len;
	} else if ((data = text = opp_text_again(l->src, o, &len)) == NULL)
		return NULL;
	/* As opp_read() loaded it; its problems were reported then. */
	l->root = opp_parse_quiet(l->a, o->path, data, len);
	free(text);
	return l->root;
}
