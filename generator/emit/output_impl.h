/*
 * What output.c shares with the files that help it; not for the other
 * stages.
 */
#ifndef MARCHE_OUTPUT_IMPL_H
#define MARCHE_OUTPUT_IMPL_H

#include <stddef.h>
#include <time.h>
#include <sys/stat.h>
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

/* --- The record of what an output folder holds (output_record.c). --- */

/* One file of an output record. */
struct output_entry {
	char			*path;	/* NULL: an empty slot */
	size_t			 phash;	/* hash_str(path) */
	unsigned long long	 hash;
	size_t			 len;
	int			 staged; /* written to the staging folder */
	int			 trusted; /* as below since, by inotify */
	int			 moved;	/* its path is the next record's */
	int			 taken;	/* its path was the last record's */
	int			 inherited; /* taken whole by output_inherit(),
					 * not claimed since */
	ino_t			 ino;	/* the file in the folder, to tell */
	struct timespec		 mtime;	/* it was not changed by another */
};

/*
 * A folder of the output watched with inotify: a file of it found
 * unchanged by lstat() after the watch began is trusted to stay so
 * until an event names it, and is not looked at again.
 */
struct output_watch {
	int			 wd;
	char			*rel;	/* "" for the output folder itself */
};

struct output_record {
	int			 valid;	/* it tells what dir holds */
	dev_t			 dev;	/* the folder it was written to */
	ino_t			 ino;
	struct output_entry	*slots;	/* open addressing by hash_str() */
	size_t			 nslots;	/* a power of two, or 0 */
	size_t			 count;
	int			 ifd;	/* inotify, or -1 (none yet: 0 with
					 * watching unset) */
	int			 watching; /* ifd is set up */
	int			 no_watch; /* look at every file instead */
	int			 watch_some; /* the folders of the files
					 * not staged are watched */
	struct output_watch	*watches;
	size_t			 nwatches, capwatches;
	size_t			*wset;	/* 1 + index in watches, open
					 * addressing by their rel */
	size_t			 nwset;	/* a power of two, or 0 */
};

/* The entry of r for path, or NULL. */
struct output_entry *record_find(const struct output_record *r,
		    const char *path);
/* Add path (copied) to r, which has no such entry, with its bytes' hash
 * and length; same: the last record's entry for it, whose file is kept.
 * Returns the entry, valid until the next change of r. */
struct output_entry *record_put(struct output_record *r, const char *path,
		    unsigned long long hash, size_t len,
		    struct output_entry *same);
/* Remove e, an entry of r, whose path r does not own (taken). */
void		 record_remove(struct output_record *r,
		    struct output_entry *e);
/* A hash of a file's bytes, to tell files that differ apart. */
unsigned long long record_bytes_hash(const void *data, size_t len);
/* Whether e's file is in out's folder as the last commit left it. */
int		 record_unchanged(const struct output *out,
		    struct output_entry *e);
/* Take what inotify told of r's folders since the last build. */
void		 record_drain(struct output_record *r);
/* After a commit: out's record tells what its folder now holds. */
void		 record_keep(struct output *out);

#endif
