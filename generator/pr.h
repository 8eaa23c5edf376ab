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
 * with now deciding what has closed. Returns 0, or -1 after reporting an
 * error to d; amendments are reported as notes.
 */
int	pr_check(const struct changes *changes, const struct opportunities *opps,
	    const struct site *site, struct arena *a, long long now,
	    struct diags *d);

struct opportunity;

/*
 * The rules for an opportunity that is new (not yet on the base): it
 * closes at least rules.minimum_posting_days after now (so not in the
 * past). Returns 0, or -1 after reporting an error at its closing.
 */
int	pr_check_new(const struct opportunity *o, const struct site *site,
	    long long now, struct diags *d);

/* What pr_question_added() needs: the pull request and the site. */
struct pr_added {
	const struct changes	*changes;	/* base to head */
	const struct site	*site;		/* the time zone */
};

/*
 * An opp_created_fn for opportunities_check_time(), with ctx a struct
 * pr_added: 1 when question q of o is new in the pull request (the file
 * is added, or its base version has no question asked at the same
 * instant), else 0. A base version that cannot be read counts as none.
 */
int	pr_question_added(void *ctx, const struct opportunity *o, size_t q);

#endif
