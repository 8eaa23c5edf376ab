#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "xalloc.h"

struct diag_source {
	char		*path;	/* file the text belongs to */
	const char	*data;	/* borrowed bytes */
	size_t		 len;	/* byte count */
};

struct diags {
	struct diag		*list;		/* reported problems */
	size_t			 count;		/* used entries of list */
	size_t			 cap;		/* allocated entries of list */
	size_t			 errors;	/* DIAG_ERROR count */
	size_t			 warnings;	/* DIAG_WARNING count */
	size_t			 attention;	/* diag_attention() count */
	int			 sorted;	/* list is in printing order */
	struct diag_source	*srcs;		/* texts for source lines */
	size_t			 nsrcs;		/* used entries of srcs */
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
	for (i = 0; i < d->nsrcs; i++)
		free(d->srcs[i].path);
	free(d->list);
	free(d->srcs);
	free(d);
}

void
diags_source(struct diags *d, const char *path, const char *data, size_t len)
{
	size_t	i;

	for (i = 0; i < d->nsrcs; i++) {
		if (strcmp(d->srcs[i].path, path) == 0) {
			d->srcs[i].data = data;
			d->srcs[i].len = len;
			return;
		}
	}
	d->srcs = xreallocarray(d->srcs, d->nsrcs + 1, sizeof(*d->srcs));
	d->srcs[d->nsrcs].path = xstrdup(path);
	d->srcs[d->nsrcs].data = data;
	d->srcs[d->nsrcs].len = len;
	d->nsrcs++;
}

static void
diag_vreport(struct diags *d, enum diag_level level, int attention,
    const char *path, int line, int col, const char *fmt, va_list ap)
{
	struct diag	*g;
	char		*msg;
	va_list		 aq;
	int		 n;
	size_t		 i;

	va_copy(aq, ap);
	n = vsnprintf(NULL, 0, fmt, aq);
	va_end(aq);
	msg = xmalloc(n > 0 ? (size_t)n + 1 : 1);
	vsnprintf(msg, n > 0 ? (size_t)n + 1 : 1, fmt, ap);

	/* The same problem found twice is shown once. */
	for (i = 0; i < d->count; i++) {
		g = &d->list[i];
		if (g->level == level && g->attention == attention &&
		    g->line == line && g->col == col &&
		    strcmp(g->msg, msg) == 0 &&
		    ((g->path == NULL && path == NULL) ||
		    (g->path != NULL && path != NULL &&
		    strcmp(g->path, path) == 0))) {
			free(msg);
			return;
		}
	}
	if (d->count == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 16;
		d->list = xreallocarray(d->list, d->cap, sizeof(*d->list));
	}
	g = &d->list[d->count];
	g->level = level;
	g->path = path != NULL ? xstrdup(path) : NULL;
	g->line = line < 0 ? 0 : line;
	g->col = col < 0 ? 0 : col;
	g->msg = msg;
	g->attention = attention;
	g->seq = d->count++;
	if (attention)
		d->attention++;
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
	if (!d->sorted && d->count > 1)
		qsort(d->list, d->count, sizeof(*d->list), diag_cmp);
	d->sorted = 1;
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

/* Find line (1-based) of the registered text for path; NULL if unknown. */
static const char *
source_line(const struct diags *d, const char *path, int line, size_t *lenp)
{
	const struct diag_source *s = NULL;
	const char	*p, *end, *nl;
	size_t		 i;
	int		 n;

	for (i = 0; i < d->nsrcs && path != NULL; i++)
		if (strcmp(d->srcs[i].path, path) == 0)
			s = &d->srcs[i];
	if (s == NULL || line < 1)
		return NULL;
	p = s->data;
	end = s->data + s->len;
	for (n = 1; n < line; n++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			return NULL;
		p = nl + 1;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	*lenp = (size_t)((nl != NULL ? nl : end) - p);
	if (*lenp > 0 && p[*lenp - 1] == '\r')
		(*lenp)--;
	return p;
}

/* The source line, then a caret under the column (tabs kept as tabs). */
static void
print_excerpt(const struct diags *d, const struct diag *g, FILE *fp)
{
	const char	*text;
	size_t		 len = 0, i;
	int		 col = 1;

	if (g->line < 1 || (text = source_line(d, g->path, g->line,
	    &len)) == NULL)
		return;
	fputs("    ", fp);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)text[i];

		/* Show control bytes in a visible way. */
		fputc(c < 0x20 && c != '\t' ? '?' : c, fp);
	}
	fputc('\n', fp);
	if (g->col < 1)
		return;
	fputs("    ", fp);
	for (i = 0; i < len && col < g->col; i++) {
		if (((unsigned char)text[i] & 0xC0) == 0x80)
			continue;
		fputc(text[i] == '\t' ? '\t' : ' ', fp);
		col++;
	}
	for (; col < g->col; col++)
		fputc(' ', fp);
	fputs("^\n", fp);
}

static void
print_text(struct diags *d, const struct diag *g, FILE *fp)
{
	if (g->path == NULL)
		fputs("marche", fp);
	else
		fputs(g->path, fp);
	if (g->path != NULL && g->line > 0) {
		fprintf(fp, ":%d", g->line);
		if (g->col > 0)
			fprintf(fp, ":%d", g->col);
	}
	fprintf(fp, ": %s: %s\n", level_name(g->level), g->msg);
	print_excerpt(d, g, fp);
}

static void
print_github(const struct diag *g, FILE *fp)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "::%s", g->level == DIAG_NOTE ? "notice" :
	    level_name(g->level));
	if (g->path != NULL) {
		buf_puts(&b, " file=");
		escape_github(&b, g->path, strlen(g->path), 1);
		if (g->line > 0)
			buf_printf(&b, ",line=%d", g->line);
		if (g->col > 0)
			buf_printf(&b, ",col=%d", g->col);
	}
	buf_puts(&b, "::");
	escape_github(&b, g->msg, strlen(g->msg), 0);
	fprintf(fp, "%s\n", buf_cstr(&b));
	buf_free(&b);
}

static void
print_json(const struct diag *g, FILE *fp, int first)
{
	struct buf	b = BUF_INIT;

	buf_puts(&b, first ? "  {" : ",\n  {");
	buf_puts(&b, "\"file\": ");
	if (g->path != NULL) {
		buf_putc(&b, '"');
		escape_json(&b, g->path, strlen(g->path));
		buf_putc(&b, '"');
	} else {
		buf_puts(&b, "null");
	}
	buf_printf(&b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
	    "\"attention\": %s, \"message\": \"", g->line, g->col,
	    level_name(g->level), g->attention ? "true" : "false");
	escape_json(&b, g->msg, strlen(g->msg));
	buf_puts(&b, "\"}");
	fputs(buf_cstr(&b), fp);
	buf_free(&b);
}

void
diags_print(struct diags *d, FILE *fp, enum diag_format fmt)
{
	size_t	i, n = 0, printed = 0;
	int	pass;

	diags_sort(d);
	if (fmt == DIAG_FORMAT_JSON)
		fputs("[\n", fp);
	/* The problems, then what falls due with time. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < d->count; i++) {
			const struct diag *g = &d->list[i];

			if (g->attention != pass)
				continue;
			if (pass == 1 && n++ == 0 && fmt != DIAG_FORMAT_JSON)
				fputs("needs attention (obligations that fall "
				    "due with time; they do not stop the "
				    "build):\n", fp);
			switch (fmt) {
			case DIAG_FORMAT_JSON:
				print_json(g, fp, printed == 0);
				break;
			case DIAG_FORMAT_GITHUB:
				print_text(d, g, fp);
				print_github(g, fp);
				break;
			default:
				print_text(d, g, fp);
			}
			printed++;
		}
	}
	if (fmt == DIAG_FORMAT_JSON)
		fputs(d->count ? "\n]\n" : "]\n", fp);
	fflush(fp);
}

/* Table cells: no pipes or line breaks, and no markup from messages. */
static void
summary_cell(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '|': fputs("\\|", fp); break;
		case '\n': fputc(' ', fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '`': fputc('\'', fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void
summary_where(FILE *fp, const struct diag *g)
{
	if (g->path == NULL)
		return;
	fputc('`', fp);
	summary_cell(fp, g->path);
	if (g->line > 0)
		fprintf(fp, ":%d", g->line);
	if (g->col > 0)
		fprintf(fp, ":%d", g->col);
	fputc('`', fp);
}

/* A Markdown list of the diagnostics that pass keep(). */
static void
summary_list(struct diags *d, FILE *fp, const char *heading,
    int (*keep)(const struct diag *))
{
	size_t	i;
	int	any = 0;

	for (i = 0; i < d->count; i++) {
		const struct diag *g = &d->list[i];

		if (!keep(g))
			continue;
		if (!any++)
			fprintf(fp, "### %s\n\n", heading);
		fputs("- ", fp);
		summary_where(fp, g);
		fputc(' ', fp);
		summary_cell(fp, g->msg);
		fputc('\n', fp);
	}
	if (any)
		fputc('\n', fp);
}

static int
is_attention(const struct diag *g)
{
	return g->attention;
}

static int
is_plain_note(const struct diag *g)
{
	return !g->attention && g->level == DIAG_NOTE;
}

void
diags_summary(struct diags *d, FILE *fp, const char *title)
{
	size_t	i;
	int	rows = 0;

	diags_sort(d);
	fprintf(fp, "## %s\n\n", title);
	if (d->errors > 0)
		fprintf(fp, "**%zu problem%s to fix** before this can be "
		    "merged.\n\n", d->errors, d->errors == 1 ? "" : "s");
	else
		fputs("**No problems found.**\n\n", fp);
	for (i = 0; i < d->count; i++) {
		const struct diag *g = &d->list[i];

		if (g->level == DIAG_NOTE || g->attention)
			continue;
		if (!rows++)
			fputs("| Where | Severity | What to do |\n"
			    "|---|---|---|\n", fp);
		fputs("| ", fp);
		summary_where(fp, g);
		fprintf(fp, " | %s | ", level_name(g->level));
		summary_cell(fp, g->msg);
		fputs(" |\n", fp);
	}
	if (rows)
		fputc('\n', fp);
	summary_list(d, fp, "Needs attention", is_attention);
	summary_list(d, fp, "Changes to note", is_plain_note);
	fflush(fp);
}
