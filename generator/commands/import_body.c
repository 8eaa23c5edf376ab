/*
 * The Markdown of a Jekyll post: cut at its section headings into an
 * opportunity's fields, cleaned line by line (import_clean_line()), with
 * the files it links from assets/ taken as attachments, and the keys
 * those give (eligibility, apply, attachments) written. See
 * import_impl.h.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>

#include "buf.h"
#include "diag.h"
#include "import.h"
#include "import_emit.h"
#include "import_impl.h"
#include "import_jekyll.h"
#include "srcpath.h"
#include "value.h"
#include "xalloc.h"

const char *const import_field_names[F_COUNT] = { "description",
    "evaluation", "acceptance", "how_to_apply", "eligibility" };

void
import_conv_note(struct conv *c, int line, int col, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	diag_vreportf(c->im->d, DIAG_NOTE, c->doc[c->lang]->path, line, col,
	    fmt, ap);
	va_end(ap);
}

/* The cleaner's callbacks: notes at the current line. */
static void
line_note(void *arg, size_t off, const char *msg)
{
	struct conv	*c = arg;

	import_conv_note(c, c->line, diag_column(c->linep, off), "%s", msg);
}

/* Decode %XX; drop a query or fragment. NULL if a byte decodes to NUL
 * or a slash inside a name. */
static char *
url_decode(const char *s)
{
	struct buf	b = BUF_INIT;
	unsigned	x;

	for (; *s != '\0' && *s != '?' && *s != '#'; s++) {
		if (*s == '%' && isxdigit((unsigned char)s[1]) &&
		    isxdigit((unsigned char)s[2])) {
			sscanf(s + 1, "%2x", &x);
			if (x == 0 || x == '/') {
				buf_free(&b);
				return NULL;
			}
			buf_putc(&b, (char)x);
			s += 2;
		} else
			buf_putc(&b, *s);
	}
	buf_putc(&b, '\0');
	return buf_detach(&b, NULL);
}

static void
line_asset(void *arg, size_t off, const char *url, const char *text,
    struct buf *replace)
{
	struct conv	*c = arg;
	struct attach	*at = NULL;
	char		*path = url_decode(url), *p, *seg, *data = NULL;
	const char	*why = NULL, *base;
	size_t		 i, len;
	int		 col = diag_column(c->linep, off);

	buf_puts(replace, text);
	if (path == NULL) {
		import_conv_note(c, c->line, col, "link to '%s' not followed: "
		    "its address holds an encoded slash or NUL; only its text "
		    "is kept", url);
		return;
	}
	for (p = path; (seg = strsep(&p, "/")) != NULL && why == NULL; )
		why = srcpath_name_problem(seg);
	free(path);
	path = url_decode(url);
	if (why != NULL) {
		import_conv_note(c, c->line, col, "link to '%s' not followed "
		    "(%s): only its text is kept", url, why);
		goto out;
	}
	base = strrchr(path, '/') + 1;
	if (c->id == NULL) {
		/* A guide page: the file goes to the site's assets/. */
		if (base != path + 7) {
			import_conv_note(c, c->line, col, "link to '%s' not "
			    "followed: only files directly in assets/ are "
			    "copied; only its text is kept", path);
			goto out;
		}
		if (!import_has_out(c->im, "assets", base)) {
			if (import_read(c->im, path, IMPORT_MAX_ASSET, &data,
			    &len, &why) != 0) {
				import_conv_note(c, c->line, col, "linked "
				    "file '%s' cannot be copied: %s; only the "
				    "link's text is kept", path, why);
				goto out;
			}
			import_add_out(c->im, "assets", NULL, base, data, len);
		}
		buf_reset(replace);
		buf_printf(replace, "[%s](/%s)", text, path);
		goto out;
	}
	for (i = 0; i < c->natt; i++)
		if (strcmp(c->att[i].src, path) == 0)
			at = &c->att[i];
		else if (strcmp(c->att[i].name, base) == 0) {
			import_conv_note(c, c->line, col, "'%s' has the name "
			    "of another linked file, '%s': not attached, only "
			    "its text is kept", path, c->att[i].src);
			goto out;
		}
	if (at == NULL) {
		if (import_read(c->im, path, IMPORT_MAX_ASSET, &data, &len,
		    &why) != 0) {
			import_conv_note(c, c->line, col, "linked file '%s' "
			    "cannot be attached: %s; only the link's text is "
			    "kept", path, why);
			goto out;
		}
		import_add_out(c->im, "opportunities", c->id, base, data, len);
		c->att = xreallocarray(c->att, c->natt + 1, sizeof(*c->att));
		at = &c->att[c->natt++];
		memset(at, 0, sizeof(*at));
		at->src = xstrdup(path);
		at->name = xstrdup(base);
	}
	if (at->title[c->lang] == NULL && *text != '\0') {
		at->title[c->lang] = xstrdup(text);
		at->line[c->lang] = c->line;
		at->col[c->lang] = col;
	}
	if (c->field == F_HOW_TO_APPLY)
		at->in_apply[c->lang] = 1;
	import_conv_note(c, c->line, col, "the link to '%s' is now the "
	    "attachment '%s', listed with the opportunity: the text keeps "
	    "only its words", path, base);
out:
	free(path);
}

/* An ATX heading: its level (1-6) and text, or 0. */
static int
heading(const char *s, size_t n, size_t *ta, size_t *tb)
{
	size_t	i = 0, lvl;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	for (lvl = 0; i < n && s[i] == '#'; i++)
		lvl++;
	if (lvl < 1 || lvl > 6 || (i < n && s[i] != ' ' && s[i] != '\t'))
		return 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	*ta = i;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '#'))
		n--;
	*tb = n;
	return (int)lvl;
}

static int
fence(const char *s, size_t n)
{
	size_t	i = 0;

	while (i < n && i < 3 && s[i] == ' ')
		i++;
	return n - i >= 3 && (memcmp(s + i, "```", 3) == 0 ||
	    memcmp(s + i, "~~~", 3) == 0);
}

/* Append a cleaned heading's text ("{#id}" dropped with a note). */
static void
heading_text(struct conv *c, struct buf *out, const char *s, size_t n,
    size_t base)
{
	struct import_clean	 st = { 0 };
	const char		*h;

	if (n > 2 && s[n - 1] == '}' && (h = memchr(s, '{', n)) != NULL &&
	    h[1] == '#') {
		import_conv_note(c, c->line, diag_column(c->linep,
		    base + (size_t)(h - s)), "Kramdown heading id '%.*s' "
		    "removed: marche's Markdown has none", (int)(s + n - h), h);
		n = (size_t)(h - s);
		while (n > 0 && s[n - 1] == ' ')
			n--;
	}
	import_clean_line(out, &st, s, n, line_note, line_asset, c);
}

void
import_read_body(struct conv *c, int lang)
{
	struct import_doc	*doc = c->doc[lang];
	const char		*b = doc->fm.body;
	const char		*end = b + doc->fm.body_len;
	const char		*p, *nl;
	struct import_clean	 st = { 0 };
	struct buf		 h = BUF_INIT;
	size_t			 n, ta, tb;
	int			 lvl, sec = 7, in_fence = 0, line;
	const char		*f;

	c->lang = lang;
	/* The level of section headings: the highest naming a field. */
	for (p = b; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (fence(p, n))
			in_fence = !in_fence;
		else if (!in_fence && (lvl = heading(p, n, &ta, &tb)) > 0 &&
		    lvl < sec && import_section_field(p + ta, tb - ta))
			sec = lvl;
	}
	c->field = F_DESCRIPTION;
	in_fence = 0;
	for (p = b, line = doc->fm.body_line; p < end; p = nl + 1, line++) {
		struct buf	*out;

		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		c->line = line;
		c->linep = p;
		if (fence(p, n)) {
			in_fence = !in_fence;
			out = &c->md[lang][c->field];
			buf_put(out, p, n);
			buf_putc(out, '\n');
			continue;
		}
		if (in_fence || (lvl = heading(p, n, &ta, &tb)) == 0) {
			out = &c->md[lang][c->field];
			if (in_fence)
				buf_put(out, p, n);
			else
				import_clean_line(out, &st, p, n, line_note,
				    line_asset, c);
			buf_putc(out, '\n');
			continue;
		}
		buf_reset(&h);
		heading_text(c, &h, p + ta, tb - ta, ta);
		buf_putc(&h, '\0');
		if (lvl <= sec && (f = import_section_field(h.data,
		    strlen(h.data))) != NULL) {
			for (c->field = 0;
			    strcmp(import_field_names[c->field], f) != 0;
			    c->field++)
				;
			continue;
		}
		if (lvl <= sec && lvl == 1 && value_str(value_map_get(
		    doc->meta, "title")) != NULL &&
		    import_same_words(h.data, strlen(h.data),
		    value_str(value_map_get(doc->meta, "title")))) {
			import_conv_note(c, line, 1, "heading '%s' repeats "
			    "the title: left out", h.data);
			continue;
		}
		if (lvl <= sec) {
			if (sec < 7 && c->field != F_DESCRIPTION)
				import_conv_note(c, line, 1, "section '%s' "
				    "has no field of its own: kept in the "
				    "description as a heading", h.data);
			c->field = F_DESCRIPTION;
		}
		lvl = sec < 7 ? lvl - sec + 2 : lvl + 2;
		lvl = lvl < 3 ? 3 : lvl > 6 ? 6 : lvl;
		out = &c->md[lang][c->field];
		buf_printf(out, "%.*s %s\n", lvl, "######", h.data);
	}
	buf_free(&h);
}

char *
import_trimmed(struct buf *b)
{
	const char	*s = b->data, *e;
	size_t		 i, n = b->len;
	char		*out;

	if (n == 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (s[i] == '\n')
			s += i + 1, n -= i + 1, i = (size_t)-1;
		else if (s[i] != ' ' && s[i] != '\t')
			break;
	if (i == n)
		return NULL;
	for (e = s + n; e > s && (e[-1] == '\n' || e[-1] == ' ' ||
	    e[-1] == '\t'); e--)
		;
	/* Markdown ends with a line end (a literal block in YAML); two
	 * blank lines or more, left by removed lines, become one. */
	out = xmalloc(2 * (size_t)(e - s) + 2);
	for (n = 0, i = 0; s + i < e; i++) {
		if (s[i] == '\n' && n >= 2 && out[n - 1] == '\n' &&
		    out[n - 2] == '\n')
			continue;
		if (s[i] == '\n') {
			/* Spaces before a line end keep YAML from writing a
			 * literal block: two or more (a hard line break)
			 * become a backslash, one is dropped. */
			size_t sp = 0;

			while (n > 0 && (out[n - 1] == ' ' ||
			    out[n - 1] == '\t'))
				n--, sp++;
			if (sp >= 2 && n > 0 && out[n - 1] != '\n')
				out[n++] = '\\';
		}
		out[n++] = s[i];
	}
	out[n++] = '\n';
	out[n] = '\0';
	return out;
}

char *
import_first_paragraph(const char *md)
{
	cmark_node	*doc = cmark_parse_document(md, strlen(md), 0), *n;
	char		*txt = NULL, *p, *r;

	for (n = cmark_node_first_child(doc); n != NULL;
	    n = cmark_node_next(n))
		if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH)
			break;
	if (n != NULL) {
		cmark_node_unlink(n);
		cmark_node_free(doc);
		doc = cmark_node_new(CMARK_NODE_DOCUMENT);
		cmark_node_append_child(doc, n);
		r = cmark_render_plaintext(doc, 0, 0);
		for (p = r; *p != '\0'; p++)
			if (*p == '\n')
				*p = ' ';
		while (p > r && p[-1] == ' ')
			*--p = '\0';
		txt = xstrdup(r);
		free(r);
	}
	cmark_node_free(doc);
	return txt;
}

void
import_clean_body(struct import *im, struct import_doc *doc,
    struct buf *out)
{
	struct conv		 c;
	struct import_clean	 st = { 0 };
	const char		*p, *nl;
	const char		*end = doc->fm.body + doc->fm.body_len;
	int			 line = doc->fm.body_line, in_fence = 0;
	size_t			 n;

	memset(&c, 0, sizeof(c));
	c.im = im;
	c.doc[0] = c.doc[1] = doc;
	c.id = NULL;
	for (p = doc->fm.body; p < end; p = nl + 1, line++) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		n = (size_t)(nl - p);
		c.line = line;
		c.linep = p;
		if (fence(p, n))
			in_fence = !in_fence;
		if (in_fence || fence(p, n))
			buf_put(out, p, n);
		else
			import_clean_line(out, &st, p, n, line_note,
			    line_asset, &c);
		buf_putc(out, '\n');
	}
}

/*
 * eligibility:, apply: and attachments:, from the sections and linked
 * files the bodies gave (text: each language's fields).
 */
void
import_write_extras(struct conv *c, struct import_emit *e,
    char *text[2][F_COUNT])
{
	struct attach	*form[2] = { NULL, NULL };
	size_t		 i;
	int		 l;

	if (text[0][F_ELIGIBILITY] != NULL || text[1][F_ELIGIBILITY] != NULL) {
		import_emit_plain(e, "eligibility");
		import_emit_map(e, 0);
		for (l = 0; l < 2; l++)
			if (text[l][F_ELIGIBILITY] != NULL)
				import_emit_pair(e, import_langs[l],
				    text[l][F_ELIGIBILITY]);
		import_emit_end_map(e);
	}
	for (i = 0; i < c->natt; i++)
		for (l = 0; l < 2; l++)
			if (c->att[i].in_apply[l] && !c->att[i].in_apply[!l] &&
			    c->att[i].title[!l] == NULL)
				form[l] = form[l] == NULL ? &c->att[i] :
				    &c->att[c->natt];
	if (form[0] != NULL && form[1] != NULL &&
	    form[0] != &c->att[c->natt] && form[1] != &c->att[c->natt]) {
		import_emit_plain(e, "apply");
		import_emit_map(e, 0);
		import_emit_pair(e, "by", "form");
		import_emit_plain(e, "form");
		import_emit_map(e, 1);
		import_emit_pair(e, "en", form[0]->name);
		import_emit_pair(e, "fr", form[1]->name);
		import_emit_end_map(e);
		import_emit_end_map(e);
	}
	if (c->natt == 0)
		return;
	import_emit_plain(e, "attachments");
	import_emit_seq(e, 0);
	for (i = 0; i < c->natt; i++) {
		struct attach *at = &c->att[i];

		import_emit_map(e, 0);
		import_emit_pair(e, "file", at->name);
		if ((at->title[0] == NULL) != (at->title[1] == NULL)) {
			l = at->title[0] == NULL;	/* the one linking */
			import_emit_pair(e, "lang", import_langs[l]);
			c->lang = l;
			import_conv_note(c, at->line[l], at->col[l], "'%s' is "
			    "linked from this post only: it is the attachment "
			    "for this language, and its %s title is this "
			    "link's text until translated", at->name, l == 0 ?
			    "French"  : "English");
		}
		import_emit_plain(e, "title");
		import_emit_map(e, 1);
		for (l = 0; l < 2; l++)
			import_emit_pair(e, import_langs[l], at->title[l] ?
			    at->title[l] : at->title[!l] ? at->title[!l] :
			    at->name);
		import_emit_end_map(e);
		import_emit_end_map(e);
	}
	import_emit_end_seq(e);
}
