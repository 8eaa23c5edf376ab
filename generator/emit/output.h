/*
 * Staged, atomic output. Files are written into a fresh staging folder
 * beside the output folder; on success the staging folder replaces the
 * output folder in one rename, so readers and a failed build never see
 * a half-written site. Every path goes through path_check_output(), so
 * nothing is written outside the staging folder.
 *
 * Ownership: every output holds the file OUTPUT_MARKER, and a folder
 * that exists, is not empty and lacks it is never replaced. Each
 * staging folder ".NAME.staging-XXXXXX" has a lock file beside it,
 * ".NAME.staging-XXXXXX.lock", that starts with OUTPUT_LOCK_MAGIC and is
 * held with flock() while the build runs. A lock that can be taken
 * belongs to a build that is gone (killed, crashed, out of memory):
 * output_begin() removes its staging folder (and the ".old" folder of
 * an interrupted swap) and the lock. Nothing else is removed.
 */
#ifndef MARCHE_OUTPUT_H
#define MARCHE_OUTPUT_H

#include <stddef.h>
#include <sys/types.h>

struct diags;

/* The file that marks a folder as marche's output, and its text. */
#define OUTPUT_MARKER		".marche-output"
#define OUTPUT_MARKER_TEXT	"This folder is written by marche build, " \
				"which replaces it whole.\n"
/* The most bytes one build writes (output_begin() sets max_bytes). */
#define OUTPUT_MAX_BYTES	((size_t)2048 * 1024 * 1024)
/* The first line of a staging lock file. */
#define OUTPUT_LOCK_MAGIC	"marche staging lock\n"

struct output {
	char	*dir;		/* the output folder, as given */
	char	*staging;	/* the staging folder being filled */
	char	*lock;		/* its lock file, beside it */
	int	 lock_fd;	/* the lock file, held with flock(), or -1 */
	size_t	 max_bytes;	/* bytes the whole site may take */
	size_t	 files;		/* files written so far */
	size_t	 bytes;		/* bytes written so far */
	int	 failed;	/* a write failed: commit will refuse */
	int	 io_error;	/* the file system failed (disk full,
				 * quota, I/O error, file size limit), as
				 * opposed to a path the input asked for */
	int	 dry;		/* check only: judge paths, write nothing */
	char	**paths;	/* paths written, open addressing (NULL:
				 * empty slot) */
	size_t	 npaths;	/* slots of paths, a power of two */
	struct output_record *record; /* what the folder holds, kept
				 * between builds, or NULL */
	struct output_record *next; /* what it will hold after commit */
	int	 update;	/* only changed files are staged, and
				 * commit moves them into the folder */
	int	 inherit;	/* every file of the folder is kept unless
				 * written again (output_inherit()) */
	int	 prev_fd;	/* the previous output folder, whose
				 * unchanged files are linked into the
				 * staging folder, or -1 */
	mode_t	 file_mode;	/* the mode of a file written: 0666
				 * less the umask */
	char	**fresh;	/* paths written, not linked: the files
				 * that may need their old times */
	size_t	 nfresh;	/* paths in fresh */
	size_t	 fresh_cap;	/* slots of fresh */
	unsigned gen;		/* which staging folder of this process's
				 * it is, from 1 */
};

/*
 * What an output folder holds, for a process that builds it again and
 * again (marche serve): each file's path, length and a hash of its
 * bytes, and which folder that was. Free with output_record_free().
 */
struct output_record;
struct output_record *output_record_new(void);
void	output_record_free(struct output_record *r);

/*
 * The record watches the folders of the output with inotify, where it
 * can: a file that lstat() found as the last commit left it is then
 * trusted to stay so until an event names it, and is not looked at
 * again. After this call, every file is looked at each time instead.
 */
void	output_record_no_watch(struct output_record *r);

/*
 * Check that dir is a safe output folder for a site read from the
 * repository work tree workdir (may be NULL): not the file system root,
 * not the work tree or one of its ancestors, not inside an input folder.
 * Returns 0 or -1 after reporting.
 */
int	output_check_dir(const char *dir, const char *workdir,
	    struct diags *d);

/*
 * Refuse to go on if dir exists and is not marche's to replace: not a
 * folder, or a folder that is not empty and has no OUTPUT_MARKER.
 * Remove the staging folders that builds which are gone left beside
 * dir (noted to d). Then create this build's staging folder and its
 * held lock, and write OUTPUT_MARKER into it. Returns 0, or -1 after
 * reporting (then nothing of this build's was left behind).
 */
int	output_begin(struct output *out, const char *dir, struct diags *d);

/*
 * As output_begin(), keeping rec up to date. When rec tells what dir
 * holds (the last commit with rec wrote dir, and it is still that
 * folder), only files whose bytes differ from dir's are staged, and
 * output_commit() moves them into dir and removes the files this build
 * did not write: a failed build still leaves dir as it was, but readers
 * may see the folder half updated while the commit runs.
 */
int	output_begin_update(struct output *out, const char *dir,
	    struct output_record *rec, struct diags *d);

/*
 * An output that writes nothing but judges every path as output_write()
 * does, so that `check` finds what `build` would refuse (two outputs at
 * one path, the site's size). Free with output_abort(). Returns 0.
 */
int	output_begin_dry(struct output *out, struct diags *d);

/*
 * Write len bytes as the file at relative path rel in the staging
 * folder, creating folders as needed. A path that is unsafe or already
 * written is refused, as is a file that would take the site past
 * out->max_bytes. When the previous output's file at rel holds the
 * same bytes, is a regular file of this user's with the mode a new
 * file gets and has no other link, it is hard-linked into the staging
 * folder instead (it keeps its inode and times). Returns 0, or -1 after
 * reporting.
 */
int	output_write(struct output *out, const char *rel, const void *data,
	    size_t len, struct diags *d);

/*
 * Keep the file at rel as the output folder holds it, as if the same
 * bytes were written again: only while updating a folder that the
 * record tells (output_begin_update()), for a file the last commit put
 * there and nothing changed since. Returns 1 when kept, 0 when it must
 * be written, or -1 after reporting that rel is refused (as
 * output_write() would).
 */
int	output_keep(struct output *out, const char *rel, struct diags *d);
/* Whether output_keep() would keep rel (claiming nothing). */
int	output_can_keep(struct output *out, const char *rel);
/*
 * Keep every file of the folder, as output_keep() would one by one, in
 * one pass over the record: a file written after is written in its
 * place, output_keep() of one kept so returns 1 and counts nothing more,
 * and no other is removed by the commit. For an update that changes a
 * few files of many (the first step of marche serve's build) and knows
 * by other means that it leaves none out (see links_outputs_stay()).
 * Returns 0, or -1, keeping nothing, when this is not an update with a
 * record or a file is not as the last commit left it.
 */
int	output_inherit(struct output *out);
/*
 * output_write() in two steps, for files written by several threads:
 * output_write_early() puts the file in the staging folder at once and
 * may run in any thread (it changes nothing in out); output_write_late(),
 * called in the order the files would have been written one by one,
 * with what the early write returned, judges and counts the file as
 * output_write() would. An early write that failed (-1) leaves the file
 * to the late one, which then writes it as output_write() does. Only
 * files whose paths are known to be unique and not to lie inside one
 * another may be written early; the site is not committed when the late
 * step refuses one. output_write_early() returns 0 (written), 1 (linked
 * from the previous output, as output_write() does) or -1;
 * output_write_late() returns 0 or -1 after reporting.
 */
int	output_write_early(const struct output *out, const char *rel,
	    const void *data, size_t len);
int	output_write_late(struct output *out, const char *rel,
	    const void *data, size_t len, int early, struct diags *d);

/*
 * A file written piece by piece, for files too large to hold whole:
 * output_open_early() creates the file at rel in the staging folder and
 * returns its descriptor, or -1 (then write it with output_write(), or
 * output_write_early() and output_write_late(), as any other), under the
 * conditions of output_write_early(). Write with output_write_fd(), which
 * adds the bytes written to *written and returns 0 or an errno value.
 * Then output_close_early(), given the first error met (or 0) and the
 * bytes written (len), closes the file and returns 0, or an errno value
 * once the file is removed; a file written whole that the previous
 * output holds the same is replaced by a link to it, as
 * output_write_early() links one (then *linked is 1, else 0). In order,
 * the file is then judged and counted with output_write_late() (early
 * *linked, data unused) when it was written whole, else reported with
 * output_write_failed(), as output_write() reports a failed write (after
 * the judgements output_write() makes first); it returns -1.
 */
int	output_open_early(const struct output *out, const char *rel);
int	output_write_fd(int fd, const void *data, size_t len,
	    size_t *written);
int	output_close_early(const struct output *out, const char *rel, int fd,
	    int err, size_t len, int *linked);
int	output_write_failed(struct output *out, const char *rel,
	    size_t written, int err, struct diags *d);

/*
 * Put the staging folder in place of the output folder (the previous
 * output is removed only once the new one is in place). Files whose
 * bytes did not change keep their previous modification time (those
 * linked from the previous output are its files). Returns 0, or -1
 * after reporting; on failure the previous output is left as it was.
 */
int	output_commit(struct output *out, struct diags *d);

/*
 * Remove the staging folder and its lock, and forget them; safe after
 * commit. If the folder cannot be removed whole, its lock file is left
 * (released when this process ends) so that the next build removes it.
 */
void	output_abort(struct output *out);

#endif
