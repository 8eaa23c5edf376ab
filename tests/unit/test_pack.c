/*
 * Packed texts: every text comes back byte for byte, from any thread,
 * short and incompressible ones stay as they are, and compacting the
 * opportunities keeps every Markdown text they had (packed or not) after
 * the memory they were read into is let go. A dictionary learnt from
 * some texts packs others like them smaller, and they too come back
 * byte for byte.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "opportunity.h"
#include "pack.h"
#include "testing.h"

/* Some kilobytes of prose, different for every seed. */
static char *
prose(unsigned seed, size_t words)
{
	static const char *const w[] = { "the", "supplier", "delivers",
	    "accessible", "code", "and", "documentation", "in", "both",
	    "official", "languages", "l'équipe", "évalue", "les",
	    "propositions", "**tests**", "- item\n", "\n\n", "`x`" };
	struct buf	 b = BUF_INIT;
	size_t		 i;

	for (i = 0; i < words; i++) {
		seed = seed * 1103515245u + 12345u;
		buf_puts(&b, w[(seed >> 16) % (sizeof(w) / sizeof(w[0]))]);
		buf_putc(&b, ' ');
	}
	buf_cstr(&b);		/* NUL-terminated */
	return b.data;		/* the caller frees it */
}

/* t's text, unpacked: exactly s. */
static int
same(const struct packed_text *t, const char *s)
{
	char	*u = unpack_text(t);
	int	 ok = t->len == strlen(s) && strlen(u) == t->len &&
		    memcmp(u, s, t->len) == 0;

	free(u);
	return ok;
}

static void
test_round_trip(void)
{
	struct arena		 *a = arena_new();
	struct pack		 *p = pack_new(NULL);
	const struct packed_text *t, *t2;
	char			 *s = prose(1, 2000), *s2 = prose(2, 300);
	char			  noise[4096];
	size_t			  i;
	unsigned		  x = 7;

	t = pack_text(p, a, s, strlen(s));
	if (CHECK(t != NULL)) {
		CHECK(t->plen < strlen(s) / 2);
		CHECK(same(t, s));
	}
	/* The packer's scratch is reused: the first text is unchanged. */
	t2 = pack_text(p, a, s2, strlen(s2));
	if (CHECK(t2 != NULL && t != NULL)) {
		CHECK(same(t2, s2));
		CHECK(same(t, s));
	}
	/* Short texts and bytes that do not pack are left to the caller. */
	CHECK(pack_text(p, a, "A short answer.", 15) == NULL);
	CHECK(pack_text(p, a, "", 0) == NULL);
	for (i = 0; i < sizeof(noise); i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(1 + (x >> 16) % 255);
	}
	CHECK(pack_text(p, a, noise, sizeof(noise)) == NULL);
	/* Any bytes but NUL (the texts are C strings). */
	for (i = 0; i < sizeof(noise); i++)
		noise[i] = (char)(1 + i % 7 * 37);
	noise[sizeof(noise) - 1] = '\0';
	t = pack_text(p, a, noise, sizeof(noise) - 1);
	if (CHECK(t != NULL))
		CHECK(same(t, noise));
	pack_free(p);
	arena_free(a);
	free(s);
	free(s2);
	pack_cleanup();
}

/* What the threads of test_threads() unpack. */
struct unpack_job {
	const struct packed_text *t[8];
	char		*s[8];
	int		 bad;
};

static void *
unpack_many(void *arg)
{
	struct unpack_job	*j = arg;
	int			 i;

	for (i = 0; i < 400; i++)
		if (!same(j->t[i % 8], j->s[i % 8]))
			j->bad++;
	return NULL;
}

/* Pages render on several threads, each unpacking its texts. */
static void
test_threads(void)
{
	struct arena		*a = arena_new();
	struct pack		*p = pack_new(NULL);
	struct unpack_job	 j;
	pthread_t		 th[4];
	int			 i, n = 0;

	memset(&j, 0, sizeof(j));
	for (i = 0; i < 8; i++) {
		j.s[i] = prose((unsigned)i + 10, 500 + 300 * (size_t)i);
		j.t[i] = pack_text(p, a, j.s[i], strlen(j.s[i]));
		CHECK(j.t[i] != NULL);
	}
	for (i = 0; i < 4 && j.t[7] != NULL; i++)
		if (pthread_create(&th[i], NULL, unpack_many, &j) == 0)
			n++;
	unpack_many(&j);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	CHECK(j.bad == 0);
	for (i = 0; i < 8; i++)
		free(j.s[i]);
	pack_free(p);
	arena_free(a);
	pack_cleanup();
}

/* A dictionary learnt from n texts of prose, or NULL. */
static struct pack_dict *
dict_of(unsigned seed, size_t n, size_t words)
{
	struct buf		 b = BUF_INIT;
	struct pack_dict	*d;
	size_t			 sizes[64], i;
	char			*s;

	for (i = 0; i < n && i < 64; i++) {
		s = prose(seed + (unsigned)i, words);
		sizes[i] = strlen(s);
		buf_put(&b, s, sizes[i]);
		free(s);
	}
	d = pack_dict_new(b.data, sizes, (unsigned)i);
	buf_free(&b);
	return d;
}

/*
 * Texts packed with a dictionary come back as they were, as those packed
 * without do, beside them and on several threads; and they are smaller.
 */
static void
test_dict(void)
{
	struct arena		 *a = arena_new();
	struct pack_dict	 *d = dict_of(100, 40, 600);
	struct pack		 *p = pack_new(d), *plain = pack_new(NULL);
	const struct packed_text *t, *t0;
	struct unpack_job	  j;
	pthread_t		  th[4];
	size_t			  with = 0, without = 0;
	char			 *s, noise[2048];
	int			  i, n = 0;
	unsigned		  x = 3;

	/* Too little to learn from: packing goes without. */
	CHECK(dict_of(1, 3, 600) == NULL);
	CHECK(dict_of(1, 40, 20) == NULL);
	CHECK(pack_dict_new("", NULL, 0) == NULL);
	if (!CHECK(d != NULL))
		goto out;
	/* Texts of any length, prose or not. */
	for (i = 0; i < 200; i++) {
		s = prose(1000 + (unsigned)i, 5 + 7 * (size_t)i);
		t = pack_text(p, a, s, strlen(s));
		t0 = pack_text(plain, a, s, strlen(s));
		CHECK((t == NULL) == (strlen(s) < 64) || t0 == NULL);
		if (t != NULL) {
			CHECK(t->dict == d);
			CHECK(same(t, s));
			with += t->plen;
			without += t0 != NULL ? t0->plen : strlen(s);
		}
		if (t0 != NULL)
			CHECK(t0->dict == NULL && same(t0, s));
		free(s);
	}
	CHECK(with < without * 9 / 10);
	for (i = 0; i < (int)sizeof(noise) - 1; i++) {
		x = x * 1103515245u + 12345u;
		noise[i] = (char)(1 + (x >> 16) % 255);
	}
	noise[sizeof(noise) - 1] = '\0';
	CHECK(pack_text(p, a, noise, sizeof(noise) - 1) == NULL);
	/* Any thread unpacks with the same dictionary. */
	memset(&j, 0, sizeof(j));
	for (i = 0; i < 8; i++) {
		j.s[i] = prose((unsigned)i + 500, 100 + 300 * (size_t)i);
		j.t[i] = pack_text(i % 2 ? p : plain, a, j.s[i],
		    strlen(j.s[i]));
		CHECK(j.t[i] != NULL);
	}
	for (i = 0; i < 4 && j.t[7] != NULL; i++)
		if (pthread_create(&th[i], NULL, unpack_many, &j) == 0)
			n++;
	unpack_many(&j);
	for (i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	CHECK(j.bad == 0);
	for (i = 0; i < 8; i++)
		free(j.s[i]);
out:
	pack_free(p);
	pack_free(plain);
	arena_free(a);
	pack_dict_free(d);
	pack_cleanup();
}

/* m holds want (NULL: no text). */
static int
holds(const struct opp_markdown *m, const char *want)
{
	char		*tmp;
	const char	*s = opp_markdown_text(m, &tmp);
	int		 ok = want == NULL ? s == NULL && !OPP_MARKDOWN_HAS(m) :
			    s != NULL && OPP_MARKDOWN_HAS(m) &&
			    strcmp(s, want) == 0 && (tmp == NULL) ==
			    (m->packed == NULL);

	free(tmp);
	return ok;
}

/*
 * Compacting copies every text out of the pieces reading allocated, and
 * frees them: a text left pointing there would be lost (and seen by the
 * sanitizers), one mixed up with another would read wrong.
 */
static void
test_compact(void)
{
	struct opportunities	 o;
	struct opportunity	*op;
	char			*want[2][8];
	const char		*shrt = "Send a résumé.";
	size_t			 i, k;

	memset(&o, 0, sizeof(o));
	o.count = 2;
	o.list = calloc(2, sizeof(*o.list));
	o.npieces = 2;
	o.pieces = calloc(2, sizeof(*o.pieces));
	o.pieces[0] = arena_new();
	o.pieces[1] = arena_new();
	for (i = 0; i < 2; i++) {
		/* The second piece's opportunity comes first. */
		struct arena *a = o.pieces[1 - i];

		op = &o.list[i];
		op->piece = 1 - i;
		op->id = arena_strdup(a, i == 0 ? "first" : "second");
		op->ntexts = 2;		/* a text per language, in the piece */
		op->text = arena_calloc(a, op->ntexts, sizeof(*op->text));
		for (k = 0; k < 8; k++) {
			unsigned seed = (unsigned)(i * 8 + k);

			want[i][k] = prose(seed, 200 + 50 * k);
		}
		for (k = 0; k < 2; k++) {
			struct opp_text *t = &op->text[k];

			t->title = arena_strdup(a, "A title");
			t->description.text = arena_strdup(a, want[i][0 + k]);
			t->description.line = 12 + (int)k;
			t->description.col = 5;
			t->evaluation.text = arena_strdup(a, want[i][2 + k]);
			t->acceptance.text = arena_strdup(a, shrt);
			op->eligibility[k].text = arena_strdup(a,
			    want[i][4 + k]);
		}
		op->text[0].how_to_apply.text = arena_strdup(a, want[i][6]);
		op->questions = arena_calloc(a, 1, sizeof(*op->questions));
		op->nquestions = 1;
		op->questions[0].question[0].text = arena_strdup(a, shrt);
		op->questions[0].answer[1].text = arena_strdup(a,
		    want[i][7]);
	}
	opportunities_compact(&o, 2);
	CHECK(o.npieces == 0 && o.pieces == NULL && o.a != NULL);
	for (i = 0; i < 2; i++) {
		op = &o.list[i];
		CHECK_STR(op->id, i == 0 ? "first" : "second");
		for (k = 0; k < 2; k++) {
			struct opp_text *t = &op->text[k];

			CHECK_STR(t->title, "A title");
			CHECK(t->description.packed != NULL);
			CHECK(t->description.text == NULL);
			CHECK(holds(&t->description, want[i][0 + k]));
			CHECK(t->description.line == 12 + (int)k);
			CHECK(t->description.col == 5);
			CHECK(holds(&t->evaluation, want[i][2 + k]));
			/* Too short to pack: kept as it is. */
			CHECK(t->acceptance.packed == NULL);
			CHECK(holds(&t->acceptance, shrt));
			CHECK(holds(&op->eligibility[k], want[i][4 + k]));
		}
		CHECK(holds(&op->text[0].how_to_apply, want[i][6]));
		CHECK(holds(&op->text[1].how_to_apply, NULL));
		CHECK(holds(&op->questions[0].question[0], shrt));
		CHECK(holds(&op->questions[0].question[1], NULL));
		CHECK(holds(&op->questions[0].answer[0], NULL));
		CHECK(holds(&op->questions[0].answer[1], want[i][7]));
		for (k = 0; k < 8; k++)
			free(want[i][k]);
	}
	opportunities_free(&o);
	pack_cleanup();
}

int
main(void)
{
	test_round_trip();
	test_threads();
	test_dict();
	test_compact();
	return test_finish();
}
