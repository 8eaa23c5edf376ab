#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "buf.h"
#include "diag.h"
#include "hash.h"
#include "links.h"
#include "page.h"
#include "site.h"
#include "urlcheck.h"
#include "xalloc.h"

/*
 * A link noted, in 16 bytes: a build notes close to a million. Its
 * strings are l's, each held once, by number (see intern()); its page and
 * source file, the same for all the links of a page from one file, are
 * held once as a pair.
 */
struct link_ref {
	uint32_t	 at;	/* its page and source, in l->wheres */
	uint32_t	 url;	/* the address as written, in l->strs */
	int32_t		 line;	/* 0 when it comes from a layout */
	int32_t		 col;
};

/* The page a link is on (its output path) and the file it comes from. */
struct link_where {
	uint32_t	 from;	/* in l->strs */
	uint32_t	 src;
};

/* A link as read back: its strings. */
struct link_view {
	const char	*from;	/* output path of the page it is on */
	const char	*src;	/* source file */
	int		 line;	/* 0 when it comes from a layout */
	int		 col;
	const char	*url;	/* as written */
};

/*
 * The links are kept in blocks of LINK_BLOCK (the first grows to it from
 * a few): a set that grows to a million links never copies them all to
 * a larger array, and never holds twice their room while it does.
 */
#define LINK_SHIFT	14
#define LINK_BLOCK	((size_t)1 << LINK_SHIFT)


/*
 * A set of strings that outlive it (arena strings), open addressing, so
 * membership costs the same whatever the number of links: listings and
 * skill pages carry thousands.
 */
struct strset {
	const char	**slot;	/* the strings, NULL when empty */
	size_t		  n;	/* slots, a power of two */
	size_t		  used;	/* slots in use */
};

/* The string of s equal to str, whose hash_str() is h, or NULL. */
static const char *
strset_get_h(const struct strset *s, const char *str, size_t h)
{
	size_t	k;

	if (s->n == 0)
		return NULL;
	for (k = h & (s->n - 1); s->slot[k] != NULL; k = (k + 1) & (s->n - 1))
		if (strcmp(s->slot[k], str) == 0)
			return s->slot[k];
	return NULL;
}

/* Add str, whose hash_str() is h and which s does not hold (kept by
 * pointer), growing the set to stay under half full. */
static void
strset_put_h(struct strset *s, const char *str, size_t h)
{
	size_t	k;

	if (2 * (s->used + 1) > s->n) {
		struct strset grown = { NULL, s->n ? s->n * 2 : 64, 0 };

		grown.slot = xcalloc(grown.n, sizeof(*grown.slot));
		for (k = 0; k < s->n; k++)
			if (s->slot[k] != NULL)
				strset_put_h(&grown, s->slot[k],
				    hash_str(s->slot[k]));
		free(s->slot);
		*s = grown;
	}
	k = h & (s->n - 1);
	while (s->slot[k] != NULL)
		k = (k + 1) & (s->n - 1);
	s->slot[k] = str;
	s->used++;
}

/* Add str (kept by pointer). Returns 1 when it was new, 0 when it was
 * there already. */
static int
strset_add(struct strset *s, const char *str)
{
	size_t	h = hash_str(str);

	if (strset_get_h(s, str, h) != NULL)
		return 0;
	strset_put_h(s, str, h);
	return 1;
}

static void
strset_free(struct strset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

static const char *intern(struct links *, const char *);

struct links {
	struct arena	*a;		/* strings */
	char		*root;		/* the site's root path: "/x/" */
	char		*base_url;	/* the site's address, no final '/' */
	struct link_ref	**blocks;	/* every link noted, link i in
					 * blocks[i >> LINK_SHIFT] */
	size_t		 nblocks;
	size_t		 cap0;		/* links room in blocks[0] */
	size_t		 nrefs;
	struct strset	 names;		/* the strings links name, each
					 * held once: a page's path and its
					 * source are the same for all its
					 * links, and most addresses are
					 * the same on many pages */
	const char	**strs;		/* the same by number */
	size_t		 nstrs, capstrs;
	struct link_where *wheres;	/* each pair of page and source */
	size_t		 nwheres, capwheres;
	uint32_t	*where_slot;	/* 1 + their number by hash, open
					 * addressing, at most half full */
	size_t		 where_n;	/* slots, a power of two, or 0 */
	uint32_t	 last_at;	/* the pair last noted, + 1 */
	char		**outputs;	/* every output path */
	size_t		 nout, capout;
	int		 sorted;	/* outputs are sorted */
};

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
	arena_free(l->a);
	free(l);
}

void
links_merge(struct links *l, struct links *part)
{
	links_add_all(l, part);
	links_free(part);
}

void
links_add_outputs(struct links *l, const struct links *part)
{
	size_t	i;

	for (i = 0; i < part->nout; i++)
		links_add_output(l, part->outputs[i]);
}

static void	sort_outputs(struct links *);

int
links_outputs_stay(struct links *now, struct links *before)
{
	size_t	i, j = 0;
	int	c;

	sort_outputs(now);
	sort_outputs(before);
	for (i = 0; i < before->nout; i++) {
		for (c = 1; j < now->nout && (c = strcmp(now->outputs[j],
		    before->outputs[i])) < 0; j++)
			;
		if (c != 0)
			return 0;
	}
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
static void
ref_get(const struct links *l, size_t i, struct link_view *v)
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
		ref_get(part, i, &v);
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

	ref_get(l, i, &v);
	*from = v.from;
	*src = v.src;
	*line = v.line;
	*col = v.col;
	*url = v.url;
}

void
links_add_output(struct links *l, const char *rel)
{
	if (l->nout == l->capout) {
		l->capout = l->capout ? l->capout * 2 : 256;
		l->outputs = xreallocarray(l->outputs, l->capout,
		    sizeof(*l->outputs));
	}
	l->outputs[l->nout++] = arena_strdup(l->a, rel);
	l->sorted = 0;
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
	while (start > 0 && (ref_get(l, start - 1, &lv),
	    strcmp(lv.from, from) == 0))
		start--;
	for (i = start; i < l->nrefs; i++) {
		ref_get(l, i, &lv);
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
			ref_get(l, l->nrefs - 1, &lv);
			seen_put(&seen, lv.url, n, h);
		}
		free(found[k].at);
	}
	buf_free(&url);
	free(seen.slot);
	free(seen.len);
}

int
links_resolve(char *out, size_t n, const char *from, const char *url,
    const char *root)
{
	char	 path[2048], *seg[256], *s, *save = NULL;
	size_t	 nseg = 0, i, len;
	const char *u = url;

	out[0] = '\0';
	if (*u == '\0' || *u == '#' || *u == '?' || urlcheck_is_external(u))
		return 0;
	/* The folder of the page, then the link, without query/fragment. */
	if (*u == '/') {
		if (strncmp(u, root, strlen(root)) != 0)
			return -1;
		u += strlen(root);
		path[0] = '\0';
	} else {
		const char *slash = strrchr(from, '/');

		len = slash != NULL ? (size_t)(slash - from) + 1 : 0;
		if (len >= sizeof(path))
			return -1;
		memcpy(path, from, len);
		path[len] = '\0';
	}
	len = strlen(path);
	for (; *u != '\0' && *u != '?' && *u != '#' && len + 1 < sizeof(path);
	    u++) {
		if (urlcheck_percent(u) >= 0) {
			path[len++] = (char)urlcheck_percent(u);
			u += 2;
		} else {
			path[len++] = *u;
		}
	}
	path[len] = '\0';
	/* Fold "." and ".." parts; going above the root leaves the site. */
	for (s = strtok_r(path, "/", &save); s != NULL;
	    s = strtok_r(NULL, "/", &save)) {
		if (strcmp(s, ".") == 0)
			continue;
		if (strcmp(s, "..") == 0) {
			if (nseg == 0)
				return -1;
			nseg--;
		} else if (nseg < sizeof(seg) / sizeof(seg[0])) {
			seg[nseg++] = s;
		}
	}
	out[0] = '\0';
	for (i = 0; i < nseg; i++) {
		if (strlen(out) + strlen(seg[i]) + 2 > n)
			return -1;
		if (i > 0)
			strcat(out, "/");
		strcat(out, seg[i]);
	}
	/* A link to a folder means its index.html. */
	{
		size_t	ul = strcspn(url, "?#");

		if (nseg == 0 || (ul > 0 && url[ul - 1] == '/') ||
		    (ul >= 2 && strncmp(url + ul - 2, "/.", 2) == 0)) {
			if (strlen(out) + 12 > n)
				return -1;
			strcat(out, nseg == 0 ? "index.html" : "/index.html");
		}
	}
	return 0;
}

static int
str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
sort_outputs(struct links *l)
{
	if (!l->sorted) {
		qsort(l->outputs, l->nout, sizeof(*l->outputs), str_cmp);
		l->sorted = 1;
	}
}

static int
has_output(struct links *l, const char *path)
{
	const char *key = path;

	sort_outputs(l);
	return bsearch(&key, l->outputs, l->nout, sizeof(*l->outputs),
	    str_cmp) != NULL;
}

/* The links of one page: refs noted for a page are contiguous. */
struct ref_range {
	const char	*from;	/* the page's output path */
	size_t		 start;	/* first ref */
	size_t		 end;	/* one past the last */
};

static int
range_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ref_range *)a)->from,
	    ((const struct ref_range *)b)->from);
}

/* Does some link of page from lead to target? */
static int
links_to(struct links *l, const struct ref_range *ranges, size_t nranges,
    const char *from, const char *target)
{
	struct ref_range	 key = { from, 0, 0 };
	const struct ref_range	*r;
	struct link_view	 v;
	char			 to[2048];
	size_t			 i;

	r = bsearch(&key, ranges, nranges, sizeof(*ranges), range_cmp);
	for (i = r != NULL ? r->start : 0; r != NULL && i < r->end; i++)
		if (ref_get(l, i, &v), links_resolve(to, sizeof(to), from,
		    v.url, l->root) == 0 && strcmp(to, target) == 0)
			return 1;
	return 0;
}

/*
 * Should the outside link r be judged here? A link written in Markdown
 * is judged where it is written; one that comes from a layout is on
 * every page the layout makes, so it is judged once, on the first page.
 */
static int
outside_here(const struct link_view *r, struct strset *from_layouts)
{
	if (!urlcheck_is_external(r->url))
		return 0;
	return r->line > 0 || strset_add(from_layouts, r->url);
}

/* Is url on the site itself (its pages are not published yet)? */
static int
own_address(const struct links *l, const char *url)
{
	size_t	n = strlen(l->base_url);

	return n > 0 && strncmp(url, l->base_url, n) == 0 &&
	    (url[n] == '\0' || url[n] == '/' || url[n] == '?' ||
	    url[n] == '#');
}

/* A fetched address and where its answer is. */
struct answer {
	const char	*url;	/* the address */
	size_t		 i;	/* index of its answer */
};

static int
answer_cmp(const void *a, const void *b)
{
	return strcmp(((const struct answer *)a)->url,
	    ((const struct answer *)b)->url);
}

/* Outside links: their shape, then with fetch, whether they answer. */
static int
links_check_outside(struct links *l, const struct urlcheck_options *fetch,
    struct diags *d)
{
	struct strset		 once = { NULL, 0, 0 }, web = { NULL, 0, 0 };
	struct buf		 why = BUF_INIT;
	const char		**urls = NULL;
	struct urlcheck_result	*res = NULL;
	struct answer		*sorted = NULL;
	struct link_view	 rv;
	size_t			 i, n = 0;
	int			 rc = 0;

	for (i = 0; i < l->nrefs; i++) {
		const struct link_view *r = &rv;
		enum urlcheck_level level;

		ref_get(l, i, &rv);
		if (!outside_here(r, &once))
			continue;
		buf_reset(&why);
		level = urlcheck_shape(&why, r->url);
		if (level != URLCHECK_OK)
			diag_report(d, level == URLCHECK_ERROR ? DIAG_ERROR :
			    DIAG_WARNING, r->src, r->line, r->col, "the link "
			    "'%s' on %s: %s", r->url, r->from, buf_cstr(&why));
		if (level == URLCHECK_ERROR)
			rc = -1;
		else if (fetch != NULL && (strncasecmp(r->url, "https:", 6) ==
		    0 || strncasecmp(r->url, "http:", 5) == 0) &&
		    !own_address(l, r->url) && strset_add(&web, r->url)) {
			urls = xreallocarray(urls, n + 1, sizeof(*urls));
			urls[n++] = r->url;
		}
	}
	strset_free(&once);
	if (n > 0) {
		res = xcalloc(n, sizeof(*res));
		urlcheck_fetch(res, urls, n, fetch);
		sorted = xcalloc(n, sizeof(*sorted));
		for (i = 0; i < n; i++) {
			sorted[i].url = urls[i];
			sorted[i].i = i;
		}
		qsort(sorted, n, sizeof(*sorted), answer_cmp);
		/* Each answer, at every place its link is judged. */
		for (i = 0; i < l->nrefs; i++) {
			const struct link_view *r = &rv;
			const struct urlcheck_result *a;
			const struct answer *hit;
			struct answer key;

			ref_get(l, i, &rv);
			if (!outside_here(r, &once))
				continue;
			key.url = r->url;
			hit = bsearch(&key, sorted, n, sizeof(*sorted),
			    answer_cmp);
			if (hit == NULL)
				continue;
			a = &res[hit->i];
			if (a->status == 0)
				diag_warning(d, r->src, r->line, r->col, "the "
				    "link '%s' on %s could not be reached: %s",
				    r->url, r->from, a->error ? a->error :
				    "no answer");
			else if (urlcheck_broken(a))
				diag_warning(d, r->src, r->line, r->col, "the "
				    "link '%s' on %s is broken: the site "
				    "answered %ld", r->url, r->from, a->status);
			else if (a->moved != NULL)
				diag_report(d, DIAG_NOTE, r->src, r->line,
				    r->col, "the link '%s' on %s has moved to "
				    "'%s' for good: link there directly",
				    r->url, r->from, a->moved);
		}
		strset_free(&once);
		urlcheck_results_free(res, n);
	}
	strset_free(&web);
	free(sorted);
	free(res);
	free(urls);
	buf_free(&why);
	return rc;
}

int
links_check(struct links *l, const struct pages *pages,
    int (*wants)(void *, const struct page *), void *wctx,
    const struct urlcheck_options *fetch, struct diags *d)
{
	struct ref_range	*ranges;
	struct link_view	 rv;
	const char		*last = NULL;
	char			 to[2048];
	size_t			 i, k, nranges = 0;
	int			 rc = 0;

	/* One range per run of links of one page: counted first, as the
	 * pages are far fewer than their links. */
	for (i = 0; i < l->nrefs; i++) {
		ref_get(l, i, &rv);
		if (last == NULL || strcmp(last, rv.from) != 0)
			nranges++;
		last = rv.from;
	}
	ranges = xcalloc(nranges + 1, sizeof(*ranges));
	nranges = 0;
	for (i = 0; i < l->nrefs; i++) {
		ref_get(l, i, &rv);
		if (nranges == 0 || strcmp(ranges[nranges - 1].from,
		    rv.from) != 0) {
			ranges[nranges].from = rv.from;
			ranges[nranges++].start = i;
		}
		ranges[nranges - 1].end = i + 1;
	}
	qsort(ranges, nranges, sizeof(*ranges), range_cmp);

	for (i = 0; i < l->nrefs; i++) {
		const struct link_view *r = &rv;
		int res;

		ref_get(l, i, &rv);
		res = links_resolve(to, sizeof(to), r->from, r->url, l->root);

		if (res == 0 && (to[0] == '\0' || has_output(l, to)))
			continue;
		if (res == 0 && has_output(l, arena_printf(l->a,
		    "%s/index.html", to)))
			continue;
		diag_error(d, r->src, r->line, r->col, res < 0 ? "the link "
		    "'%s' on %s leads outside the site" : "the link '%s' on "
		    "%s leads to a page the site does not have", r->url,
		    r->from);
		rc = -1;
	}
	for (i = 0; i < pages->count; i++) {
		const struct page *pg = &pages->list[i];

		if (pg->out_path == NULL || pg->title == NULL ||
		    (wants != NULL && !wants(wctx, pg)))
			continue;
		for (k = 0; k < SITE_MAX_LANGS; k++) {
			const struct page *t = pg->versions[k];

			if (t == NULL || t == pg || t->out_path == NULL ||
			    links_to(l, ranges, nranges, pg->out_path,
			    t->out_path))
				continue;
			diag_error(d, pg->path, 0, 0, "%s does not link to its "
			    "translation %s: its layout needs a language "
			    "toggle", pg->out_path, t->out_path);
			rc = -1;
		}
	}
	free(ranges);
	if (links_check_outside(l, fetch, d) != 0)
		rc = -1;
	return rc;
}
