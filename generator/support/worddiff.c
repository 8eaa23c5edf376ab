#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "escape.h"
#include "worddiff.h"
#include "xalloc.h"

/* libgit2 stays initialized between diffs: initializing it costs more
 * than a diff. worddiff_cleanup() lets it go. Pages are rendered by
 * several threads, so the flag is held under a lock. */
static pthread_mutex_t	git_lock = PTHREAD_MUTEX_INITIALIZER;
static int		git_ready;

void
worddiff_cleanup(void)
{
	pthread_mutex_lock(&git_lock);
	if (git_ready)
		git_libgit2_shutdown();
	git_ready = 0;
	pthread_mutex_unlock(&git_lock);
}

/* Initialize libgit2 once for the diffs that follow. */
static void
git_ensure(void)
{
	pthread_mutex_lock(&git_lock);
	if (!git_ready && git_libgit2_init() > 0)
		git_ready = 1;
	pthread_mutex_unlock(&git_lock);
}

/* The words of one text. */
struct words {
	const char	**start;	/* where each word begins */
	size_t		 *len;		/* its length */
	size_t		  count;	/* how many */
	struct buf	  lines;	/* the words, one a line, for git */
};

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

/* Split s into words; -1 when there are too many. */
static int
words_split(struct words *w, const char *s, size_t n)
{
	size_t	i = 0, cap = 0;

	memset(w, 0, sizeof(*w));
	while (i < n) {
		size_t b;

		while (i < n && is_space(s[i]))
			i++;
		if (i == n)
			break;
		b = i;
		while (i < n && !is_space(s[i]))
			i++;
		if (w->count == WORDDIFF_MAX_WORDS)
			return -1;
		if (w->count == cap) {
			cap = cap ? cap * 2 : 64;
			w->start = xrealloc(w->start, cap * sizeof(*w->start));
			w->len = xrealloc(w->len, cap * sizeof(*w->len));
		}
		w->start[w->count] = s + b;
		w->len[w->count++] = i - b;
		buf_put(&w->lines, s + b, i - b);
		buf_putc(&w->lines, '\n');
	}
	return 0;
}

static void
words_free(struct words *w)
{
	free(w->start);
	free(w->len);
	buf_free(&w->lines);
}

/* The diff being rebuilt from git's lines. */
struct rebuild {
	struct worddiff		*wd;	/* the result */
	const struct words	*old;	/* the old text's words */
	const struct words	*new;	/* the new text's words */
	size_t			 oi;	/* next old word not yet placed */
	size_t			 ni;	/* next new word not yet placed */
	size_t			 cap;	/* runs allocated */
	struct buf		 text;	/* the runs' words */
};

/* Add one word to the last run, or start a run when op differs. */
static void
rebuild_word(struct rebuild *r, enum worddiff_op op, const char *s, size_t n)
{
	struct worddiff		*wd = r->wd;
	struct worddiff_run	*run = wd->nruns > 0 ?
				    &wd->runs[wd->nruns - 1] : NULL;

	if (run == NULL || run->op != op) {
		if (wd->nruns == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 8;
			wd->runs = xrealloc(wd->runs, r->cap *
			    sizeof(*wd->runs));
		}
		run = &wd->runs[wd->nruns++];
		run->op = op;
		run->off = r->text.len;
		run->len = 0;
		run->words = 0;
		if (op != WORDDIFF_SAME)
			wd->changed = 1;
	} else {
		buf_putc(&r->text, ' ');
		run->len++;
	}
	buf_put(&r->text, s, n);
	run->len += n;
	run->words++;
}

/* Words in both texts up to old word oend or new word nend. */
static void
rebuild_same(struct rebuild *r, size_t oend, size_t nend)
{
	while (r->oi < oend && r->ni < nend && r->oi < r->old->count) {
		rebuild_word(r, WORDDIFF_SAME, r->old->start[r->oi],
		    r->old->len[r->oi]);
		r->oi++;
		r->ni++;
	}
}

/* git reports deleted lines (old numbers) and added ones (new numbers),
 * in order; the words between them are the same in both. */
static int
rebuild_line(const git_diff_delta *delta, const git_diff_hunk *hunk,
    const git_diff_line *line, void *payload)
{
	struct rebuild	*r = payload;
	size_t		 at;

	(void)delta;
	(void)hunk;
	if (line->origin == GIT_DIFF_LINE_DELETION && line->old_lineno > 0) {
		at = (size_t)line->old_lineno - 1;
		if (at < r->oi || at >= r->old->count)
			return -1;
		rebuild_same(r, at, (size_t)-1);
		rebuild_word(r, WORDDIFF_DEL, r->old->start[at],
		    r->old->len[at]);
		r->oi = at + 1;
	} else if (line->origin == GIT_DIFF_LINE_ADDITION &&
	    line->new_lineno > 0) {
		at = (size_t)line->new_lineno - 1;
		if (at < r->ni || at >= r->new->count)
			return -1;
		rebuild_same(r, (size_t)-1, at);
		rebuild_word(r, WORDDIFF_INS, r->new->start[at],
		    r->new->len[at]);
		r->ni = at + 1;
	}
	return 0;
}

int
worddiff_make(struct worddiff *out, const char *old, size_t olen,
    const char *new, size_t nlen)
{
	struct words		ow, nw;
	struct rebuild		r;
	git_diff_options	opts;
	int			rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	memset(&ow, 0, sizeof(ow));
	memset(&nw, 0, sizeof(nw));
	if (olen > WORDDIFF_MAX_BYTES || nlen > WORDDIFF_MAX_BYTES ||
	    words_split(&ow, old, olen) != 0 ||
	    words_split(&nw, new, nlen) != 0) {
		out->replaced = out->changed = 1;
		rc = 0;
		goto out;
	}
	r.wd = out;
	r.old = &ow;
	r.new = &nw;
	git_diff_options_init(&opts, GIT_DIFF_OPTIONS_VERSION);
	opts.context_lines = 0;
	opts.interhunk_lines = 0;
	opts.flags = GIT_DIFF_FORCE_TEXT;
	git_ensure();
	rc = git_diff_buffers(ow.lines.data, ow.lines.len, NULL, nw.lines.data,
	    nw.lines.len, NULL, &opts, NULL, NULL, NULL, rebuild_line, &r);
	if (rc != 0) {
		rc = -1;
		goto out;
	}
	rebuild_same(&r, ow.count, nw.count);
	out->text = buf_detach(&r.text, NULL);
out:
	if (rc != 0 || out->replaced) {
		free(out->runs);
		out->runs = NULL;
		out->nruns = 0;
		out->changed = out->replaced;
	}
	if (out->text == NULL)
		out->text = xstrdup("");
	buf_free(&r.text);
	words_free(&ow);
	words_free(&nw);
	return rc;
}

void
worddiff_free(struct worddiff *wd)
{
	if (wd == NULL)
		return;
	free(wd->text);
	free(wd->runs);
	memset(wd, 0, sizeof(*wd));
}

/* How a format writes words and marks. */
struct wd_format {
	void		(*words)(struct buf *, const char *, size_t);
	const char	*ellipsis;	/* for words left out */
	const char	*open[3];	/* before a run, by op */
	const char	*close[3];	/* after a run, by op */
	const char	*between;	/* between a deletion and an insertion */
};

/* Append the words [from, to) of run (words separated by spaces). */
static void
put_words(struct buf *out, const struct wd_format *f, const char *text,
    const struct worddiff_run *run, size_t from, size_t to)
{
	const char	*p = text + run->off, *end = p + run->len;
	size_t		 i = 0;

	while (p < end && i < to) {
		const char *sp = memchr(p, ' ', (size_t)(end - p));
		const char *we = sp != NULL ? sp : end;

		if (i >= from) {
			if (i > from)
				buf_putc(out, ' ');
			f->words(out, p, (size_t)(we - p));
		}
		i++;
		p = we + 1;
	}
}

static void
wd_format(struct buf *out, const struct worddiff *wd, size_t context,
    const struct wd_format *f)
{
	size_t	i;

	for (i = 0; i < wd->nruns; i++) {
		const struct worddiff_run *run = &wd->runs[i];
		int first = i == 0, last = i + 1 == wd->nruns;

		if (!first)
			buf_puts(out, run->op == WORDDIFF_INS &&
			    wd->runs[i - 1].op == WORDDIFF_DEL ? f->between :
			    " ");
		if (run->op != WORDDIFF_SAME) {
			buf_puts(out, f->open[run->op]);
			put_words(out, f, wd->text, run, 0, run->words);
			buf_puts(out, f->close[run->op]);
		} else if (first && last) {
			put_words(out, f, wd->text, run, 0, run->words);
		} else if (first) {
			if (run->words > context) {
				buf_puts(out, f->ellipsis);
				if (context > 0)
					buf_putc(out, ' ');
			}
			put_words(out, f, wd->text, run, run->words > context ?
			    run->words - context : 0, run->words);
		} else if (last) {
			put_words(out, f, wd->text, run, 0, context);
			if (run->words > context) {
				if (context > 0)
					buf_putc(out, ' ');
				buf_puts(out, f->ellipsis);
			}
		} else if (run->words > 2 * context + 1) {
			put_words(out, f, wd->text, run, 0, context);
			if (context > 0)
				buf_putc(out, ' ');
			buf_puts(out, f->ellipsis);
			if (context > 0)
				buf_putc(out, ' ');
			put_words(out, f, wd->text, run, run->words - context,
			    run->words);
		} else {
			put_words(out, f, wd->text, run, 0, run->words);
		}
	}
}

void
worddiff_plain(struct buf *out, const struct worddiff *wd, size_t context)
{
	const struct wd_format f = {
		escape_worddiff, "...",
		{ "", "[-", "{+" }, { "", "-]", "+}" }, ""
	};

	wd_format(out, wd, context, &f);
}

void
worddiff_html(struct buf *out, const struct worddiff *wd, size_t context,
    const char *del_label, const char *ins_label)
{
	struct buf	del = BUF_INIT, ins = BUF_INIT;
	struct wd_format f = {
		escape_html, "\xe2\x80\xa6",
		{ "", NULL, NULL }, { "", "</del>", "</ins>" }, " "
	};

	buf_puts(&del, "<del><span class=\"visually-hidden\">");
	escape_html(&del, del_label, strlen(del_label));
	buf_puts(&del, " </span>");
	buf_puts(&ins, "<ins><span class=\"visually-hidden\">");
	escape_html(&ins, ins_label, strlen(ins_label));
	buf_puts(&ins, " </span>");
	f.open[WORDDIFF_DEL] = buf_cstr(&del);
	f.open[WORDDIFF_INS] = buf_cstr(&ins);
	wd_format(out, wd, context, &f);
	buf_free(&del);
	buf_free(&ins);
}
