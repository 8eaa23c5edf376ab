#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "diag.h"
#include "gitrepo.h"
#include "history.h"
#include "source.h"
#include "xalloc.h"

#define OPP_DIR		"opportunities/"
#define HISTORY_MAX_TEXT	(1024 * 1024)	/* bytes kept of one version */
#define HISTORY_MAX_TOTAL	((size_t)256 * 1024 * 1024) /* ...of all */

#define SITE_YML	"_data/site.yml"

/* Files being collected, in the order first seen; sorted at the end. */
struct collect {
	struct history		*h;	/* the result being filled */
	git_repository		*repo;	/* for reading blobs */
	size_t			 cap;	/* allocated entries of h->files */
	git_oid			*settings_ids; /* blob of each h->settings */
	/* The commit being walked, and its entry once it has one. */
	git_commit		*commit;	/* the commit */
	git_tree		*ptree;		/* its first parent's tree */
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
static char *
blob_text(size_t *lenp, git_repository *repo, const git_oid *id,
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

/* The index of the site settings in tree (NULL: none), or -1. */
static int
settings_index(struct collect *c, git_tree *tree)
{
	git_tree_entry	*e = NULL;
	const git_oid	*id;
	size_t		 i;
	int		 rc = -1;

	if (tree == NULL || git_tree_entry_bypath(&e, tree, SITE_YML) != 0)
		return -1;
	id = git_tree_entry_id(e);
	for (i = 0; i < c->h->nsettings; i++)
		if (git_oid_equal(&c->settings_ids[i], id)) {
			rc = (int)i;
			goto out;
		}
	if (git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB &&
	    git_tree_entry_filemode(e) != GIT_FILEMODE_BLOB_EXECUTABLE)
		goto out;
	c->h->settings = xreallocarray(c->h->settings, i + 1,
	    sizeof(*c->h->settings));
	c->settings_ids = xreallocarray(c->settings_ids, i + 1,
	    sizeof(*c->settings_ids));
	c->h->settings[i].data = blob_text(&c->h->settings[i].len, c->repo,
	    id, 0);
	if (c->h->settings[i].data == NULL)
		goto out;
	git_oid_cpy(&c->settings_ids[i], id);
	c->h->nsettings++;
	rc = (int)i;
out:
	git_tree_entry_free(e);
	return rc;
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
	const char		*summary;

	if (c->have_entry)
		return c->h->ncommits - 1;
	c->h->commit_list = xreallocarray(c->h->commit_list,
	    c->h->ncommits + 1, sizeof(*c->h->commit_list));
	hc = &c->h->commit_list[c->h->ncommits++];
	memset(hc, 0, sizeof(*hc));
	git_oid_tostr(hc->id, sizeof(hc->id), git_commit_id(c->commit));
	summary = git_commit_summary(c->commit);
	hc->subject = display_text(summary != NULL ? summary : "",
	    HISTORY_SUBJECT_MAX);
	hc->correction = correction_of(git_commit_message(c->commit));
	hc->settings = settings_index(c, c->ptree);
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
record(struct collect *c, const git_diff_delta *dl, long long t)
{
	struct history_file	*f;
	struct history_version	*v;
	char			*from = NULL;

	if (dl->status == GIT_DELTA_DELETED ||
	    (dl->status == GIT_DELTA_RENAMED && !is_opp(dl->new_file.path))) {
		/* A deleted page starts again if it comes back; a deleted
		 * opportunity is a change the rules forbid. */
		if (is_opp(dl->old_file.path)) {
			f = file_get(c, dl->old_file.path);
			version_add(c, f, t)->deleted = 1;
		}
		if (dl->status == GIT_DELTA_DELETED)
			return;
	}
	if (dl->status == GIT_DELTA_RENAMED && is_opp(dl->new_file.path) &&
	    is_opp(dl->old_file.path)) {
		inherit(c, dl->new_file.path, dl->old_file.path);
		from = display_text(dl->old_file.path, 4096);
	}
	f = file_get(c, dl->new_file.path);
	if (dl->status == GIT_DELTA_ADDED && f->nversions == 0)
		f->added = t;
	if (f->added == 0)
		f->added = t;
	f->changed = t;
	v = version_add(c, f, t);
	v->renamed_from = from;
	if (!is_opp(f->path) || dl->new_file.mode == GIT_FILEMODE_LINK ||
	    dl->new_file.mode == GIT_FILEMODE_COMMIT)
		return;
	if (dl->new_file.size > HISTORY_MAX_TEXT)
		return;
	if (dl->new_file.size > HISTORY_MAX_TOTAL - c->text) {
		c->over = 1;
		return;
	}
	v->data = blob_text(&v->len, c->repo, &dl->new_file.id,
	    dl->new_file.size);
	c->text += v->len;
}

/* One commit's walk: what walk_change() and walk_refuse() need. */
struct commit_walk {
	struct collect	*c;		/* the files being collected */
	const git_oid	*id;		/* the commit */
	struct diags	*d;		/* where refused paths go */
	git_diff_delta	*deltas;	/* the changes, as record() reads */
	size_t		 n;		/* changes in deltas */
	size_t		 cap;		/* allocated */
};

/* A file the commit changed, kept until the walk is over. */
static int
walk_change(const struct gitrepo_change *ch, void *ctx)
{
	struct commit_walk	*cw = ctx;
	git_diff_delta		*dl;

	if (cw->n == cw->cap) {
		cw->cap = cw->cap ? cw->cap * 2 : 16;
		cw->deltas = xreallocarray(cw->deltas, cw->cap,
		    sizeof(*cw->deltas));
	}
	dl = &cw->deltas[cw->n++];
	memset(dl, 0, sizeof(*dl));
	dl->status = ch->status;
	dl->old_file.path = dl->new_file.path = xstrdup(ch->path);
	git_oid_cpy(&dl->old_file.id, &ch->old_id);
	git_oid_cpy(&dl->new_file.id, &ch->new_id);
	dl->old_file.mode = (uint16_t)ch->old_mode;
	dl->new_file.mode = (uint16_t)ch->new_mode;
	dl->new_file.size = ch->new_size;
	return 0;
}

/* A path the walk would not enter: history goes on without it. */
static void
walk_refuse(const char *path, const char *msg, void *ctx)
{
	struct commit_walk	*cw = ctx;
	char			 hex[GIT_OID_HEXSZ + 1];

	git_oid_tostr(hex, sizeof(hex), cw->id);
	diag_warning(cw->d, path, 0, 0, "in commit %.12s: %s; history "
	    "leaves it out", hex, msg);
}

/*
 * A renamed opportunity is one opportunity, moved: an opportunity file
 * deleted and another added with the same content in one commit become
 * one rename (the deleted entry is emptied, the added one names both).
 */
static void
pair_renames(struct commit_walk *cw)
{
	size_t	i, j;

	for (i = 0; i < cw->n; i++) {
		git_diff_delta *del = &cw->deltas[i];

		if (del->status != GIT_DELTA_DELETED ||
		    !is_opp(del->old_file.path))
			continue;
		for (j = 0; j < cw->n; j++) {
			git_diff_delta *add = &cw->deltas[j];

			if (add->status != GIT_DELTA_ADDED ||
			    !is_opp(add->new_file.path) ||
			    !git_oid_equal(&add->new_file.id,
			    &del->old_file.id))
				continue;
			add->status = GIT_DELTA_RENAMED;
			add->old_file = del->old_file;
			del->status = GIT_DELTA_UNMODIFIED;
			del->old_file.path = NULL;
			break;
		}
	}
}

/*
 * Compare one commit with its first parent, within the input paths,
 * through the bounded walk of gitrepo.h (never deeper than the source
 * reads), and record what it changed.
 */
static int
walk_commit(struct collect *c, const git_oid *id, struct diags *d)
{
	static const char *const roots[] = { "opportunities", "site" };
	git_commit		*commit = NULL, *parent = NULL;
	git_tree		*tree = NULL, *ptree = NULL;
	struct gitrepo_walk	 how;
	struct commit_walk	 cw;
	size_t			 i;
	int			 rc = -1;

	memset(&cw, 0, sizeof(cw));
	if (git_commit_lookup(&commit, c->repo, id) != 0 ||
	    git_commit_tree(&tree, commit) != 0)
		goto out;
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) != 0 ||
	    git_commit_tree(&ptree, parent) != 0))
		goto out;
	cw.c = c;
	cw.id = id;
	cw.d = d;
	memset(&how, 0, sizeof(how));
	how.max_depth = source_default_limits.max_depth;
	how.max_entries = GITREPO_MAX_ENTRIES;
	how.roots = roots;
	how.nroots = sizeof(roots) / sizeof(*roots);
	how.change = walk_change;
	how.problem = walk_refuse;
	how.ctx = &cw;
	if (gitrepo_tree_walk(c->repo, ptree, tree, &how) < 0)
		goto out;
	pair_renames(&cw);
	c->commit = commit;
	c->ptree = ptree;
	c->have_entry = 0;
	/*
	 * A commit reached the branch no earlier than its parent: a commit
	 * dated before its parent (a clock wrong, or a date set by hand to
	 * pass for a change made while open) counts at its parent's time.
	 */
	if ((long long)git_commit_time(commit) > c->last_time)
		c->last_time = (long long)git_commit_time(commit);
	for (i = 0; i < cw.n; i++)
		if (cw.deltas[i].status != GIT_DELTA_UNMODIFIED)
			record(c, &cw.deltas[i], c->last_time);
	c->commit = NULL;
	c->ptree = NULL;
	c->h->commits++;
	rc = 0;
out:
	for (i = 0; i < cw.n; i++)
		free((char *)cw.deltas[i].new_file.path);
	free(cw.deltas);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	git_commit_free(commit);
	return rc;
}

static int
file_cmp(const void *pa, const void *pb)
{
	const struct history_file *a = pa, *b = pb;

	return strcmp(a->path, b->path);
}

static int
history_walk(struct collect *c, const git_oid *start, struct diags *d)
{
	git_revwalk	*walk = NULL;
	git_oid		 id;
	int		 rc = -1;

	if (git_revwalk_new(&walk, c->repo) != 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
	    GIT_SORT_REVERSE) != 0 ||
	    git_revwalk_simplify_first_parent(walk) != 0 ||
	    git_revwalk_push(walk, start) != 0)
		goto fail;
	while (git_revwalk_next(&id, walk) == 0)
		if (walk_commit(c, &id, d) != 0)
			goto fail;
	rc = 0;
	goto out;
fail:
	diag_error(d, NULL, 0, 0, "cannot read the history: %s",
	    gitrepo_error());
out:
	git_revwalk_free(walk);
	return rc;
}

int
history_load(struct history *out, const char *repo_dir, const char *rev,
    struct diags *d)
{
	struct collect	 c;
	git_object	*obj = NULL;
	git_commit	*commit = NULL;
	int		 rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.h = out;
	git_libgit2_init();
	if (gitrepo_open(&c.repo, repo_dir, d) != 0)
		goto out;
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
	if (history_walk(&c, git_commit_id(commit), d) != 0)
		goto out;
	if (c.over)
		diag_warning(d, NULL, 0, 0, "the versions of opportunity files "
		    "in the history add up to more than %zu bytes: the "
		    "amendments of the later ones are not shown",
		    HISTORY_MAX_TOTAL);
	if (out->count > 1)
		qsort(out->files, out->count, sizeof(*out->files), file_cmp);
	out->available = 1;
	rc = 0;
out:
	free(c.slots);
	free(c.settings_ids);
	git_commit_free(commit);
	git_object_free(obj);
	git_repository_free(c.repo);
	git_libgit2_shutdown();
	return rc;
}

void
history_free(struct history *h)
{
	size_t	i, j;

	for (i = 0; i < h->count; i++) {
		for (j = 0; j < h->files[i].nversions; j++) {
			free(h->files[i].versions[j].data);
			free(h->files[i].versions[j].renamed_from);
		}
		free(h->files[i].versions);
		free(h->files[i].path);
	}
	free(h->files);
	for (i = 0; i < h->ncommits; i++) {
		free(h->commit_list[i].subject);
		free(h->commit_list[i].correction);
	}
	free(h->commit_list);
	for (i = 0; i < h->nsettings; i++)
		free(h->settings[i].data);
	free(h->settings);
	memset(h, 0, sizeof(*h));
}

const struct history_file *
history_find(const struct history *h, const char *path)
{
	struct history_file	key;

	if (h == NULL || h->count == 0)
		return NULL;
	key.path = (char *)path;
	return bsearch(&key, h->files, h->count, sizeof(*h->files),
	    file_cmp);
}
