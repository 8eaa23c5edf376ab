/*
 * marche serve: build the working tree, serve the output on 127.0.0.1,
 * rebuild when an input file changes (serve_watch.c), answer requests
 * (what depends on the request alone: serve_http.c), and reload open
 * pages after each rebuild: a small script added to HTML pages as they
 * are served, never to the built files, listens to /__marche/events
 * (Server-Sent Events). Builds after the first reuse the history walked
 * while HEAD names the same commit, read, date and render again only
 * what edits to opportunity files change, and write only the files whose
 * bytes changed (build_cache).
 * A build with errors leaves the output as it was; pages are then served
 * with the report above them until a build succeeds.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>
#include <microhttpd.h>

#include "buf.h"
#include "build.h"
#include "cmd.h"
#include "diag.h"
#include "escape.h"
#include "gitrepo.h"
#include "path.h"
#include "serve_http.h"
#include "serve_watch.h"
#include "strset.h"
#include "timing.h"
#include "xalloc.h"

static const char serve_help[] =
"usage: marche serve [--repo DIR] [--port N] [--out DIR] [--now TIME]\n"
"                    [--poll] [--jobs N]\n"
"\n"
"Build the working tree, serve the site on http://127.0.0.1:PORT/, and\n"
"rebuild whenever an input file changes; open pages reload by themselves.\n"
"A build with problems prints them and keeps serving the last good site.\n"
"\n"
"  --repo DIR      the site's Git repository (default: the current one)\n"
"  --port N        the port to listen on (default 4000; 0 picks a free one)\n"
"  --out DIR       where to build (default: _site in the working tree)\n"
"  --now TIME      the moment to build for (see marche build --help)\n"
"  --poll          look for changes every 300 ms instead of being told\n"
"                  by the system (inotify)\n"
"  -j, --jobs N    render pages with N threads (default: one per core\n"
"                  available)\n"
"  -h, --help      show this help\n";

/*
 * Added to served pages, with the number of the build they come from:
 * the page reloads when a later build is done (the server sends one
 * event per build, failed or not). Should the connection drop, the
 * browser reconnects by itself and says what it has seen.
 */
static const char reload_script[] =
"<script>(function(){var s=new EventSource('/__marche/events?since=%u');"
"s.onmessage=function(){s.close();location.reload();};})();</script>\n";

/*
 * Limits that keep the server usable when something opens connections and
 * sends nothing: a connection idle this long is closed, and the number
 * open at once is bounded, in all and per client address. The server waits
 * on epoll or poll, so these (not FD_SETSIZE) are the bounds; the file
 * limit is raised to fit them where the system allows.
 */
#define SERVE_IDLE_SECONDS	10
#define SERVE_CONNECTIONS	4096
#define SERVE_PER_ADDRESS	2048

/* Pages listening for builds at once; more are refused (503). */
#define SERVE_LISTENERS		64
/* Seconds between comments sent to idle listeners (finds closed ones). */
#define SERVE_PING_SECONDS	15

static volatile sig_atomic_t	 stop;		/* a signal asked to stop */
static atomic_uint		 serve_port;	/* the port listened on */
static atomic_uint		 version;	/* bumped after each good build */
static atomic_uint		 builds;	/* bumped after each build */
static atomic_int		 busy;		/* a change is being built */
static char			*serve_dir;	/* the output folder */

/*
 * A page listening to /__marche/events. Its connection is suspended
 * while there is nothing to send, and resumed after each build (and
 * every SERVE_PING_SECONDS, to send a comment). The list, the fields
 * and the last report are under state_lock.
 */
struct listener {
	struct MHD_Connection	*conn;
	unsigned		 seen;		/* the last build it was told */
	int			 hello;		/* the first bytes are sent */
	int			 suspended;
	int			 ping;		/* send a comment */
	struct listener		*next;
};

static pthread_mutex_t	 state_lock = PTHREAD_MUTEX_INITIALIZER;
static struct listener	*listeners;
static size_t		 nlisteners;
static int		 closing;	/* stopping: streams end */
static char		*last_report;	/* the failed build's report, or
					 * NULL after a good build */

/*
 * The files a build makes after its pages are shown (build_options'
 * shown): until they are written, a request for one waits, its
 * connection suspended, so that a page told of the build never reads
 * them as they were before it. Under state_lock, as waiters.
 */
static char		**late;		/* owned */
static size_t		  nlate;
static struct strset	  late_index;	/* the same, to find them */

struct waiter {
	struct MHD_Connection	*conn;
	struct waiter		*next;
};
static struct waiter	*waiters;

/* MARCHE_TEST_LATE_PAUSE_MS: how long the test suite has a build wait
 * between showing its pages and making the late files. */
static long		  late_pause_ms;

/* What serve_build() learns of a build's shown(). */
struct shown {
	int		called;
	struct timespec	at;
};

static void
on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * Add the reload script before </body> (or at the end) and, when the
 * last build failed, its report at the start of the body.
 */
static char *
with_reload(char *html, size_t *lenp)
{
	struct buf	 b = BUF_INIT;
	char		*end = strstr(html, "</body>"), *body;
	char		 script[sizeof(reload_script) + 16];
	size_t		 at = end != NULL ? (size_t)(end - html) : *lenp;
	size_t		 top = 0;

	snprintf(script, sizeof(script), reload_script,
	    atomic_load(&builds));
	pthread_mutex_lock(&state_lock);
	if (last_report != NULL) {
		if ((body = strstr(html, "<body")) != NULL &&
		    (body = strchr(body, '>')) != NULL &&
		    (size_t)(body - html) < at)
			top = (size_t)(body - html) + 1;
		buf_put(&b, html, top);
		buf_puts(&b, "<div id=\"marche-error\" style=\"position:relative;"
		    "z-index:2147483647;margin:0;padding:1em;background:#fff;"
		    "color:#000;border:4px solid #d3080c;font:14px/1.4 "
		    "monospace\"><p style=\"margin:0 0 .5em;font-weight:bold\">"
		    "marche serve: the last build failed; this is the last good "
		    "site.</p><pre style=\"margin:0;white-space:pre-wrap\">");
		escape_html(&b, last_report, strlen(last_report));
		buf_puts(&b, "</pre></div>\n");
	}
	pthread_mutex_unlock(&state_lock);
	buf_put(&b, html + top, at - top);
	buf_puts(&b, script);
	buf_put(&b, html + at, *lenp - at);
	free(html);
	return buf_detach(&b, lenp);
}

/*
 * The stream of /__marche/events: a comment first, then "data: N" after
 * each build N, and a comment every SERVE_PING_SECONDS; the connection
 * is suspended in between.
 */
static ssize_t
events_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct listener	*l = cls;
	unsigned	 n = atomic_load(&builds);
	int		 len = 0;

	(void)pos;
	pthread_mutex_lock(&state_lock);
	if (closing) {
		pthread_mutex_unlock(&state_lock);
		return MHD_CONTENT_READER_END_OF_STREAM;
	}
	if (!l->hello) {
		l->hello = 1;
		len = snprintf(out, max, ": marche serve\nretry: 1000\n\n");
	} else if (l->seen != n) {
		l->seen = n;
		len = snprintf(out, max, "data: %u\n\n", n);
	} else if (l->ping) {
		l->ping = 0;
		len = snprintf(out, max, ": ping\n\n");
	} else {
		l->suspended = 1;
		MHD_suspend_connection(l->conn);
	}
	pthread_mutex_unlock(&state_lock);
	return len > 0 && (size_t)len < max ? (ssize_t)len : 0;
}

static void
events_free(void *cls)
{
	struct listener	*l = cls, **pp;

	pthread_mutex_lock(&state_lock);
	for (pp = &listeners; *pp != NULL; pp = &(*pp)->next)
		if (*pp == l) {
			*pp = l->next;
			nlisteners--;
			break;
		}
	pthread_mutex_unlock(&state_lock);
	free(l);
}

/* Wake every listener (to send a build, a comment, or the end). */
static void
events_wake(int ping)
{
	struct listener	*l;

	pthread_mutex_lock(&state_lock);
	for (l = listeners; l != NULL; l = l->next) {
		l->ping |= ping;
		if (l->suspended) {
			l->suspended = 0;
			MHD_resume_connection(l->conn);
		}
	}
	pthread_mutex_unlock(&state_lock);
}

static enum MHD_Result
events_start(struct MHD_Connection *c)
{
	const char		*since = MHD_lookup_connection_value(c,
				    MHD_GET_ARGUMENT_KIND, "since");
	struct MHD_Response	*r;
	struct listener		*l;
	enum MHD_Result		 ret;
	unsigned long		 n;
	char			*end;

	pthread_mutex_lock(&state_lock);
	if (nlisteners >= SERVE_LISTENERS) {
		pthread_mutex_unlock(&state_lock);
		return serve_respond(c, 503, "text/plain",
		    xstrdup("too many pages listening\n"), 25);
	}
	l = xcalloc(1, sizeof(*l));
	l->conn = c;
	l->seen = atomic_load(&builds);
	if (since != NULL && *since >= '0' && *since <= '9') {
		n = strtoul(since, &end, 10);
		if (*end == '\0' && n <= l->seen)
			l->seen = (unsigned)n;
	}
	l->next = listeners;
	listeners = l;
	nlisteners++;
	pthread_mutex_unlock(&state_lock);
	r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 256,
	    events_read, l, events_free);
	MHD_add_response_header(r, "Content-Type", "text/event-stream");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* Whether path (in serve_dir) is still to be made: then c waits. */
static int
late_holds(struct MHD_Connection *c, const char *path)
{
	const char	*rel = path + strlen(serve_dir) + 1;
	struct waiter	*w;
	int		 held;

	pthread_mutex_lock(&state_lock);
	held = !closing && strset_has(&late_index, rel);
	if (held) {
		w = xcalloc(1, sizeof(*w));
		w->conn = c;
		w->next = waiters;
		waiters = w;
		MHD_suspend_connection(c);
	}
	pthread_mutex_unlock(&state_lock);
	return held;
}

/* Make paths (n of them; taken) the late files. Under state_lock. */
static void
late_set(char **paths, size_t n)
{
	size_t	i;

	for (i = 0; i < nlate; i++)
		free(late[i]);
	free(late);
	strset_free(&late_index);
	late = paths;
	nlate = n;
	for (i = 0; i < n; i++)
		strset_add(&late_index, paths[i]);
}

/* The late files are written (or the build failed): no request waits. */
static void
late_done(void)
{
	struct waiter	*w;

	pthread_mutex_lock(&state_lock);
	late_set(NULL, 0);
	while ((w = waiters) != NULL) {
		waiters = w->next;
		MHD_resume_connection(w->conn);
		free(w);
	}
	pthread_mutex_unlock(&state_lock);
}

/*
 * build_options' shown(): the pages are in place, the files of paths
 * (taken) are still to be made. Open pages are told now; requests for
 * those files wait until they are.
 */
static void
serve_shown(void *ctx, char **paths, size_t n)
{
	struct shown	*sh = ctx;

	sh->called = 1;
	clock_gettime(CLOCK_MONOTONIC, &sh->at);
	pthread_mutex_lock(&state_lock);
	late_set(paths, n);
	free(last_report);
	last_report = NULL;
	atomic_fetch_add(&version, 1);
	atomic_fetch_add(&builds, 1);
	pthread_mutex_unlock(&state_lock);
	events_wake(0);
	if (late_pause_ms > 0) {
		struct timespec ts = { late_pause_ms / 1000,
		    (late_pause_ms % 1000) * 1000000L };

		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
	}
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *ver, const char *upload,
    size_t *upload_size, void **state)
{
	char	*path, *data;
	size_t	 len = 0;
	struct stat st;

	(void)cls; (void)ver; (void)upload; (void)upload_size; (void)state;
	if (!serve_host_allowed(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	    MHD_HTTP_HEADER_HOST), atomic_load(&serve_port))) {
		data = xstrdup("this server answers only to 127.0.0.1, "
		    "localhost and [::1]\n");
		return serve_respond(c, 403, "text/plain", data, strlen(data));
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return serve_respond(c, 405, "text/plain", xstrdup("method not "
		    "allowed\n"), 19);
	if (strcmp(url, "/__marche/version") == 0) {
		data = xasprintf("%u", atomic_load(&version));
		return serve_respond(c, 200, "text/plain", data, strlen(data));
	}
	if (strcmp(url, "/__marche/status") == 0) {
		pthread_mutex_lock(&state_lock);
		data = xasprintf("%u %s %s\n", atomic_load(&builds),
		    last_report == NULL ? "ok" : "failed",
		    atomic_load(&busy) ? "busy" : "idle");
		pthread_mutex_unlock(&state_lock);
		return serve_respond(c, 200, "text/plain", data, strlen(data));
	}
	if (strcmp(url, "/__marche/events") == 0)
		return events_start(c);
	if ((path = serve_file_for(serve_dir, url)) != NULL &&
	    stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		char *index;

		if (url[0] != '\0' && url[strlen(url) - 1] != '/') {
			free(path);
			return serve_redirect_to_folder(c, url);
		}
		index = xasprintf("%s/index.html", path);

		free(path);
		path = index;
	}
	if (path != NULL && late_holds(c, path)) {
		free(path);
		return MHD_YES;	/* asked again once resumed */
	}
	data = path != NULL ? serve_slurp(path, &len) : NULL;
	if (data == NULL) {
		free(path);
		path = xasprintf("%s/404.html", serve_dir);
		data = serve_slurp(path, &len);
		if (data == NULL)
			data = xstrdup("not found\n"), len = 10;
		else
			data = with_reload(data, &len);
		free(path);
		return serve_respond(c, 404, "text/html; charset=utf-8", data,
		    len);
	}
	if (strcmp(serve_content_type(path), serve_content_type(".html")) == 0)
		data = with_reload(data, &len);
	serve_respond(c, 200, serve_content_type(path), data, len);
	free(path);
	return MHD_YES;
}

/*
 * The number of connections to allow at once: SERVE_CONNECTIONS, after
 * raising the limit on open files to fit them (and the files a build
 * opens) if the hard limit allows, or fewer if it does not.
 */
static unsigned
connection_limit(void)
{
	const rlim_t	 spare = 64;
	const rlim_t	 want = SERVE_CONNECTIONS + spare;
	struct rlimit	 rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return SERVE_CONNECTIONS / 16;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY ||
		    rl.rlim_max > want ? want : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
		getrlimit(RLIMIT_NOFILE, &rl);
	}
	if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= want)
		return SERVE_CONNECTIONS;
	return rl.rlim_cur > 2 * spare ? (unsigned)(rl.rlim_cur - spare) :
	    (unsigned)spare;
}

/*
 * One build of the working tree. Its report goes to stderr and, when it
 * failed, is kept for pages to show; then listening pages are told.
 */
static void
serve_build(struct build_options *o)
{
	struct diags		*d = diags_new();
	struct build_result	 res;
	struct timespec		 t0, t1;
	struct shown		 sh;
	char			*report = NULL;
	size_t			 len = 0;
	int			 ok;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&sh, 0, sizeof(sh));
	o->shown = serve_shown;
	o->shown_ctx = &sh;
	o->report = open_memstream(&report, &len);
	ok = build_run(&res, o, d) == EXIT_OK;
	if (o->report != NULL)
		fclose(o->report);
	o->report = NULL;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (report != NULL)
		fwrite(report, 1, len, stderr);
	fflush(stderr);
	if (ok) {
		if (!sh.called)
			atomic_fetch_add(&version, 1);
		printf("built %zu pages in %.0f ms", res.pages,
		    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		if (res.kept > 0)
			printf(" (%zu rendered, %zu unchanged)",
			    res.pages - res.kept, res.kept);
		if (sh.called)
			printf(", shown after %.0f ms",
			    (double)(sh.at.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(sh.at.tv_nsec - t0.tv_nsec) / 1e6);
		printf("; read %zu input file%s\n", res.read,
		    res.read == 1 ? "" : "s");
	} else {
		printf("the build has problems (above); still serving the "
		    "last good site\n");
	}
	fflush(stdout);
	pthread_mutex_lock(&state_lock);
	free(last_report);
	last_report = NULL;
	if (!ok)
		last_report = report != NULL && len > 0 ? report :
		    xstrdup("the build failed\n");
	else
		free(report);
	/* A build already told of is told again only when it failed. */
	if (!ok || !sh.called)
		atomic_fetch_add(&builds, 1);
	atomic_store(&busy, 0);
	pthread_mutex_unlock(&state_lock);
	late_done();
	if (!ok || !sh.called)
		events_wake(0);
	o->shown = NULL;
	o->shown_ctx = NULL;
	free(res.out);
	diags_free(d);
}


int
cmd_serve(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "repo", required_argument, NULL, 'r' },
		{ "port", required_argument, NULL, 'p' },
		{ "out", required_argument, NULL, 'o' },
		{ "now", required_argument, NULL, 'n' },
		{ "poll", no_argument, NULL, 'P' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct build_options	 o;
	struct gitfiles		 g;
	struct watcher		 w;
	struct sockaddr_in	 addr;
	struct MHD_Daemon	*daemon;
	struct diags		*d;
	const union MHD_DaemonInfo *info;
	const char		*now = NULL;
	char			*wd = NULL, *end;
	unsigned long long	 seen;
	long			 port = 4000;
	unsigned		 conns;
	time_t			 pinged;
	int			 c, rc, poll_only = 0;

	memset(&o, 0, sizeof(o));
	o.write = 1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "hj:", longopts, NULL)) != -1) {
		switch (c) {
		case 'r': o.repo = optarg; break;
		case 'o': o.out = optarg; break;
		case 'n': now = optarg; break;
		case 'P': poll_only = 1; break;
		case 'j':
			if ((rc = cmd_jobs(&o.jobs, "serve", optarg)) != 0)
				return rc;
			break;
		case 'p':
			port = strtol(optarg, &end, 10);
			if (*end != '\0' || port < 0 || port > 65535)
				return cmd_usage_error("serve", "'%s' is not "
				    "a port number", optarg);
			break;
		case 'h': fputs(serve_help, stdout); return EXIT_OK;
		default:
			return cmd_usage_error("serve", "unknown or incomplete "
			    "option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cmd_usage_error("serve", "unexpected argument '%s'",
		    argv[optind]);
	if ((rc = cmd_now(&o.now, "serve", now)) != 0)
		return rc;
	if ((end = getenv("MARCHE_TEST_LATE_PAUSE_MS")) != NULL)
		late_pause_ms = strtol(end, NULL, 10) > 0 &&
		    strtol(end, NULL, 10) < 60000 ? strtol(end, NULL, 10) : 0;
	/*
	 * One handle on the repository for every build: libgit2 reads the
	 * references again at each use, and looks again for objects it
	 * does not find (a commit made while serving), and the build reads
	 * the index again when it changed.
	 */
	d = diags_new();
	git_libgit2_init();
	rc = gitrepo_open(&o.git, o.repo, d) == 0 ?
	    gitrepo_workdir(&wd, o.git, d) : -1;
	diags_print(d, stderr, DIAG_FORMAT_TEXT);
	diags_free(d);
	if (rc != 0) {
		git_repository_free(o.git);
		git_libgit2_shutdown();
		return EXIT_INTERNAL;
	}
	serve_dir = o.out != NULL ? xstrdup(o.out) : xasprintf("%s_site", wd);
	o.out = serve_dir;
	o.cache = build_cache_new();
	find_gitfiles(&g, o.git);
	watch_start(&w, wd, &g, poll_only);
	if (w.fd < 0)
		build_cache_poll(o.cache);
	seen = inputs_fingerprint(wd, &g);
	serve_build(&o);
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	conns = connection_limit();
	atomic_store(&serve_port, (unsigned)port);
	daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD |
	    MHD_USE_AUTO | MHD_ALLOW_SUSPEND_RESUME, (unsigned short)port, NULL, NULL, on_request,
	    NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)SERVE_IDLE_SECONDS,
	    MHD_OPTION_CONNECTION_LIMIT, conns,
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, conns > SERVE_PER_ADDRESS ?
	    (unsigned)SERVE_PER_ADDRESS : conns,
	    MHD_OPTION_END);
	if (daemon == NULL) {
		char portstr[16];

		snprintf(portstr, sizeof(portstr), "%ld", port);
		cmd_usage_error("serve", "cannot listen on port %s (in use?)",
		    portstr);
		rc = EXIT_INTERNAL;
		goto out;
	}
	info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
	if (info != NULL)
		atomic_store(&serve_port, info->port);
	printf("serving http://127.0.0.1:%u/ (Ctrl-C stops; %s)\n",
	    atomic_load(&serve_port), w.fd >= 0 ? "told of changes by "
	    "inotify" : "looking for changes every 300 ms");
	fflush(stdout);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	pinged = time(NULL);
	while (!stop) {
		if (watch_wait(&w, wd, &g, &seen, 300, &busy)) {
			if (w.fd >= 0)
				timing_wait("serve: quiet before", w.quiet_ms);
			/* Told which files changed: only they are read. */
			o.changed_known = w.known;
			o.changed = w.changed;
			o.nchanged = w.nchanged;
			serve_build(&o);
			watch_taken(&w);
			o.changed_known = 0;
		}
		if (time(NULL) - pinged >= SERVE_PING_SECONDS) {
			pinged = time(NULL);
			events_wake(1);
		}
	}
	/* Streams end before the daemon stops: none may stay suspended. */
	pthread_mutex_lock(&state_lock);
	closing = 1;
	pthread_mutex_unlock(&state_lock);
	events_wake(0);
	MHD_stop_daemon(daemon);
	rc = EXIT_OK;
out:
	watch_stop(&w);
	build_cache_free(o.cache);	/* its history reads o.git */
	git_repository_free(o.git);
	git_libgit2_shutdown();
	free(g.gitdir);
	free(g.commondir);
	free(last_report);
	last_report = NULL;
	free(wd);
	free(serve_dir);
	return rc;
}
