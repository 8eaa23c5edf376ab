/*
 * The state of one `marche import jekyll` run, shared by the command
 * (cmd_import.c: reading the site, writing the files), the conversion
 * of a pair of posts (import_post.c) and of guide pages
 * (import_pages.c).
 */
#ifndef MARCHE_IMPORT_JEKYLL_H
#define MARCHE_IMPORT_JEKYLL_H

#include <stddef.h>

#include "frontmatter.h"

struct arena;
struct buf;
struct diags;
struct value;

/* The largest post or page, and the largest linked file. */
#define IMPORT_MAX_POST		((size_t)1024 * 1024)
#define IMPORT_MAX_ASSET	((size_t)10 * 1024 * 1024)

/* A Markdown file of the Jekyll site with its front matter. */
struct import_doc {
	char		*path;	/* in notes: SITE/_posts/en/NAME */
	char		*rel;	/* in the site: _posts/en/NAME */
	char		*name;	/* the file name */
	int		 lang;	/* 0 English, 1 French, -1 other */
	char		*data;	/* its bytes, NUL-terminated (kept for
				 * excerpts of notes) */
	size_t		 len;	/* bytes in data */
	struct frontmatter fm;	/* front matter and body, in data */
	struct value	*meta;	/* the front matter, a map */
	const char	*ref;	/* its ref, or NULL */
	int		 year, month, day; /* a post's date from its name */
	char		*slug;	/* a post's name without date, ext. */
	int		 used;	/* paired and converted */
};

/* A file to write under the output folder. */
struct import_out {
	char	*dir;	/* first folder: "opportunities" or "site" */
	char	*sub;	/* second folder ("ID", "en") or NULL */
	char	*name;	/* the file name */
	char	*data;	/* its bytes (malloc'd) */
	size_t	 len;	/* their number */
};

struct import {
	const char	*site;	/* the site as given, no final / */
	int		 sitefd; /* the site folder, open */
	const char	*outdir; /* the output folder as given */
	struct diags	*d;	/* notes and errors */
	struct arena	*a;	/* value trees */
	struct value	*skills; /* the output's skills, or NULL */
	const char	*tz;	/* the output site's time zone */
	struct import_doc *docs; /* posts, then pages */
	size_t		 ndocs;
	struct import_out *outs; /* files to write */
	size_t		 nouts;
	char		**ids;	/* ids already given */
	size_t		 nids;
};

/* Names of the languages, by index. */
extern const char *const import_langs[2];

/*
 * Read the file rel of the site (each folder and the file opened without
 * following symbolic links), at most max bytes. Returns 0 with *out
 * (malloc'd, NUL-terminated) and *len, or -1 with *why (a static
 * message or strerror's).
 */
int	import_read(struct import *im, const char *rel, size_t max,
	    char **out, size_t *len, const char **why);

/*
 * Read, check and split the Markdown file rel of the site into doc.
 * Returns 0, 1 when it has no front matter, or -1 after a warning (the
 * file skipped).
 */
int	import_load_doc(struct import *im, struct import_doc *doc,
	    const char *rel);

/* The names in folder rel of the site, sorted; NULL if it cannot be
 * opened (errno set). */
char	**import_list_dir(struct import *im, const char *rel, size_t *n);

/* Is name a Markdown file's (.md, .markdown)? */
int	import_is_markdown(const char *name);

/* A new document at the end of im's list, to fill. */
struct import_doc *import_new_doc(struct import *im);

/* Walk folder rel of the site (depth so far) for guide pages. */
void	import_find_pages(struct import *im, const char *rel, int depth);

/*
 * Check the pages read from index from on, pair them by ref and queue
 * them under outdir. Returns the pages queued.
 */
size_t	import_pages(struct import *im, size_t from, const char *outdir);

/* Queue a file to write; data is taken over. */
void	import_add_out(struct import *im, const char *dir, const char *sub,
	    const char *name, char *data, size_t len);

/* Is a file of that name already queued in folder dir (no sub)? */
int	import_has_out(const struct import *im, const char *dir,
	    const char *name);

/* Record a note at a front matter value's position, col_off bytes into
 * its text. */
void	import_note_at(struct import *im, const struct import_doc *doc,
	    const struct value *v, size_t col_off, const char *fmt, ...)
	    __attribute__((format(printf, 5, 6)));

/*
 * Convert the English and French posts of one opportunity into a
 * queued opportunities/ID.yml and its attachments. Returns 0, or -1 when
 * nothing could be written for them (reported).
 */
int	import_post_pair(struct import *im, struct import_doc *en,
	    struct import_doc *fr);

/*
 * Convert the Markdown of a body into out, cleaned (see
 * import_clean_line()), reporting at the doc's lines. Used for pages.
 */
void	import_clean_body(struct import *im, struct import_doc *doc,
	    struct buf *out);

#endif
