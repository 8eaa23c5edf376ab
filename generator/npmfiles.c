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

int
npmfiles_load(struct npm_files *out, struct arena *a,
    const struct value *cfg, struct diags *d)
{
	const struct value *list = value_map_get(cfg, "npm_files");
	size_t		 i, j;
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
		    "lists %zu files; at most %d are copied", list->count,
		    NPMFILES_MAX);
		return -1;
	}
	out->list = arena_calloc(a, list->count ? list->count : 1,
	    sizeof(*out->list));
	for (i = 0; i < list->count; i++) {
		const struct value *e = list->items[i];
		const char *from, *to, *as;

		if (e->kind != VALUE_MAP) {
			diag_error(d, SITE_YML, e->line, e->col, "each entry "
			    "of 'npm_files' needs 'from', and 'to' or 'as'");
			rc = -1;
			continue;
		}
		from = entry_string(e, "from", d);
		to = NULL;
		as = NULL;
		if (value_map_get(e, "to") != NULL ||
		    value_map_get(e, "as") == NULL)
			to = entry_string(e, "to", d);
		if (value_map_get(e, "as") != NULL)
			as = entry_string(e, "as", d);
		if (from == NULL || (to == NULL && as == NULL) ||
		    (value_map_get(e, "to") != NULL && to == NULL) ||
		    (value_map_get(e, "as") != NULL && as == NULL)) {
			rc = -1;
			continue;
		}
		if (!from_ok(from)) {
			const struct value *v = value_map_get(e, "from");

			diag_error(d, SITE_YML, v->line, v->col, "'from' must "
			    "be a relative path under node_modules/, with no "
			    "empty, '.' or '..' part: '%s'", from);
			rc = -1;
			continue;
		}
		if (to != NULL && (path_check_output(to) != 0 ||
		    strcmp(to, OUTPUT_MARKER) == 0)) {
			const struct value *v = value_map_get(e, "to");

			diag_error(d, SITE_YML, v->line, v->col, "'to' must "
			    "be a relative path in the built site, with no "
			    "empty, '.' or '..' part: '%s'", to);
			rc = -1;
			continue;
		}
		if (as != NULL && !name_ok(as)) {
			const struct value *v = value_map_get(e, "as");

			diag_error(d, SITE_YML, v->line, v->col, "'as' must "
			    "be a name of letters, digits and '_': '%s'", as);
			rc = -1;
			continue;
		}
		for (j = 0; j < out->count; j++)
			if ((to != NULL && out->list[j].to != NULL &&
			    strcmp(out->list[j].to, to) == 0) || (as != NULL &&
			    out->list[j].as != NULL &&
			    strcmp(out->list[j].as, as) == 0))
				break;
		if (j < out->count) {
			const struct value *v = value_map_get(e,
			    to != NULL && out->list[j].to != NULL &&
			    strcmp(out->list[j].to, to) == 0 ? "to" : "as");

			diag_error(d, SITE_YML, v->line, v->col, "'%s' is "
			    "already given by the entry at line %d", v->str,
			    out->list[j].line);
			rc = -1;
			continue;
		}
		out->list[out->count].from = from;
		out->list[out->count].to = to;
		out->list[out->count].as = as;
		out->list[out->count].line = e->line;
		out->list[out->count].col = e->col;
		out->count++;
	}
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
		    "it changed while it was read" : strerror(errno));
		free(*data);
		*data = NULL;
	} else {
		*len = got;
		rc = 0;
	}
	close(fd);
	return rc;
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
		if (read_one(&f->list[i], base, path, &data, &len, d) != 0) {
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
		if (read_one(&f->list[i], base, path, &data, &len, d) != 0) {
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
