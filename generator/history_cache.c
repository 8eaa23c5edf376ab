/*
 * The history cache's file: see history_cache.h.
 *
 * Layout (integers little-endian):
 *	magic		"MARCHE-HISTORY\n\0" (16 bytes)
 *	version		u32 (HCACHE_VERSION)
 *	format		u32 length, then the walk's bounds in words
 *	payload length	u64
 *	checksum	20 bytes: SHA-1 of the payload (as a Git blob)
 *	payload		u32 entries, then each entry:
 *	    id[20] time:i64 subject:str correction:u8+str
 *	    has_settings:u8 [settings_id[20]]
 *	    u32 changes, each: status:u8 old_mode:u32 new_mode:u32
 *	        new_size:u64 old_id[20] new_id[20] path:str
 *	        has_old_path:u8 [old_path:str]
 *	    u32 problems, each: path:str msg:str
 * where str is a u32 length and that many bytes (no NUL among them).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "history_cache.h"
#include "text.h"
#include "xalloc.h"

#define HCACHE_MAGIC		"MARCHE-HISTORY\n"	/* 16 with its NUL */
#define HCACHE_VERSION		1
#define HCACHE_MAX_FILE		((size_t)512 * 1024 * 1024)
#define HCACHE_MAX_FORMAT	1024
#define HCACHE_MAX_PATH		65536	/* bytes of one path */
#define HCACHE_MAX_TEXT		4096	/* a subject, reason or message */
#define HCACHE_MAX_ENTRIES	(1u << 24)
#define HCACHE_HEADER		(16 + 4 + 4 + 8 + 20)	/* and the format */

/* Smallest encodings, to bound counts by the bytes left. */
#define HCACHE_MIN_ENTRY	(20 + 8 + 4 + 1 + 1 + 4 + 4)
#define HCACHE_MIN_CHANGE	(1 + 4 + 4 + 8 + 20 + 20 + 4 + 1)
#define HCACHE_MIN_PROBLEM	(4 + 4)

char *
hcache_path(git_repository *repo, const char *name)
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

struct rd {
	const unsigned char	*p;	/* next byte */
	const unsigned char	*end;	/* past the last */
	int			 bad;	/* a check failed */
};

static int
rd_need(struct rd *r, size_t n)
{
	if (r->bad || (size_t)(r->end - r->p) < n) {
		r->bad = 1;
		return 0;
	}
	return 1;
}

static uint64_t
rd_uint(struct rd *r, size_t n)
{
	uint64_t	v = 0;
	size_t		i;

	if (!rd_need(r, n))
		return 0;
	for (i = 0; i < n; i++)
		v |= (uint64_t)r->p[i] << (8 * i);
	r->p += n;
	return v;
}

static void
rd_oid(struct rd *r, git_oid *id)
{
	memset(id, 0, sizeof(*id));
	if (!rd_need(r, 20))
		return;
	memcpy(id->id, r->p, 20);
	r->p += 20;
}

/* Text to show: well-formed UTF-8 with no control character. */
static int
shown_text(const char *s, size_t n)
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

/* A string of at most max bytes, with no NUL (shown: fit to show). */
static char *
rd_str(struct rd *r, size_t max, int shown)
{
	size_t	 n = (size_t)rd_uint(r, 4);
	char	*s;

	if (r->bad || n > max || !rd_need(r, n) ||
	    memchr(r->p, '\0', n) != NULL ||
	    (shown && !shown_text((const char *)r->p, n))) {
		r->bad = 1;
		return NULL;
	}
	s = xstrndup((const char *)r->p, n);
	r->p += n;
	return s;
}

static size_t
rd_count(struct rd *r, size_t each)
{
	uint64_t	n = rd_uint(r, 4);

	if (r->bad || n > (uint64_t)(r->end - r->p) / each) {
		r->bad = 1;
		return 0;
	}
	return (size_t)n;
}

static struct hcache_commit *
rd_entry(struct rd *r)
{
	struct hcache_commit	*e = xcalloc(1, sizeof(*e));
	size_t			 i, n;

	rd_oid(r, &e->id);
	e->time = (long long)rd_uint(r, 8);
	e->subject = rd_str(r, HCACHE_MAX_TEXT, 1);
	if (rd_uint(r, 1) != 0)
		e->correction = rd_str(r, HCACHE_MAX_TEXT, 1);
	e->has_settings = rd_uint(r, 1) != 0;
	if (e->has_settings)
		rd_oid(r, &e->settings_id);
	n = rd_count(r, HCACHE_MIN_CHANGE);
	e->changes = n > 0 ? xcalloc(n, sizeof(*e->changes)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		struct hcache_change *c = &e->changes[i];
		unsigned int s = (unsigned int)rd_uint(r, 1);

		e->nchanges++;
		if (s != GIT_DELTA_ADDED && s != GIT_DELTA_DELETED &&
		    s != GIT_DELTA_MODIFIED && s != GIT_DELTA_RENAMED)
			r->bad = 1;
		c->status = (git_delta_t)s;
		c->old_mode = (unsigned int)rd_uint(r, 4);
		c->new_mode = (unsigned int)rd_uint(r, 4);
		c->new_size = rd_uint(r, 8);
		rd_oid(r, &c->old_id);
		rd_oid(r, &c->new_id);
		c->path = rd_str(r, HCACHE_MAX_PATH, 0);
		if (rd_uint(r, 1) != 0)
			c->old_path = rd_str(r, HCACHE_MAX_PATH, 0);
		if ((c->status == GIT_DELTA_RENAMED) != (c->old_path != NULL))
			r->bad = 1;
	}
	n = rd_count(r, HCACHE_MIN_PROBLEM);
	e->problems = n > 0 ? xcalloc(n, sizeof(*e->problems)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		e->nproblems++;
		e->problems[i].path = rd_str(r, HCACHE_MAX_PATH, 0);
		e->problems[i].msg = rd_str(r, HCACHE_MAX_TEXT, 1);
	}
	if (r->bad) {
		hcache_commit_free(e);
		return NULL;
	}
	return e;
}

/* The whole file at path, when it is a regular file of sane size. */
unsigned char *
hcache_slurp(const char *path, size_t *lenp)
{
	struct stat	 st;
	unsigned char	*data = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < HCACHE_HEADER || (uint64_t)st.st_size >
	    HCACHE_MAX_FILE)
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

int
hcache_read(struct hcache *hc, const char *path, const char *format)
{
	unsigned char		*data;
	struct rd		 r;
	git_oid			 sum, want;
	size_t			 len = 0, n, i, flen;
	uint64_t		 plen;

	memset(hc, 0, sizeof(*hc));
	if (path == NULL || (data = hcache_slurp(path, &len)) == NULL)
		return -1;
	r.p = data;
	r.end = data + len;
	r.bad = 0;
	flen = strlen(format);
	if (memcmp(r.p, HCACHE_MAGIC, 16) != 0)
		goto bad;
	r.p += 16;
	if (rd_uint(&r, 4) != HCACHE_VERSION ||
	    rd_uint(&r, 4) != flen || !rd_need(&r, flen) ||
	    memcmp(r.p, format, flen) != 0)
		goto bad;
	r.p += flen;
	plen = rd_uint(&r, 8);
	rd_oid(&r, &want);
	if (r.bad || plen != (uint64_t)(r.end - r.p) ||
	    git_odb_hash(&sum, r.p, (size_t)plen, GIT_OBJECT_BLOB) != 0 ||
	    !git_oid_equal(&sum, &want))
		goto bad;
	n = rd_count(&r, HCACHE_MIN_ENTRY);
	if (n > HCACHE_MAX_ENTRIES)
		goto bad;
	for (i = 0; i < n; i++) {
		struct hcache_commit *e = rd_entry(&r);

		if (e == NULL)
			goto bad;
		if (hcache_find(hc, &e->id) != NULL) {
			hcache_commit_free(e);	/* twice: not written so */
			goto bad;
		}
		hcache_add(hc, e);
	}
	if (r.p != r.end)
		goto bad;
	free(data);
	return 0;
bad:
	free(data);
	hcache_free(hc);
	return -1;
}

/* --- The index by commit id. --- */

static size_t
oid_hash(const git_oid *id)
{
	size_t	h;

	memcpy(&h, id->id, sizeof(h));	/* SHA-1 bytes are spread enough */
	return h;
}

static void
index_grow(struct hcache *hc)
{
	size_t	i, s, n = hc->nslots ? hc->nslots * 2 : 1024;

	free(hc->slots);
	hc->slots = xcalloc(n, sizeof(*hc->slots));
	hc->nslots = n;
	for (i = 0; i < hc->count; i++) {
		s = oid_hash(&hc->list[i]->id) & (n - 1);
		while (hc->slots[s] != 0)
			s = (s + 1) & (n - 1);
		hc->slots[s] = i + 1;
	}
}

struct hcache_commit *
hcache_find(const struct hcache *hc, const git_oid *id)
{
	size_t	s;

	if (hc->nslots == 0)
		return NULL;
	s = oid_hash(id) & (hc->nslots - 1);
	while (hc->slots[s] != 0) {
		if (git_oid_equal(&hc->list[hc->slots[s] - 1]->id, id))
			return hc->list[hc->slots[s] - 1];
		s = (s + 1) & (hc->nslots - 1);
	}
	return NULL;
}

void
hcache_add(struct hcache *hc, struct hcache_commit *e)
{
	size_t	s;

	if ((hc->count + 1) * 2 > hc->nslots)
		index_grow(hc);
	if (hc->count == hc->cap) {
		hc->cap = hc->cap ? hc->cap * 2 : 256;
		hc->list = xreallocarray(hc->list, hc->cap, sizeof(*hc->list));
	}
	hc->list[hc->count++] = e;
	s = oid_hash(&e->id) & (hc->nslots - 1);
	while (hc->slots[s] != 0)
		s = (s + 1) & (hc->nslots - 1);
	hc->slots[s] = hc->count;
}

/* --- Writing. --- */

static void
put_str(struct buf *b, const char *s)
{
	size_t	n = strlen(s);

	buf_put_le(b, n, 4);
	buf_put(b, s, n);
}

static void
put_entry(struct buf *b, const struct hcache_commit *e)
{
	size_t	i;

	buf_put(b, e->id.id, 20);
	buf_put_le(b, (uint64_t)e->time, 8);
	put_str(b, e->subject != NULL ? e->subject : "");
	buf_put_le(b, e->correction != NULL, 1);
	if (e->correction != NULL)
		put_str(b, e->correction);
	buf_put_le(b, e->has_settings != 0, 1);
	if (e->has_settings)
		buf_put(b, e->settings_id.id, 20);
	buf_put_le(b, e->nchanges, 4);
	for (i = 0; i < e->nchanges; i++) {
		const struct hcache_change *c = &e->changes[i];

		buf_put_le(b, (uint64_t)c->status, 1);
		buf_put_le(b, c->old_mode, 4);
		buf_put_le(b, c->new_mode, 4);
		buf_put_le(b, c->new_size, 8);
		buf_put(b, c->old_id.id, 20);
		buf_put(b, c->new_id.id, 20);
		put_str(b, c->path);
		buf_put_le(b, c->old_path != NULL, 1);
		if (c->old_path != NULL)
			put_str(b, c->old_path);
	}
	buf_put_le(b, e->nproblems, 4);
	for (i = 0; i < e->nproblems; i++) {
		put_str(b, e->problems[i].path);
		put_str(b, e->problems[i].msg);
	}
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
hcache_write_file(const char *path, const struct buf *head,
    const struct buf *payload)
{
	char	*dir = NULL, *tmp = NULL, *slash;
	int	 fd = -1, rc = -1;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		if (mkdir(dir, 0777) != 0 && errno != EEXIST)
			goto out;
	}
	tmp = xasprintf("%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) < 0)
		goto out;
	if (write_all(fd, head->data, head->len) != 0 ||
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
	return rc;
}

int
hcache_write(const char *path, const char *format,
    struct hcache_commit *const *line, size_t n, const struct hcache *hc,
    size_t keep)
{
	struct buf	 payload = BUF_INIT, head = BUF_INIT;
	struct hcache	 seen;
	git_oid		 sum;
	size_t		 i, count = 0;
	int		 rc = -1;

	if (path == NULL)
		return -1;
	memset(&seen, 0, sizeof(seen));
	buf_put_le(&payload, 0, 4);	/* the count, filled in below */
	for (i = 0; i < n; i++) {
		if (hcache_find(&seen, &line[i]->id) != NULL)
			continue;
		hcache_add(&seen, line[i]);
		put_entry(&payload, line[i]);
		count++;
	}
	for (i = 0; hc != NULL && i < hc->count && count < keep; i++) {
		if (hcache_find(&seen, &hc->list[i]->id) != NULL)
			continue;
		put_entry(&payload, hc->list[i]);
		count++;
	}
	for (i = 0; i < 4; i++)		/* the count, in place */
		((unsigned char *)payload.data)[i] = (unsigned char)(count >>
		    (8 * i));
	if (payload.len > HCACHE_MAX_FILE - HCACHE_HEADER - HCACHE_MAX_FORMAT ||
	    strlen(format) > HCACHE_MAX_FORMAT ||
	    git_odb_hash(&sum, payload.data, payload.len, GIT_OBJECT_BLOB) != 0)
		goto out;
	buf_put(&head, HCACHE_MAGIC, 16);
	buf_put_le(&head, HCACHE_VERSION, 4);
	buf_put_le(&head, strlen(format), 4);
	buf_puts(&head, format);
	buf_put_le(&head, payload.len, 8);
	buf_put(&head, sum.id, 20);

	if (hcache_write_file(path, &head, &payload) != 0)
		goto out;
	rc = 0;
out:
	buf_free(&payload);
	buf_free(&head);
	free(seen.list);
	free(seen.slots);
	return rc;
}

void
hcache_commit_free(struct hcache_commit *e)
{
	size_t	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nchanges; i++) {
		free(e->changes[i].path);
		free(e->changes[i].old_path);
	}
	free(e->changes);
	for (i = 0; i < e->nproblems; i++) {
		free(e->problems[i].path);
		free(e->problems[i].msg);
	}
	free(e->problems);
	free(e->subject);
	free(e->correction);
	free(e);
}

void
hcache_free(struct hcache *hc)
{
	size_t	i;

	for (i = 0; i < hc->count; i++)
		hcache_commit_free(hc->list[i]);
	free(hc->list);
	free(hc->slots);
	memset(hc, 0, sizeof(*hc));
}
