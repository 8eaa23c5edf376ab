/*
 * Fuzz target for the history reader: past versions of an opportunity
 * are anyone's bytes and were never checked. The input is a sequence of
 * versions separated by lines "%%"; a version starting "#deleted" is a
 * deletion, "#renamed" a rename. Versions are ten days apart from
 * 2026-01-01 (so steps fall on both sides of a closing), every other
 * commit carries a Correction: trailer, and the commits' parents have as
 * site settings the last version's text. The history is judged, every
 * change is shown as readers see it in both languages, and the first and
 * last versions go through the pull-request rules. Nothing may crash,
 * and every shown text must be a C string.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "buf.h"
#include "changes.h"
#include "diag.h"
#include "history.h"
#include "opportunity.h"
#include "pr.h"
#include "site.h"
#include "value.h"
#include "yml.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VERSIONS	64
#define PATH		"opportunities/fuzz.yml"

/* A site with two languages and two skills, built by hand. */
static void
site_init(struct site *s, struct arena *a)
{
	struct value	*py = value_map(a);

	memset(s, 0, sizeof(*s));
	s->nlangs = 2;
	s->langs[0].code = "en";
	s->langs[0].name = "English";
	s->langs[0].english = "English";
	s->langs[1].code = "fr";
	s->langs[1].name = "Français";
	s->langs[1].english = "French";
	s->time_zone = "America/Toronto";
	s->rules.ceiling = 10000;
	s->rules.answer_delay_hours = 48;
	s->rules.minimum_posting_days = 7;
	s->rules.title_max = 100;
	s->config = value_map(a);
	s->skills = value_map(a);
	value_map_set(a, py, "en", value_string(a, "Python"));
	value_map_set(a, py, "fr", value_string(a, "Python"));
	value_map_set(a, s->skills, "python", py);
}

/* Show a changed value as the pages and feeds do; it must be a string. */
static void
show(const struct site *s, const struct opp_change *c)
{
	struct buf	b = BUF_INIT;
	size_t		k;

	for (k = 0; k < s->nlangs; k++) {
		opp_term_text(&b, s, c->key, c->old, s->langs[k].code);
		opp_term_text(&b, s, c->key, c->new, s->langs[k].code);
		if (strlen(buf_cstr(&b)) > b.len)
			abort();
		buf_reset(&b);
	}
	buf_free(&b);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char		 old_path[] = "opportunities/old.yml";
	static char		 empty[1];
	struct arena		*a = arena_new();
	struct diags		*d = diags_new();
	struct site		 site;
	struct history		 h;
	struct history_file	 f;
	struct history_version	 v[MAX_VERSIONS];
	struct history_commit	 hc[MAX_VERSIONS];
	struct history_settings	 hs;
	struct opportunity	 o;
	struct opportunities	 opps;
	struct changes		 ch;
	struct change		 one;
	const char		*p = (const char *)data, *end = p + size;
	char			*text = malloc(size + 1);
	size_t			 n = 0, i, j;

	if (text == NULL)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	site_init(&site, a);
	memset(&h, 0, sizeof(h));
	memset(&f, 0, sizeof(f));
	memset(v, 0, sizeof(v));
	memset(hc, 0, sizeof(hc));
	/* Split into versions at lines "%%". */
	while (n < MAX_VERSIONS) {
		const char *sep = NULL, *q;

		for (q = p; q + 3 <= end; q++)
			if (q[0] == '%' && q[1] == '%' && q[2] == '\n' &&
			    (q == (const char *)data || q[-1] == '\n')) {
				sep = q;
				break;
			}
		v[n].data = text + (p - (const char *)data);
		v[n].len = (size_t)((sep ? sep : end) - p);
		v[n].time = 1767225600LL + (long long)n * 864000;
		v[n].commit = n;
		v[n].deleted = v[n].len >= 8 &&
		    memcmp(v[n].data, "#deleted", 8) == 0;
		if (v[n].len >= 8 && memcmp(v[n].data, "#renamed", 8) == 0)
			v[n].renamed_from = old_path;
		hc[n].subject = "a step";
		hc[n].correction = n % 2 ? "a reason" : NULL;
		hc[n].settings = n % 3 == 2 ? 0 : -1;
		n++;
		if (sep == NULL)
			break;
		p = sep + 3;
	}
	/* The versions are not NUL-terminated where they end: copy them. */
	for (i = 0; i < n; i++) {
		char *c = arena_calloc(a, 1, v[i].len + 1);

		memcpy(c, v[i].data, v[i].len);
		v[i].data = v[i].deleted ? NULL : c;
	}
	hs.data = v[n - 1].data != NULL ? v[n - 1].data : empty;
	hs.len = strlen(hs.data);
	f.path = PATH;
	f.added = v[0].time;
	f.changed = v[n - 1].time;
	f.versions = v;
	f.nversions = n;
	h.available = 1;
	h.files = &f;
	h.count = 1;
	h.commit_list = hc;
	h.ncommits = n;
	h.settings = &hs;
	h.nsettings = 1;

	/* The opportunity as it is now: the last version, whatever it is. */
	memset(&o, 0, sizeof(o));
	o.path = PATH;
	o.id = "fuzz";
	o.ok = 1;
	if (v[n - 1].data == NULL || yml_load(&o.root, a, PATH, v[n - 1].data,
	    v[n - 1].len, 1, NULL, d) != 0)
		o.root = value_map(a);
	opps.list = &o;
	opps.count = 1;
	opportunities_date(&opps, &h, &site, a, NULL, 1, d);
	for (i = 0; i < o.namendments; i++)
		for (j = 0; j < o.amendments[i].nchanges; j++)
			show(&site, &o.amendments[i].changes[j]);

	/* The first version as a pull request's base, the last as its head. */
	memset(&ch, 0, sizeof(ch));
	memset(&one, 0, sizeof(one));
	one.kind = CHANGE_MODIFIED;
	one.path = PATH;
	one.old_data = v[0].data;
	one.old_len = v[0].data != NULL ? v[0].len : 0;
	ch.list = &one;
	ch.count = 1;
	pr_check(&ch, &opps, &site, &site, a, 1767225600LL + 86400 * 60,
	    PR_ALLOW_CORRECTIONS, d);
	pr_check(&ch, &opps, &site, &site, a, 1767225600LL, 0, d);

	diags_free(d);
	arena_free(a);
	free(text);
	return 0;
}
