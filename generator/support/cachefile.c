/* The caches' framing: see cachefile.h. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blobid.h"
#include "buf.h"
#include "cachefile.h"
#include "text.h"
#include "xalloc.h"

char *
cachefile_path(git_repository *repo, const char *name)
{
	const char	*dir = git_repository_commondir(repo);

	if (dir == NULL)
		dir = git_repository_path(repo);
	if (dir == NULL)
		return NULL;
	return xasprintf("%s%smarche/%s", dir,
	    dir[0] != '\0' && dir[strlen(dir) - 1] == '/' ? "" : "/", name);
}

/* --- Reading: every step bounded, any failure rejects the file. --- */

int
cachefile_need(struct cachefile_rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return 0;
	}
	return 1;
}

uint64_t
cachefile_uint(struct cachefile_rd *r, size_t n)
{
	uint64_t	v = 0;
	size_t		i;

	if (!cachefile_need(r, n))
		return 0;
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

void
cachefile_oid(struct cachefile_rd *r, git_oid *id)
{
	memset(id, 0, sizeof(*id));
	if (!cachefile_need(r, 20))
		return;
	memcpy(id->id, r->p, 20);
	r->p += 20;
}

int
cachefile_shown_text(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, len;
	uint32_t		 cp;

	while (i < n) {
		len = text_utf8_decode(p + i, n - i, &cp);
		if (len == 0 || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
			return 0;
		i += len;
	}
	return 1;
}

char *
cachefile_str(struct cachefile_rd *r, size_t max, int shown)
{
	size_t	 n = (size_t)cachefile_uint(r, 4);
	char	*s;

	if (r->bad || n > max || !cachefile_need(r, n) ||
	    memchr(r->p, '\0', n) != NULL ||
	    (shown && !cachefile_shown_text((const char *)r->p, n))) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

size_t
cachefile_count(struct cachefile_rd *r, size_t each)
{
	uint64_t	n = cachefile_uint(r, 4);

	if (r->bad || n > (uint64_t)(r->end - r->p) / each) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

/* The whole file at path, when it is a regular file of sane size. */
static unsigned char *
slurp(const char *path, size_t max, size_t *lenp)
{
	struct stat	 st;
	unsigned char	*data = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < CACHEFILE_HEADER || (uint64_t)st.st_size > max)
		goto fail;
	data = xmalloc((size_t)st.st_size);
	while (got < (size_t)st.st_size) {
		r = read(fd, data + got, (size_t)st.st_size - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			goto fail;
		got += (size_t)r;
	}
	close(fd);
	*lenp = got;
	return data;
fail:
	free(data);
	close(fd);
	return NULL;
}

unsigned char *
cachefile_open(struct cachefile_rd *r, const char *path,
    const char magic[16], uint32_t version, const char *format, size_t max)
{
	unsigned char	*data;
	git_oid		 sum, want;
	size_t		 len = 0, flen = strlen(format);
	uint64_t	 plen;

	if (path == NULL || (data = slurp(path, max, &len)) == NULL)
		return NULL;
	r->p = data;
	r->end = data + len;
	r->bad = 0;
	if (memcmp(r->p, magic, 16) != 0)
		goto bad;
	r->p += 16;
	if (cachefile_uint(r, 4) != version ||
	    cachefile_uint(r, 4) != flen || !cachefile_need(r, flen) ||
	    memcmp(r->p, format, flen) != 0)
		goto bad;
	r->p += flen;
	plen = cachefile_uint(r, 8);
	cachefile_oid(r, &want);
	if (r->bad || plen != (uint64_t)(r->end - r->p) ||
	    blob_id(r->p, (size_t)plen, sum.id) != 0 ||
	    !git_oid_equal(&sum, &want))
		goto bad;
	return data;
bad:
	free(data);
	return NULL;
}

/* --- Writing. --- */

void
cachefile_put_str(struct buf *b, const char *s)
{
	size_t	n = strlen(s);

	buf_put_le(b, n, 4);
	buf_put(b, s, n);
}

/* Write all of data to fd. */
static int
write_all(int fd, const void *data, size_t len)
{
	const char	*p = data;
	ssize_t		 w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		len -= (size_t)w;
	}
	return 0;
}

int
cachefile_write(const char *path, const char magic[16], uint32_t version,
    const char *format, const struct buf *payload, size_t max)
{
	struct buf	 head = BUF_INIT;
	git_oid		 sum;
	char		*dir = NULL, *tmp = NULL, *slash;
	int		 fd = -1, rc = -1;

	if (path == NULL || payload->len > max - CACHEFILE_HEADER -
	    CACHEFILE_MAX_FORMAT || strlen(format) > CACHEFILE_MAX_FORMAT ||
	    blob_id(payload->len > 0 ? payload->data : "", payload->len,
	    sum.id) != 0)
		goto out;
	buf_put(&head, magic, 16);
	buf_put_le(&head, version, 4);
	buf_put_le(&head, strlen(format), 4);
	buf_puts(&head, format);
	buf_put_le(&head, payload->len, 8);
	buf_put(&head, sum.id, 20);

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			goto out;
	}
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		goto out;
	if (write_all(fd, head.data, head.len) != 0 ||
	    write_all(fd, payload->data, payload->len) != 0 ||
	    fchmod(fd, 0644) != 0)
		goto out;
	if (close(fd) != 0) {
		fd = -1;
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto out;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	if (rc != 0 && tmp != NULL)
		unlink(tmp);
	free(tmp);
	free(dir);
	buf_free(&head);
	return rc;
}

int
cachefile_read_all(const char *path, const char *format,
    const struct cachefile_entries *how, void *ctx)
{
	struct cachefile_rd	 r;
	unsigned char		*data;
	size_t			 n, i;
	int			 rc = -1;

	if ((data = cachefile_open(&r, path, how->magic, how->version,
	    format, how->max_file)) == NULL)
		return -1;
	n = cachefile_count(&r, how->min_entry);
	if (r.bad || n > how->max_entries)
		goto out;
	for (i = 0; i < n; i++)
		if (how->entry(&r, ctx) != 0)
			goto out;
	if (!r.bad && r.p == r.end)
		rc = 0;
out:
	free(data);
	return rc;
}
