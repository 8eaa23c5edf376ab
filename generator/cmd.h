/*
 * Subcommands: each takes the arguments after its name (argv[0] is the
 * command's name) and returns an exit code from build.h.
 */
#ifndef MARCHE_CMD_H
#define MARCHE_CMD_H

int	cmd_build(int argc, char **argv);
int	cmd_check(int argc, char **argv);

/* Report a usage problem (through the diagnostics module) and return
 * EXIT_USAGE. */
int	cmd_usage_error(const char *cmd, const char *fmt, const char *arg);

#endif
