# marche serve shows an edit to an opportunity before it renders the
# other pages and makes the feeds, calendars and open data again: open
# pages are told of the build as soon as the opportunity's pages are in
# place, a request for a page or file still to be made waits until it is
# made (never the old bytes), and a file of the output folder changed by
# something else in between is written again. MARCHE_TEST_LATE_PAUSE_MS
# holds each build between the two steps, so what a reader sees in
# between can be asked for.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

NOW=2026-01-15T12:00:00Z
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
(cd "$site" && git add -A && git commit -qm "First version")
MARCHE_TEST_LATE_PAUSE_MS=2500 "$MARCHE_BIN" serve --repo "$site" --port 0 \
    --now "$NOW" --out "$SCRATCH/out" > "$SCRATCH/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$SCRATCH"' EXIT
port=$(serve_port "$SCRATCH/log")
ok "serve late: listens" test -n "$port"

# edit OLD NEW: replace the English title of the opportunity, wait for
# the event that tells open pages, then ask, in turn, for the page, the
# status, the feed and the status again; print what each showed.
edit() {
	/usr/bin/python3 - "$port" "$site/opportunities/data-cleanup.yml" \
	    "$1" "$2" <<'PY'
import http.client, sys
port, path, old, new = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
def get(p):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    c.request("GET", p)
    return c.getresponse().read().decode("utf-8", "replace")
n = get("/__marche/status").split()[0]
ev = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
ev.request("GET", "/__marche/events?since=" + n)
stream = ev.getresponse()
stream.readline()		# the first comment: listening
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.replace(old, new, 1))
while not stream.readline().startswith(b"data: "):
    pass
print("page", "new" if new in get("/en/opportunities/data-cleanup.html") else "old")
print("status", get("/__marche/status").split()[2])
print("feed", "new" if new in get("/en/feed.xml") else "old")
print("listing", "new" if new in get("/en/opportunities/") else "old")
print("status", get("/__marche/status").split()[2])
PY
}

# wait for the first build, and for the folder's watches to settle
for i in $(seq 1 100); do
	[ -f "$SCRATCH/out/en/feed.xml" ] && break
	sleep 0.1
done
sleep 0.5
edit "Clean up an open data set" "Tidy a data set" > "$SCRATCH/seen"
ok "serve late: the page is new when pages are told" \
    grep -qx "page new" "$SCRATCH/seen"
ok "serve late: told before the late files are made" \
    test "$(sed -n 2p "$SCRATCH/seen")" = "status busy"
ok "serve late: the feed asked for then waits for its new bytes" \
    grep -qx "feed new" "$SCRATCH/seen"
ok "serve late: the listing too" grep -qx "listing new" "$SCRATCH/seen"
ok "serve late: made by the time it is answered" \
    test "$(sed -n 5p "$SCRATCH/seen")" = "status idle"
ok "serve late: says when the edit was shown" \
    grep -q "shown after [0-9]* ms" "$SCRATCH/log"

# Files changed by something else while the rest is made (a page made
# first, a page made after, a feed) are written again.
( sleep 1; for f in en/opportunities/data-cleanup.html en/about.html \
    fr/feed.xml; do echo changed > "$SCRATCH/out/$f"; done ) &
edit "Tidy a data set" "A tidy data set" > "$SCRATCH/seen2"
wait $!
ok "serve late: the second edit is shown" grep -qx "page new" "$SCRATCH/seen2"
rm -rf "$SCRATCH/fresh"
"$MARCHE_BIN" build --repo "$site" --now "$NOW" --out "$SCRATCH/fresh" \
    > /dev/null 2>&1
ok "serve late: what changed meanwhile is written again" \
    diff -r "$SCRATCH/fresh" "$SCRATCH/out"
ok "serve late: no build failed" \
    sh -c "! grep -q 'still serving the last good site' '$SCRATCH/log'"

kill -TERM $pid
wait $pid
ok "serve late: stops cleanly" test $? -eq 0
finish
