/*
 * A Markdown line of an imported post, freed of Kramdown attributes,
 * Liquid tags, HTML comments and tags, with links to the site's files
 * noted. See import.h.
 */
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "import_impl.h"

/* The end of a "[text](url)" link starting at line[i] == '[', or 0. */
static size_t
link_end(const char *line, size_t n, size_t i, size_t *text_a,
    size_t *text_b, size_t *url_a, size_t *url_b)
{
	size_t	j = i + 1;
	int	depth = 1;

	for (; j < n && depth > 0; j++)
		if (line[j] == '[')
			depth++;
		else if (line[j] == ']')
			depth--;
	if (depth != 0 || j >= n || line[j] != '(')
		return 0;
	*text_a = i + 1;
	*text_b = j - 1;
	*url_a = j + 1;
	/* {{ site.baseurl }} holds spaces. */
	if (j + 2 < n && line[j + 1] == '{' && line[j + 2] == '{')
		for (j += 3; j + 1 < n && !(line[j] == '}' &&
		    line[j + 1] == '}'); j++)
			;
	for (j++; j < n && line[j] != ')' && line[j] != ' '; j++)
		;
	*url_b = j;
	while (j < n && line[j] != ')')
		j++;
	return j < n ? j + 1 : 0;
}

/* If url is under assets/ (after {{ site.baseurl }}, "/", "./" or
 * "../"), the path from "assets/" on, else NULL. */
static char *
asset_path(const char *url, size_t n)
{
	struct buf	 b = BUF_INIT;
	const char	*p = url, *end = url + n, *q;

	if (n > 2 && p[0] == '{' && p[1] == '{') {
		for (q = p; q + 1 < end && !(q[0] == '}' && q[1] == '}'); q++)
			;
		if (q + 1 >= end)
			return NULL;
		buf_put(&b, p + 2, (size_t)(q - p - 2));
		buf_putc(&b, '\0');
		if (strstr(b.data, "baseurl") == NULL) {
			buf_free(&b);
			return NULL;
		}
		buf_free(&b);
		p = q + 2;
	}
	for (;;) {
		if (p < end && *p == '/')
			p++;
		else if (end - p >= 2 && p[0] == '.' && p[1] == '/')
			p += 2;
		else if (end - p >= 3 && memcmp(p, "../", 3) == 0)
			p += 3;
		else
			break;
	}
	if (end - p < 8 || memcmp(p, "assets/", 7) != 0)
		return NULL;
	buf_put(&b, p, (size_t)(end - p));
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Quote at most 60 bytes of s for a note. */
static void
quoted_excerpt(struct buf *b, const char *s, size_t n)
{
	buf_putc(b, '\'');
	buf_put(b, s, n > 60 ? 60 : n);
	if (n > 60)
		buf_puts(b, "...");
	buf_putc(b, '\'');
}

static void
note_removed(import_note_fn note, void *arg, size_t off, const char *what,
    const char *s, size_t n, const char *why)
{
	struct buf	b = BUF_INIT;

	buf_printf(&b, "%s ", what);
	quoted_excerpt(&b, s, n);
	buf_printf(&b, " removed: %s", why);
	note(arg, off, buf_cstr(&b));
	buf_free(&b);
}

/* The length of an HTML tag "<name ...>" or "</name>" at s, or 0. */
static size_t
html_tag(const char *s, size_t n, size_t *name_a, size_t *name_b)
{
	size_t	i = 1, j;
	char	q = 0;

	if (i < n && s[i] == '/')
		i++;
	if (i >= n || !isalpha((unsigned char)s[i]))
		return 0;
	*name_a = i;
	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '-'))
		i++;
	*name_b = i;
	if (i < n && s[i] != ' ' && s[i] != '/' && s[i] != '>')
		return 0;
	for (j = i; j < n; j++) {
		if (q != 0) {
			if (s[j] == q)
				q = 0;
		} else if (s[j] == '"' || s[j] == '\'')
			q = s[j];
		else if (s[j] == '>')
			return j + 1;
	}
	return 0;
}

/* One line being cleaned: what each construct's step reads and writes. */
struct clean_line {
	struct buf		*out;	/* the cleaned text */
	struct import_clean	*st;	/* state across lines */
	const char		*line;	/* the line */
	size_t			 n;	/* its length */
	import_note_fn		 note;
	import_asset_fn		 asset;
	void			*arg;
	struct buf		 rep;	/* an asset link's replacement */
	struct buf		 txt;	/* scratch for a note or link text */
};

/*
 * Each step looks at the line from byte i: it returns the bytes it took
 * (written or dropped), or 0 when what is there is not its construct.
 */

/* Inside an HTML comment left open on an earlier line: up to its end. */
static size_t
step_comment_tail(struct clean_line *c, size_t i)
{
	size_t	j;

	if (!c->st->in_comment)
		return 0;
	for (j = i; j + 2 < c->n && memcmp(c->line + j, "-->", 3) != 0; j++)
		;
	if (j + 2 < c->n) {
		c->st->in_comment = 0;
		return j + 3 - i;
	}
	return c->n - i;
}

/* A code span is copied as it is, up to the matching run of backticks. */
static size_t
step_code_span(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 n = c->n, j, k;

	if (line[i] != '`')
		return 0;
	for (k = i; k < n && line[k] == '`'; k++)
		;
	for (j = k; j < n; j++)
		if (line[j] == '`') {
			size_t	m = j;

			while (m < n && line[m] == '`')
				m++;
			if (m - j == k - i)
				break;
			j = m - 1;
		}
	if (j >= n)
		j = k;
	else
		j += k - i;
	buf_put(c->out, line + i, j - i);
	return j - i;
}

/* A Kramdown attribute list {:...} or Liquid {% %} / {{ }}: dropped. */
static size_t
step_braces(struct clean_line *c, size_t i)
{
	const char	*line = c->line, *e;
	size_t		 n = c->n, j, elen;

	if (line[i] != '{' || i + 1 >= n || (line[i + 1] != ':' &&
	    line[i + 1] != '%' && line[i + 1] != '{'))
		return 0;
	e = line[i + 1] == ':' ? "}" : line[i + 1] == '%' ? "%}" : "}}";
	elen = strlen(e);
	for (j = i + 2; j + elen <= n && memcmp(line + j, e, elen) != 0; j++)
		;
	if (j + elen > n)
		return 0;
	j += elen;
	if (line[i + 1] == ':')
		note_removed(c->note, c->arg, i, "Kramdown attribute list",
		    line + i, j - i, "marche's Markdown has none");
	else
		note_removed(c->note, c->arg, i, "Liquid", line + i, j - i,
		    "marche does not run Liquid");
	/* "text {:x}" leaves no trailing space. */
	while (c->out->len > 0 && c->out->data[c->out->len - 1] == ' ' &&
	    (j == n || line[j] == ' '))
		c->out->len--;
	return j - i;
}

/* An HTML comment: dropped, perhaps to a later line. */
static size_t
step_html_comment(struct clean_line *c, size_t i)
{
	size_t	j;

	if (c->line[i] != '<' || i + 3 >= c->n ||
	    memcmp(c->line + i, "<!--", 4) != 0)
		return 0;
	for (j = i + 4; j + 2 < c->n && memcmp(c->line + j, "-->", 3) != 0;
	    j++)
		;
	c->note(c->arg, i, "HTML comment removed: marche's Markdown allows "
	    "no raw HTML");
	if (j + 2 < c->n)
		return j + 3 - i;
	c->st->in_comment = 1;
	return c->n - i;
}

/* A raw HTML tag: dropped, the text around it kept. */
static size_t
step_html_tag(struct clean_line *c, size_t i)
{
	size_t	j, ta, tb;

	if (c->line[i] != '<' ||
	    (j = html_tag(c->line + i, c->n - i, &ta, &tb)) == 0)
		return 0;
	buf_reset(&c->txt);
	buf_puts(&c->txt, "raw HTML ");
	quoted_excerpt(&c->txt, c->line + i, j);
	buf_puts(&c->txt, " removed, its text kept: marche's Markdown allows "
	    "no raw HTML");
	c->note(c->arg, i, buf_cstr(&c->txt));
	return j;
}

/* A link or image to one of the site's files: what asset() makes of it. */
static size_t
step_asset_link(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 j, k, ta, tb, ua, ub;
	char		*path;

	if (line[i] != '[' && (line[i] != '!' || i + 1 >= c->n ||
	    line[i + 1] != '['))
		return 0;
	k = line[i] == '!' ? i + 1 : i;
	j = link_end(line, c->n, k, &ta, &tb, &ua, &ub);
	if (j == 0 || (path = asset_path(line + ua, ub - ua)) == NULL)
		return 0;
	buf_reset(&c->txt);
	buf_put(&c->txt, line + ta, tb - ta);
	buf_reset(&c->rep);
	c->asset(c->arg, i, path, buf_cstr(&c->txt), &c->rep);
	buf_put(c->out, c->rep.data, c->rep.len);
	free(path);
	return j - i;
}

/* "â€" and "Ã©": UTF-8 once read as Windows-1252, noted and kept. */
static size_t
step_twice_encoded(struct clean_line *c, size_t i)
{
	const char	*line = c->line;
	size_t		 k;

	if (c->n - i < 5 || (memcmp(line + i, "\xc3\xa2\xe2\x82", 4) != 0 &&
	    (memcmp(line + i, "\xc3\x83", 2) != 0 ||
	    ((unsigned char)line[i + 2] & 0xFE) != 0xC2)))
		return 0;
	c->note(c->arg, i, "this text looks encoded twice (UTF-8 read as "
	    "Windows-1252, as in 'â€“' for '–'): left as it is; correct it "
	    "by hand");
	k = (unsigned char)line[i + 2] == 0xE2 ? 5 : 4;
	buf_put(c->out, line + i, k);
	return k;
}

void
import_clean_line(struct buf *out, struct import_clean *st,
    const char *line, size_t n, import_note_fn note, import_asset_fn asset,
    void *arg)
{
	static size_t	(*const steps[])(struct clean_line *, size_t) = {
		step_comment_tail, step_code_span, step_braces,
		step_html_comment, step_html_tag, step_asset_link,
		step_twice_encoded
	};
	struct clean_line c = { out, st, line, n, note, asset, arg, BUF_INIT,
			    BUF_INIT };
	size_t		 i = 0, k, took;

	while (i < n) {
		took = 0;
		for (k = 0; k < sizeof(steps) / sizeof(steps[0]) && took == 0;
		    k++)
			took = steps[k](&c, i);
		if (took == 0) {
			buf_putc(out, line[i]);
			took = 1;
		}
		i += took;
	}
	buf_free(&c.rep);
	buf_free(&c.txt);
}
