#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "opportunity.h"
#include "source.h"
#include "xalloc.h"

static const char new_help[] =
"usage: marche new opportunity ID [--repo DIR]\n"
"\n"
"Write opportunities/ID.yml: a bilingual skeleton with a comment on every\n"
"field. It fails 'marche check' until every field is filled in, and each\n"
"message says what to fill. ID becomes part of the page's address: use\n"
"lower-case letters, digits and hyphens.\n"
"\n"
"  --repo DIR      the site's Git repository (default: the one holding the\n"
"                  current folder)\n"
"  -h, --help      show this help\n";

/* Each field, with what to write, for someone who is not a programmer. */
static const char skeleton[] =
"# A new opportunity. Fill in every field below, then run\n"
"#   marche check\n"
"# which lists what is still missing, with the line to look at.\n"
"# Lines starting with # are comments for you; they are not published.\n"
"# The whole format is described in 'man 5 marche'.\n"
"\n"
"# Facts that are the same in both languages, written once.\n"
"value:            # the price in Canadian dollars, digits only: 6500\n"
"taxes: excluded   # 'excluded' or 'included': does the value include taxes?\n"
"closing:          # when applications close, date and time with the UTC\n"
"                  # offset: 2026-12-14T14:00:00-05:00 (-05:00 in winter,\n"
"                  # -04:00 in summer for Eastern time)\n"
"selection:        # the date you expect to select a supplier: 2026-12-16\n"
"start:            # the date the work starts: 2026-12-21\n"
"delivery:         # the date the work is due: 2027-01-15\n"
"contact:          # the e-mail address suppliers write to\n"
"skills: []        # skills the work needs, keys from _data/skills.yml:\n"
"                  # [python, accessibility]\n"
"\n"
"# The English text.\n"
"en:\n"
"  title:          # a short title, at most 100 characters\n"
"  summary:        # one or two sentences shown in the list of opportunities\n"
"  description:    # the background and the work; for several paragraphs,\n"
"                  # write '|' here and the text on the lines below,\n"
"                  # indented by four spaces (Markdown: ### for headings,\n"
"                  # - for lists)\n"
"  evaluation:     # how applications will be evaluated\n"
"  acceptance:     # how you will check the delivered code before accepting\n"
"                  # it\n"
"\n"
"# The French text: the same fields, in French.\n"
"fr:\n"
"  title:\n"
"  slug:           # optional: the French page's address, such as\n"
"                  # nettoyage-donnees (default: the file name)\n"
"  summary:\n"
"  description:\n"
"  evaluation:\n"
"  acceptance:\n"
"\n"
"# Questions from suppliers come later, each answered within 48 hours in\n"
"# both languages:\n"
"# questions:\n"
"#   - asked: 2026-12-02T10:12:00-05:00\n"
"#     answered: 2026-12-03T09:30:00-05:00\n"
"#     en:\n"
"#       question: ...\n"
"#       answer: ...\n"
"#     fr:\n"
"#       question: ...\n"
"#       answer: ...\n";

int
cmd_new(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct diags	*d;
	const char	*repo = NULL;
	char		*wd = NULL, *dir = NULL, *path = NULL;
	int		 c, fd, rc = EXIT_INTERNAL;
	size_t		 n = sizeof(skeleton) - 1;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': repo = optarg; break;
		case 'h': fputs(new_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("new", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "opportunity") != 0)
		return cmd_usage_error("new", "%s", "say what to create: "
		    "marche new opportunity ID");
	if (optind + 2 != argc)
		return cmd_usage_error("new", "%s", "give one ID: marche new "
		    "opportunity ID");
	if (!opp_id_ok(argv[optind + 1]))
		return cmd_usage_error("new", "'%s' cannot be an id: use "
		    "lower-case letters, digits and hyphens", argv[optind + 1]);
	d = diags_new();
	if (source_workdir(&wd, repo, d) != 0)
		goto out;
	dir = xasprintf("%sopportunities", wd);
	path = xasprintf("%s/%s.yml", dir, argv[optind + 1]);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_error(d, NULL, 0, 0, "cannot create %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
	if (fd < 0) {
		diag_error(d, NULL, 0, 0, errno == EEXIST ? "%s already "
		    "exists; nothing was written" : "cannot create %s", path);
		rc = errno == EEXIST ? EXIT_INPUT : EXIT_INTERNAL;
		goto out;
	}
	if (write(fd, skeleton, n) != (ssize_t)n || close(fd) != 0) {
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(errno));
		goto out;
	}
	printf("wrote opportunities/%s.yml: fill it in, then run "
	    "'marche check'\n", argv[optind + 1]);
	rc = EXIT_OK;
out:
	diags_print(d, stderr, DIAG_FORMAT_TEXT);
	diags_free(d);
	free(wd);
	free(dir);
	free(path);
	return rc;
}
