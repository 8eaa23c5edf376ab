/*
 * Staged, atomic output. Files are written into a fresh staging folder
 * beside the output folder; on success the staging folder replaces the
 * output folder in one rename, so readers and a failed build never see
 * a half-written site. Every path goes through path_check_output(), so
 * nothing is written outside the staging folder.
 */
#ifndef MARCHE_OUTPUT_H
#define MARCHE_OUTPUT_H

#include <stddef.h>

struct diags;

struct output {
	char	*dir;		/* the output folder, as given */
	char	*staging;	/* the staging folder being filled */
	size_t	 files;		/* files written so far */
	size_t	 bytes;		/* bytes written so far */
	int	 failed;	/* a write failed: commit will refuse */
};

/*
 * Check that dir is a safe output folder for a site read from the
 * repository work tree workdir (may be NULL): not the file system root,
 * not the work tree or one of its ancestors, not inside an input folder.
 * Returns 0 or -1 after reporting.
 */
int	output_check_dir(const char *dir, const char *workdir,
	    struct diags *d);

/*
 * Create the staging folder for dir (its parent must exist).
 * Returns 0, or -1 after reporting (then nothing was created).
 */
int	output_begin(struct output *out, const char *dir, struct diags *d);

/*
 * Write len bytes as the file at relative path rel in the staging
 * folder, creating folders as needed. A path that is unsafe or already
 * written is refused. Returns 0, or -1 after reporting.
 */
int	output_write(struct output *out, const char *rel, const void *data,
	    size_t len, struct diags *d);

/*
 * Put the staging folder in place of the output folder (the previous
 * output is removed only once the new one is in place). Files whose
 * bytes did not change keep their previous modification time. Returns 0, or -1
 * after reporting; on failure the previous output is left as it was.
 */
int	output_commit(struct output *out, struct diags *d);

/* Remove the staging folder and forget it; safe after commit. */
void	output_abort(struct output *out);

#endif
