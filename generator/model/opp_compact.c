/*
 * Opportunities kept for rendering only: once they are read, checked and
 * dated, their files' value trees (most of what reading them allocated,
 * a node of some eighty bytes for each scalar) are not read again. Their
 * facts and texts are copied into a new arena and the old one let go.
 *
 * The Markdown texts (some 16 kB an opportunity, most of what is left)
 * are copied packed: each is read once more, by its page, and open data
 * reads two of them. Unpacking them there costs less than a tenth of
 * what reading and parsing the files again would, and the packed texts
 * take about a third of the memory.
 */
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "opp_impl.h"
#include "opportunity.h"
#include "pack.h"
#include "par.h"
#include "source.h"
#include "xalloc.h"

const char *
opp_markdown_text(const struct opp_markdown *m, char **tmp)
{
	*tmp = NULL;
	if (m->packed == NULL)
		return m->text;
	*tmp = unpack_text(m->packed);
	return *tmp;
}

/*
 * The dictionary learns from this many files, spread over the list: a
 * few hundred kilobytes, which it learns from in some hundredths of a
 * second whatever the number of files, and which hold what most texts
 * share (the headings, the words of the site's trade, of each language).
 */
#define DICT_FILES	24
/* At most this much of each file (a long one would slow the learning). */
#define DICT_FILE_BYTES	(64u << 10)
/* Each sample is about this long, as a text is. */
#define DICT_SAMPLE	(4u << 10)

/*
 * The files are YAML, their Markdown texts indented block scalars: each
 * line is taken without its indentation, as the texts hold it. The keys
 * and facts between the texts are learnt too, at little cost.
 */
struct pack_dict *
opp_pack_dict(const struct source_file *const *files, size_t n)
{
	struct buf		 b = BUF_INIT;
	struct pack_dict	*d;
	size_t			*sizes = NULL, *with, i, k, m = 0, ns = 0;
	size_t			 cap = 0, start, end, j;
	const char		*s, *nl;

	/* Files left unread or let go have no text to learn from. */
	with = xcalloc(n + 1, sizeof(*with));
	for (i = 0; i < n; i++)
		if (files[i]->data != NULL)
			with[m++] = i;
	for (k = 0; k < DICT_FILES && k < m; k++) {
		const struct source_file *f = files[with[k * m /
		    (m < DICT_FILES ? m : DICT_FILES)]];

		s = f->data;
		end = f->len < DICT_FILE_BYTES ? f->len : DICT_FILE_BYTES;
		start = b.len;
		for (i = 0; i < end; i = j) {
			while (i < end && (s[i] == ' ' || s[i] == '\t'))
				i++;
			nl = memchr(s + i, '\n', end - i);
			j = nl != NULL ? (size_t)(nl - s) + 1 : end;
			buf_put(&b, s + i, j - i);
			if (b.len - start < DICT_SAMPLE && j < end)
				continue;
			if (b.len == start)
				break;
			if (ns == cap) {
				cap = cap ? 2 * cap : 64;
				sizes = xreallocarray(sizes, cap,
				    sizeof(*sizes));
			}
			sizes[ns++] = b.len - start;
			start = b.len;
		}
	}
	d = ns > 0 ? pack_dict_new(b.data, sizes, (unsigned)ns) : NULL;
	buf_free(&b);
	free(sizes);
	free(with);
	return d;
}

/* A copy of s in n, or NULL. */
static const char *
dup(struct arena *n, const char *s)
{
	return s != NULL ? arena_strdup(n, s) : NULL;
}

/* A packed copy of m's text in n, or a plain one when it is short. */
static void
pack_markdown(struct pack *p, struct arena *n, struct opp_markdown *m)
{
	size_t	len;

	if (m->text == NULL)
		return;
	len = strlen(m->text);
	if ((m->packed = pack_text(p, n, m->text, len)) != NULL)
		m->text = NULL;
	else
		m->text = arena_strndup(n, m->text, len);
}

static void
compact_text(struct pack *p, struct arena *n, struct opp_text *t)
{
	t->title = dup(n, t->title);
	t->slug = dup(n, t->slug);
	t->summary = dup(n, t->summary);
	pack_markdown(p, n, &t->description);
	pack_markdown(p, n, &t->evaluation);
	pack_markdown(p, n, &t->acceptance);
	pack_markdown(p, n, &t->how_to_apply);
	t->permalink = dup(n, t->permalink);
	t->out_path = dup(n, t->out_path);
}

static void
compact_attachments(struct arena *n, struct opportunity *o)
{
	struct opp_attachment	*old = o->attachments, *at;
	size_t			 i, k;

	if (old == NULL)
		return;
	o->attachments = arena_calloc(n, o->nattachments + 1,
	    sizeof(*o->attachments));
	for (i = 0; i < o->nattachments; i++) {
		at = &o->attachments[i];
		*at = old[i];
		at->file = dup(n, at->file);
		at->src_path = dup(n, at->src_path);
		at->out_path = old[i].out_path == old[i].src_path ?
		    at->src_path : dup(n, at->out_path);
		for (k = 0; k < SITE_MAX_LANGS; k++)
			at->title[k] = dup(n, at->title[k]);
		at->type = dup(n, at->type);
		at->mime = dup(n, at->mime);
	}
	/* The forms are attachments: the same ones in the copy. */
	for (k = 0; k < SITE_MAX_LANGS; k++)
		if (o->apply_form[k] != NULL)
			o->apply_form[k] = &o->attachments[o->apply_form[k] -
			    old];
}

void
opp_compact_one(struct pack *p, struct arena *n, struct opportunity *o)
{
	const char	**skills = o->skills;
	struct opp_question *q = o->questions;
	struct opp_text	 *texts = o->text;
	size_t		  i, k;

	o->root = NULL;
	if (texts != NULL) {
		o->text = arena_calloc(n, o->ntexts > 0 ? o->ntexts : 1,
		    sizeof(*o->text));
		for (k = 0; k < o->ntexts; k++) {
			o->text[k] = texts[k];
			compact_text(p, n, &o->text[k]);
		}
	}
	o->id = dup(n, o->id);
	o->contact = dup(n, o->contact);
	if (skills != NULL) {
		o->skills = arena_calloc(n, o->nskills + 1, sizeof(*o->skills));
		for (i = 0; i < o->nskills; i++)
			o->skills[i] = dup(n, skills[i]);
	}
	for (k = 0; k < SITE_MAX_LANGS; k++) {
		pack_markdown(p, n, &o->eligibility[k]);
		/* general: the site's, in the build's arena. */
		o->award.reason[k] = dup(n, o->award.reason[k]);
	}
	if (q != NULL) {
		o->questions = arena_calloc(n, o->nquestions + 1,
		    sizeof(*o->questions));
		for (i = 0; i < o->nquestions; i++) {
			o->questions[i] = q[i];
			for (k = 0; k < SITE_MAX_LANGS; k++) {
				pack_markdown(p, n,
				    &o->questions[i].question[k]);
				pack_markdown(p, n,
				    &o->questions[i].answer[k]);
			}
		}
	}
	o->apply_url = dup(n, o->apply_url);
	compact_attachments(n, o);
	o->award.supplier = dup(n, o->award.supplier);
	o->award.repository = dup(n, o->award.repository);
	o->award.licence = dup(n, o->award.licence);
}

/* What opportunities_compact() hands its threads. */
struct compact_job {
	struct opportunities	 *o;
	const size_t		 *which;	/* the piece's opportunities */
	struct arena		**arenas;	/* by worker */
	struct pack		**packs;	/* by worker, made on first
						 * use */
};

static void
compact_job(void *ctx, size_t i, unsigned worker)
{
	struct compact_job	*j = ctx;

	if (j->packs[worker] == NULL)
		j->packs[worker] = pack_new(j->o->dict);
	opp_compact_one(j->packs[worker], j->arenas[worker],
	    &j->o->list[j->which[i]]);
}

void
opportunities_compact(struct opportunities *o, unsigned jobs)
{
	struct compact_job	 j;
	size_t			*which, p, i, n;
	unsigned		 w, nw;

	if (o->npieces == 0)
		return;
	if (o->a == NULL)
		o->a = arena_new();
	/* Packing is most of the work: each thread packs into an arena of
	 * its own, which o->a takes over at the end. */
	nw = par_threads(o->count, jobs);
	j.o = o;
	j.which = which = xcalloc(o->count + 1, sizeof(*which));
	j.arenas = xcalloc(nw, sizeof(*j.arenas));
	j.packs = xcalloc(nw, sizeof(*j.packs));
	for (w = 0; w < nw; w++)
		j.arenas[w] = arena_new();
	/* Piece by piece, so that at most one is held twice. */
	for (p = 0; p < o->npieces; p++) {
		for (i = n = 0; i < o->count; i++)
			if (o->list[i].piece == p)
				which[n++] = i;
		par_for(n, nw, compact_job, &j);
		arena_free(o->pieces[p]);
		xalloc_trim();
	}
	for (w = 0; w < nw; w++) {
		arena_absorb(o->a, j.arenas[w]);
		pack_free(j.packs[w]);
	}
	free(j.arenas);
	free(j.packs);
	free(which);
	free(o->pieces);
	o->pieces = NULL;
	o->npieces = 0;
}
