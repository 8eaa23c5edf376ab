#include <string.h>

#include "emit.h"
#include "emit_impl.h"
#include "escape.h"
#include "instant.h"
#include "opportunity.h"
#include "output.h"
#include "page.h"
#include "links.h"
#include "site.h"
#include "value.h"

/* Seconds in a day. */
#define DAY	86400LL

long long
emit_updated(const struct emit_ctx *e, const struct opportunity *o)
{
	long long	best = -1;
	size_t		i;

#define CONSIDER(t) do {						\
	if ((t) <= e->now && (t) > best)				\
		best = (t);						\
} while (0)
	if (o == NULL)
		goto none;
	/* The history knows when the file last changed: that is it. */
	if (o->dated)
		return o->updated;
	CONSIDER(o->closing.epoch);
	for (i = 0; i < o->nquestions; i++) {
		CONSIDER(o->questions[i].asked.epoch);
		if (o->questions[i].has_answer)
			CONSIDER(o->questions[i].answered.epoch);
	}
	if (o->has_award && o->award.has_accepted)
		CONSIDER(o->award.accepted.epoch);
#undef CONSIDER
	if (best >= 0)
		return best;
none:
	return e->now - ((e->now % DAY) + DAY) % DAY;
}

void
emit_url(struct buf *out, const struct emit_ctx *e, const char *permalink)
{
	buf_puts(out, e->site->base_url);
	escape_url_path(out, permalink, strlen(permalink));
}

void
emit_host(struct buf *out, const struct emit_ctx *e)
{
	const char	*h = e->site->base_url, *p;

	if ((p = strstr(h, "://")) != NULL)
		h = p + 3;
	buf_put(out, h, strcspn(h, "/:"));
}

void
emit_utc(struct buf *out, long long epoch, int basic)
{
	long long	days = epoch / DAY, secs = epoch % DAY;
	int		y, m, d;

	if (secs < 0) {
		secs += DAY;
		days--;
	}
	instant_civil_from_days(&y, &m, &d, days);
	buf_printf(out, basic ? "%04d%02d%02dT%02d%02d%02dZ" :
	    "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d, (int)(secs / 3600),
	    (int)(secs / 60 % 60), (int)(secs % 60));
}

void
emit_instant(struct buf *out, const struct instant *t)
{
	int	off = t->offset_min < 0 ? -t->offset_min : t->offset_min;

	buf_printf(out, "%04d-%02d-%02d", t->year, t->month, t->day);
	if (!t->has_time)
		return;
	buf_printf(out, "T%02d:%02d:%02d%c%02d:%02d", t->hour, t->minute,
	    t->second, t->offset_min < 0 ? '-' : '+', off / 60, off % 60);
}

int
emit_page_shown(const struct page *pg)
{
	return pg->lay != NULL && pg->out_path != NULL && pg->title != NULL &&
	    pg->ref != NULL && pg->lang != NULL;
}

int
emit_write(const struct emit_ctx *e, const char *rel, const struct buf *b,
    struct diags *d)
{
	if (e->links != NULL)
		links_add_output(e->links, rel);
	if (e->out == NULL)
		return 0;
	return output_write(e->out, rel, b->data != NULL ? b->data : "",
	    b->len, d);
}

/* robots.txt: everything may be crawled; the sitemap is named. */
static int
emit_robots(const struct emit_ctx *e, struct diags *d)
{
	struct buf	b = BUF_INIT;
	int		rc;

	buf_puts(&b, "User-agent: *\nDisallow:\n\nSitemap: ");
	emit_url(&b, e, "/sitemap.xml");
	buf_putc(&b, '\n');
	rc = emit_write(e, "robots.txt", &b, d);
	buf_free(&b);
	return rc;
}

int
emit_site(const struct emit_ctx *e, struct diags *d)
{
	int	rc = 0;

	if (e->site->base_url == NULL || e->pages == NULL || e->opps == NULL)
		return 0;	/* nothing to build from (reported) */
	if (emit_feeds(e, d) != 0)
		rc = -1;
	if (emit_sitemap(e, d) != 0)
		rc = -1;
	if (emit_ics(e, d) != 0)
		rc = -1;
	if (emit_opendata(e, d) != 0)
		rc = -1;
	if (emit_ore(e, d) != 0)
		rc = -1;
	if (emit_robots(e, d) != 0)
		rc = -1;
	return rc;
}
