#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"

static const char check_help[] =
"usage: marche check [--repo DIR] [--rev REV | --base REV --head REV]\n"
"                    [--format text|github|json] [--now TIME]\n"
"\n"
"Check the site's sources the way 'marche build' reads them, without\n"
"writing anything. Every problem is reported as path:line:col with the\n"
"source line. Exit status: 0 no errors, 1 problems found, 2 usage error,\n"
"3 the repository could not be read.\n"
"\n"
"  --repo DIR      the site's Git repository (default: the one holding the\n"
"                  current folder)\n"
"  --rev REV       check a committed revision instead of the working tree\n"
"  --base REV --head REV\n"
"                  check a pull request: the head revision as a whole, and\n"
"                  what it changes since its merge base with REV (new\n"
"                  opportunities close far enough ahead, closed ones keep\n"
"                  their terms, none is deleted or renamed; amendments to\n"
"                  open ones are listed as notes)\n"
"  --format FMT    text (default), github (adds workflow annotations, and\n"
"                  a Markdown summary appended to $GITHUB_STEP_SUMMARY\n"
"                  when it is set) or\n"
"                  json (a list of objects: file, line, column, severity,\n"
"                  message)\n"
"  --now TIME      the moment to check for (see marche build --help)\n"
"  -h, --help      show this help\n";

int
cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "rev", required_argument, NULL, 'R' },
		{ "format", required_argument, NULL, 'f' },
		{ "now", required_argument, NULL, 'n' },
		{ "base", required_argument, NULL, 'B' },
		{ "head", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_options	 o;
	struct diags		*d;
	const char		*now = NULL;
	int			 c, rc;

	memset(&o, 0, sizeof(o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.repo = optarg; break;
		case 'R': o.rev = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.format = DIAG_FORMAT_TEXT;
			else if (strcmp(optarg, "github") == 0)
				o.format = DIAG_FORMAT_GITHUB;
			else if (strcmp(optarg, "json") == 0)
				o.format = DIAG_FORMAT_JSON;
			else
				return cmd_usage_error("check", "unknown "
				    "format '%s': use text, github or json",
				    optarg);
			break;
		case 'n': now = optarg; break;
		case 'B': o.base = optarg; break;
		case 'H': o.rev = optarg; break;
		case 'h': fputs(check_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("check", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("check", "unexpected argument '%s'",
		    argv[optind]);
	if (o.base != NULL && o.rev == NULL)
		return cmd_usage_error("check", "%s", "--base needs --head, "
		    "the revision of the pull request");
	if ((rc = cmd_now(&o.now, "check", now)) != 0)
		return rc;
	d = diags_new();
	rc = build_run(NULL, &o, d);
	if (rc == EXIT_OK && o.format == DIAG_FORMAT_TEXT)
		printf("no problems found%s\n", diags_warnings(d) > 0 ?
		    " (see the warnings above)" : "");
	if (o.format == DIAG_FORMAT_GITHUB && rc != EXIT_INTERNAL &&
	    getenv("GITHUB_STEP_SUMMARY") != NULL &&
	    *getenv("GITHUB_STEP_SUMMARY") != '\0') {
		FILE *fp = fopen(getenv("GITHUB_STEP_SUMMARY"), "a");

		if (fp != NULL) {
			diags_summary(d, fp, o.base != NULL ?
			    "marche check of this pull request" :
			    "marche check");
			fclose(fp);
		}
	}
	diags_free(d);
	return rc;
}
