/*
 * Shared by history.c (the walk) and history_read.c (what the loaded
 * history answers). Not part of the interface.
 */
#ifndef MARCHE_HISTORY_IMPL_H
#define MARCHE_HISTORY_IMPL_H

#include <stddef.h>

#include <git2.h>

/* A blob's text (malloc'd, NUL-terminated, its length in *lenp), when
 * size is small enough to keep; else NULL. */
char	*history_blob_text(size_t *lenp, git_repository *repo,
	    const git_oid *id, git_object_size_t size);

/* Order of struct history_file by path, for qsort() and bsearch(). */
int	history_file_cmp(const void *pa, const void *pb);

#endif
