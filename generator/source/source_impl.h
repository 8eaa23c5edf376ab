/*
 * Shared by source.c (the walk's state and what both backends share),
 * source_rev.c (reading a committed revision) and source_wt.c (reading
 * the working tree). Not part of the interface.
 */
#ifndef MARCHE_SOURCE_IMPL_H
#define MARCHE_SOURCE_IMPL_H

#include <stddef.h>

#include <git2.h>

#include "buf.h"
#include "source.h"
#include "srcpath.h"

/* The folders at the top of the tree that hold input, sorted bytewise. */
#define SRC_NROOTS	5
extern const char *const src_input_roots[SRC_NROOTS];

/* One entry of a folder, while it is screened. */
struct ent {
	const char		*name;	/* entry name, NUL-ended, borrowed */
	const git_tree_entry	*te;	/* the tree entry (--rev), or NULL */
	int			 keep;	/* still an input after screening */
};

/* An entry's collision key, while a folder is screened. */
struct fold {
	struct srcpath_key	key;	/* its name's key (srcpath.h) */
	size_t			ent;	/* index of the entry in the folder */
};

/* --rev: a file whose entry is made and whose bytes are read later. */
struct pending {
	size_t		 file;		/* index in the walk's files */
	git_oid		 id;		/* its blob */
	size_t		 size;		/* its size, from the object header */
	char		*error;		/* why it could not be read, or NULL */
};

/* The state of one read, shared by both backends. */
struct walk {
	git_repository			*repo;	 /* the open repository */
	git_odb				*odb;	 /* its objects (--rev) */
	git_index			*index;	 /* tracked paths, or NULL */
	const char			*workdir; /* work tree, trailing '/' */
	const struct source_limits	*lim;	 /* bounds */
	const char			*only;	 /* the one input folder
						  * read, or NULL for all */
	struct diags			*d;	 /* where problems go */
	struct source_file		*files;	 /* read so far, unsorted */
	size_t				 count;	 /* used entries of files */
	size_t				 cap;	 /* allocated entries */
	struct source_tree		*trees;	 /* --rev: folders read */
	size_t				 ntrees;
	size_t				 treecap;
	int				 refused; /* a problem was reported */
	int				 full;	 /* max_files or
						  * max_total_bytes was
						  * reached */
	size_t				 total;	 /* bytes read so far */
	int				 io;	 /* the file system failed
						  * to give a file or folder */
	struct buf			 path;	 /* current relative path */
	struct buf			 fs;	 /* scratch: absolute path */
	struct pending			*pend;	 /* --rev: files to read */
	size_t				 npend;
	size_t				 cappend;
};

/* Report a problem with the current path and mark the read as refused. */
void	src_walk_refuse(struct walk *w, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Report that the file system would not give the current path (errno
 * err); see source.c. */
void	src_walk_unreadable(struct walk *w, const char *what, int err);
/* Append "/name" (or "name" at the top) to the current path; returns the
 * old length for src_walk_pop(). */
size_t	src_walk_push(struct walk *w, const char *name);
void	src_walk_pop(struct walk *w, size_t old);
/* The absolute path of the current path in the work tree. */
const char *src_walk_fspath(struct walk *w);
/* Take ownership of data (len bytes, NUL after) as the current path. */
void	src_walk_add(struct walk *w, char *data, size_t len);
/* Whether one more file, of size bytes, may be read (and count it); the
 * first file over a limit is reported, and the walk stops there. */
int	src_walk_room(struct walk *w, size_t size);
/* Whether a folder at this depth (1 for "site") may be entered. */
int	src_walk_deep_ok(struct walk *w, int depth);
/* Sort a folder's entries bytewise, then refuse the kept ones with bad
 * names, then names that collide. */
void	src_walk_screen(struct walk *w, struct ent *ents, size_t n);

/* --rev (source_rev.c): find rev, record its commit id in s, and read
 * its input folders. Returns 0, or -1 after reporting that rev names no
 * commit. */
int	src_rev_read(struct walk *w, struct source *s, const char *rev);
/* Order folders (struct source_tree) bytewise by path. */
int	src_tree_cmp(const void *pa, const void *pb);
/* Work tree (source_wt.c): read the input folders that exist and are
 * not ignored. */
void	src_wt_read(struct walk *w);

#endif
