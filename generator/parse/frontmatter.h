/*
 * Front matter: a file that starts with a line "---" has YAML up to the
 * next line "---" (or "..."), then its body. CRLF line ends are accepted.
 * A UTF-8 byte order mark before the first --- is an error.
 */
#ifndef MARCHE_FRONTMATTER_H
#define MARCHE_FRONTMATTER_H

#include <stddef.h>

struct diags;

struct frontmatter {
	int		 present;	/* the file starts with --- */
	const char	*yaml;		/* YAML text (inside data), or NULL */
	size_t		 yaml_len;	/* its length */
	int		 yaml_line;	/* file line of the YAML's first line */
	const char	*body;		/* the body after the closing line */
	size_t		 body_len;	/* its length */
	int		 body_line;	/* file line of the body's first line */
};

/*
 * Split data into front matter and body; pointers point into data.
 * Without front matter, the whole file is the body (present = 0).
 * Returns 0, or -1 after reporting to d (opening --- never closed, BOM).
 */
int	frontmatter_split(struct frontmatter *out, const char *path,
	    const char *data, size_t len, struct diags *d);

#endif
