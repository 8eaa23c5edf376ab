/*
 * Markdown rendered on several threads at once reads the same as on
 * one: every autolink, escaped table pipe and struck text of every
 * text is found, whatever the other threads parse at that moment
 * (cmark-gfm keeps the characters that start an extension's inline in
 * one table for the whole process).
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"
#include "testing.h"

#define THREADS	4
#define ROUNDS	1500

/* Struck text takes the parse that strikethrough's delimiters need;
 * the other text is parsed without it, on every thread at once. */
static const char struck[] =
    "See https://example.ca/a and www.example.ca for the rules,\n"
    "then ~~this~~ and https://example.org/b.\n";
static const char plain[] =
    "See https://example.ca/a and www.example.ca for the rules,\n"
    "then *this* and https://example.org/b.\n\n"
    "| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n";

struct worker {
	int	id;
	int	missed;		/* renders without all three links */
	int	failed;		/* renders that returned an error */
};

static void *
work(void *arg)
{
	struct worker		*w = arg;
	struct markdown_source	 src = { "t.md", 1, 0, 0 };
	struct buf		 out = BUF_INIT;
	int			 i;

	for (i = 0; i < ROUNDS; i++) {
		struct arena *a = arena_new();
		struct diags *d = diags_new();
		/* Most rounds plain, as on a real site; threads differ. */
		int strike = (i + w->id) % 4 == 0;
		const char *text = strike ? struck : plain;

		buf_reset(&out);
		if (markdown_render(&out, NULL, a, &src, text, strlen(text),
		    NULL, d) != 0)
			w->failed++;
		else if (strstr(buf_cstr(&out),
		    "href=\"https://example.ca/a\"") == NULL ||
		    strstr(buf_cstr(&out), "href=\"http://www.example.ca\"") ==
		    NULL || strstr(buf_cstr(&out),
		    "href=\"https://example.org/b\"") == NULL ||
		    strstr(buf_cstr(&out), strike ? "<del>this</del>" :
		    "<td>1 | 2</td>") == NULL)
			w->missed++;
		diags_free(d);
		arena_free(a);
	}
	buf_free(&out);
	return NULL;
}

int
main(void)
{
	pthread_t	t[THREADS];
	struct worker	w[THREADS];
	int		i, started[THREADS];

	memset(w, 0, sizeof(w));
	markdown_init();
	for (i = 0; i < THREADS; i++) {
		w[i].id = i;
		started[i] = pthread_create(&t[i], NULL, work, &w[i]) == 0;
	}
	for (i = 0; i < THREADS; i++) {
		if (started[i])
			pthread_join(t[i], NULL);
		CHECK(started[i]);
		CHECK(w[i].failed == 0);
		if (w[i].missed != 0)
			fprintf(stderr, "thread %d: %d of %d renders missed a "
			    "link\n", i, w[i].missed, ROUNDS);
		CHECK(w[i].missed == 0);
	}
	return test_finish();
}
