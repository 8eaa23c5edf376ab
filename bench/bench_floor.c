/*
 * The floor of the site benchmark: read every Markdown file under the
 * folders given and render each one to HTML with cmark-gfm, as one
 * document per file, with the extensions and options marche uses.  No
 * template, no YAML, no output: what no site generator can avoid.
 * Prints the number of files and bytes read.
 *
 *	bench_floor DIR ...
 *
 * Exit 0 on success, 3 when a file or folder cannot be read.
 */
#define _XOPEN_SOURCE 700	/* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>

static const char *const extensions[] = {
	"table", "strikethrough", "autolink", "tagfilter", "tasklist"
};

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static size_t	nfiles;		/* Markdown files rendered */
static size_t	nbytes;		/* their total size */
static size_t	nhtml;		/* bytes of HTML produced */

/* Read a whole file into a new buffer; NULL when it cannot be read. */
static char *
slurp(const char *path, size_t *len)
{
	FILE	*fp;
	char	*data = NULL;
	long	 size;

	if ((fp = fopen(path, "rb")) == NULL)
		return NULL;
	if (fseek(fp, 0, SEEK_END) != 0 || (size = ftell(fp)) < 0 ||
	    fseek(fp, 0, SEEK_SET) != 0)
		goto out;
	if ((data = malloc((size_t)size + 1)) == NULL)
		goto out;
	if (fread(data, 1, (size_t)size, fp) != (size_t)size) {
		free(data);
		data = NULL;
		goto out;
	}
	*len = (size_t)size;
out:
	fclose(fp);
	return data;
}

/* Parse and render one document: returns 0, or -1 when unreadable. */
static int
render(const char *path)
{
	const int	 opts = CMARK_OPT_VALIDATE_UTF8;
	cmark_parser	*parser;
	cmark_node	*doc;
	char		*data, *html;
	size_t		 len = 0, i;

	if ((data = slurp(path, &len)) == NULL)
		return -1;
	parser = cmark_parser_new(opts);
	for (i = 0; i < NELEM(extensions); i++) {
		cmark_syntax_extension *ext =
		    cmark_find_syntax_extension(extensions[i]);

		if (ext != NULL)
			cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, data, len);
	doc = cmark_parser_finish(parser);
	html = cmark_render_html(doc, opts,
	    cmark_parser_get_syntax_extensions(parser));
	nhtml += strlen(html);
	free(html);
	cmark_node_free(doc);
	cmark_parser_free(parser);
	free(data);
	nfiles++;
	nbytes += len;
	return 0;
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	size_t	len = strlen(path);

	(void)st;
	(void)ftw;
	if (type == FTW_DNR || type == FTW_NS) {
		fprintf(stderr, "bench_floor: cannot read %s\n", path);
		return 1;
	}
	if (type != FTW_F || len < 3 || strcmp(path + len - 3, ".md") != 0)
		return 0;
	if (render(path) != 0) {
		fprintf(stderr, "bench_floor: cannot read %s\n", path);
		return 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	int	i;

	if (argc < 2) {
		fprintf(stderr, "usage: bench_floor DIR ...\n");
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	for (i = 1; i < argc; i++)
		if (nftw(argv[i], visit, 32, FTW_PHYS) != 0)
			return 3;
	printf("%zu files, %zu bytes of Markdown, %zu bytes of HTML\n",
	    nfiles, nbytes, nhtml);
	return 0;
}
