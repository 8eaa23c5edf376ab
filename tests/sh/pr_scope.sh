# check --base --head of a pull request that changes only opportunities:
# the changed ones are checked against every page the site has, and the
# report is the full check's for them (tests/sh/pr_scope_same.sh runs
# this file comparing each check with --full).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
JAN=2026-01-15T12:00:00Z
# An archived opportunity (its year has a page; it is past its outcome,
# a warning that is time's doing), and an attachment.
old_opportunity "$site"
attach_sample "$site"
g add -A && g commit -qm "Two opportunities" && g branch -M main

branch() { g checkout -q -b "$1" main; }
commit() { g add -A && g commit -qm "$1" && g checkout -q main; }
check() {	# check BRANCH: scoped in err (status st), --full in full (fst)
	"$MARCHE_BIN" check --repo "$site" --base main --head "$1" \
	    --now $JAN 2> "$SCRATCH/err"
	st=$?
	"$MARCHE_BIN" check --repo "$site" --base main --head "$1" \
	    --now $JAN --full 2> "$SCRATCH/full"
	fst=$?
}
scoped() { grep -q "note: this pull request changes only opportunities" \
    "$SCRATCH/err"; }
# new FILE FR-SLUG DESCRIPTION-LINE: a new opportunity, open in January.
new() {
	sed -e "s/nettoyage-donnees/$2/" \
	    -e '/^attachments:/,$d' \
	    -e "s|The data set has \*\*duplicates\*\*.|$3|" "$opp" \
	    > "$site/opportunities/$1.yml"
}

# A good new opportunity linking to every kind of page the others make.
branch links
new new-links nouveau-liens "See [the other](data-cleanup.html), [the old](old-report.html), [skill](../skills/python.html), [data](../../opportunities/data-cleanup/data.csv) and [2025](2025.html)."
commit "New opportunity with links"
check links
ok "links: scoped" scoped
ok "links: exit 0" test "$st" -eq 0
ok "links: the full check warns about the old one's outcome" \
    grep -q "old-report.yml:3:10: warning: closed .* with no outcome" "$SCRATCH/full"
ok "links: the scoped one leaves it out" sh -c '! grep -q old-report "$1"' sh "$SCRATCH/err"
ok "links: the scoped one says how many were left out" \
    grep -q "problems of the 2 other opportunities were left out" "$SCRATCH/err"

# A link to a page the site does not have: the same error either way.
branch missing
new new-missing nouveau-manque "See [nothing](nothing.html) and [no year](2024.html)."
commit "New opportunity with broken links"
check missing
ok "missing: scoped" scoped
ok "missing: exit 1" test "$st" -eq 1 -a "$fst" -eq 1
ok "missing: the page" grep -q "^opportunities/new-missing.yml:15:.*: error: the link 'nothing.html' on en/opportunities/new-missing.html leads to a page the site does not have" "$SCRATCH/err"
ok "missing: the year" grep -q "^opportunities/new-missing.yml:15:.*: error: the link '2024.html' on en/opportunities/new-missing.html leads to a page the site does not have" "$SCRATCH/err"
grep "error:" "$SCRATCH/full" > "$SCRATCH/full-errors"
grep "error:" "$SCRATCH/err" > "$SCRATCH/errors"
ok "missing: the errors are the full check's" cmp -s "$SCRATCH/errors" "$SCRATCH/full-errors"

# A new slug that an unchanged opportunity has: the later file by path
# is refused, whichever of the two the pull request changed.
branch after
new zz-same nettoyage-donnees "Same French slug."
commit "New opportunity with a used slug, after"
check after
ok "slug after: exit 1" test "$st" -eq 1
ok "slug after: on the new file" grep -q "^opportunities/zz-same.yml:.*: error: the French slug 'nettoyage-donnees' is already used by opportunities/data-cleanup.yml" "$SCRATCH/err"
branch before
new aa-same nettoyage-donnees "Same French slug."
commit "New opportunity with a used slug, before"
check before
ok "slug before: exit 1" test "$st" -eq 1
ok "slug before: on the unchanged file, at its slug" grep -q "^opportunities/data-cleanup.yml:22:9: error: the French slug 'nettoyage-donnees' is already used by opportunities/aa-same.yml" "$SCRATCH/err"
ok "slug before: as the full check says" grep -q "^opportunities/data-cleanup.yml:22:9: error: the French slug 'nettoyage-donnees' is already used by opportunities/aa-same.yml" "$SCRATCH/full"

# A problem only in an unchanged opportunity: the full check's error,
# which the scoped one leaves out (it is not the pull request's doing).
g checkout -q main
sed -i 's/^  summary: Write a script/  sumary: Write a script/' "$site/opportunities/old-report.yml"
g commit -qam "Break the old one" && g branch -q broken-main
g reset -q --hard HEAD~1
g checkout -q -b on-broken broken-main
new new-ok nouveau-bon "Fine."
commit "New opportunity on a broken site"
"$MARCHE_BIN" check --repo "$site" --base broken-main --head on-broken \
    --now $JAN 2> "$SCRATCH/err"
ok "unchanged broken: the scoped check passes" test $? -eq 0
"$MARCHE_BIN" check --repo "$site" --base broken-main --head on-broken \
    --now $JAN --full 2> "$SCRATCH/full"
ok "unchanged broken: the full check fails" test $? -eq 1
ok "unchanged broken: on the old one" grep -q "^opportunities/old-report.yml:.*: error: unknown key 'sumary'" "$SCRATCH/full"

# A slug that changes takes a page away: links to it elsewhere break, so
# the whole site is checked.
g checkout -q main
new linker nouveau-lien "See [the data](data-cleanup.html)."
sed -i "s|Le jeu de données contient des \*\*doublons\*\*.|Voir [les données](nettoyage-donnees.html).|" "$site/opportunities/linker.yml"
g add -A && g commit -qm "A linking opportunity" && g branch -q with-linker
g reset -q --hard HEAD~1
g checkout -q -b reslug with-linker
sed -i 's/slug: nettoyage-donnees/slug: nettoyage/' "$opp"
commit "Change a slug"
"$MARCHE_BIN" check --repo "$site" --base with-linker --head reslug \
    --now $JAN 2> "$SCRATCH/err"
ok "slug changed: exit 1" test $? -eq 1
ok "slug changed: not scoped" sh -c '! grep -q "changes only opportunities" "$1"' sh "$SCRATCH/err"
ok "slug changed: the link elsewhere is broken" grep -q "^opportunities/linker.yml:.*: error: the link 'nettoyage-donnees.html' on fr/opportunities/nouveau-lien.html leads to a page the site does not have" "$SCRATCH/err"

# An attachment removed, likewise.
branch drop-attachment
sed -i '/^attachments:/,$d' "$opp"
rm -r "$site/opportunities/data-cleanup"
commit "Drop the attachment"
check drop-attachment
ok "attachment dropped: not scoped" sh -c '! grep -q "changes only opportunities" "$1"' sh "$SCRATCH/err"

# A change outside opportunities: the full check.
branch page
sed -i 's/^title: .*/&/' "$site/site/en/about.md"; echo >> "$site/site/en/about.md"
commit "Edit a page"
check page
ok "page: not scoped" sh -c '! grep -q "changes only opportunities" "$1"' sh "$SCRATCH/err"
ok "page: the outcome warning, as in full" grep -q "old-report.yml:3:10: warning: closed" "$SCRATCH/err"

# A changed attachment alone: its opportunity's pages are checked.
branch attachment
printf 'a,b\n3,4\n' > "$site/opportunities/data-cleanup/data.csv"
commit "Change the attachment"
check attachment
ok "attachment: scoped" scoped
ok "attachment: exit 0" test "$st" -eq 0

# --full needs --base.
"$MARCHE_BIN" check --repo "$site" --full 2> "$SCRATCH/err"
ok "--full alone: usage error" test $? -eq 2
finish
