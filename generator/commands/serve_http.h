/*
 * What marche serve answers that depends on the request alone, apart
 * from the state of its builds (cmd_serve.c).
 */
#ifndef MARCHE_SERVE_HTTP_H
#define MARCHE_SERVE_HTTP_H

#include <stddef.h>

#include <microhttpd.h>

/* The Content-Type of a file, by its name's extension. */
const char	*serve_content_type(const char *path);

/* Read a whole file; NULL if it is not a readable regular file. */
char		*serve_slurp(const char *path, size_t *lenp);

/* Answer c with len bytes of data (taken), not to be cached. */
enum MHD_Result	 serve_respond(struct MHD_Connection *c, unsigned status,
		    const char *type, char *data, size_t len);

/*
 * Whether a Host header names this server, listening on port:
 * 127.0.0.1, localhost (in any case) or [::1], then ':' and the port,
 * which a browser leaves out only for port 80. Anything else (a name
 * that resolves here through DNS rebinding, another port, no Host at
 * all) is refused, so a page from another site cannot read this one.
 */
int		 serve_host_allowed(const char *host, unsigned port);

/*
 * The redirect for a folder asked for without its slash: "./NAME/",
 * NAME being the path's last segment with every byte but letters,
 * digits and "-._~" percent-encoded. Being relative to the folder's
 * parent it always resolves on this server, whatever the path holds
 * ("//host", a scheme).
 */
enum MHD_Result	 serve_redirect_to_folder(struct MHD_Connection *c,
		    const char *url);

/* The file in dir for a URL path: folders mean index.html; NULL if the
 * path is unsafe. */
char		*serve_file_for(const char *dir, const char *url);

#endif
