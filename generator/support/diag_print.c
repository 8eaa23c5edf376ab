/*
 * Diagnostics, second half: printing what diag.c collected, as text,
 * GitHub annotations, JSON or a Markdown summary. Every byte of a path,
 * message or source line goes through escape_term() first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libintl.h>

#include "buf.h"
#include "diag_impl.h"
#include "escape.h"

/* msgid in language l. */
static const char *
tr(enum diag_lang l, const char *msgid)
{
	return l == DIAG_LANG_FR ? diag_fr(msgid) : msgid;
}

/* The singular or plural form for n, in language l. */
static const char *
trn(enum diag_lang l, const char *one, const char *many, size_t n)
{
	if (l == DIAG_LANG_FR && diag_fr_ready())
		return dngettext("marche", one, many, (unsigned long)n);
	return n == 1 ? one : many;
}

/* Printer text in every language asked for, joined by " / ". */
static void
put_tr(struct buf *b, const char *msgid)
{
	size_t	i;

	const char	*prev = NULL, *t;

	for (i = 0; i < diag_nlangs(); i++) {
		t = tr(diag_lang_at(i), msgid);
		if (prev != NULL && strcmp(prev, t) == 0)
			continue;	/* the same in both */
		if (prev != NULL)
			buf_puts(b, " / ");
		buf_puts(b, t);
		prev = t;
	}
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

	if (g->line < 1 || (text = diags_source_line(d, g->path, g->line,
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
	const char	*msg;
	size_t		 i;

	if (g->path == NULL)
		buf_puts(b, "marche");
	else
		put_path_bol(b, g->path);
	if (g->path != NULL && g->line > 0) {
		buf_printf(b, ":%d", g->line);
		if (g->col > 0)
			buf_printf(b, ":%d", g->col);
	}
	buf_printf(b, ": %s: ", diag_level_name(g->level));
	msg = diag_msg(g, diag_lang_at(0));
	escape_term(b, msg, strlen(msg), 0);
	buf_putc(b, '\n');
	/* The same message in the other language, under it. */
	for (i = 1; i < diag_nlangs(); i++) {
		msg = diag_msg(g, diag_lang_at(i));
		buf_printf(b, "    [%s] ", diag_lang_code(diag_lang_at(i)));
		escape_term(b, msg, strlen(msg), 0);
		buf_putc(b, '\n');
	}
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
	size_t	i;

	buf_printf(b, "::%s", g->level == DIAG_NOTE ? "notice" :
	    diag_level_name(g->level));
	if (g->path != NULL) {
		buf_puts(b, " file=");
		put_github(b, tmp, g->path, 1);
		if (g->line > 0)
			buf_printf(b, ",line=%d", g->line);
		if (g->col > 0)
			buf_printf(b, ",col=%d", g->col);
	}
	buf_puts(b, "::");
	for (i = 0; i < diag_nlangs(); i++) {
		if (i > 0)
			buf_puts(b, "%0A");	/* a line break */
		put_github(b, tmp, diag_msg(g, diag_lang_at(i)), 0);
	}
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
	size_t	i;

	buf_puts(b, first ? "  {" : ",\n  {");
	buf_puts(b, "\"file\": ");
	if (g->path != NULL)
		put_json(b, tmp, g->path);
	else
		buf_puts(b, "null");
	buf_printf(b, ", \"line\": %d, \"column\": %d, \"severity\": \"%s\", "
	    "\"attention\": %s, \"message\": ", g->line, g->col,
	    diag_level_name(g->level), g->attention ? "true" : "false");
	put_json(b, tmp, diag_msg(g, diag_lang_at(0)));
	/* With two languages, the message in each, by code. */
	for (i = 0; diag_nlangs() > 1 && i < diag_nlangs(); i++) {
		buf_printf(b, ", \"message_%s\": ",
		    diag_lang_code(diag_lang_at(i)));
		put_json(b, tmp, diag_msg(g, diag_lang_at(i)));
	}
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
	return first || !diag_same_path(c->path, g->path);
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
	struct buf	 p = BUF_INIT;
	enum diag_lang	 l;
	size_t		 i;

	if (c->file_more == 0)
		return;
	if (c->path != NULL)
		escape_term(&p, c->path, strlen(c->path), 0);
	for (i = 0; i < diag_nlangs(); i++) {
		l = diag_lang_at(i);
		buf_puts(b, "marche: ");
		buf_printf(b, trn(l, "%zu more problem in %s (the first %d of "
		    "a file are shown)", "%zu more problems in %s (the first "
		    "%d of a file are shown)", c->file_more), c->file_more,
		    c->path != NULL ? buf_cstr(&p) : tr(l, "no file"),
		    DIAG_MAX_PER_FILE);
		buf_putc(b, '\n');
	}
	buf_free(&p);
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
			if (pass == 1 && first) {
				put_tr(&b, N_("needs attention (obligations "
				    "that fall due with time; they do not stop "
				    "the build):"));
				buf_putc(&b, '\n');
			}
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
		for (i = 0; i < diag_nlangs(); i++) {
			buf_puts(&b, "marche: ");
			buf_printf(&b, trn(diag_lang_at(i), "%zu more problem "
			    "(the first %d are shown)", "%zu more problems "
			    "(the first %d are shown)", c.more), c.more,
			    DIAG_MAX_PER_RUN);
			buf_putc(&b, '\n');
		}
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
summary_msg(struct buf *b, struct buf *tmp, const struct diag *g,
    int in_table)
{
	const char	*msg;
	size_t		 i;

	for (i = 0; i < diag_nlangs(); i++) {
		if (i > 0)
			buf_puts(b, in_table ? "<br>" : " / ");
		msg = diag_msg(g, diag_lang_at(i));
		buf_reset(tmp);
		escape_term(tmp, msg, strlen(msg), 0);
		escape_md_code(b, tmp->data, tmp->len, in_table);
	}
}

/* A severity in every language asked for. */
static void
summary_level(struct buf *b, enum diag_level level)
{
	put_tr(b, level == DIAG_ERROR ? N_("error") : level == DIAG_WARNING ?
	    N_("warning") : N_("note"));
}

/* "N more (the first M ...)" in every language asked for. */
static void
summary_count(struct buf *b, const char *fmt, size_t n, int shown)
{
	size_t	i;

	for (i = 0; i < diag_nlangs(); i++) {
		if (i > 0)
			buf_puts(b, " / ");
		buf_printf(b, tr(diag_lang_at(i), fmt), n, shown);
	}
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
	buf_puts(b, in_table ? " | | " : " ");
	summary_count(b, N_("%zu more (the first %d of a file are shown)"),
	    c->file_more, DIAG_MAX_PER_FILE);
	buf_puts(b, in_table ? " |\n" : "\n");
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
		if (table) {
			buf_puts(b, " | ");
			summary_level(b, g->level);
			buf_puts(b, " | ");
		} else if (g->path != NULL)
			buf_putc(b, ' ');
		summary_msg(b, tmp, g, table);
		buf_puts(b, table ? " |\n" : "\n");
	}
	if (first)
		return;
	summary_more(b, tmp, &c, table);
	if (c.more > 0) {
		buf_puts(b, table ? "| | | " : "- ");
		summary_count(b, N_("%zu more (the first %d are shown)"),
		    c.more, DIAG_MAX_PER_RUN);
		buf_puts(b, table ? " |\n" : "\n");
	}
	buf_putc(b, '\n');
}

void
diags_summary(struct diags *d, FILE *fp, const char *title)
{
	struct buf	 b = BUF_INIT, tmp = BUF_INIT, heading = BUF_INIT;
	enum diag_lang	 l;
	size_t		 i;

	diags_sort(d);
	buf_puts(&b, "## ");
	put_tr(&b, title);
	buf_puts(&b, "\n\n");
	for (i = 0; i < diag_nlangs(); i++) {
		l = diag_lang_at(i);
		if (d->errors > 0)
			buf_printf(&b, trn(l, "**%zu problem to fix** before "
			    "this can be merged.", "**%zu problems to fix** "
			    "before this can be merged.", d->errors),
			    d->errors);
		else
			buf_puts(&b, tr(l, "**No problems found.**"));
		buf_puts(&b, "\n\n");
	}
	/* Each heading is printed only before a part that holds something. */
	buf_puts(&heading, "| ");
	put_tr(&heading, N_("Where"));
	buf_puts(&heading, " | ");
	put_tr(&heading, N_("Severity"));
	buf_puts(&heading, " | ");
	put_tr(&heading, N_("What to do"));
	buf_puts(&heading, " |\n|---|---|---|\n");
	summary_part(d, &b, &tmp, SUMMARY_PROBLEMS, buf_cstr(&heading));
	buf_reset(&heading);
	buf_puts(&heading, "### ");
	put_tr(&heading, N_("Needs attention"));
	buf_puts(&heading, "\n\n");
	summary_part(d, &b, &tmp, SUMMARY_ATTENTION, buf_cstr(&heading));
	buf_reset(&heading);
	buf_puts(&heading, "### ");
	put_tr(&heading, N_("Changes to note"));
	buf_puts(&heading, "\n\n");
	summary_part(d, &b, &tmp, SUMMARY_NOTES, buf_cstr(&heading));
	buf_free(&heading);
	out_flush(&b, fp, 1);
	fflush(fp);
	buf_free(&b);
	buf_free(&tmp);
}
