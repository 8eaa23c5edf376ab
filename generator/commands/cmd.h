/*
 * Subcommands: each takes the arguments after its name (argv[0] is the
 * command's name) and returns an exit code from build.h.
 */
#ifndef MARCHE_CMD_H
#define MARCHE_CMD_H

int	cmd_build(int argc, char **argv);
int	cmd_check(int argc, char **argv);
int	cmd_import(int argc, char **argv);
int	cmd_new(int argc, char **argv);
int	cmd_serve(int argc, char **argv);

/*
 * "Now" for a build: the --now option if given (ISO 8601 with an offset,
 * or seconds since the epoch), else SOURCE_DATE_EPOCH, else the clock.
 * Returns 0, or EXIT_USAGE after reporting a value that does not parse.
 */
int	cmd_now(long long *out, const char *cmd, const char *opt);

/*
 * --jobs N: how many threads render pages, 1 to BUILD_JOBS_MAX. Returns
 * 0, or EXIT_USAGE after reporting a value that is not such a number.
 */
int	cmd_jobs(unsigned *out, const char *cmd, const char *arg);

/* Report a usage problem (through the diagnostics module) and return
 * EXIT_USAGE. */
int	cmd_usage_error(const char *cmd, const char *fmt, const char *arg);

#endif
