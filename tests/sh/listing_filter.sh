# Filtering the listing without JavaScript: links to each state's section
# (with its count) and to the skill pages; the search form is in the page
# but hidden, for the site's own script (assets/filter.js) to show. Cards
# carry their state and skills for that script. The script requests
# nothing (no fetch, no XMLHttpRequest, no address).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

out=$SCRATCH/out
"$MARCHE_BIN" build -q --repo "$MARCHE_SOURCE_DIR" --out "$out" \
    --now 2026-11-25T12:00:00Z 2>"$SCRATCH/err" || { fail "build"; cat "$SCRATCH/err"; }
for f in en/opportunities/index.html fr/occasions/index.html; do
	page=$out/$f
	ok "$f: a link to the open ones, with their count" grep -q \
	    '<li><a href="#group-open">[^<]* <span class="tag-count">([0-9]*)</span></a></li>' "$page"
	ok "$f: every link to a state leads to its section" sh -c '
	    for id in $(grep -o "href=\"#group-[a-z]*\"" "$1" | sed "s/.*#\(.*\)\"/\1/"); do
		grep -q "<h2 id=\"$id\">" "$1" || exit 1
	    done' sh "$page"
	ok "$f: the form is hidden without the script" grep -q \
	    '<form class="listing-filter" role="search" hidden' "$page"
	ok "$f: the script is the site's own" grep -q \
	    '<script src="../../assets/filter.js" defer></script>' "$page"
	ok "$f: cards carry their state and skills" grep -q \
	    '<li class="card card-open" data-status="open" data-skills=" [a-z -]*">' "$page"
	ok "$f: every skill is a filter option" test \
	    "$(grep -c '<option value="[a-z-]*">' "$page")" -ge 10
done
ok "the French form" grep -q '<label for="filter-skill">Compétence</label>' \
    "$out/fr/occasions/index.html"
ok "the script is published" test -f "$out/assets/filter.js"
ok "the script requests nothing" sh -c "! grep -Eq 'fetch|XMLHttpRequest|https?:|import|src=' '$out/assets/filter.js'"
ok "no script on a year's page" sh -c "! grep -q '<script' '$out/en/opportunities/2026.html' 2>/dev/null || ! test -f '$out/en/opportunities/2026.html'"
finish
