# check --base --head --format github: the summary says, in plain words and
# in both languages, what each new or amended opportunity will tell
# suppliers, and what changed; what the pull request wrote stays code.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
g add -A && g commit -qm "Site with one opportunity" && g branch -M main
opp=opportunities/data-cleanup.yml
JAN=2026-01-15T12:00:00Z	# open; it closes 2026-02-20 at 14:00 EST
summary() {	# summary BRANCH: the step summary in $SCRATCH/sum
	: > "$SCRATCH/sum"
	GITHUB_STEP_SUMMARY=$SCRATCH/sum "$MARCHE_BIN" check --repo "$site" \
	    --base main --head "$1" --now $JAN --format github 2> "$SCRATCH/err"
	st=$?
}
# ICU's no-break spaces read as spaces here; code spans have a space
# inside each backquote.
has() {
	sed 's/\xe2\x80\xaf/ /g; s/\xc2\xa0/ /g' "$SCRATCH/sum" | grep -qF -- "$1"
}

# A new opportunity, with a title that tries to be markup.
g checkout -q -b new main
sed -e 's/nettoyage-donnees/nouveau/' \
    -e 's/^  title: Clean up an open data set/  title: "Clean up [data](https:\/\/evil.example) <img src=x>"/' \
    "$site/$opp" > "$site/opportunities/new.yml"
g add -A && g commit -qm "New opportunity" && g checkout -q main
summary new
ok "new: the check passes" test "$st" -eq 0
ok "new: a section for suppliers' view" has "### What suppliers will see / Ce que verront les fournisseurs"
ok "new: named as new, the title as code" has '#### New / Nouvelle: ` Clean up [data](https://evil.example) <img src=x> ` / ` Nettoyer un jeu de données ouvertes ` (` opportunities/new.yml `)'
ok "new: the English sentence" has '- English: $4,500, taxes excluded; closes Friday, February 20, 2026 at 2:00 p.m. EST; open 36 days from today; skills: ` Python `.'
ok "new: the French sentence" has '- Français : 4 500 $, taxes en sus; clôture le vendredi 20 février 2026 à 14 h HNE; ouverte 36 jours à compter d’aujourd’hui; compétences : ` Python `.'
# With the code spans taken out, what is left holds nothing of the title.
ok "new: the title's markup only inside code spans" /usr/bin/python3 -c '
import re, sys
text = re.sub(r"`[^`]*`", "", open(sys.argv[1], encoding="utf-8").read())
assert "<img" not in text and "](http" not in text and "evil" not in text, text
' "$SCRATCH/sum"

# An amendment: the terms that changed, in each language, and the words.
g checkout -q -b amend main
sed -i -e 's/^closing: .*/closing: 2026-02-23T14:00:00-05:00/' \
    -e 's/^value: 4500/value: 5000/' \
    -e 's/The data set has/The whole data set has/' "$site/$opp"
g add -A && g commit -qm "Amend" && g checkout -q main
summary amend
ok "amended: the check passes" test "$st" -eq 0
ok "amended: named as amended" has '#### Amended / Modifiée: ` Clean up an open data set `'
ok "amended: days left, not days open" has 'closes Monday, February 23, 2026 at 2:00 p.m. EST; 39 days left;'
ok "amended: the list of changes" has "What changed for suppliers / Ce qui change pour les fournisseurs"
ok "amended: value in both languages" has '- ` value `: ` $4,500 ` → ` $5,000 ` / ` 4 500 $ ` → ` 5 000 $ `'
ok "amended: closing in both languages" has '- ` closing `: ` February 20, 2026 at 2:00 p.m. EST ` → ` February 23, 2026 at 2:00 p.m. EST ` / ` 20 février 2026 à 14 h HNE ` → ` 23 février 2026 à 14 h HNE `'
ok "amended: the changed words" has '- English ` description `: ` Background The {+whole+} data set has duplicates. `'

# Nothing about opportunities: no section; a plain check: none either.
g checkout -q -b page main
echo "More." >> "$site/site/en/index.md"
g add -A && g commit -qm "Page" && g checkout -q main
summary page
ok "no opportunity changed: no section" sh -c "! grep -q 'What suppliers will see' '$SCRATCH/sum'"
ok "no opportunity changed: the summary is still written" has "marche check of this pull request"
finish
