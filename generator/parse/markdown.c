#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
/* The extension's fields, for its list of special characters. */
#include <cmark-gfm/syntax_extension.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "xalloc.h"

const struct markdown_limits markdown_default_limits = {
	1024 * 1024,		/* max_input */
	8 * 1024 * 1024,	/* max_output */
	32,			/* ratio */
	64 * 1024		/* slack */
};

static const char *const markdown_extensions[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist"
};

/* Plain text of a node's inline content, for titles. */
static void
node_text(struct buf *b, cmark_node *node)
{
	cmark_node	*c;
	const char	*lit;

	for (c = cmark_node_first_child(node); c != NULL;
	    c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(c)) != NULL)
				buf_puts(b, lit);
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		default:
			node_text(b, c);
		}
	}
}

/* Remember a link's destination and where it was written. */
static void
markdown_note_link(struct markdown_info *info, struct arena *a,
    cmark_node *n, const struct markdown_source *src)
{
	const char		*url = cmark_node_get_url(n);
	struct markdown_link	*l;

	if (url == NULL)
		return;
	if ((info->nlinks & (info->nlinks - 1)) == 0)	/* 0, 1, 2, 4... */
		info->links = arena_grow(a, info->links,
		    info->nlinks * sizeof(*l),
		    (info->nlinks ? info->nlinks * 2 : 1) * sizeof(*l));
	l = &info->links[info->nlinks++];
	l->url = arena_strdup(a, url);
	l->line = cmark_node_get_start_line(n) + src->first_line - 1;
	l->col = cmark_node_get_start_column(n) + src->indent;
}

/*
 * Report syntax of other Markdown dialects that this one would print as
 * it is: Kramdown attribute lists ("{:target="_blank"}", "{: .note}")
 * and Liquid tags ("{% raw %}"), which sites moved from Jekyll carry.
 */
static void
markdown_foreign(cmark_node *n, const struct markdown_source *src,
    struct diags *d)
{
	const char	*lit = cmark_node_get_literal(n), *p, *close;
	int		 len;

	if (lit == NULL)
		return;
	for (p = lit; (p = strchr(p, '{')) != NULL; p++) {
		int kramdown = p[1] == ':', liquid = p[1] == '%';

		if (!kramdown && !liquid)
			continue;
		close = strstr(p + 2, kramdown ? "}" : "%}");
		if (close == NULL)
			continue;
		len = (int)(close - p) + (kramdown ? 1 : 2);
		if (len > 60)
			len = 60;	/* enough to recognise it */
		diag_error(d, src->path,
		    cmark_node_get_start_line(n) + src->first_line - 1,
		    cmark_node_get_start_column(n) + src->indent +
		    (int)(p - lit), kramdown ? "'%.*s' is a Kramdown "
		    "attribute list, which would be printed as it is: remove "
		    "it (links open in the same tab, as readers expect)" :
		    "'%.*s' is a Liquid tag, which would be printed as it is: "
		    "remove it, or write the text it stood for", len, p);
		p = close;
	}
}

/* Walk the tree: note the first h1 and the links, report raw HTML. */
static void
markdown_inspect(struct markdown_info *info, struct arena *a,
    cmark_node *root, const struct markdown_source *src, struct diags *d)
{
	cmark_iter	*it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node	*n;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_HTML_BLOCK:
		case CMARK_NODE_HTML_INLINE:
			info->raw_html++;
			diag_report(d, src->strict ? DIAG_ERROR : DIAG_WARNING,
			    src->path,
			    cmark_node_get_start_line(n) + src->first_line - 1,
			    cmark_node_get_start_column(n) + src->indent,
			    "raw HTML is not allowed in Markdown and %s; use "
			    "Markdown syntax instead", src->strict ?
			    N_("would be left out of the page") :
			    N_("was left out of the page"));
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			markdown_note_link(info, a, n, src);
			break;
		case CMARK_NODE_TEXT:
			markdown_foreign(n, src, d);
			break;
		case CMARK_NODE_HEADING:
			if (info->title == NULL &&
			    cmark_node_get_heading_level(n) == 1) {
				struct buf t = BUF_INIT;

				node_text(&t, n);
				info->title = arena_strdup(a, buf_cstr(&t));
				buf_free(&t);
			}
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
}

/*
 * cmark-gfm's autolinks (bare "https://..." in text) can carry columns
 * past the end of their line. A column that cannot be right is dropped
 * (0: the whole line) rather than shown under the wrong text.
 */
static void
markdown_fix_columns(struct markdown_info *info, const char *text,
    size_t len, const struct markdown_source *src)
{
	const char	*p, *end = text + len;
	size_t	*starts, nlines = 1, i, k;

	if (info->nlinks == 0)
		return;
	for (p = text; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++)
		nlines++;
	starts = xcalloc(nlines + 1, sizeof(*starts));
	for (p = text, k = 1; (p = memchr(p, '\n', (size_t)(end - p))) !=
	    NULL; p++)
		starts[k++] = (size_t)(p - text) + 1;
	starts[nlines] = len + 1;
	for (i = 0; i < info->nlinks; i++) {
		struct markdown_link *l = &info->links[i];
		long line = (long)l->line - src->first_line;	/* 0-based */
		long col = (long)l->col - src->indent;		/* 1-based */

		if (line < 0 || (size_t)line >= nlines || col < 1 ||
		    (size_t)col > starts[line + 1] - starts[line])
			l->col = 0;
	}
	free(starts);
}

/* The text of a document for readers: see markdown_text(). */
static void
doc_text(struct buf *b, cmark_node *root)
{
	cmark_iter	*it = cmark_iter_new(root);
	cmark_event_type ev;
	cmark_node	*n;
	const char	*lit, *url;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		n = cmark_iter_get_node(it);
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(b, lit);
			break;
		case CMARK_NODE_CODE_BLOCK:
			if ((lit = cmark_node_get_literal(n)) != NULL)
				buf_puts(b, lit);
			buf_puts(b, "\n\n");
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			buf_putc(b, ' ');
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			url = cmark_node_get_url(n);
			if (ev == CMARK_EVENT_EXIT && url != NULL &&
			    *url != '\0') {
				struct buf t = BUF_INIT;

				node_text(&t, n);
				if (strcmp(buf_cstr(&t), url) != 0)
					buf_printf(b, " <%s>", url);
				buf_free(&t);
			}
			break;
		default:
			/* Blocks (and table cells) end with a break. */
			if (ev == CMARK_EVENT_EXIT && (cmark_node_get_type(n) &
			    CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK)
				buf_puts(b, "\n\n");
			break;
		}
	}
	cmark_iter_free(it);
}

#define NEXTENSIONS	(sizeof(markdown_extensions) / \
			    sizeof(markdown_extensions[0]))

/*
 * cmark-gfm keeps the characters that start an extension's inline
 * (autolink's ':' and 'w', table's '|', strikethrough's '~') in one
 * table for the whole process. Each parse adds its extensions'
 * characters to it before reading inlines and removes them after, so
 * two parses at once would take them from each other: a page would
 * lose its links or its struck text depending on what another thread
 * parsed at that moment.
 *
 * So the characters are added once, for good, and the lists of the
 * extensions that only start inlines (autolink, table) are emptied:
 * the adding and removing of each parse find nothing of theirs to do.
 * The lists are kept here, still reachable.
 *
 * An extension that makes inlines from delimiter runs (strikethrough)
 * keeps its list: cmark-gfm looks a closing run's character up in it.
 * A text without any of those characters is parsed without those
 * extensions, which could not match anything in it: that leaves the
 * table alone, and what others do to those characters cannot change
 * such a text's parse. A text with one of them is parsed with every
 * extension, one such parse at a time (markdown_delim_lock).
 *
 * A parse with no extensions (import's) sees the same HTML: an extra
 * special character only splits a text into two text nodes, which are
 * joined again.
 */
static cmark_llist	*markdown_chars[NEXTENSIONS];
static unsigned char	 markdown_delim[256];	/* a delimiter extension's */
static int		 markdown_any_delim;
static pthread_once_t	 markdown_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t	 markdown_delim_lock = PTHREAD_MUTEX_INITIALIZER;

static void
markdown_setup(void)
{
	cmark_parser	*parser;
	cmark_llist	*c;
	size_t		 i;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(0);
	for (i = 0; i < NEXTENSIONS; i++) {
		cmark_syntax_extension *ext =
		    cmark_find_syntax_extension(markdown_extensions[i]);

		if (ext != NULL)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_manage_extensions_special_characters(parser, 1);
	cmark_parser_free(parser);
	for (i = 0; i < NEXTENSIONS; i++) {
		cmark_syntax_extension *ext =
		    cmark_find_syntax_extension(markdown_extensions[i]);

		if (ext == NULL)
			continue;
		if (ext->insert_inline_from_delim != NULL) {
			for (c = ext->special_inline_chars; c != NULL;
			    c = c->next) {
				markdown_delim[(unsigned char)(size_t)c->data] =
				    1;
				markdown_any_delim = 1;
			}
			continue;
		}
		markdown_chars[i] = ext->special_inline_chars;
		cmark_syntax_extension_set_special_inline_chars(ext, NULL);
	}
}

void
markdown_init(void)
{
	pthread_once(&markdown_once, markdown_setup);
}

/* Has text a character that starts a delimiter extension's inline? */
static int
markdown_has_delim(const char *text, size_t len)
{
	const unsigned char	*t = (const unsigned char *)text;
	size_t			 i;

	if (!markdown_any_delim)
		return 0;
	for (i = 0; i < len; i++)
		if (markdown_delim[t[i]])
			return 1;
	return 0;
}

/* Parse len bytes of text with parser; delim: markdown_has_delim(). */
static cmark_node *
markdown_parse(cmark_parser *parser, int delim, const char *text,
    size_t len)
{
	cmark_node	*doc;

	cmark_parser_feed(parser, text, len);
	if (!delim)
		return cmark_parser_finish(parser);
	pthread_mutex_lock(&markdown_delim_lock);
	doc = cmark_parser_finish(parser);
	pthread_mutex_unlock(&markdown_delim_lock);
	return doc;
}

/*
 * cmark-gfm allocates each node, string and buffer of a parse on its
 * own, and frees them one by one with the tree, which made malloc() and
 * free() a good part of a parse's time. A parse's memory comes from a
 * pool of large blocks instead, freed at once when the parse is done
 * (markdown_render() and markdown_text() keep nothing of cmark's).
 * cmark's allocator has no argument for a context, so the pool in use
 * is the thread's.
 */
#define POOL_BLOCK	(256 * 1024)
#define POOL_ALIGN	16

struct pool_block {
	struct pool_block *next;	/* the block before */
	size_t		 size;		/* bytes of room after the header */
	size_t		 used;		/* bytes handed out */
	size_t		 last;		/* offset of the last allocation */
};

/* What each allocation starts with: its size, for realloc. */
#define POOL_HDR	POOL_ALIGN
#define BLOCK_HDR	((sizeof(struct pool_block) + POOL_ALIGN - 1) & \
			    ~(size_t)(POOL_ALIGN - 1))

static _Thread_local struct pool_block *pool;	/* newest block, or NULL */

static size_t
pool_round(size_t n)
{
	if (n > SIZE_MAX - POOL_HDR - POOL_ALIGN)
		abort();
	return (n + POOL_ALIGN - 1) & ~(size_t)(POOL_ALIGN - 1);
}

/* Is p one of the pool's? (cmark may hand back memory of its own.) */
static int
pool_owns(const void *p)
{
	const struct pool_block	*b;
	uintptr_t		 u = (uintptr_t)p;

	for (b = pool; b != NULL; b = b->next)
		if (u >= (uintptr_t)b + BLOCK_HDR &&
		    u < (uintptr_t)b + BLOCK_HDR + b->size)
			return 1;
	return 0;
}

/* n bytes (not zeroed) after a header holding n. */
static void *
pool_take(size_t n)
{
	struct pool_block	*b = pool;
	size_t			 need = POOL_HDR + pool_round(n);
	char			*p;

	if (b == NULL || b->size - b->used < need) {
		size_t size = need > POOL_BLOCK ? need : POOL_BLOCK;

		b = xmalloc(BLOCK_HDR + size);
		b->size = size;
		b->used = 0;
		b->last = 0;
		if (pool != NULL && need > POOL_BLOCK) {
			/* A big one goes behind, leaving the newest's room. */
			b->next = pool->next;
			pool->next = b;
		} else {
			b->next = pool;
			pool = b;
		}
	}
	p = (char *)b + BLOCK_HDR + b->used;
	b->last = b->used;
	b->used += need;
	memcpy(p, &n, sizeof(n));
	return p + POOL_HDR;
}

static void *
pool_calloc(size_t count, size_t size)
{
	void	*p;

	if (size != 0 && count > SIZE_MAX / size)
		abort();
	p = pool_take(count * size);
	memset(p, 0, count * size);
	return p;
}

static void *
pool_realloc(void *ptr, size_t n)
{
	struct pool_block	*b = pool;
	size_t			 old;
	char			*p;

	if (ptr == NULL)
		return pool_take(n);
	if (!pool_owns(ptr))
		return xrealloc(ptr, n);
	memcpy(&old, (char *)ptr - POOL_HDR, sizeof(old));
	/* The newest allocation grows where it is, when there is room. */
	if ((char *)ptr - POOL_HDR == (char *)b + BLOCK_HDR + b->last &&
	    b->size - b->last >= POOL_HDR + pool_round(n)) {
		b->used = b->last + POOL_HDR + pool_round(n);
		memcpy((char *)ptr - POOL_HDR, &n, sizeof(n));
		return ptr;
	}
	if (n <= old) {
		memcpy((char *)ptr - POOL_HDR, &n, sizeof(n));
		return ptr;
	}
	p = pool_take(n);
	memcpy(p, ptr, old);
	return p;
}

static void
pool_free(void *ptr)
{
	if (ptr != NULL && !pool_owns(ptr))
		free(ptr);	/* not the pool's: cmark's own */
}

static cmark_mem pool_mem = { pool_calloc, pool_realloc, pool_free };

/* Free the thread's pool: what the parse allocated goes at once. */
static void
pool_drop(void)
{
	struct pool_block	*b, *next;

	for (b = pool; b != NULL; b = next) {
		next = b->next;
		free(b);
	}
	pool = NULL;
}

/* A parser with the GFM extensions attached, allocating from the
 * thread's pool; free with cmark_parser_free(), then pool_drop(). */
static cmark_parser *
markdown_parser_new(int opts, int delim)
{
	cmark_parser	*parser;
	size_t		 i;

	parser = cmark_parser_new_with_mem(opts, &pool_mem);
	for (i = 0; i < NEXTENSIONS; i++) {
		cmark_syntax_extension *ext =
		    cmark_find_syntax_extension(markdown_extensions[i]);

		if (ext != NULL && (delim ||
		    ext->insert_inline_from_delim == NULL))
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	return parser;
}

int
markdown_text(struct buf *out, const char *text, size_t len)
{
	cmark_parser	*parser;
	cmark_node	*doc;
	int		 delim;

	if (len > markdown_default_limits.max_input)
		return -1;
	markdown_init();
	delim = markdown_has_delim(text, len);
	parser = markdown_parser_new(CMARK_OPT_VALIDATE_UTF8, delim);
	doc = markdown_parse(parser, delim, text, len);
	if (doc != NULL) {
		doc_text(out, doc);
		cmark_node_free(doc);
	}
	cmark_parser_free(parser);
	pool_drop();
	return doc != NULL ? 0 : -1;
}

int
markdown_render(struct buf *out, struct markdown_info *info,
    struct arena *a, const struct markdown_source *src, const char *text,
    size_t len, const struct markdown_limits *limits, struct diags *d)
{
	struct markdown_info	 scratch;
	cmark_parser		*parser = NULL;
	cmark_node		*doc = NULL;
	char			*html = NULL;
	size_t			 hlen;
	int			 rc = -1, delim;
	const int		 opts = CMARK_OPT_VALIDATE_UTF8;

	if (limits == NULL)
		limits = &markdown_default_limits;
	if (info == NULL)
		info = &scratch;
	memset(info, 0, sizeof(*info));
	if (len > limits->max_input) {
		diag_error(d, src->path, 0, 0, "the Markdown text is %zu bytes; "
		    "the limit is %zu", len, limits->max_input);
		return -1;
	}
	markdown_init();
	delim = markdown_has_delim(text, len);
	parser = markdown_parser_new(opts, delim);
	doc = markdown_parse(parser, delim, text, len);
	if (doc == NULL) {
		diag_error(d, src->path, 0, 0, "the Markdown could not be parsed");
		goto out;
	}
	markdown_inspect(info, a, doc, src, d);
	markdown_fix_columns(info, text, len, src);
	if (src->strict && info->raw_html > 0)
		goto out;
	html = cmark_render_html(doc, opts,
	    cmark_parser_get_syntax_extensions(parser));
	hlen = html != NULL ? strlen(html) : 0;
	if (hlen > limits->max_output) {
		diag_error(d, src->path, 0, 0, "the page's HTML would be %zu bytes; "
		    "the limit is %zu", hlen, limits->max_output);
		goto out;
	}
	if ((limits->ratio != 0 || limits->slack != 0) &&
	    hlen > len * limits->ratio + limits->slack) {
		diag_error(d, src->path, src->first_line, 0, "this Markdown "
		    "(%zu bytes) would be %zu bytes of HTML, more than %zu "
		    "times its size plus %zu: a table row shorter than its "
		    "header, or deep nesting, multiplies the output; write "
		    "the table out in full", len, hlen, limits->ratio,
		    limits->slack);
		goto out;
	}
	buf_put(out, html, hlen);
	rc = 0;
out:
	pool_free(html);
	if (doc != NULL)
		cmark_node_free(doc);
	cmark_parser_free(parser);
	pool_drop();
	return rc;
}
