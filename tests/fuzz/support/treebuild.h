/*
 * Trees written object by object, raw, from a small instruction language
 * (so names, modes and shapes libgit2 itself would refuse to create are
 * possible). Shared by the fuzz targets of the Git tree walks.
 *
 * One instruction a line:
 *   d NAME          open a folder NAME (mode 40000)
 *   u               close the current folder
 *   f NAME<TAB>TEXT a file (100644) holding TEXT
 *   x NAME<TAB>TEXT an executable file (100755)
 *   l NAME<TAB>TO   a symbolic link (120000)
 *   s NAME          a submodule (160000)
 *   m MODE NAME<TAB>TEXT  a blob under any octal MODE
 *   c NAME          the last object written again, under NAME (shared
 *                   blobs and subtrees: a small input, a large tree)
 * Entries are written in the order given; NAME is any bytes.
 */
#ifndef MARCHE_FUZZ_TREEBUILD_H
#define MARCHE_FUZZ_TREEBUILD_H

#include <stddef.h>

#include <git2.h>

/* Write size bytes of text as a tree into odb; its id in *root. Aborts
 * when an object cannot be written. */
void	treebuild(git_oid *root, git_odb *odb, const char *text, size_t size);

/* Write one object; aborts when it cannot be. */
void	treebuild_write(git_oid *id, git_odb *odb, const char *data,
	    size_t len, git_object_t type);

/*
 * Make a new bare repository in a temporary folder (in memory where
 * possible), removing the one made before; its path into dir (size
 * bytes). Removed at exit.
 */
void	treebuild_repo(char *dir, size_t size);

/* Inputs written into one repository before a fresh one is made. */
#define TREEBUILD_RESET_EVERY	1000

/*
 * Open the repository of the current inputs (a fresh one in dir, size
 * bytes, every TREEBUILD_RESET_EVERY calls) and its object database,
 * within a git_libgit2_init() the caller ends with git_libgit2_shutdown().
 */
void	treebuild_open(git_repository **repo, git_odb **odb, char *dir,
	    size_t size);

#endif
