# marche serve: builds, serves on 127.0.0.1, rebuilds on change, keeps
# the last good site when a build fails, and serves nothing outside the
# output folder.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
"$MARCHE_BIN" serve --repo "$site" --port 0 --now 2026-01-15T12:00:00Z \
    > "$SCRATCH/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$SCRATCH"' EXIT
port=$(serve_port "$SCRATCH/log")
ok "serve: says where it listens" test -n "$port"

get() {	# get PATH: status line then body, on stdout
	/usr/bin/python3 - "$port" "$1" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
c.putrequest("GET", sys.argv[2], skip_accept_encoding=True)
c.endheaders()
r = c.getresponse()
print(r.status)
sys.stdout.write(r.read().decode("utf-8", "replace"))
PY
}
wait_version() {	# wait_version N: until the site has been built N times
	for i in $(seq 1 100); do
		[ "$(get /__marche/version | tail -n 1)" = "$1" ] && return 0
		sleep 0.1
	done
	return 1
}

get /en/about.html > "$SCRATCH/page"
ok "serve: a page" test "$(head -n 1 "$SCRATCH/page")" = 200
ok "serve: its content" grep -q "We are a <em>test</em>." "$SCRATCH/page"
ok "serve: the reload script is added" grep -q "__marche/events" "$SCRATCH/page"
ok "serve: not in the built file" sh -c "! grep -q __marche '$site/_site/en/about.html'"
ok "serve: a folder means its index" test "$(get /fr/ | head -n 1)" = 200
ok "serve: first build is version 1" wait_version 1

sed -i 's/We are a \*test\*\./We changed./' "$site/site/en/about.md"
ok "serve: rebuilds on change" wait_version 2
get /en/about.html | grep -q "We changed." 
ok "serve: the new page" test $? -eq 0

printf -- '---\nlayout: default\n---\n{{#oops}}\n' > "$site/site/en/broken.md"
sleep 1.5
ok "serve: a failed build keeps the version" wait_version 2
get /en/about.html | grep -q "We changed."
ok "serve: still serves the last good site" test $? -eq 0

ok "serve: missing page is 404" test "$(get /en/nope.html | head -n 1)" = 404
get /en/../../../etc/passwd > "$SCRATCH/escape"
ok "serve: no way out of the output folder" test "$(head -n 1 "$SCRATCH/escape")" = 404
ok "serve: nothing but the site" sh -c "! grep -q root: '$SCRATCH/escape'"

kill -TERM $pid
wait $pid
ok "serve: stops cleanly on TERM" test $? -eq 0
finish
