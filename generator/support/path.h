/*
 * Permalinks and output paths. A permalink is a URL path: it starts with
 * "/", uses only ASCII letters, digits and - _ . ~ between slashes, has no
 * empty, "." or ".." segment, and ends in ".html" or "/" (which means
 * "index.html" in that folder). Every file the build writes has an output
 * path: relative, "/"-separated, checked by path_check_output().
 */
#ifndef MARCHE_PATH_H
#define MARCHE_PATH_H

#include <stddef.h>

struct arena;

/*
 * Check a permalink. Returns NULL if it is acceptable, else a static
 * message saying what is wrong; *badcol (may be NULL) gets the 0-based
 * offset of the offending byte.
 */
const char	*path_check_permalink(const char *permalink, size_t *badcol);

/* The output path of a valid permalink ("/en/" -> "en/index.html"), in a. */
char		*path_output_of(struct arena *a, const char *permalink);

/*
 * Check an output path: relative, no empty, "." or ".." segment, no
 * backslash or control character, at most 255 bytes a segment and 1024
 * in all. Returns 0 if safe, -1 if not.
 */
int		 path_check_output(const char *rel);

/*
 * The relative prefix from the folder holding output path rel to the
 * site root: "" for "index.html", "../" for "en/faq.html". In a.
 */
char		*path_root_prefix(struct arena *a, const char *rel);

/*
 * A relative link from the page at output path from to the output path
 * to ("en/faq.html" to "fr/faq.html" is "../fr/faq.html"); a link to an
 * "index.html" keeps the file name so it also works from disk. In a.
 */
char		*path_relative(struct arena *a, const char *from,
		    const char *to);

/*
 * Which of the n output paths stand alone: no other of them is the same
 * path, lies inside it (it is another's folder) or holds it (another is
 * one of its folders). Such a file can be written by any thread in any
 * order; the others must be written in order, so that the problem
 * reported is the one a single thread meets. Returns n flags (1: alone)
 * to free().
 */
unsigned char	*path_alone(const char *const *paths, size_t n);

#endif
