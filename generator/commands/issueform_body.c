/*
 * The structure of an issue form's body: its text made safe, and cut into
 * answers by the form's "### " headings, in English or French.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "issueform_impl.h"
#include "xalloc.h"

static const struct field *const fields = issueform_fields;

/* Decode one UTF-8 sequence at s (n bytes left): the code point, or -1
 * for an invalid sequence; *len gets the bytes used (at least 1). */
static long
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	long	cp;
	size_t	k, need;

	*len = 1;
	if (s[0] < 0x80)
		return s[0];
	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		need = 1, cp = s[0] & 0x1F;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		need = 2, cp = s[0] & 0x0F;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		need = 3, cp = s[0] & 0x07;
	else
		return -1;
	if (need >= n)
		return -1;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xC0) != 0x80)
			return -1;
		cp = (cp << 6) | (s[k] & 0x3F);
	}
	if ((need == 2 && cp < 0x800) || (need == 3 && (cp < 0x10000 ||
	    cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
		return -1;
	*len = need + 1;
	return cp;
}

/*
 * The body as text that YAML and Markdown take safely: line ends as \n
 * (CR LF, CR, NEL, LS and PS), no control character but \n and \t, no
 * byte order mark, noncharacter or bidirectional override, invalid UTF-8
 * as U+FFFD. The result is NUL-terminated; free() it.
 */
char *
form_clean_body(const char *body, size_t len)
{
	const unsigned char *s = (const unsigned char *)body;
	struct buf	b = BUF_INIT;
	size_t		i = 0, n;
	long		cp;

	buf_reserve(&b, len);
	while (i < len) {
		cp = utf8_decode(s + i, len - i, &n);
		if (cp == '\r') {
			buf_putc(&b, '\n');
			if (i + 1 < len && s[i + 1] == '\n')
				n = 2;
		} else if (cp == 0x85 || cp == 0x2028 || cp == 0x2029)
			buf_putc(&b, '\n');
		else if (cp < 0)
			buf_puts(&b, "\xEF\xBF\xBD");
		else if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7F && cp < 0xA0) || cp == 0xFEFF ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) ||
		    (cp & 0xFFFE) == 0xFFFE || (cp >= 0xFDD0 && cp <= 0xFDEF))
			;	/* dropped */
		else
			buf_put(&b, s + i, n);
		i += n;
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Lower-case ASCII copy of a heading for matching: parenthesised parts,
 * a final '?' or ':' and extra spaces removed, ’ read as '. */
void
form_key(char *out, size_t size, const char *s, size_t n)
{
	size_t	i, o = 0;
	int	depth = 0, space = 0;

	for (i = 0; i < n && o + 2 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '(')
			depth++;
		else if (c == ')' && depth > 0)
			depth--;
		else if (depth > 0)
			continue;
		else if (c == ' ' || c == '\t')
			space = o > 0;
		else if (c == 0xE2 && i + 2 < n &&
		    memcmp(s + i, "\xE2\x80\x99", 3) == 0) {
			if (space)
				out[o++] = ' ', space = 0;
			out[o++] = '\'';
			i += 2;
		} else {
			if (space)
				out[o++] = ' ', space = 0;
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
	}
	while (o > 0 && (out[o - 1] == '?' || out[o - 1] == ':' ||
	    out[o - 1] == ' '))
		o--;
	out[o] = '\0';
}

int
form_label_is(const char *key, const char *label)
{
	char	l[256];

	form_key(l, sizeof(l), label, strlen(label));
	return strcmp(key, l) == 0;
}

/* The field a "### " heading names (the English label, the French one,
 * or both joined by " / "), or -1. */
static int
field_of_heading(const char *s, size_t n)
{
	char	key[512], both[512], *half;
	size_t	i;

	form_key(key, sizeof(key), s, n);
	if ((half = strstr(key, " / ")) != NULL) {
		*half = '\0';	/* "English / French": both halves match */
		half += 3;
	}
	for (i = 0; i < ISSUEFORM_NFIELDS; i++) {
		if (strcmp(fields[i].en, fields[i].fr) == 0)
			snprintf(both, sizeof(both), "%s", fields[i].en);
		else
			snprintf(both, sizeof(both), "%s / %s", fields[i].en,
			    fields[i].fr);
		if (half != NULL && form_label_is(key, fields[i].en) &&
		    form_label_is(half, fields[i].fr))
			return (int)i;
		if (half == NULL && (form_label_is(key, both) ||
					form_label_is(key, fields[i].en) ||
					form_label_is(key, fields[i].fr)))
			return (int)i;
	}
	return -1;
}

/* Blank lines trimmed from both ends, trailing spaces from every line. */
static char *
trim_answer(const char *s, size_t n)
{
	struct buf	b = BUF_INIT;
	const char	*p = s, *end = s + n;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *te = le;

		while (te > p && (te[-1] == ' ' || te[-1] == '\t'))
			te--;
		if (te > p || b.len > 0) {
			buf_put(&b, p, (size_t)(te - p));
			buf_putc(&b, '\n');
		}
		p = nl ? nl + 1 : end;
	}
	while (b.len > 0 && b.data[b.len - 1] == '\n')
		b.len--;
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

/* Split the cleaned body into answers, by the form's headings in the
 * form's order (a heading that does not come later in the form is part
 * of the answer it is in, such as a "### Background" in a description). */
int
form_split_answers(struct reader *r, const char *text)
{
	const char	*p = text, *start = NULL;
	int		 cur = -1, line = 0, found = 0;

	for (;;) {
		const char *nl = strchr(p, '\n');
		const char *le = nl ? nl : p + strlen(p);
		int	    f = -1;

		line++;
		if (strncmp(p, "### ", 4) == 0)
			f = field_of_heading(p + 4, (size_t)(le - p - 4));
		if (f > cur || nl == NULL) {
			if (cur >= 0 && start != NULL)
				r->a[cur].text = trim_answer(start,
				    (size_t)((f > cur ? p : le) - start));
			if (f > cur) {
				cur = f;
				r->a[cur].seen = 1;
				r->a[cur].line = line;
				start = nl ? nl + 1 : le;
				found++;
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return found;
}

/* The answer cut to a short line for messages, to go between backticks
 * (its own backticks become '). */
const char *
form_shown(const char *s, char *out, size_t size)
{
	size_t	i = 0, o = 0, chars = 0;

	while (s[i] != '\0' && s[i] != '\n' && o + 8 < size && chars < 60) {
		size_t n = 1;

		while ((s[i + n] & 0xC0) == 0x80)
			n++;
		memcpy(out + o, s + i, n);
		if (out[o] == '`')
			out[o] = '\''; /* the message's code spans stay whole */
		o += n;
		i += n;
		chars++;
	}
	if (s[i] != '\0')
		memcpy(out + o, "...", 3), o += 3;
	out[o] = '\0';
	return out;
}
