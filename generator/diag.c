#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "xalloc.h"

/* A file's text, registered for excerpts. */
struct diag_source {
	char		*path;	/* file the text belongs to */
	const char	*data;	/* borrowed bytes */
	size_t		 len;	/* byte count */
	size_t		*lines;	/* byte offset of each line's start, built
				   on the first excerpt; NULL until then */
	size_t		 nlines; /* entries in lines */
};

/*
 * An open-addressing hash set of indices (plus one; 0 is a free slot)
 * into an array its owner keeps; cap is 0 or a power of 2.
 */
struct diag_set {
	size_t	*slots;	/* index + 1 of each entry, or 0 */
	size_t	 cap;	/* slots allocated */
	size_t	 used;	/* slots in use */
};

struct diags {
	struct diag		*list;		/* reported problems */
	size_t			 count;		/* used entries of list */
	size_t			 cap;		/* allocated entries of list */
	size_t			 errors;	/* DIAG_ERROR count */
	size_t			 warnings;	/* DIAG_WARNING count */
	size_t			 attention;	/* diag_attention() count */
	int			 sorted;	/* list is in printing order */
	struct diag_set		 seen;		/* list, by content */
	struct diag_source	*srcs;		/* texts for source lines */
	size_t			 nsrcs;		/* used entries of srcs */
	size_t			 capsrcs;	/* allocated entries of srcs */
	struct diag_set		 bypath;	/* srcs, by path */
};

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
	}
	for (i = 0; i < d->nsrcs; i++) {
		free(d->srcs[i].path);
		free(d->srcs[i].lines);
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

static int
same_path(const char *a, const char *b)
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

void
diags_source(struct diags *d, const char *path, const char *data, size_t len)
{
	struct diag_source *s;
	struct src_key	 key = { d, path };
	size_t		*slot;

	set_grow(&d->bypath, src_hash, d);
	slot = set_slot(&d->bypath, hash_path(path), src_eq, &key);
	if (*slot != 0) {
		s = &d->srcs[*slot - 1];
		free(s->lines);
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
	s->data = data;
	s->len = len;
	s->lines = NULL;
	s->nlines = 0;
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
	    g->col == k->col && same_path(g->path, k->path) &&
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

static void
diag_vreport(struct diags *d, enum diag_level level, int attention,
    const char *path, int line, int col, const char *fmt, va_list ap)
{
	struct diag_key	 key;
	struct diag	*g;
	char		*msg;
	size_t		*slot;
	va_list		 aq;
	int		 n;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);
	line = line < 0 ? 0 : line;
	col = col < 0 ? 0 : col;

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
diag_report(struct diags *d, enum diag_level level, const char *path,
    int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreport(d, level, 0, path, line, col, fmt, ap);
	va_end(ap);
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

static void
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

static const char *
level_name(enum diag_level level)
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

/* Line (1-based) of the registered text for path; NULL if unknown. The
 * text's line starts are found once, on the first call for it. */
static const char *
source_line(struct diags *d, const char *path, int line, size_t *lenp)
{
	struct diag_source *s = source_find(d, path);
	const char	*p, *nl, *end;
	size_t		 cap = 0;

	if (s == NULL || line < 1)
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

/* Output is built in a buffer and written in large pieces. */
static void
out_flush(struct buf *b, FILE *fp, int all)
{
	if (b->len == 0 || (!all && b->len < DIAG_FLUSH_BYTES))
		return;
	fwrite(b->data, 1, b->len, fp);
	buf_reset(b);
}

/*
 * A file's path at the start of a line: escaped, and after "./" unless
 * it starts with a letter, a digit, '.', '_' or '-'. A CI runner strips
 * leading spaces (ASCII or not) and takes a line that then starts with
 * "::" (or the older "##[") as a command.
 */
static void
put_path_bol(struct buf *b, const char *path)
{
	unsigned char c = (unsigned char)path[0];

	if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
		buf_puts(b, "./");
	escape_term(b, path, strlen(path), 0);
}

/* Byte offset of 1-based column col in text (len bytes), or len. */
static size_t
col_offset(const char *text, size_t len, int col)
{
	size_t	i;
	int	c = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80 && ++c == col)
			return i;
	return len;
}

/*
 * The source line in a gutter that starts with its number, then a caret
 * under the column, as
 *
 *	 12 | the source line
 *	    |     ^
 *
 * Long lines show a window around the column, with "..." where text is
 * cut. The caret's indentation is the escaped width of what comes before.
 */
static void
print_excerpt(struct diags *d, const struct diag *g, struct buf *b,
    struct buf *tmp)
{
	const char	*text;
	size_t		 len = 0, target, start, end, i, k;
	int		 width, n, pad;

	if (g->line < 1 || (text = source_line(d, g->path, g->line,
	    &len)) == NULL)
		return;
	target = g->col > 0 ? col_offset(text, len, g->col) : 0;
	/* Step back over DIAG_EXCERPT_CONTEXT characters. */
	start = target;
	for (n = 0; start > 0 && n < DIAG_EXCERPT_CONTEXT;) {
		start--;
		if (((unsigned char)text[start] & 0xC0) != 0x80)
			n++;
	}
	while (start > 0 && ((unsigned char)text[start] & 0xC0) == 0x80)
		start--;
	width = snprintf(NULL, 0, "%d", g->line);
	buf_printf(b, " %d | ", g->line);
	if (start > 0)
		buf_puts(b, "...");
	for (i = start, n = 0; i < len; n++) {
		if (i >= target && n >= 2 * DIAG_EXCERPT_CONTEXT) {
			buf_puts(b, "...");
			break;
		}
		i += escape_term_char(b, text + i, len - i, 1);
	}
	buf_putc(b, '\n');
	if (g->col < 1)
		return;
	buf_printf(b, " %*s | ", width, "");
	if (start > 0)
		buf_puts(b, "   ");
	end = target < len ? target : len;
	for (i = start; i < end;) {
		buf_reset(tmp);
		i += escape_term_char(tmp, text + i, len - i, 1);
		for (k = 0; k < tmp->len; k++) {
			if (tmp->data[k] == '\t')
				buf_putc(b, '\t');
			else if (((unsigned char)tmp->data[k] & 0xC0) != 0x80)
				buf_putc(b, ' ');
		}
	}
	/* A column past the end of the line. */
	pad = g->col - diag_column(text, len);
	for (; pad > 0; pad--)
		buf_putc(b, ' ');
	buf_puts(b, "^\n");
}

static void
print_text(struct diags *d, const struct diag *g, struct buf *b,
    struct buf *tmp)
{
	if (g->path == NULL)
		buf_puts(b, "marche");
	else
		put_path_bol(b, g->path);
	if (g->path != NULL && g->line > 0) {
		buf_printf(b, ":%d", g->line);
		if (g->col > 0)
			buf_printf(b, ":%d", g->col);
	}
	buf_printf(b, ": %s: ", level_name(g->level));
	escape_term(b, g->msg, strlen(g->msg), 0);
	buf_putc(b, '\n');
	print_excerpt(d, g, b, tmp);
}

/* A workflow command's value: what a terminal would show, then GitHub's
 * own escaping of the command's syntax. */
static void
put_github(struct buf *b, struct buf *tmp, const char *s, int prop)
{
	buf_reset(tmp);
	escape_term(tmp, s, strlen(s), 0);
	escape_github(b, tmp->data, tmp->len, prop);
}

static void
print_github(const struct diag *g, struct buf *b, struct buf *tmp)
{
	buf_printf(b, "::%s", g->level == DIAG_NOTE ? "notice" :
	    level_name(g->level));
	if (g->path != NULL) {
		buf_puts(b, " file=");
		put_github(b, tmp, g->path, 1);
		if (g->line > 0)
			buf_printf(b, ",line=%d", g->line);
		if (g->col > 0)
			buf_printf(b, ",col=%d", g->col);
	}
	buf_puts(b, "::");
	put_github(b, tmp, g->msg, 0);
	buf_putc(b, '\n');
}

/* A JSON string holding what a terminal would show. */
static void
put_json(struct buf *b, struct buf *tmp, const char *s)
{
	buf_reset(tmp);
	escape_term(tmp, s, strlen(s), 0);
	buf_putc(b, '"');
	escape_json(b, tmp->data, tmp->len);
	buf_putc(b, '"');
}

static void
print_json(const struct diag *g, struct buf *b, struct buf *tmp, int first)
{
	buf_puts(b, first ? "  {" : ",\n  {");
	buf_puts(b, "\"file\": ");
	if (g->path != NULL)
		put_json(b, tmp, g->path);
	else
		buf_puts(b, "null");
	buf_printf(b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
	    "\"attention\": %s, \"message\": ", g->line, g->col,
	    level_name(g->level), g->attention ? "true" : "false");
	put_json(b, tmp, g->msg);
	buf_putc(b, '}');
}

/*
 * Which diagnostics are shown: the first DIAG_MAX_PER_FILE of each file
 * and DIAG_MAX_PER_RUN in all, in printing order. A walk over the sorted
 * list calls cap_next() for each entry; it says whether to show it, and
 * counts the others.
 */
struct cap {
	const char	*path;		/* file of the current run of entries */
	size_t		 in_file;	/* shown in that file */
	size_t		 file_more;	/* not shown in that file */
	size_t		 shown;		/* shown in all */
	size_t		 more;		/* not shown after the run's cap */
};

static int
cap_next(struct cap *c)
{
	if (c->shown >= DIAG_MAX_PER_RUN) {
		c->more++;
		return 0;
	}
	if (c->in_file >= DIAG_MAX_PER_FILE) {
		c->file_more++;
		return 0;
	}
	c->in_file++;
	c->shown++;
	return 1;
}

/* Note where the next file starts; returns 1 when g starts a new one
 * (c->path and c->file_more still describe the one before). */
static int
cap_new_file(const struct cap *c, const struct diag *g, int first)
{
	return first || !same_path(c->path, g->path);
}

static void
cap_start_file(struct cap *c, const struct diag *g)
{
	c->path = g->path;
	c->in_file = 0;
	c->file_more = 0;
}

/* "N more problems in PATH", after a file that reached its cap. */
static void
print_file_more(struct buf *b, const struct cap *c)
{
	if (c->file_more == 0)
		return;
	buf_printf(b, "marche: %zu more problem%s in ", c->file_more,
	    c->file_more == 1 ? "" : "s");
	if (c->path != NULL)
		escape_term(b, c->path, strlen(c->path), 0);
	else
		buf_puts(b, "no file");
	buf_printf(b, " (the first %d of a file are shown)\n",
	    DIAG_MAX_PER_FILE);
}

void
diags_print(struct diags *d, FILE *fp, enum diag_format fmt)
{
	struct buf	 b = BUF_INIT, tmp = BUF_INIT;
	struct cap	 c;
	size_t		 i, printed = 0;
	int		 pass, first;

	diags_sort(d);
	memset(&c, 0, sizeof(c));
	if (fmt == DIAG_FORMAT_JSON)
		buf_puts(&b, "[\n");
	/* The problems, then what falls due with time. */
	for (pass = 0; pass < 2; pass++) {
		first = 1;
		for (i = 0; i < d->count; i++) {
			const struct diag *g = &d->list[i];

			if (g->attention != pass)
				continue;
			if (fmt == DIAG_FORMAT_JSON) {
				/* All of them: no excerpts, so linear in
				 * the input. */
				print_json(g, &b, &tmp, printed++ == 0);
				out_flush(&b, fp, 0);
				continue;
			}
			if (pass == 1 && first)
				buf_puts(&b, "needs attention (obligations that "
				    "fall due with time; they do not stop the "
				    "build):\n");
			if (cap_new_file(&c, g, first)) {
				print_file_more(&b, &c);
				cap_start_file(&c, g);
			}
			first = 0;
			if (cap_next(&c)) {
				print_text(d, g, &b, &tmp);
				if (fmt == DIAG_FORMAT_GITHUB)
					print_github(g, &b, &tmp);
			}
			out_flush(&b, fp, 0);
		}
		if (fmt != DIAG_FORMAT_JSON) {
			print_file_more(&b, &c);
			c.file_more = 0;
		}
	}
	if (fmt == DIAG_FORMAT_JSON)
		buf_puts(&b, printed ? "\n]\n" : "]\n");
	else if (c.more > 0)
		buf_printf(&b, "marche: %zu more problem%s (the first %d are "
		    "shown)\n", c.more, c.more == 1 ? "" : "s",
		    DIAG_MAX_PER_RUN);
	out_flush(&b, fp, 1);
	fflush(fp);
	buf_free(&b);
	buf_free(&tmp);
}

/* Where a problem is, as a code span: "path:line:col". */
static void
summary_where(struct buf *b, struct buf *tmp, const struct diag *g,
    int in_table)
{
	if (g->path == NULL)
		return;
	buf_reset(tmp);
	escape_term(tmp, g->path, strlen(g->path), 0);
	if (g->line > 0)
		buf_printf(tmp, ":%d", g->line);
	if (g->col > 0)
		buf_printf(tmp, ":%d", g->col);
	escape_md_code(b, tmp->data, tmp->len, in_table);
}

/* A message as a code span, so that nothing a contributor wrote in it
 * becomes markup, a link or an image on the check's page. */
static void
summary_msg(struct buf *b, struct buf *tmp, const char *msg, int in_table)
{
	buf_reset(tmp);
	escape_term(tmp, msg, strlen(msg), 0);
	escape_md_code(b, tmp->data, tmp->len, in_table);
}

/* "N more" after a capped file or run; level selects the entries. */
static void
summary_more(struct buf *b, struct buf *tmp, const struct cap *c,
    int in_table)
{
	if (c->file_more == 0)
		return;
	buf_puts(b, in_table ? "| " : "- ");
	if (c->path != NULL) {
		buf_reset(tmp);
		escape_term(tmp, c->path, strlen(c->path), 0);
		escape_md_code(b, tmp->data, tmp->len, in_table);
	}
	buf_printf(b, in_table ? " | | %zu more (the first %d of a file are "
	    "shown) |\n" : " %zu more (the first %d of a file are shown)\n",
	    c->file_more, DIAG_MAX_PER_FILE);
}

/* Which diagnostics a part of the summary holds. */
enum summary_part {
	SUMMARY_PROBLEMS,	/* errors and warnings, as table rows */
	SUMMARY_ATTENTION,	/* what falls due with time, as a list */
	SUMMARY_NOTES		/* other notes, as a list */
};

static int
summary_keeps(const struct diag *g, enum summary_part part)
{
	switch (part) {
	case SUMMARY_PROBLEMS:
		return !g->attention && g->level != DIAG_NOTE;
	case SUMMARY_ATTENTION:
		return g->attention;
	default:
		return !g->attention && g->level == DIAG_NOTE;
	}
}

/* One part of the summary under its heading (or the table's), if it
 * holds anything. */
static void
summary_part(struct diags *d, struct buf *b, struct buf *tmp,
    enum summary_part part, const char *heading)
{
	struct cap	 c;
	size_t		 i;
	int		 first = 1, table = part == SUMMARY_PROBLEMS;

	memset(&c, 0, sizeof(c));
	for (i = 0; i < d->count; i++) {
		const struct diag *g = &d->list[i];

		if (!summary_keeps(g, part))
			continue;
		if (first)
			buf_puts(b, heading);
		if (cap_new_file(&c, g, first)) {
			summary_more(b, tmp, &c, table);
			cap_start_file(&c, g);
		}
		first = 0;
		if (!cap_next(&c))
			continue;
		buf_puts(b, table ? "| " : "- ");
		summary_where(b, tmp, g, table);
		if (table)
			buf_printf(b, " | %s | ", level_name(g->level));
		else if (g->path != NULL)
			buf_putc(b, ' ');
		summary_msg(b, tmp, g->msg, table);
		buf_puts(b, table ? " |\n" : "\n");
	}
	if (first)
		return;
	summary_more(b, tmp, &c, table);
	if (c.more > 0)
		buf_printf(b, table ? "| | | %zu more (the first %d are "
		    "shown) |\n" : "- %zu more (the first %d are shown)\n",
		    c.more, DIAG_MAX_PER_RUN);
	buf_putc(b, '\n');
}

void
diags_summary(struct diags *d, FILE *fp, const char *title)
{
	struct buf	 b = BUF_INIT, tmp = BUF_INIT;

	diags_sort(d);
	buf_printf(&b, "## %s\n\n", title);
	if (d->errors > 0)
		buf_printf(&b, "**%zu problem%s to fix** before this can be "
		    "merged.\n\n", d->errors, d->errors == 1 ? "" : "s");
	else
		buf_puts(&b, "**No problems found.**\n\n");
	summary_part(d, &b, &tmp, SUMMARY_PROBLEMS,
	    "| Where | Severity | What to do |\n|---|---|---|\n");
	summary_part(d, &b, &tmp, SUMMARY_ATTENTION, "### Needs attention\n\n");
	summary_part(d, &b, &tmp, SUMMARY_NOTES, "### Changes to note\n\n");
	out_flush(&b, fp, 1);
	fflush(fp);
	buf_free(&b);
	buf_free(&tmp);
}
