/*
 * A pull request's check scoped to what it changes. When every change
 * is to opportunity files and their attachments (added or modified,
 * nothing else), the check reports only the problems of those
 * opportunities (and of the site's own files, which it still reads and
 * renders), renders only their pages and the site's pages, and judges
 * their links against every output path the site would have. See
 * marche(1), check --base.
 */
#ifndef MARCHE_PR_SCOPE_H
#define MARCHE_PR_SCOPE_H

#include <stddef.h>

#include "diag.h"

struct changes;
struct opportunities;
struct page;
struct site;

struct pr_scope {
	char			**ids;	/* changed opportunities' ids, sorted */
	size_t			  nids;
	const struct opportunities *opps; /* the head's, once read (for the
					 * slugs an unchanged one shares with
					 * a changed one), or NULL */
	const struct site	*site;	/* the head's settings, or NULL */
	size_t			  last;	/* the opportunity found last */
};

/*
 * Fill s from changes when the pull request changes nothing but
 * opportunity files and their attachments, only adding or modifying
 * them (never a deletion, a rename, a link or a submodule), and every
 * modified opportunity keeps the pages and files its base version could
 * publish (its slugs, attachments, skills, closing and status), so that
 * no unchanged page's link can break. Returns 1
 * then (free with pr_scope_free()), else 0 (s holds nothing).
 */
int	pr_scope_make(struct pr_scope *s, const struct changes *changes);
void	pr_scope_free(struct pr_scope *s);

/* How many of opps the pull request changes. */
size_t	pr_scope_count(const struct pr_scope *s,
	    const struct opportunities *opps);

/* Is the opportunity with this id one the pull request changes? */
int	pr_scope_has(const struct pr_scope *s, const char *id);

/*
 * A diag_keep_fn, ctx a struct pr_scope: keeps what is not in an
 * opportunity's file or folder, what is in a changed one's, and the
 * error at an unchanged opportunity's slug when a changed one has the
 * same slug in that language (the pull request made that collision).
 */
int	pr_scope_keep(void *ctx, enum diag_level level, const char *path,
	    int line, int col);

/* For struct render_scope: the site's own pages and the pages of the
 * changed opportunities. */
int	pr_scope_wants(void *ctx, const struct page *pg);

#endif
