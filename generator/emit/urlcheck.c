/*
 * Outside links (see urlcheck.h): their shape, and fetching them.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <unicode/uidna.h>

#include "buf.h"
#include "suggest.h"
#include "urlcheck.h"
#include "xalloc.h"

#define REDIRECTS_MAX	5		/* hops followed per address */
#define CACHE_TTL	(7 * 86400)	/* an answer is trusted this long */
#define CACHE_LINE_MAX	8192		/* longest cache line read */
#define HOST_MAX	256		/* bytes of a host name in ASCII */

/* The schemes a link may use. */
static const char *const schemes[] = { "https", "http", "mailto", "tel" };
#define NSCHEMES	(sizeof(schemes) / sizeof(schemes[0]))

/* Length of url's scheme (letters, digits, + - . after a letter) when a
 * ':' follows it, else 0. */
static size_t
scheme_len(const char *url)
{
	size_t	n = 0;

	if (!isalpha((unsigned char)url[0]))
		return 0;
	while (isalnum((unsigned char)url[n]) || url[n] == '+' ||
	    url[n] == '-' || url[n] == '.')
		n++;
	return url[n] == ':' ? n : 0;
}

int
urlcheck_is_external(const char *url)
{
	return scheme_len(url) > 0 || strncmp(url, "//", 2) == 0;
}

/* One UTS #46 converter for every thread: ICU's are safe to share once
 * made. NULL when ICU could not make it. */
static UIDNA		*idna;
static pthread_once_t	 idna_once = PTHREAD_ONCE_INIT;

static void
idna_open(void)
{
	UErrorCode	e = U_ZERO_ERROR;

	idna = uidna_openUTS46(UIDNA_USE_STD3_RULES | UIDNA_CHECK_BIDI |
	    UIDNA_CHECK_CONTEXTJ | UIDNA_NONTRANSITIONAL_TO_ASCII, &e);
	if (U_FAILURE(e))
		idna = NULL;
}

/*
 * Is host a name that can be looked up on the internet: an IP address,
 * "localhost", or a domain name that IDNA accepts and that has a dot?
 */
static int
host_ok(const char *host)
{
	UErrorCode	e = U_ZERO_ERROR;
	UIDNAInfo	info = UIDNA_INFO_INITIALIZER;
	unsigned char	addr[16];
	char		ascii[HOST_MAX];
	int32_t		n;

	if (host[0] == '[' || inet_pton(AF_INET, host, addr) == 1 ||
	    strcmp(host, "localhost") == 0)
		return 1;
	if (strchr(host, '.') == NULL || host[strlen(host) - 1] == '.')
		return 0;
	pthread_once(&idna_once, idna_open);
	if (idna == NULL)
		return 1;	/* no way to tell: say nothing */
	n = uidna_nameToASCII_UTF8(idna, host, -1, ascii, sizeof(ascii),
	    &info, &e);
	return U_SUCCESS(e) && info.errors == 0 && n > 0 &&
	    n < (int32_t)sizeof(ascii);
}

/* http and https: two slashes, an address curl can read, a real host. */
static enum urlcheck_level
shape_web(struct buf *why, const char *url, const char *scheme)
{
	CURLU		*h;
	CURLUcode	 uc;
	char		*host = NULL;
	enum urlcheck_level level = URLCHECK_OK;

	if (strncmp(url + strlen(scheme) + 1, "//", 2) != 0 ||
	    url[strlen(scheme) + 3] == '/') {
		buf_printf(why, "write two slashes after '%s:', as in "
		    "'%s://example.ca/'", scheme, scheme);
		return URLCHECK_ERROR;
	}
	if ((h = curl_url()) == NULL)
		return URLCHECK_OK;
	uc = curl_url_set(h, CURLUPART_URL, url, 0);
	if (uc == CURLUE_OK)
		uc = curl_url_get(h, CURLUPART_HOST, &host, 0);
	if (uc != CURLUE_OK) {
		buf_printf(why, "this is not an address a browser can open "
		    "(%s)", curl_url_strerror(uc));
		level = URLCHECK_ERROR;
	} else if (!host_ok(host)) {
		buf_printf(why, "'%s' is not a host name on the internet; "
		    "check its spelling", host);
		level = URLCHECK_ERROR;
	} else if (strcmp(scheme, "http") == 0) {
		buf_puts(why, "write 'https:' rather than 'http:': readers "
		    "are sent to an unencrypted page");
		level = URLCHECK_WARNING;
	}
	curl_free(host);
	curl_url_cleanup(h);
	return level;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

int
urlcheck_percent(const char *p)
{
	if (p[0] != '%' || hexval((unsigned char)p[1]) < 0 ||
	    hexval((unsigned char)p[2]) < 0)
		return -1;
	return hexval((unsigned char)p[1]) * 16 + hexval((unsigned char)p[2]);
}

/* Is [s, e) (percent-decoded) one mail address, local@domain? */
static int
mail_address_ok(const char *s, const char *e)
{
	char	addr[512], *at;
	size_t	n = 0, i;

	for (; s < e; s++) {
		if (n + 1 >= sizeof(addr))
			return 0;
		if (s + 2 < e && urlcheck_percent(s) >= 0) {
			addr[n++] = (char)urlcheck_percent(s);
			s += 2;
		} else {
			addr[n++] = *s;
		}
	}
	addr[n] = '\0';
	if ((at = strchr(addr, '@')) == NULL || strchr(at + 1, '@') != NULL ||
	    at == addr || addr[0] == '.' || at[-1] == '.' ||
	    strstr(addr, "..") != NULL)
		return 0;
	for (i = 0; addr + i < at; i++)
		if (!isalnum((unsigned char)addr[i]) &&
		    strchr("!#$%&'*+-/=?^_`{|}~.", addr[i]) == NULL &&
		    (unsigned char)addr[i] < 0x80)
			return 0;
	return host_ok(at + 1) && strchr(at + 1, '[') == NULL;
}

/* mailto: one or more addresses separated by commas, then a query. */
static enum urlcheck_level
shape_mailto(struct buf *why, const char *url)
{
	const char	*p = url + strlen("mailto:"), *end, *q;

	end = p + strcspn(p, "?#");
	if (p == end) {
		buf_puts(why, "'mailto:' needs a mail address, as in "
		    "'mailto:name@example.gc.ca'");
		return URLCHECK_ERROR;
	}
	for (; p < end; p = q + 1) {
		q = memchr(p, ',', (size_t)(end - p));
		if (q == NULL)
			q = end;
		if (!mail_address_ok(p, q)) {
			buf_printf(why, "'%.*s' is not a mail address; write "
			    "it as name@example.gc.ca", (int)(q - p), p);
			return URLCHECK_ERROR;
		}
		if (q == end)
			break;
	}
	return URLCHECK_OK;
}

/* tel: digits, with + - . ( ) and spaces as separators. */
static enum urlcheck_level
shape_tel(struct buf *why, const char *url)
{
	const char	*p = url + strlen("tel:");
	size_t		 digits = 0;

	for (; *p != '\0'; p++) {
		if (isdigit((unsigned char)*p))
			digits++;
		else if (strncmp(p, "%20", 3) == 0)
			p += 2;
		else if (strchr("+-.() ", *p) == NULL)
			break;
	}
	if (*p != '\0' || digits < 3) {
		buf_puts(why, "a 'tel:' link holds a telephone number, as in "
		    "'tel:+1-613-555-0100'");
		return URLCHECK_ERROR;
	}
	return URLCHECK_OK;
}

enum urlcheck_level
urlcheck_shape(struct buf *why, const char *url)
{
	char		 scheme[32];
	size_t		 n = scheme_len(url), i;
	const char	*near;

	if (n == 0) {	/* "//host/path": the page's own scheme */
		char *full = xasprintf("https:%s", url);
		enum urlcheck_level level = shape_web(why, full, "https");

		free(full);
		if (level != URLCHECK_OK)
			return level;
		buf_puts(why, "write the scheme: 'https:' followed by this "
		    "address");
		return URLCHECK_WARNING;
	}
	if (n >= sizeof(scheme)) {
		buf_puts(why, "this does not start with a scheme links can "
		    "use (https:, http:, mailto:, tel:)");
		return URLCHECK_ERROR;
	}
	for (i = 0; i < n; i++)
		scheme[i] = (char)tolower((unsigned char)url[i]);
	scheme[n] = '\0';
	if (strcmp(scheme, "https") == 0 || strcmp(scheme, "http") == 0)
		return shape_web(why, url, scheme);
	if (strcmp(scheme, "mailto") == 0)
		return shape_mailto(why, url);
	if (strcmp(scheme, "tel") == 0)
		return shape_tel(why, url);
	buf_printf(why, "'%s:' is not a scheme links can use (https:, "
	    "http:, mailto:, tel:)", scheme);
	if ((near = suggest_closest(scheme, schemes, NSCHEMES)) != NULL)
		buf_printf(why, "; did you mean '%s:'?", near);
	return URLCHECK_ERROR;
}

/*
 * Fetching.
 */

/* Is the textual address ip (as libcurl reports it) one that an outside
 * link must not reach: loopback, private, link-local, unspecified? */
static int
address_private(const char *ip)
{
	unsigned char	a[16];

	if (inet_pton(AF_INET, ip, a) == 1)
		return a[0] == 0 || a[0] == 10 || a[0] == 127 ||
		    (a[0] == 100 && (a[1] & 0xC0) == 64) ||
		    (a[0] == 169 && a[1] == 254) ||
		    (a[0] == 172 && (a[1] & 0xF0) == 16) ||
		    (a[0] == 192 && a[1] == 168) || a[0] >= 224;
	if (inet_pton(AF_INET6, ip, a) == 1) {
		static const unsigned char v4mapped[12] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF
		};
		static const unsigned char zero[15] = { 0 };
		char v4[INET_ADDRSTRLEN];

		if (memcmp(a, v4mapped, 12) == 0)
			return inet_ntop(AF_INET, a + 12, v4, sizeof(v4)) ==
			    NULL || address_private(v4);
		return memcmp(a, zero, 15) == 0 ||	/* :: and ::1 */
		    (a[0] & 0xFE) == 0xFC ||		/* unique local */
		    (a[0] == 0xFE && (a[1] & 0xC0) == 0x80) || /* link */
		    a[0] == 0xFF;			/* multicast */
	}
	return 1;	/* not an address we can judge: refuse */
}

/* libcurl asks before each request is sent, once connected. */
static int
prereq(void *ctx, char *ip, char *local_ip, int port, int local_port)
{
	const struct urlcheck_options *o = ctx;

	if (!o->allow_private && address_private(ip))
		return CURL_PREREQFUNC_ABORT;
	return CURL_PREREQFUNC_OK;
}

/* A GET needs the status line only: stop at the first bytes of body. */
static size_t
discard(char *data, size_t size, size_t n, void *ctx)
{
	return 0;
}

/* One address being fetched. */
struct job {
	CURL		*h;	/* its handle, while a request runs */
	size_t		 i;	/* index in urls and results */
	char		*url;	/* the address asked now (owned) */
	int		 get;	/* 1 once HEAD was refused */
	int		 hops;	/* redirects followed */
	char		 err[CURL_ERROR_SIZE]; /* libcurl's words */
};

static CURL *
job_handle(struct job *j, const struct urlcheck_options *o)
{
	CURL	*h = curl_easy_init();

	if (h == NULL)
		return NULL;
	j->err[0] = '\0';
	curl_easy_setopt(h, CURLOPT_URL, j->url);
	curl_easy_setopt(h, CURLOPT_PRIVATE, j);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, j->err);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_NOBODY, j->get ? 0L : 1L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
	    o->timeout < 10 ? o->timeout : 10L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_USERAGENT,
	    "marche/" MARCHE_VERSION " (link check)");
	curl_easy_setopt(h, CURLOPT_PREREQFUNCTION, prereq);
	curl_easy_setopt(h, CURLOPT_PREREQDATA, (void *)o);
	return h;
}

/* A request ended: decide whether to ask again (GET, or the next hop). */
static int
job_done(struct job *j, CURLcode cc, struct urlcheck_result *r)
{
	long	 status = 0;
	char	*next = NULL;

	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &status);
	if (cc == CURLE_WRITE_ERROR && j->get && status > 0)
		cc = CURLE_OK;	/* we stopped the body on purpose */
	if (cc == CURLE_OK && status >= 300 && status < 400 &&
	    curl_easy_getinfo(j->h, CURLINFO_REDIRECT_URL, &next) ==
	    CURLE_OK && next != NULL && j->hops < REDIRECTS_MAX) {
		if ((status == 301 || status == 308) && j->hops == 0)
			r->moved = xstrdup(next);
		j->hops++;
		free(j->url);
		j->url = xstrdup(next);
		return 1;
	}
	if (!j->get && (cc != CURLE_OK || status >= 400) &&
	    cc != CURLE_OPERATION_TIMEDOUT && cc != CURLE_COULDNT_RESOLVE_HOST &&
	    cc != CURLE_COULDNT_CONNECT && cc != CURLE_ABORTED_BY_CALLBACK) {
		j->get = 1;	/* some servers refuse HEAD: ask with GET */
		return 1;
	}
	r->status = cc == CURLE_OK ? status : 0;
	if (cc == CURLE_ABORTED_BY_CALLBACK)
		r->error = xstrdup("it leads to a private or local network "
		    "address");
	else if (cc != CURLE_OK)
		r->error = xstrdup(j->err[0] != '\0' ? j->err :
		    curl_easy_strerror(cc));
	return 0;
}

/* Cache: "status<TAB>checked<TAB>moved or -<TAB>url" lines, sorted. */
struct cache_entry {
	char		*url;		/* owned */
	long		 status;
	long long	 checked;	/* when */
	char		*moved;		/* owned, or NULL */
};

static int
entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct cache_entry *)a)->url,
	    ((const struct cache_entry *)b)->url);
}

/* Read the cache's trustworthy entries (young, successful answers). */
static struct cache_entry *
cache_read(size_t *count, const struct urlcheck_options *o)
{
	struct cache_entry	*v = NULL;
	size_t			 n = 0, cap = 0;
	char			*line = NULL;
	size_t			 lcap = 0;
	ssize_t			 len;
	FILE			*fp;

	*count = 0;
	if (o->cache == NULL || (fp = fopen(o->cache, "r")) == NULL)
		return NULL;
	while ((len = getline(&line, &lcap, fp)) > 0) {
		char	*f[4], *p = line, *end;
		long	 status;
		long long checked;
		int	 k;

		if (len > CACHE_LINE_MAX || line[len - 1] != '\n')
			continue;
		line[len - 1] = '\0';
		for (k = 0; k < 4 && p != NULL; k++) {
			f[k] = p;
			p = k < 3 ? strchr(p, '\t') : NULL;
			if (p != NULL)
				*p++ = '\0';
		}
		if (k < 4)
			continue;
		status = strtol(f[0], &end, 10);
		if (*end != '\0' || status < 200 || status >= 400)
			continue;
		checked = strtoll(f[1], &end, 10);
		if (*end != '\0' || checked > o->now ||
		    o->now - checked > CACHE_TTL)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			v = xreallocarray(v, cap, sizeof(*v));
		}
		v[n].url = xstrdup(f[3]);
		v[n].status = status;
		v[n].checked = checked;
		v[n].moved = strcmp(f[2], "-") == 0 ? NULL : xstrdup(f[2]);
		n++;
	}
	free(line);
	fclose(fp);
	if (n > 1)
		qsort(v, n, sizeof(*v), entry_cmp);
	*count = n;
	return v;
}

/* Is s safe on one cache line (no tab, no line break)? */
static int
cache_safe(const char *s)
{
	return strpbrk(s, "\t\r\n") == NULL && strlen(s) < CACHE_LINE_MAX / 2;
}

/* Write the young entries kept and the new successful answers. */
static void
cache_write(const struct urlcheck_options *o, const struct cache_entry *old,
    size_t nold, const char *const *urls,
    const struct urlcheck_result *results, size_t n)
{
	char	*tmp;
	FILE	*fp;
	size_t	 i;
	int	 ok;

	if (o->cache == NULL)
		return;
	tmp = xasprintf("%s.%ld.tmp", o->cache, (long)getpid());
	if ((fp = fopen(tmp, "w")) == NULL) {
		free(tmp);
		return;		/* a cache is a help, not a duty */
	}
	for (i = 0; i < nold; i++)
		fprintf(fp, "%ld\t%lld\t%s\t%s\n", old[i].status,
		    old[i].checked, old[i].moved ? old[i].moved : "-",
		    old[i].url);
	for (i = 0; i < n; i++)
		if (!results[i].cached && !urlcheck_broken(&results[i]) &&
		    cache_safe(urls[i]) && (results[i].moved == NULL ||
		    cache_safe(results[i].moved)))
			fprintf(fp, "%ld\t%lld\t%s\t%s\n", results[i].status,
			    o->now, results[i].moved ? results[i].moved : "-",
			    urls[i]);
	ok = fflush(fp) == 0 && ferror(fp) == 0;
	if (fclose(fp) != 0 || !ok || rename(tmp, o->cache) != 0)
		unlink(tmp);
	free(tmp);
}

int
urlcheck_broken(const struct urlcheck_result *r)
{
	return r->status == 0 || r->status >= 400;
}

int
urlcheck_fetch(struct urlcheck_result *results, const char *const *urls,
    size_t n, const struct urlcheck_options *o)
{
	struct cache_entry	*cache, key;
	struct job		*jobs = xcalloc(n + 1, sizeof(*jobs));
	CURLM			*m = NULL;
	size_t			 ncache, i, next = 0, running = 0;
	int			 parallel = o->parallel < 1 ? 1 :
				    o->parallel > 32 ? 32 : o->parallel;
	int			 rc = -1;

	memset(results, 0, n * sizeof(*results));
	cache = cache_read(&ncache, o);
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK ||
	    (m = curl_multi_init()) == NULL)
		goto out;
	for (;;) {
		CURLMsg	*msg;
		int	 left, still;

		/* Start requests up to the limit. */
		while (running < (size_t)parallel && next < n) {
			struct job *j = &jobs[next];
			struct cache_entry *hit;

			j->i = next++;
			key.url = (char *)urls[j->i];
			hit = ncache > 0 ? bsearch(&key, cache, ncache,
			    sizeof(*cache), entry_cmp) : NULL;
			if (hit != NULL) {
				results[j->i].status = hit->status;
				results[j->i].moved = hit->moved ?
				    xstrdup(hit->moved) : NULL;
				results[j->i].cached = 1;
				continue;
			}
			j->url = xstrdup(urls[j->i]);
			if ((j->h = job_handle(j, o)) == NULL)
				goto out;
			curl_multi_add_handle(m, j->h);
			running++;
		}
		if (running == 0)
			break;
		curl_multi_perform(m, &still);
		while ((msg = curl_multi_info_read(m, &left)) != NULL) {
			struct job *j;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
			    (char **)&j);
			curl_multi_remove_handle(m, j->h);
			if (job_done(j, msg->data.result, &results[j->i])) {
				curl_easy_cleanup(j->h);
				if ((j->h = job_handle(j, o)) == NULL)
					goto out;
				curl_multi_add_handle(m, j->h);
				continue;
			}
			curl_easy_cleanup(j->h);
			j->h = NULL;
			running--;
		}
		curl_multi_poll(m, NULL, 0, 200, NULL);
	}
	cache_write(o, cache, ncache, urls, results, n);
	rc = 0;
out:
	for (i = 0; i < n; i++) {
		if (jobs[i].h != NULL) {
			curl_multi_remove_handle(m, jobs[i].h);
			curl_easy_cleanup(jobs[i].h);
		}
		free(jobs[i].url);
		if (rc != 0 && results[i].error == NULL &&
		    results[i].status == 0)
			results[i].error = xstrdup("the link check could not "
			    "start (libcurl)");
	}
	free(jobs);
	for (i = 0; i < ncache; i++) {
		free(cache[i].url);
		free(cache[i].moved);
	}
	free(cache);
	if (m != NULL)
		curl_multi_cleanup(m);
	curl_global_cleanup();
	return rc;
}

void
urlcheck_results_free(struct urlcheck_result *results, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(results[i].error);
		free(results[i].moved);
	}
}
