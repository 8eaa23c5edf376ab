/*
 * What a loaded history answers: a file's versions and their texts (read
 * again from Git when not kept), whether a version is a given text or
 * blob, and its end. The walk that loads it is in history.c.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "blobid.h"
#include "gitrepo.h"
#include "history.h"
#include "history_impl.h"
#include "xalloc.h"

void
history_free(struct history *h)
{
	size_t	i, j;

	for (i = 0; i < h->count; i++) {
		for (j = 0; j < h->files[i].nversions; j++) {
			free(h->files[i].versions[j].data);
			free(h->files[i].versions[j].renamed_from);
		}
		free(h->files[i].versions);
		free(h->files[i].path);
	}
	free(h->files);
	for (i = 0; i < h->ncommits; i++) {
		free(h->commit_list[i].subject);
		free(h->commit_list[i].correction);
	}
	free(h->commit_list);
	for (i = 0; i < h->nsettings; i++)
		free(h->settings[i].data);
	free(h->settings);
	if (h->own_repo) {
		git_repository_free(h->repo);
		git_libgit2_shutdown();
	}
	memset(h, 0, sizeof(*h));
}

char *
history_text(const struct history *h, const struct history_version *v,
    size_t *lenp)
{
	return history_text_in(h, NULL, v, lenp);
}

char *
history_text_in(const struct history *h, git_repository *repo,
    const struct history_version *v, size_t *lenp)
{
	git_oid	 id;
	char	*s;

	*lenp = 0;
	if (v->data != NULL) {
		s = xmalloc(v->len + 1);
		memcpy(s, v->data, v->len);
		s[v->len] = '\0';
		*lenp = v->len;
		return s;
	}
	if (!v->has_blob || h == NULL || h->repo == NULL)
		return NULL;
	memcpy(id.id, v->blob, sizeof(v->blob));
	return history_blob_text(lenp, repo != NULL ? repo : h->repo, &id, 0);
}

git_repository *
history_reopen(const struct history *h)
{
	git_repository	*repo = NULL;

	if (h == NULL || h->repo == NULL || gitrepo_reopen(&repo, h->repo) != 0)
		return NULL;
	git_libgit2_init();	/* held until history_close() */
	return repo;
}

void
history_close(git_repository *repo)
{
	if (repo == NULL)
		return;
	git_repository_free(repo);
	git_libgit2_shutdown();
}

int
history_same(const struct history *h, const struct history_version *v,
    const char *data, size_t len)
{
	struct history_id	id;

	memset(&id, 0, sizeof(id));
	return history_same_id(h, v, data, len, &id);
}

int
history_same_id(const struct history *h, const struct history_version *v,
    const char *data, size_t len, struct history_id *id)
{
	git_oid	oid;

	(void)h;
	if (v->data != NULL)
		return v->len == len && memcmp(v->data, data, len) == 0;
	if (!v->has_blob || v->len != len)
		return 0;
	if (id->state == 0) {
		id->state = blob_id(data, len, oid.id) == 0 ?
		    1 : -1;
		if (id->state == 1)
			memcpy(id->id, oid.id, sizeof(id->id));
	}
	return id->state == 1 && memcmp(id->id, v->blob, sizeof(v->blob)) == 0;
}

int
history_same_blob(const struct history *h, const struct history_version *v,
    size_t len, const unsigned char blob[20])
{
	git_oid	oid;

	(void)h;
	if (v->len != len)
		return 0;
	if (v->data != NULL)
		return blob_id(v->data, v->len, oid.id) == 0 &&
		    memcmp(oid.id, blob, 20) == 0;
	return v->has_blob && memcmp(v->blob, blob, sizeof(v->blob)) == 0;
}

const struct history_file *
history_find(const struct history *h, const char *path)
{
	struct history_file	key;

	if (h == NULL || h->count == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, h->files, h->count, sizeof(*h->files),
	    history_file_cmp);
}
