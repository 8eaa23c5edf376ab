#include <stdio.h>

int
main(void)
{
	puts("marche " MARCHE_VERSION);
	return 0;
}
