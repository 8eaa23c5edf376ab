#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "buf.h"
#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "gitrepo.h"
#include "issueform.h"
#include "opportunity.h"
#include "site.h"
#include "source.h"
#include "xalloc.h"

static const char new_help[] =
"usage: marche new opportunity ID [--repo DIR]\n"
"       marche new opportunity [ID] --from-issue FILE [--comment FILE]\n"
"\n"
"Write opportunities/ID.yml: a bilingual skeleton with a comment on every\n"
"field. It fails 'marche check' until every field is filled in, and each\n"
"message says what to fill. ID becomes part of the page's address: use\n"
"lower-case letters, digits and hyphens.\n"
"\n"
"  --repo DIR          the site's Git repository (default: the one holding\n"
"                      the current folder)\n"
"  --from-issue FILE   fill the file from the body of an issue written with\n"
"                      the opportunity form (- for standard input); without\n"
"                      ID, the form's short name or the English title gives\n"
"                      the id. Answers that cannot be read are left empty\n"
"                      and reported; the exit status is then 1\n"
"  --comment FILE      with --from-issue, also write those problems, in\n"
"                      English and French, as Markdown for the issue\n"
"  -h, --help          show this help\n";

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
"closing:          # when applications close: the date and the time in\n"
"                  # the site's time zone (Eastern time), such as\n"
"                  # 2026-12-14 14:00\n"
"selection:        # the date you expect to select a supplier: 2026-12-16\n"
"start:            # the date the work starts: 2026-12-21 (optional: delete\n"
"                  # this line if the start is not known)\n"
"delivery:         # the date the work is due: 2027-01-15\n"
"contact:          # the e-mail address suppliers write to\n"
"skills: []        # skills the work needs, keys from _data/skills.yml:\n"
"                  # [python, accessibility]\n"
"\n"
"# The blocks below that start with # are optional. To use one, remove the\n"
"# '# ' at the start of each of its lines, then write your own text.\n"
"\n"
"# Who may apply. The site's general conditions (_data/eligibility.yml)\n"
"# are always shown; write here only what this work adds, in both\n"
"# languages. With 'replace: true', your conditions replace the general\n"
"# ones instead, and the general ones are not shown.\n"
"# eligibility:\n"
"#   replace: false\n"
"#   en: |\n"
"#     You must be able to take part in two video calls during business\n"
"#     hours, Eastern time.\n"
"#   fr: |\n"
"#     Vous devez pouvoir participer à deux appels vidéo pendant les\n"
"#     heures de bureau, heure de l’Est.\n"
"\n"
"# How suppliers apply. Without this block, they apply by e-mail to the\n"
"# contact address above. To have them apply on a web page instead, give\n"
"# its address, which must start with https://:\n"
"# apply:\n"
"#   by: web\n"
"#   url: https://www.example.gc.ca/apply\n"
"\n"
"# Or, to have them fill in an application form and send it by e-mail,\n"
"# name the form's file in each language; each must be listed under\n"
"# attachments (below):\n"
"# apply:\n"
"#   by: form\n"
"#   form:\n"
"#     en: application-form-en.pdf\n"
"#     fr: formulaire-demande-fr.pdf\n"
"\n"
"# Files published with the opportunity: an application form, a sample of\n"
"# the data, a diagram. Put them in a folder named like this file without\n"
"# '.yml', beside it in opportunities/. List each file with its title in\n"
"# each language; 'lang: en' shows a file on the English page only.\n"
"# Allowed: PDF, PNG, JPEG, ZIP, Word (DOCX), Excel (XLSX), ODT, ODS, CSV,\n"
"# text (TXT), Markdown (MD) and JSON.\n"
"# attachments:\n"
"#   - file: application-form-en.pdf\n"
"#     lang: en\n"
"#     title:\n"
"#       en: Application form\n"
"#   - file: formulaire-demande-fr.pdf\n"
"#     lang: fr\n"
"#     title:\n"
"#       fr: Formulaire de demande\n"
"#   - file: sample.csv\n"
"#     title:\n"
"#       en: Sample of the data\n"
"#       fr: Extrait des données\n"
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
"  # Optional: what to send with an application, shown where suppliers\n"
"  # apply (without it, the site's general advice is shown):\n"
"  # how_to_apply: |\n"
"  #   Send a short proposal and links to two examples of your work.\n"
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
"  # how_to_apply: |\n"
"  #   Envoyez une courte proposition et des liens vers deux exemples de\n"
"  #   vos travaux.\n"
"\n"
"# Questions from suppliers come later, each answered within 48 hours in\n"
"# both languages:\n"
"# questions:\n"
"#   - asked: 2026-12-02 10:12\n"
"#     answered: 2026-12-03 09:30\n"
"#     en:\n"
"#       question: ...\n"
"#       answer: ...\n"
"#     fr:\n"
"#       question: ...\n"
"#       answer: ...\n"
"\n"
"# Once a supplier is selected, the status and the award are added (see\n"
"# 'man 5 marche'). When a contract ends early, write the date it ended\n"
"# and the reason in both languages:\n"
"# status: terminated\n"
"# award:\n"
"#   supplier: Example Inc.\n"
"#   ended: 2027-01-08\n"
"#   reason:\n"
"#     en: The supplier withdrew.\n"
"#     fr: Le fournisseur s’est retiré.\n";

/*
 * Create path with the n bytes of data, never replacing a file. Returns
 * 0, 1 if it exists (nothing written), or -1 after reporting.
 */
static int
write_new(const char *path, const char *data, size_t n, struct diags *d)
{
	ssize_t	w;
	size_t	done;
	int	fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0666);
	if (fd < 0 && errno == EEXIST)
		return 1;
	if (fd < 0) {
		diag_error(d, NULL, 0, 0, "cannot create %s: %s", path,
		    strerror(errno));
		return -1;
	}
	/* A short write is retried: the next one says why it stopped. */
	for (err = 0, done = 0; done < n && err == 0; done += (size_t)w)
		if ((w = write(fd, data + done, n - done)) <= 0) {
			err = w < 0 ? errno : EIO;
			w = 0;
			if (err == EINTR)
				err = 0;
		}
	if (close(fd) != 0 && err == 0)
		err = errno;
	if (err != 0) {
		/* A half-written file would look like a real one. */
		unlink(path);
		diag_error(d, NULL, 0, 0, "cannot write %s: %s", path,
		    strerror(err));
		return -1;
	}
	return 0;
}

/* Read at most max + 1 bytes of path ("-": standard input) into *out. */
static int
read_body(struct buf *out, const char *path, size_t max, struct diags *d)
{
	char	chunk[8192];
	ssize_t	n;
	int	fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY);

	if (fd < 0) {
		diag_error(d, NULL, 0, 0, "cannot open %s: %s", path,
		    strerror(errno));
		return -1;
	}
	while (out->len <= max && (n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0) {
			diag_error(d, NULL, 0, 0, "cannot read %s: %s", path,
			    strerror(errno));
			if (fd != 0)
				close(fd);
			return -1;
		}
		buf_put(out, chunk, (size_t)n);
	}
	if (fd != 0)
		close(fd);
	return 0;
}

/*
 * --from-issue: the opportunity file from an issue form's body. Problems
 * go to d (in English, at the body's lines) and, in both languages, to
 * the comment file. Returns an exit code.
 */
static int
new_from_issue(const char *wd, git_repository *repo, const char *id,
    const char *issue, const char *comment, struct diags *d)
{
	struct issueform f;
	struct source	*src = NULL;
	struct site	 site;
	struct arena	*a = arena_new();
	struct buf	 body = BUF_INIT, md = BUF_INIT;
	char		*dir = NULL, *path = NULL, *rel = NULL;
	size_t		 i;
	int		 rc = EXIT_INTERNAL, w = -1;

	memset(&f, 0, sizeof(f));
	if (read_body(&body, issue, ISSUEFORM_MAX_BODY, d) != 0)
		goto out;
	if (source_read(&src, repo, NULL, NULL, NULL, d) < 0 ||
	    site_load(&site, a, src, d) != 0 ||
	    site_lang_index(&site, "en") < 0 ||
	    site_lang_index(&site, "fr") < 0) {
		diag_error(d, NULL, 0, 0, "the site's settings must load, "
		    "with languages en and fr, to read the opportunity form");
		rc = EXIT_INPUT;
		goto out;
	}
	issueform_read(&f, body.data ? body.data : "", body.len, &site, id);
	if (f.yaml.len > 0) {
		rel = xasprintf("opportunities/%s.yml", f.id);
		dir = xasprintf("%sopportunities", wd);
		path = xasprintf("%s%s", wd, rel);
		if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
			diag_error(d, NULL, 0, 0, "cannot create %s: %s", dir,
			    strerror(errno));
			goto out;
		}
		w = write_new(path, f.yaml.data, f.yaml.len, d);
		if (w < 0)
			goto out;
		if (w == 1)
			issueform_exists(&f, rel);
	}
	for (i = 0; i < f.nproblems; i++)
		diag_report(d, f.problems[i].warning ? DIAG_WARNING :
		    DIAG_ERROR, issue, f.problems[i].line, 0, "%s: %s",
		    f.problems[i].label_en, f.problems[i].en);
	if (comment != NULL) {
		issueform_comment(&md, &f, w == 0 ? rel : NULL);
		unlink(comment);
		if (write_new(comment, md.data ? md.data : "", md.len, d) != 0)
			goto out;
	}
	if (w == 0)
		printf("wrote %s\n", rel);
	rc = w == 0 && f.nerrors == 0 ? EXIT_OK : EXIT_INPUT;
out:
	issueform_free(&f);
	source_free(src);
	arena_free(a);
	buf_free(&body);
	buf_free(&md);
	free(dir);
	free(path);
	free(rel);
	return rc;
}

int
cmd_new(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "from-issue", required_argument, NULL, 'i' },
		{ "comment", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct diags	*d;
	git_repository	*git = NULL;
	const char	*repo = NULL, *issue = NULL, *comment = NULL, *id;
	char		*wd = NULL, *dir = NULL, *path = NULL;
	int		 c, w, rc = EXIT_INTERNAL;

	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': repo = optarg; break;
		case 'i': issue = optarg; break;
		case 'c': comment = optarg; break;
		case 'h': fputs(new_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("new", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind >= argc || strcmp(argv[optind], "opportunity") != 0)
		return cmd_usage_error("new", "%s", "say what to create: "
		    "marche new opportunity ID");
	if (comment != NULL && issue == NULL)
		return cmd_usage_error("new", "%s", "--comment goes with "
		    "--from-issue");
	if (optind + 2 != argc && !(issue != NULL && optind + 1 == argc))
		return cmd_usage_error("new", "%s", "give one ID: marche new "
		    "opportunity ID");
	id = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (id != NULL && !opp_id_ok(id))
		return cmd_usage_error("new", "'%s' cannot be an id: use "
		    "lower-case letters, digits and hyphens", id);
	d = diags_new();
	git_libgit2_init();
	if (gitrepo_open(&git, repo, d) != 0 ||
	    gitrepo_workdir(&wd, git, d) != 0)
		goto out;
	if (issue != NULL) {
		rc = new_from_issue(wd, git, id, issue, comment, d);
		goto out;
	}
	dir = xasprintf("%sopportunities", wd);
	path = xasprintf("%s/%s.yml", dir, argv[optind + 1]);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_error(d, NULL, 0, 0, "cannot create %s: %s", dir,
		    strerror(errno));
		goto out;
	}
	if ((w = write_new(path, skeleton, sizeof(skeleton) - 1, d)) != 0) {
		if (w == 1)
			diag_error(d, NULL, 0, 0, "%s already exists; nothing "
			    "was written", path);
		rc = w == 1 ? EXIT_INPUT : EXIT_INTERNAL;
		goto out;
	}
	printf("wrote opportunities/%s.yml: fill it in, then run "
	    "'marche check'\n", argv[optind + 1]);
	rc = EXIT_OK;
out:
	diags_print(d, stderr, DIAG_FORMAT_TEXT);
	diags_free(d);
	git_repository_free(git);
	git_libgit2_shutdown();
	free(wd);
	free(dir);
	free(path);
	return rc;
}
