/*
 * The facts cache in a scoped check of a pull request (one that changes
 * only opportunities): the opportunity files it leaves unchanged, which
 * the cache stands for, are not read, and stand as stubs made from what
 * the cache says of them (facts_cache.h); the files it changes keep
 * their texts, which its checks compare.
 */
#include <stdlib.h>
#include <string.h>

#include "build_impl.h"
#include "changes.h"
#include "xalloc.h"

/* The entry that may stand for the file at path with this blob and
 * attachment folder, or NULL. */
static const struct fcache_opp *
facts_entry(const struct facts *fa, const char *path, const git_oid *blob,
    const git_oid *folder)
{
	const struct fcache_opp	*e;
	git_oid			 zero;
	const char		*name;
	size_t			 n;
	char			 id[256];

	if (strncmp(path, "opportunities/", 14) != 0)
		return NULL;
	name = path + 14;
	n = strlen(name);
	if (strchr(name, '/') != NULL || n < 5 || n - 4 >= sizeof(id) ||
	    strcmp(name + n - 4, ".yml") != 0)
		return NULL;
	memcpy(id, name, n - 4);
	id[n - 4] = '\0';
	if (pr_scope_has(fa->scope, id))
		return NULL;	/* the pull request's: always read */
	memset(&zero, 0, sizeof(zero));
	e = fcache_find(&fa->fc, path, blob, folder != NULL ? folder : &zero);
	return e != NULL && fcache_stands(e, fa->site, fa->now) ? e : NULL;
}

/* source_limits.skip */
int
facts_skip(void *ctx, const char *path, const git_oid *blob,
    const git_oid *folder, size_t *len)
{
	struct facts		*fa = ctx;
	const struct fcache_opp	*e;

	if ((e = facts_entry(fa, path, blob, folder)) == NULL)
		return 0;
	*len = e->len;
	fa->stubs++;
	return 1;
}

/* opp_stubs.stub */
int
facts_stub(void *ctx, struct opportunity *o, const struct source_file *f,
    struct arena *a)
{
	struct facts		*fa = ctx;
	const struct fcache_opp	*e;
	char			*folder = xstrndup(f->path, strlen(f->path) - 4);

	e = facts_entry(fa, f->path, &f->id, source_tree_id(fa->src,
	    folder));
	free(folder);
	if (e == NULL)
		return -1;
	fcache_stub(o, e, fa->site, fa->now, a);
	return 0;
}

static int
path_cmp(const void *pa, const void *pb)
{
	const char *const *a = pa, *const *b = pb;

	return strcmp(*a, *b);
}

/* Note the paths the pull request ch changes, for facts_keep(). */
void
facts_changed(struct facts *fa, const struct changes *ch)
{
	size_t	i;

	fa->changed = xcalloc(ch->count + 1, sizeof(*fa->changed));
	for (i = 0; i < ch->count; i++)
		if (ch->list[i].kind != CHANGE_DELETED)
			fa->changed[fa->nchanged++] = ch->list[i].path;
	if (fa->nchanged > 1)
		qsort(fa->changed, fa->nchanged, sizeof(*fa->changed),
		    path_cmp);
}

/* opp_stubs.keep: a pull request's checks compare what it changes. */
int
facts_keep(void *ctx, const char *path)
{
	const struct facts *fa = ctx;

	return fa->nchanged > 0 && bsearch(&path, fa->changed, fa->nchanged,
	    sizeof(*fa->changed), path_cmp) != NULL;
}

/* opp_stubs.fill */
int
facts_fill(void *ctx, struct source_file *f)
{
	struct facts	*fa = ctx;

	return source_fill(fa->repo, f);
}

/*
 * Read the facts cache for a scoped check of revision o->rev, whose
 * settings (_data/) are its base's: the pull request changes none.
 */
void
facts_open(struct facts *fa, const struct build_options *o,
    git_repository *repo)
{
	struct diags	*quiet = diags_new();
	struct source	*data = NULL;
	char		*path = NULL;

	if (source_read(&data, repo, o->rev, "_data", NULL, quiet) != 0 ||
	    (path = fcache_path(repo)) == NULL)
		goto out;
	fa->format = fcache_format(data, data, o->base_url);
	(void)fcache_read(&fa->fc, path, fa->format);
out:
	free(path);
	source_free(data);
	diags_free(quiet);
}
