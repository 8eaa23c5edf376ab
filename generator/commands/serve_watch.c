/*
 * Watching marche serve's inputs (see serve_watch.h).
 */
#define _GNU_SOURCE	/* nftw */
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "serve_watch.h"
#include "xalloc.h"

/*
 * Quiet time that ends a burst of changes, and its longest wait (ms).
 * A burst whose last event leaves a file of an input folder whole (it
 * was written and closed, moved in place, removed) ends sooner: what an
 * editor does next (a rename after closing its temporary file) comes
 * within microseconds, and a later move only starts another build.
 */
#define SERVE_QUIET_MS		40
#define SERVE_SETTLED_MS	8
#define SERVE_BURST_MS		1000

static const char *const watched[] = {
	"site", "opportunities", "_layouts", "_data", "assets"
};

/*
 * A fingerprint of the inputs (paths, sizes, modification and change
 * times, inodes),
 * and of what says where HEAD is: for --poll (nftw has no context
 * argument: the walking thread's own).
 */
static _Thread_local unsigned long long fingerprint;

static int
fingerprint_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	const char	*p;

	(void)ftw;
	if (flag != FTW_F)
		return 0;
	for (p = path; *p != '\0'; p++)
		fingerprint = fingerprint * 131 + (unsigned char)*p;
	fingerprint = fingerprint * 31 + (unsigned long long)st->st_size;
	fingerprint = fingerprint * 31 +
	    (unsigned long long)st->st_mtim.tv_sec * 1000000000ULL +
	    (unsigned long long)st->st_mtim.tv_nsec;
	/* An edit in place may keep the size and modification time. */
	fingerprint = fingerprint * 31 +
	    (unsigned long long)st->st_ctim.tv_sec * 1000000000ULL +
	    (unsigned long long)st->st_ctim.tv_nsec;
	fingerprint = fingerprint * 31 + (unsigned long long)st->st_ino;
	return 0;
}


unsigned long long
inputs_fingerprint(const char *workdir, const struct gitfiles *g)
{
	char	path[4096];
	size_t	i;

	fingerprint = 1469598103934665603ULL;
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", workdir, watched[i]);
		nftw(path, fingerprint_entry, 16, FTW_PHYS);
	}
	snprintf(path, sizeof(path), "%s.gitignore", workdir);
	nftw(path, fingerprint_entry, 16, FTW_PHYS);
	if (g->gitdir != NULL) {
		snprintf(path, sizeof(path), "%sHEAD", g->gitdir);
		nftw(path, fingerprint_entry, 16, FTW_PHYS);
		snprintf(path, sizeof(path), "%sindex", g->gitdir);
		nftw(path, fingerprint_entry, 16, FTW_PHYS);
		snprintf(path, sizeof(path), "%spacked-refs", g->commondir);
		nftw(path, fingerprint_entry, 16, FTW_PHYS);
		snprintf(path, sizeof(path), "%srefs/heads", g->commondir);
		nftw(path, fingerprint_entry, 16, FTW_PHYS);
	}
	return fingerprint;
}




static struct watcher	*walk_watcher;	/* for nftw's callback */
static enum watch_kind	 walk_kind;

static const uint32_t watch_mask = IN_MODIFY | IN_CLOSE_WRITE | IN_CREATE |
    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |
    IN_MOVE_SELF | IN_ATTRIB;

static void
watch_add(struct watcher *w, const char *path, enum watch_kind kind)
{
	size_t	i;
	int	wd = inotify_add_watch(w->fd, path, watch_mask | IN_ONLYDIR);

	if (wd < 0)
		return;	/* gone already, or over the limit: builds read all */
	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd) {
			free(w->dirs[i].path);
			w->dirs[i].path = xstrdup(path);
			w->dirs[i].kind = kind;
			return;
		}
	if (w->ndirs == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 64;
		w->dirs = xreallocarray(w->dirs, w->cap, sizeof(*w->dirs));
	}
	w->dirs[w->ndirs].wd = wd;
	w->dirs[w->ndirs].kind = kind;
	w->dirs[w->ndirs].path = xstrdup(path);
	w->ndirs++;
}

static int
watch_entry(const char *path, const struct stat *st, int flag,
    struct FTW *ftw)
{
	(void)st; (void)ftw;
	if (flag == FTW_D)
		watch_add(walk_watcher, path, walk_kind);
	return 0;
}

/* Watch path and every folder under it. */
static void
watch_tree(struct watcher *w, const char *path, enum watch_kind kind)
{
	walk_watcher = w;
	walk_kind = kind;
	nftw(path, watch_entry, 16, FTW_PHYS);
}

static struct watch_dir *
watch_find(struct watcher *w, int wd)
{
	size_t	i;

	for (i = 0; i < w->ndirs; i++)
		if (w->dirs[i].wd == wd)
			return &w->dirs[i];
	return NULL;
}

/* Start watching; w->fd is -1 when inotify cannot be used. */
void
watch_start(struct watcher *w, const char *workdir, const struct gitfiles *g,
    int poll_only)
{
	char	path[4096];
	size_t	i;

	memset(w, 0, sizeof(*w));
	w->workdir = xstrdup(workdir);
	w->fd = poll_only ? -1 : inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (w->fd < 0)
		return;
	watch_add(w, workdir, WATCH_TOP);
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", workdir, watched[i]);
		watch_tree(w, path, WATCH_INPUT);
	}
	if (g->gitdir != NULL) {
		watch_add(w, g->gitdir, WATCH_GIT);
		if (strcmp(g->gitdir, g->commondir) != 0)
			watch_add(w, g->commondir, WATCH_COMMON);
		snprintf(path, sizeof(path), "%srefs/heads", g->commondir);
		watch_tree(w, path, WATCH_REFS);
	}
	w->known = 1;
}

void
watch_stop(struct watcher *w)
{
	size_t	i;

	for (i = 0; i < w->ndirs; i++)
		free(w->dirs[i].path);
	free(w->dirs);
	if (w->fd >= 0)
		close(w->fd);
	watch_taken(w);
	free(w->changed);
	free(w->workdir);
}

/* At most this many files are told apart; past it, all are read. */
#define WATCH_CHANGED_MAX	256

void
watch_taken(struct watcher *w)
{
	size_t	i;

	for (i = 0; i < w->nchanged; i++)
		free(w->changed[i]);
	w->nchanged = 0;
	w->known = w->fd >= 0;
}

/* Note the file name in the input folder at dir as changed. */
static void
watch_note(struct watcher *w, const char *dir, const char *name)
{
	size_t	n = strlen(w->workdir), i;
	char	*rel;

	if (!w->known)
		return;
	if (strncmp(dir, w->workdir, n) != 0 ||
	    w->nchanged == WATCH_CHANGED_MAX) {
		w->known = 0;
		return;
	}
	rel = xasprintf("%s/%s", dir + n, name);
	for (i = 0; i < w->nchanged; i++)
		if (strcmp(w->changed[i], rel) == 0) {
			free(rel);
			return;
		}
	if (w->nchanged == w->capchanged) {
		w->capchanged = w->capchanged ? w->capchanged * 2 : 16;
		w->changed = xreallocarray(w->changed, w->capchanged,
		    sizeof(*w->changed));
	}
	w->changed[w->nchanged++] = rel;
}

/* Whether an event in a folder of this kind, on this name, counts. */
static int
watch_counts(enum watch_kind kind, const char *name, int len)
{
	size_t	i;

	if (kind == WATCH_INPUT || kind == WATCH_REFS)
		return 1;
	if (len == 0)
		return 0;
	if (kind == WATCH_GIT)
		return strcmp(name, "HEAD") == 0 || strcmp(name, "index") == 0 ||
		    strcmp(name, "packed-refs") == 0;
	if (kind == WATCH_COMMON)
		return strcmp(name, "packed-refs") == 0;
	if (strcmp(name, ".gitignore") == 0)
		return 1;
	for (i = 0; i < sizeof(watched) / sizeof(watched[0]); i++)
		if (strcmp(name, watched[i]) == 0)
			return 1;
	return 0;
}

/*
 * Read the events waiting; returns 1 if one of them counts. New folders
 * (an input folder, or one under an input folder or the refs) are
 * watched.
 */
static int
watch_read(struct watcher *w)
{
	char	 ev[16384] __attribute__((aligned(__alignof__(struct
		    inotify_event))));
	ssize_t	 n;
	int	 changed = 0;

	while ((n = read(w->fd, ev, sizeof(ev))) > 0) {
		char *p;

		for (p = ev; p < ev + n; ) {
			const struct inotify_event *e = (const void *)p;
			struct watch_dir *wdir;
			const char *name = e->len > 0 ? e->name : "";

			p += sizeof(*e) + e->len;
			if (e->mask & IN_Q_OVERFLOW) {
				changed = 1;	/* something was missed */
				w->known = 0;
				w->settled = 0;
				continue;
			}
			if ((wdir = watch_find(w, e->wd)) == NULL ||
			    !watch_counts(wdir->kind, name, (int)e->len))
				continue;
			changed = 1;
			w->settled = wdir->kind == WATCH_INPUT &&
			    e->len > 0 && !(e->mask & IN_ISDIR) &&
			    (e->mask & (IN_MODIFY | IN_CREATE |
			    IN_MOVED_FROM)) == 0;
			/* A file of an input folder is told by name; any
			 * other change has the whole tree read. */
			if (wdir->kind == WATCH_INPUT && e->len > 0 &&
			    !(e->mask & IN_ISDIR))
				watch_note(w, wdir->path, name);
			else
				w->known = 0;
			if ((e->mask & IN_ISDIR) &&
			    (e->mask & (IN_CREATE | IN_MOVED_TO)) &&
			    wdir->kind != WATCH_GIT &&
			    wdir->kind != WATCH_COMMON) {
				char *sub = xasprintf("%s%s%s", wdir->path,
				    wdir->kind == WATCH_TOP ? "" : "/", name);

				watch_tree(w, sub, wdir->kind == WATCH_TOP ?
				    WATCH_INPUT : wdir->kind);
				free(sub);
			}
		}
	}
	return changed;
}

/*
 * Wait up to ms milliseconds for a change; returns 1 on one, 0 if none
 * came. With inotify, a change waits for the burst to end: no event for
 * SERVE_QUIET_MS, or SERVE_SETTLED_MS after one that leaves a file whole
 * (at most SERVE_BURST_MS in all), as editors write a file in several
 * steps (a temporary file, a rename).
 */
int
watch_wait(struct watcher *w, const char *workdir, const struct gitfiles *g,
    unsigned long long *seen, int ms, atomic_int *busy)
{
	struct pollfd	pfd;
	int		waited, quiet;

	if (w->fd < 0) {
		struct timespec ts = { ms / 1000, (long)(ms % 1000) *
		    1000000L };
		unsigned long long f;

		nanosleep(&ts, NULL);
		if ((f = inputs_fingerprint(workdir, g)) == *seen)
			return 0;
		*seen = f;
		atomic_store(busy, 1);
		return 1;
	}
	pfd.fd = w->fd;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, ms) <= 0 || !watch_read(w))
		return 0;
	atomic_store(busy, 1);
	w->quiet_ms = 0;
	for (waited = 0; waited < SERVE_BURST_MS; waited += quiet) {
		quiet = w->settled ? SERVE_SETTLED_MS : SERVE_QUIET_MS;
		if (poll(&pfd, 1, quiet) <= 0) {
			w->quiet_ms = quiet;
			break;
		}
		watch_read(w);
	}
	return 1;
}


/* Where repo's Git folder and refs are, for watching. */
void
find_gitfiles(struct gitfiles *g, git_repository *repo)
{
	memset(g, 0, sizeof(*g));
	g->gitdir = xstrdup(git_repository_path(repo));
	g->commondir = xstrdup(git_repository_commondir(repo));
}
