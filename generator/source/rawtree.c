/*
 * Trees read from their raw bytes and kept between walks (rawtree.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rawtree.h"
#include "xalloc.h"

/* Trees kept unpinned: a walk's folders of one commit and the last. */
#define RAWTREES_KEEP	16

struct rawtrees {
	git_odb		 *odb;
	struct rawtree	**list;
	size_t		  count;
	unsigned long	  clock;	/* counts rawtrees_get() calls */
};

struct rawtrees *
rawtrees_new(git_repository *repo)
{
	struct rawtrees	*k = xcalloc(1, sizeof(*k));

	if (git_repository_odb(&k->odb, repo) != 0) {
		free(k);
		return NULL;
	}
	return k;
}

static void
rawtree_free(struct rawtree *t)
{
	if (t == NULL)
		return;
	git_odb_object_free(t->obj);
	free(t->off);
	free(t);
}

void
rawtrees_free(struct rawtrees *k)
{
	size_t	i;

	if (k == NULL)
		return;
	for (i = 0; i < k->count; i++)
		rawtree_free(k->list[i]);
	free(k->list);
	git_odb_free(k->odb);
	free(k);
}

/*
 * The modes Git writes, and what libgit2 makes of each. Any other mode
 * (an old 100664, a malformed one) leaves the tree to libgit2.
 */
static const struct {
	const char	*text;	/* with its space */
	size_t		 len;
	git_filemode_t	 mode;
	git_object_t	 type;
} modes[] = {
	{ "100644 ", 7, GIT_FILEMODE_BLOB, GIT_OBJECT_BLOB },
	{ "40000 ", 6, GIT_FILEMODE_TREE, GIT_OBJECT_TREE },
	{ "100755 ", 7, GIT_FILEMODE_BLOB_EXECUTABLE, GIT_OBJECT_BLOB },
	{ "120000 ", 7, GIT_FILEMODE_LINK, GIT_OBJECT_BLOB },
	{ "160000 ", 7, GIT_FILEMODE_COMMIT, GIT_OBJECT_COMMIT },
};

/*
 * Read the entry at data[pos] (len bytes in all) into e (the name only
 * when e is not NULL) and *next. Returns 0, or -1 when it is not one
 * read here.
 */
static int
entry_at(const char *data, size_t len, size_t pos, struct tentry *e,
    size_t *namelen, size_t *next)
{
	const char	*name, *nul;
	size_t		 m;

	for (m = 0; m < sizeof(modes) / sizeof(modes[0]); m++)
		if (len - pos > modes[m].len &&
		    memcmp(data + pos, modes[m].text, modes[m].len) == 0)
			break;
	if (m == sizeof(modes) / sizeof(modes[0]))
		return -1;
	name = data + pos + modes[m].len;
	if ((nul = memchr(name, '\0', len - (size_t)(name - data))) == NULL ||
	    nul == name || nul - name > 65535 ||
	    memchr(name, '/', (size_t)(nul - name)) != NULL ||
	    len - (size_t)(nul + 1 - data) < GIT_OID_RAWSZ)
		return -1;
	if (e != NULL) {
		e->name = name;
		e->mode = modes[m].mode;
		e->type = modes[m].type;
		memcpy(e->id.id, nul + 1, GIT_OID_RAWSZ);
	}
	*namelen = (size_t)(nul - name);
	*next = (size_t)(nul + 1 - data) + GIT_OID_RAWSZ;
	return 0;
}

/* Git's order of name a (alen bytes, atree a folder) and name b. */
static int
order(const char *a, size_t alen, int atree, const char *b, size_t blen,
    int btree)
{
	size_t		n = alen < blen ? alen : blen;
	unsigned char	ca, cb;
	int		c;

	if ((c = memcmp(a, b, n)) != 0)
		return c;
	ca = alen > n ? (unsigned char)a[n] : atree ? '/' : '\0';
	cb = blen > n ? (unsigned char)b[n] : btree ? '/' : '\0';
	return (int)ca - (int)cb;
}

int
tentry_cmp(const struct tentry *a, const struct tentry *b)
{
	return order(a->name, strlen(a->name), a->type == GIT_OBJECT_TREE,
	    b->name, strlen(b->name), b->type == GIT_OBJECT_TREE);
}

void
rawtree_entry(const struct rawtree *t, size_t i, struct tentry *e)
{
	size_t	namelen, next;

	/* Every offset kept was read by entry_at() when it was kept. */
	(void)entry_at(t->data, t->len, t->off[i], e, &namelen, &next);
}

/* Is entry i of t strictly before the entry at pos of t's bytes? */
static int
before(const struct rawtree *t, size_t i, size_t pos)
{
	struct tentry	a, b;
	size_t		alen, blen, next;

	if (entry_at(t->data, t->len, t->off[i], &a, &alen, &next) != 0 ||
	    entry_at(t->data, t->len, pos, &b, &blen, &next) != 0)
		return 0;
	return order(a.name, alen, a.type == GIT_OBJECT_TREE, b.name, blen,
	    b.type == GIT_OBJECT_TREE) < 0;
}

/* Append the offset pos to t's entries (room for len / 28 + 2). */
static void
push(struct rawtree *t, size_t pos)
{
	t->off[t->count++] = (uint32_t)pos;
}

/*
 * Read t's entries from *pos (an entry's start) until one ends at or
 * past end, each after the one before in Git's order; *pos is then
 * where the next would start. Returns 0 or -1.
 */
static int
read_upto(struct rawtree *t, size_t *pos, size_t end)
{
	size_t	namelen, next;

	while (*pos < end) {
		if (entry_at(t->data, t->len, *pos, NULL, &namelen, &next) !=
		    0 || (t->count > 0 && !before(t, t->count - 1, *pos)))
			return -1;
		push(t, *pos);
		*pos = next;
	}
	return 0;
}

/* Bytes at the start of a and b that are the same. */
static size_t
same_start(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t	n = alen < blen ? alen : blen, i = 0;

	while (i + 4096 <= n && memcmp(a + i, b + i, 4096) == 0)
		i += 4096;
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Bytes at the end of a and b that are the same, at most max. */
static size_t
same_end(const char *a, size_t alen, const char *b, size_t blen, size_t max)
{
	size_t	i = 0;

	while (i + 4096 <= max && memcmp(a + alen - i - 4096,
	    b + blen - i - 4096, 4096) == 0)
		i += 4096;
	while (i < max && a[alen - i - 1] == b[blen - i - 1])
		i++;
	return i;
}

/* The last entry of t starting at or before pos (t->off[0] is 0). */
static size_t
entry_before(const struct rawtree *t, size_t pos)
{
	size_t	lo = 0, hi = t->count + 1, mid;

	/* off[lo] <= pos < off[hi], with off[count + 1] taken as past. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (t->off[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* The first entry of t (from lo) starting at or after pos; t->count
 * when none does. */
static size_t
entry_from(const struct rawtree *t, size_t lo, size_t pos)
{
	size_t	hi = t->count, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->off[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Read t's entries knowing like's: those before the first byte where
 * they differ are like's, those within their common end are like's
 * moved, and only the ones between are read ([*first, *last) of t's).
 * Returns 0 or -1.
 */
static int
read_like(struct rawtree *t, const struct rawtree *like, size_t *first,
    size_t *last)
{
	size_t	p, i0, s, oj, pos, target, k;
	int	rc;

	p = same_start(like->data, like->len, t->data, t->len);
	i0 = entry_before(like, p);
	memcpy(t->off, like->off, i0 * sizeof(*t->off));
	t->count = i0;
	s = same_end(like->data, like->len, t->data, t->len,
	    (like->len < t->len ? like->len : t->len) - like->off[i0]);
	oj = entry_from(like, i0, like->len - s);
	target = t->len - (like->len - like->off[oj]);
	pos = like->off[i0];
	*first = i0;
	if (read_upto(t, &pos, target) != 0)
		return -1;
	if (pos != target) {	/* the common end is not whole entries */
		rc = read_upto(t, &pos, t->len);
		*last = t->count;
		return rc;
	}
	*last = t->count;
	if (oj < like->count && t->count > 0 && !before(t, t->count - 1, pos))
		return -1;
	for (k = oj; k < like->count; k++)
		push(t, like->off[k] + t->len - like->len);
	/* What rawtree_middle(like, t) finds from the same bytes. */
	t->has_like = 1;
	git_oid_cpy(&t->like_id, &like->id);
	t->like_middle.i0 = i0;
	t->like_middle.oj = oj;
	t->like_middle.nj = *last;
	return 0;
}

/*
 * Does t have an entry with entry i's name but the other kind (a file
 * and a folder both named "x")? Git's order puts them apart, and a walk
 * that finds entries by name would take either: such a tree is left to
 * libgit2.
 */
static int
has_twin_search(const struct rawtree *t, size_t i)
{
	struct tentry	e, probe;
	size_t		lo = 0, hi = t->count, mid;
	int		c;

	rawtree_entry(t, i, &probe);
	probe.type = probe.type == GIT_OBJECT_TREE ? GIT_OBJECT_BLOB :
	    GIT_OBJECT_TREE;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		rawtree_entry(t, mid, &e);
		if ((c = tentry_cmp(&e, &probe)) == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Entries looked at beside one before has_twin() searches instead. */
#define TWIN_NEAR	8

/*
 * has_twin_search(), looking first beside entry i: a file "x" sorts as
 * "x", a folder "x" as "x/", and between them are only names that go on
 * from "x" with a byte before '/' (as "x-1" or "x.txt"). Most names have
 * none, and the twin or its absence is then known from one neighbour.
 */
static int
has_twin(const struct rawtree *t, size_t i)
{
	struct tentry	e, x;
	size_t		xlen, len, next, j, seen;
	int		up;

	(void)entry_at(t->data, t->len, t->off[i], &x, &xlen, &next);
	up = x.type != GIT_OBJECT_TREE;	/* a folder "x" sorts after */
	for (j = i, seen = 0; seen < TWIN_NEAR; seen++) {
		if (up ? j + 1 >= t->count : j == 0)
			return 0;
		j = up ? j + 1 : j - 1;
		(void)entry_at(t->data, t->len, t->off[j], &e, &len, &next);
		if (len < xlen || memcmp(e.name, x.name, xlen) != 0)
			return 0;
		if (len == xlen)	/* the same name: it is the other kind */
			return 1;
		if ((unsigned char)e.name[xlen] >= '/')
			return 0;
	}
	return has_twin_search(t, i);
}

/* Read tree id into a new rawtree; NULL if it is not one kept here. */
static struct rawtree *
rawtree_read(struct rawtrees *k, const git_oid *id, const struct rawtree *like)
{
	struct rawtree	*t = xcalloc(1, sizeof(*t));
	size_t		 first = 0, last = 0, i;
	int		 rc;

	git_oid_cpy(&t->id, id);
	if (git_odb_read(&t->obj, k->odb, id) != 0) {
		t->obj = NULL;
		return t;	/* kept as one not read here */
	}
	t->data = git_odb_object_data(t->obj);
	t->len = git_odb_object_size(t->obj);
	if (git_odb_object_type(t->obj) != GIT_OBJECT_TREE ||
	    t->len >= UINT32_MAX)
		goto refuse;
	/* An entry has at least "40000 " or "100644 ", a byte of name, a
	 * NUL and the id: 28 bytes. */
	t->off = xreallocarray(NULL, t->len / 28 + 2, sizeof(*t->off));
	if (like != NULL && like->off != NULL)
		rc = read_like(t, like, &first, &last);
	else {
		size_t pos = 0;

		rc = read_upto(t, &pos, t->len);
		last = t->count;
	}
	if (rc != 0) {
		t->has_like = 0;
		goto refuse;
	}
	t->off[t->count] = (uint32_t)t->len;
	for (i = first; i < last; i++)
		if (has_twin(t, i))
			goto refuse;
	return t;
refuse:
	git_odb_object_free(t->obj);
	t->obj = NULL;
	free(t->off);
	t->off = NULL;
	t->data = NULL;
	t->len = 0;
	t->count = 0;
	return t;
}

/* Make room for one more tree: let go of the oldest unpinned one. */
static void
evict(struct rawtrees *k)
{
	size_t	i, old = k->count;

	if (k->count < RAWTREES_KEEP)
		return;
	for (i = 0; i < k->count; i++)
		if (k->list[i]->pins == 0 && (old == k->count ||
		    k->list[i]->used < k->list[old]->used))
			old = i;
	if (old == k->count)
		return;		/* every one in use: grow */
	rawtree_free(k->list[old]);
	k->list[old] = k->list[--k->count];
}

const struct rawtree *
rawtrees_get(struct rawtrees *k, const git_oid *id,
    const struct rawtree *like)
{
	struct rawtree	*t = NULL;
	size_t		 i;

	if (k == NULL)
		return NULL;
	for (i = 0; i < k->count && t == NULL; i++)
		if (git_oid_equal(&k->list[i]->id, id))
			t = k->list[i];
	if (t == NULL) {
		evict(k);
		t = rawtree_read(k, id, like);
		k->list = xreallocarray(k->list, k->count + 1,
		    sizeof(*k->list));
		k->list[k->count++] = t;
	}
	t->used = ++k->clock;
	if (t->off == NULL)
		return NULL;
	t->pins++;
	return t;
}

void
rawtrees_put(struct rawtrees *k, const struct rawtree *t)
{
	size_t	i;

	if (k == NULL || t == NULL)
		return;
	for (i = 0; i < k->count; i++)
		if (k->list[i] == t && k->list[i]->pins > 0)
			k->list[i]->pins--;
}

void
rawtree_middle(const struct rawtree *o, const struct rawtree *n,
    struct rawtree_middle *m)
{
	size_t	p, s;

	/* n read like o found it already. */
	if (n->has_like && git_oid_equal(&n->like_id, &o->id)) {
		*m = n->like_middle;
		return;
	}
	p = same_start(o->data, o->len, n->data, n->len);
	m->i0 = entry_before(o, p);
	/* The same bytes read the same entries: n's first i0 are o's. */
	if (m->i0 > n->count || n->off[m->i0] != o->off[m->i0]) {
		m->i0 = 0;
		m->oj = o->count;
		m->nj = n->count;
		return;
	}
	s = same_end(o->data, o->len, n->data, n->len,
	    (o->len < n->len ? o->len : n->len) - o->off[m->i0]);
	m->oj = entry_from(o, m->i0, o->len - s);
	m->nj = n->count - (o->count - m->oj);
	if (o->count - m->oj > n->count - m->i0 ||
	    n->len - n->off[m->nj] != o->len - o->off[m->oj]) {
		m->oj = o->count;
		m->nj = n->count;
	}
}
