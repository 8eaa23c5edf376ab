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
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "output.h"
#include "output_impl.h"
#include "xalloc.h"

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

/* Do the files open as a and b hold the same bytes, len of them? */
static int
same_files(int a, int b, size_t len)
{
	unsigned char	ba[32768], bb[32768];
	ssize_t		na, nb;

	for (;;) {
		while ((na = read(a, ba, sizeof(ba))) < 0 && errno == EINTR)
			continue;
		if (na < 0 || (size_t)na > len)
			return 0;
		if (na == 0)
			return len == 0 && read(b, bb, 1) == 0;
		for (nb = 0; nb < na;) {
			ssize_t n = read(b, bb + nb, (size_t)(na - nb));

			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				return 0;
			nb += n;
		}
		if (memcmp(ba, bb, (size_t)na) != 0)
			return 0;
		len -= (size_t)na;
	}
}

/*
 * The previous output's file at rel, opened with O_PATH, when it may be
 * linked: a regular file of len bytes, this user's, with mode `mode` and
 * no other link; else -1.
 */
static int
previous_linkable(int prev_fd, mode_t mode, const char *rel, size_t len)
{
	struct stat	st;
	int		fd;

	if (prev_fd < 0 ||
	    (fd = open_beneath(prev_fd, rel, O_PATH | O_NOFOLLOW |
	    O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < 0 || (size_t)st.st_size != len ||
	    st.st_uid != geteuid() || (st.st_mode & 07777) != mode ||
	    st.st_nlink != 1) {
		close(fd);
		return -1;
	}
	return fd;
}

int
output_link_previous_file(int prev_fd, mode_t mode, const char *rel,
    const char *full, size_t len)
{
	struct stat	 st;
	char		 proc[64], *tmp = NULL;
	int		 fd, rfd, sfd, same, rc = -1;

	if ((fd = previous_linkable(prev_fd, mode, rel, len)) < 0)
		return -1;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	/* The same file read: reopening the descriptor follows no path. */
	if ((rfd = open(proc, O_RDONLY | O_CLOEXEC)) < 0)
		goto out;
	if ((sfd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		close(rfd);
		goto out;
	}
	same = same_files(rfd, sfd, len);
	close(rfd);
	close(sfd);
	if (!same)
		goto out;
	/*
	 * Linked beside it first, then renamed over it: the file written
	 * stays until the link is known to be good. A control character
	 * keeps the name apart from every output path (path_check_output()).
	 */
	tmp = xasprintf("%s\001", full);
	if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) != 0)
		goto out;
	/* A link made elsewhere since the check: not ours alone. */
	if (fstat(fd, &st) != 0 || st.st_nlink != 2 ||
	    rename(tmp, full) != 0) {
		unlink(tmp);
		goto out;
	}
	rc = 0;
out:
	free(tmp);
	close(fd);
	return rc;
}

int
output_link_previous(int prev_fd, mode_t mode, const char *rel,
    const char *full, const void *data, size_t len)
{
	struct stat	 st;
	char		 proc[64];
	int		 fd, rfd, rc = -1;

	if ((fd = previous_linkable(prev_fd, mode, rel, len)) < 0)
		return -1;
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
