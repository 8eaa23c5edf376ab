#include <stdio.h>
#include <string.h>

#include "escape.h"

void
escape_html(struct buf *out, const char *s, size_t n)
{
	size_t	i, start = 0;

	for (i = 0; i < n; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
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
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\r': buf_puts(out, "\\r"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\b': buf_puts(out, "\\b"); break;
		case '\f': buf_puts(out, "\\f"); break;
		default:
			if (c < 0x20 || c == 0x7f)
				buf_printf(out, "\\u%04x", c);
			else
				buf_putc(out, (char)c);
		}
	}
}

void
escape_url_path(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c) != NULL) {
			buf_putc(out, (char)c);
		} else {
			buf_putc(out, '%');
			buf_putc(out, hex[c >> 4]);
			buf_putc(out, hex[c & 15]);
		}
	}
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
	size_t	i;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '\\': buf_puts(out, "\\\\"); break;
		case ';': buf_puts(out, "\\;"); break;
		case ',': buf_puts(out, "\\,"); break;
		case '\r':
			if (i + 1 < n && s[i + 1] == '\n')
				i++;
			/* FALLTHROUGH */
		case '\n': buf_puts(out, "\\n"); break;
		default:
			if ((c < 0x20 && c != '\t') || c == 0x7f)
				break;
			buf_putc(out, (char)c);
		}
	}
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
escape_markdown_code(struct buf *out, const char *s, size_t n)
{
	size_t	i;

	buf_putc(out, '`');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '`')
			buf_putc(out, '\'');
		else if (c < 0x20 || c == 0x7f)
			buf_putc(out, ' ');
		else
			buf_putc(out, (char)c);
	}
	if (n == 0)
		buf_putc(out, ' ');
	buf_putc(out, '`');
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
