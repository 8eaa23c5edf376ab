/*
 * Trees read from their raw bytes, for the tree walk of gitrepo.c, and
 * kept between walks. In a history, a commit's tree is its next commit's
 * parent tree, and a folder of ten thousand files changes by one entry
 * a commit: a tree here is read once, found from the one before it by
 * the bytes they share (only the entries between their common beginning
 * and their common end are parsed), and two trees are compared over
 * those entries alone.
 *
 * Only trees read conservatively are kept: every entry of a mode Git
 * writes (40000, 100644, 100755, 120000, 160000), a name without '/',
 * and the entries strictly in Git's order. Any other tree is not kept
 * (rawtrees_get() gives NULL) and the caller reads it through libgit2 as
 * before, so the result never depends on which way a tree was read.
 */
#ifndef MARCHE_RAWTREE_H
#define MARCHE_RAWTREE_H

#include <stddef.h>
#include <stdint.h>

#include <git2.h>

/* One entry of a tree, as the walk sees it. */
struct tentry {
	const char	*name;	/* NUL-terminated, in the tree's bytes */
	git_filemode_t	 mode;	/* as libgit2 gives it */
	git_object_t	 type;	/* GIT_OBJECT_TREE, _BLOB or _COMMIT */
	git_oid		 id;
};

/* Where two trees differ: entries [i0, oj) of the old one and [i0, nj)
 * of the new one; the entries before i0 and after oj / nj are the same
 * in both, in the same order. */
struct rawtree_middle {
	size_t	i0;
	size_t	oj;
	size_t	nj;
};

/* A tree read raw: its bytes and where each entry starts. */
struct rawtree {
	git_oid		 id;
	git_odb_object	*obj;	/* holds the bytes */
	const char	*data;	/* the bytes */
	size_t		 len;
	uint32_t	*off;	/* count + 1 offsets; off[count] is len */
	size_t		 count;	/* entries */
	unsigned	 pins;	/* rawtrees_get() without rawtrees_put() */
	unsigned long	 used;	/* when last asked for, for eviction */
	int		 has_like; /* read like the tree like_id, which
				 * differs from it in like_middle */
	git_oid		 like_id;
	struct rawtree_middle like_middle; /* rawtree_middle(like, this) */
};

struct rawtrees;

/* An empty keep for the trees of repo's object database, or NULL. */
struct rawtrees	*rawtrees_new(git_repository *repo);
void		 rawtrees_free(struct rawtrees *k);

/*
 * The tree id, read conservatively (above) and pinned until
 * rawtrees_put(); like, a pinned tree or NULL, is one it probably shares
 * most of its bytes with. NULL when the tree cannot be read or is not
 * one kept here (read it through libgit2 instead).
 */
const struct rawtree *rawtrees_get(struct rawtrees *k, const git_oid *id,
		    const struct rawtree *like);
void		 rawtrees_put(struct rawtrees *k, const struct rawtree *t);

/* Entry i (< t->count) of t. */
void		 rawtree_entry(const struct rawtree *t, size_t i,
		    struct tentry *e);

/* Where o and n differ (see struct rawtree_middle). */
void		 rawtree_middle(const struct rawtree *o,
		    const struct rawtree *n, struct rawtree_middle *m);

/*
 * Compare entries a and b in Git's tree order (a folder's name sorts as
 * if it ended in '/'): negative, 0 or positive.
 */
int		 tentry_cmp(const struct tentry *a, const struct tentry *b);

#endif
