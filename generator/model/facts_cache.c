/*
 * The facts cache's file: see facts_cache.h. Framed as cachefile.h says,
 * with the magic "MARCHE-FACTS\n\0\0\0", version FCACHE_VERSION and the
 * caller's format (naming the settings the facts depend on). The
 * payload:
 *	u32 entries, then each entry:
 *	    blob[20] folder[20] size:u32 (the blob's bytes) path:str ok:u8
 *	    has_posted:u8 stated:u8
 *	    ore:u8 (1: it publishes an open-resource-exchange entry)
 *	    closing: epoch:i64 year:u16 month:u8 day:u8 hour:u8 minute:u8
 *	        second:u8 offset_min:i32 has_time:u8 has_offset:u8
 *	    u32 skills, each: str
 *	    u32 attachments, each: file:str out_path:str lang:u8 (255: all)
 *	    u8 languages, each: has:u8, when 1: slug:str title:u8+str
 *	        permalink:str out_path:str slug_line:u32 slug_col:u32
 * where str is a u32 length and that many bytes: well-formed UTF-8
 * without a control character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "blobid.h"
#include "buf.h"
#include "cachefile.h"
#include "facts_cache.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "path.h"
#include "source.h"
#include "value.h"
#include "xalloc.h"

#define FCACHE_MAGIC		"MARCHE-FACTS\n\0\0"	/* 16 with its NUL */
#define FCACHE_VERSION		3
#define FCACHE_MAX_FILE		((size_t)256 * 1024 * 1024)
#define FCACHE_MAX_PATH		4096	/* bytes of a path or address */
#define FCACHE_MAX_TEXT		65536	/* bytes of a title */
#define FCACHE_MAX_ENTRIES	(1u << 22)
#define FCACHE_MAX_LIST		4096	/* skills, attachments */
#define FCACHE_SPARE		1024	/* entries kept for other files */

/* Smallest encodings, to bound counts by the bytes left. */
#define FCACHE_MIN_ENTRY	(20 + 20 + 4 + 4 + 4 + 8 + 11 + 4 + 4 + 1)
#define FCACHE_MIN_STR		4
#define FCACHE_MIN_ATTACHMENT	(4 + 4 + 1)

char *
fcache_path(git_repository *repo)
{
	return cachefile_path(repo, "facts.cache");
}

/* --- Reading. --- */

static int
needs_award(int stated)
{
	return stated == OPP_STATUS_AWARDED ||
	    stated == OPP_STATUS_TERMINATED ||
	    stated == OPP_STATUS_COMPLETED;
}

static void
rd_instant(struct cachefile_rd *r, struct instant *i)
{
	memset(i, 0, sizeof(*i));
	i->epoch = (long long)cachefile_uint(r, 8);
	i->year = (int)cachefile_uint(r, 2);
	i->month = (int)cachefile_uint(r, 1);
	i->day = (int)cachefile_uint(r, 1);
	i->hour = (int)cachefile_uint(r, 1);
	i->minute = (int)cachefile_uint(r, 1);
	i->second = (int)cachefile_uint(r, 1);
	i->offset_min = (int)(int32_t)(uint32_t)cachefile_uint(r, 4);
	i->has_time = (int)cachefile_uint(r, 1);
	i->has_offset = (int)cachefile_uint(r, 1);
	if (i->year < 1970 || i->year > 9999 || i->month < 1 ||
	    i->month > 12 || i->day < 1 || i->day > 31 || i->hour > 23 ||
	    i->minute > 59 || i->second > 60 || i->offset_min < -1440 ||
	    i->offset_min > 1440 || i->has_time > 1 || i->has_offset > 1 ||
	    i->epoch < -86400 || i->epoch > 253402387200LL)
		r->bad = 1;
}

/* Is path "opportunities/ID.yml" with a sound ID? Its ID, or NULL. */
static char *
path_id(const char *path)
{
	size_t		n;
	const char	*p;

	if (strncmp(path, OPP_DIR, strlen(OPP_DIR)) != 0)
		return NULL;
	p = path + strlen(OPP_DIR);
	n = strlen(p);
	if (n < 5 || strcmp(p + n - 4, ".yml") != 0 ||
	    strchr(p, '/') != NULL)
		return NULL;
	p = xstrndup(p, n - 4);
	if (!opp_id_ok(p)) {
		free((char *)p);
		return NULL;
	}
	return (char *)p;
}

static struct fcache_opp *
rd_entry(struct cachefile_rd *r)
{
	struct fcache_opp	*e = xcalloc(1, sizeof(*e));
	size_t			 i, n;

	cachefile_oid(r, &e->blob);
	cachefile_oid(r, &e->folder);
	e->len = (size_t)cachefile_uint(r, 4);
	e->path = cachefile_str(r, FCACHE_MAX_PATH, 1);
	if (e->path != NULL && (e->id = path_id(e->path)) == NULL)
		r->bad = 1;
	e->ok = (int)cachefile_uint(r, 1);
	e->has_posted = (int)cachefile_uint(r, 1);
	e->stated = (int)cachefile_uint(r, 1);
	e->ore = (int)cachefile_uint(r, 1);
	if (e->ok > 1 || e->has_posted > 1 || e->stated >= OPP_NSTATUS ||
	    e->ore > 1 || (e->ore && e->stated != OPP_STATUS_COMPLETED))
		r->bad = 1;
	rd_instant(r, &e->closing);
	n = cachefile_count(r, FCACHE_MIN_STR);
	if (n > FCACHE_MAX_LIST)
		r->bad = 1;
	e->skills = !r->bad && n > 0 ? xcalloc(n, sizeof(*e->skills)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		e->nskills++;
		e->skills[i] = cachefile_str(r, FCACHE_MAX_PATH, 1);
	}
	n = cachefile_count(r, FCACHE_MIN_ATTACHMENT);
	if (n > FCACHE_MAX_LIST)
		r->bad = 1;
	e->attachments = !r->bad && n > 0 ? xcalloc(n,
	    sizeof(*e->attachments)) : NULL;
	for (i = 0; i < n && !r->bad; i++) {
		struct fcache_attachment *at = &e->attachments[i];

		e->nattachments++;
		at->file = cachefile_str(r, FCACHE_MAX_PATH, 1);
		at->out_path = cachefile_str(r, FCACHE_MAX_PATH, 1);
		if (at->out_path != NULL && path_check_output(at->out_path) != 0)
			r->bad = 1;	/* never an address a file could have */
		at->lang = (int)cachefile_uint(r, 1);
		if (at->lang == 255)
			at->lang = -1;
		else if (at->lang >= SITE_MAX_LANGS)
			r->bad = 1;
	}
	e->ntexts = (size_t)cachefile_uint(r, 1);
	if (e->ntexts > SITE_MAX_LANGS)
		r->bad = 1;
	for (i = 0; i < e->ntexts && !r->bad; i++) {
		struct fcache_text *t = &e->text[i];
		uint64_t has = cachefile_uint(r, 1);

		if (has > 1)
			r->bad = 1;
		if (has != 1)
			continue;
		t->slug = cachefile_str(r, FCACHE_MAX_PATH, 1);
		if (cachefile_uint(r, 1) != 0)
			t->title = cachefile_str(r, FCACHE_MAX_TEXT, 1);
		t->permalink = cachefile_str(r, FCACHE_MAX_PATH, 1);
		t->out_path = cachefile_str(r, FCACHE_MAX_PATH, 1);
		t->slug_line = (int)(cachefile_uint(r, 4) & 0x7fffffff);
		t->slug_col = (int)(cachefile_uint(r, 4) & 0x7fffffff);
		if ((t->slug != NULL && !opp_id_ok(t->slug)) ||
		    (t->out_path != NULL && path_check_output(t->out_path) !=
		    0))
			r->bad = 1;
	}
	if (r->bad) {
		fcache_opp_free(e);
		return NULL;
	}
	return e;
}

/* One entry into the cache being read; a path twice is not written so. */
static int
read_one(struct cachefile_rd *r, void *ctx)
{
	struct fcache_opp *e = rd_entry(r);

	return e == NULL || fcache_add(ctx, e) != 0 ? -1 : 0;
}

int
fcache_read(struct fcache *fc, const char *path, const char *format)
{
	static const struct cachefile_entries how = { FCACHE_MAGIC,
	    FCACHE_VERSION, FCACHE_MAX_FILE, FCACHE_MIN_ENTRY,
	    FCACHE_MAX_ENTRIES, read_one };

	memset(fc, 0, sizeof(*fc));
	if (cachefile_read_all(path, format, &how, fc) == 0)
		return 0;
	fcache_free(fc);
	return -1;
}

/* --- The index by path. --- */

static size_t
path_hash(const char *s)
{
	size_t	h = 5381;

	while (*s != '\0')
		h = h * 33 + (unsigned char)*s++;
	return h;
}

static void
index_grow(struct fcache *fc)
{
	size_t	i, s, n = fc->nslots ? fc->nslots * 2 : 1024;

	free(fc->slots);
	fc->slots = xcalloc(n, sizeof(*fc->slots));
	fc->nslots = n;
	for (i = 0; i < fc->count; i++) {
		s = path_hash(fc->list[i]->path) & (n - 1);
		while (fc->slots[s] != 0)
			s = (s + 1) & (n - 1);
		fc->slots[s] = i + 1;
	}
}

/* The index + 1 of the entry for path, whatever its blob, or 0 (an
 * entry taken out, NULL, is passed over). */
static size_t
find_index(const struct fcache *fc, const char *path)
{
	size_t	s;

	if (fc->nslots == 0)
		return 0;
	s = path_hash(path) & (fc->nslots - 1);
	while (fc->slots[s] != 0) {
		const struct fcache_opp *e = fc->list[fc->slots[s] - 1];

		if (e != NULL && strcmp(e->path, path) == 0)
			return fc->slots[s];
		s = (s + 1) & (fc->nslots - 1);
	}
	return 0;
}

/* The entry for path, whatever its blob, or NULL. */
static struct fcache_opp *
find_path(const struct fcache *fc, const char *path)
{
	size_t	i = find_index(fc, path);

	return i != 0 ? fc->list[i - 1] : NULL;
}

const struct fcache_opp *
fcache_find(const struct fcache *fc, const char *path, const git_oid *blob,
    const git_oid *folder)
{
	const struct fcache_opp	*e = find_path(fc, path);

	if (e == NULL || !git_oid_equal(&e->blob, blob) ||
	    !git_oid_equal(&e->folder, folder))
		return NULL;
	return e;
}

int
fcache_add(struct fcache *fc, struct fcache_opp *e)
{
	size_t	s;

	if (find_path(fc, e->path) != NULL) {
		fcache_opp_free(e);
		return -1;
	}
	if ((fc->count + 1) * 2 > fc->nslots)
		index_grow(fc);
	if (fc->count == fc->cap) {
		fc->cap = fc->cap ? fc->cap * 2 : 256;
		fc->list = xreallocarray(fc->list, fc->cap, sizeof(*fc->list));
	}
	fc->list[fc->count++] = e;
	s = path_hash(e->path) & (fc->nslots - 1);
	while (fc->slots[s] != 0)
		s = (s + 1) & (fc->nslots - 1);
	fc->slots[s] = fc->count;
	return 0;
}

/* --- Writing. --- */

static void
put_instant(struct buf *b, const struct instant *i)
{
	buf_put_le(b, (uint64_t)i->epoch, 8);
	buf_put_le(b, (uint64_t)i->year, 2);
	buf_put_le(b, (uint64_t)i->month, 1);
	buf_put_le(b, (uint64_t)i->day, 1);
	buf_put_le(b, (uint64_t)i->hour, 1);
	buf_put_le(b, (uint64_t)i->minute, 1);
	buf_put_le(b, (uint64_t)i->second, 1);
	buf_put_le(b, (uint64_t)(uint32_t)i->offset_min, 4);
	buf_put_le(b, i->has_time != 0, 1);
	buf_put_le(b, i->has_offset != 0, 1);
}

static void
put_entry(struct buf *b, const struct fcache_opp *e)
{
	size_t	i;

	buf_put(b, e->blob.id, 20);
	buf_put(b, e->folder.id, 20);
	buf_put_le(b, e->len, 4);
	cachefile_put_str(b, e->path);
	buf_put_le(b, e->ok != 0, 1);
	buf_put_le(b, e->has_posted != 0, 1);
	buf_put_le(b, (uint64_t)e->stated, 1);
	buf_put_le(b, e->ore != 0, 1);
	put_instant(b, &e->closing);
	buf_put_le(b, e->nskills, 4);
	for (i = 0; i < e->nskills; i++)
		cachefile_put_str(b, e->skills[i]);
	buf_put_le(b, e->nattachments, 4);
	for (i = 0; i < e->nattachments; i++) {
		cachefile_put_str(b, e->attachments[i].file);
		cachefile_put_str(b, e->attachments[i].out_path);
		buf_put_le(b, e->attachments[i].lang < 0 ? 255 :
		    (uint64_t)e->attachments[i].lang, 1);
	}
	buf_put_le(b, e->ntexts, 1);
	for (i = 0; i < e->ntexts; i++) {
		const struct fcache_text *t = &e->text[i];

		buf_put_le(b, t->slug != NULL, 1);
		if (t->slug == NULL)
			continue;
		cachefile_put_str(b, t->slug);
		buf_put_le(b, t->title != NULL, 1);
		if (t->title != NULL)
			cachefile_put_str(b, t->title);
		cachefile_put_str(b, t->permalink);
		cachefile_put_str(b, t->out_path);
		buf_put_le(b, (uint64_t)t->slug_line, 4);
		buf_put_le(b, (uint64_t)t->slug_col, 4);
	}
}

int
fcache_write(const char *path, const char *format, const struct fcache *fc)
{
	struct buf		 payload = BUF_INIT, one = BUF_INIT;
	struct cachefile_rd	 r;
	struct fcache_opp	*back;
	size_t			 i, count = 0;
	int			 rc;

	if (path == NULL)
		return -1;
	buf_put_le(&payload, 0, 4);	/* the count, filled in below */
	for (i = 0; i < fc->count && count < FCACHE_MAX_ENTRIES; i++) {
		/* Only what the reader takes: else it would refuse it all. */
		buf_reset(&one);
		put_entry(&one, fc->list[i]);
		r.p = (const unsigned char *)one.data;
		r.end = r.p + one.len;
		r.bad = 0;
		if ((back = rd_entry(&r)) == NULL || r.p != r.end) {
			fcache_opp_free(back);
			continue;
		}
		fcache_opp_free(back);
		buf_put(&payload, one.data, one.len);
		count++;
	}
	buf_free(&one);
	for (i = 0; i < 4; i++)		/* the count, in place */
		((unsigned char *)payload.data)[i] = (unsigned char)(count >>
		    (8 * i));
	rc = cachefile_write(path, FCACHE_MAGIC, FCACHE_VERSION, format,
	    &payload, FCACHE_MAX_FILE);
	buf_free(&payload);
	return rc;
}

/* --- Entries from opportunities. --- */

/* A copy of s when it is fit for the file (see rd_entry), else NULL
 * and *fit cleared. */
static char *
fit(const char *s, size_t max, int *fitp)
{
	if (s == NULL || strlen(s) > max ||
	    !cachefile_shown_text(s, strlen(s))) {
		*fitp = 0;
		return NULL;
	}
	return xstrdup(s);
}

struct fcache_opp *
fcache_opp_of(const struct opportunity *o, const struct site *site,
    long long now, const git_oid *blob, const git_oid *folder)
{
	struct fcache_opp	*e;
	size_t			 i, k;
	int			 ok = 1;

	/* Rules that depend on the time: not cached. */
	if (o->id == NULL || o->award.has_ended ||
	    (needs_award((int)o->stated) && now < o->closing.epoch) ||
	    o->nskills > FCACHE_MAX_LIST ||
	    o->nattachments > FCACHE_MAX_LIST || site->nlangs >
	    SITE_MAX_LANGS || o->len > UINT32_MAX)
		return NULL;
	e = xcalloc(1, sizeof(*e));
	git_oid_cpy(&e->blob, blob);
	git_oid_cpy(&e->folder, folder);
	e->len = o->len;
	e->path = fit(o->path, FCACHE_MAX_PATH, &ok);
	e->id = ok ? path_id(o->path) : NULL;
	ok = ok && e->id != NULL;
	e->ok = o->read_ok != 0;
	e->has_posted = o->has_posted != 0;
	e->stated = (int)o->stated;
	/* As emit_ore() decides. */
	e->ore = o->stated == OPP_STATUS_COMPLETED && o->has_award &&
	    o->award.repository != NULL && o->award.licence != NULL &&
	    o->award.has_accepted;
	e->closing = o->closing;
	if (e->closing.year == 0) {	/* not read: any sound instant */
		memset(&e->closing, 0, sizeof(e->closing));
		e->closing.year = 1970;
		e->closing.month = e->closing.day = 1;
	}
	e->skills = xcalloc(o->nskills + 1, sizeof(*e->skills));
	for (i = 0; i < o->nskills; i++, e->nskills++)
		e->skills[i] = fit(o->skills[i], FCACHE_MAX_PATH, &ok);
	e->attachments = xcalloc(o->nattachments + 1,
	    sizeof(*e->attachments));
	for (i = 0; i < o->nattachments; i++, e->nattachments++) {
		e->attachments[i].file = fit(o->attachments[i].file,
		    FCACHE_MAX_PATH, &ok);
		e->attachments[i].out_path = fit(o->attachments[i].out_path,
		    FCACHE_MAX_PATH, &ok);
		e->attachments[i].lang = o->attachments[i].lang;
	}
	e->ntexts = site->nlangs;
	for (k = 0; k < site->nlangs; k++) {
		const struct opp_text *ot = &o->text[k];
		struct fcache_text *t = &e->text[k];

		if (ot->slug == NULL)
			continue;
		t->slug = fit(ot->slug, FCACHE_MAX_PATH, &ok);
		if (ot->title != NULL)
			t->title = fit(ot->title, FCACHE_MAX_TEXT, &ok);
		t->permalink = fit(ot->permalink, FCACHE_MAX_PATH, &ok);
		t->out_path = fit(ot->out_path, FCACHE_MAX_PATH, &ok);
		/* As opportunities_check_slugs() places a collision. */
		t->slug_line = ot->slug_line > 0 ? ot->slug_line : 0;
		t->slug_col = ot->slug_col > 0 ? ot->slug_col : 0;
		if (t->slug != NULL && !opp_id_ok(t->slug))
			ok = 0;
	}
	if (!ok) {
		fcache_opp_free(e);
		return NULL;
	}
	return e;
}

int
fcache_usable(const struct fcache_opp *e, long long now)
{
	return !needs_award(e->stated) || now >= e->closing.epoch;
}

int
fcache_stands(const struct fcache_opp *e, const struct site *site,
    long long now)
{
	size_t	k;

	if (!e->ok || e->has_posted || !fcache_usable(e, now) ||
	    (e->stated == OPP_STATUS_OPEN && now < e->closing.epoch))
		return 0;
	if (site == NULL)
		return 1;
	if (e->ntexts != site->nlangs)
		return 0;
	/* Read without errors: a page in every language. */
	for (k = 0; k < e->ntexts; k++)
		if (e->text[k].slug == NULL)
			return 0;
	return 1;
}

void
fcache_stub(struct opportunity *o, const struct fcache_opp *e,
    const struct site *site, long long now, struct arena *a)
{
	size_t	i, k;

	memset(o, 0, sizeof(*o));
	opp_texts_new(o, site, a);
	o->id = arena_strdup(a, e->id);
	o->closing = e->closing;
	o->stated = (enum opp_status)e->stated;
	o->status = o->stated;
	if (o->stated == OPP_STATUS_OPEN && now >= o->closing.epoch)
		o->status = OPP_STATUS_CLOSED;
	o->skills = arena_calloc(a, e->nskills + 1, sizeof(*o->skills));
	for (i = 0; i < e->nskills; i++)
		o->skills[i] = arena_strdup(a, e->skills[i]);
	o->nskills = e->nskills;
	o->attachments = arena_calloc(a, e->nattachments + 1,
	    sizeof(*o->attachments));
	for (i = 0; i < e->nattachments; i++) {
		struct opp_attachment *at = &o->attachments[i];

		at->file = arena_strdup(a, e->attachments[i].file);
		at->src_path = arena_printf(a, OPP_DIR "%s/%s", e->id,
		    at->file);
		at->out_path = arena_strdup(a, e->attachments[i].out_path);
		at->lang = e->attachments[i].lang;
	}
	o->nattachments = e->nattachments;
	for (k = 0; k < site->nlangs && k < e->ntexts; k++) {
		const struct fcache_text *t = &e->text[k];

		if (t->slug == NULL)
			continue;
		o->text[k].slug = arena_strdup(a, t->slug);
		o->text[k].title = t->title != NULL ? arena_strdup(a,
		    t->title) : NULL;
		o->text[k].permalink = arena_strdup(a, t->permalink);
		o->text[k].out_path = arena_strdup(a, t->out_path);
	}
	/* What emit_ore() asks, and no more. */
	if (e->ore) {
		o->has_award = 1;
		o->award.repository = "";
		o->award.licence = "";
		o->award.has_accepted = 1;
	}
	o->ok = o->read_ok = 1;
	o->cached = 1;
}

/* Add the files of _data/ in src to b: path, length, bytes. */
static void
put_settings(struct buf *b, const struct source *src)
{
	size_t	i;

	for (i = 0; i < src->count; i++) {
		const struct source_file *f = &src->files[i];

		if (strncmp(f->path, "_data/", 6) != 0)
			continue;
		buf_puts(b, f->path);
		buf_put_le(b, 0, 1);
		buf_put_le(b, f->len, 8);
		buf_put(b, f->data, f->len);
	}
}

char *
fcache_format(const struct source *src, const struct source *rules_src,
    const char *base_url)
{
	struct buf	 b = BUF_INIT;
	git_oid		 data, rules, url;
	char		 hd[GIT_OID_HEXSZ + 1], hr[GIT_OID_HEXSZ + 1],
			 hu[GIT_OID_HEXSZ + 1];

	put_settings(&b, src);
	blob_id(b.len > 0 ? b.data : "", b.len, data.id);
	buf_reset(&b);
	put_settings(&b, rules_src);
	blob_id(b.len > 0 ? b.data : "", b.len, rules.id);
	buf_reset(&b);
	if (base_url != NULL) {
		buf_putc(&b, 'u');
		buf_puts(&b, base_url);
	}
	blob_id(b.len > 0 ? b.data : "", b.len, url.id);
	buf_free(&b);
	git_oid_tostr(hd, sizeof(hd), &data);
	git_oid_tostr(hr, sizeof(hr), &rules);
	git_oid_tostr(hu, sizeof(hu), &url);
	return xasprintf("marche %s settings %s rules %s base-url %s",
	    MARCHE_VERSION, hd, hr, hu);
}

void
fcache_save(git_repository *repo, const char *format,
    const struct source *src, const struct opportunities *opps,
    const struct site *site, long long now, struct fcache *known)
{
	struct fcache		 old, fc;
	char			*path = NULL, *folder_path;
	git_oid			 zero;
	size_t			 i, fresh = 0, kept = 0;

	memset(&old, 0, sizeof(old));
	memset(&fc, 0, sizeof(fc));
	memset(&zero, 0, sizeof(zero));
	if ((path = fcache_path(repo)) == NULL)
		goto out;
	if (known != NULL) {
		old = *known;
		memset(known, 0, sizeof(*known));
	} else
		(void)fcache_read(&old, path, format);
	for (i = 0; i < opps->count; i++) {
		const struct opportunity *o = &opps->list[i];
		const struct source_file *f = source_find(src, o->path);
		const git_oid *folder;
		struct fcache_opp *e;
		size_t j;

		if (f == NULL || !f->has_id || o->id == NULL)
			continue;
		if (o->cached) {
			/* A stub: its entry, as it was. */
			if ((j = find_index(&old, o->path)) == 0)
				continue;
			e = old.list[j - 1];
			old.list[j - 1] = NULL;
			(void)fcache_add(&fc, e);
			continue;
		}
		folder_path = xasprintf(OPP_DIR "%s", o->id);
		folder = source_tree_id(src, folder_path);
		free(folder_path);
		if (folder == NULL)
			folder = &zero;
		if ((e = fcache_opp_of(o, site, now, &f->id, folder)) == NULL)
			continue;
		if (fcache_find(&old, e->path, &e->blob, &e->folder) == NULL)
			fresh++;
		(void)fcache_add(&fc, e);
	}
	/* Other files' (another branch's), within bounds. */
	for (i = 0; i < old.count && kept < FCACHE_SPARE; i++) {
		if (old.list[i] == NULL ||
		    find_path(&fc, old.list[i]->path) != NULL)
			continue;
		(void)fcache_add(&fc, old.list[i]);
		old.list[i] = NULL;
		kept++;
	}
	if (fresh > 0 || fc.count != old.count)
		(void)fcache_write(path, format, &fc);
out:
	free(path);
	fcache_free(&fc);
	fcache_free(&old);
}

void
fcache_opp_free(struct fcache_opp *e)
{
	size_t	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nskills; i++)
		free(e->skills[i]);
	free(e->skills);
	for (i = 0; i < e->nattachments; i++) {
		free(e->attachments[i].file);
		free(e->attachments[i].out_path);
	}
	free(e->attachments);
	for (i = 0; i < SITE_MAX_LANGS; i++) {
		free(e->text[i].slug);
		free(e->text[i].title);
		free(e->text[i].permalink);
		free(e->text[i].out_path);
	}
	free(e->path);
	free(e->id);
	free(e);
}

void
fcache_free(struct fcache *fc)
{
	size_t	i;

	for (i = 0; i < fc->count; i++)
		fcache_opp_free(fc->list[i]);
	free(fc->list);
	free(fc->slots);
	memset(fc, 0, sizeof(*fc));
}
