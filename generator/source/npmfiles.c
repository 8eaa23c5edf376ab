/*
 * Files from npm packages, copied into the built site (npmfiles.h).
 *
 * 'from' is read only below the working tree's node_modules/: each path
 * component is a plain name (no "", ".", "..", backslash or control
 * character), and the file's real path, symbolic links resolved, must
 * still lie under node_modules/'s real path (node_modules itself may be
 * a link, as in a test's scratch copy of a site).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "diag.h"
#include "links.h"
#include "npmfiles.h"
#include "output.h"
#include "path.h"
#include "value.h"
#include "xalloc.h"

#define SITE_YML	"_data/site.yml"
#define NPMFILES_MAX_BYTES	(4u * 1024 * 1024)	/* one file */
#define SVG_STYLE_MAX		4096			/* bytes of svg_style */

/* A relative path of plain components, as path_check_output() judges. */
static int
from_ok(const char *s)
{
	return path_check_output(s) == 0;
}

/* A name for layouts: ASCII letters, digits and '_', at most 64. */
static int
name_ok(const char *s)
{
	size_t	i;

	for (i = 0; s[i] != '\0'; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '_'))
			return 0;
	return i > 0 && i <= 64;
}

/* Does s end in ".svg", in any case? */
static int
ends_svg(const char *s)
{
	size_t	n = strlen(s);

	return n > 4 && s[n - 4] == '.' && (s[n - 3] | 0x20) == 's' &&
	    (s[n - 2] | 0x20) == 'v' && (s[n - 1] | 0x20) == 'g';
}

/*
 * What is wrong with e's 'svg_style' (v), for a message, or NULL when it
 * may be put as it is in a <style> element (a message marked N_(), which
 * diag_error() gives in French too): text without markup ('<',
 * '>', '&') or control characters, so that it can neither end the
 * element nor make the file ill-formed XML.
 */
static const char *
style_wrong(const struct value *v, const char *from, const char *to)
{
	size_t	i;

	if (v->kind != VALUE_STRING || v->len == 0)
		return N_("'svg_style' must be CSS rules in a string "
		    "(\".fip_flag{fill:#eb2d37}\")");
	if (to == NULL)
		return N_("'svg_style' needs 'to': it changes the copy of an "
		    "SVG file");
	if (!ends_svg(from) || !ends_svg(to))
		return N_("'svg_style' is for SVG files: 'from' and 'to' must "
		    "end in '.svg'");
	if (v->len > SVG_STYLE_MAX)
		return N_("'svg_style' is too long (at most 4096 bytes)");
	for (i = 0; i < v->len; i++) {
		unsigned char c = (unsigned char)v->str[i];

		if (c == '<' || c == '>' || c == '&')
			return N_("'svg_style' may not contain '<', '>' or '&' "
			    "(it goes as it is into a <style> element)");
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f)
			return N_("'svg_style' may not contain control "
			    "characters");
	}
	return NULL;
}

static const char *
entry_string(const struct value *e, const char *key, struct diags *d)
{
	const struct value *v = value_map_get(e, key);

	if (v == NULL || v->kind != VALUE_STRING || v->len == 0) {
		diag_error(d, SITE_YML, v ? v->line : e->line,
		    v ? v->col : e->col, "each entry of 'npm_files' needs "
		    "'%s', %s", key, strcmp(key, "from") == 0 ?
		    "a path under node_modules/ (\"@scope/package/file.css\")" :
		    strcmp(key, "to") == 0 ? "a path in the built site "
		    "(\"assets/file.css\"), or 'as', a name for layouts" :
		    "a name for layouts (npm.NAME)");
		return NULL;
	}
	return v->str;
}

/* The entry of out that already gives to or as, or NULL. */
static const struct npm_file *
entry_same(const struct npm_files *out, const char *to, const char *as)
{
	const struct npm_file *f;
	size_t		 j;

	for (j = 0; j < out->count; j++) {
		f = &out->list[j];
		if ((to != NULL && f->to != NULL && strcmp(f->to, to) == 0) ||
		    (as != NULL && f->as != NULL && strcmp(f->as, as) == 0))
			return f;
	}
	return NULL;
}

/* Read and check entry e of 'npm_files' into out. Returns 0 or -1. */
static int
entry_read(struct npm_files *out, const struct value *e, struct diags *d)
{
	const struct value *sv, *v;
	const struct npm_file *same;
	const char	*from, *to = NULL, *as = NULL, *why;
	struct npm_file	*f;

	if (e->kind != VALUE_MAP) {
		diag_error(d, SITE_YML, e->line, e->col, "each entry of "
		    "'npm_files' needs 'from', and 'to' or 'as'");
		return -1;
	}
	from = entry_string(e, "from", d);
	if (value_map_get(e, "to") != NULL || value_map_get(e, "as") == NULL)
		to = entry_string(e, "to", d);
	if (value_map_get(e, "as") != NULL)
		as = entry_string(e, "as", d);
	if (from == NULL || (to == NULL && as == NULL) ||
	    (value_map_get(e, "to") != NULL && to == NULL) ||
	    (value_map_get(e, "as") != NULL && as == NULL))
		return -1;
	if (!from_ok(from)) {
		v = value_map_get(e, "from");
		diag_error(d, SITE_YML, v->line, v->col, "'from' must be a "
		    "relative path under node_modules/, with no empty, '.' "
		    "or '..' part: '%s'", from);
		return -1;
	}
	if (to != NULL && (path_check_output(to) != 0 ||
	    strcmp(to, OUTPUT_MARKER) == 0)) {
		v = value_map_get(e, "to");
		diag_error(d, SITE_YML, v->line, v->col, "'to' must be a "
		    "relative path in the built site, with no empty, '.' or "
		    "'..' part: '%s'", to);
		return -1;
	}
	if (as != NULL && !name_ok(as)) {
		v = value_map_get(e, "as");
		diag_error(d, SITE_YML, v->line, v->col, "'as' must be a name "
		    "of letters, digits and '_': '%s'", as);
		return -1;
	}
	sv = value_map_get(e, "svg_style");
	if (sv != NULL && (why = style_wrong(sv, from, to)) != NULL) {
		diag_error(d, SITE_YML, sv->line, sv->col, "%s", why);
		return -1;
	}
	if ((same = entry_same(out, to, as)) != NULL) {
		v = value_map_get(e, to != NULL && same->to != NULL &&
		    strcmp(same->to, to) == 0 ? "to" : "as");
		diag_error(d, SITE_YML, v->line, v->col, "'%s' is already "
		    "given by the entry at line %d", v->str, same->line);
		return -1;
	}
	f = &out->list[out->count++];
	f->from = from;
	f->to = to;
	f->as = as;
	f->svg_style = sv != NULL ? sv->str : NULL;
	f->style_line = sv != NULL ? sv->line : 0;
	f->style_col = sv != NULL ? sv->col : 0;
	f->line = e->line;
	f->col = e->col;
	return 0;
}

int
npmfiles_load(struct npm_files *out, struct arena *a,
    const struct value *cfg, struct diags *d)
{
	const struct value *list = value_map_get(cfg, "npm_files");
	size_t		 i;
	int		 rc = 0;

	out->list = NULL;
	out->count = 0;
	if (list == NULL || list->kind == VALUE_NULL)
		return 0;
	if (list->kind != VALUE_SEQ) {
		diag_error(d, SITE_YML, list->line, list->col, "'npm_files' "
		    "must be a list of files, each with 'from' (under "
		    "node_modules/) and 'to' (in the built site)");
		return -1;
	}
	if (list->count > NPMFILES_MAX) {
		diag_error(d, SITE_YML, list->line, list->col, "'npm_files' "
		    "lists %zu files; at most %d are copied",
		    (size_t)list->count, NPMFILES_MAX);
		return -1;
	}
	out->list = arena_calloc(a, list->count ? list->count : 1,
	    sizeof(*out->list));
	for (i = 0; i < list->count; i++)
		if (entry_read(out, list->items[i], d) != 0)
			rc = -1;
	return rc;
}

/*
 * Read node_modules/from below workdir into a fresh buffer (*data, *len).
 * Returns 0, or -1 after reporting.
 */
static int
read_one(const struct npm_file *f, const char *base_real, const char *path,
    char **data, size_t *len, struct diags *d)
{
	char		*real;
	struct stat	 st;
	size_t		 n, got = 0;
	int		 fd, rc = -1;

	*data = NULL;
	if ((real = realpath(path, NULL)) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			diag_error(d, SITE_YML, f->line, f->col, "%s/%s is "
			    "missing: run `npm ci` at the top of the site's "
			    "repository (it installs the packages that "
			    "package-lock.json pins)", NPMFILES_DIR, f->from);
		else
			diag_error(d, SITE_YML, f->line, f->col, "cannot read "
			    "%s/%s: %s", NPMFILES_DIR, f->from,
			    strerror(errno));
		return -1;
	}
	n = strlen(base_real);
	if (strncmp(real, base_real, n) != 0 || real[n] != '/') {
		diag_error(d, SITE_YML, f->line, f->col, "%s/%s leads out of "
		    "%s/ through a symbolic link", NPMFILES_DIR, f->from,
		    NPMFILES_DIR);
		free(real);
		return -1;
	}
	fd = open(real, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	free(real);
	if (fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		diag_error(d, SITE_YML, f->line, f->col, "%s/%s is not a "
		    "file that can be read%s%s", NPMFILES_DIR, f->from,
		    fd < 0 ? ": " : "", fd < 0 ? strerror(errno) : "");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if ((unsigned long long)st.st_size > NPMFILES_MAX_BYTES) {
		diag_error(d, SITE_YML, f->line, f->col, "%s/%s is %lld "
		    "bytes; the limit is %u", NPMFILES_DIR, f->from,
		    (long long)st.st_size, NPMFILES_MAX_BYTES);
		close(fd);
		return -1;
	}
	*data = xmalloc((size_t)st.st_size + 1);
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, *data + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	if (got != (size_t)st.st_size) {
		diag_error(d, SITE_YML, f->line, f->col, "cannot read %s/%s: "
		    "%s", NPMFILES_DIR, f->from, got < (size_t)st.st_size ?
		    N_("it changed while it was read") : strerror(errno));
		free(*data);
		*data = NULL;
	} else {
		*len = got;
		rc = 0;
	}
	close(fd);
	return rc;
}

/* The offset of the first s (n bytes) in p[from..len), or len. */
static size_t
find(const char *p, size_t from, size_t len, const char *s, size_t n)
{
	size_t	i;

	for (i = from; i + n <= len; i++)
		if (memcmp(p + i, s, n) == 0)
			return i;
	return len;
}

static int
xml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/*
 * Where the root <svg> start tag of p (len bytes) ends: the offset just
 * after its '>'. Before it may come a byte order mark, an XML
 * declaration, comments, a doctype without an internal subset and white
 * space. Returns 0 when there is no such tag (another root, "<svg/>", a
 * tag that never ends).
 */
static size_t
svg_root_end(const char *p, size_t len)
{
	size_t	i = 0, j;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	for (;;) {
		while (i < len && xml_space(p[i]))
			i++;
		if (len - i >= 2 && memcmp(p + i, "<?", 2) == 0) {
			if ((j = find(p, i + 2, len, "?>", 2)) == len)
				return 0;
			i = j + 2;
		} else if (len - i >= 4 && memcmp(p + i, "<!--", 4) == 0) {
			if ((j = find(p, i + 4, len, "-->", 3)) == len)
				return 0;
			i = j + 3;
		} else if (len - i >= 9 && memcmp(p + i, "<!DOCTYPE", 9) == 0) {
			for (j = i + 9; j < len && p[j] != '>'; j++)
				if (p[j] == '[' || p[j] == '<')
					return 0;
			if (j == len)
				return 0;
			i = j + 1;
		} else
			break;
	}
	if (len - i < 5 || memcmp(p + i, "<svg", 4) != 0 ||
	    !(xml_space(p[i + 4]) || p[i + 4] == '>'))
		return 0;
	for (j = i + 4; j < len; j++) {
		if (p[j] == '"' || p[j] == '\'') {
			size_t q = j;

			while (++j < len && p[j] != p[q])
				;
			if (j == len)
				return 0;
		} else if (p[j] == '<')
			return 0;
		else if (p[j] == '>')
			return p[j - 1] == '/' ? 0 : j + 1;
	}
	return 0;
}

/*
 * Read f as read_one() does, then put its svg_style, if any, in a <style>
 * element right after the root <svg> start tag; the rest of the file is
 * left as it is. Returns 0, or -1 after reporting.
 */
static int
take_one(const struct npm_file *f, const char *base_real, const char *path,
    char **data, size_t *len, struct diags *d)
{
	char	*out;
	size_t	 at, n;

	if (read_one(f, base_real, path, data, len, d) != 0)
		return -1;
	if (f->svg_style == NULL)
		return 0;
	if ((at = svg_root_end(*data, *len)) == 0) {
		diag_error(d, SITE_YML, f->style_line, f->style_col, "no root "
		    "<svg> start tag found at the start of %s/%s: 'svg_style' "
		    "is for SVG files", NPMFILES_DIR, f->from);
		free(*data);
		*data = NULL;
		return -1;
	}
	n = strlen(f->svg_style);
	out = xmalloc(*len + n + sizeof("<style></style>"));
	memcpy(out, *data, at);
	memcpy(out + at, "<style>", 7);
	memcpy(out + at + 7, f->svg_style, n);
	memcpy(out + at + 7 + n, "</style>", 8);
	memcpy(out + at + 15 + n, *data + at, *len - at);
	free(*data);
	*data = out;
	*len += n + 15;
	return 0;
}

/*
 * The real path of workdir's node_modules/ in *out (free it). Returns 0,
 * or -1 after reporting at entry f.
 */
static int
npm_base(char **out, const char *workdir, const struct npm_file *f,
    struct diags *d)
{
	char	*base;

	*out = NULL;
	if (workdir == NULL) {
		diag_error(d, SITE_YML, f->line, f->col, "the files of "
		    "'npm_files' come from %s/ in a working tree, and a bare "
		    "repository has none: build from a clone where `npm ci` "
		    "has run", NPMFILES_DIR);
		return -1;
	}
	base = xasprintf("%s%s", workdir, NPMFILES_DIR);
	*out = realpath(base, NULL);
	free(base);
	if (*out == NULL) {
		diag_error(d, SITE_YML, f->line, f->col, "%s/ is missing: run "
		    "`npm ci` at the top of the site's repository (it installs "
		    "the packages that package-lock.json pins)",
		    NPMFILES_DIR);
		return -1;
	}
	return 0;
}

struct value *
npmfiles_texts(const struct npm_files *f, const char *workdir, int read,
    struct arena *a, struct diags *d)
{
	struct value	*map = value_map(a);
	char		*base = NULL;
	size_t		 i;
	int		 rc = 0;

	for (i = 0; i < f->count; i++) {
		char	*path, *data;
		size_t	 len = 0;

		if (f->list[i].as == NULL)
			continue;
		if (!read) {
			value_map_set(a, map, f->list[i].as,
			    value_string_static(a, ""));
			continue;
		}
		if (base == NULL && npm_base(&base, workdir, &f->list[i],
		    d) != 0)
			return NULL;
		path = xasprintf("%s/%s", base, f->list[i].from);
		if (take_one(&f->list[i], base, path, &data, &len, d) != 0) {
			rc = -1;
		} else {
			value_map_set(a, map, f->list[i].as,
			    value_stringn(a, data, len));
			free(data);
		}
		free(path);
	}
	free(base);
	return rc == 0 ? map : NULL;
}

int
npmfiles_copy(const struct npm_files *f, const char *workdir,
    struct output *out, struct links *l, struct diags *d)
{
	char	*base = NULL;
	size_t	 i;
	int	 n = 0, rc = 0;

	for (i = 0; i < f->count; i++)
		if (f->list[i].to != NULL)
			links_add_output(l, f->list[i].to);
	if (out == NULL)
		return 0;
	for (i = 0; i < f->count; i++) {
		char	*path, *data;
		size_t	 len = 0;

		if (f->list[i].to == NULL)
			continue;
		if (out->dry) {
			if (output_write(out, f->list[i].to, "", 0, d) != 0)
				rc = -1;
			continue;
		}
		if (base == NULL && npm_base(&base, workdir, &f->list[i],
		    d) != 0)
			return -1;
		path = xasprintf("%s/%s", base, f->list[i].from);
		if (take_one(&f->list[i], base, path, &data, &len, d) != 0) {
			rc = -1;
		} else {
			if (output_write(out, f->list[i].to, data, len, d) != 0)
				rc = -1;
			else
				n++;
			free(data);
		}
		free(path);
	}
	free(base);
	return rc != 0 ? -1 : n;
}
