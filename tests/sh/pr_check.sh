# check --base --head: the rules that only make sense for a change, on a
# repository with one branch per kind of change.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
g add -A && g commit -qm "Site with one opportunity" && g branch -M main
opp=opportunities/data-cleanup.yml
JAN=2026-01-15T12:00:00Z	# the opportunity is open (closes 2026-02-20)
MAR=2026-03-01T12:00:00Z	# it has closed

branch() { g checkout -q -b "$1" main; }
commit() { g add -A && g commit -qm "$1" && g checkout -q main; }
check() {	# check BRANCH NOW: exit status in $st, diagnostics in err
	"$MARCHE_BIN" check --repo "$site" --base main --head "$1" --now "$2" \
	    2> "$SCRATCH/err"
	st=$?
}

# A new opportunity that closes too soon, and one that is fine.
branch new-soon
sed -e 's/^closing: .*/closing: 2026-01-18T14:00:00-05:00/' \
    -e 's/^selection: .*/selection: 2026-01-20/' \
    -e 's/^start: .*/start: 2026-01-21/' \
    -e 's/nettoyage-donnees/nouveau/' "$site/$opp" > "$site/opportunities/new-soon.yml"
commit "New opportunity closing in three days"
check new-soon $JAN
ok "new, too soon: exit 1" test "$st" -eq 1
ok "new, too soon: said at the closing line" grep -q "^opportunities/new-soon.yml:3:10: error: a new opportunity must stay open at least 7 days" "$SCRATCH/err"

branch new-ok
sed -e 's/nettoyage-donnees/nouveau/' "$site/$opp" > "$site/opportunities/new-ok.yml"
commit "New opportunity closing in five weeks"
check new-ok $JAN
ok "new, far enough: exit 0" test "$st" -eq 0

# Amending an open opportunity is allowed and listed in plain words.
branch amend
sed -i -e 's/^closing: .*/closing: 2026-02-23T14:00:00-05:00/' \
    -e 's/^value: 4500/value: 5000/' \
    -e 's/The data set has/The whole data set has/' "$site/$opp"
commit "Move the closing date three days later"
check amend $JAN
ok "amendment: exit 0" test "$st" -eq 0
ok "amendment: value" grep -q "data-cleanup.yml:1:8: note: amendment: value changed from \$4,500 to \$5,000" "$SCRATCH/err"
ok "amendment: closing, formatted" grep -q "data-cleanup.yml:3:10: note: amendment: closing moved from February 20, 2026 at 2:00.p.m. EST to February 23, 2026 at 2:00.p.m. EST" "$SCRATCH/err"
ok "amendment: text" grep -q "note: amendment: the English description changed" "$SCRATCH/err"

# The same notes in French: each is one message of the catalogue, with
# the dates and amounts in French.
"$MARCHE_BIN" --lang fr check --repo "$site" --base main --head amend \
    --now $JAN 2> "$SCRATCH/err-fr"
ok "amendment in French: exit 0" test $? -eq 0
ok "amendment in French: value" grep -q "data-cleanup.yml:1:8: note: modification.: value est passé de 4.500.\\$ à 5.000.\\$" "$SCRATCH/err-fr"
ok "amendment in French: closing" grep -q "data-cleanup.yml:3:10: note: modification.: closing est passé de 20 février 2026 à 14.h.HNE à 23 février 2026 à 14.h.HNE" "$SCRATCH/err-fr"
ok "amendment in French: text" grep -q "note: modification.: la version en anglais du champ description a changé" "$SCRATCH/err-fr"

# Once closed, the terms are frozen; status and answers may change.
check amend $MAR
ok "closed: changing terms fails" test "$st" -eq 1
ok "closed: value is frozen" grep -q "data-cleanup.yml:1:8: error: 'value' cannot change: the opportunity has closed" "$SCRATCH/err"
ok "closed: text is frozen" grep -q "error: 'en.description' cannot change" "$SCRATCH/err"
ok "closed: the way to correct text is explained" grep -q "error: 'en.description' cannot change: the opportunity has closed, so only its status, award and answers may; to correct its text, a maintainer labels this pull request 'correction' and merges it with a 'Correction: <reason>' trailer" "$SCRATCH/err"
ok "closed: terms are final, corrections or not" grep -q "error: 'value' cannot change: the opportunity has closed, and its terms are final (a correction changes text only)" "$SCRATCH/err"
# A maintainer allows a correction: text becomes a note, terms stay frozen.
"$MARCHE_BIN" check --repo "$site" --base main --head amend --now $MAR \
    --allow-corrections 2> "$SCRATCH/err"
ok "correction allowed: terms still refused" test $? -eq 1
ok "correction allowed: the value is still an error" grep -q "data-cleanup.yml:1:8: error: 'value' cannot change" "$SCRATCH/err"
ok "correction allowed: text is a note" grep -q "note: correction: the English description changed after closing.*; merge it with a 'Correction: <reason>' trailer" "$SCRATCH/err"
branch typo
sed -i 's/Le jeu de données contient/Le jeu de données contiennent/' "$site/$opp"
commit "Fix a French word"
"$MARCHE_BIN" check --repo "$site" --base main --head typo --now $MAR \
    --allow-corrections 2> "$SCRATCH/err"
ok "correction of text only: exit 0" test $? -eq 0
ok "correction of text only: named" grep -q "note: correction: the .* description changed after closing" "$SCRATCH/err"
check typo $MAR
ok "correction not allowed: exit 1" test "$st" -eq 1
"$MARCHE_BIN" check --repo "$site" --allow-corrections --now $MAR 2> /dev/null
ok "--allow-corrections without --base is a usage error" test $? -eq 2
branch cancel
sed -i 's/^contact: .*/&\nstatus: cancelled/' "$site/$opp"
commit "Cancel"
check cancel $MAR
ok "closed: cancelling is allowed" test "$st" -eq 0

# Published opportunities are never deleted or renamed.
branch delete
g rm -q "$opp"
commit "Delete"
check delete $JAN
ok "delete: exit 1" test "$st" -eq 1
ok "delete: says to cancel" grep -q "^opportunities/data-cleanup.yml: error: a published opportunity cannot be deleted" "$SCRATCH/err"
branch rename
g mv "$opp" opportunities/cleanup.yml
commit "Rename"
check rename $JAN
ok "rename: exit 1" test "$st" -eq 1
ok "rename: names both files" grep -q "^opportunities/cleanup.yml: error: a published opportunity cannot be renamed from opportunities/data-cleanup.yml" "$SCRATCH/err"

# A pull request never judges itself: the rules come from the base. This
# one widens the contributor paths, shortens the posting period, raises
# the ceiling and posts a two-day opportunity above the old ceiling.
branch own-rules
cat >> "$site/_data/site.yml" <<'YML'
rules:
  contributor_paths: [opportunities/, _data/, _layouts/]
  minimum_posting_days: 1
  ceiling: 50000
  answer_delay_hours: 2000
YML
sed -e 's/^closing: .*/closing: 2026-01-17T14:00:00-05:00/' \
    -e 's/^selection: .*/selection: 2026-01-20/' \
    -e 's/^start: .*/start: 2026-01-21/' \
    -e 's/^value: .*/value: 40000/' \
    -e 's/nettoyage-donnees/deux-jours/' "$site/$opp" > "$site/opportunities/two-days.yml"
commit "Two days, and rules to match"
check own-rules $JAN
ok "own rules: refused" test "$st" -eq 1
ok "own rules: the base's posting period" grep -q "^opportunities/two-days.yml:3:10: error: a new opportunity must stay open at least 7 days" "$SCRATCH/err"
ok "own rules: the base's ceiling" grep -q "^opportunities/two-days.yml:1:8: error: 'value' must be less than the micro-acquisition ceiling of 10000 dollars" "$SCRATCH/err"
ok "own rules: the settings file needs a maintainer" grep -q "^_data/site.yml: warning: this file is outside the paths contributors change" "$SCRATCH/err"
ok "own rules: paths named, old and new" grep -q "^_data/site.yml:12:22: warning: rules.contributor_paths changed from nothing to \['opportunities/', '_data/', '_layouts/'\]: it decides how changes are judged, so a maintainer must approve it" "$SCRATCH/err"
ok "own rules: posting period named" grep -q "^_data/site.yml:13:25: warning: rules.minimum_posting_days changed from nothing to 1: " "$SCRATCH/err"
ok "own rules: ceiling named" grep -q "^_data/site.yml:14:12: warning: rules.ceiling changed from nothing to 50000: " "$SCRATCH/err"
ok "own rules: answer delay named" grep -q "^_data/site.yml:15:23: warning: rules.answer_delay_hours changed from nothing to 2000: " "$SCRATCH/err"
# Once merged, the rules are the base's: a later change is judged by them,
# and changing them again is named with the old value.
g merge -q own-rules
branch tighter
sed -i -e 's/^  ceiling: 50000/  ceiling: 20000/' -e '/contributor_paths/d' \
    "$site/_data/site.yml"
sed -i "s|^time_zone: .*|time_zone: America/Vancouver|" "$site/_data/site.yml"
commit "Tighter rules"
check tighter $JAN
ok "tighter: old and new values" grep -q "^_data/site.yml:13:12: warning: rules.ceiling changed from 50000 to 20000: " "$SCRATCH/err"
ok "tighter: a removed rule" grep -q "^_data/site.yml:11:1: warning: rules.contributor_paths changed from \['opportunities/', '_data/', '_layouts/'\] to nothing: " "$SCRATCH/err"
ok "tighter: the time zone" grep -q "^_data/site.yml:10:12: warning: time_zone changed from 'America/Toronto' to 'America/Vancouver': " "$SCRATCH/err"
ok "tighter: _data/ was a contributor path in the base" sh -c "! grep -q 'outside the paths' '$SCRATCH/err'"
g reset -q --hard main~1

# Outside the contributor paths: allowed, but flagged for review.
branch outside
printf '<!-- x -->\n' >> "$site/_layouts/default.html"
commit "Change the layout"
check outside $JAN
ok "outside: exit 0" test "$st" -eq 0
ok "outside: flagged" grep -q "^_layouts/default.html: warning: this file is outside the paths contributors change" "$SCRATCH/err"

# A symbolic link in the change.
branch symlink
ln -s ../../_data/site.yml "$site/site/en/link.md"
commit "Add a link"
check symlink $JAN
ok "symlink: exit 1" test "$st" -eq 1
ok "symlink: refused" grep -q "^site/en/link.md: error: symbolic links are not allowed" "$SCRATCH/err"

# --format github: annotations, and a Markdown summary for the check page.
GITHUB_STEP_SUMMARY=$SCRATCH/summary.md "$MARCHE_BIN" check --repo "$site" \
    --base main --head amend --now $MAR --format github 2> "$SCRATCH/err"
ok "github: exit 1" test $? -eq 1
ok "github: an annotation per error" grep -q "^::error file=opportunities/data-cleanup.yml,line=1,col=8::'value' cannot change" "$SCRATCH/err"
ok "summary: the verdict" grep -q '^\*\*3 problems to fix\*\* before this can be merged.$' "$SCRATCH/summary.md"
ok "summary: a table row" grep -q "^| \` opportunities/data-cleanup.yml:1:8 \` | error | \` 'value' cannot change" "$SCRATCH/summary.md"
GITHUB_STEP_SUMMARY=$SCRATCH/summary2.md "$MARCHE_BIN" check --repo "$site" \
    --base main --head amend --now $JAN --format github 2>/dev/null
ok "summary: amendments listed" grep -q "^- \` opportunities/data-cleanup.yml:1:8 \` \` amendment: value changed from \$4,500 to \$5,000" "$SCRATCH/summary2.md"
ok "summary: no problems" grep -q '^\*\*No problems found.\*\*$' "$SCRATCH/summary2.md"

"$MARCHE_BIN" check --repo "$site" --base main --now $JAN 2>/dev/null
ok "--base without --head is a usage error" test $? -eq 2
"$MARCHE_BIN" check --repo "$site" --base nope --head amend --now $JAN 2>"$SCRATCH/err"
ok "unknown base: exit 3" test $? -eq 3
finish
