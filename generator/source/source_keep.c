/*
 * Kept bytes of working-tree files, by path, in an open-addressing hash
 * table (see source_keep.h).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "source_keep.h"
#include "xalloc.h"

struct keep_ent {
	char		*path;		/* NULL: an empty slot */
	char		*data;		/* len bytes, NUL after */
	size_t		 len;
	long long	 size, mtime, ctime; /* stat() before the read (ns) */
	unsigned long long ino, dev;
};

struct source_keep {
	struct keep_ent	*slots;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 count;
};

static long long
ts_ns(const struct timespec *t)
{
	return (long long)t->tv_sec * 1000000000LL + t->tv_nsec;
}

long long
source_keep_clock(void)
{
	struct timespec	t;

	if (clock_gettime(CLOCK_REALTIME, &t) != 0)
		return 0;	/* every file looks racy: all are read */
	return ts_ns(&t);
}

static unsigned long long
hash(const char *s)
{
	unsigned long long	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

struct source_keep *
source_keep_new(void)
{
	return xcalloc(1, sizeof(struct source_keep));
}

void
source_keep_free(struct source_keep *k)
{
	size_t	i;

	if (k == NULL)
		return;
	for (i = 0; i < k->cap; i++) {
		free(k->slots[i].path);
		free(k->slots[i].data);
	}
	free(k->slots);
	free(k);
}

/* The slot of path: its entry, or the empty slot where it would go. */
static struct keep_ent *
slot_of(struct source_keep *k, const char *path)
{
	size_t	i = (size_t)hash(path) & (k->cap - 1);

	while (k->slots[i].path != NULL && strcmp(k->slots[i].path, path) != 0)
		i = (i + 1) & (k->cap - 1);
	return &k->slots[i];
}

static int
same_stat(const struct keep_ent *e, const struct stat *st)
{
	return e->size == (long long)st->st_size &&
	    e->mtime == ts_ns(&st->st_mtim) && e->ctime == ts_ns(&st->st_ctim) &&
	    e->ino == (unsigned long long)st->st_ino &&
	    e->dev == (unsigned long long)st->st_dev;
}

char *
source_keep_get(struct source_keep *k, const char *path,
    const struct stat *st, size_t *len)
{
	struct keep_ent	*e;
	char		*copy;

	if (k == NULL || k->cap == 0)
		return NULL;
	e = slot_of(k, path);
	if (e->path == NULL || !same_stat(e, st))
		return NULL;
	copy = xmalloc(e->len + 1);
	memcpy(copy, e->data, e->len + 1);
	*len = e->len;
	return copy;
}

/* Empty the slot of e, moving later entries of its run back. */
static void
slot_clear(struct source_keep *k, struct keep_ent *e)
{
	size_t	i = (size_t)(e - k->slots), j = i, home;

	free(e->path);
	free(e->data);
	memset(e, 0, sizeof(*e));
	k->count--;
	for (;;) {
		j = (j + 1) & (k->cap - 1);
		if (k->slots[j].path == NULL)
			return;
		home = (size_t)hash(k->slots[j].path) & (k->cap - 1);
		/* Move j to i when home is not cyclically in (i, j]. */
		if (i <= j ? (home <= i || home > j) : (home <= i && home > j)) {
			k->slots[i] = k->slots[j];
			memset(&k->slots[j], 0, sizeof(k->slots[j]));
			i = j;
		}
	}
}

static void
grow(struct source_keep *k)
{
	struct keep_ent	*old = k->slots;
	size_t		 oldcap = k->cap, i;

	k->cap = k->cap ? k->cap * 2 : 256;
	k->slots = xcalloc(k->cap, sizeof(*k->slots));
	for (i = 0; i < oldcap; i++)
		if (old[i].path != NULL)
			*slot_of(k, old[i].path) = old[i];
	free(old);
}

void
source_keep_put(struct source_keep *k, const char *path,
    const struct stat *st, long long read_ns, const char *data, size_t len)
{
	struct keep_ent	*e;
	int		 racy;

	if (k == NULL)
		return;
	racy = ts_ns(&st->st_mtim) >= read_ns - SOURCE_KEEP_RACY_NS ||
	    ts_ns(&st->st_ctim) >= read_ns - SOURCE_KEEP_RACY_NS;
	if (racy) {
		if (k->cap > 0 && (e = slot_of(k, path))->path != NULL)
			slot_clear(k, e);
		return;
	}
	if ((k->count + 1) * 4 > k->cap * 3)
		grow(k);
	e = slot_of(k, path);
	if (e->path == NULL) {
		e->path = xstrdup(path);
		k->count++;
	} else
		free(e->data);
	e->data = xmalloc(len + 1);
	memcpy(e->data, data, len);
	e->data[len] = '\0';
	e->len = len;
	e->size = (long long)st->st_size;
	e->mtime = ts_ns(&st->st_mtim);
	e->ctime = ts_ns(&st->st_ctim);
	e->ino = (unsigned long long)st->st_ino;
	e->dev = (unsigned long long)st->st_dev;
}
