/*
 * The bytes of working-tree files read by the last build, kept with what
 * stat() said of each (size, modification and change times in
 * nanoseconds, inode, device), so that the next read of the same working
 * tree (marche serve) takes them again instead of reading a file whose
 * stat() is the same. As Git's index does, a file changed within
 * SOURCE_KEEP_RACY_NS before it was read is "racy" (a write in the same
 * tick of the file system's clock would leave its times as they were)
 * and is always read again.
 */
#ifndef MARCHE_SOURCE_KEEP_H
#define MARCHE_SOURCE_KEEP_H

#include <stddef.h>
#include <sys/stat.h>

#define SOURCE_KEEP_RACY_NS	(2LL * 1000000000LL)

struct source_keep;

struct source_keep *source_keep_new(void);
void	source_keep_free(struct source_keep *k);	/* NULL allowed */

/* The current time for source_keep_put(), in nanoseconds. */
long long source_keep_clock(void);

/*
 * A copy (NUL-ended, free it) of the bytes kept for path when st (of
 * the file at path now, from lstat) is what it was when they were read
 * and they were not racy then; *len gets their length. Else NULL.
 */
char	*source_keep_get(struct source_keep *k, const char *path,
	    const struct stat *st, size_t *len);

/*
 * Keep len bytes of data (copied) for path, read from a file whose
 * stat() before the read was st, at read_ns (source_keep_clock(), taken
 * before the file was opened). A racy file is forgotten instead.
 */
void	source_keep_put(struct source_keep *k, const char *path,
	    const struct stat *st, long long read_ns, const char *data,
	    size_t len);

#endif
