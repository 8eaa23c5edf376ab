/*
 * Opportunities: one YAML file per opportunity in opportunities/, both
 * languages in one file, language-neutral facts stated once. This module
 * reads them into typed structs and enforces their rules (required
 * fields, types, dates and their order, value and ceiling, slugs,
 * questions and answers, status and award); every problem is reported
 * with its position. The format is documented in marche(5).
 */
#ifndef MARCHE_OPPORTUNITY_H
#define MARCHE_OPPORTUNITY_H

#include <stddef.h>

#include "instant.h"
#include "site.h"

struct arena;
struct diags;
struct opp_lazy;
struct packed_text;
struct source;
struct value;

enum opp_status {
	OPP_STATUS_OPEN,	/* taking applications */
	OPP_STATUS_CLOSED,	/* closing passed, no supplier selected yet */
	OPP_STATUS_AWARDED,	/* a supplier was selected */
	OPP_STATUS_CANCELLED,	/* withdrawn */
	OPP_STATUS_TERMINATED,	/* the contract was ended early */
	OPP_STATUS_COMPLETED	/* the code was accepted */
};
#define OPP_NSTATUS	6

/* The folder of the opportunity files, and of their attachments. */
#define OPP_DIR		"opportunities/"

/*
 * A Markdown field and where its text starts in the file. Once the
 * opportunities are compacted for rendering (opportunities_compact()),
 * a long text is kept packed (pack.h): text is then NULL and packed set;
 * read it with opp_markdown_text().
 */
struct opp_markdown {
	const char	*text;	/* Markdown source, or NULL (none, or
				 * packed) */
	const struct packed_text *packed; /* the text packed, or NULL */
	int		 line;	/* file line of the text's first line */
	int		 col;	/* file column where that line's text starts */
};

/* Whether m has a text, packed or not. */
#define OPP_MARKDOWN_HAS(m)	((m)->text != NULL || (m)->packed != NULL)

/*
 * m's text (NUL-terminated), or NULL when it has none; *tmp is set to
 * what the caller frees once done with it (NULL unless the text was
 * packed).
 */
const char	*opp_markdown_text(const struct opp_markdown *m, char **tmp);

/* What one language says. */
struct opp_text {
	const char		*title;		/* at most rules.title_max chars */
	const char		*slug;		/* URL name, unique per language */
	const char		*summary;	/* one or two plain sentences */
	struct opp_markdown	 description;	/* the work */
	struct opp_markdown	 evaluation;	/* how applications are judged */
	struct opp_markdown	 acceptance;	/* acceptance criteria */
	struct opp_markdown	 how_to_apply;	/* what to send, or text NULL */
	const char		*permalink;	/* "/en/opportunities/x.html" */
	const char		*out_path;	/* "en/opportunities/x.html" */
	int			 slug_line;	/* where a slug collision is */
	int			 slug_col;	/* reported: the slug, or the
						 * language's key */
};

struct opp_question {
	struct instant		 asked;		/* when it was asked */
	struct instant		 answered;	/* when answered, if has_answer */
	int			 has_answer;	/* answered is set */
	struct opp_markdown	 question[SITE_MAX_LANGS]; /* by language */
	struct opp_markdown	 answer[SITE_MAX_LANGS];   /* by language */
};

struct opp_award {
	const char	*supplier;	/* who does the work */
	const char	*repository;	/* https URL of the open repository */
	const char	*licence;	/* SPDX identifier, or NULL */
	struct instant	 accepted;	/* acceptance date, if has_accepted */
	int		 has_accepted;	/* accepted is set */
	struct instant	 ended;		/* the contract's end, if has_ended
					 * (status terminated only) */
	int		 has_ended;	/* ended and reason are set */
	const char	*reason[SITE_MAX_LANGS]; /* why it ended, by language */
};

/* How suppliers apply. */
enum opp_apply_by {
	OPP_APPLY_EMAIL,	/* by e-mail to contact (the default) */
	OPP_APPLY_WEB,		/* on a web page or form at apply_url */
	OPP_APPLY_FORM		/* with an attached form, one per language */
};

/* A file published with an opportunity, kept in opportunities/ID/. */
struct opp_attachment {
	const char	*file;		/* its name in opportunities/ID/ */
	const char	*src_path;	/* "opportunities/ID/FILE" */
	const char	*out_path;	/* where it is published: the same
					 * path under the output folder */
	int		 lang;		/* the only language listing it, or
					 * -1 for every language */
	const char	*title[SITE_MAX_LANGS]; /* by language */
	const char	*type;		/* what readers see: "PDF", "CSV"... */
	const char	*mime;		/* its media type */
	size_t		 size;		/* bytes */
};

/* One changed term in an amendment. */
struct opp_change {
	const char		*key;	/* "value", "closing", "title"... */
	int			 lang;	/* language index of a text field, or
					 * -1 for a fact stated once */
	const struct value	*old;	/* the value before, or NULL */
	const struct value	*new;	/* the value after, or NULL */
};

/* What kind of change a step of the history made. */
enum opp_amendment_kind {
	OPP_AMEND_OPEN,		/* terms changed while open: an amendment */
	OPP_AMEND_AFTER_CLOSING, /* terms changed after closing, which the
				 * rules forbid: published as such */
	OPP_AMEND_CORRECTION,	/* text corrected after closing, in a commit
				 * with a "Correction:" trailer */
	OPP_AMEND_DELETED,	/* the file was deleted (and came back) */
	OPP_AMEND_RENAMED	/* the file was renamed from renamed_from */
};

/* A change to an opportunity's terms, made by one first-parent commit. */
struct opp_amendment {
	long long		 time;	/* when it was committed */
	enum opp_amendment_kind	 kind;	/* what kind of change */
	const char		*commit; /* the commit's hex id */
	const char		*subject; /* its subject line */
	const char		*reason; /* a correction's reason, else NULL */
	const char		*renamed_from; /* OPP_AMEND_RENAMED: the old
					 * path */
	struct opp_change	*changes; /* what changed */
	size_t			 nchanges;
};

struct opportunity {
	const char		*path;		/* "opportunities/ID.yml" */
	const char		*data;		/* the file's text, as read
						 * (the source's bytes), or
						 * NULL once let go */
	size_t			 len;		/* its length */
	unsigned char		 blob[20];	/* the text's blob id, if
						 * has_blob (set when the text
						 * is let go) */
	int			 has_blob;
	unsigned char		 terms[20];	/* opp_terms_digest() of root
						 * as read, if has_terms */
	int			 has_terms;
	size_t			 piece;		/* which of the opportunities'
						 * pieces reading it allocated
						 * in, or OPP_NO_PIECE once
						 * compacted */
	const char		*id;		/* the file name without .yml */
	struct value		*root;		/* the file as loaded, or NULL
						 * (not loaded, or let go:
						 * see opp_root()) */
	struct opp_lazy		*lazy;		/* root was let go: how
						 * opp_root() has it again */
	double			 value;		/* dollars */
	int			 taxes_included; /* 1 if value includes taxes */
	struct instant		 closing;	/* applications close */
	struct instant		 questions_deadline; /* if has_deadline */
	int			 has_deadline;	/* questions_deadline is set */
	struct instant		 selection;	/* expected selection date */
	struct instant		 start;		/* work starts, if has_start */
	int			 has_start;	/* start is set (it is optional) */
	struct instant		 delivery;	/* work is due */
	struct instant		 posted_as;	/* 'posted', if has_posted */
	int			 has_posted;	/* 'posted' is given: imported
						 * from another system */
	const char		*contact;	/* e-mail address */
	enum opp_status		 stated;	/* status as written (default
						 * OPP_STATUS_OPEN) */
	enum opp_status		 status;	/* status at "now" */
	const char		**skills;	/* skill keys, nskills of them */
	size_t			 nskills;
	struct opp_text		*text;		/* by site language: ntexts
						 * of them, as many as the
						 * site's languages once read */
	size_t			 ntexts;
	struct opp_question	*questions;	/* nquestions of them */
	size_t			 nquestions;
	struct opp_markdown	 eligibility[SITE_MAX_LANGS]; /* who may
						 * apply, as this opportunity
						 * states it (text NULL: none) */
	int			 eligibility_replace; /* eligibility replaces
						 * the site's general
						 * conditions instead of
						 * adding to them */
	struct opp_markdown	 general[SITE_MAX_LANGS]; /* the general
						 * conditions of
						 * _data/eligibility.yml
						 * (text NULL: none) */
	enum opp_apply_by	 apply_by;	/* how suppliers apply */
	const char		*apply_url;	/* OPP_APPLY_WEB: https URL */
	const struct opp_attachment *apply_form[SITE_MAX_LANGS]; /*
						 * OPP_APPLY_FORM: the form
						 * in each language */
	struct opp_attachment	*attachments;	/* in listed order */
	size_t			 nattachments;
	struct opp_award	 award;		/* if has_award */
	int			 has_award;	/* award is set */
	int			 ok;		/* read without errors: renderable */
	int			 read_ok;	/* its file alone was read
						 * without errors (before it was
						 * compared with the others) */
	int			 dated;		/* posted and updated are known */
	long long		 posted;	/* commit that first published
						 * it, or 'posted' once accepted */
	long long		 updated;	/* last commit that changed it */
	struct opp_amendment	*amendments;	/* oldest first */
	size_t			 namendments;
	int			 preview;	/* the working tree differs from
						 * the last commit */
	int			 cached;	/* its file was not read: it
						 * holds only what the facts
						 * cache keeps (facts_cache.h),
						 * root and data are NULL */
};

struct opportunities {
	struct opportunity	*list;	/* sorted by id */
	size_t			 count;	/* entries in list */
	long long		 now;	/* the moment they were read for */
	struct arena		**pieces; /* what reading the files
					 * allocated (value trees, facts), in
					 * pieces of about OPP_PIECE_BYTES */
	size_t			 npieces;
	struct arena		*a;	/* their facts once compacted, or
					 * NULL */
	struct opp_lazy		*lazy;	/* what opp_root() reads files
					 * again with, or NULL */
	struct pack_dict	*dict;	/* what a's Markdown texts are
					 * packed with, or NULL */
};

/* The piece of an opportunity compacted as it was read. */
#define OPP_NO_PIECE	((size_t)-1)

/* The size of a piece: compacting holds one piece twice at most. */
#define OPP_PIECE_BYTES	(8u << 20)

/*
 * Read and check every opportunity in src against site and its rules,
 * with now (seconds since the epoch) deciding what is open, on jobs
 * threads at once (the report does not depend on it). Returns 0, or -1
 * after reporting each problem to d. Free with opportunities_free().
 *
 * With let_go, each file's text is let go once it is read and checked
 * (source_release()): its data is NULL, blob its blob id, and a
 * diagnostic quoting it reads it again (diags_source_drop()). Its value
 * tree is let go too, once its facts are compacted (as
 * opportunities_compact() does): root is NULL, and opp_root() parses the
 * file again for the stage that needs a position in it. Only a stage
 * that needs no opportunity's text (a pull request's checks do) may
 * follow. let_go is 0, or OPP_LET_GO, with OPP_TERMS to keep of each
 * file a digest of its terms (terms, see opp_terms_digest()), with which
 * opportunities_date() compares older versions instead of parsing the
 * file again.
 */
#define OPP_LET_GO	1
#define OPP_TERMS	2
int	opportunities_load(struct opportunities *out, struct arena *a,
	    struct source *src, const struct site *site, long long now,
	    unsigned jobs, int let_go, struct diags *d);

struct source_file;

/*
 * Files the source left unread (f->unread, see source.h): stub makes
 * *o (zeroed) stand for f from what is known of it elsewhere (see
 * facts_cache.h), returning 0, or -1 when it cannot; fill reads f's
 * bytes after all (into f), returning 0, or -1 when they cannot be read.
 */
struct opp_stubs {
	int	(*stub)(void *ctx, struct opportunity *o,
		    const struct source_file *f, struct arena *a);
	int	(*fill)(void *ctx, struct source_file *f);
	/* With let_go: 1 keeps the text and tree of the file at path (a
	 * file a pull request changes, which its checks compare); NULL
	 * keeps none. */
	int	(*keep)(void *ctx, const char *path);
	void	*ctx;
};

/*
 * opportunities_load(), with the files src left unread standing as
 * stubs->stub makes them (stubs NULL: none), and with let_go, the texts
 * and trees of the files stubs->keep says kept; one that cannot, or whose
 * slug another opportunity has in the same language, is filled and read
 * after all, so that the collision is reported from the file, as
 * without stubs.
 */
int	opportunities_load_stubs(struct opportunities *out, struct arena *a,
	    struct source *src, const struct site *site, long long now,
	    unsigned jobs, int let_go, const struct opp_stubs *stubs,
	    struct diags *d);
void	opportunities_free(struct opportunities *o);

/*
 * The value tree of o's file: o->root, or, when it was let go (loaded
 * with let_go), the file read again (source_reread()) and parsed quietly,
 * as long as it is still the text that was read (same blob). NULL when
 * o's file could not be loaded as a tree, or can no longer be read.
 * Diagnostics after loading use it to place what they report. The tree
 * stays valid until opp_root() is called for another opportunity of the
 * same load; main thread only.
 */
const struct value *opp_root(const struct opportunity *o);

/*
 * Keep of each opportunity only what rendering reads: its facts and
 * texts are copied into o->a (the Markdown ones packed, see struct
 * opp_markdown), on jobs threads at once, and the loaded files' value
 * trees (root) let go with the rest of what reading them allocated,
 * piece by piece (each piece's free pages given back, xalloc_trim()).
 * Past this no stage may read root (NULL) or the file's positions
 * through it; amendments, the site's general conditions and what lives
 * in other arenas are left where they are.
 */
void	opportunities_compact(struct opportunities *o, unsigned jobs);

/*
 * Read again the opportunities of o at the n indices which (in o->list)
 * from src, whose files are the ones o was loaded from with only those
 * changed, as opportunities_load() read them (with o->now); then check
 * the slugs (all of them when one of those is another's, else the others'
 * stand: o was loaded without such a problem) and stray files of all of
 * them again. They are not dated. Returns 0, or -1 after reporting each
 * problem of those files to d.
 */
int	opportunities_reload(struct opportunities *o, struct arena *a,
	    const struct source *src, const size_t *which, size_t n,
	    const struct site *site, struct diags *d);

/*
 * Call fn for each term that differs between two versions of an
 * opportunity file (their loaded roots): the facts stated once, then
 * each language's text. lang is -1 for facts.
 */
typedef void (*opp_term_fn)(void *ctx, const char *key, int lang,
    const struct value *oldv, const struct value *newv);
void	opp_terms_diff(const struct value *oldr, const struct value *newr,
	    const struct site *site, opp_term_fn fn, void *ctx);
/*
 * A digest of every term of root that opp_terms_diff() compares, into out:
 * two roots with the same digest differ in no term (each term's value is
 * the same by value_equal()). Returns 0, or -1 when it cannot be had (a
 * term holds a number unequal to itself).
 */
int	opp_terms_digest(const struct value *root, const struct site *site,
	    unsigned char out[20]);
/* The term named by the n bytes at s, as opp_terms_diff() names it (a
 * static string), or NULL when no term has that name. */
const char *opp_term_key(const char *s, size_t n);

/*
 * Do two values of term key look the same to readers? 1 or 0. Markdown
 * is compared as rendered HTML and text with its white space squeezed,
 * dates as instants, money as numbers, the rest as typed values (see
 * opp_change.c). NULL is the same only as NULL.
 */
int	opp_term_same(const struct site *site, const char *key,
	    const struct value *oldv, const struct value *newv);

struct buf;

/* Is key one of the dates of an opportunity's terms? 1 or 0. */
int	opp_term_is_date(const char *key);

/*
 * Append a term's value as readers of lang see it: dates and money
 * formatted by ICU, skills by their names, text as it is. Returns 1 when
 * it wrote text as it is, 0 otherwise (nothing for NULL).
 */
int	opp_term_text(struct buf *b, const struct site *site,
	    const char *key, const struct value *v, const char *lang);

struct worddiff;

/* Is key a Markdown text field (description, evaluation, acceptance,
 * how_to_apply, eligibility)? */
int	opp_term_is_markdown(const char *key);

/*
 * Compare two versions of a text term word by word into *out (free with
 * worddiff_free()), as readers see them: a Markdown field's rendered
 * text, so re-wrapping or Markdown that renders the same is no change.
 * A missing version is empty text. Returns 0, or -1 as worddiff_make().
 */
int	opp_term_diff(struct worddiff *out, const char *key,
	    const struct value *oldv, const struct value *newv);

/*
 * The file position of the first word of newv (a text term read from
 * data, len bytes, the file's text) that differs from oldv: inside a
 * block scalar, the changed line rather than the key. Falls back to
 * newv's own position when the file cannot be matched with the text.
 */
void	opp_term_position(int *line, int *col, const char *data, size_t len,
	    const struct value *oldv, const struct value *newv);

struct history;

/*
 * Accept or refuse each opportunity's 'posted' (see marche(5)) against
 * history h: it must come before the file's first commit, or before now
 * when h (which may be NULL) knows no commit of the file. Once accepted
 * it becomes the posted date of a dated opportunity. Call after
 * opportunities_date(). Returns 0, or -1 after reporting an error at
 * 'posted' (the opportunity is then not ok).
 */
int	opportunities_check_posted(struct opportunities *o,
	    const struct history *h, const struct site *site, long long now,
	    struct diags *d);

/* Does any opportunity give 'posted'? 1 or 0. */
int	opportunities_any_posted(const struct opportunities *o);

struct git_repository;

/*
 * Does repo hold what opportunities_date() concluded before (its cache,
 * to be used unless history was loaded with HISTORY_NO_CACHE)? Then it
 * reads again only the versions of files whose history changed since:
 * their terms need no digest (OPP_TERMS). 1 or 0.
 */
int	opportunities_dating_cached(struct git_repository *repo);

/*
 * Date every opportunity from history h: posted (the first first-parent
 * commit with the file), updated, and what each later commit changed in
 * its terms (versions are compared term by term, as readers see them).
 * The change rules are applied to every step, judged with the time zone
 * that the step's first parent had: a change while open is an
 * amendment; terms changed after closing, a deletion or a rename are
 * published as such and reported to d as warnings naming the commit;
 * text changed after closing in a commit with a "Correction:" trailer is
 * a correction. worktree is the source when it is the working tree (else
 * NULL): a file there that differs from its last commit is a preview.
 * Old versions are read on up to jobs threads; the result is the same
 * on any number.
 */
void	opportunities_date(struct opportunities *o, const struct history *h,
	    const struct site *site, struct arena *a,
	    const struct source *worktree, unsigned jobs, struct diags *d);
/*
 * The same for the n opportunities at indices which of o->list only (as
 * read again by opportunities_reload()), without reporting the files of
 * history that are gone, which depends on the other files only.
 */
void	opportunities_date_some(struct opportunities *o,
	    const struct history *h, const struct site *site,
	    struct arena *a, const struct source *worktree,
	    const size_t *which, size_t n, struct diags *d);

/*
 * Can s be an opportunity's id or slug (a part of its address)? 1 for
 * 1 to 80 lower-case letters, digits and inner hyphens, else 0.
 */
int	opp_id_ok(const char *s);

/* "open", "closed", ... for a status. */
const char *opp_status_code(enum opp_status s);

/* An obligation that fell due with time and was not met. */
enum opp_breach {
	OPP_BREACH_UNANSWERED,	/* a question waited past the delay */
	OPP_BREACH_LATE_ANSWER,	/* a question answered after the delay */
	OPP_BREACH_SELECTION,	/* the selection date passed, still open */
	OPP_BREACH_OUTCOME	/* closed rules.outcome_days ago, still open */
};

/*
 * Did a pull request create breach b of o (q: the question's index in
 * o->questions, for the first two)? 1 when the version before it did not
 * have that breach already, else 0. See opportunities_check_time().
 */
typedef int (*opp_created_fn)(void *ctx, const struct opportunity *o,
    enum opp_breach b, size_t q);

/*
 * Report the obligations that fall due with time, as of now (see
 * opp_due.c): an answer overdue, a selection date passed with no award,
 * an opportunity closed more than rules.outcome_days with no outcome.
 * Each is a warning under "needs attention"; an answer given late is a
 * note. A breach that created(cctx, ...) says a pull request made is an
 * error instead. created may be NULL. With window >= 0, what falls due
 * within window seconds after now (answers, closings, selections,
 * outcomes) is listed as notes under "needs attention".
 */
void	opportunities_check_time(const struct opportunities *opps,
	    const struct site *site, long long now, long long window,
	    opp_created_fn created, void *cctx, struct diags *d);

/*
 * The earliest instant after now at which some opportunity changes
 * (closes, a question's answer delay runs out, moves from the listing to
 * the archive, or, while one is open, the day changes in the site's
 * zone, as open ones show the days left), or -1 if none.
 */
long long opportunities_next_change(const struct opportunities *o,
	    const struct site *site, long long now);

#endif
