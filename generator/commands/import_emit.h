/*
 * A YAML writer for imported files, over libyaml's emitter: block maps,
 * strings quoted exactly when YAML needs it (and whenever a plain scalar
 * could read as null, a boolean or a number), several lines as a literal
 * block. Keys and values are written in the order given.
 */
#ifndef MARCHE_IMPORT_EMIT_H
#define MARCHE_IMPORT_EMIT_H

struct buf;
struct import_emit;

/* A writer appending to out; free with import_emit_free(). */
struct import_emit	*import_emit_new(struct buf *out);
/* End the document and free e. Returns 0, or -1 if libyaml refused an
 * event (out then holds an unfinished text). */
int	import_emit_free(struct import_emit *e);

/* Start a map or a sequence (flow: [a, b] or {a: b} on one line). */
void	import_emit_map(struct import_emit *e, int flow);
void	import_emit_seq(struct import_emit *e, int flow);
void	import_emit_end_map(struct import_emit *e);
void	import_emit_end_seq(struct import_emit *e);

/* A scalar written as it is: keys, numbers and dates made by code. */
void	import_emit_plain(struct import_emit *e, const char *s);
/* A string from the input, quoted as needed. */
void	import_emit_str(struct import_emit *e, const char *s);
/* A key and its string value. */
void	import_emit_pair(struct import_emit *e, const char *key,
	    const char *s);

#endif
