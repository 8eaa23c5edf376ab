/*
 * Files the site takes from npm packages: _data/site.yml 'npm_files', a
 * list of { from: PATH under node_modules/, to: output path, as: name for
 * layouts, svg_style: CSS for an SVG file's own <style> }. `npm ci`
 * installs the packages that package.json names, at the versions
 * package-lock.json pins, into node_modules/ at the top of the working
 * tree; marche build copies each listed file from there into the site.
 * node_modules/ is never an input read through Git: it is ignored, and
 * a build of a revision (--rev) takes it from the working tree too.
 */
#ifndef MARCHE_NPMFILES_H
#define MARCHE_NPMFILES_H

#include <stddef.h>

struct arena;
struct diags;
struct links;
struct output;
struct value;

#define NPMFILES_MAX	64		/* entries */
#define NPMFILES_DIR	"node_modules"

struct npm_file {
	const char	*from;	/* under node_modules/: "@scope/pkg/file" */
	const char	*to;	/* output path: "assets/gcds/file", or NULL */
	const char	*as;	/* name of its text for layouts (npm.NAME),
				 * or NULL */
	const char	*svg_style;	/* CSS put in a <style> element right
				 * after the root <svg> start tag, or NULL */
	int		 style_line;	/* svg_style's position in site.yml */
	int		 style_col;
	int		 line;	/* the entry's position in site.yml */
	int		 col;
};

struct npm_files {
	struct npm_file	*list;
	size_t		 count;
};

/*
 * Read 'npm_files' from the site's settings cfg (absent: none) into out,
 * strings in a. Returns 0, or -1 after reporting each bad entry to d
 * (the good ones are kept).
 */
int	npmfiles_load(struct npm_files *out, struct arena *a,
	    const struct value *cfg, struct diags *d);

/*
 * The text of each file with an 'as' name, for layouts (with its
 * svg_style inserted, as in the copy): a map NAME -> text, in a. With
 * read 0 (checking), nothing is read and each text is
 * empty. Returns the map, or NULL after reporting a missing file (read
 * as npmfiles_copy() does).
 */
struct value *npmfiles_texts(const struct npm_files *f, const char *workdir,
	    int read, struct arena *a, struct diags *d);

/*
 * Copy each file with a 'to' path from workdir's node_modules/ (workdir
 * ends in '/'; NULL for a bare repository) into out, with its svg_style
 * inserted if it has one, and add its output path to l. With
 * out NULL or dry (checking), nothing is read: the paths are only
 * judged. A missing file is an error that names `npm ci`. Returns the
 * number of files copied, or -1 after reporting.
 */
int	npmfiles_copy(const struct npm_files *f, const char *workdir,
	    struct output *out, struct links *l, struct diags *d);

#endif
