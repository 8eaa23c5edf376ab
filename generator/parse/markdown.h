/*
 * Markdown to HTML through cmark-gfm, with the GFM extensions (table,
 * strikethrough, autolink, tagfilter, tasklist). Raw HTML is never passed
 * through (no CMARK_OPT_UNSAFE): each raw HTML block or inline is reported
 * as a warning at its file position, and cmark drops unsafe link schemes.
 */
#ifndef MARCHE_MARKDOWN_H
#define MARCHE_MARKDOWN_H

#include <stddef.h>

struct arena;
struct buf;
struct diags;

struct markdown_limits {
	size_t	max_input;	/* Markdown bytes */
	size_t	max_output;	/* HTML bytes */
	size_t	ratio;		/* HTML bytes per Markdown byte... */
	size_t	slack;		/* ...plus this many (0, 0: no bound) */
};

/*
 * Defaults: 1 MiB of Markdown, 8 MiB of HTML, and at most 32 bytes of
 * HTML per byte of Markdown plus 64 KiB (ordinary text stays well under
 * 8; a small table whose rows are padded to a wide header, or deep
 * nesting, grows far past it).
 */
extern const struct markdown_limits markdown_default_limits;

struct markdown_link {
	const char	*url;	/* the destination as written */
	int		 line;	/* file position of the link */
	int		 col;
};

struct markdown_info {
	char	*title;		/* text of the first level-1 heading, in the
				 * arena, or NULL */
	int	 raw_html;	/* raw HTML nodes that were dropped */
	struct markdown_link *links;	/* links and images, in the arena */
	size_t	 nlinks;	/* entries in links */
};

/* Where the Markdown sits in its file, and how strict to be. */
struct markdown_source {
	const char	*path;		/* file, for diagnostics */
	int		 first_line;	/* file line of the text's first line */
	int		 indent;	/* columns before each line's text (a
					 * YAML block scalar's indentation) */
	int		 strict;	/* raw HTML is an error, not a warning */
};

/*
 * Register cmark-gfm's extensions and set their inline characters for
 * the whole process, once, so that parses can run on several threads
 * at once. The first parse does it if nothing did before; callable
 * from any thread.
 */
void	markdown_init(void);

/*
 * Render len bytes of Markdown as HTML appended to out. info (may be
 * NULL) receives facts about the document, allocated in a. Returns 0, or
 * -1 after reporting to d (input or output over the limits, output out
 * of proportion to the input, raw HTML when strict; limits may be NULL).
 */
int	markdown_render(struct buf *out, struct markdown_info *info,
	    struct arena *a, const struct markdown_source *src,
	    const char *text, size_t len, const struct markdown_limits *limits,
	    struct diags *d);

/*
 * Append the text readers see in len bytes of Markdown: the words of
 * every block (code as written, a link's text then its destination in
 * angle brackets when the two differ), blocks separated by blank lines.
 * Nothing is reported: invalid input yields whatever cmark reads. Returns
 * 0, or -1 when the text is over the input limit or cmark fails (out is
 * then unchanged).
 */
int	markdown_text(struct buf *out, const char *text, size_t len);

#endif
