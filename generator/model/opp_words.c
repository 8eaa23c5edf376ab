/*
 * What changed in an opportunity's text, for readers and for
 * contributors: a word diff of the text readers see (Markdown fields
 * compared as rendered text), and the place in the file of the first
 * changed word.
 */
#include <string.h>

#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "opportunity.h"
#include "value.h"
#include "worddiff.h"

int
opp_term_is_markdown(const char *key)
{
	return strcmp(key, "description") == 0 ||
	    strcmp(key, "evaluation") == 0 || strcmp(key, "acceptance") == 0 ||
	    strcmp(key, "how_to_apply") == 0 ||
	    strcmp(key, "eligibility") == 0;
}

/* Append the text of v that readers see. */
static void
reader_text(struct buf *b, const char *key, const struct value *v)
{
	const char	*s = value_str(v);

	if (s == NULL)
		return;
	if (!opp_term_is_markdown(key) || markdown_text(b, s, v->len) != 0)
		buf_put(b, s, v->len);
}

int
opp_term_diff(struct worddiff *out, const char *key, const struct value *oldv,
    const struct value *newv)
{
	struct buf	o = BUF_INIT, n = BUF_INIT;
	int		rc;

	reader_text(&o, key, oldv);
	reader_text(&n, key, newv);
	rc = worddiff_make(out, buf_cstr(&o), o.len, buf_cstr(&n), n.len);
	buf_free(&o);
	buf_free(&n);
	return rc;
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* The next word at or after *p (before end): its start, length in *n. */
static const char *
next_word(const char **p, const char *end, size_t *n)
{
	const char	*s = *p, *w;

	while (s < end && is_space(*s))
		s++;
	w = s;
	while (s < end && !is_space(*s))
		s++;
	*p = s;
	*n = (size_t)(s - w);
	return *n > 0 ? w : NULL;
}

/* The start of line (1-based) in data, or NULL. */
static const char *
line_start(const char *data, size_t len, int line)
{
	const char	*p = data, *end = data + len, *nl;
	int		 n = 1;

	while (n < line) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			return NULL;
		p = nl + 1;
		n++;
	}
	return p;
}

/* Skip col - 1 characters of the line at p. */
static const char *
skip_columns(const char *p, const char *end, int col)
{
	while (col > 1 && p < end && *p != '\n') {
		p++;
		while (p < end && ((unsigned char)*p & 0xc0) == 0x80)
			p++;
		col--;
	}
	return p;
}

void
opp_term_position(int *line, int *col, const char *data, size_t len,
    const struct value *oldv, const struct value *newv)
{
	const char	*end, *p, *q, *qe, *r, *re, *w = NULL;
	const char	*ls, *at;
	size_t		 i, same, qn, rn;
	int		 l;

	*line = newv != NULL ? newv->line : 0;
	*col = newv != NULL ? newv->col : 0;
	if (data == NULL || value_str(newv) == NULL || newv->line < 1 ||
	    (ls = line_start(data, len, newv->line)) == NULL)
		return;
	end = data + len;
	/* How many words the two versions share before the first change. */
	q = value_str(oldv) != NULL ? oldv->str : "";
	qe = q + strlen(q);
	r = newv->str;
	re = r + newv->len;
	for (same = 0;; same++) {
		const char *a = next_word(&q, qe, &qn);
		const char *b = next_word(&r, re, &rn);

		if (a == NULL || b == NULL || qn != rn || memcmp(a, b, qn) != 0)
			break;
	}
	/* Find that word in the file: a block scalar's text starts on the
	 * line after its indicator; another scalar's at its column. */
	at = skip_columns(ls, end, newv->col);
	if (!newv->quoted && at < end && (*at == '|' || *at == '>')) {
		if ((p = memchr(at, '\n', (size_t)(end - at))) == NULL)
			return;
		p++;
	} else {
		p = at + (newv->quoted ? 1 : 0);
	}
	r = newv->str;
	for (i = 0; i <= same; i++) {
		const char *fw = next_word(&p, end, &qn);
		const char *sw = next_word(&r, re, &rn);

		if (sw == NULL)
			break;		/* past the new text's end: its last */
		if (fw == NULL || (i < same && (qn != rn ||
		    memcmp(fw, sw, qn) != 0)))
			return;		/* the file reads otherwise */
		w = fw;
	}
	if (w == NULL)
		return;
	for (l = 1, p = data; (q = memchr(p, '\n', (size_t)(w - p))) != NULL;
	    l++)
		p = q + 1;
	*line = l;
	*col = diag_column(p, (size_t)(w - p));
}
