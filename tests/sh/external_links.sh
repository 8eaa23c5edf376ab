# marche check --external: every outside link fetched once, against a
# small HTTP server this test starts on 127.0.0.1 (never the internet):
# 200, a permanent redirect, 404, 500, a reply slower than the time
# limit, a server that refuses HEAD, and a closed port. Answers are
# cached, and private addresses are refused unless allowed.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

# The server: answers by path, logs each request line to a file, and
# stops by itself after 60 seconds whatever happens.
cat > "$SCRATCH/server.py" <<'PY'
import http.server, socketserver, sys, threading, time
log = open(sys.argv[1], "a", buffering=1)
class H(http.server.BaseHTTPRequestHandler):
    def answer(self, body):
        log.write("%s %s\n" % (self.command, self.path))
        p = self.path
        if p == "/ok":
            self.send_response(200)
        elif p == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif p == "/gone":
            self.send_response(404)
        elif p == "/broken":
            self.send_response(500)
        elif p == "/slow":
            time.sleep(4)
            self.send_response(200)
        elif p == "/nohead":
            self.send_response(405 if self.command == "HEAD" else 200)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "2")
        self.end_headers()
        if body:
            try:
                self.wfile.write(b"ok")
            except OSError:
                pass
    def do_HEAD(self):
        self.answer(False)
    def do_GET(self):
        self.answer(True)
    def log_message(self, *a):
        pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
s = S(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
threading.Timer(60, s.shutdown).start()
s.serve_forever()
PY
python3 "$SCRATCH/server.py" "$SCRATCH/requests" > "$SCRATCH/port" &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$SCRATCH"' EXIT
for i in $(seq 1 50); do
	[ -s "$SCRATCH/port" ] && break
	sleep 0.1
done
port=$(cat "$SCRATCH/port")
ok "the test server listens" test -n "$port"
# A port nothing listens on: bound, then let go.
closed=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
u=http://127.0.0.1:$port
cat >> "$site/site/en/about.md" <<MD

Links: [ok]($u/ok) [moved]($u/moved) [gone]($u/gone) [broken]($u/broken)
[slow]($u/slow) [nohead]($u/nohead) [closed](http://127.0.0.1:$closed/x)
[again]($u/gone)
MD

check() {
	(cd "$site" && "$MARCHE_BIN" check --now 2026-01-15T12:00:00Z "$@") \
	    > "$SCRATCH/out" 2> "$SCRATCH/err"
}

# Without --external nothing is fetched.
check
ok "no fetching without --external" test ! -s "$SCRATCH/requests"

start=$(date +%s)
check --external --external-private --external-timeout 2 \
    --external-cache "$SCRATCH/cache"
status=$?
took=$(( $(date +%s) - start ))
ok "broken outside links are warnings: exit 0" test "$status" = 0
has() { grep -q -- "$1" "$SCRATCH/err" || { cat "$SCRATCH/err"; return 1; }; }
ok "404 reported at its position" has "about.md:11:78: warning: the link '$u/gone' on en/about.html is broken: the site answered 404"
ok "the same link written twice is reported twice" \
    test "$(grep -c "'$u/gone'.*answered 404" "$SCRATCH/err")" = 2
ok "500 reported" has "'$u/broken' on en/about.html is broken: the site answered 500"
ok "slow reply reported" has "'$u/slow' on en/about.html could not be reached: .*timed out"
ok "closed port reported" has "'http://127.0.0.1:$closed/x' on en/about.html could not be reached"
ok "permanent redirect is a note" has "note: the link '$u/moved' on en/about.html has moved to '$u/ok' for good"
ok "a working link says nothing" sh -c "! grep -q \"'$u/ok' on en/about.html [ich]\" '$SCRATCH/err'"
ok "a server refusing HEAD is asked with GET" sh -c \
    "grep -q 'HEAD /nohead' '$SCRATCH/requests' && grep -q 'GET /nohead' '$SCRATCH/requests' && ! grep -q \"'$u/nohead' on en/about.html [ich]\" '$SCRATCH/err'"
ok "each address fetched once" test "$(grep -c ' /gone$' "$SCRATCH/requests")" -le 2
ok "links fetched in parallel: the slow one does not add up (${took}s)" \
    test "$took" -lt 8

# Second run: working answers come from the cache, broken ones are asked
# again (they may have been fixed).
: > "$SCRATCH/requests"
check --external --external-private --external-timeout 2 \
    --external-cache "$SCRATCH/cache"
ok "the cache holds working links" sh -c \
    "! grep -q ' /ok$' '$SCRATCH/requests' && ! grep -q ' /nohead$' '$SCRATCH/requests'"
ok "broken links are asked again" grep -q ' /gone$' "$SCRATCH/requests"
ok "cached answers still judged" has "'$u/moved' on en/about.html has moved"

# A corrupt cache is ignored, not trusted.
printf 'garbage\n200\tnot-a-time\t-\t%s/gone\n' "$u" > "$SCRATCH/cache"
: > "$SCRATCH/requests"
check --external --external-private --external-timeout 2 \
    --external-cache "$SCRATCH/cache"
ok "a corrupt cache line is not trusted" has "'$u/gone' on en/about.html is broken"

# Private addresses are refused unless allowed: a pull request must not
# make the check reach into the network it runs in.
: > "$SCRATCH/requests"
check --external --external-timeout 2 --external-cache none
ok "private address refused" has "'$u/ok' on en/about.html could not be reached: it leads to a private or local network address"
ok "nothing was sent to it" sh -c "! grep -q ' /ok$' '$SCRATCH/requests'"

check --external --external-timeout 0
ok "a bad time limit is a usage error" test $? = 2
finish
