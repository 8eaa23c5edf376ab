/*
 * File names from names: a skill's name in a language becomes the name
 * of its page in that language ("Accessibilité Web" -> accessibilite-web).
 */
#ifndef MARCHE_SLUG_H
#define MARCHE_SLUG_H

struct buf;

/*
 * Append name (UTF-8) written in lower-case ASCII: letters of any script
 * transliterated to Latin and their accents dropped by ICU (é -> e,
 * œ -> oe, ß -> ss), every run of other characters a single hyphen, none
 * at either end, at most 60 bytes (cut at a hyphen when there is one).
 * Returns 0, or -1 when nothing is left or ICU fails (out unchanged).
 */
int	slug_from_name(struct buf *out, const char *name);

/* Is s a file name slug: 1 to 60 of a-z, 0-9 and '-'? 1 or 0. */
int	slug_ok(const char *s);

#endif
