#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "instant.h"

static const char build_help[] =
"usage: marche build [--repo DIR] [--rev REV] [--out DIR] [--base-url URL]\n"
"                    [--now TIME] [--next-change] [--jobs N] [--no-cache]\n"
"\n"
"Build the site into a staging folder, then put it in place of the output\n"
"folder in one step. If any problem is found, nothing is written and the\n"
"previous output stays as it was.\n"
"\n"
"  --repo DIR      the site's Git repository (default: the one holding the\n"
"                  current folder)\n"
"  --rev REV       build a committed revision (branch, tag or commit)\n"
"                  instead of the working tree\n"
"  --out DIR       output folder (default: _site in the working tree)\n"
"  --base-url URL  absolute address of the published site, overriding\n"
"                  base_url in _data/site.yml\n"
"  --now TIME      the moment to build for (ISO 8601 with an offset, or\n"
"                  seconds since 1970); default: SOURCE_DATE_EPOCH if set,\n"
"                  else the clock. The same input and now give the same\n"
"                  bytes.\n"
"  --next-change   print only the next moment at which a page changes\n"
"                  (an opportunity closes or moves to the archive, an\n"
"                  answer falls due, the days left change at midnight),\n"
"                  or 'none'; a scheduled job rebuilds then\n"
"  -j, --jobs N    render pages with N threads (default: one per core\n"
"                  available); the output is the same whatever N\n"
"  --no-cache      walk the whole history, neither reading nor writing the\n"
"                  caches in the repository's Git folder\n"
"  -q, --quiet     print nothing on success\n"
"  -h, --help      show this help\n";

int
cmd_usage_error(const char *cmd, const char *fmt, const char *arg)
{
	struct diags	*d = diags_new();
	char		 msg[512];

	diag_fragment(msg, sizeof(msg), fmt, arg);
	diag_error(d, NULL, 0, 0, "%s (see 'marche %s --help')", msg, cmd);
	diags_print(d, stderr, DIAG_FORMAT_TEXT);
	diags_free(d);
	return EXIT_USAGE;
}

int
cmd_now(long long *out, const char *cmd, const char *opt)
{
	const char	*env = getenv("SOURCE_DATE_EPOCH");

	if (opt != NULL) {
		if (instant_parse_now(out, opt) != 0)
			return cmd_usage_error(cmd, "--now '%s' is not a moment: "
			    "give ISO 8601 with an offset, such as "
			    "2026-11-25T12:00:00-05:00, or seconds since 1970",
			    opt);
		return 0;
	}
	if (env != NULL && *env != '\0') {
		if (instant_parse_now(out, env) != 0)
			return cmd_usage_error(cmd, "SOURCE_DATE_EPOCH '%s' is "
			    "not a number of seconds", env);
		return 0;
	}
	*out = (long long)time(NULL);
	return 0;
}

int
cmd_jobs(unsigned *out, const char *cmd, const char *arg)
{
	char	*end;
	long	 n;

	n = strtol(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0' || n < 1 ||
	    n > BUILD_JOBS_MAX) {
		char msg[128];

		snprintf(msg, sizeof(msg), "--jobs '%%s' is not a number of "
		    "threads from 1 to %d", BUILD_JOBS_MAX);
		return cmd_usage_error(cmd, msg, arg);
	}
	*out = (unsigned)n;
	return 0;
}

/* An instant as ISO 8601 in UTC, for scripts. */
static void
print_instant(long long t)
{
	time_t		tt = (time_t)t;
	struct tm	tm;
	char		s[64];

	gmtime_r(&tt, &tm);
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fputs(s, stdout);
}

int
cmd_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "rev", required_argument, NULL, 'R' },
		{ "out", required_argument, NULL, 'o' },
		{ "base-url", required_argument, NULL, 'b' },
		{ "now", required_argument, NULL, 'n' },
		{ "next-change", no_argument, NULL, 'N' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "no-cache", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_options	 o;
	struct build_result	 res;
	struct diags		*d;
	const char		*now = NULL;
	int			 c, rc, quiet = 0, next_only = 0;

	memset(&o, 0, sizeof(o));
	o.write = 1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "qhj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.repo = optarg; break;
		case 'R': o.rev = optarg; break;
		case 'o': o.out = optarg; break;
		case 'b': o.base_url = optarg; break;
		case 'n': now = optarg; break;
		case 'N': next_only = 1; break;
		case 'j':
			if ((rc = cmd_jobs(&o.jobs, "build", optarg)) != 0)
				return rc;
			break;
		case 'q': quiet = 1; break;
		case 'K': o.no_cache = 1; break;
		case 'h': fputs(build_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("build", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("build", "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cmd_now(&o.now, "build", now)) != 0)
		return rc;
	if (next_only)
		o.write = 0;
	d = diags_new();
	rc = build_run(&res, &o, d);
	if (rc == EXIT_OK && next_only) {
		if (res.next_change < 0)
			fputs("none", stdout);
		else
			print_instant(res.next_change);
		putchar('\n');
	} else if (rc == EXIT_OK && !quiet) {
		printf("built %zu pages and %zu assets into %s (%zu files, "
		    "%zu bytes)\n", res.pages, res.assets, res.out, res.files,
		    res.bytes);
		fputs("next change: ", stdout);
		if (res.next_change < 0)
			fputs("none", stdout);
		else
			print_instant(res.next_change);
		putchar('\n');
	}
	free(res.out);
	diags_free(d);
	return rc;
}
