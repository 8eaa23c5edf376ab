# Posted dates and amendments come from one walk over the history: the
# first commit with a file posts it; a change to its terms while open is
# an amendment; a change reached through a merge counts once, at the
# merge; a shallow clone says dates are unavailable.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
nbsp=$(printf '\302\240')	# French times keep "14 h" on one line

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
opp=opportunities/data-cleanup.yml
cat > "$site/_layouts/opportunity.html" <<'HTML'
---
layout: default
---
<p>posted {{opp.posted.iso}} {{opp.posted.text}}</p>
{{#opp.amended}}<p>amended</p>{{/opp.amended}}
{{#opp.preview}}<p>preview</p>{{/opp.preview}}
{{#opp.amendments}}<h2>{{date.text}}</h2>
{{#changes}}<p>{{label}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.amendments}}
HTML
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
g() { git -C "$site" "$@"; }

at 2026-01-05T15:00:00Z
g add -A && g commit -qm "Post the opportunity" && g branch -M main
at 2026-01-10T15:00:00Z
sed -i 's/^closing: .*/closing: 2026-02-23T14:00:00-05:00/; s/^value: 4500/value: 5000/' "$site/$opp"
g commit -qam "Amend: close later, pay more"
# A branch that changes the French text, merged with a merge commit.
g checkout -q -b french
at 2026-01-11T15:00:00Z
sed -i 's/^  title: Nettoyer un jeu de données ouvertes/  title: Nettoyer des données ouvertes/' "$site/$opp"
g commit -qam "Shorter French title"
g checkout -q main
at 2026-01-12T15:00:00Z
printf 'x\n' > "$site/assets/note.txt" && g add -A && g commit -qm "Unrelated"
at 2026-01-13T15:00:00Z
g merge -q --no-ff -m "Merge the French title" french
# After closing: a status change is not an amendment.
at 2026-03-01T15:00:00Z
sed -i 's/^contact: .*/&\nstatus: cancelled/' "$site/$opp"
g commit -qam "Cancel"

out=$SCRATCH/out
"$MARCHE_BIN" build -q --repo "$site" --out "$out" --now 2026-03-02T00:00:00Z
ok "build succeeds" test $? -eq 0
en=$out/en/opportunities/data-cleanup.html
fr=$out/fr/opportunities/nettoyage-donnees.html
ok "posted: the first commit" grep -q "posted 2026-01-05T10:00:00-05:00 January 5, 2026 at 10:00.a.m. EST" "$en"
ok "posted, in French" grep -q "posted 2026-01-05T10:00:00-05:00 5 janvier 2026 à 10${nbsp}h${nbsp}HNE" "$fr"
ok "one amendment in English (the other changed French text only)" test "$(grep -c '^<h2>' "$en")" -eq 1
ok "two amendments in French" test "$(grep -c '^<h2>' "$fr")" -eq 2
ok "first amendment: its date" grep -q "<h2>January 10, 2026 at 10:00.a.m. EST</h2>" "$en"
ok "first amendment: value" grep -q "<p>value: \$4,500 → \$5,000</p>" "$en"
ok "first amendment: closing" grep -q "<p>closing: February 20, 2026 at 2:00.p.m. EST → February 23, 2026 at 2:00.p.m. EST</p>" "$en"
nb=$(printf '\302\240')	# ICU's fr-CA group separator and space before $
ok "French page: value in French" grep -q "<p>value: 4${nb}500${nb}\$ → 5${nb}000${nb}\$</p>" "$fr"
ok "merged change dated at the merge" grep -q "<h2>13 janvier 2026 à 10${nbsp}h${nbsp}HNE</h2>" "$fr"
ok "merged change: the French title" grep -q "<p>title: Nettoyer un jeu de données ouvertes → Nettoyer des données ouvertes</p>" "$fr"
ok "the English page does not list the French text" sh -c "! grep -q 'Nettoyer' '$en'"
ok "cancelling after closing is no amendment" sh -c "! grep -q 'March' '$en'"
ok "no 'amended' badge once cancelled" sh -c "! grep -q '<p>amended</p>' '$en'"
ok "committed: no preview" sh -c "! grep -q '<p>preview</p>' '$en'"

# The feeds carry each amendment as an entry of its own, in the
# languages whose text or facts it changed; open data counts them.
ok "feed: an entry per amendment, stable ids" /usr/bin/python3 - "$out" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
def entries(lang):
    root = ET.parse(f"{sys.argv[1]}/{lang}/feed.xml").getroot()
    return [(e.find(A + "id").text, e.find(A + "title").text,
             e.find(A + "updated").text, e.find(A + "summary").text)
            for e in root.findall(A + "entry")]
en, fr = entries("en"), entries("fr")
ids = [x[0] for x in en]
assert ids == ["tag:test.example.ca,2026:opportunity:data-cleanup:en",
               "tag:test.example.ca,2026:amendment:data-cleanup%3A1768057200:en"], ids
assert en[1][1] == "Amended: Clean up an open data set", en[1]
assert en[1][2] == "2026-01-10T15:00:00Z", en[1]
assert en[1][3] == "value, closing", en[1]
assert len(fr) == 3, fr
assert fr[1][0].endswith("amendment:data-cleanup%3A1768316400:fr"), fr[1]
assert fr[1][3] == "title", fr[1]
PY
ok "open data: the amendments count" /usr/bin/python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d[0]["amendments"] == 2, d[0]
' "$out/opportunities.json"

# The working tree differs from the last commit: a preview.
sed -i 's/^value: 5000/value: 5200/' "$site/$opp"
"$MARCHE_BIN" build -q --repo "$site" --out "$out" --now 2026-03-02T00:00:00Z
ok "uncommitted change: preview" grep -q "<p>preview</p>" "$en"
g checkout -q -- .

# A shallow clone has no full history: no dates, and a note says so.
git clone -q --depth 1 "file://$site" "$SCRATCH/shallow"
"$MARCHE_BIN" build --repo "$SCRATCH/shallow" --out "$SCRATCH/s.out" --now 2026-03-02T00:00:00Z > /dev/null 2> "$SCRATCH/err"
ok "shallow: builds" test $? -eq 0
ok "shallow: says dates are unavailable" grep -q "note: this is a shallow clone: posted dates and amendments are not shown" "$SCRATCH/err"
ok "shallow: no posted date invented" grep -q "<p>posted  </p>" "$SCRATCH/s.out/en/opportunities/data-cleanup.html"
finish
