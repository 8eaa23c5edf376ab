# 'posted' dates an opportunity imported from another system: accepted
# only when it comes before the file's first commit, and then shown as
# its posted date instead of that commit's.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=opportunities/data-cleanup.yml
NOW=2026-01-20T12:00:00Z
page=en/opportunities/data-cleanup.html
run() {	# run COMMAND [ARGS]: status in $st, diagnostics in err
	"$MARCHE_BIN" "$@" --repo "$site" --now $NOW >/dev/null 2>"$SCRATCH/err"
	st=$?
}
# The base layout does not show the posted date; this one does.
printf '{{#opp.posted}}<p class="opp-posted"><time datetime="{{opp.posted.iso}}">{{opp.posted.text}}</time></p>{{/opp.posted}}\n' \
    >> "$site/_layouts/opportunity.html"
posted() { sed -i "s/^posted: .*//; s/^contact: .*/&\nposted: $1/" "$site/$opp"; }

# Not committed yet: it must come before now.
posted 2026-01-25
run check
ok "uncommitted, after now: exit 1" test "$st" -eq 1
ok "uncommitted, after now: at 'posted'" grep -q \
    "^opportunities/data-cleanup.yml:8:9: error: 'posted' (January 25, 2026) must come before now (January 20, 2026 at 7:00.a.m. EST)" \
    "$SCRATCH/err"

# Committed on 2026-01-15 (lib.sh's date); posted there ten days before.
posted 2026-01-05
g add -A && g commit -qm "Import the opportunity"
run check
ok "before the first commit: check exits 0" test "$st" -eq 0
run build --out "$SCRATCH/out"
ok "before the first commit: build exits 0" test "$st" -eq 0
ok "the page shows the date given" grep -q \
    'datetime="2026-01-05">January 5, 2026<' "$SCRATCH/out/$page"
ok "not the commit's" sh -c '! grep -q "opp-posted.*2026-01-15" "$1"' sh "$SCRATCH/out/$page"

# A later change cannot move it past the first commit.
posted 2026-01-16T09:00:00-05:00
g add -A && g commit -qm "Move posted"
run check
ok "after the first commit: exit 1" test "$st" -eq 1
ok "after the first commit: at 'posted', naming the commit's date" grep -q \
    "^opportunities/data-cleanup.yml:8:9: error: 'posted' (January 16, 2026 at 9:00.a.m. EST) must come before the file's first commit (January 15, 2026 at 7:00.a.m. EST)" \
    "$SCRATCH/err"
run build --out "$SCRATCH/out2"
ok "after the first commit: build exits 1" test "$st" -eq 1
ok "after the first commit: nothing written" test ! -e "$SCRATCH/out2"
finish
