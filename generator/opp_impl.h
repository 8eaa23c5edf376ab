/*
 * Shared by opportunity.c (reading and typing) and opp_rules.c (rules
 * between fields and files). Not part of the interface.
 */
#ifndef MARCHE_OPP_IMPL_H
#define MARCHE_OPP_IMPL_H

#include "opportunity.h"

struct opp_ctx {
	const struct site	*site;	/* languages, rules, time zone */
	struct arena		*a;	/* where strings live */
	struct diags		*d;	/* where problems go */
	const char		*path;	/* the file being read */
	const char		*data;	/* its text, for block indentation */
	size_t			 len;	/* its length */
	long long		 now;	/* seconds since the epoch */
	int			 errors; /* errors reported for this file */
};

/* Report an error or warning in the current file. */
void	opp_error(struct opp_ctx *c, const struct value *at, int coladd,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	opp_warning(struct opp_ctx *c, const struct value *at, int coladd,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Check one opportunity's rules between fields, once it is read. */
void	opp_check_rules(struct opp_ctx *c, struct opportunity *o);

/* Report placeholder text left in o's texts (opp_placeholder.c). */
void	opp_check_placeholders(struct opp_ctx *c, struct opportunity *o);

/* Format a date or instant for messages, in English. In c's arena. */
const char *opp_describe(struct opp_ctx *c, const struct instant *i);

#endif
