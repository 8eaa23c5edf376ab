/*
 * What marche serve answers that depends on the request alone: the file
 * a URL names, its type, whether the Host header names this server, and
 * the responses themselves (see serve_http.h).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "path.h"
#include "serve_http.h"
#include "xalloc.h"

const char *
serve_content_type(const char *path)
{
	static const char *const types[][2] = {
		{ ".html", "text/html; charset=utf-8" },
		{ ".css", "text/css; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".jpg", "image/jpeg" },
		{ ".xml", "application/xml; charset=utf-8" },
		{ ".ics", "text/calendar; charset=utf-8" },
		{ ".json", "application/json" },
		{ ".csv", "text/csv; charset=utf-8" },
		{ ".yml", "text/plain; charset=utf-8" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char	*dot = strrchr(path, '.');
	size_t		 i;

	for (i = 0; dot != NULL && i < sizeof(types) / sizeof(types[0]); i++)
		if (strcmp(dot, types[i][0]) == 0)
			return types[i][1];
	return "application/octet-stream";
}

char *
serve_slurp(const char *path, size_t *lenp)
{
	struct buf	 b = BUF_INIT;
	char		 chunk[65536];
	struct stat	 st;
	ssize_t		 n;
	int		 fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return NULL;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		buf_put(&b, chunk, (size_t)n);
	close(fd);
	return buf_detach(&b, lenp);
}

enum MHD_Result
serve_respond(struct MHD_Connection *c, unsigned status, const char *type,
    char *data, size_t len)
{
	struct MHD_Response	*r;
	enum MHD_Result		 ret;

	r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

int
serve_host_allowed(const char *host, unsigned port)
{
	static const char *const names[] = { "127.0.0.1", "localhost",
	    "[::1]" };
	unsigned long	 n;
	size_t		 i, len;
	char		*end;

	if (host == NULL)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		len = strlen(names[i]);
		if (strncasecmp(host, names[i], len) != 0)
			continue;
		if (host[len] == '\0')
			return port == 80;
		if (host[len] != ':' || host[len + 1] < '0' ||
		    host[len + 1] > '9' || strlen(host + len + 1) > 5)
			return 0;
		n = strtoul(host + len + 1, &end, 10);
		return *end == '\0' && n == port;
	}
	return 0;
}

enum MHD_Result
serve_redirect_to_folder(struct MHD_Connection *c, const char *url)
{
	static const char	 hex[] = "0123456789ABCDEF";
	struct MHD_Response	*r;
	struct buf		 loc = BUF_INIT;
	const char		*seg = strrchr(url, '/');
	enum MHD_Result		 ret;

	seg = seg != NULL ? seg + 1 : url;
	buf_puts(&loc, "./");
	for (; *seg != '\0'; seg++) {
		unsigned char ch = (unsigned char)*seg;

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || strchr("-._~", ch) != NULL)
			buf_put(&loc, seg, 1);
		else {
			char pct[3] = { '%', hex[ch >> 4], hex[ch & 15] };

			buf_put(&loc, pct, 3);
		}
	}
	buf_puts(&loc, "/");
	r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Location", buf_cstr(&loc));
	MHD_add_response_header(r, "Cache-Control", "no-store");
	ret = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
	MHD_destroy_response(r);
	buf_free(&loc);
	return ret;
}

char *
serve_file_for(const char *dir, const char *url)
{
	struct buf	 rel = BUF_INIT;
	char		*path = NULL;
	size_t		 n;

	while (*url == '/')
		url++;
	buf_put(&rel, url, strcspn(url, "?#"));
	n = rel.len;
	if (n == 0 || buf_cstr(&rel)[n - 1] == '/')
		buf_puts(&rel, "index.html");
	if (path_check_output(buf_cstr(&rel)) == 0)
		path = xasprintf("%s/%s", dir, buf_cstr(&rel));
	buf_free(&rel);
	return path;
}
