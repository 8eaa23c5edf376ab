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
copy_bundled "$site"
git init -q "$site"
link_npm "$site"
# Committed after the 'posted:' dates of the bundled opportunities that
# were first posted elsewhere (a posted date must come before the commit).
git -C "$site" add -A
GIT_AUTHOR_DATE=2026-11-20T15:00:00Z GIT_COMMITTER_DATE=2026-11-20T15:00:00Z \
    git -C "$site" commit -qm "Bundled site"
# An amendment to the first open opportunity, so the checks see a word
# diff and a changed value on a page they load.
sed -i -e 's/^    1\. \*\*Mandatory\*\*: at least one link to public code or a pull request,/    1. **Mandatory**: at least one link to public code, a pull request or an issue report,/' \
    -e 's/de tirage, du candidat,/de tirage ou un signalement, du candidat,/' \
    -e 's/^value: 4200/value: 4600/' "$site/opportunities/loan-form-accessibility.yml"
GIT_AUTHOR_DATE=2026-11-22T15:00:00Z GIT_COMMITTER_DATE=2026-11-22T15:00:00Z \
    git -C "$site" commit -qam "Amend the loan form opportunity"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/out" --now 2026-11-25T12:00:00Z
ok "build of the bundled site" test $? -eq 0
for f in en/opportunities/loan-form-accessibility.html \
    fr/occasions/accessibilite-formulaire-pret.html; do
	ok "the amendment's word diff is on $f" \
	    grep -q '<span class="word-diff">.*<ins>' "$SCRATCH/out/$f"
done

node "$browser/vnu.mjs" "$SCRATCH/out"
ok "the Nu HTML Checker finds no errors" test $? -eq 0

BROWSER_ARTIFACTS=${BROWSER_ARTIFACTS:-$(pwd)/browser-artifacts} \
	node "$browser/run.mjs" "$SCRATCH/out"
ok "the browser checks pass" test $? -eq 0
finish
