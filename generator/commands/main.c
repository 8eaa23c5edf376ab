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
	fputs("\nevery command also takes --lang en, fr, en,fr or fr,en: the "
	    "language of the\nmessages (default: French when LANGUAGE, "
	    "LC_ALL, LC_MESSAGES or LANG starts\nwith fr, else English)\n",
	    fp);
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

/*
 * Take the --lang option (--lang LIST or --lang=LIST, for any command)
 * out of argv, up to a "--", and choose the languages of the messages:
 * LIST, else the locale's variables. Returns 0, or EXIT_USAGE after
 * reporting a list that is not one.
 */
static int
take_lang(int *argcp, char **argv)
{
	const char	*spec = NULL;
	struct diags	*d;
	int		 i, j, n, rc;

	for (i = 1; i < *argcp && strcmp(argv[i], "--") != 0;) {
		n = 0;
		if (strcmp(argv[i], "--lang") == 0 && i + 1 < *argcp) {
			spec = argv[i + 1];
			n = 2;
		} else if (strncmp(argv[i], "--lang=", 7) == 0) {
			spec = argv[i] + 7;
			n = 1;
		}
		if (n == 0) {
			i++;
			continue;
		}
		for (j = i; j + n <= *argcp; j++)
			argv[j] = argv[j + n];
		*argcp -= n;
	}
	rc = spec != NULL ? diag_set_langs(spec) : diag_langs_from_env();
	if (rc < 0)
		return cmd_usage_error("--help", "--lang '%s': use en, fr, "
		    "en,fr or fr,en", spec);
	if (rc > 0) {
		d = diags_new();
		diag_warning(d, NULL, 0, 0, "the French messages were not "
		    "found in %s: messages are in English",
		    diag_catalogue_dirs());
		diags_print(d, stderr, DIAG_FORMAT_TEXT);
		diags_free(d);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	size_t	i;
	int	rc;

	/*
	 * Past a file size limit (ulimit -f), write() then fails with
	 * EFBIG, which is reported with the file's path, instead of the
	 * signal ending the program without a word.
	 */
	signal(SIGXFSZ, SIG_IGN);
	if ((rc = take_lang(&argc, argv)) != 0)
		return rc;

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
