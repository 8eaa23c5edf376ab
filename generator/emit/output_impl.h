/*
 * What output.c shares with the files that help it; not for the other
 * stages.
 */
#ifndef MARCHE_OUTPUT_IMPL_H
#define MARCHE_OUTPUT_IMPL_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Open the previous output folder dir, to link its unchanged files
 * from: only a folder (not a link to one) that holds the output marker.
 * Returns the descriptor, or -1 (then every file is written).
 */
int	output_open_previous(const char *dir);

/*
 * Hard-link the previous output's file at relative path rel (under the
 * folder prev_fd, without following any symbolic link) to full, if it
 * holds exactly the len bytes at data, is a regular file owned by this
 * user with mode `mode` and has no other link. Safe from any thread.
 * Returns 0 (linked), EEXIST (full exists: the path is taken), or -1
 * (not linked, nothing made: write the file instead).
 */
int	output_link_previous(int prev_fd, mode_t mode, const char *rel,
	    const char *full, const void *data, size_t len);

/*
 * The same for a file written already at full, of len bytes (written
 * as it was made, too large to hold): when the previous output's file at
 * rel holds the same bytes (and may be linked, as above), full is
 * replaced by a link to it. Returns 0 (replaced) or -1 (full left as it
 * was).
 */
int	output_link_previous_file(int prev_fd, mode_t mode, const char *rel,
	    const char *full, size_t len);

struct diags;
struct output;

/*
 * Whether dir may be replaced (output_place.c): missing, or a folder
 * that is empty or holds OUTPUT_MARKER as a regular file. Returns 0, or
 * -1 after reporting.
 */
int	output_owned(const char *dir, struct diags *d);

/* Remove what interrupted builds left in parent beside base. */
void	output_sweep(const char *parent, const char *base, struct diags *d);

/* Create the held lock and out's staging folder beside it in parent.
 * Returns 0, or -1 after reporting. */
int	output_stage(struct output *out, const char *parent, const char *base,
	    struct diags *d);

/* Remove a folder tree without following symbolic links. */
int	output_remove_tree(const char *path);

#endif
