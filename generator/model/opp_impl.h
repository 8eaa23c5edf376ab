/*
 * Shared by opportunity.c (reading and typing), the files that read
 * parts of an opportunity for it (opp_sections.c, opp_attach.c,
 * opp_blocks.c) and opp_rules.c (rules between fields and files). Not
 * part of the interface.
 */
#ifndef MARCHE_OPP_IMPL_H
#define MARCHE_OPP_IMPL_H

#include "opportunity.h"

struct opp_ctx {
	const struct site	*site;	/* languages, rules, time zone */
	struct arena		*a;	/* where strings live */
	struct diags		*d;	/* where problems go */
	const char		*path;	/* the file being read */
	const char		*data;	/* its text, for block indentation */
	size_t			 len;	/* its length */
	long long		 now;	/* seconds since the epoch */
	const struct source	*src;	/* every input file: attachments */
	struct opp_markdown	 general[SITE_MAX_LANGS]; /* the site's
					 * general eligibility conditions */
	int			 errors; /* errors reported for this file */
	const struct site_lang	*lang;	/* the language whose block is being
					 * read, or NULL: messages name it */
};

/* Report an error or warning in the current file. */
void	opp_error(struct opp_ctx *c, const struct value *at, int coladd,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	opp_warning(struct opp_ctx *c, const struct value *at, int coladd,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/*
 * Read o's attachments (opp_attach.c): each listed file checked in
 * c->src (present, a regular file of an allowed type and size).
 */
void	opp_read_attachments(struct opp_ctx *c, struct opportunity *o);

/*
 * Report each file of src under opportunities/ID/ that no opportunity
 * lists among its attachments (opp_attach.c). Returns 0 or -1.
 */
int	opp_check_strays(const struct opportunities *o,
	    const struct source *src, struct diags *d);

/*
 * Readers of opportunity.c, for opp_attach.c and opp_sections.c.
 * opp_want_text(): non-empty text under key, or NULL after reporting when
 * required (where: the block it is looked for in, for the message).
 * opp_check_keys(): report each key of map not in known (n of them; with
 * lang_keys, the site's language codes are known too).
 * opp_want_map(): the map under key, or NULL after reporting when
 * required (what: the message's words for it).
 * opp_key_of(): the key node of key in map, for pointing at it, or NULL.
 * opp_read_markdown(): a Markdown field's text and where it starts.
 * opp_want_instant(): a date (date_only) or an instant (need_time) under
 * key; 0 if set, 1 if absent and optional, -1 after reporting.
 */
const struct value *opp_want_text(struct opp_ctx *c, const struct value *map,
	    const char *key, int required, const char *where);
void	opp_check_keys(struct opp_ctx *c, const struct value *map,
	    const char *const *known, size_t n, int lang_keys);
const struct value *opp_want_map(struct opp_ctx *c, const struct value *map,
	    const char *key, int required, const char *what);
const struct value *opp_key_of(const struct value *map, const char *key);
void	opp_read_markdown(struct opp_ctx *c, struct opp_markdown *out,
	    const struct value *v);
int	opp_want_instant(struct opp_ctx *c, struct instant *out,
	    const struct value *map, const char *key, int required,
	    int need_time, int date_only);

/*
 * More readers of opportunity.c, for opp_blocks.c: the top-level keys
 * checked, the facts, the skills, and the texts of language k.
 */
void	opp_check_top_keys(struct opp_ctx *c, const struct value *map);
void	opp_read_facts(struct opp_ctx *c, struct opportunity *o);
void	opp_read_skills(struct opp_ctx *c, struct opportunity *o);
void	opp_read_text(struct opp_ctx *c, struct opportunity *o, size_t k);

/*
 * After a YAML syntax error in f (opp_blocks.c): read each top-level
 * block that parses on its own, and report what is wrong inside those
 * (o is left as it was: the file stays unreadable).
 */
void	opp_read_blocks(struct opp_ctx *c, const struct opportunity *o,
	    const struct source_file *f);

/*
 * The sections after the texts (opp_sections.c), each read into o with
 * its problems reported: questions, award (with an early end),
 * eligibility, apply.
 */
void	opp_read_questions(struct opp_ctx *c, struct opportunity *o);
void	opp_read_award(struct opp_ctx *c, struct opportunity *o);
void	opp_read_eligibility(struct opp_ctx *c, struct opportunity *o);
void	opp_read_apply(struct opp_ctx *c, struct opportunity *o);

/*
 * Read the opportunity file f into o (zeroed) with c's settings: its
 * problems go to c->d, o->ok says whether it can be published.
 */
void	opp_read(struct opp_ctx *c, struct opportunity *o,
	    const struct source_file *f);

/*
 * Read _data/eligibility.yml, the general conditions every opportunity
 * shares, into c's settings. Returns 0, or -1 after reporting.
 */
int	opp_read_general(struct opp_ctx *c);

/* Check one opportunity's rules between fields, once it is read. */
void	opp_check_rules(struct opp_ctx *c, struct opportunity *o);

/* Report placeholder text left in o's texts (opp_placeholder.c). */
void	opp_check_placeholders(struct opp_ctx *c, struct opportunity *o);

/*
 * The placeholder word (TODO, TBD, TBC, FIXME, XXX, a static string) in
 * the n bytes of s outside `code` spans, the first found, or NULL.
 */
const char *opp_placeholder_word(const char *s, size_t n);

struct pack;
struct pack_dict;
struct source_file;

/*
 * A dictionary for packing the Markdown texts of the n files, learnt
 * from a few of them spread over the list (opp_compact.c); NULL when
 * they hold too little text. Free it with pack_dict_free().
 */
struct pack_dict *opp_pack_dict(const struct source_file *const *files,
	    size_t n);

/*
 * Copy what rendering reads of o into n, its Markdown texts packed with
 * p, and forget its tree (opp_compact.c): o then holds nothing of the
 * arena it was read into.
 */
void	opp_compact_one(struct pack *p, struct arena *n,
	    struct opportunity *o);

/*
 * o's file read again from src as it was read (to free), or NULL when it
 * has no blob id or changed since (opp_root.c).
 */
char		*opp_text_again(const struct source *src, const struct opportunity *o,
		    size_t *lenp);
/* The tree of an opportunity file's text in a, its problems left
 * unsaid (they were reported when it was first read), or NULL when it
 * does not load as a map. */
struct value	*opp_parse_quiet(struct arena *a, const char *path,
		    const char *text, size_t len);
/* What opp_root() reads the files of src again with (opp_root.c). */
struct opp_lazy	*opp_lazy_new(struct source *src);
void		 opp_lazy_free(struct opp_lazy *l);

/* Give o (whose text is NULL) one empty text per language of site, in
 * a. */
void	opp_texts_new(struct opportunity *o, const struct site *site,
	    struct arena *a);

/* Format a date or instant for messages, in English. In c's arena. */
const char *opp_describe(struct opp_ctx *c, const struct instant *i);

#endif
