#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "changes.h"
#include "diag.h"
#include "opportunity.h"
#include "page.h"
#include "pr_scope.h"
#include "site.h"
#include "value.h"
#include "xalloc.h"
#include "yml.h"

#define OPP_DIR	"opportunities/"

/*
 * The id of the opportunity a path belongs to ("opportunities/ID.yml" or
 * "opportunities/ID/..."), copied into out (size bytes), or NULL when
 * the path is neither.
 */
static const char *
path_id(char *out, size_t size, const char *path)
{
	const char	*p, *slash;
	size_t		 n;

	if (path == NULL || strncmp(path, OPP_DIR, strlen(OPP_DIR)) != 0)
		return NULL;
	p = path + strlen(OPP_DIR);
	if ((slash = strchr(p, '/')) != NULL)
		n = (size_t)(slash - p);
	else {
		n = strlen(p);
		if (n < 5 || strcmp(p + n - 4, ".yml") != 0)
			return NULL;
		n -= 4;
	}
	if (n == 0 || n >= size)
		return NULL;
	memcpy(out, p, n);
	out[n] = '\0';
	return out;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Is every string of the sequence old (or, with key, every item's key
 * string) also in new? A missing old is empty; anything else odd is no.
 */
static int
strings_kept(const struct value *old, const struct value *new,
    const char *key)
{
	size_t	i, j;

	if (old == NULL)
		return 1;
	if (old->kind != VALUE_SEQ || new == NULL || new->kind != VALUE_SEQ)
		return 0;
	for (i = 0; i < old->count; i++) {
		const struct value *o = key != NULL ?
		    value_map_get(old->items[i], key) : old->items[i];
		int found = 0;

		for (j = 0; o != NULL && !found && j < new->count; j++)
			found = value_equal(o, key != NULL ? value_map_get(
			    new->items[j], key) : new->items[j]);
		if (!found)
			return 0;
	}
	return 1;
}

/*
 * Does the head version of a modified opportunity keep every page and
 * file the base version could publish, so that no link elsewhere can
 * stop leading somewhere? Its slugs in every language stay, no
 * attachment and no skill goes (a skill's or year's page may be its
 * alone), and its closing and status stay (they decide its archive
 * year). Anything unreadable is a no.
 */
static int
outputs_kept(const struct change *c)
{
	struct arena	*a = arena_new();
	struct diags	*quiet = diags_new();
	struct value	*oldr = NULL, *newr = NULL;
	size_t		 i;
	int		 ok = 0;

	if (c->old_data == NULL || c->new_data == NULL ||
	    yml_load(&oldr, a, c->path, c->old_data, c->old_len, 1, NULL,
	    quiet) != 0 || yml_load(&newr, a, c->path, c->new_data,
	    c->new_len, 1, NULL, quiet) != 0 || oldr->kind != VALUE_MAP ||
	    newr->kind != VALUE_MAP)
		goto out;
	for (i = 0; i < oldr->count; i++) {
		const struct value *ov = oldr->pairs[i].val, *nv;

		if (ov->kind != VALUE_MAP)
			continue;
		nv = value_map_get(newr, oldr->pairs[i].key->str);
		if (nv == NULL || nv->kind != VALUE_MAP ||
		    !value_equal(value_map_get(ov, "slug"),
		    value_map_get(nv, "slug")))
			goto out;
	}
	ok = strings_kept(value_map_get(oldr, "attachments"),
	    value_map_get(newr, "attachments"), "file") &&
	    strings_kept(value_map_get(oldr, "skills"),
	    value_map_get(newr, "skills"), NULL) &&
	    value_equal(value_map_get(oldr, "closing"),
	    value_map_get(newr, "closing")) &&
	    value_equal(value_map_get(oldr, "status"),
	    value_map_get(newr, "status"));
out:
	diags_free(quiet);
	arena_free(a);
	return ok;
}

int
pr_scope_make(struct pr_scope *s, const struct changes *changes)
{
	char	id[256];
	size_t	i, n = 0;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < changes->count; i++) {
		const struct change *c = &changes->list[i];

		if ((c->kind != CHANGE_ADDED && c->kind != CHANGE_MODIFIED) ||
		    c->special || path_id(id, sizeof(id), c->path) == NULL)
			return 0;
		/* A file's pages must stay where they were. */
		if (c->kind == CHANGE_MODIFIED && strchr(c->path +
		    strlen(OPP_DIR), '/') == NULL && !outputs_kept(c))
			return 0;
	}
	s->ids = xcalloc(changes->count + 1, sizeof(*s->ids));
	for (i = 0; i < changes->count; i++) {
		path_id(id, sizeof(id), changes->list[i].path);
		s->ids[n++] = xstrdup(id);
	}
	qsort(s->ids, n, sizeof(*s->ids), str_cmp);
	for (i = 0, s->nids = 0; i < n; i++) {
		if (s->nids > 0 && strcmp(s->ids[s->nids - 1], s->ids[i]) == 0)
			free(s->ids[i]);
		else
			s->ids[s->nids++] = s->ids[i];
	}
	return 1;
}

void
pr_scope_free(struct pr_scope *s)
{
	size_t	i;

	for (i = 0; i < s->nids; i++)
		free(s->ids[i]);
	free(s->ids);
	memset(s, 0, sizeof(*s));
}

int
pr_scope_has(const struct pr_scope *s, const char *id)
{
	return id != NULL && bsearch(&id, s->ids, s->nids, sizeof(*s->ids),
	    str_cmp) != NULL;
}

/*
 * The opportunity read from path, or NULL (some may not be read yet).
 * The problems of one file come together: the last one found is tried
 * first.
 */
static const struct opportunity *
find(struct pr_scope *s, const char *path)
{
	const struct opportunities *opps = s->opps;
	size_t	i;

	if (opps == NULL)
		return NULL;
	if (s->last < opps->count && opps->list[s->last].path != NULL &&
	    strcmp(opps->list[s->last].path, path) == 0)
		return &opps->list[s->last];
	for (i = 0; i < opps->count; i++)
		if (opps->list[i].path != NULL &&
		    strcmp(opps->list[i].path, path) == 0) {
			s->last = i;
			return &opps->list[i];
		}
	return NULL;
}

size_t
pr_scope_count(const struct pr_scope *s, const struct opportunities *opps)
{
	size_t	i, n = 0;

	for (i = 0; i < opps->count; i++)
		n += pr_scope_has(s, opps->list[i].id);
	return n;
}

/*
 * Is line:col of o's file where a slug collision with a changed
 * opportunity is reported (as opportunities_load() reports it)?
 */
static int
slug_collision_at(struct pr_scope *s, const struct opportunity *o,
    int line, int col)
{
	char	path[300];
	size_t	i, k;

	for (k = 0; s->site != NULL && k < s->site->nlangs; k++) {
		if (o->text[k].slug == NULL)
			continue;
		if (o->text[k].slug_line != line || o->text[k].slug_col != col)
			continue;
		for (i = 0; i < s->nids; i++) {
			const struct opportunity *c;

			snprintf(path, sizeof(path), OPP_DIR "%s.yml",
			    s->ids[i]);
			c = find(s, path);
			if (c != NULL && c != o && c->text[k].slug != NULL &&
			    strcmp(c->text[k].slug, o->text[k].slug) == 0)
				return 1;
		}
	}
	return 0;
}

int
pr_scope_keep(void *ctx, enum diag_level level, const char *path, int line,
    int col)
{
	struct pr_scope		*s = ctx;
	const struct opportunity *o;
	char			 id[256];

	if (path == NULL || strncmp(path, OPP_DIR, strlen(OPP_DIR)) != 0)
		return 1;
	if (path_id(id, sizeof(id), path) != NULL && pr_scope_has(s, id))
		return 1;
	if (level != DIAG_ERROR || s->opps == NULL ||
	    (o = find(s, path)) == NULL)
		return 0;
	return slug_collision_at(s, o, line, col);
}

int
pr_scope_wants(void *ctx, const struct page *pg)
{
	const struct pr_scope *s = ctx;

	switch (pg->kind) {
	case PAGE_SOURCE:
		return 1;
	case PAGE_OPPORTUNITY:
		return pg->opp != NULL && pr_scope_has(s, pg->opp->id);
	default:
		return 0;
	}
}
