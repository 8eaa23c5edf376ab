/*
 * Diagnostics, first half: collecting them (each problem once, found
 * through a hash set), the source texts they point into, and their
 * order. diag_print.c prints them.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag_impl.h"
#include "xalloc.h"

struct diags *
diags_new(void)
{
	return xcalloc(1, sizeof(struct diags));
}

void
diags_free(struct diags *d)
{
	size_t	i;

	if (d == NULL)
		return;
	for (i = 0; i < d->count; i++) {
		free(d->list[i].path);
		free(d->list[i].msg);
		free(d->list[i].msg_fr);
	}
	for (i = 0; i < d->nsrcs; i++) {
		free(d->srcs[i].path);
		free(d->srcs[i].lines);
		free(d->srcs[i].owned);
	}
	free(d->list);
	free(d->srcs);
	free(d->seen.slots);
	free(d->bypath.slots);
	free(d);
}

/* FNV-1a over a string, continuing from h. */
static size_t
hash_str(size_t h, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return (h ^ 0xFF) * 16777619u;
}

/* Spread every bit of h to the low ones, which pick a slot. */
static size_t
hash_mix(size_t h)
{
	uint64_t x = (uint64_t)h;

	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	return (size_t)x;
}

static size_t
hash_path(const char *path)
{
	return hash_mix(hash_str(2166136261u, path));
}

static size_t
hash_int(size_t h, int v)
{
	return (h ^ (size_t)(unsigned int)v) * 16777619u;
}

static size_t
hash_diag(enum diag_level level, int attention, const char *path, int line,
    int col, const char *msg)
{
	size_t	h = 2166136261u;

	h = hash_int(h, (int)level);
	h = hash_int(h, attention);
	h = hash_int(h, path == NULL);
	h = hash_str(h, path);
	h = hash_int(h, line);
	h = hash_int(h, col);
	return hash_mix(hash_str(h, msg));
}

int
diag_same_path(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

/*
 * The slot of set s for hash h where an entry equal by eq(ctx, index)
 * lives, or the free slot where it would go. The set must have room.
 */
static size_t *
set_slot(struct diag_set *s, size_t h, int (*eq)(const void *, size_t),
    const void *ctx)
{
	size_t	i = h & (s->cap - 1);

	while (s->slots[i] != 0 && !eq(ctx, s->slots[i] - 1))
		i = (i + 1) & (s->cap - 1);
	return &s->slots[i];
}

/* Make room for one more entry; hashof(ctx, index) rehashes. */
static void
set_grow(struct diag_set *s, size_t (*hashof)(const void *, size_t),
    const void *ctx)
{
	size_t	*old = s->slots, oldcap = s->cap, i, j;

	if ((s->used + 1) * 2 <= s->cap)
		return;
	s->cap = oldcap ? oldcap * 2 : 64;
	s->slots = xcalloc(s->cap, sizeof(*s->slots));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		j = hashof(ctx, old[i] - 1) & (s->cap - 1);
		while (s->slots[j] != 0)
			j = (j + 1) & (s->cap - 1);
		s->slots[j] = old[i];
	}
	free(old);
}

/* What a source lookup compares against. */
struct src_key {
	const struct diags	*d;
	const char		*path;
};

static int
src_eq(const void *ctx, size_t i)
{
	const struct src_key *k = ctx;

	return strcmp(k->d->srcs[i].path, k->path) == 0;
}

static size_t
src_hash(const void *ctx, size_t i)
{
	const struct diags *d = ctx;

	return hash_path(d->srcs[i].path);
}

static struct diag_source *source_find(struct diags *, const char *);

/* The entry of path, made empty (a new one if path has none). */
static struct diag_source *
source_entry(struct diags *d, const char *path)
{
	struct diag_source *s;
	struct src_key	 key = { d, path };
	size_t		*slot;

	set_grow(&d->bypath, src_hash, d);
	slot = set_slot(&d->bypath, hash_path(path), src_eq, &key);
	if (*slot != 0) {
		s = &d->srcs[*slot - 1];
		free(s->lines);
		free(s->owned);
	} else {
		if (d->nsrcs == d->capsrcs) {
			d->capsrcs = d->capsrcs ? d->capsrcs * 2 : 16;
			d->srcs = xreallocarray(d->srcs, d->capsrcs,
			    sizeof(*d->srcs));
		}
		s = &d->srcs[d->nsrcs];
		s->path = xstrdup(path);
		*slot = ++d->nsrcs;
		d->bypath.used++;
	}
	s->data = NULL;
	s->len = 0;
	s->owned = NULL;
	s->fetch = NULL;
	s->fetch_ctx = NULL;
	s->sum = 0;
	s->lines = NULL;
	s->nlines = 0;
	return s;
}

void
diags_source(struct diags *d, const char *path, const char *data, size_t len)
{
	struct diag_source *s = source_entry(d, path);

	s->data = data;
	s->len = len;
}

/*
 * A 64-bit hash of the bytes, eight at a time: a text read again that
 * has the length and this hash of the one let go is taken for it.
 */
uint64_t
diag_text_sum(const char *data, size_t len)
{
	uint64_t	h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)len, w;
	size_t		i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, data + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 29;
	}
	for (w = 0; i < len; i++)
		w = (w << 8) | (unsigned char)data[i];
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 32);
}

/* Set s to be read again with fetch, its text being len bytes of sum. */
static void
source_let_go(struct diag_source *s, size_t len, uint64_t sum,
    diag_fetch_fn fetch, void *ctx)
{
	free(s->lines);
	free(s->owned);
	s->lines = NULL;
	s->nlines = 0;
	s->owned = NULL;
	s->data = NULL;
	s->len = len;
	s->sum = sum;
	s->fetch = fetch;
	s->fetch_ctx = ctx;
}

void
diags_source_drop(struct diags *d, const char *path, diag_fetch_fn fetch,
    void *ctx)
{
	struct diag_source *s = source_find(d, path);

	if (s == NULL || s->data == NULL)
		return;
	source_let_go(s, s->len, diag_text_sum(s->data, s->len), fetch, ctx);
}

/* What a diagnostic lookup compares against. */
struct diag_key {
	const struct diags	*d;
	enum diag_level		 level;
	int			 attention;
	const char		*path;
	int			 line;
	int			 col;
	const char		*msg;
};

static int
diag_eq(const void *ctx, size_t i)
{
	const struct diag_key *k = ctx;
	const struct diag *g = &k->d->list[i];

	return g->level == k->level && g->attention == k->attention &&
	    g->line == k->line &&
	    g->col == k->col && diag_same_path(g->path, k->path) &&
	    strcmp(g->msg, k->msg) == 0;
}

static size_t
diag_hash(const void *ctx, size_t i)
{
	const struct diags *d = ctx;
	const struct diag *g = &d->list[i];

	return hash_diag(g->level, g->attention, g->path, g->line, g->col,
	    g->msg);
}

/* A new string: fmt formatted with ap (which is left as it was). */
static char *
format_msg(const char *fmt, va_list ap)
{
	char	*msg;
	va_list	 aq;
	int	 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	va_copy(aq, ap);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, aq);
	va_end(aq);
	return msg;
}

/*
 * Every message format is translated here, so that a diagnostic is
 * written once, in English, where it is found: xgettext extracts the
 * format arguments of the functions of diag.h and of the wrappers listed
 * in CMakeLists.txt (MARCHE_GETTEXT_KEYWORDS).
 */
/* Record a formatted problem (msg and msg_fr are taken over). */
static void
diag_insert(struct diags *d, enum diag_level level, int attention,
    const char *path, int line, int col, char *msg, char *msg_fr)
{
	struct diag_key	 key;
	struct diag	*g;
	size_t		*slot;

	line = line < 0 ? 0 : line;
	col = col < 0 ? 0 : col;

	if (d->keep != NULL && !d->keep(d->keep_ctx, level, path, line,
	    col)) {
		free(msg);
		free(msg_fr);
		return;
	}
	/* The same problem found twice is shown once. */
	key.d = d;
	key.level = level;
	key.attention = attention;
	key.path = path;
	key.line = line;
	key.col = col;
	key.msg = msg;
	set_grow(&d->seen, diag_hash, d);
	slot = set_slot(&d->seen, hash_diag(level, attention, path, line, col,
	    msg), diag_eq, &key);
	if (*slot != 0) {
		free(msg);
		free(msg_fr);
		return;
	}
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->list = xreallocarray(d->list, d->cap, sizeof(*d->list));
	}
	g = &d->list[d->count];
	g->level = level;
	g->path = path != NULL ? xstrdup(path) : NULL;
	g->line = line;
	g->col = col;
	g->msg = msg;
	g->msg_fr = msg_fr;
	g->attention = attention;
	g->seq = d->count++;
	if (attention)
		d->attention++;
	*slot = d->count;
	d->seen.used++;
	d->sorted = 0;
	if (level == DIAG_ERROR)
		d->errors++;
	else if (level == DIAG_WARNING)
		d->warnings++;
}

void
diags_set_filter(struct diags *d, diag_keep_fn keep, void *ctx)
{
	d->keep = keep;
	d->keep_ctx = ctx;
}

static void
diag_vreport(struct diags *d, enum diag_level level, int attention,
    const char *path, int line, int col, const char *fmt, va_list ap)
{
	char	*msg_fr = NULL;

	if (diag_wants_fr())
		msg_fr = diag_fragments_fr(diag_format_fr(diag_fr(fmt), ap));
	diag_insert(d, level, attention, path, line, col, format_msg(fmt, ap),
	    msg_fr);
}

void
diags_take(struct diags *to, struct diags *from,
    int (*keep)(const struct diag *, void *), void *ctx)
{
	const struct diag *g;
	size_t		 i;

	for (i = 0; i < from->count; i++) {
		g = &from->list[i];
		if (keep == NULL || keep(g, ctx))
			diag_insert(to, g->level, g->attention, g->path,
			    g->line, g->col, xstrdup(g->msg),
			    g->msg_fr != NULL ? xstrdup(g->msg_fr) : NULL);
	}
}

static int
seq_cmp(const void *a, const void *b)
{
	size_t	x = (*(const struct diag *const *)a)->seq;
	size_t	y = (*(const struct diag *const *)b)->seq;

	return x < y ? -1 : x > y;
}

void
diags_merge(struct diags *d, struct diags *from)
{
	struct diag	**order;
	size_t		  i;

	if (from == NULL)
		return;
	for (i = 0; i < from->nsrcs; i++) {
		const struct diag_source *f = &from->srcs[i];
		struct diag_source *s = source_entry(d, f->path);

		if (f->owned != NULL) {
			s->owned = xmalloc(f->len + 1);
			memcpy(s->owned, f->owned, f->len);
			s->owned[f->len] = '\0';
			s->data = s->owned;
			s->len = f->len;
		} else if (f->data != NULL) {
			s->data = f->data;
			s->len = f->len;
		} else if (f->fetch != NULL)
			source_let_go(s, f->len, f->sum, f->fetch,
			    f->fetch_ctx);
	}
	if (from->count == 0)
		return;
	/* In the order they were reported, whatever printing did. */
	order = xcalloc(from->count, sizeof(*order));
	for (i = 0; i < from->count; i++)
		order[i] = &from->list[i];
	if (from->sorted)
		qsort(order, from->count, sizeof(*order), seq_cmp);
	for (i = 0; i < from->count; i++) {
		struct diag *g = order[i];

		diag_insert(d, g->level, g->attention, g->path, g->line,
		    g->col, g->msg, g->msg_fr);
		g->msg = NULL;
		g->msg_fr = NULL;
	}
	free(order);
	for (i = 0; i < from->count; i++)
		free(from->list[i].path);
	from->count = from->errors = from->warnings = from->attention = 0;
	from->sorted = 0;
	free(from->seen.slots);
	memset(&from->seen, 0, sizeof(from->seen));
}

void
diag_report(struct diags *d, enum diag_level level, const char *path,
    int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreport(d, level, 0, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_vreportf(struct diags *d, enum diag_level level, const char *path,
    int line, int col, const char *fmt, va_list ap)
{
	diag_vreport(d, level, 0, path, line, col, fmt, ap);
}

const char *
diag_msg(const struct diag *g, enum diag_lang l)
{
	return l == DIAG_LANG_FR && g->msg_fr != NULL ? g->msg_fr : g->msg;
}

void
diag_error(struct diags *d, const char *path, int line, int col,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreport(d, DIAG_ERROR, 0, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_warning(struct diags *d, const char *path, int line, int col,
    const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreport(d, DIAG_WARNING, 0, path, line, col, fmt, ap);
	va_end(ap);
}

void
diag_attention(struct diags *d, enum diag_level level, const char *path,
    int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	/* Time never makes an error: see diag.h. */
	diag_vreport(d, level == DIAG_ERROR ? DIAG_WARNING : level, 1, path,
	    line, col, fmt, ap);
	va_end(ap);
}

size_t
diags_attention(const struct diags *d)
{
	return d->attention;
}

size_t
diags_errors(const struct diags *d)
{
	return d->errors;
}

size_t
diags_warnings(const struct diags *d)
{
	return d->warnings;
}

size_t
diags_count(const struct diags *d)
{
	return d->count;
}

static int
diag_cmp(const void *pa, const void *pb)
{
	const struct diag *a = pa, *b = pb;
	int	c;

	if (a->path == NULL || b->path == NULL) {
		if (a->path != b->path)
			return a->path == NULL ? -1 : 1;
	} else if ((c = strcmp(a->path, b->path)) != 0) {
		return c;
	}
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void
diags_sort(struct diags *d)
{
	size_t	i, *slot;

	if (d->sorted)
		return;
	d->sorted = 1;
	if (d->count < 2)
		return;
	qsort(d->list, d->count, sizeof(*d->list), diag_cmp);
	/* The set holds indices into list: find them again. */
	memset(d->seen.slots, 0, d->seen.cap * sizeof(*d->seen.slots));
	for (i = 0; i < d->count; i++) {
		slot = &d->seen.slots[diag_hash(d, i) & (d->seen.cap - 1)];
		while (*slot != 0) {
			if (++slot == d->seen.slots + d->seen.cap)
				slot = d->seen.slots;
		}
		*slot = i + 1;
	}
}

const struct diag *
diags_get(struct diags *d, size_t i)
{
	diags_sort(d);
	return i < d->count ? &d->list[i] : NULL;
}

const char *
diag_level_name(enum diag_level level)
{
	switch (level) {
	case DIAG_ERROR: return "error";
	case DIAG_WARNING: return "warning";
	default: return "note";
	}
}

int
diag_column(const char *line, size_t byte_offset)
{
	size_t	i;
	int	col = 1;

	for (i = 0; i < byte_offset; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}

/* The registered text of path, or NULL. */
static struct diag_source *
source_find(struct diags *d, const char *path)
{
	struct src_key	 key = { d, path };
	size_t		*slot;

	if (path == NULL || d->bypath.cap == 0)
		return NULL;
	slot = set_slot(&d->bypath, hash_path(path), src_eq, &key);
	return *slot != 0 ? &d->srcs[*slot - 1] : NULL;
}

const char *
diags_source_line(struct diags *d, const char *path, int line, size_t *lenp)
{
	struct diag_source *s = source_find(d, path);
	const char	*p, *nl, *end;
	size_t		 cap = 0;

	if (s == NULL || line < 1)
		return NULL;
	if (s->data == NULL && s->fetch != NULL) {
		/* Let go: read again, once, and quoted only if the same. */
		size_t len = 0;
		char *text = s->fetch(s->fetch_ctx, s->path, &len);

		s->fetch = NULL;
		if (text != NULL && len == s->len &&
		    diag_text_sum(text, len) == s->sum) {
			s->owned = text;
			s->data = text;
		} else
			free(text);
	}
	if (s->data == NULL)
		return NULL;
	if (s->lines == NULL) {
		p = s->data;
		end = s->data + s->len;
		for (;;) {
			if (s->nlines == cap) {
				cap = cap ? cap * 2 : 64;
				s->lines = xreallocarray(s->lines, cap,
				    sizeof(*s->lines));
			}
			s->lines[s->nlines++] = (size_t)(p - s->data);
			nl = memchr(p, '\n', (size_t)(end - p));
			if (nl == NULL)
				break;
			p = nl + 1;
		}
	}
	if ((size_t)line > s->nlines)
		return NULL;
	p = s->data + s->lines[line - 1];
	end = (size_t)line < s->nlines ? s->data + s->lines[line] - 1 :
	    s->data + s->len;
	*lenp = (size_t)(end - p);
	if (*lenp > 0 && p[*lenp - 1] == '\r')
		(*lenp)--;
	return p;
}
