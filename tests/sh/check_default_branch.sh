# Plain `marche check` in a working tree gives the opportunity files that
# the default branch (origin/HEAD, else main, else master) does not hold
# yet the rules of a new opportunity, and says which branch it used.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=opportunities/data-cleanup.yml
NOW=2026-01-15T12:00:00Z
run() {	# run DIR: plain check at NOW; status in $st, output in err
	(cd "$1" && "$MARCHE_BIN" check --now $NOW) >/dev/null 2>"$SCRATCH/err"
	st=$?
}
# new FILE CLOSING: a copy of the opportunity with its own slug and dates
new() {
	sed -e "s/^closing: .*/closing: $2/" \
	    -e 's/^selection: .*/selection: 2026-03-10/' \
	    -e 's/^start: .*/start: 2026-03-11/' \
	    -e "s/nettoyage-donnees/${1##*/}/" "$site/$opp" > "$site/$1.yml"
}

# No commit yet: nothing to compare with, and nothing said.
run "$site"
ok "unborn: exit 0" test "$st" -eq 0
ok "unborn: no note" sh -c '! grep -q "default branch" "$1"' sh "$SCRATCH/err"

g add -A && g commit -qm "Site" && g branch -M main
run "$site"
ok "main: exit 0" test "$st" -eq 0
ok "main: says which base" grep -q \
    "^marche: note: every opportunity is on main (the default branch): none was checked as new" \
    "$SCRATCH/err"

# A file the default branch lacks closes in three days: refused.
new opportunities/soon 2026-01-18T14:00:00-05:00
run "$site"
ok "new, too soon: exit 1" test "$st" -eq 1
ok "new, too soon: at its closing" grep -q \
    "^opportunities/soon.yml:3:10: error: a new opportunity must stay open at least 7 days" \
    "$SCRATCH/err"
ok "new, too soon: counted" grep -q "note: 1 opportunity not yet on main" "$SCRATCH/err"
# Closing in the past, committed on a branch of its own: still new.
rm "$site/opportunities/soon.yml"
new opportunities/past 2026-01-13T14:00:00-05:00
g checkout -q -b topic && g add -A && g commit -qm "Past" 
run "$site"
ok "committed on a branch, closed: exit 1" test "$st" -eq 1
ok "committed on a branch, closed: at its closing" grep -q \
    "^opportunities/past.yml:3:10: error: a new opportunity must stay open" \
    "$SCRATCH/err"
# The published one closed long ago is not new, whatever its dates.
ok "published: not judged as new" sh -c \
    '! grep -q "^opportunities/data-cleanup.yml.*new opportunity" "$1"' sh "$SCRATCH/err"
g checkout -q main

# master when there is no main.
g branch -m main master
new opportunities/soon 2026-01-18T14:00:00-05:00
run "$site"
ok "master: used" grep -q "note: 1 opportunity not yet on master (the default branch)" "$SCRATCH/err"
rm "$site/opportunities/soon.yml"

# No main nor master, but commits: said so.
g branch -m master trunk
run "$site"
ok "none: exit 0" test "$st" -eq 0
ok "none: said" grep -q "^marche: note: no default branch (origin/HEAD, main or master)" "$SCRATCH/err"
g branch -m trunk main

# A clone: origin/HEAD names the remote's default branch, here 'trunk'.
g branch -m main trunk
git clone -q "$site" "$SCRATCH/clone"
g branch -m trunk main
git -C "$SCRATCH/clone" checkout -q -b main	# a local main, behind trunk
new ../clone/opportunities/soon 2026-01-18T14:00:00-05:00
run "$SCRATCH/clone"
ok "clone: origin/HEAD first" grep -q \
    "note: 1 opportunity not yet on origin/trunk (the default branch)" "$SCRATCH/err"
ok "clone: the new file refused" test "$st" -eq 1
finish
