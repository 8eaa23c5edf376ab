/*
 * Pull-request rules: what a change may do to published opportunities.
 * A new opportunity must close far enough ahead; a closed one cannot have
 * its terms changed; none can be deleted or renamed; a change to an open
 * one's terms is an amendment, reported in plain words; files outside
 * the contributor paths need a maintainer's review.
 */
#ifndef MARCHE_PR_H
#define MARCHE_PR_H

struct arena;
struct changes;
struct diags;
struct opportunities;
struct site;

/*
 * Check changes (base to head) against the head's opportunities opps,
 * with now deciding what has closed. site is the head's; base is the
 * base revision's, whose rules judge (rules.*, the contributor paths):
 * a pull request never judges itself. A change to a setting that
 * decides how changes are judged (every key of rules, time_zone,
 * languages) is reported as a warning for a maintainer. Text changed
 * after closing is an error unless flags has PR_ALLOW_CORRECTIONS (a
 * maintainer's approval), when it is a correction, reported as a note.
 * Returns 0, or -1 after reporting an error to d; amendments are
 * reported as notes.
 */
#define PR_ALLOW_CORRECTIONS	0x1

int	pr_check(const struct changes *changes, const struct opportunities *opps,
	    const struct site *site, const struct site *base, struct arena *a,
	    long long now, int flags, struct diags *d);

struct opportunity;

/*
 * The rules for an opportunity that is new (not yet on the base): it
 * closes at least rules.minimum_posting_days after now (so not in the
 * past), by site's rules and time zone (a pull request's base's). Judged
 * from the closing alone, so an error elsewhere in the file does not
 * hide it. Returns 0, or -1 after reporting an error at its closing.
 */
int	pr_check_new(const struct opportunity *o, const struct site *site,
	    long long now, struct diags *d);

/* What pr_breach_created() needs. */
struct pr_time {
	const struct changes	*changes;	/* base to head */
	const struct site	*site;		/* time zone and rules */
	long long		 now;		/* seconds since the epoch */
};

/*
 * An opp_created_fn for opportunities_check_time(), with ctx a struct
 * pr_time: 1 when the base version of o's file (at the merge base) did
 * not have breach b already at now, else 0. An unchanged file never
 * creates one; an added file, or a base version that cannot be read,
 * has none. A question is the base's when one there was asked at the
 * same instant.
 */
int	pr_breach_created(void *ctx, const struct opportunity *o,
	    enum opp_breach b, size_t q);

struct buf;
struct arena;

/*
 * Append to b, as Markdown for a check's summary, what each new or
 * amended opportunity of changes will say to suppliers in every site
 * language (value, closing, days open, skills) and, for an amended one,
 * each term that changed. Text from the pull request is put in code
 * spans. Appends nothing when no opportunity is new or amended.
 */
void	pr_describe(struct buf *b, const struct changes *changes,
	    const struct opportunities *opps, const struct site *site,
	    struct arena *a, long long now);

/* The opportunity read from path ("opportunities/ID.yml"), or NULL. */
const struct opportunity *pr_find(const struct opportunities *opps,
	    const char *path);

#endif
