#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "escape.h"

/* Byte b in every byte of a word, and the high bit of every byte. */
#define EVERY(b)	((uint64_t)(b) * 0x0101010101010101ULL)
#define HIGHS		EVERY(0x80)

/* Is any byte of w zero? (Exactly; only which byte would be fuzzy.) */
static int
has_zero(uint64_t w)
{
	return ((w - EVERY(1)) & ~w & HIGHS) != 0;
}

/*
 * Does any of the eight bytes at s need escaping in HTML? '&' and '\''
 * differ in their lowest bit only, '<' and '>' in the next one.
 */
static int
word_special(const char *s)
{
	uint64_t	w;

	memcpy(&w, s, sizeof(w));
	return has_zero((w | EVERY(1)) ^ EVERY('\'')) ||
	    has_zero((w | EVERY(2)) ^ EVERY('>')) || has_zero(w ^ EVERY('"'));
}

void
escape_html(struct buf *out, const char *s, size_t n)
{
	/* The bytes escaped: most text has none, and is copied in runs. */
	static const unsigned char special[256] = {
		['&'] = 1, ['<'] = 1, ['>'] = 1, ['"'] = 1, ['\''] = 1
	};
	size_t	i = 0, start = 0;

	while (i < n) {
		const char *rep;

		/* Eight bytes at a time past those that need nothing. */
		if (n - i >= 8 && !word_special(s + i)) {
			i += 8;
			continue;
		}
		if (!special[(unsigned char)s[i]]) {
			i++;
			continue;
		}
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: rep = "&#39;"; break;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = ++i;
	}
	if (n > start)
		buf_put(out, s + start, n - start);
}

void
escape_xml(struct buf *out, const char *s, size_t n)
{
	escape_html(out, s, n);
}

void
escape_json(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t	i, start = 0;
	char	u[6] = { '\\', 'u', '0', '0', 0, 0 };

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *rep;

		if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7f)
			continue;	/* the common case: copied in runs */
		if (i > start)
			buf_put(out, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '"': rep = "\\\""; break;
		case '\\': rep = "\\\\"; break;
		case '\n': rep = "\\n"; break;
		case '\r': rep = "\\r"; break;
		case '\t': rep = "\\t"; break;
		case '\b': rep = "\\b"; break;
		case '\f': rep = "\\f"; break;
		default:
			u[4] = hex[c >> 4];
			u[5] = hex[c & 15];
			buf_put(out, u, sizeof(u));
			continue;
		}
		buf_puts(out, rep);
	}
	if (n > start)
		buf_put(out, s + start, n - start);
}

void
escape_url_path(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	i, start = 0;
	char	pct[3] = { '%', 0, 0 };

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '.' ||
		    c == '_' || c == '~' || c == '/' || c == '\0')
			continue;	/* copied in runs (NUL too, as ever) */
		if (i > start)
			buf_put(out, s + start, i - start);
		start = i + 1;
		pct[1] = hex[c >> 4];
		pct[2] = hex[c & 15];
		buf_put(out, pct, sizeof(pct));
	}
	if (n > start)
		buf_put(out, s + start, n - start);
}

void
escape_github(struct buf *out, const char *s, size_t n, int prop)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '%': buf_puts(out, "%25"); break;
		case '\r': buf_puts(out, "%0D"); break;
		case '\n': buf_puts(out, "%0A"); break;
		case ':':
			buf_puts(out, prop ? "%3A" : ":");
			break;
		case ',':
			buf_puts(out, prop ? "%2C" : ",");
			break;
		default:
			buf_putc(out, s[i]);
		}
	}
}

void
escape_ics(struct buf *out, const char *s, size_t n)
{
	size_t	i, start = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 || c == '\t') && c != 0x7f && c != '\\' &&
		    c != ';' && c != ',')
			continue;	/* copied in runs */
		if (i > start)
			buf_put(out, s + start, i - start);
		start = i + 1;
		switch (c) {
		case '\\': buf_puts(out, "\\\\"); break;
		case ';': buf_puts(out, "\\;"); break;
		case ',': buf_puts(out, "\\,"); break;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				start = ++i + 1;
			/* FALLTHROUGH */
		case '\n': buf_puts(out, "\\n"); break;
		default:
			break;	/* other controls are dropped */
		}
	}
	if (n > start)
		buf_put(out, s + start, n - start);
}

void
escape_csv(struct buf *out, const char *s, size_t n)
{
	size_t	i;
	int	quote = n > 0 && (s[0] == ' ' || s[n - 1] == ' ');

	for (i = 0; i < n && !quote; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = 1;
	if (!quote) {
		buf_put(out, s, n);
		return;
	}
	buf_putc(out, '"');
	for (i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(out, '"');
		buf_putc(out, s[i]);
	}
	buf_putc(out, '"');
}

void
escape_yaml(struct buf *out, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == '"') {
			buf_putc(out, '\\');
			buf_putc(out, (char)c);
		} else if (c < 0x20 || c == 0x7f)
			buf_printf(out, "\\x%02x", c);
		else if (c == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] < 0xA0) {
			buf_printf(out, "\\u%04x", (unsigned char)s[i + 1]);
			i++;	/* C1 controls, NEL among them */
		} else if (c == 0xE2 && i + 2 < n && s[i + 1] == '\x80' &&
		    (s[i + 2] == '\xA8' || s[i + 2] == '\xA9')) {
			buf_printf(out, "\\u%04x", s[i + 2] == '\xA8' ?
			    0x2028 : 0x2029);
			i += 2;
		} else if (c == 0xEF && i + 2 < n && s[i + 1] == '\xBB' &&
		    s[i + 2] == '\xBF') {
			buf_puts(out, "\\ufeff");
			i += 2;
		} else
			buf_putc(out, (char)c);
	}
}

void
escape_worddiff(struct buf *out, const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		char c = s[i], next = i + 1 < n ? s[i + 1] : '\0';

		if (c == '\\' || (c == '[' && next == '-') ||
		    (c == '-' && next == ']') || (c == '{' && next == '+') ||
		    (c == '+' && next == '}'))
			buf_putc(out, '\\');
		buf_putc(out, c);
	}
}

/* The code point of the valid UTF-8 sequence at s, with *len its length;
 * -1 if the bytes at s are not one. */
static long
utf8_decode(const unsigned char *s, size_t n, size_t *len)
{
	unsigned char	 c = s[0];
	unsigned char	 lo = 0x80, hi = 0xBF;
	size_t		 need, i;
	long		 cp;

	if (c < 0x80) {
		*len = 1;
		return c;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		cp = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		cp = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;	/* no surrogates */
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		cp = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;	/* nothing past U+10FFFF */
	} else {
		return -1;
	}
	if (n < need + 1)
		return -1;
	for (i = 1; i <= need; i++) {
		unsigned char b = s[i];

		if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF))
			return -1;
		cp = (cp << 6) | (b & 0x3F);
	}
	*len = need + 1;
	return cp;
}

/* Characters that print nothing or change how the text around them is
 * shown, so that they can disguise it. */
static int
invisible(long cp)
{
	return (cp >= 0x80 && cp <= 0x9F) ||	/* C1 controls */
	    cp == 0x00AD ||			/* soft hyphen */
	    cp == 0x034F ||			/* combining grapheme joiner */
	    cp == 0x061C ||			/* Arabic letter mark */
	    cp == 0x115F || cp == 0x1160 ||	/* Hangul fillers */
	    cp == 0x180E ||			/* Mongolian vowel separator */
	    (cp >= 0x200B && cp <= 0x200F) ||	/* zero widths, LRM, RLM */
	    (cp >= 0x2028 && cp <= 0x202E) ||	/* separators, bidi */
	    (cp >= 0x2060 && cp <= 0x206F) ||	/* joiners, isolates */
	    cp == 0x3164 ||			/* Hangul filler */
	    cp == 0xFEFF ||			/* byte order mark */
	    (cp >= 0xFFF9 && cp <= 0xFFFB) ||	/* annotations */
	    (cp >= 0xE0000 && cp <= 0xE007F);	/* tags */
}

size_t
escape_term_char(struct buf *out, const char *s, size_t n, int keep_tab)
{
	unsigned char	 c = (unsigned char)s[0];
	size_t		 len;
	long		 cp;

	if (c == '\t' && keep_tab) {
		buf_putc(out, '\t');
		return 1;
	}
	if (c >= 0x20 && c < 0x7F) {
		buf_putc(out, (char)c);
		return 1;
	}
	switch (c) {
	case '\n': buf_puts(out, "\\n"); return 1;
	case '\r': buf_puts(out, "\\r"); return 1;
	case '\t': buf_puts(out, "\\t"); return 1;
	default: break;
	}
	if (c < 0x80 || (cp = utf8_decode((const unsigned char *)s, n,
	    &len)) < 0) {
		buf_printf(out, "\\x%02x", c);
		return 1;
	}
	if (!invisible(cp))
		buf_put(out, s, len);
	else if (cp > 0xFFFF)
		buf_printf(out, "\\U%08lx", cp);
	else
		buf_printf(out, "\\u%04lx", cp);
	return len;
}

void
escape_term(struct buf *out, const char *s, size_t n, int keep_tab)
{
	size_t	i = 0;

	while (i < n)
		i += escape_term_char(out, s + i, n - i, keep_tab);
}

void
escape_md_code(struct buf *out, const char *s, size_t n, int in_table)
{
	size_t	i, run = 0, longest = 0;

	for (i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > longest)
			longest = run;
	}
	/* The fence, then a space: CommonMark takes one space off each
	 * end, so text that starts or ends with a backtick stays apart. */
	for (i = 0; i <= longest; i++)
		buf_putc(out, '`');
	buf_putc(out, ' ');
	for (i = 0; i < n; i++) {
		if (s[i] == '|' && in_table)
			buf_putc(out, '\\');
		buf_putc(out, s[i]);
	}
	buf_putc(out, ' ');
	for (i = 0; i <= longest; i++)
		buf_putc(out, '`');
}
