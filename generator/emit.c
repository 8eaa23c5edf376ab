#include "emit.h"

int
emit_site(const struct emit_ctx *e, struct diags *d)
{
	(void)e;
	(void)d;
	return 0;
}
