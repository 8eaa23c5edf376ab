/*
 * What marche serve watches: the input folders, .gitignore and the Git
 * files that say where HEAD is, told by inotify, else found changed by
 * a fingerprint taken every few hundred milliseconds (--poll).
 */
#ifndef MARCHE_SERVE_WATCH_H
#define MARCHE_SERVE_WATCH_H

#include <stdatomic.h>
#include <stddef.h>

/* The Git files whose change may move HEAD or the index. */
struct gitfiles {
	char	*gitdir;	/* the repository's Git folder, with '/' */
	char	*commondir;	/* where refs are (differs in a worktree) */
};

/*
 * Watching with inotify: every folder under the input folders (all their
 * changes count), the working tree's top folder (only changes to an
 * input folder's name or .gitignore), the Git folder (HEAD, index) and
 * the refs (packed-refs, refs/heads). Folders created later are watched
 * as they appear; what changed in them before that is seen by the build
 * that follows, which reads everything again.
 */
enum watch_kind {
	WATCH_INPUT,		/* any change counts */
	WATCH_TOP,		/* the work tree: input folders, .gitignore */
	WATCH_GIT,		/* the Git folder: HEAD, index */
	WATCH_COMMON,		/* where refs are: packed-refs */
	WATCH_REFS		/* refs/heads and below: any change */
};

struct watch_dir {
	int		 wd;
	enum watch_kind	 kind;
	char		*path;
};

struct watcher {
	int		 fd;	/* the inotify instance, or -1: poll */
	struct watch_dir *dirs;
	size_t		 ndirs, cap;
	char		 *workdir; /* the work tree, ending in '/' */
	/*
	 * The files inotify told changed since watch_taken(), by path in
	 * the work tree, when that is all that changed (known); else
	 * (a folder, .gitignore, Git's files, a lost event, polling) the
	 * whole tree is to be read again.
	 */
	int		 known;
	char		**changed;
	size_t		 nchanged, capchanged;
	int		 settled; /* the last event told of a file of an
				   * input folder written and closed, moved
				   * in place, removed or touched */
	int		 quiet_ms; /* the quiet time the last burst ended
				   * on (MARCHE_TIMINGS prints it) */
};

/* Where repo's Git folder and refs are, for watching (free both). */
struct git_repository;
void	find_gitfiles(struct gitfiles *g, struct git_repository *repo);

/* A fingerprint of the inputs of workdir (ending in '/') and of g. */
unsigned long long inputs_fingerprint(const char *workdir,
	    const struct gitfiles *g);

/* Watch workdir and g with inotify, or (poll_only, or inotify failing)
 * get ready to poll. */
void	watch_start(struct watcher *w, const char *workdir,
	    const struct gitfiles *g, int poll_only);
void	watch_stop(struct watcher *w);

/* A build took what w told changed: the next starts afresh. */
void	watch_taken(struct watcher *w);

/*
 * Wait up to ms for a change; then, setting *busy, wait for the burst
 * to end. Returns 1 when something changed, else 0. *seen is the last
 * fingerprint when polling.
 */
int	watch_wait(struct watcher *w, const char *workdir,
	    const struct gitfiles *g, unsigned long long *seen, int ms,
	    atomic_int *busy);

#endif
