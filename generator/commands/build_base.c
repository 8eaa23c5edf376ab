/*
 * What a check compares with: the default branch, whose opportunity
 * files a plain check of the working tree does not judge as new
 * (build_check_new()), and a pull request's base revision, whose
 * settings judge it (build_base_site()).
 */
#include <string.h>

#include "build_impl.h"
#include "defbranch.h"
#include "pr.h"

/*
 * Plain check of a working tree: the opportunity files the default branch
 * does not hold yet are new, and get the rules of a new opportunity. A
 * note says which branch that was. Returns 0, or -1 after reporting that
 * the repository could not be read.
 */
int
build_check_new(const struct opportunities *opps,
    const struct site *site, git_repository *repo,
    const struct build_options *o, struct diags *d)
{
	struct defbranch	b;
	size_t			i, n = 0;

	if (defbranch_load(&b, repo, "opportunities", d) != 0)
		return -1;
	if (b.name == NULL) {
		if (b.born)
			diag_report(d, DIAG_NOTE, NULL, 0, 0, "no default "
			    "branch (origin/HEAD, main or master): new "
			    "opportunities were not told apart from published "
			    "ones");
		defbranch_free(&b);
		return 0;
	}
	for (i = 0; i < opps->count; i++) {
		if (defbranch_has(&b, opps->list[i].path))
			continue;
		n++;
		pr_check_new(&opps->list[i], site, o->now, d);
	}
	if (n == 0)
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "every opportunity is "
		    "on %s (the default branch): none was checked as new",
		    b.name);
	else
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "%zu opportunit%s not "
		    "yet on %s (the default branch) checked as new", n,
		    n == 1 ? "y" : "ies", b.name);
	defbranch_free(&b);
	return 0;
}

/*
 * The base revision's settings, which judge a pull request (its rules
 * are never the pull request's own). Problems in the base are not the
 * pull request's doing and are not reported; a base whose settings
 * cannot be read leaves the built-in defaults. *srcp keeps the base's
 * files alive (free it with source_free()). Returns 0, or -1 when the
 * base revision cannot be opened (reported).
 */
int
build_base_site(struct site *out, struct source **srcp, struct arena *a,
    git_repository *repo, const struct build_options *o, struct diags *d)
{
	struct diags	*quiet = diags_new();
	int		 rc;

	/* The settings are all in _data: the rest is not read. */
	memset(out, 0, sizeof(*out));
	rc = source_read(srcp, repo, o->base, "_data", NULL, quiet);
	if (rc < 0) {
		diags_free(quiet);
		/* Said again where it can be seen. */
		return source_read(srcp, repo, o->base, "_data", NULL, d) < 0 ?
		    -1 : 0;
	}
	if (site_load(out, a, *srcp, quiet) != 0)
		site_fill_defaults(out);
	diags_free(quiet);
	return 0;
}
