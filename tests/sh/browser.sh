# The bundled site in a real browser: valid HTML (the Nu HTML Checker),
# accessibility, keyboard use, the language toggle, no third-party requests,
# page weights and screenshots (tests/browser/run.mjs, Debian's Chromium).
# Needs the packages in tests/browser: npm ci --prefix tests/browser
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

browser=$MARCHE_SOURCE_DIR/tests/browser
for m in playwright-core axe-core vnu-jar; do
	if [ ! -d "$browser/node_modules/$m" ]; then
		fail "tests/browser/node_modules/$m is missing; run: npm ci --prefix tests/browser"
		finish
		exit 1
	fi
done

site=$SCRATCH/site
mkdir -p "$site"
for d in site _layouts _data assets opportunities; do
	[ -d "$MARCHE_SOURCE_DIR/$d" ] && cp -R "$MARCHE_SOURCE_DIR/$d" "$site/"
done
git init -q "$site"
git -C "$site" add -A && git -C "$site" commit -qm "Bundled site"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/out" --now 2026-11-25T12:00:00Z
ok "build of the bundled site" test $? -eq 0

node "$browser/vnu.mjs" "$SCRATCH/out"
ok "the Nu HTML Checker finds no errors" test $? -eq 0

BROWSER_ARTIFACTS=${BROWSER_ARTIFACTS:-$(pwd)/browser-artifacts} \
	node "$browser/run.mjs" "$SCRATCH/out"
ok "the browser checks pass" test $? -eq 0
finish
