/*
 * Replays a fuzz target over every file of a corpus folder, so fuzz
 * targets run as ordinary tests under any compiler and sanitizer.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
replay_file(const char *path)
{
	FILE	*fp = fopen(path, "rb");
	uint8_t	*data = NULL;
	size_t	 len = 0, cap = 0, n;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 4096;
			data = realloc(data, cap);
			if (data == NULL)
				abort();
		}
		n = fread(data + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	fclose(fp);
	LLVMFuzzerTestOneInput(data, len);
	free(data);
	return 0;
}

int
main(int argc, char **argv)
{
	struct dirent	**names;
	int		  i, n, count = 0, failed = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s CORPUS-FOLDER\n", argv[0]);
		return 2;
	}
	n = scandir(argv[1], &names, NULL, alphasort);
	if (n < 0) {
		perror(argv[1]);
		return 1;
	}
	for (i = 0; i < n; i++) {
		char path[4096];

		if (names[i]->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", argv[1],
			    names[i]->d_name);
			if (replay_file(path) == 0)
				count++;
			else
				failed++;
		}
		free(names[i]);
	}
	free(names);
	/* Every input is checked by the target itself: reaching here with
	 * no crash and no sanitizer report is the pass. */
	printf("%d passed, %d failed\n", count, failed);
	return failed || count == 0;
}
