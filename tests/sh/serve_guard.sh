# marche serve under abuse: idle connections are closed after a while and
# cannot lock out a real client, a request naming another host is refused
# (DNS rebinding), and a folder asked for without its slash is redirected
# to it, relatively, so no path can send the browser to another site.
# Everything stays on 127.0.0.1 and ends by itself.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
"$MARCHE_BIN" serve --repo "$site" --port 0 --now 2026-01-15T12:00:00Z \
    > "$SCRATCH/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$SCRATCH"' EXIT
port=$(serve_port "$SCRATCH/log")
ok "serve guard: says where it listens" test -n "$port"

# ask PATH [HOST]: status, then the Location header (or -), on one line.
# With no HOST the request names 127.0.0.1:PORT; "none" sends no Host.
ask() {
	/usr/bin/python3 - "$port" "$1" "${2-127.0.0.1:$port}" <<'PY'
import socket, sys
port, path, host = int(sys.argv[1]), sys.argv[2], sys.argv[3]
req = "GET %s HTTP/1.0\r\n" % path
if host != "none":
    req += "Host: %s\r\n" % host
req += "Connection: close\r\n\r\n"
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(req.encode("latin-1"))
data = b""
while True:
    chunk = s.recv(65536)
    if not chunk:
        break
    data += chunk
head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
loc = "-"
for line in head[1:]:
    k, _, v = line.partition(":")
    if k.strip().lower() == "location":
        loc = v.strip()
print(head[0].split(" ")[1], loc)
PY
}

# Hosts that name this server.
ok "serve guard: 127.0.0.1:PORT" test "$(ask /en/about.html)" = "200 -"
ok "serve guard: localhost:PORT" \
    test "$(ask /en/about.html "localhost:$port")" = "200 -"
ok "serve guard: LocalHost:PORT" \
    test "$(ask /en/about.html "LocalHost:$port")" = "200 -"
ok "serve guard: [::1]:PORT" \
    test "$(ask /en/about.html "[::1]:$port")" = "200 -"
# Hosts that do not: another name (a rebinding attack), another port, no
# port, a longer name, no Host at all.
for h in "evil.example:$port" "evil.example" "127.0.0.1:$((port + 1))" \
    127.0.0.1 localhost "localhost.evil.example:$port" \
    "127.0.0.1:$port.evil.example" "localhost:${port}0" "127.0.0.2:$port" \
    "[::1]" "localhost.:$port" "x@127.0.0.1:$port" "" none; do
	ok "serve guard: Host '$h' is refused" \
	    test "$(ask /en/about.html "$h")" = "403 -"
	ok "serve guard: Host '$h' cannot read the version" \
	    test "$(ask /__marche/version "$h")" = "403 -"
done

# A folder without its slash: one redirect, to a relative location that
# stays on this site whatever the path looks like.
ok "serve guard: /en redirects" test "$(ask /en)" = "301 ./en/"
ok "serve guard: /en/ is served" test "$(ask /en/)" = "200 -"
ok "serve guard: //en stays here" test "$(ask //en)" = "301 ./en/"
ok "serve guard: ///en stays here" test "$(ask ///en)" = "301 ./en/"
ok "serve guard: /%2Fen stays here" test "$(ask /%2Fen)" = "301 ./en/"
ok "serve guard: a file is not redirected" \
    test "$(ask /en/about.html)" = "200 -"
ok "serve guard: a missing folder is not redirected" \
    test "$(ask //evil.example)" = "404 -"
mkdir -p "$site/_site/a:b" "$site/_site/sub/x y"
echo '<p>x</p>' > "$site/_site/a:b/index.html"
echo '<p>y</p>' > "$site/_site/sub/x y/index.html"
ok "serve guard: a colon cannot become a scheme" \
    test "$(ask /a:b)" = "301 ./a%3Ab/"
ok "serve guard: the last segment, encoded" \
    test "$(ask "/sub/x%20y")" = "301 ./x%20y/"

# More than a thousand idle connections (bounded: exactly 1,200 are opened)
# and a real request still gets its page within a few seconds.
/usr/bin/python3 - "$port" > "$SCRATCH/idle" 2>&1 <<'PY'
import http.client, resource, socket, sys, time
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
want = 1300 if hard == resource.RLIM_INFINITY else min(hard, 1300)
if soft < want:
    resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
idle = []
try:
    for i in range(1200):
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    time.sleep(0.5)
    start = time.time()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=4)
    c.request("GET", "/en/about.html")
    r = c.getresponse()
    body = r.read()
    print(r.status, "%.1f" % (time.time() - start))
except Exception as e:
    print("error", e)
finally:
    for s in idle:
        s.close()
PY
ok "serve guard: served beside 1,200 idle connections" \
    grep -q '^200 ' "$SCRATCH/idle"

# One address cannot take every connection: past 2,048 from 127.0.0.1 the
# server closes new ones at once, and a client at another address is still
# served (bounded: exactly 2,100 are opened).
/usr/bin/python3 - "$port" > "$SCRATCH/peraddr" 2>&1 <<'PY'
import http.client, resource, select, socket, sys, time
port = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if hard != resource.RLIM_INFINITY and hard < 2200:
    print("skipped: the file limit is", hard)
    sys.exit(0)
resource.setrlimit(resource.RLIMIT_NOFILE, (2200, hard))
idle = []
try:
    for i in range(2100):
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
    time.sleep(1)
    closed = 0
    for s in idle:
        s.setblocking(False)
        try:
            if s.recv(1) == b"":
                closed += 1
        except BlockingIOError:
            pass
        except ConnectionError:
            closed += 1
    start = time.time()
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=4,
        source_address=("127.0.0.2", 0))
    c.request("GET", "/en/about.html",
        headers={"Host": "127.0.0.1:%d" % port})
    r = c.getresponse()
    r.read()
    print("closed", closed, "then", r.status)
except Exception as e:
    print("error", e)
finally:
    for s in idle:
        s.close()
PY
ok "serve guard: 2,048 connections per address" \
    grep -Eq '^(closed 52 then 200|skipped)' "$SCRATCH/peraddr"

# An idle connection is closed by the server, not kept forever (bounded
# wait: 20 s).
/usr/bin/python3 - "$port" > "$SCRATCH/timeout" 2>&1 <<'PY'
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=20)
start = time.time()
try:
    print("closed" if s.recv(1) == b"" else "data", "%.0f" % (time.time() - start))
except socket.timeout:
    print("still open after 20 s")
PY
ok "serve guard: an idle connection is closed" grep -q '^closed ' "$SCRATCH/timeout"
ok "serve guard: still serves afterwards" test "$(ask /en/about.html)" = "200 -"

kill -TERM $pid
wait $pid
ok "serve guard: stops cleanly" test $? -eq 0
finish
