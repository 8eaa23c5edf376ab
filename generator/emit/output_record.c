/*
 * The record of what an output folder holds, kept by marche serve from
 * one build to the next: each file's path, length, hash of its bytes and
 * time, and the inotify watches on its folders that let an unchanged
 * file be trusted without looking at it again.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/inotify.h>
#include <sys/stat.h>

#include "hash.h"
#include "output.h"
#include "output_impl.h"
#include "xalloc.h"

static void	distrust_all(struct output_record *r);

struct output_record *
output_record_new(void)
{
	struct output_record	*r = xcalloc(1, sizeof(*r));

	r->ifd = -1;
	return r;
}

static void
record_clear(struct output_record *r)
{
	size_t	i;

	for (i = 0; i < r->nslots; i++)
		if (!r->slots[i].moved && !r->slots[i].taken)
			free(r->slots[i].path);
	free(r->slots);
	r->slots = NULL;
	r->nslots = r->count = 0;
	r->valid = 0;
}

/* Stop watching the folders of r. */
static void
watch_reset(struct output_record *r)
{
	size_t	i;

	for (i = 0; i < r->nwatches; i++)
		free(r->watches[i].rel);
	free(r->watches);
	r->watches = NULL;
	r->nwatches = r->capwatches = 0;
	free(r->wset);
	r->wset = NULL;
	r->nwset = 0;
	if (r->watching && r->ifd >= 0)
		close(r->ifd);
	r->watching = 0;
	r->watch_some = 0;
	r->ifd = -1;
}

void
output_record_no_watch(struct output_record *r)
{
	watch_reset(r);
	distrust_all(r);
	r->no_watch = 1;
}

void
output_record_free(struct output_record *r)
{
	if (r == NULL)
		return;
	record_clear(r);
	watch_reset(r);
	free(r);
}

/*
 * A hash of a file's bytes, eight at a time: files that differ are told
 * apart by it and their lengths (a build of one's own working tree is
 * not an adversary).
 */
unsigned long long
record_bytes_hash(const void *data, size_t len)
{
	const unsigned char	*p = data;
	unsigned long long	 h = 0x9e3779b97f4a7c15ULL ^ len, w;

	for (; len >= 8; p += 8, len -= 8) {
		memcpy(&w, p, 8);
		h = (h ^ (w * 0xff51afd7ed558ccdULL)) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 29;
	}
	for (; len > 0; p++, len--)
		h = (h ^ *p) * 0x100000001b3ULL;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	return h ^ (h >> 33);
}

struct output_entry *
record_find(const struct output_record *r, const char *path)
{
	size_t	i, h;

	if (r == NULL || r->nslots == 0)
		return NULL;
	h = hash_str(path);
	for (i = h & (r->nslots - 1); r->slots[i].path != NULL;
	    i = (i + 1) & (r->nslots - 1))
		if (r->slots[i].phash == h &&
		    strcmp(r->slots[i].path, path) == 0)
			return &r->slots[i];
	return NULL;
}

/* Add path (not there yet) to r. */
struct output_entry *
record_put(struct output_record *r, const char *path,
    unsigned long long hash, size_t len, struct output_entry *same)
{
	struct output_entry	*old = r->slots;
	size_t			 i, n = r->nslots;
	size_t			 h = same != NULL ? same->phash :
				    hash_str(path);

	if ((r->count + 1) * 2 > n) {
		r->nslots = n ? n * 2 : 256;
		r->slots = xcalloc(r->nslots, sizeof(*r->slots));
		for (i = 0; i < n; i++) {
			size_t j;

			if (old[i].path == NULL)
				continue;
			for (j = old[i].phash & (r->nslots - 1);
			    r->slots[j].path != NULL;
			    j = (j + 1) & (r->nslots - 1))
				;
			r->slots[j] = old[i];
		}
		free(old);
	}
	for (i = h & (r->nslots - 1); r->slots[i].path != NULL;
	    i = (i + 1) & (r->nslots - 1))
		;
	r->slots[i].phash = h;
	/* An unchanged file's path moves from the last record. */
	if (same != NULL && !same->moved) {
		r->slots[i].path = same->path;
		r->slots[i].taken = 1;
		same->moved = 1;
	} else
		r->slots[i].path = xstrdup(path);
	r->slots[i].hash = hash;
	r->slots[i].len = len;
	r->slots[i].staged = same == NULL;
	if (same != NULL) {
		r->slots[i].ino = same->ino;
		r->slots[i].mtime = same->mtime;
		r->slots[i].trusted = same->trusted;
	}
	r->count++;
	return &r->slots[i];
}

/*
 * Open addressing with linear probing: the entries after e, up to the
 * next empty slot, move back into the gap when their hash would still
 * find them there (their home is not between the gap and where they
 * are, cyclically), so that no search stops early.
 */
void
record_remove(struct output_record *r, struct output_entry *e)
{
	size_t	mask = r->nslots - 1, gap = (size_t)(e - r->slots), j, home;

	for (j = (gap + 1) & mask; r->slots[j].path != NULL;
	    j = (j + 1) & mask) {
		home = r->slots[j].phash & mask;
		if (gap <= j ? home <= gap || home > j :
		    home <= gap && home > j) {
			r->slots[gap] = r->slots[j];
			gap = j;
		}
	}
	memset(&r->slots[gap], 0, sizeof(r->slots[gap]));
	r->count--;
}

/* The slot of r->wset for the folder rel[0..n): its watch, or empty. */
static size_t *
wset_slot(const struct output_record *r, const char *rel, size_t n)
{
	size_t	i = hash_span(rel, n) & (r->nwset - 1);

	for (; r->wset[i] != 0; i = (i + 1) & (r->nwset - 1)) {
		const char *w = r->watches[r->wset[i] - 1].rel;

		if (strncmp(w, rel, n) == 0 && w[n] == '\0')
			break;
	}
	return &r->wset[i];
}

/* Is the folder of the file at rel watched (output_watch)? */
static int
watched_folder(const struct output_record *r, const char *rel)
{
	const char	*slash = strrchr(rel, '/');
	size_t		 n = slash != NULL ? (size_t)(slash - rel) : 0;

	return r->watching && r->nwset > 0 && *wset_slot(r, rel, n) != 0;
}

/* Add watch i to r->wset, which it is not in. */
static void
wset_add(struct output_record *r, size_t i)
{
	size_t	k;

	if ((r->nwatches + 1) * 2 > r->nwset) {
		free(r->wset);
		r->nwset = r->nwset ? r->nwset * 2 : 64;
		r->wset = xcalloc(r->nwset, sizeof(*r->wset));
		for (k = 0; k < r->nwatches; k++)
			if (k != i)
				*wset_slot(r, r->watches[k].rel,
				    strlen(r->watches[k].rel)) = k + 1;
	}
	*wset_slot(r, r->watches[i].rel, strlen(r->watches[i].rel)) = i + 1;
}

/*
 * Is e's file in the folder as the last commit left it? Trusted when no
 * event named it since lstat() said so (then e is marked trusted when
 * its folder was watched before that lstat()).
 */
/* Is e's file in folder dir as e says (lstat())? */
static int
entry_same(const char *dir, const struct output_entry *e)
{
	struct stat	 st;
	char		*full = xasprintf("%s/%s", dir, e->path);
	int		 same;

	same = lstat(full, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == e->len && st.st_ino == e->ino &&
	    st.st_mtim.tv_sec == e->mtime.tv_sec &&
	    st.st_mtim.tv_nsec == e->mtime.tv_nsec;
	free(full);
	return same;
}

int
record_unchanged(const struct output *out, struct output_entry *e)
{
	int	same;

	if (e->trusted)
		return 1;
	same = entry_same(out->dir, e);
	if (same && out->record != NULL)
		e->trusted = watched_folder(out->record, e->path);
	return same;
}

/* Mark every entry of r as to be looked at again. */
static void
distrust_all(struct output_record *r)
{
	size_t	i;

	for (i = 0; i < r->nslots; i++)
		r->slots[i].trusted = 0;
}

/*
 * Read what inotify told of the watched folders since the last build:
 * each file named is looked at again; a folder made, moved or removed,
 * a watch gone or an event lost has every file looked at again.
 */
void
record_drain(struct output_record *r)
{
	char	 ev[16384] __attribute__((aligned(__alignof__(struct
		    inotify_event))));
	ssize_t	 n;

	if (!r->watching)
		return;
	while ((n = read(r->ifd, ev, sizeof(ev))) > 0) {
		char *p;

		for (p = ev; p < ev + n; ) {
			const struct inotify_event *e = (const void *)p;
			struct output_entry *x;
			char *rel;
			size_t i;

			p += sizeof(*e) + e->len;
			for (i = 0; i < r->nwatches; i++)
				if (r->watches[i].wd == e->wd)
					break;
			if ((e->mask & (IN_Q_OVERFLOW | IN_ISDIR |
			    IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED |
			    IN_UNMOUNT)) || e->len == 0 || i == r->nwatches) {
				distrust_all(r);
				if (e->mask & (IN_IGNORED | IN_DELETE_SELF |
				    IN_MOVE_SELF | IN_UNMOUNT |
				    IN_Q_OVERFLOW)) {
					/* Watched afresh after the commit. */
					watch_reset(r);
					return;
				}
				continue;
			}
			rel = *r->watches[i].rel != '\0' ? xasprintf("%s/%s",
			    r->watches[i].rel, e->name) : xstrdup(e->name);
			if ((x = record_find(r, rel)) != NULL)
				x->trusted = 0;
			free(rel);
		}
	}
}

/*
 * Watch the folders of r's files (dir is the output folder), from now
 * on: their files are trusted once lstat() finds them unchanged. Once
 * they all are, only those of the files staged (by slot) are new.
 */
static void
watch_folders(struct output_record *r, const char *dir,
    const unsigned char *staged)
{
	static const uint32_t mask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE |
	    IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE |
	    IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW;
	size_t	i;

	if (r->no_watch)
		return;
	if (!r->watching) {
		r->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		r->watching = r->ifd >= 0;
		if (!r->watching)
			return;
	}
	for (i = 0; i < r->nslots; i++) {
		const char *rel = r->slots[i].path, *slash;
		char *sub, *full;
		int wd;

		/* Once all are, only new files may be in new folders. */
		if (rel == NULL || (r->watch_some && !staged[i]) ||
		    watched_folder(r, rel))
			continue;
		slash = strrchr(rel, '/');
		sub = xstrndup(rel, slash != NULL ? (size_t)(slash - rel) : 0);
		full = xasprintf("%s/%s", dir, sub);
		if ((wd = inotify_add_watch(r->ifd, full, mask)) < 0) {
			/* Over the limit: nothing is trusted, and from now
			 * on every file is looked at. */
			if (errno == ENOSPC)
				r->no_watch = 1;
			free(sub);
			free(full);
			watch_reset(r);
			distrust_all(r);
			return;
		}
		free(full);
		if (r->nwatches == r->capwatches) {
			r->capwatches = r->capwatches ? r->capwatches * 2 : 16;
			r->watches = xreallocarray(r->watches, r->capwatches,
			    sizeof(*r->watches));
		}
		r->watches[r->nwatches].wd = wd;
		r->watches[r->nwatches].rel = sub;
		wset_add(r, r->nwatches);
		r->nwatches++;
	}
	r->watch_some = 1;
}

/* After a commit: the record tells what the folder now holds. */
void
record_keep(struct output *out)
{
	struct output_record	*r = out->record, *n = out->next;
	struct stat		 st;
	unsigned char		*staged;
	size_t			 i;

	if (r == NULL || n == NULL)
		return;
	record_clear(r);
	/* A new folder: the old one's watches tell nothing of it. */
	if (!out->update)
		watch_reset(r);
	r->slots = n->slots;
	r->nslots = n->nslots;
	r->count = n->count;
	n->slots = NULL;
	n->nslots = n->count = 0;
	output_record_free(n);
	out->next = NULL;
	if (lstat(out->dir, &st) != 0)
		return;
	r->dev = st.st_dev;
	r->ino = st.st_ino;
	r->valid = 1;
	/* The files written now: their times, to find them changed. */
	staged = xcalloc(r->nslots + 1, 1);
	for (i = 0; i < r->nslots; i++) {
		struct output_entry *e = &r->slots[i];
		char *full;

		e->taken = 0;	/* its own now */
		e->inherited = 0;
		if (e->path == NULL || !e->staged)
			continue;
		staged[i] = 1;
		full = xasprintf("%s/%s", out->dir, e->path);
		if (lstat(full, &st) == 0) {
			e->ino = st.st_ino;
			e->mtime = st.st_mtim;
		}
		e->staged = 0;
		e->trusted = 0;
		free(full);
	}
	watch_folders(r, out->dir, staged);
	/* Looked at again now that their folders are watched, they are
	 * trusted from here on: the next build does not look (a first
	 * build writes every file, which the first edit would otherwise
	 * look at one by one). */
	for (i = 0; r->watching && i < r->nslots; i++)
		if (staged[i] && watched_folder(r, r->slots[i].path))
			r->slots[i].trusted = entry_same(out->dir,
			    &r->slots[i]);
	free(staged);
}
