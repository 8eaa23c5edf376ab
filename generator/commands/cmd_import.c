/*
 * marche import jekyll SITE_DIR [--out DIR] [--force] [--pages]: read a
 * Jekyll marketplace's posts (and guide pages), convert them, and write
 * the files only once every one of them is ready, never outside DIR and
 * never over an existing file unless --force is given.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "frontmatter.h"
#include "import.h"
#include "import_emit.h"
#include "import_jekyll.h"
#include "path.h"
#include "srcpath.h"
#include "text.h"
#include "value.h"
#include "xalloc.h"
#include "yml.h"

const char *const import_langs[2] = { "en", "fr" };

static const char import_help[] =
"usage: marche import jekyll SITE_DIR [--out DIR] [--force] [--pages]\n"
"\n"
"Convert the opportunities of a Jekyll marketplace (one post per language\n"
"in _posts/en/ and _posts/fr/, paired by their 'ref') into marche's\n"
"opportunities/ID.yml, with the files they link from assets/ as\n"
"attachments. Every thing that could not be converted is a note naming\n"
"its file, line and column.\n"
"\n"
"  --out DIR   the marche site to write into (default: the current\n"
"              folder); its _data/skills.yml and time zone are used\n"
"  --force     replace files that exist (otherwise nothing is written)\n"
"  --pages     also import the guide pages (front matter lang, ref,\n"
"              permalink) into site/en/ and site/fr/\n"
"  -h, --help  show this help\n";

/* Open folder name inside dir without following a symbolic link;
 * create it first when create is set. */
static int
open_dir_at(int dir, const char *name, int create)
{
	if (create && mkdirat(dir, name, 0777) != 0 && errno != EEXIST)
		return -1;
	return openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC);
}

int
import_read(struct import *im, const char *rel, size_t max, char **out,
    size_t *len, const char **why)
{
	char		*copy = xstrdup(rel), *p = copy, *seg, *next;
	int		 dir = dup(im->sitefd), fd = -1, nd;
	struct stat	 st;
	struct buf	 b = BUF_INIT;
	char		 chunk[8192];
	ssize_t		 n;

	*why = NULL;
	while (dir >= 0 && (seg = strsep(&p, "/")) != NULL && p != NULL) {
		nd = openat(dir, seg, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
		    O_CLOEXEC);
		close(dir);
		dir = nd;
	}
	next = seg;
	if (dir >= 0)
		fd = openat(dir, next, O_RDONLY | O_NOFOLLOW | O_CLOEXEC |
		    O_NONBLOCK);
	if (dir < 0 || fd < 0) {
		*why = errno == ELOOP ? "it is a symbolic link" :
		    strerror(errno);
		goto fail;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*why = "it is not a regular file";
		goto fail;
	}
	if ((size_t)st.st_size > max) {
		*why = max == IMPORT_MAX_POST ? "it is larger than 1 MiB" :
		    "it is larger than 10 MiB";
		goto fail;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && b.len <= max)
		buf_put(&b, chunk, (size_t)n);
	if (n < 0 || b.len > max) {
		*why = n < 0 ? strerror(errno) : "it grew past its limit";
		goto fail;
	}
	buf_putc(&b, '\0');
	*out = buf_detach(&b, len);
	(*len)--;
	close(fd);
	close(dir);
	free(copy);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	if (dir >= 0)
		close(dir);
	buf_free(&b);
	free(copy);
	return -1;
}

void
import_add_out(struct import *im, const char *dir, const char *sub,
    const char *name, char *data, size_t len)
{
	struct import_out	*o;

	im->outs = xreallocarray(im->outs, im->nouts + 1, sizeof(*im->outs));
	o = &im->outs[im->nouts++];
	o->dir = xstrdup(dir);
	o->sub = sub ? xstrdup(sub) : NULL;
	o->name = xstrdup(name);
	o->data = data;
	o->len = len;
}

int
import_has_out(const struct import *im, const char *dir, const char *name)
{
	size_t	i;

	for (i = 0; i < im->nouts; i++)
		if (im->outs[i].sub == NULL && strcmp(im->outs[i].dir,
		    dir) == 0 && strcmp(im->outs[i].name, name) == 0)
			return 1;
	return 0;
}

void
import_note_at(struct import *im, const struct import_doc *doc,
    const struct value *v, size_t col_off, const char *fmt, ...)
{
	va_list	ap;
	int	col = v->col;

	if (v->kind == VALUE_STRING && v->col > 0)
		col = v->col + v->quoted + diag_column(v->str, col_off) - 1;
	va_start(ap, fmt);
	diag_vreportf(im->d, DIAG_NOTE, doc->path, v->line, col, fmt, ap);
	va_end(ap);
}

/* Copy the problems parsing a file found into d as warnings: the file
 * is skipped, the others go on. */
static void
skipped(struct diags *d, struct diags *tmp)
{
	const struct diag	*g;
	size_t			 i;

	for (i = 0; i < diags_count(tmp); i++) {
		g = diags_get(tmp, i);
		diag_report(d, DIAG_WARNING, g->path, g->line, g->col,
		    "%s; the file is skipped", g->msg);
	}
}

/*
 * Read, check and split one Markdown file of the site. Returns 0 with
 * doc filled, 1 when it has no front matter, or -1 after a warning (the
 * file skipped).
 */
int
import_load_doc(struct import *im, struct import_doc *doc, const char *rel)
{
	struct diags	*tmp = diags_new();
	const char	*why;
	int		 rc = -1;

	memset(doc, 0, sizeof(*doc));
	doc->rel = xstrdup(rel);
	doc->path = xasprintf("%s/%s", im->site, rel);
	doc->name = xstrdup(strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel);
	doc->lang = -1;
	if (import_read(im, rel, IMPORT_MAX_POST, &doc->data, &doc->len,
	    &why) != 0) {
		diag_report(im->d, DIAG_WARNING, doc->path, 0, 0, "cannot be "
		    "read: %s; the file is skipped", why);
		goto out;
	}
	diags_source(im->d, doc->path, doc->data, doc->len);
	if (memchr(doc->data, '\0', doc->len) != NULL) {
		diag_report(im->d, DIAG_WARNING, doc->path, 0, 0, "a binary "
		    "file, not Markdown: skipped");
		goto out;
	}
	if (text_check(NULL, doc->path, doc->data, doc->len, 1, "a post",
	    tmp) != 0 || frontmatter_split(&doc->fm, doc->path, doc->data,
	    doc->len, tmp) != 0) {
		skipped(im->d, tmp);
		goto out;
	}
	if (!doc->fm.present) {
		rc = 1;
		goto out;
	}
	if (yml_load(&doc->meta, im->a, doc->path, doc->fm.yaml,
	    doc->fm.yaml_len, doc->fm.yaml_line, NULL, tmp) != 0) {
		skipped(im->d, tmp);
		goto out;
	}
	if (doc->meta->kind != VALUE_MAP) {
		diag_report(im->d, DIAG_WARNING, doc->path, doc->fm.yaml_line,
		    0, "the front matter is not a map of keys: skipped");
		goto out;
	}
	doc->ref = value_str(value_map_get(doc->meta, "ref"));
	rc = 0;
out:
	diags_free(tmp);
	return rc;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in folder rel of the site, sorted; NULL if it cannot be
 * opened (errno set). */
char **
import_list_dir(struct import *im, const char *rel, size_t *n)
{
	char		*copy = xstrdup(rel), *p = copy, *seg;
	int		 dir = dup(im->sitefd), nd;
	DIR		*dp;
	struct dirent	*de;
	char		**names = NULL;

	*n = 0;
	while (dir >= 0 && (seg = strsep(&p, "/")) != NULL) {
		nd = open_dir_at(dir, seg, 0);
		close(dir);
		dir = nd;
	}
	free(copy);
	if (dir < 0 || (dp = fdopendir(dir)) == NULL) {
		if (dir >= 0)
			close(dir);
		return NULL;
	}
	while ((de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		names = xreallocarray(names, *n + 1, sizeof(*names));
		names[(*n)++] = xstrdup(de->d_name);
	}
	closedir(dp);
	if (*n > 1)
		qsort(names, *n, sizeof(*names), cmp_str);
	if (names == NULL)
		names = xcalloc(1, sizeof(*names));
	return names;
}

int
import_is_markdown(const char *name)
{
	size_t	n = strlen(name);

	return (n > 3 && strcmp(name + n - 3, ".md") == 0) ||
	    (n > 9 && strcmp(name + n - 9, ".markdown") == 0);
}

struct import_doc *
import_new_doc(struct import *im)
{
	im->docs = xreallocarray(im->docs, im->ndocs + 1, sizeof(*im->docs));
	return &im->docs[im->ndocs++];
}

static void
free_doc(struct import_doc *doc)
{
	free(doc->path);
	free(doc->rel);
	free(doc->name);
	free(doc->data);
	free(doc->slug);
}

/* Read _posts/LANG/: each post with a date in its name and a ref. */
static int
read_posts(struct import *im, int lang)
{
	char		**names, *rel;
	size_t		 n, i;
	struct import_doc *doc;
	struct value	*pub, *lv;
	int		 y, m, d, len, r;

	rel = xasprintf("_posts/%s", import_langs[lang]);
	if ((names = import_list_dir(im, rel, &n)) == NULL) {
		diag_report(im->d, DIAG_WARNING, NULL, 0, 0, "%s/%s/ cannot be "
		    "read: %s", im->site, rel, strerror(errno));
		free(rel);
		return -1;
	}
	for (i = 0; i < n; i++) {
		char *frel = xasprintf("%s/%s", rel, names[i]);

		if (!import_is_markdown(names[i])) {
			char *shown = xasprintf("%s/%s", im->site, frel);

			diag_report(im->d, DIAG_NOTE, shown, 0, 0, "not a "
			    "Markdown post: skipped");
			free(shown);
			free(frel);
			continue;
		}
		doc = import_new_doc(im);
		/* A file skipped stays in the list: notes show its lines. */
		if ((r = import_load_doc(im, doc, frel)) != 0) {
			if (r == 1)
				diag_report(im->d, DIAG_WARNING, doc->path, 1,
				    0, "no front matter: not a post; skipped");
			doc->used = 1;
			free(frel);
			continue;
		}
		free(frel);
		doc->lang = lang;
		len = 0;
		if (sscanf(doc->name, "%4d-%2d-%2d-%n", &y, &m, &d,
		    &len) != 3 || len != 11) {
			diag_report(im->d, DIAG_NOTE, doc->path, 0, 0, "the "
			    "name does not start with a date (2021-03-15-): "
			    "Jekyll does not publish it; skipped");
			doc->used = 1;
			continue;
		}
		doc->year = y;
		doc->month = m;
		doc->day = d;
		doc->slug = xstrndup(doc->name + 11, strcspn(doc->name + 11,
		    "."));
		if ((pub = value_map_get(doc->meta, "published")) != NULL &&
		    pub->kind == VALUE_BOOL && !pub->boolean) {
			diag_report(im->d, DIAG_NOTE, doc->path, pub->line,
			    pub->col, "published: false (a draft or a "
			    "template): skipped, as Jekyll does");
			doc->used = 1;
			continue;
		}
		if ((lv = value_map_get(doc->meta, "lang")) != NULL &&
		    value_str(lv) != NULL && strcmp(lv->str,
		    import_langs[lang]) != 0)
			diag_report(im->d, DIAG_NOTE, doc->path, lv->line,
			    lv->col, "lang '%s' in a post of _posts/%s/: the "
			    "folder is taken as its language", lv->str,
			    import_langs[lang]);
		if (doc->ref == NULL) {
			diag_report(im->d, DIAG_NOTE, doc->path, 0, 0, "no ref "
			    "in the front matter: the post cannot be paired "
			    "with its translation; skipped");
			doc->used = 1;
		}
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(rel);
	return 0;
}

/* Pair the posts by ref and convert each pair. Returns pairs written. */
static size_t
pair_posts(struct import *im, size_t from, size_t to)
{
	size_t			 i, j, k, written = 0;
	struct import_doc	*a, *b, *other[2];

	for (i = from; i < to; i++) {
		a = &im->docs[i];
		if (a->used)
			continue;
		other[0] = other[1] = NULL;
		other[a->lang] = a;
		for (j = from; j < to; j++) {
			b = &im->docs[j];
			if (j == i || b->used || strcmp(b->ref, a->ref) != 0)
				continue;
			if (other[b->lang] != NULL) {
				diag_report(im->d, DIAG_WARNING, b->path, 0, 0,
				    "ref '%s' is already used by %s: skipped",
				    b->ref, other[b->lang]->path);
				b->used = 1;
				continue;
			}
			other[b->lang] = b;
		}
		if (other[0] == NULL || other[1] == NULL) {
			/* k: the language missing. */
			k = other[0] == NULL ? 0 : 1;
			diag_report(im->d, DIAG_NOTE, other[!k]->path, 0, 0,
			    "no post in _posts/%s/ has ref '%s': an "
			    "opportunity needs both languages; skipped",
			    import_langs[k], a->ref);
			a->used = 1;
			continue;
		}
		if (import_post_pair(im, other[0], other[1]) == 0)
			written++;
		other[0]->used = other[1]->used = 1;
	}
	return written;
}

/* The output's skills and time zone. */
static void
read_target(struct import *im, const char *outdir)
{
	static const char *const files[] = { "_data/skills.yml",
	    "_data/site.yml" };
	struct value	*v;
	char		*p, *data;
	size_t		 i, len;
	FILE		*fp;
	struct diags	*tmp = diags_new();

	im->tz = "America/Toronto";
	for (i = 0; i < 2; i++) {
		p = xasprintf("%s/%s", outdir, files[i]);
		if ((fp = fopen(p, "rb")) == NULL) {
			diag_report(im->d, DIAG_NOTE, NULL, 0, 0, "%s cannot "
			    "be read (%s): %s", p, strerror(errno), i == 0 ?
			    "no skill will be recognised"  : "times are read "
			    "in America/Toronto");
			free(p);
			continue;
		}
		data = xmalloc(IMPORT_MAX_POST + 1);
		len = fread(data, 1, IMPORT_MAX_POST, fp);
		fclose(fp);
		if (yml_load(&v, im->a, p, data, len, 1, NULL, tmp) == 0) {
			if (i == 0)
				im->skills = v;
			else if (value_str(value_map_get(v, "time_zone")))
				im->tz = arena_strdup(im->a,
				    value_str(value_map_get(v, "time_zone")));
		}
		free(data);
		free(p);
	}
	diags_free(tmp);
}

/*
 * Write every queued file under outdir: first make sure none exists
 * (unless force), then create folders and files without following a
 * symbolic link. Returns 0 or -1 after reporting.
 */
static int
write_outs(struct import *im, const char *outdir, int force)
{
	struct stat	 st;
	size_t		 i, done;
	int		 top, d1 = -1, d2 = -1, fd, exists = 0, rc = 0;
	ssize_t		 w;
	char		*shown;

	for (i = 0; i < im->nouts; i++) {
		struct import_out *o = &im->outs[i];

		shown = o->sub ? xasprintf("%s/%s/%s/%s", outdir, o->dir,
		    o->sub, o->name) : xasprintf("%s/%s/%s", outdir, o->dir,
		    o->name);
		if (lstat(shown, &st) == 0 && !force) {
			diag_error(im->d, NULL, 0, 0, "%s already exists: "
			    "nothing was written (--force replaces it)", shown);
			exists = 1;
		}
		free(shown);
	}
	if (exists)
		return -1;
	if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
		diag_error(im->d, NULL, 0, 0, "cannot create %s: %s", outdir,
		    strerror(errno));
		return -1;
	}
	if ((top = open(outdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(im->d, NULL, 0, 0, "cannot open %s: %s", outdir,
		    strerror(errno));
		return -1;
	}
	for (i = 0; i < im->nouts && rc == 0; i++) {
		struct import_out *o = &im->outs[i];

		shown = o->sub ? xasprintf("%s/%s/%s/%s", outdir, o->dir,
		    o->sub, o->name) : xasprintf("%s/%s/%s", outdir, o->dir,
		    o->name);
		d2 = -1;
		if ((d1 = open_dir_at(top, o->dir, 1)) < 0 ||
		    (o->sub != NULL && (d2 = open_dir_at(d1, o->sub, 1)) < 0) ||
		    (fd = openat(o->sub ? d2 : d1, o->name, O_WRONLY |
		    O_CREAT | O_NOFOLLOW | O_CLOEXEC |
		    (force ? O_TRUNC : O_EXCL), 0666)) < 0) {
			diag_error(im->d, NULL, 0, 0, "cannot create %s: %s%s",
			    shown, strerror(errno), errno == ELOOP ||
			    errno == ENOTDIR ? " (a symbolic link is not "
			    "followed)" : "");
			rc = -1;
		} else {
			for (done = 0; done < o->len; done += (size_t)w)
				if ((w = write(fd, o->data + done,
				    o->len - done)) <= 0)
					break;
			if (close(fd) != 0 || done < o->len) {
				diag_error(im->d, NULL, 0, 0, "cannot write "
				    "%s: %s", shown, strerror(errno));
				rc = -1;
			}
		}
		if (d1 >= 0)
			close(d1);
		if (d2 >= 0)
			close(d2);
		free(shown);
	}
	close(top);
	return rc;
}

int
cmd_import(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "pages", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct import	 im;
	const char	*outdir = ".";
	char		*site;
	size_t		 i, n, opps = 0, pages = 0, posts;
	int		 c, force = 0, want_pages = 0, rc = EXIT_INPUT;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'o': outdir = optarg; break;
		case 'f': force = 1; break;
		case 'p': want_pages = 1; break;
		case 'h': fputs(import_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("import", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "jekyll") != 0)
		return cmd_usage_error("import", "%s", "say what to import "
		    "from: marche import jekyll SITE_DIR");
	if (optind + 2 != argc)
		return cmd_usage_error("import", "%s", "give one Jekyll site: "
		    "marche import jekyll SITE_DIR");
	memset(&im, 0, sizeof(im));
	site = xstrdup(argv[optind + 1]);
	for (n = strlen(site); n > 1 && site[n - 1] == '/'; n--)
		site[n - 1] = '\0';
	im.site = site;
	im.outdir = outdir;
	im.d = diags_new();
	im.a = arena_new();
	if ((im.sitefd = open(site, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		diag_error(im.d, NULL, 0, 0, "cannot open the Jekyll site %s: "
		    "%s", site, strerror(errno));
		goto out;
	}
	read_target(&im, outdir);
	c = read_posts(&im, 0);
	if (read_posts(&im, 1) != 0 && c != 0 && !want_pages) {
		diag_error(im.d, NULL, 0, 0, "%s has no _posts/en/ or "
		    "_posts/fr/ folder: is it the marketplace's Jekyll site?",
		    site);
		goto out;
	}
	posts = im.ndocs;
	opps = pair_posts(&im, 0, posts);
	if (want_pages) {
		import_find_pages(&im, "", 0);
		pages = import_pages(&im, posts, outdir);
	}
	if (diags_errors(im.d) > 0)
		goto out;
	if (opps == 0 && pages == 0) {
		diag_error(im.d, NULL, 0, 0, "nothing in %s could be "
		    "converted: nothing was written", site);
		goto out;
	}
	if (write_outs(&im, outdir, force) != 0) {
		rc = diags_errors(im.d) > 0 ? EXIT_INPUT : EXIT_INTERNAL;
		goto out;
	}
	for (i = 0; i < im.nouts; i++)
		if (im.outs[i].sub == NULL && strcmp(im.outs[i].dir,
		    "opportunities") == 0)
			printf("wrote %s/opportunities/%s\n", outdir,
			    im.outs[i].name);
	if (pages > 0)
		printf("wrote %zu pages under %s/site/\n", pages, outdir);
	rc = EXIT_OK;
out:
	diags_print(im.d, stderr, DIAG_FORMAT_TEXT);
	diags_free(im.d);
	for (i = 0; i < im.ndocs; i++)
		free_doc(&im.docs[i]);
	free(im.docs);
	for (i = 0; i < im.nouts; i++) {
		free(im.outs[i].dir);
		free(im.outs[i].sub);
		free(im.outs[i].name);
		free(im.outs[i].data);
	}
	free(im.outs);
	for (i = 0; i < im.nids; i++)
		free(im.ids[i]);
	free(im.ids);
	arena_free(im.a);
	if (im.sitefd > 0)
		close(im.sitefd);
	free(site);
	return rc;
}
