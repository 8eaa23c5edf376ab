/*
 * Reuse of the previous output's unchanged files: a file whose bytes a
 * build would write again is hard-linked into the staging folder, which
 * costs the file system no new inode and keeps the file's times.
 *
 * Only a file that is certainly the previous build's is linked: reached
 * under the previous output folder without following any symbolic link
 * (openat2 with RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS), a regular file
 * of this user's, with the mode a new file would get and no other link
 * (a file also linked from elsewhere would be changed from there). It
 * is opened with O_PATH, judged with fstat() and linked from that
 * descriptor through /proc/self/fd, so a file swapped for another after
 * the checks is never the one linked. Whatever fails (no openat2, no
 * /proc, another file system), the file is written instead.
 */
#define _GNU_SOURCE	/* O_PATH */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "output.h"
#include "output_impl.h"

/* Open rel beneath dirfd, following no symbolic link, or -1. */
static int
open_beneath(int dirfd, const char *rel, int flags)
{
#ifdef SYS_openat2
	struct open_how	how;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)flags;
	how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
	    RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;
	return (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
#else
	(void)dirfd;
	(void)rel;
	(void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

int
output_open_previous(const char *dir)
{
	struct stat	st;
	int		fd;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -1;
	/* The marker, as output_owned() judged it by name. */
	if (fstatat(fd, OUTPUT_MARKER, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
	    !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Does the file open as fd hold exactly the len bytes at data? */
static int
holds_bytes(int fd, const unsigned char *data, size_t len)
{
	unsigned char	buf[32768];
	ssize_t		n;

	for (;;) {
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || (size_t)n > len)
			return 0;
		if (n == 0)
			return len == 0;
		if (memcmp(buf, data, (size_t)n) != 0)
			return 0;
		data += n;
		len -= (size_t)n;
	}
}

int
output_link_previous(int prev_fd, mode_t mode, const char *rel,
    const char *full, const void *data, size_t len)
{
	struct stat	 st;
	char		 proc[64];
	int		 fd, rfd, rc = -1;

	if (prev_fd < 0 ||
	    (fd = open_beneath(prev_fd, rel, O_PATH | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < 0 || (size_t)st.st_size != len ||
	    st.st_uid != geteuid() || (st.st_mode & 07777) != mode ||
	    st.st_nlink != 1)
		goto out;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	/* The same file read: reopening the descriptor follows no path. */
	if ((rfd = open(proc, O_RDONLY | O_CLOEXEC)) < 0)
		goto out;
	if (!holds_bytes(rfd, data, len)) {
		close(rfd);
		goto out;
	}
	close(rfd);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, full, AT_SYMLINK_FOLLOW) != 0) {
		if (errno == EEXIST)
			rc = EEXIST;
		goto out;
	}
	/* A link made elsewhere since the check: not ours alone. */
	if (fstat(fd, &st) != 0 || st.st_nlink != 2) {
		unlink(full);
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}
