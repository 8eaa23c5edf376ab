/*
 * Links noted as pages render: each held in 16 bytes, its strings once,
 * and every output path, and the links found in HTML. See links.h; they
 * are checked in links_check.c.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "links.h"
#include "links_impl.h"
#include "page.h"
#include "site.h"
#include "urlcheck.h"
#include "xalloc.h"

static const char *intern(struct links *, const char *);

struct links *
links_new(const struct site *site)
{
	struct links	*l = xcalloc(1, sizeof(*l));

	l->a = arena_new();
	l->root = arena_strdup(l->a, site->root_path);
	l->base_url = arena_strdup(l->a, site->base_url != NULL ?
	    site->base_url : "");
	return l;
}

void
links_free(struct links *l)
{
	size_t	i;

	if (l == NULL)
		return;
	for (i = 0; i < l->nblocks; i++)
		free(l->blocks[i]);
	free(l->blocks);
	free(l->strs);
	free(l->wheres);
	free(l->where_slot);
	strset_free(&l->names);
	free(l->outputs);
	free(l->ohash);
	free(l->oidx);
	arena_free(l->a);
	free(l);
}

void
links_merge(struct links *l, struct links *part)
{
	links_add_all(l, part);
	links_free(part);
}

/* An output path's part of links.osum: 64 well-mixed bits of it. */
static unsigned long long
output_hash(const char *s, size_t n)
{
	unsigned long long h = hash_mix64_bytes(0x6f7574707574ULL, s, n);

	h ^= h >> 31;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 29);
}

/* Room in l for n more outputs. */
static void
outputs_room(struct links *l, size_t n)
{
	if (l->nout + n <= l->capout)
		return;
	while (l->nout + n > l->capout)
		l->capout = l->capout ? l->capout * 2 : 256;
	l->outputs = xreallocarray(l->outputs, l->capout,
	    sizeof(*l->outputs));
	l->ohash = xreallocarray(l->ohash, l->capout, sizeof(*l->ohash));
}

void
links_add_outputs(struct links *l, const struct links *part)
{
	size_t	i;

	if (part->nout == 0)
		return;
	outputs_room(l, part->nout);
	memcpy(l->ohash + l->nout, part->ohash, part->nout *
	    sizeof(*l->ohash));
	for (i = 0; i < part->nout; i++)
		l->outputs[l->nout++] = arena_strdup(l->a, part->outputs[i]);
	l->osum += part->osum;
	l->indexed = 0;
}

void
links_share_outputs(struct links *l, const struct links *part)
{
	if (part->nout == 0)
		return;
	outputs_room(l, part->nout);
	memcpy(l->outputs + l->nout, part->outputs,
	    part->nout * sizeof(*l->outputs));
	memcpy(l->ohash + l->nout, part->ohash, part->nout *
	    sizeof(*l->ohash));
	l->nout += part->nout;
	l->osum += part->osum;
	l->indexed = 0;
}

void
links_reserve_outputs(struct links *l, size_t n)
{
	outputs_room(l, n);
}

static void	index_outputs(struct links *);
static int	has_output(const struct links *, const char *);

int
links_outputs_stay(struct links *now, struct links *before)
{
	size_t	i;

	/*
	 * The same number of outputs with the same sum: the same set, but
	 * for a collision of 64-bit sums, which the paths of one's own
	 * working tree do not seek (only marche serve asks, between its
	 * own builds). Else each is looked up.
	 */
	if (now->nout == before->nout && now->osum == before->osum)
		return 1;
	index_outputs(now);
	for (i = 0; i < before->nout; i++)
		if (!has_output(now, before->outputs[i]))
			return 0;
	return 1;
}

void
links_add_all(struct links *l, const struct links *part)
{
	links_add_outputs(l, part);
	links_add_refs(l, part);
}

/* The number of interned string s (intern()). */
static uint32_t
str_id(const char *s)
{
	uint32_t	id;

	memcpy(&id, s - sizeof(id), sizeof(id));
	return id;
}

/* Room for one more link in l: where it goes, counted. */
static struct link_ref *
ref_new(struct links *l)
{
	size_t	b = l->nrefs >> LINK_SHIFT, o = l->nrefs & (LINK_BLOCK - 1);

	if (b == l->nblocks) {
		l->blocks = xreallocarray(l->blocks, b + 1, sizeof(*l->blocks));
		l->blocks[b] = xreallocarray(NULL, b == 0 ? 64 : LINK_BLOCK,
		    sizeof(**l->blocks));
		if (b == 0)
			l->cap0 = 64;
		l->nblocks++;
	} else if (b == 0 && o == l->cap0) {
		l->cap0 *= 2;
		l->blocks[0] = xreallocarray(l->blocks[0], l->cap0,
		    sizeof(**l->blocks));
	}
	l->nrefs++;
	return &l->blocks[b][o];
}

/* Link i of l, as its strings. */
void
links_ref_get(const struct links *l, size_t i, struct link_view *v)
{
	const struct link_ref	*r = &l->blocks[i >> LINK_SHIFT][i &
				    (LINK_BLOCK - 1)];
	const struct link_where	*w = &l->wheres[r->at];

	v->from = l->strs[w->from];
	v->src = l->strs[w->src];
	v->line = r->line;
	v->col = r->col;
	v->url = l->strs[r->url];
}

static size_t
where_hash(uint32_t from, uint32_t src)
{
	unsigned long long h = ((unsigned long long)from << 32 | src) *
	    0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17);
}

/* The number of the pair of interned strings from and src, made when it
 * is the first. */
static uint32_t
where_of(struct links *l, const char *from, const char *src)
{
	uint32_t	f = str_id(from), s = str_id(src), *slot;
	size_t		k, i;

	if (l->last_at > 0 && l->wheres[l->last_at - 1].from == f &&
	    l->wheres[l->last_at - 1].src == s)
		return l->last_at - 1;
	if (2 * (l->nwheres + 1) > l->where_n) {
		size_t n = l->where_n ? l->where_n * 2 : 64;

		free(l->where_slot);
		l->where_slot = xcalloc(n, sizeof(*l->where_slot));
		l->where_n = n;
		for (i = 0; i < l->nwheres; i++) {
			for (k = where_hash(l->wheres[i].from,
			    l->wheres[i].src) & (n - 1); l->where_slot[k] != 0;
			    k = (k + 1) & (n - 1))
				;
			l->where_slot[k] = (uint32_t)i + 1;
		}
	}
	for (k = where_hash(f, s) & (l->where_n - 1);
	    *(slot = &l->where_slot[k]) != 0; k = (k + 1) & (l->where_n - 1))
		if (l->wheres[*slot - 1].from == f &&
		    l->wheres[*slot - 1].src == s)
			return (l->last_at = *slot) - 1;
	if (l->nwheres == l->capwheres) {
		l->capwheres = l->capwheres ? l->capwheres * 2 : 64;
		l->wheres = xreallocarray(l->wheres, l->capwheres,
		    sizeof(*l->wheres));
	}
	l->wheres[l->nwheres].from = f;
	l->wheres[l->nwheres].src = s;
	*slot = (uint32_t)++l->nwheres;
	return (l->last_at = *slot) - 1;
}

void
links_add_refs(struct links *l, const struct links *part)
{
	const char	*from_in = NULL, *src_in = NULL;	/* part's */
	const char	*from = NULL, *src = NULL;	/* l's copies */
	struct link_view v;
	size_t		 i;

	for (i = 0; i < part->nrefs; i++) {
		links_ref_get(part, i, &v);
		/* A page's links share their page and mostly their
		 * source: the same pointer is the same string. */
		if (v.from != from_in)
			from = intern(l, from_in = v.from);
		if (v.src != src_in)
			src = intern(l, src_in = v.src);
		links_add_held(l, from, src, v.line, v.col, intern(l, v.url));
	}
}

size_t
links_outputs(const struct links *l, const char **first)
{
	*first = l->nout > 0 ? l->outputs[0] : NULL;
	return l->nout;
}

size_t
links_count(const struct links *l)
{
	return l->nrefs;
}

void
links_get(const struct links *l, size_t i, const char **from,
    const char **src, int *line, int *col, const char **url)
{
	struct link_view	v;

	links_ref_get(l, i, &v);
	*from = v.from;
	*src = v.src;
	*line = v.line;
	*col = v.col;
	*url = v.url;
}

void
links_add_output(struct links *l, const char *rel)
{
	size_t	n = strlen(rel);

	outputs_room(l, 1);
	l->ohash[l->nout] = output_hash(rel, n);
	l->osum += l->ohash[l->nout];
	l->outputs[l->nout++] = arena_strndup(l->a, rel, n);
	l->indexed = 0;
}

/*
 * A copy of the n bytes at s in l's strings, numbered: the number is
 * kept in the 4 bytes before the string (str_id()), the string by
 * number in l->strs.
 */
static const char *
str_new(struct links *l, const char *s, size_t n)
{
	char		 small[256], *tmp, *p;
	uint32_t	 id = (uint32_t)l->nstrs;

	if (l->nstrs >= UINT32_MAX)
		abort();	/* far past any site: pages are bounded */
	tmp = n + sizeof(id) <= sizeof(small) ? small :
	    xmalloc(n + sizeof(id));
	memcpy(tmp, &id, sizeof(id));
	memcpy(tmp + sizeof(id), s, n);
	p = arena_strndup(l->a, tmp, n + sizeof(id)) + sizeof(id);
	if (tmp != small)
		free(tmp);
	if (l->nstrs == l->capstrs) {
		l->capstrs = l->capstrs ? l->capstrs * 2 : 64;
		l->strs = xreallocarray(l->strs, l->capstrs,
		    sizeof(*l->strs));
	}
	l->strs[l->nstrs++] = p;
	return p;
}

/* The copy of s in l's strings, made when it is the first. */
static const char *
intern(struct links *l, const char *s)
{
	size_t		 h = hash_str(s);
	const char	*have = strset_get_h(&l->names, s, h);
	const char	*copy;

	if (have != NULL)
		return have;
	copy = str_new(l, s, strlen(s));
	strset_put_h(&l->names, copy, h);
	return copy;
}

void
links_add(struct links *l, const char *from, const char *src, int line,
    int col, const char *url)
{
	from = intern(l, from);
	src = intern(l, src);
	links_add_held(l, from, src, line, col, intern(l, url));
}

const char *
links_intern(struct links *l, const char *s)
{
	return intern(l, s);
}

void
links_add_held(struct links *l, const char *from, const char *src,
    int line, int col, const char *url)
{
	uint32_t	 at = where_of(l, from, src);
	struct link_ref	*r = ref_new(l);

	r->at = at;
	r->url = str_id(url);
	r->line = line;
	r->col = col;
}

/* links_add() of an address of n bytes whose hash_span() is h, with from
 * and src interned. */
static void
links_add_span(struct links *l, const char *from, const char *src,
    const char *url, size_t n, size_t h)
{
	const char	*have;
	char		*copy;

	/* Looked up as a string of its own: the arena keeps the spare
	 * copy. */
	copy = arena_strndup(l->a, url, n);
	if ((have = strset_get_h(&l->names, copy, h)) == NULL) {
		have = str_new(l, url, n);
		strset_put_h(&l->names, have, h);
	}
	links_add_held(l, from, src, 0, 0, have);
}

/*
 * The links of one page's HTML, each held once: a table of the addresses
 * seen (open addressing, by hash), pointing at l's interned copies.
 */
struct seen {
	const char	**slot;	/* interned strings, NULL when empty */
	size_t		 *len;	/* their lengths */
	size_t		  n;	/* slots, a power of two */
	size_t		  used;	/* slots in use */
};

/* The slot of the n bytes at s in set: theirs, or the empty one. */
static size_t
seen_slot(const struct seen *set, const char *s, size_t n, size_t h)
{
	size_t	k = h & (set->n - 1);

	while (set->slot[k] != NULL && (set->len[k] != n ||
	    memcmp(set->slot[k], s, n) != 0))
		k = (k + 1) & (set->n - 1);
	return k;
}

/* Add interned string str, n bytes whose hash_span() is h, to set, which
 * does not hold it. */
static void
seen_put(struct seen *set, const char *str, size_t n, size_t h)
{
	size_t	k, i;

	if (2 * (set->used + 1) > set->n) {
		struct seen grown = { NULL, NULL, set->n ? set->n * 2 : 64, 0 };

		grown.slot = xcalloc(grown.n, sizeof(*grown.slot));
		grown.len = xcalloc(grown.n, sizeof(*grown.len));
		for (i = 0; i < set->n; i++)
			if (set->slot[i] != NULL)
				seen_put(&grown, set->slot[i], set->len[i],
				    hash_span(set->slot[i], set->len[i]));
		free(set->slot);
		free(set->len);
		*set = grown;
	}
	k = seen_slot(set, str, n, h);
	set->slot[k] = str;
	set->len[k] = n;
	set->used++;
}

/* Does set hold the n bytes at s, whose hash_span() is h? */
static int
seen_has(const struct seen *set, const char *s, size_t n, size_t h)
{
	return set->n != 0 && set->slot[seen_slot(set, s, n, h)] != NULL;
}

/* Where an attribute's value starts, one list for each attribute name. */
struct attr_starts {
	const char	**at;
	size_t		  n, cap;
};

static void
attr_starts_push(struct attr_starts *v, const char *p)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->at = xreallocarray(v->at, v->cap, sizeof(*v->at));
	}
	v->at[v->n++] = p;
}

void
links_scan_html(struct links *l, const char *from, const char *src,
    const char *html, size_t len)
{
	const char		*end = html + len, *p, *q, *v;
	struct seen		 seen = { NULL, NULL, 0, 0 };
	struct attr_starts	 found[2];	/* href, then src */
	struct buf		 url = BUF_INIT;
	struct link_view	 lv;
	size_t			 k, i, n, h, start = l->nrefs;

	/* Links already noted for this page, from Markdown, come first. */
	while (start > 0 && (links_ref_get(l, start - 1, &lv),
	    strcmp(lv.from, from) == 0))
		start--;
	for (i = start; i < l->nrefs; i++) {
		links_ref_get(l, i, &lv);
		n = strlen(lv.url);
		h = hash_span(lv.url, n);
		if (!seen_has(&seen, lv.url, n, h))
			seen_put(&seen, lv.url, n, h);
	}
	/* Every ' href="' and ' src="', by its '=': one pass over the page. */
	memset(found, 0, sizeof(found));
	for (p = html; p < end && (p = memchr(p, '=', (size_t)(end - p))) !=
	    NULL; p++) {
		if (p + 1 >= end || p[1] != '"')
			continue;
		if (p - html >= 5 && memcmp(p - 5, " href", 5) == 0)
			attr_starts_push(&found[0], p + 2);
		else if (p - html >= 4 && memcmp(p - 4, " src", 4) == 0)
			attr_starts_push(&found[1], p + 2);
	}
	/* Hrefs first, then srcs, each in page order, each address once. */
	from = intern(l, from);
	src = intern(l, src);
	for (k = 0; k < 2; k++) {
		for (i = 0; i < found[k].n; i++) {
			v = found[k].at[i];
			if ((q = memchr(v, '"', (size_t)(end - v))) == NULL)
				continue;
			n = (size_t)(q - v);
			if (memchr(v, '&', n) != NULL) {
				/* Undo the escaping templates apply: &amp; is
				 * all a URL needs. */
				buf_reset(&url);
				for (p = v; p < q; p++) {
					buf_putc(&url, *p);
					if (*p == '&' && q - p >= 5 &&
					    memcmp(p, "&amp;", 5) == 0)
						p += 4;
				}
				v = url.data;
				n = url.len;
			}
			h = hash_span(v, n);
			if (seen_has(&seen, v, n, h))
				continue;
			links_add_span(l, from, src, v, n, h);
			links_ref_get(l, l->nrefs - 1, &lv);
			seen_put(&seen, lv.url, n, h);
		}
		free(found[k].at);
	}
	buf_free(&url);
	free(seen.slot);
	free(seen.len);
}

/* Index l's outputs by hash (at most half the slots full). */
static void
index_outputs(struct links *l)
{
	size_t	i, j, n = 16;

	if (l->indexed)
		return;
	while (n < 2 * l->nout)
		n *= 2;
	if (n != l->noidx) {
		free(l->oidx);
		l->oidx = xcalloc(n, sizeof(*l->oidx));
		l->noidx = n;
	} else
		memset(l->oidx, 0, n * sizeof(*l->oidx));
	for (i = 0; i < l->nout; i++) {
		for (j = l->ohash[i] & (n - 1); l->oidx[j] != 0;
		    j = (j + 1) & (n - 1))
			;
		l->oidx[j] = i + 1;
	}
	l->indexed = 1;
}

/* Is path one of l's outputs? l is indexed. */
static int
has_output(const struct links *l, const char *path)
{
	unsigned long long h = output_hash(path, strlen(path));
	size_t	j;

	for (j = h & (l->noidx - 1); l->oidx[j] != 0;
	    j = (j + 1) & (l->noidx - 1))
		if (l->ohash[l->oidx[j] - 1] == h &&
		    strcmp(l->outputs[l->oidx[j] - 1], path) == 0)
			return 1;
	return 0;
}

int
links_has_output(struct links *l, const char *path)
{
	index_outputs(l);
	return has_output(l, path);
}
