/*
 * Trees read raw (rawtree.h) against a plain reading of the same bytes:
 * generated folders whose names crowd around each other ("a", "a-",
 * "a.0", a file and a folder both "a" with many names between them) are
 * written as tree objects, read alone and read like another, and each
 * must be kept exactly when the plain reading finds no file and folder
 * of the same name, with the same entries in the same order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>
#include <git2/sys/mempack.h>

#include "rawtree.h"
#include "testing.h"

/* One entry of a generated folder. */
struct gen {
	char	name[8];
	int	tree;
	unsigned char id[20];
};

static unsigned long	seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(seed >> 33) % n;
}

static int
name_cmp(const void *pa, const void *pb)
{
	const struct gen	*a = pa, *b = pb;

	return strcmp(a->name, b->name);
}

/* Git's order: a folder's name sorts as if it ended in '/'. */
static int
gen_cmp(const void *pa, const void *pb)
{
	const struct gen	*a = pa, *b = pb;
	char			 ka[10], kb[10];

	snprintf(ka, sizeof(ka), "%s%s", a->name, a->tree ? "/" : "");
	snprintf(kb, sizeof(kb), "%s%s", b->name, b->tree ? "/" : "");
	return strcmp(ka, kb);
}

/*
 * n random entries, sorted, without two of the same name; with twin, one
 * more: the other kind of an entry's name.
 */
static size_t
gen_folder(struct gen *g, size_t n, int twin)
{
	static const char	alpha[] = "-.0";
	size_t			i, j, k, len;

	for (i = 0; i < n; i++) {
		len = 1 + rnd(5);
		g[i].name[0] = "abc"[rnd(3)];
		for (k = 1; k < len; k++)
			g[i].name[k] = alpha[rnd(sizeof(alpha) - 1)];
		g[i].name[len] = '\0';
		g[i].tree = rnd(4) == 0;
		for (k = 0; k < 20; k++)
			g[i].id[k] = (unsigned char)rnd(256);
	}
	qsort(g, n, sizeof(*g), name_cmp);
	for (i = j = 0; i < n; i++)
		if (j == 0 || strcmp(g[j - 1].name, g[i].name) != 0)
			g[j++] = g[i];
	if (twin && j > 0) {
		g[j] = g[rnd((unsigned)j)];
		g[j].tree = !g[j].tree;
		j++;
	}
	qsort(g, j, sizeof(*g), gen_cmp);
	return j;
}

/* The plain reading: is there a file and a folder of the same name? */
static int
gen_twin(const struct gen *g, size_t n)
{
	size_t	i, j;

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (strcmp(g[i].name, g[j].name) == 0)
				return 1;
	return 0;
}

static void
gen_write(git_oid *id, git_odb *odb, const struct gen *g, size_t n)
{
	struct buf	b = BUF_INIT;
	size_t		i;

	for (i = 0; i < n; i++) {
		buf_puts(&b, g[i].tree ? "40000 " : "100644 ");
		buf_put(&b, g[i].name, strlen(g[i].name) + 1);
		buf_put(&b, (const char *)g[i].id, 20);
	}
	if (git_odb_write(id, odb, b.len ? b.data : "", b.len,
	    GIT_OBJECT_TREE) != 0)
		abort();
	buf_free(&b);
}

/* t holds g's entries exactly, in order. */
static int
same_entries(const struct rawtree *t, const struct gen *g, size_t n)
{
	struct tentry	e;
	size_t		i;

	if (t->count != n)
		return 0;
	for (i = 0; i < n; i++) {
		rawtree_entry(t, i, &e);
		if (strcmp(e.name, g[i].name) != 0 ||
		    (e.type == GIT_OBJECT_TREE) != g[i].tree ||
		    memcmp(e.id.id, g[i].id, 20) != 0)
			return 0;
	}
	return 1;
}

/* Entry i of a and entry j of b are the same. */
static int
same_at(const struct rawtree *a, size_t i, const struct rawtree *b, size_t j)
{
	struct tentry	x, y;

	rawtree_entry(a, i, &x);
	rawtree_entry(b, j, &y);
	return strcmp(x.name, y.name) == 0 && x.mode == y.mode &&
	    git_oid_equal(&x.id, &y.id);
}

/*
 * Where o and n (read like o) differ, as found when n was read, is what
 * comparing their bytes afresh finds, and holds: the entries before and
 * after it are the same in both.
 */
static int
check_middle(git_repository *repo, const struct rawtree *o,
    const struct rawtree *n, const git_oid *nid)
{
	struct rawtrees		*fresh = rawtrees_new(repo);
	const struct rawtree	*alone;
	struct rawtree_middle	 m, want;
	size_t			 i;
	int			 ok;

	rawtree_middle(o, n, &m);
	alone = rawtrees_get(fresh, nid, NULL);
	ok = CHECK(alone != NULL);
	if (ok) {
		rawtree_middle(o, alone, &want);
		ok = CHECK(m.i0 == want.i0 && m.oj == want.oj &&
		    m.nj == want.nj);
	}
	ok = ok && CHECK(m.i0 <= m.oj && m.oj <= o->count &&
	    m.i0 <= m.nj && m.nj <= n->count &&
	    o->count - m.oj == n->count - m.nj);
	for (i = 0; ok && i < m.i0; i++)
		ok = CHECK(same_at(o, i, n, i));
	for (i = 0; ok && m.oj + i < o->count; i++)
		ok = CHECK(same_at(o, m.oj + i, n, m.nj + i));
	rawtrees_put(fresh, alone);
	rawtrees_free(fresh);
	return ok;
}

int
main(void)
{
	static struct gen	 a[400], b[800];
	git_repository		*repo = NULL;
	git_odb			*odb = NULL;
	git_odb_backend		*mem = NULL;
	struct rawtrees		*keep;
	const struct rawtree	*ta, *tb;
	git_oid			 ida, idb;
	size_t			 na, nb, round, i, twins = 0, kept = 0;
	int			 bad = 0;

	git_libgit2_init();
	/* Objects in memory only. */
	if (git_odb_new(&odb) != 0 || git_mempack_new(&mem) != 0 ||
	    git_odb_add_backend(odb, mem, 1) != 0 ||
	    git_repository_wrap_odb(&repo, odb) != 0)
		return 1;
	for (round = 0; round < 400 && !bad; round++) {
		keep = rawtrees_new(repo);
		na = gen_folder(a, 20 + rnd(370), rnd(4) == 0);
		/* b: a with entries dropped, added and changed in places. */
		memcpy(b, a, na * sizeof(*a));
		nb = na;
		for (i = rnd(6); i > 0 && nb > 1; i--) {
			size_t at = rnd((unsigned)nb);

			memmove(&b[at], &b[at + 1], (nb - at - 1) * sizeof(*b));
			nb--;
		}
		nb += gen_folder(b + nb, rnd(6), rnd(3) == 0);
		for (i = rnd(4); i > 0; i--)
			b[rnd((unsigned)nb)].id[0] ^= 1;
		qsort(b, nb, sizeof(*b), gen_cmp);
		for (i = 1; i < nb; i++)	/* drop repeats */
			if (gen_cmp(&b[i - 1], &b[i]) == 0) {
				memmove(&b[i], &b[i + 1], (nb - i - 1) *
				    sizeof(*b));
				nb--;
				i--;
			}
		gen_write(&ida, odb, a, na);
		gen_write(&idb, odb, b, nb);
		ta = rawtrees_get(keep, &ida, NULL);
		tb = rawtrees_get(keep, &idb, ta);
		if (!CHECK((ta == NULL) == gen_twin(a, na)) ||
		    !CHECK((tb == NULL) == gen_twin(b, nb)) ||
		    !CHECK(ta == NULL || same_entries(ta, a, na)) ||
		    !CHECK(tb == NULL || same_entries(tb, b, nb))) {
			printf("  round %zu: %zu and %zu entries\n", round,
			    na, nb);
			bad = 1;
		}
		if (ta != NULL && tb != NULL && !check_middle(repo, ta, tb, &idb))
			bad = 1;
		twins += gen_twin(b, nb);
		kept += tb != NULL;
		rawtrees_put(keep, tb);
		rawtrees_put(keep, ta);
		rawtrees_free(keep);
	}
	/* Both cases were met often. */
	printf("twins %zu kept %zu\n", twins, kept);
	CHECK(twins > 20 && kept > 20);
	git_odb_free(odb);
	git_repository_free(repo);
	git_libgit2_shutdown();
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return test_failed != 0;
}
