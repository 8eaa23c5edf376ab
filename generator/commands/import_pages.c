/*
 * marche import jekyll: the site's guide pages. Each Markdown page found
 * (folders three deep) that has a ref and a language is checked, paired
 * with its translation by ref, and queued as a marche page keeping only
 * the front matter keys marche reads.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "diag.h"
#include "import_emit.h"
#include "import_jekyll.h"
#include "path.h"
#include "value.h"
#include "xalloc.h"

/* Front matter keys a marche page keeps. */
static const char *const page_keys[] = { "layout", "lang", "ref",
    "permalink", "title", "description", "nav_title", NULL };

/* Convert one guide page; its pair has been checked. */
static void
import_page(struct import *im, struct import_doc *doc, const char *outdir)
{
	struct buf		 out = BUF_INIT, body = BUF_INIT;
	struct import_emit	*e;
	struct value		*m = doc->meta, *v;
	const char		*layout, *const *k;
	char			*name, *lp, *data;
	size_t			 i, len;
	struct stat		 st;

	buf_puts(&out, "---\n");
	e = import_emit_new(&out);
	import_emit_map(e, 0);
	for (k = page_keys; *k != NULL; k++) {
		if ((v = value_map_get(m, *k)) == NULL ||
		    value_str(v) == NULL)
			continue;
		if (strcmp(*k, "layout") == 0) {
			layout = v->str;
			lp = xasprintf("%s/_layouts/%s.html", outdir, layout);
			if (strcmp(layout, "default") != 0 &&
			    stat(lp, &st) != 0) {
				import_note_at(im, doc, v, 0, "layout '%s' is "
				    "not in the site's _layouts/: written as "
				    "default", layout);
				layout = "default";
			}
			free(lp);
			import_emit_pair(e, *k, layout);
		} else
			import_emit_pair(e, *k, v->str);
	}
	import_emit_end_map(e);
	for (i = 0; i < m->count; i++) {
		for (k = page_keys; *k != NULL; k++)
			if (strcmp(*k, m->pairs[i].key->str) == 0)
				break;
		if (*k == NULL)
			diag_report(im->d, DIAG_NOTE, doc->path,
			    m->pairs[i].key->line, m->pairs[i].key->col,
			    "front matter key '%s' has no meaning in a marche "
			    "page: not imported", m->pairs[i].key->str);
	}
	if (import_emit_free(e) != 0) {
		diag_error(im->d, doc->path, 0, 0, "the front matter could not "
		    "be written as YAML");
		buf_free(&out);
		return;
	}
	/* libyaml ends the document with its own "..." only when asked. */
	buf_puts(&out, "---\n");
	import_clean_body(im, doc, &body);
	buf_put(&out, body.data, body.len);
	buf_free(&body);
	name = xstrndup(doc->name, strcspn(doc->name, "."));
	lp = xasprintf("%s.md", name);
	data = buf_detach(&out, &len);
	import_add_out(im, "site", import_langs[doc->lang], lp, data, len);
	free(lp);
	free(name);
}

/* Walk the site's folders for guide pages (depth at most 3). */
void
import_find_pages(struct import *im, const char *rel, int depth)
{
	char		**names;
	size_t		 n, i;
	struct stat	 st;

	if ((names = import_list_dir(im, rel[0] ? rel : ".", &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		char	*r = rel[0] ? xasprintf("%s/%s", rel, names[i]) :
		    xstrdup(names[i]);
		struct import_doc *doc;
		struct value *lv;

		if (names[i][0] == '_' || strcmp(names[i], "assets") == 0 ||
		    strcmp(names[i], "node_modules") == 0 ||
		    strcmp(names[i], "vendor") == 0 ||
		    fstatat(im->sitefd, r, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			free(r);
			continue;
		}
		if (S_ISDIR(st.st_mode) && depth < 3)
			import_find_pages(im, r, depth + 1);
		else if (S_ISREG(st.st_mode) && import_is_markdown(names[i])) {
			doc = import_new_doc(im);
			if (import_load_doc(im, doc, r) != 0 ||
			    (lv = value_map_get(doc->meta, "lang")) == NULL ||
			    value_str(lv) == NULL ||
			    (strcmp(lv->str, "en") != 0 &&
			    strcmp(lv->str, "fr") != 0)) {
				if (doc->meta != NULL)
					diag_report(im->d, DIAG_NOTE, doc->path,
					    0, 0, "a page without lang en or "
					    "fr: not imported");
				doc->used = 1;
			} else
				doc->lang = strcmp(lv->str, "fr") == 0;
		}
		free(r);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* Check the pages read from index from on, pair them by ref and queue
 * those that can be kept. Returns the pages written. */
size_t
import_pages(struct import *im, size_t from, const char *outdir)
{
	size_t			 i, j, written = 0;
	struct import_doc	*a, *b = NULL;
	const char		*pl, *why;
	struct value		*v;

	for (i = from; i < im->ndocs; i++) {
		a = &im->docs[i];
		if (a->used)
			continue;
		v = value_map_get(a->meta, "permalink");
		pl = value_str(v);
		if (a->ref == NULL || pl == NULL) {
			diag_report(im->d, DIAG_NOTE, a->path, 0, 0, "a page "
			    "needs a ref and a permalink to be paired and keep "
			    "its address: not imported");
			a->used = 1;
		} else if ((why = path_check_permalink(pl, NULL)) != NULL) {
			import_note_at(im, a, v, 0, "permalink '%s' cannot be "
			    "kept (%s): the page is not imported", pl, why);
			a->used = 1;
		}
	}
	for (i = from; i < im->ndocs; i++) {
		a = &im->docs[i];
		if (a->used)
			continue;
		for (j = from; j < im->ndocs; j++) {
			b = &im->docs[j];
			if (j != i && !b->used && b->lang != a->lang &&
			    strcmp(a->ref, b->ref) == 0)
				break;
		}
		if (j == im->ndocs || b == NULL) {
			diag_report(im->d, DIAG_NOTE, a->path, 0, 0, "no page "
			    "in the other language has ref '%s': not imported",
			    a->ref);
			a->used = 1;
			continue;
		}
		a->used = b->used = 1;
		import_page(im, a, outdir);
		import_page(im, b, outdir);
		written += 2;
	}
	return written;
}
