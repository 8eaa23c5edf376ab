/*
 * The history cache's file: see history_cache.h. Framed as cachefile.h
 * says, with the magic "MARCHE-HISTORY\n\0", version HCACHE_VERSION and
 * the walk's bounds in words as the format. The payload:
 *	u32 entries, then each entry:
 *	    id[20] time:i64 subject:str correction:u8+str
 *	    has_settings:u8 [settings_id[20]]
 *	    u32 changes, each: status:u8 old_mode:u32 new_mode:u32
 *	        new_size:u64 old_id[20] new_id[20] path:str
 *	        has_old_path:u8 [old_path:str]
 *	    u32 problems, each: path:str msg:str
 * where str is a u32 length and that many bytes (no NUL among them).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cachefile.h"
#include "history_cache.h"
#include "xalloc.h"

#define HCACHE_MAGIC		"MARCHE-HISTORY\n"	/* 16 with its NUL */
#define HCACHE_VERSION		1
#define HCACHE_MAX_FILE		((size_t)512 * 1024 * 1024)
#define HCACHE_MAX_PATH		65536	/* bytes of one path */
#define HCACHE_MAX_TEXT		4096	/* a subject, reason or message */
#define HCACHE_MAX_ENTRIES	(1u << 24)

/* Smallest encodings, to bound counts by the bytes left. */
#define HCACHE_MIN_ENTRY	(20 + 8 + 4 + 1 + 1 + 4 + 4)
#define HCACHE_MIN_CHANGE	(1 + 4 + 4 + 8 + 20 + 20 + 4 + 1)
#define HCACHE_MIN_PROBLEM	(4 + 4)

/* --- Reading: every step bounded, any failure rejects the file. --- */

static struct hcache_commit *
rd_entry(struct cachefile_rd *r)
{
	struct hcache_commit	*e = xcalloc(1, sizeof(*e));
	size_t			 i, n;

	cachefile_oid(r, &e->id);
	e->time = (long long)cachefile_uint(r, 8);
	e->subject = cachefile_str(r, HCACHE_MAX_TEXT, 1);
	if (cachefile_uint(r, 1) != 0)
		e->correction = cachefile_str(r, HCACHE_MAX_TEXT, 1);
	e->has_settings = cachefile_uint(r, 1) != 0;
	if (e->has_settings)
		cachefile_oid(r, &e->settings_id);
	n = cachefile_count(r, HCACHE_MIN_CHANGE);
	e->changes = n > 0 ? xcalloc(n, sizeof(*e->changes)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		struct hcache_change *c = &e->changes[i];
		unsigned int s = (unsigned int)cachefile_uint(r, 1);

		e->nchanges++;
		if (s != GIT_DELTA_ADDED && s != GIT_DELTA_DELETED &&
		    s != GIT_DELTA_MODIFIED && s != GIT_DELTA_RENAMED)
			r->bad = 1;
		c->status = (git_delta_t)s;
		c->old_mode = (unsigned int)cachefile_uint(r, 4);
		c->new_mode = (unsigned int)cachefile_uint(r, 4);
		c->new_size = cachefile_uint(r, 8);
		cachefile_oid(r, &c->old_id);
		cachefile_oid(r, &c->new_id);
		c->path = cachefile_str(r, HCACHE_MAX_PATH, 0);
		if (cachefile_uint(r, 1) != 0)
			c->old_path = cachefile_str(r, HCACHE_MAX_PATH, 0);
		if ((c->status == GIT_DELTA_RENAMED) != (c->old_path != NULL))
			r->bad = 1;
	}
	n = cachefile_count(r, HCACHE_MIN_PROBLEM);
	e->problems = n > 0 ? xcalloc(n, sizeof(*e->problems)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		e->nproblems++;
		e->problems[i].path = cachefile_str(r, HCACHE_MAX_PATH, 0);
		e->problems[i].msg = cachefile_str(r, HCACHE_MAX_TEXT, 1);
	}
	if (r->bad) {
		hcache_commit_free(e);
		return NULL;
	}
	return e;
}

/* One entry into the cache being read; a commit twice is not written
 * so. */
static int
read_one(struct cachefile_rd *r, void *ctx)
{
	struct hcache_commit *e = rd_entry(r);

	if (e == NULL)
		return -1;
	if (hcache_find(ctx, &e->id) != NULL) {
		hcache_commit_free(e);
		return -1;
	}
	hcache_add(ctx, e);
	return 0;
}

int
hcache_read(struct hcache *hc, const char *path, const char *format)
{
	static const struct cachefile_entries how = { HCACHE_MAGIC,
	    HCACHE_VERSION, HCACHE_MAX_FILE, HCACHE_MIN_ENTRY,
	    HCACHE_MAX_ENTRIES, read_one };

	memset(hc, 0, sizeof(*hc));
	if (cachefile_read_all(path, format, &how, hc) == 0)
		return 0;
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
put_entry(struct buf *b, const struct hcache_commit *e)
{
	size_t	i;

	buf_put(b, e->id.id, 20);
	buf_put_le(b, (uint64_t)e->time, 8);
	cachefile_put_str(b, e->subject != NULL ? e->subject : "");
	buf_put_le(b, e->correction != NULL, 1);
	if (e->correction != NULL)
		cachefile_put_str(b, e->correction);
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
		cachefile_put_str(b, c->path);
		buf_put_le(b, c->old_path != NULL, 1);
		if (c->old_path != NULL)
			cachefile_put_str(b, c->old_path);
	}
	buf_put_le(b, e->nproblems, 4);
	for (i = 0; i < e->nproblems; i++) {
		cachefile_put_str(b, e->problems[i].path);
		cachefile_put_str(b, e->problems[i].msg);
	}
}

int
hcache_write(const char *path, const char *format,
    struct hcache_commit *const *line, size_t n, const struct hcache *hc,
    size_t keep)
{
	struct buf	 payload = BUF_INIT;
	struct hcache	 seen;
	size_t		 i, count = 0;
	int		 rc;

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
	rc = cachefile_write(path, HCACHE_MAGIC, HCACHE_VERSION, format,
	    &payload, HCACHE_MAX_FILE);
	buf_free(&payload);
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
