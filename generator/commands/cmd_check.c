#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "urlcheck.h"
#include "xalloc.h"
#include "instant.h"

static const char check_help[] =
"usage: marche check [--repo DIR] [--rev REV | --base REV --head REV]\n"
"                    [--allow-corrections] [--full] [--format text|github|json]\n"
"                    [--now TIME]\n"
"                    [--external [--external-cache FILE]\n"
"                    [--external-timeout SECONDS] [--external-parallel N]]\n"
"                    [--due DURATION] [--jobs N] [--no-cache]\n"
"\n"
"Check the site's sources the way 'marche build' reads them, without\n"
"writing anything. Every problem is reported as path:line:col with the\n"
"source line. Obligations that fall due with time (an answer overdue,\n"
"a selection date passed with no award) are warnings listed under\n"
"\"needs attention\"; they never fail the check, except in a pull\n"
"request that creates them. Exit status: 0 no errors, 1 problems found\n"
"(with --due: also something listed under \"needs attention\"), 2 usage\n"
"error, 3 the repository could not be read.\n"
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
"  --allow-corrections\n"
"                  with --base: text changed after closing is a correction\n"
"                  (a note), not an error; pass it only for a pull request\n"
"                  a maintainer approved as a correction\n"
"  --full          with --base: check every file of the head and render\n"
"                  every page, even when the pull request changes only\n"
"                  opportunities\n"
"  --format FMT    text (default), github (adds workflow annotations, and\n"
"                  a Markdown summary appended to $GITHUB_STEP_SUMMARY\n"
"                  when it is set) or\n"
"                  json (a list of objects: file, line, column, severity,\n"
"                  attention, message, written to standard output)\n"
"  --now TIME      the moment to check for (see marche build --help)\n"
"  --external      also fetch every http and https link once (HEAD, then\n"
"                  GET) and warn about those that are broken; answers\n"
"                  are kept for a week in a cache file\n"
"  --external-cache FILE\n"
"                  the cache file (default: $XDG_CACHE_HOME/marche/\n"
"                  external-links, else ~/.cache/marche/external-links;\n"
"                  'none' for no cache)\n"
"  --external-timeout SECONDS\n"
"                  time allowed for one link (default 10)\n"
"  --external-parallel N\n"
"                  links fetched at once (default 8, at most 32)\n"
"  --external-private\n"
"                  allow links that lead to loopback, private or\n"
"                  link-local network addresses (refused by default)\n"
"  --due DURATION  also list what falls due within DURATION after now\n"
"                  (answers, questions deadlines, closings, selections,\n"
"                  outcomes), and exit 1 if anything is listed or\n"
"                  overdue: whole numbers with units d, h or m, as in\n"
"                  48h, 3d or 1d12h, or ISO 8601 such as PT36H\n"
"  -j, --jobs N    render pages with N threads (default: one per core\n"
"                  available); the report is the same whatever N\n"
"  --no-cache      walk the whole history and render every page, neither\n"
"                  reading nor writing the caches in the repository's Git\n"
"                  folder\n"
"  -h, --help      show this help\n";

/* Make folder dir and any missing parents. Returns 0 or -1. */
static int
mkdir_parents(char *dir)
{
	char	*p;

	for (p = dir + 1; *p != '\0'; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			*p = '/';
			return -1;
		}
		*p = '/';
	}
	return mkdir(dir, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/*
 * The external-link cache file: given, or in the user's cache folder
 * (made when missing); NULL for none. The caller frees it.
 */
static char *
external_cache_path(const char *given)
{
	const char	*xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	char		*dir;

	if (given != NULL)
		return strcmp(given, "none") == 0 ? NULL : xstrdup(given);
	if (xdg != NULL && *xdg == '/')
		dir = xasprintf("%s/marche", xdg);
	else if (home != NULL && *home == '/')
		dir = xasprintf("%s/.cache/marche", home);
	else
		return NULL;
	/* A cache is a help: when its folder cannot be made, go without. */
	if (mkdir_parents(dir) != 0) {
		free(dir);
		return NULL;
	}
	given = xasprintf("%s/external-links", dir);
	free(dir);
	return (char *)given;
}

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
		{ "external", no_argument, NULL, 'x' },
		{ "external-cache", required_argument, NULL, 'X' },
		{ "external-timeout", required_argument, NULL, 'T' },
		{ "external-parallel", required_argument, NULL, 'P' },
		{ "external-private", no_argument, NULL, 'L' },
		{ "due", required_argument, NULL, 'D' },
		{ "allow-corrections", no_argument, NULL, 'C' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "full", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_options	 o;
	struct urlcheck_options	 ext = { 10, 8, 0, NULL, 0 };
	struct diags		*d;
	struct buf		 describe = BUF_INIT;
	const char		*now = NULL, *cache = NULL, *due = NULL;
	char			*cache_path = NULL, *end;
	int			 c, rc, external = 0;

	memset(&o, 0, sizeof(o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
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
		case 'x': external = 1; break;
		case 'X': cache = optarg; break;
		case 'T':
			ext.timeout = strtol(optarg, &end, 10);
			if (*end != '\0' || ext.timeout < 1 || ext.timeout > 600)
				return cmd_usage_error("check", "%s",
				    "--external-timeout takes seconds from 1 "
				    "to 600");
			break;
		case 'P':
			ext.parallel = (int)strtol(optarg, &end, 10);
			if (*end != '\0' || ext.parallel < 1 ||
			    ext.parallel > 32)
				return cmd_usage_error("check", "%s",
				    "--external-parallel takes a number from "
				    "1 to 32");
			break;
		case 'L': ext.allow_private = 1; break;
		case 'D':
			due = optarg;
			if (instant_parse_duration(&o.due, optarg) != 0)
				return cmd_usage_error("check", "--due '%s' is "
				    "not a span of time: write it as 48h, 3d, "
				    "1d12h or PT36H", optarg);
			break;
		case 'C': o.allow_corrections = 1; break;
		case 'j':
			if ((rc = cmd_jobs(&o.jobs, "check", optarg)) != 0)
				return rc;
			break;
		case 'K': o.no_cache = 1; break;
		case 'F': o.full = 1; break;
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
	if (o.full && o.base == NULL)
		return cmd_usage_error("check", "%s", "--full needs --base");
	if (o.allow_corrections && o.base == NULL)
		return cmd_usage_error("check", "%s", "--allow-corrections "
		    "needs --base and --head");
	if ((rc = cmd_now(&o.now, "check", now)) != 0)
		return rc;
	if (external) {
		ext.now = o.now;
		cache_path = external_cache_path(cache);
		ext.cache = cache_path;
		o.external = &ext;
	}
	d = diags_new();
	if (o.base != NULL && o.format == DIAG_FORMAT_GITHUB)
		o.describe = &describe;
	rc = build_run(NULL, &o, d);
	if (rc == EXIT_OK && o.format == DIAG_FORMAT_TEXT)
		printf("%s\n", diag_tr(diags_warnings(d) > 0 ?
		    N_("no problems found (see the warnings above)") :
		    N_("no problems found")));
	/* --due is for a scheduled job: what needs attention fails it. */
	if (rc == EXIT_OK && o.due > 0 && diags_attention(d) > 0) {
		if (o.format == DIAG_FORMAT_TEXT)
			printf(diag_tr(N_("%zu item%s overdue or due within "
			    "%s (see \"needs attention\" above)\n")),
			    diags_attention(d), diags_attention(d) == 1 ?
			    "" : "s", due);
		rc = EXIT_INPUT;
	}
	if (o.format == DIAG_FORMAT_GITHUB && rc != EXIT_INTERNAL &&
	    getenv("GITHUB_STEP_SUMMARY") != NULL &&
	    *getenv("GITHUB_STEP_SUMMARY") != '\0') {
		FILE *fp = fopen(getenv("GITHUB_STEP_SUMMARY"), "a");

		if (fp != NULL) {
			diags_summary(d, fp, o.base != NULL ?
			    "marche check of this pull request" :
			    "marche check");
			fwrite(describe.data, 1, describe.len, fp);
			fclose(fp);
		}
	}
	diags_free(d);
	buf_free(&describe);
	free(cache_path);
	return rc;
}
