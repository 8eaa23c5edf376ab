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

#endif
