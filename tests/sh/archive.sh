# The listing stays small: it shows the open opportunities and those
# closed within rules.listing_recent_days (90 by default); older ones are
# on a page per year of closing, in both languages, paired for the
# language toggle, linked from the listing and to it and to the years
# either side, and listed in the sitemap.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
copy_bundled "$site"
git init -q "$site"
link_npm "$site"
out=$SCRATCH/out

# At 2027-12-01 the open data client (closed 2027-09-30) is recent; the
# others closed in 2026 and the loan form on 2027-06-11.
build() {
	rm -rf "$out"
	"$MARCHE_BIN" build -q --repo "$site" --out "$out" \
	    --now 2027-12-01T12:00:00-05:00 2>"$SCRATCH/err" ||
	    { fail "build"; cat "$SCRATCH/err"; }
}
build
en=$out/en/opportunities
fr=$out/fr/occasions
ok "listing: the recent one" grep -q 'href="open-data-api-client.html"' "$en/index.html"
ok "listing: not the old ones" sh -c "! grep -q 'href=\"docs-quality-checks.html\"\|href=\"loan-form-accessibility.html\"' '$en/index.html'"
ok "French listing: not the old ones" sh -c "! grep -q 'href=\"accessibilite-formulaire-pret.html\"' '$fr/index.html'"
for f in "$en/2026.html" "$en/2027.html" "$fr/2026.html" "$fr/2027.html"; do
	ok "${f#"$out"/} exists" test -f "$f"
done
ok "2026: its closings" grep -q 'href="docs-quality-checks.html"' "$en/2026.html"
ok "2026: not 2027's" sh -c "! grep -q 'href=\"loan-form-accessibility.html\"' '$en/2026.html'"
ok "2027: the loan form" grep -q 'href="loan-form-accessibility.html"' "$en/2027.html"
ok "2027: not the recent one" sh -c "! grep -q 'href=\"open-data-api-client.html\"' '$en/2027.html'"
ok "listing links to the years" sh -c "grep -q '<a href=\"2027.html\">2027' '$en/index.html' && grep -q '<a href=\"2026.html\">2026' '$en/index.html'"
ok "French listing links to the years" grep -q '<a href="2026.html">2026' "$fr/index.html"
ok "year links to the listing" grep -q '<a href="index.html">All opportunities</a>' "$en/2026.html"
ok "French year links to the listing" grep -q '<a href="index.html">Toutes les occasions</a>' "$fr/2026.html"
ok "2026 links to the newer year" grep -q '<a href="2027.html">Newer: 2027</a>' "$en/2026.html"
ok "2027 links to the older year" grep -q '<a href="2026.html">Older: 2026</a>' "$en/2027.html"
ok "the newest year links back to the listing" grep -q \
    '<li><a href="index.html">Open and recent opportunities</a></li>' "$en/2027.html"
ok "French title" grep -q '<h1>Occasions fermées en 2026</h1>' "$fr/2026.html"
ok "language toggle to the French year" grep -q 'href="../../fr/occasions/2026.html" lang="fr"' "$en/2026.html"
ok "language toggle to the English year" grep -q 'href="../../en/opportunities/2026.html" lang="en"' "$fr/2026.html"
ok "sitemap: the English year" grep -q '/en/opportunities/2026.html</loc>' "$out/sitemap.xml"
ok "sitemap: the French year" grep -q '/fr/occasions/2027.html</loc>' "$out/sitemap.xml"
ok "listing counts every one posted" grep -q \
    "Opportunities posted: <strong>$(ls "$site/opportunities/"*.yml | wc -l)</strong>" "$en/index.html"
ok "and the open ones" grep -q 'Open now: <strong>0</strong>' "$en/index.html"

# The move to the archive is a change CI must rebuild for: the open data
# client closed 2027-09-30T18:00Z, 90 days later is 2027-12-29T18:00Z.
ok "next change: the move to the archive" test "$("$MARCHE_BIN" build \
    --repo "$site" --next-change --now 2027-12-01T12:00:00-05:00 \
    2>/dev/null)" = 2027-12-29T18:00:00Z

# A longer window keeps everything on the listing: no archive.
sed -i 's/^  listing_recent_days: 90$/  listing_recent_days: 1000/' "$site/_data/site.yml"
build
ok "listing_recent_days: 1000 keeps them listed" grep -q 'href="docs-quality-checks.html"' "$en/index.html"
ok "listing_recent_days: 1000, no year page" test ! -e "$en/2026.html"
ok "no archive block without years" sh -c "! grep -q 'archive-heading' '$en/index.html'"
sed -i 's/^  listing_recent_days: 1000$/  listing_recent_days: 0/' "$site/_data/site.yml"
"$MARCHE_BIN" build -q --repo "$site" --out "$out" 2>"$SCRATCH/err"
ok "listing_recent_days: 0 is refused" test $? -eq 1
ok "and said where" grep -q "_data/site.yml:[0-9]*:[0-9]*: error: rules: 'listing_recent_days' must be a whole number from 1 to 3660" "$SCRATCH/err"
finish
