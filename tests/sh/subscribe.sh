# Subscriptions people can find: every page's head names the feed and the
# calendar of its language (<link rel="alternate">), and the home and
# listing pages show a "Get notified" block, in both languages, whose
# links lead to the files the build writes.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

out=$SCRATCH/site
"$MARCHE_BIN" build --repo "$MARCHE_SOURCE_DIR" --out "$out" \
    --now 2026-12-01T12:00:00Z >/dev/null 2>&1 || fail "the bundled site builds"

# href of the first <link rel="alternate" type=TYPE> in page, resolved.
alt() {
	href=$(sed -n "s|.*<link rel=\"alternate\" type=\"$2\"[^>]* href=\"\([^\"]*\)\".*|\1|p" "$1" | head -n 1)
	[ -n "$href" ] && [ -f "$(dirname "$1")/$href" ] && echo "$href"
}
for page in en/index.html en/opportunities/index.html \
    en/opportunities/azure-marketplace-policies.html fr/index.html \
    fr/occasions/index.html fr/occasions/accessibilite-formulaire-pret.html; do
	f=$out/$page
	ok "$page exists" test -f "$f"
	ok "$page: feed discovery" test -n "$(alt "$f" application/atom+xml)"
	ok "$page: calendar discovery" test -n "$(alt "$f" text/calendar)"
done
ok "the French feed for French pages" sh -c \
    "grep -q 'type=\"application/atom+xml\"[^>]*href=\"../feed.xml\"' '$out/fr/occasions/index.html'"
for page in en/index.html en/opportunities/index.html fr/index.html \
    fr/occasions/index.html; do
	ok "$page: a Get notified block" grep -q '<section class="subscribe"' "$out/$page"
done
ok "English block" grep -q '<h2 id="subscribe-heading">Get notified</h2>' "$out/en/index.html"
ok "French block" grep -q '<h2 id="subscribe-heading">Suivre les occasions</h2>' "$out/fr/index.html"
ok "open data linked" grep -q 'href="../opportunities.json"' "$out/en/index.html"
finish
