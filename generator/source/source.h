/*
 * Where the site's bytes come from: the working tree (the default) or a
 * committed revision, both through libgit2. The source is read once,
 * eagerly, into memory; later stages only see these files.
 *
 * Only paths under the site's input folders are read (site/,
 * opportunities/, _layouts/, _data/, assets/). Refused with a diagnostic
 * naming the path: symlinks, submodules and anything but a regular file
 * (judged by the tree entry's file mode, not the object type), a path
 * component that is empty, ".", "..", ".git" (any case), or holds a control
 * character, backslash or colon, two paths that differ only by case or
 * Unicode normalisation, a file larger than limits->max_file_bytes
 * (checked with git_odb_read_header / stat before reading), more than
 * limits->max_files files, trees nested deeper than limits->max_depth,
 * and a file that would take the bytes read past limits->max_total_bytes
 * (so one large blob named a thousand times in a small repository is not
 * read a thousand times), with the files after it.
 * In the working tree, .gitignore'd files are not inputs.
 */
#ifndef MARCHE_SOURCE_H
#define MARCHE_SOURCE_H

#include <stddef.h>

#include <git2.h>

struct diags;
struct git_repository;
struct source_keep;

struct source_limits {
	size_t	max_file_bytes;	/* one file */
	size_t	max_files;	/* files read in all */
	int	max_depth;	/* folder nesting */
	size_t	max_total_bytes; /* bytes read in all (0: no bound) */
	unsigned jobs;		/* threads reading a revision's files
				 * (0: one) */
	/*
	 * --rev: when set, asked for each file as the walk finds it, with
	 * its blob and the tree of the folder of the same name without
	 * ".yml" (NULL when there is none), before anything of the blob is
	 * read: 1 leaves the file unread (kept with data NULL and unread
	 * set, see source_fill()), its size the one skip stores in *len
	 * (which source_fill() holds the blob to).
	 */
	int	(*skip)(void *ctx, const char *path, const git_oid *blob,
		    const git_oid *folder, size_t *len);
	void	*skip_ctx;
	struct source_keep *keep; /* the working tree's files as last read
				 * (source_keep.h), taken again when
				 * their stat() is the same, and kept
				 * up to date; or NULL */
};

/* Defaults: 4 MiB a file, 100000 files, depth 32, 256 MiB in all. */
extern const struct source_limits source_default_limits;

struct source_file {
	char	*path;	/* repository-relative, '/'-separated, NUL-ended */
	char	*data;	/* contents, NUL-terminated after len bytes; NULL
			 * once let go (source_release()) */
	size_t	 len;	/* byte length */
	int	 has_id; /* read from a revision: id is its blob */
	git_oid	 id;
	int	 unread; /* left unread (limits->skip): data is NULL,
			  * len its size */
	int	 kept;	/* work tree: taken from limits->keep (its stat()
			 * unchanged), so the bytes the last read with that
			 * keep had */
};

/* A folder read from a revision, and its tree. */
struct source_tree {
	char	*path;	/* repository-relative, such as "opportunities/x" */
	git_oid	 id;
};

struct source {
	char			*workdir;   /* the repository's work tree with a
					     * trailing '/', or NULL if bare */
	char			*commit;    /* hex id of --rev's commit, or NULL
					     * for the working tree */
	char			*gitdir;    /* the repository's .git folder
					     * (--rev: where blobs are read
					     * again, source_fill()) */
	struct source_file	*files;	    /* sorted by path (bytewise) */
	size_t			 count;	    /* number of files */
	struct source_tree	*trees;	    /* --rev: the folders read,
					     * sorted by path */
	size_t			 ntrees;
	int			 io_failed; /* a file or folder of the work
					     * tree could not be read (an
					     * I/O failure, also reported) */
};

/*
 * Open the repository at or above repo_dir (NULL: the current
 * directory), and read the input files of revision rev (NULL: the working
 * tree, tracked files and untracked ones that are not ignored).
 * Returns 0 with *out set (free with source_free()), 1 if input problems
 * were reported to d (*out is still set with the files that were fine),
 * or -1 after reporting that the repository or revision could not be
 * opened (*out NULL).
 */
int	source_open(struct source **out, const char *repo_dir,
	    const char *rev, const struct source_limits *limits,
	    struct diags *d);
/*
 * The same, from repo, a repository already open (a command opens it
 * once for all its stages: gitrepo_open()), which is not closed; only,
 * if not NULL, is the one input folder to read (such as "_data").
 */
int	source_read(struct source **out, struct git_repository *repo,
	    const char *rev, const char *only,
	    const struct source_limits *limits, struct diags *d);
void	source_free(struct source *s);

/* The tree of the folder at path when read from a revision, or NULL. */
const git_oid *source_tree_id(const struct source *s, const char *path);

/*
 * Read the bytes of a file left unread (limits->skip) from its blob in
 * repo, the repository it was read from. Returns 0 (f->data set,
 * f->unread cleared), or -1 (f unchanged).
 */
int	source_fill(struct git_repository *repo, struct source_file *f);

/* The file at path, or NULL. */
const struct source_file *source_find(const struct source *s,
	    const char *path);

/*
 * Free the bytes of the file at path (its data becomes NULL; its len
 * stays), for a stage that no longer needs them. Nothing happens when
 * there is no such file.
 */
void	source_release(struct source *s, const char *path);

/*
 * The blob id Git gives the bytes of f (a file of s), in out: --rev's
 * as read, or worked out. Returns 0, or -1 when it cannot be had.
 */
int	source_blob_id(const struct source *s, const struct source_file *f,
	    unsigned char out[20]);

/*
 * Is the last part of path the name of a file an editor leaves beside
 * the one it edits, while it is open or after saving it? A backup
 * (NAME~), Emacs's auto-save (#NAME#) and lock (.#NAME, a symbolic
 * link), Vim's swap files (.NAME.swp, .swo and on, down to .swa, and
 * .swx) and the file Vim makes to test a folder (4913). Untracked, such
 * a file is not read from the working tree: serve goes on building
 * while a file is open in an editor.
 */
int	source_editor_file(const char *path);

/*
 * Read the working tree's file at path (relative to workdir, which ends
 * in '/') alone, for a reader told which files changed (marche serve):
 * a regular file, not a link, of at most lim->max_file_bytes, read
 * whole as it was when stat() was asked, and kept in lim->keep (NULL
 * allowed) as a read of the whole tree keeps it. Returns 0 with *data
 * (malloc()ed, NUL-ended; free it) and *len set, 1 when there is no
 * such file, or -1 when it is anything else or cannot be read: only a
 * read of the whole tree tells what then.
 */
int	source_wt_read_one(const char *workdir, const char *path,
	    const struct source_limits *lim, char **data, size_t *len);

/*
 * Read the file at path again, as source_open() read it: from the
 * working tree, or the revision's blob. Returns a malloc()ed text
 * (NUL-terminated) with *lenp set, or NULL when it cannot be read, is
 * gone, or is longer than when it was first read. The working tree may
 * have changed since: the caller compares what it gets.
 */
char	*source_read_again(const struct source *s, const char *path,
	    size_t *lenp);
/* source_read_again() as a diag_fetch_fn (diag.h), with s as ctx. */
char	*source_reread(void *s, const char *path, size_t *lenp);

#endif
