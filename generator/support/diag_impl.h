/*
 * The inside of the diagnostics module, shared by the collector (diag.c)
 * and the printers (diag_print.c). Nothing else includes this.
 */
#ifndef MARCHE_DIAG_IMPL_H
#define MARCHE_DIAG_IMPL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "diag.h"

/* A file's text, registered for excerpts. */
struct diag_source {
	char		*path;	/* file the text belongs to */
	const char	*data;	/* borrowed bytes, or owned, or NULL when
				   let go (diags_source_drop()) */
	size_t		 len;	/* byte count */
	char		*owned;	/* the text read again, or NULL */
	diag_fetch_fn	 fetch;	/* reads a text let go again, or NULL */
	void		*fetch_ctx; /* its argument */
	uint64_t	 sum;	/* the text's diag_text_sum(), while let go */
	size_t		*lines;	/* byte offset of each line's start, built
				   on the first excerpt; NULL until then */
	size_t		 nlines; /* entries in lines */
};

/*
 * An open-addressing hash set of indices (plus one; 0 is a free slot)
 * into an array its owner keeps; cap is 0 or a power of 2.
 */
struct diag_set {
	size_t	*slots;	/* index + 1 of each entry, or 0 */
	size_t	 cap;	/* slots allocated */
	size_t	 used;	/* slots in use */
};

struct diags {
	struct diag		*list;		/* reported problems */
	size_t			 count;		/* used entries of list */
	size_t			 cap;		/* allocated entries of list */
	size_t			 errors;	/* DIAG_ERROR count */
	size_t			 warnings;	/* DIAG_WARNING count */
	size_t			 attention;	/* diag_attention() count */
	int			 sorted;	/* list is in printing order */
	struct diag_set		 seen;		/* list, by content */
	struct diag_source	*srcs;		/* texts for source lines */
	size_t			 nsrcs;		/* used entries of srcs */
	size_t			 capsrcs;	/* allocated entries of srcs */
	struct diag_set		 bypath;	/* srcs, by path */
	diag_keep_fn		 keep;		/* which problems are recorded,
						 * or NULL for every one */
	void			*keep_ctx;	/* its argument */
};

/* Put d->list in printing order: by file (none first), line, column,
 * then order of report. */
void		 diags_sort(struct diags *d);
/*
 * The bytes of line (1-based) of the text registered for path, without
 * its line break, with *lenp set to their length; NULL if there is no
 * such text or line. A text's line starts are found once, on its first
 * call.
 */
const char	*diags_source_line(struct diags *d, const char *path, int line,
		    size_t *lenp);
/* A hash of a text's bytes, to know a text read again for the same. */
uint64_t	 diag_text_sum(const char *data, size_t len);
/* Whether two paths (either may be NULL) are the same. */
int		 diag_same_path(const char *a, const char *b);
/* A new string: fmt formatted with ap, its "%s" arguments that are
 * messages of the catalogue in French. */
char		*diag_format_fr(const char *fmt, va_list ap);
/* Whether the French catalogue was found. */
int		 diag_fr_ready(void);
/* msg (allocated) with the remembered pieces (diag_fragment()) in
 * French; returns the new text. */
char		*diag_fragments_fr(char *msg);
/* "error", "warning" or "note". */
const char	*diag_level_name(enum diag_level level);

#endif
