/*
 * The front matter splitter. It only finds the lines: the YAML between
 * them is loaded by yml_load(), the body by the Markdown stage, each with
 * the file line its text starts on so positions stay file positions.
 */
#include <string.h>

#include "diag.h"
#include "frontmatter.h"

#define BOM	"\xEF\xBB\xBF"

/*
 * If the line at data[i] is marker ("---" or "...") with nothing after it
 * but spaces or tabs, return the offset just past its line end (or len at
 * the end of the data); else return 0. i is never 0 past a marker, so 0
 * is free to mean "no".
 */
static size_t
marker_line(const char *data, size_t len, size_t i, const char *marker)
{
	size_t	end = i + 3;

	if (len - i < 3 || memcmp(data + i, marker, 3) != 0)
		return 0;
	while (end < len && (data[end] == ' ' || data[end] == '\t'))
		end++;
	if (end == len)
		return end;
	if (data[end] == '\n')
		return end + 1;
	if (data[end] == '\r' && end + 1 < len && data[end + 1] == '\n')
		return end + 2;
	return 0;
}

int
frontmatter_split(struct frontmatter *out, const char *path,
    const char *data, size_t len, struct diags *d)
{
	size_t		 start, i, next;
	const char	*nl;
	int		 line;

	memset(out, 0, sizeof(*out));
	out->body = data;
	out->body_len = len;
	out->body_line = 1;
	if (len >= 3 && memcmp(data, BOM, 3) == 0) {
		diag_error(d, path, 1, 1, "the file starts with an invisible "
		    "byte order mark (BOM): save it as UTF-8 without BOM");
		return -1;
	}
	if ((start = marker_line(data, len, 0, "---")) == 0)
		return 0;
	/* Look for the closing line, one line at a time. */
	for (i = start, line = 2; i < len; i = next, line++) {
		size_t close = marker_line(data, len, i, "---");

		if (close == 0)
			close = marker_line(data, len, i, "...");
		if (close != 0) {
			out->present = 1;
			out->yaml = data + start;
			out->yaml_len = i - start;
			out->yaml_line = 2;
			out->body = data + close;
			out->body_len = len - close;
			out->body_line = line + 1;
			return 0;
		}
		nl = memchr(data + i, '\n', len - i);
		if (nl == NULL)
			break;
		next = (size_t)(nl - data) + 1;
	}
	diag_error(d, path, 1, 1, "front matter opened on line 1 is never "
	    "closed: add a line \"---\" after it");
	return -1;
}
