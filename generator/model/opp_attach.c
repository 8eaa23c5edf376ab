/*
 * Attachments: files published with an opportunity (an application form
 * per language, a data sample, a diagram). They are kept in
 * opportunities/ID/ beside the opportunity's file, so a contributor's
 * pull request stays under opportunities/, and listed under
 * 'attachments' with a title per language. Each listed file must be
 * there, be a regular file (the source refuses symlinks), have an
 * allowed type, judged by its extension and by its first bytes, and stay
 * within rules.attachment_max_bytes; a file in the folder that is not
 * listed is an error too. The output path is the source path under the
 * output folder (opportunities/ID/FILE), one copy for every language.
 */
#include <string.h>

#include "arena.h"
#include "diag.h"
#include "opp_impl.h"
#include "source.h"
#include "text.h"
#include "value.h"

#define OPP_MAX_ATTACHMENTS	50

/* An allowed type: its extension, what it must start with, its label. */
struct attach_type {
	const char	*ext;	/* lower-case, without the dot */
	const char	*magic;	/* first bytes, or NULL for UTF-8 text */
	size_t		 nmagic; /* their length */
	const char	*label;	/* shown to readers in every language */
	const char	*mime;	/* media type */
};

#define ZIP	"PK\003\004", 4
static const struct attach_type types[] = {
	{ "pdf", "%PDF-", 5, "PDF", "application/pdf" },
	{ "png", "\211PNG\r\n\032\n", 8, "PNG", "image/png" },
	{ "jpg", "\377\330\377", 3, "JPEG", "image/jpeg" },
	{ "jpeg", "\377\330\377", 3, "JPEG", "image/jpeg" },
	{ "csv", NULL, 0, "CSV", "text/csv" },
	{ "txt", NULL, 0, "TXT", "text/plain" },
	{ "md", NULL, 0, "Markdown", "text/markdown" },
	{ "json", NULL, 0, "JSON", "application/json" },
	{ "zip", ZIP, "ZIP", "application/zip" },
	{ "docx", ZIP, "DOCX", "application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document" },
	{ "xlsx", ZIP, "XLSX", "application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet" },
	{ "odt", ZIP, "ODT", "application/vnd.oasis.opendocument.text" },
	{ "ods", ZIP, "ODS", "application/vnd.oasis.opendocument."
	    "spreadsheet" }
};
#undef ZIP

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const attachment_keys[] = { "file", "lang", "title" };

/* Can s be an attachment's file name? Letters, digits, '-', '_', '.'. */
static int
name_ok(const char *s)
{
	size_t	n = strlen(s), i;

	if (n == 0 || n > 100 || s[0] == '.' || s[0] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
		    s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* The allowed type of a file name's extension, or NULL. */
static const struct attach_type *
type_of(const char *name)
{
	const char	*dot = strrchr(name, '.');
	char		 ext[8];
	size_t		 i, n;

	if (dot == NULL || (n = strlen(dot + 1)) == 0 || n >= sizeof(ext))
		return NULL;
	for (i = 0; i < n; i++)
		ext[i] = dot[1 + i] >= 'A' && dot[1 + i] <= 'Z' ?
		    (char)(dot[1 + i] - 'A' + 'a') : dot[1 + i];
	ext[n] = '\0';
	for (i = 0; i < NELEM(types); i++)
		if (strcmp(types[i].ext, ext) == 0)
			return &types[i];
	return NULL;
}

/* Is the file's content what its type says? 1 or 0. */
static int
content_ok(const struct attach_type *t, const struct source_file *f)
{
	const unsigned char	*p = (const unsigned char *)f->data;
	size_t			 i = 0, n;
	uint32_t		 cp;

	if (t->magic != NULL)
		return f->len >= t->nmagic && memcmp(f->data, t->magic,
		    t->nmagic) == 0;
	/* Text: valid UTF-8 without NUL or other control characters. */
	while (i < f->len) {
		if ((n = text_utf8_decode(p + i, f->len - i, &cp)) == 0)
			return 0;
		if ((cp < 0x20 && cp != '\n' && cp != '\r' && cp != '\t') ||
		    cp == 0x7F)
			return 0;
		i += n;
	}
	return 1;
}

/* The list of allowed extensions, for messages. */
static const char *
allowed(void)
{
	return "pdf, png, jpg, csv, txt, md, json, zip, docx, xlsx, odt, ods";
}

/*
 * Check the file of attachment at in opportunities/ID/ (v: its 'file',
 * where problems are reported) and note its type and size.
 */
static void
check_file(struct opp_ctx *c, struct opp_attachment *at,
    const struct value *v)
{
	const struct attach_type	*t;
	const struct source_file	*f;
	const char			*dot = strrchr(at->file, '.');

	if (dot != NULL && (strcmp(dot, ".svg") == 0 ||
	    strcmp(dot, ".SVG") == 0)) {
		opp_error(c, v, 0, "'%s': SVG images may carry scripts and are "
		    "not published; attach a PNG or a PDF instead", at->file);
		return;
	}
	if ((t = type_of(at->file)) == NULL) {
		opp_error(c, v, 0, "'%s' is not a type that can be attached; "
		    "the allowed types are %s", at->file, allowed());
		return;
	}
	f = source_find(c->src, at->src_path);
	if (f == NULL) {
		opp_error(c, v, 0, "'%s' is listed but there is no file %s "
		    "(a regular file, not a link)", at->file, at->src_path);
		return;
	}
	if (f->len > (size_t)c->site->rules.attachment_max_bytes) {
		opp_error(c, v, 0, "'%s' has %zu bytes; the limit is %d "
		    "(rules.attachment_max_bytes in _data/site.yml)",
		    at->file, f->len, c->site->rules.attachment_max_bytes);
		return;
	}
	if (!content_ok(t, f)) {
		opp_error(c, v, 0, "'%s' is not a %s file: its content does "
		    "not match its extension", at->file, t->label);
		return;
	}
	at->type = t->label;
	at->mime = t->mime;
	at->size = f->len;
}

/* One item of 'attachments'. Returns 1 if it was read, else 0. */
static int
read_one(struct opp_ctx *c, struct opportunity *o, struct opp_attachment *at,
    const struct value *m)
{
	const struct value	*v, *title, *file;
	size_t			 k, i;
	int			 lang;

	if (m->kind != VALUE_MAP) {
		opp_error(c, m, 0, "each attachment needs 'file' and a "
		    "'title' in each language");
		return 0;
	}
	opp_check_keys(c, m, attachment_keys, NELEM(attachment_keys), 0);
	if ((file = opp_want_text(c, m, "file", 1, "in the attachment (its "
	    "name in the opportunity's folder)")) == NULL)
		return 0;
	if (!name_ok(file->str)) {
		opp_error(c, file, 0, "'file' is a file name in "
		    "opportunities/%s/: letters, digits, '-', '_' and '.' "
		    "only, not starting with '.' or '-'", o->id);
		return 0;
	}
	for (i = 0; i < o->nattachments; i++)
		if (strcmp(o->attachments[i].file, file->str) == 0) {
			opp_error(c, file, 0, "'%s' is listed twice",
			    file->str);
			return 0;
		}
	lang = -1;
	if ((v = opp_want_text(c, m, "lang", 0, NULL)) != NULL) {
		lang = site_lang_index(c->site, v->str);
		if (lang < 0) {
			opp_error(c, v, 0, "'lang' must be one of the site's "
			    "languages (or left out to list the file in "
			    "every language)");
			return 0;
		}
	}
	at->file = file->str;
	at->lang = lang;
	at->src_path = arena_printf(c->a, "%s%s/%s", OPP_DIR, o->id,
	    file->str);
	at->out_path = at->src_path;
	title = value_map_get(m, "title");
	if (title == NULL || title->kind != VALUE_MAP) {
		opp_error(c, title != NULL ? title : m, 0, "'title' must give "
		    "the attachment's title in %s", lang >= 0 ?
		    "its language" : "each language (en: ..., fr: ...)");
		return 0;
	}
	opp_check_keys(c, title, NULL, 0, 1);
	for (k = 0; k < c->site->nlangs; k++) {
		if (lang >= 0 && (size_t)lang != k) {
			v = value_map_get(title, c->site->langs[k].code);
			if (v != NULL && v->kind == VALUE_STRING)
				at->title[k] = v->str;
			continue;
		}
		if ((v = opp_want_text(c, title, c->site->langs[k].code, 1,
		    "in 'title'")) == NULL)
			return 0;
		at->title[k] = v->str;
	}
	check_file(c, at, file);
	return 1;
}

void
opp_read_attachments(struct opp_ctx *c, struct opportunity *o)
{
	const struct value	*v = value_map_get(o->root, "attachments");
	size_t			 i;

	if (v == NULL || v->kind == VALUE_NULL)
		return;
	if (v->kind != VALUE_SEQ) {
		opp_error(c, v, 0, "'attachments' must be a list, each item "
		    "starting with '- file:'");
		return;
	}
	if (v->count > OPP_MAX_ATTACHMENTS) {
		opp_error(c, v, 0, "more than %d attachments",
		    OPP_MAX_ATTACHMENTS);
		return;
	}
	o->attachments = arena_calloc(c->a, v->count + 1,
	    sizeof(*o->attachments));
	for (i = 0; i < v->count; i++)
		if (read_one(c, o, &o->attachments[o->nattachments],
		    v->items[i]))
			o->nattachments++;
}

/* The opportunity whose id is the idlen bytes at id, or NULL. */
static const struct opportunity *
owner_of(const struct opportunities *o, const char *id, size_t idlen)
{
	size_t	i;

	for (i = 0; i < o->count; i++)
		if (o->list[i].id != NULL && strlen(o->list[i].id) == idlen &&
		    strncmp(o->list[i].id, id, idlen) == 0)
			return &o->list[i];
	return NULL;
}

/* Does x's file list file under 'attachments', even wrongly? 1 or 0. */
static int
attachment_listed(const struct opportunity *x, const char *file)
{
	const struct value	*list;
	size_t			 i;

	/* Listed rightly: no need for the file's tree. */
	for (i = 0; i < x->nattachments; i++)
		if (strcmp(x->attachments[i].file, file) == 0)
			return 1;
	list = value_map_get(opp_root(x), "attachments");
	if (list == NULL || list->kind != VALUE_SEQ)
		return 0;
	for (i = 0; i < list->count; i++) {
		const char *f = value_str(value_map_get(list->items[i],
		    "file"));

		if (f != NULL && strcmp(f, file) == 0)
			return 1;
	}
	return 0;
}

int
opp_check_strays(const struct opportunities *o, const struct source *src,
    struct diags *d)
{
	size_t	i;
	int	rc = 0;

	for (i = 0; i < src->count; i++) {
		const char *p = src->files[i].path, *id, *slash;
		const struct opportunity *x;

		if (strncmp(p, OPP_DIR, strlen(OPP_DIR)) != 0)
			continue;
		id = p + strlen(OPP_DIR);
		if ((slash = strchr(id, '/')) == NULL)
			continue;
		x = owner_of(o, id, (size_t)(slash - id));
		if (x == NULL) {
			diag_error(d, p, 0, 0, "opportunities/%.*s/ holds the "
			    "attachments of opportunities/%.*s.yml, and there "
			    "is no such opportunity", (int)(slash - id), id,
			    (int)(slash - id), id);
			rc = -1;
			continue;
		}
		if (strchr(slash + 1, '/') != NULL) {
			diag_error(d, p, 0, 0, "attachments are kept directly "
			    "in opportunities/%s/, not in a folder inside it",
			    x->id);
			rc = -1;
			continue;
		}
		if (x->root == NULL && x->lazy == NULL)
			continue;	/* the opportunity could not be read */
		/* A listed file that failed its checks was reported. */
		if (attachment_listed(x, slash + 1))
			continue;
		diag_error(d, p, 0, 0, "this file is not listed under "
		    "'attachments' in %s: list it (with a title in each "
		    "language) or remove it", x->path);
		rc = -1;
	}
	return rc;
}
