# Open work up front: the home page lists the open opportunities with the
# days left, counted in calendar days of the site's zone (America/Toronto)
# for the build's now; --next-change includes the midnight at which that
# count changes (across a change of UTC offset too). Cards show what
# matters for their state. Built from the bundled site with one open
# opportunity (closing 2026-12-10 at 14:00 EST), one awarded, one
# completed, one terminated and one cancelled.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
copy_bundled "$site"
rm -f "$site/opportunities/open-data-api-client.yml" \
    "$site/opportunities/service-standards-report-page.yml" \
    "$site/opportunities/grants-dashboard-prototype.yml"
rm -rf "$site/opportunities/grants-dashboard-prototype"
sed -i 's/^closing: .*/closing: 2026-12-10T14:00:00-05:00/' \
    "$site/opportunities/loan-form-accessibility.yml"
git init -q "$site"
link_npm "$site"

# build NOW: the site as of NOW into $SCRATCH/out.
build() {
	rm -rf "$SCRATCH/out"
	"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/out" --now "$1" \
	    2>"$SCRATCH/err" || { fail "build at $1"; cat "$SCRATCH/err"; }
}
next() {
	"$MARCHE_BIN" build --repo "$site" --next-change --now "$1" 2>/dev/null
}
# days NOW EN FR: the open card of both home pages says EN and FR.
days() {
	build "$1"
	ok "$1: English home says '$2'" grep -q "class=\"card-days[^\"]*\">$2</strong>" \
	    "$SCRATCH/out/en/index.html"
	ok "$1: French home says '$3'" grep -q "class=\"card-days[^\"]*\">$3</strong>" \
	    "$SCRATCH/out/fr/index.html"
}
nb=$(printf '\302\240')

days 2026-12-07T23:30:00-05:00 "3${nb}days left" "3${nb}jours restants"
days 2026-12-08T00:00:00-05:00 "2${nb}days left" "2${nb}jours restants"
# 23:59 in Toronto is already the next day in UTC: the zone decides.
days 2026-12-09T23:59:00-05:00 "1 day left" "1 jour restant"
days 2026-12-10T00:00:00-05:00 "Closes today" "Dernier jour"
days 2026-12-10T13:59:00-05:00 "Closes today" "Dernier jour"
ok "count of open ones" grep -q 'Open now: <strong>1</strong>' \
    "$SCRATCH/out/en/index.html"
ok "French count" grep -q "Ouvertes en ce moment${nb}: <strong>1</strong>" \
    "$SCRATCH/out/fr/index.html"
ok "the card's closing" grep -q '<time datetime="2026-12-10T14:00:00-05:00">' \
    "$SCRATCH/out/en/index.html"
ok "a link to the full listing" grep -q \
    '<p class="home-all"><a href="opportunities/index.html">' \
    "$SCRATCH/out/en/index.html"
ok "French link to the full listing" grep -q \
    '<p class="home-all"><a href="occasions/index.html">' \
    "$SCRATCH/out/fr/index.html"
ok "no closed one on the home page" sh -c \
    "! grep -q 'card-awarded\|card-completed\|card-cancelled' '$SCRATCH/out/en/index.html'"

# The day count changes at midnight in Toronto: 05:00Z in winter, 04:00Z
# in summer, and the day of the change back to EST lasts 25 hours.
ok "next change: the coming midnight" test "$(next 2026-12-07T23:30:00-05:00)" \
    = 2026-12-08T05:00:00Z
ok "next change: midnight in summer time" test \
    "$(next 2026-10-31T12:00:00-04:00)" = 2026-11-01T04:00:00Z
ok "next change: a 25-hour day" test "$(next 2026-11-01T00:00:00-04:00)" \
    = 2026-11-02T05:00:00Z
ok "next change: the closing when it comes first" test \
    "$(next 2026-12-10T00:00:00-05:00)" = 2026-12-10T19:00:00Z
ok "next change: no midnight once nothing is open (the awarded one moves to the archive)" \
    test "$(next 2026-12-10T15:00:00-05:00)" = 2026-12-17T18:00:00Z

# Nothing open: a sentence pointing to the subscriptions.
build 2026-12-10T15:00:00-05:00
ok "nothing open: says so" grep -q 'No opportunity is open right now' \
    "$SCRATCH/out/en/index.html"
ok "nothing open: French" grep -q 'Aucune occasion n’est ouverte en ce moment' \
    "$SCRATCH/out/fr/index.html"
ok "nothing open: points to the subscriptions" grep -q \
    '<a href="#subscribe-heading">' "$SCRATCH/out/en/index.html"
ok "the subscriptions are there" grep -q 'id="subscribe-heading"' \
    "$SCRATCH/out/en/index.html"

# Cards per state, on the listing and in the archive (the completed one
# closed in May 2026).
card() {
	sed -n "/<li class=\"card card-$1\"/,/<\/li>/p" \
	    "$SCRATCH/out/en/opportunities/index.html" \
	    "$SCRATCH/out/en/opportunities/2026.html"
}
card awarded > "$SCRATCH/awarded"
ok "awarded: the supplier" grep -q '<dt>Selected supplier</dt>' "$SCRATCH/awarded"
ok "awarded: the repository" grep -q '<dt>Repository</dt>' "$SCRATCH/awarded"
ok "awarded: the delivery due" grep -q '<dt>Delivery due</dt>' "$SCRATCH/awarded"
ok "awarded: no closing" sh -c "! grep -q 'Closing date' '$SCRATCH/awarded'"
card completed > "$SCRATCH/completed"
ok "completed: the supplier" grep -q '<dt>Selected supplier</dt>' "$SCRATCH/completed"
ok "completed: the acceptance date" grep -q '<dt>Code accepted</dt>' "$SCRATCH/completed"
ok "completed: no closing" sh -c "! grep -q 'Closing date' '$SCRATCH/completed'"
card terminated > "$SCRATCH/terminated"
ok "terminated: says so" grep -q 'card-outcome">Contract terminated' "$SCRATCH/terminated"
ok "terminated: no closing" sh -c "! grep -q 'Closing date' '$SCRATCH/terminated'"
card cancelled > "$SCRATCH/cancelled"
ok "cancelled: says so" grep -q 'card-outcome">Cancelled. No supplier' "$SCRATCH/cancelled"
ok "cancelled: no closing" sh -c "! grep -q 'Closing date' '$SCRATCH/cancelled'"
build 2026-12-09T12:00:00-05:00
card open > "$SCRATCH/open"
ok "open: the closing" grep -q '<dt>Closing date</dt>' "$SCRATCH/open"
ok "open: the days left" grep -q "card-days\">1 day left" "$SCRATCH/open"
finish
