/*
 * marche: a bilingual static site generator for micro-acquisition
 * marketplaces. main() only picks the subcommand.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "cmd.h"
#include "diag.h"

struct command {
	const char	*name;		/* as typed */
	int		(*run)(int, char **); /* the subcommand */
	const char	*summary;	/* one line for --help */
};

static const struct command commands[] = {
	{ "build", cmd_build, "build the site into _site/ (or --out)" },
	{ "check", cmd_check, "check the sources and report every problem" },
	{ "import", cmd_import, "convert another marketplace's site (jekyll)" },
	{ "new", cmd_new, "write a new opportunity's skeleton to fill in" },
	{ "serve", cmd_serve, "preview: build, serve on 127.0.0.1, rebuild on "
	    "change" },
};

static void
usage(FILE *fp)
{
	size_t	i;

	fputs("usage: marche COMMAND [OPTIONS]\n\ncommands:\n", fp);
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(fp, "  %-8s %s\n", commands[i].name,
		    commands[i].summary);
	fputs("\n'marche COMMAND --help' describes a command's options; "
	    "man marche gives the whole story.\n", fp);
}

/*
 * Run the command, then make sure what it printed reached standard
 * output: a full disk or a closed pipe is an I/O failure (exit 3), not
 * success.
 */
static int
run(const struct command *c, int argc, char **argv)
{
	struct diags	*d;
	int		 rc = c->run(argc, argv);

	if (fflush(stdout) == 0 && !ferror(stdout))
		return rc;
	d = diags_new();
	diag_error(d, NULL, 0, 0, "cannot write to standard output: %s",
	    strerror(errno));
	diags_print(d, stderr, DIAG_FORMAT_TEXT);
	diags_free(d);
	return EXIT_INTERNAL;
}

int
main(int argc, char **argv)
{
	size_t	i;

	/*
	 * Past a file size limit (ulimit -f), write() then fails with
	 * EFBIG, which is reported with the file's path, instead of the
	 * signal ending the program without a word.
	 */
	signal(SIGXFSZ, SIG_IGN);

	if (argc < 2)
		return cmd_usage_error("--help", "%s", "no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("marche %s\n", MARCHE_VERSION);
		return EXIT_OK;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return run(&commands[i], argc - 1, argv + 1);
	return cmd_usage_error("--help", "unknown command '%s'", argv[1]);
}
