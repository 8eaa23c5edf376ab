#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "blobid.h"
#include "cachefile.h"
#include "diag.h"
#include "gitrepo.h"
#include "history.h"
#include "history_cache.h"
#include "history_impl.h"
#include "rawtree.h"
#include "source.h"
#include "xalloc.h"

#define OPP_DIR		"opportunities/"

#define SITE_YML	"_data/site.yml"
#define HISTORY_MSG_MAX		512	/* bytes of a refused path's reason */
#define HISTORY_CACHE_SPARE	4096	/* cached commits off the line kept */

/* Files being collected, in the order first seen; sorted at the end. */
struct collect {
	struct history		*h;	/* the result being filled */
	git_repository		*repo;	/* for reading blobs */
	size_t			 cap;	/* allocated entries of h->files */
	git_oid			*settings_ids; /* blob of each h->settings */
	/* The commit being recorded, and its entry once it has one. */
	const struct hcache_commit *cur; /* what it changed */
	int			 have_entry;	/* h->commit_list's last entry
						 * is this commit's */
	long long		 last_time;	/* the latest commit time on the
						 * line so far */
	/* A small open-addressing index from path to entry. */
	size_t			*slots;	/* entry + 1, 0 when empty */
	size_t			 nslots; /* a power of two */
	size_t			 text;	/* bytes of version text kept */
	int			 over;	/* a version was left out for
					 * HISTORY_MAX_TOTAL */
	struct rawtrees		*keep;	/* folders from one commit to the
					 * next, or NULL */
};

static size_t
hash_path(const char *s)
{
	size_t	h = 5381;

	for (; *s != '\0'; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

static void
index_grow(struct collect *c)
{
	size_t	i, n = c->nslots ? c->nslots * 2 : 1024;

	free(c->slots);
	c->slots = xcalloc(n, sizeof(*c->slots));
	c->nslots = n;
	for (i = 0; i < c->h->count; i++) {
		size_t s = hash_path(c->h->files[i].path) & (n - 1);

		while (c->slots[s] != 0)
			s = (s + 1) & (n - 1);
		c->slots[s] = i + 1;
	}
}

/* The entry for path, created when missing. */
static struct history_file *
file_get(struct collect *c, const char *path)
{
	size_t	s;

	if (c->h->count * 2 >= c->nslots)
		index_grow(c);
	s = hash_path(path) & (c->nslots - 1);
	while (c->slots[s] != 0) {
		struct history_file *f = &c->h->files[c->slots[s] - 1];

		if (strcmp(f->path, path) == 0)
			return f;
		s = (s + 1) & (c->nslots - 1);
	}
	if (c->h->count == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->h->files = xreallocarray(c->h->files, c->cap,
		    sizeof(*c->h->files));
	}
	c->slots[s] = c->h->count + 1;
	memset(&c->h->files[c->h->count], 0, sizeof(*c->h->files));
	c->h->files[c->h->count].path = xstrdup(path);
	return &c->h->files[c->h->count++];
}

/* Is path an opportunity file? */
static int
is_opp(const char *path)
{
	return path != NULL && strncmp(path, OPP_DIR, strlen(OPP_DIR)) == 0;
}

/* A blob's text, when it is small enough to keep; else NULL. */
char *
history_blob_text(size_t *lenp, git_repository *repo, const git_oid *id,
    git_object_size_t size)
{
	git_blob	*blob = NULL;
	char		*data = NULL;

	*lenp = 0;
	if (size > HISTORY_MAX_TEXT || git_blob_lookup(&blob, repo, id) != 0)
		return NULL;
	if ((size_t)git_blob_rawsize(blob) <= HISTORY_MAX_TEXT) {
		*lenp = (size_t)git_blob_rawsize(blob);
		data = xmalloc(*lenp + 1);
		memcpy(data, git_blob_rawcontent(blob), *lenp);
		data[*lenp] = '\0';
	}
	git_blob_free(blob);
	return data;
}

/*
 * The index of the site settings whose blob is id (NULL: none) in
 * h->settings, read on first use; or -1.
 */
static int
settings_index(struct collect *c, const git_oid *id)
{
	size_t		 i;

	if (id == NULL)
		return -1;
	for (i = 0; i < c->h->nsettings; i++)
		if (git_oid_equal(&c->settings_ids[i], id))
			return (int)i;
	c->h->settings = xreallocarray(c->h->settings, i + 1,
	    sizeof(*c->h->settings));
	c->settings_ids = xreallocarray(c->settings_ids, i + 1,
	    sizeof(*c->settings_ids));
	c->h->settings[i].data = history_blob_text(&c->h->settings[i].len, c->repo,
	    id, 0);
	if (c->h->settings[i].data == NULL)
		return -1;
	git_oid_cpy(&c->settings_ids[i], id);
	c->h->nsettings++;
	return (int)i;
}

/* The blob of the site settings in tree, when it is a file. */
static int
settings_blob(git_oid *out, git_tree *tree)
{
	git_tree_entry	*e = NULL;
	int		 ok;

	if (tree == NULL || git_tree_entry_bypath(&e, tree, SITE_YML) != 0)
		return 0;
	ok = git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB ||
	    git_tree_entry_filemode(e) == GIT_FILEMODE_BLOB_EXECUTABLE;
	if (ok)
		git_oid_cpy(out, git_tree_entry_id(e));
	git_tree_entry_free(e);
	return ok;
}

/*
 * The length of the valid UTF-8 character at s (n bytes left) that is not
 * a control character, or 0.
 */
static size_t
utf8_char(const unsigned char *s, size_t n)
{
	unsigned int	cp;
	size_t		len, i;

	if (s[0] < 0x80)
		return s[0] >= 0x20 && s[0] != 0x7f;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (len == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

/*
 * Text from a commit, fit to show anywhere: at most max bytes of valid
 * UTF-8, each control character or invalid byte made U+FFFD.
 */
static char *
display_text(const char *s, size_t max)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 n = strlen(s), i = 0, len, o = 0;
	char			*out = xmalloc(max + 4);

	while (i < n) {
		len = utf8_char(p + i, n - i);
		if (o + (len ? len : 3) > max)
			break;
		if (len == 0) {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i++;
		} else {
			memcpy(out + o, s + i, len);
			o += len;
			i += len;
		}
	}
	out[o] = '\0';
	return out;
}

/* The "Correction:" trailer of a commit message, or NULL. */
static char *
correction_of(const char *message)
{
	git_message_trailer_array	 arr;
	char				*reason = NULL;
	size_t				 i;

	if (message == NULL || git_message_trailers(&arr, message) != 0)
		return NULL;
	for (i = 0; i < arr.count && reason == NULL; i++)
		if (strcasecmp(arr.trailers[i].key, "Correction") == 0 &&
		    arr.trailers[i].value[0] != '\0')
			reason = display_text(arr.trailers[i].value,
			    HISTORY_SUBJECT_MAX);
	git_message_trailer_array_free(&arr);
	return reason;
}

/* The index of the walked commit in h->commit_list, made on first use. */
static size_t
commit_entry(struct collect *c)
{
	struct history_commit	*hc;
	const struct hcache_commit *e = c->cur;

	if (c->have_entry)
		return c->h->ncommits - 1;
	c->h->commit_list = xreallocarray(c->h->commit_list,
	    c->h->ncommits + 1, sizeof(*c->h->commit_list));
	hc = &c->h->commit_list[c->h->ncommits++];
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hc->id, sizeof(hc->id), &e->id);
	hc->subject = xstrdup(e->subject != NULL ? e->subject : "");
	hc->correction = e->correction != NULL ? xstrdup(e->correction) :
	    NULL;
	hc->settings = settings_index(c, e->has_settings ? &e->settings_id :
	    NULL);
	c->have_entry = 1;
	return c->h->ncommits - 1;
}

/* A new version of f, made by the walked commit at time t. */
static struct history_version *
version_add(struct collect *c, struct history_file *f, long long t)
{
	struct history_version	*v;

	f->versions = xreallocarray(f->versions, f->nversions + 1,
	    sizeof(*f->versions));
	v = &f->versions[f->nversions++];
	memset(v, 0, sizeof(*v));
	v->time = t;
	if (is_opp(f->path))
		v->commit = commit_entry(c);
	return v;
}

/*
 * A renamed opportunity keeps the versions it had under its old path:
 * they move (never copied, so renaming back and forth costs nothing),
 * and a file created later at the old path starts afresh.
 */
static void
inherit(struct collect *c, const char *to_path, const char *from_path)
{
	struct history_file	*f = file_get(c, from_path), *to;
	size_t			 from = (size_t)(f - c->h->files);

	to = file_get(c, to_path);	/* may move the array */
	f = &c->h->files[from];
	if (to->nversions > 0 || f->nversions == 0)
		return;
	to->versions = f->versions;
	to->nversions = f->nversions;
	to->added = f->added;
	f->versions = NULL;
	f->nversions = 0;
	f->added = 0;
}

/* Record that a commit at time t added, changed or deleted a file. */
static void
record(struct collect *c, const struct hcache_change *ch, long long t)
{
	struct history_file	*f;
	struct history_version	*v;
	const char		*old_path = ch->old_path != NULL ?
				    ch->old_path : ch->path;
	char			*from = NULL;

	if (ch->status == GIT_DELTA_DELETED ||
	    (ch->status == GIT_DELTA_RENAMED && !is_opp(ch->path))) {
		/* A deleted page starts again if it comes back; a deleted
		 * opportunity is a change the rules forbid. */
		if (is_opp(old_path)) {
			f = file_get(c, old_path);
			version_add(c, f, t)->deleted = 1;
		}
		if (ch->status == GIT_DELTA_DELETED)
			return;
	}
	if (ch->status == GIT_DELTA_RENAMED && is_opp(ch->path) &&
	    is_opp(old_path)) {
		inherit(c, ch->path, old_path);
		from = display_text(old_path, 4096);
	}
	f = file_get(c, ch->path);
	if (ch->status == GIT_DELTA_ADDED && f->nversions == 0)
		f->added = t;
	if (f->added == 0)
		f->added = t;
	f->changed = t;
	v = version_add(c, f, t);
	v->renamed_from = from;
	if (!is_opp(f->path) || ch->new_mode == GIT_FILEMODE_LINK ||
	    ch->new_mode == GIT_FILEMODE_COMMIT)
		return;
	if (ch->new_size > HISTORY_MAX_TEXT)
		return;
	if (ch->new_size > HISTORY_MAX_TOTAL - c->text) {
		c->over = 1;
		return;
	}
	/* Read when it is needed: most versions never are. */
	memcpy(v->blob, ch->new_id.id, sizeof(v->blob));
	v->has_blob = 1;
	v->len = (size_t)ch->new_size;
	c->text += v->len;
}

/* A file the commit changed, kept until the walk is over. */
static int
walk_change(const struct gitrepo_change *ch, void *ctx)
{
	struct hcache_commit	*e = ctx;
	struct hcache_change	*c;

	if ((e->nchanges & (e->nchanges - 1)) == 0)
		e->changes = xreallocarray(e->changes, e->nchanges ?
		    e->nchanges * 2 : 1, sizeof(*e->changes));
	c = &e->changes[e->nchanges++];
	memset(c, 0, sizeof(*c));
	c->status = ch->status;
	c->path = xstrdup(ch->path);
	git_oid_cpy(&c->old_id, &ch->old_id);
	git_oid_cpy(&c->new_id, &ch->new_id);
	c->old_mode = (unsigned int)ch->old_mode;
	c->new_mode = (unsigned int)ch->new_mode;
	c->new_size = (unsigned long long)ch->new_size;
	return 0;
}

/* A path the walk would not enter: history goes on without it. */
static void
walk_refuse(const char *path, const char *msg, void *ctx)
{
	struct hcache_commit	*e = ctx;

	if ((e->nproblems & (e->nproblems - 1)) == 0)
		e->problems = xreallocarray(e->problems, e->nproblems ?
		    e->nproblems * 2 : 1, sizeof(*e->problems));
	e->problems[e->nproblems].path = xstrdup(path);
	e->problems[e->nproblems].msg = display_text(msg, HISTORY_MSG_MAX);
	e->nproblems++;
}

/*
 * A renamed opportunity is one opportunity, moved: an opportunity file
 * deleted and another added with the same content in one commit become
 * one rename (the deleted entry is dropped, the added one names both).
 */
static void
pair_renames(struct hcache_commit *e)
{
	size_t	i, j, n;

	for (i = 0; i < e->nchanges; i++) {
		struct hcache_change *del = &e->changes[i];

		if (del->status != GIT_DELTA_DELETED || !is_opp(del->path))
			continue;
		for (j = 0; j < e->nchanges; j++) {
			struct hcache_change *add = &e->changes[j];

			if (add->status != GIT_DELTA_ADDED ||
			    !is_opp(add->path) ||
			    !git_oid_equal(&add->new_id, &del->old_id))
				continue;
			add->status = GIT_DELTA_RENAMED;
			add->old_path = del->path;
			git_oid_cpy(&add->old_id, &del->old_id);
			add->old_mode = del->old_mode;
			del->status = GIT_DELTA_UNMODIFIED;
			del->path = NULL;
			break;
		}
	}
	for (i = n = 0; i < e->nchanges; i++)
		if (e->changes[i].status != GIT_DELTA_UNMODIFIED)
			e->changes[n++] = e->changes[i];
	e->nchanges = n;
}

/*
 * What one commit changed against its first parent, within the input
 * paths, through the bounded walk of gitrepo.h (never deeper than the
 * source reads): a new entry for the cache, or NULL when an object
 * could not be read.
 */
static struct hcache_commit *
walk_commit(struct collect *c, const git_oid *id)
{
	static const char *const roots[] = { "opportunities", "site" };
	git_commit		*commit = NULL, *parent = NULL;
	git_tree		*tree = NULL, *ptree = NULL;
	struct gitrepo_walk	 how;
	struct hcache_commit	*e = xcalloc(1, sizeof(*e));
	const char		*summary;
	size_t			 i;

	git_oid_cpy(&e->id, id);
	if (git_commit_lookup(&commit, c->repo, id) != 0 ||
	    git_commit_tree(&tree, commit) != 0)
		goto fail;
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) != 0 ||
	    git_commit_tree(&ptree, parent) != 0))
		goto fail;
	memset(&how, 0, sizeof(how));
	how.max_depth = source_default_limits.max_depth;
	how.max_entries = GITREPO_MAX_ENTRIES;
	how.roots = roots;
	how.nroots = sizeof(roots) / sizeof(*roots);
	how.change = walk_change;
	how.problem = walk_refuse;
	how.ctx = e;
	how.keep = c->keep;
	if (gitrepo_tree_walk(c->repo, ptree, tree, &how) < 0)
		goto fail;
	pair_renames(e);
	e->time = (long long)git_commit_time(commit);
	summary = git_commit_summary(commit);
	e->subject = display_text(summary != NULL ? summary : "",
	    HISTORY_SUBJECT_MAX);
	e->correction = correction_of(git_commit_message(commit));
	for (i = 0; i < e->nchanges; i++)
		if (is_opp(e->changes[i].path) ||
		    is_opp(e->changes[i].old_path)) {
			e->has_settings = settings_blob(&e->settings_id,
			    ptree);
			break;
		}
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(commit);
	return e;
fail:
	hcache_commit_free(e);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(commit);
	return NULL;
}

/* Record what commit e changed, as the walk found it or the cache kept. */
static void
apply_commit(struct collect *c, const struct hcache_commit *e,
    struct diags *d)
{
	char	hex[GIT_OID_HEXSZ + 1];
	size_t	i;

	git_oid_tostr(hex, sizeof(hex), &e->id);
	for (i = 0; i < e->nproblems; i++)
		diag_warning(d, e->problems[i].path, 0, 0, "in commit %.12s: "
		    "%s; history leaves it out", hex, e->problems[i].msg);
	c->cur = e;
	c->have_entry = 0;
	/*
	 * A commit reached the branch no earlier than its parent: a commit
	 * dated before its parent (a clock wrong, or a date set by hand to
	 * pass for a change made while open) counts at its parent's time.
	 */
	if (e->time > c->last_time)
		c->last_time = e->time;
	for (i = 0; i < e->nchanges; i++)
		record(c, &e->changes[i], c->last_time);
	c->cur = NULL;
	c->h->commits++;
}

int
history_file_cmp(const void *pa, const void *pb)
{
	const struct history_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

/*
 * The walk's bounds, in words: a cache written under other bounds, or
 * by another version of the walk, is not this walk's.
 */
static char *
cache_format(void)
{
	return xasprintf("history 1; roots opportunities site; depth %d; "
	    "entries %zu; subject %d; message %d",
	    source_default_limits.max_depth, (size_t)GITREPO_MAX_ENTRIES,
	    HISTORY_SUBJECT_MAX, HISTORY_MSG_MAX);
}

/*
 * Walk the first-parent line to start, oldest first. Commits the cache
 * holds are not walked again; with a cache, the line is written back
 * when it held something new.
 */
static int
history_walk(struct collect *c, const git_oid *start, int flags,
    struct diags *d)
{
	git_revwalk		 *walk = NULL;
	git_oid			  id;
	struct hcache		  cache;
	struct hcache_commit	**line = NULL, *e;
	char			 *path = NULL, *format = NULL;
	size_t			  n = 0, cap = 0, fresh = 0;
	int			  rc = -1;

	memset(&cache, 0, sizeof(cache));
	if (!(flags & HISTORY_NO_CACHE)) {
		path = cachefile_path(c->repo, "history.cache");
		format = cache_format();
		(void)hcache_read(&cache, path, format);
	}
	if (git_revwalk_new(&walk, c->repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) != 0 ||
	    git_revwalk_simplify_first_parent(walk) != 0 ||
	    git_revwalk_push(walk, start) != 0)
		goto fail;
	while (git_revwalk_next(&id, walk) == 0) {
		if ((e = hcache_find(&cache, &id)) == NULL) {
			/* Each commit's folders are the next one's parent's. */
			if (c->keep == NULL)
				c->keep = rawtrees_new(c->repo);
			if ((e = walk_commit(c, &id)) == NULL)
				goto fail;
			hcache_add(&cache, e);
			fresh++;
		}
		apply_commit(c, e, d);
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			line = xreallocarray(line, cap, sizeof(*line));
		}
		line[n++] = e;
	}
	/* Keep other lines' commits too (a branch checked now and then),
	 * within bounds. */
	if (path != NULL && (fresh > 0 || cache.count > n + HISTORY_CACHE_SPARE))
		(void)hcache_write(path, format, line, n, &cache,
		    n + HISTORY_CACHE_SPARE);
	rc = 0;
	goto out;
fail:
	diag_error(d, NULL, 0, 0, "cannot read the history: %s",
	    gitrepo_error());
out:
	rawtrees_free(c->keep);
	c->keep = NULL;
	free(line);
	hcache_free(&cache);
	free(path);
	free(format);
	git_revwalk_free(walk);
	return rc;
}

int
history_load(struct history *out, const char *repo_dir, const char *rev,
    int flags, struct diags *d)
{
	git_repository	*repo = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	git_libgit2_init();
	if (gitrepo_open(&repo, repo_dir, d) == 0 &&
	    (rc = history_load_repo(out, repo, rev, flags, d)) == 0 &&
	    out->repo != NULL) {
		out->own_repo = 1;	/* closed by history_free() */
		return 0;
	}
	git_repository_free(repo);
	git_libgit2_shutdown();
	return rc;
}

int
history_load_repo(struct history *out, git_repository *repo, const char *rev,
    int flags, struct diags *d)
{
	struct collect	 c;
	git_object	*obj = NULL;
	git_commit	*commit = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.h = out;
	c.repo = repo;
	if (git_repository_is_shallow(c.repo) == 1) {
		diag_report(d, DIAG_NOTE, NULL, 0, 0, "this is a shallow clone: "
		    "posted dates and amendments are not shown (fetch the "
		    "whole history to have them)");
		rc = 0;
		goto out;
	}
	if (git_revparse_single(&obj, c.repo, rev ? rev : "HEAD") != 0 ||
	    git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT)
	    != 0) {
		rc = 0;	/* no commit yet: nothing to date */
		goto out;
	}
	if (history_walk(&c, git_commit_id(commit), flags, d) != 0)
		goto out;
	if (c.over)
		diag_warning(d, NULL, 0, 0, "the versions of opportunity files "
		    "in the history add up to more than %zu bytes: the "
		    "amendments of the later ones are not shown",
		    HISTORY_MAX_TOTAL);
	if (out->count > 1)
		qsort(out->files, out->count, sizeof(*out->files), history_file_cmp);
	out->available = 1;
	out->cached = !(flags & HISTORY_NO_CACHE);
	out->repo = c.repo;	/* versions are read from it */
	rc = 0;
out:
	free(c.slots);
	free(c.settings_ids);
	git_commit_free(commit);
	git_object_free(obj);
	return rc;
}
