/*
 * Writing the imported opportunity as YAML through libyaml's emitter,
 * so that any title (colons, quotes, a leading dash, "true") is quoted
 * as YAML needs. See import_emit.h.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <yaml.h>

#include "buf.h"
#include "import_emit.h"
#include "xalloc.h"

struct import_emit {
	yaml_emitter_t	 em;	/* libyaml's emitter */
	struct buf	*out;	/* where the text goes */
	int		 failed; /* an event was refused */
};

static int
write_out(void *data, unsigned char *bytes, size_t n)
{
	buf_put(data, bytes, n);
	return 1;
}

static void
emit(struct import_emit *e, yaml_event_t *ev, int ok)
{
	if (!ok || e->failed || !yaml_emitter_emit(&e->em, ev))
		e->failed = 1;
}

struct import_emit *
import_emit_new(struct buf *out)
{
	struct import_emit	*e = xcalloc(1, sizeof(*e));
	yaml_event_t		 ev;

	e->out = out;
	if (!yaml_emitter_initialize(&e->em))
		e->failed = 1;
	yaml_emitter_set_output(&e->em, write_out, out);
	yaml_emitter_set_unicode(&e->em, 1);
	yaml_emitter_set_width(&e->em, -1);
	yaml_emitter_set_indent(&e->em, 2);
	yaml_emitter_set_break(&e->em, YAML_LN_BREAK);
	emit(e, &ev, yaml_stream_start_event_initialize(&ev,
	    YAML_UTF8_ENCODING));
	emit(e, &ev, yaml_document_start_event_initialize(&ev, NULL, NULL,
	    NULL, 1));
	return e;
}

int
import_emit_free(struct import_emit *e)
{
	yaml_event_t	ev;
	int		rc;

	if (e == NULL)
		return -1;
	emit(e, &ev, yaml_document_end_event_initialize(&ev, 1));
	emit(e, &ev, yaml_stream_end_event_initialize(&ev));
	if (!e->failed && !yaml_emitter_flush(&e->em))
		e->failed = 1;
	rc = e->failed ? -1 : 0;
	yaml_emitter_delete(&e->em);
	free(e);
	return rc;
}

void
import_emit_map(struct import_emit *e, int flow)
{
	yaml_event_t	ev;

	emit(e, &ev, yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_MAPPING_STYLE : YAML_BLOCK_MAPPING_STYLE));
}

void
import_emit_seq(struct import_emit *e, int flow)
{
	yaml_event_t	ev;

	emit(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
	    flow ? YAML_FLOW_SEQUENCE_STYLE : YAML_BLOCK_SEQUENCE_STYLE));
}

void
import_emit_end_map(struct import_emit *e)
{
	yaml_event_t	ev;

	emit(e, &ev, yaml_mapping_end_event_initialize(&ev));
}

void
import_emit_end_seq(struct import_emit *e)
{
	yaml_event_t	ev;

	emit(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

static void
scalar(struct import_emit *e, const char *s, yaml_scalar_style_t style)
{
	yaml_event_t	ev;

	emit(e, &ev, yaml_scalar_event_initialize(&ev, NULL, NULL,
	    (yaml_char_t *)s, (int)strlen(s), 1, 1, style));
}

void
import_emit_plain(struct import_emit *e, const char *s)
{
	scalar(e, s, YAML_PLAIN_SCALAR_STYLE);
}

/*
 * Could a plain scalar s be read as something other than a string (null,
 * a boolean, a number) by a YAML 1.1 or 1.2 reader? Erring towards yes
 * only costs quotes.
 */
static int
plain_is_typed(const char *s)
{
	static const char *const words[] = { "null", "true", "false", "yes",
	    "no", "on", "off", "y", "n", ".inf", ".nan", NULL };
	const char *const *w;

	if (*s == '\0' || isdigit((unsigned char)*s) || strchr("+-.~", *s))
		return 1;
	for (w = words; *w != NULL; w++)
		if (strcasecmp(s, *w) == 0)
			return 1;
	return 0;
}

void
import_emit_str(struct import_emit *e, const char *s)
{
	if (strchr(s, '\n') != NULL && strchr(s, '\r') == NULL)
		scalar(e, s, YAML_LITERAL_SCALAR_STYLE);
	else if (plain_is_typed(s))
		scalar(e, s, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	else
		scalar(e, s, YAML_ANY_SCALAR_STYLE);
}

void
import_emit_pair(struct import_emit *e, const char *key, const char *s)
{
	import_emit_plain(e, key);
	import_emit_str(e, s);
}
