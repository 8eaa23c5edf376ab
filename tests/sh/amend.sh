# Amendments readers can follow: a widened eligibility sentence shown
# word by word in both languages on the page (<del>/<ins> with words
# screen readers announce), in the Atom entry and in check's note (which
# points at the changed line inside the block); re-wrapping a paragraph
# is no change; calendar events count the amendments that moved them.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
copy_bundled "$site"
git init -q "$site"
link_npm "$site"
opp=opportunities/eligibility.yml
cat > "$site/$opp" <<'YML'
value: 6000
taxes: excluded
closing: 2026-12-15T14:00:00-05:00
selection: 2026-12-22
start: 2027-01-04
delivery: 2027-02-26
contact: open-data-team@example.gc.ca
skills: [open-data]
en:
  title: Tidy the fisheries catalogue records
  summary: >-
    Fix the metadata of the fisheries
    data sets in the catalogue.
  description: |
    ### Background

    The fisheries records have stale keywords.
  evaluation: |
    Applications are judged on
    past work with open data.

    Suppliers based in Ontario may apply.
  acceptance: |
    - Every record passes the catalogue's checks.
fr:
  title: Ranger les fiches du catalogue des pêches
  slug: fiches-peches
  summary: Corriger les métadonnées des jeux de données sur les pêches.
  description: |
    ### Contexte

    Les fiches des pêches ont des mots-clés périmés.
  evaluation: |
    Les candidatures sont jugées sur
    les travaux antérieurs en données ouvertes.

    Les fournisseurs établis en Ontario peuvent soumissionner.
  acceptance: |
    - Chaque fiche passe les contrôles du catalogue.
YML
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
g() { git -C "$site" "$@"; }
NOW=2026-11-25T12:00:00Z

at 2026-11-02T15:00:00Z
g add -A && g commit -qm "Post" && g branch -M main && g tag posted
# The amendment: eligibility widened in both languages; the first
# paragraph re-wrapped, which readers cannot see.
at 2026-11-05T15:00:00Z
ed -s "$site/$opp" <<'ED' >/dev/null
/^    Applications are judged on$/,/^    past work with open data\.$/c
    Applications are judged on past work with open data.
.
/^    Suppliers based in Ontario may apply\.$/c
    Suppliers based anywhere in Canada may apply.
.
/^    Les candidatures sont jugées sur$/,/^    les travaux antérieurs en données ouvertes\.$/c
    Les candidatures sont jugées sur les travaux
    antérieurs en  données ouvertes.
.
/^    Les fournisseurs établis en Ontario peuvent soumissionner\.$/c
    Les fournisseurs établis partout au Canada peuvent soumissionner.
.
w
q
ED
g commit -qam "Widen eligibility" && g tag widened

# check --base --head: a note per language, at the changed line.
"$MARCHE_BIN" check --repo "$site" --base posted --head widened \
    --now 2026-11-04T12:00:00Z 2>"$SCRATCH/err"
ok "check: the amendment passes" test $? -eq 0
grep ': note: amendment:' "$SCRATCH/err" >"$SCRATCH/notes"
cat >"$SCRATCH/want" <<'TXT'
opportunities/eligibility.yml:21:21: note: amendment: the English evaluation changed: ... work with open data. Suppliers based {+anywhere+} in [-Ontario-]{+Canada+} may apply.
opportunities/eligibility.yml:36:30: note: amendment: the French evaluation changed: ... en données ouvertes. Les fournisseurs établis [-en Ontario-]{+partout au Canada+} peuvent soumissionner.
TXT
ok "check: the notes, word by word, inside the block" cmp "$SCRATCH/want" "$SCRATCH/notes" ||
    diff "$SCRATCH/want" "$SCRATCH/notes"

# Other scalars: a plain one points at its changed word, a folded block
# at the changed line.
g checkout -q -b retitle posted
sed -i -e 's/^  title: Tidy the fisheries catalogue records/  title: Tidy the fishery catalogue records/' \
    -e 's/^    data sets in the catalogue\./    records in the catalogue./' "$site/$opp"
g commit -qam "Retitle" && g checkout -q main
"$MARCHE_BIN" check --repo "$site" --base posted --head retitle \
    --now 2026-11-04T12:00:00Z 2>"$SCRATCH/err"
grep ': note: amendment:' "$SCRATCH/err" >"$SCRATCH/notes"
cat >"$SCRATCH/want" <<'TXT'
opportunities/eligibility.yml:10:19: note: amendment: the English title changed: Tidy the [-fisheries-]{+fishery+} catalogue records
opportunities/eligibility.yml:13:5: note: amendment: the English summary changed: Fix the metadata of the fisheries [-data sets-]{+records+} in the catalogue.
TXT
ok "check: a plain and a folded scalar" cmp "$SCRATCH/want" "$SCRATCH/notes" ||
    diff "$SCRATCH/want" "$SCRATCH/notes"

out=$SCRATCH/out
"$MARCHE_BIN" build -q --repo "$site" --rev widened --out "$out" --now $NOW
ok "build succeeds" test $? -eq 0
en=$out/en/opportunities/eligibility.html
fr=$out/fr/occasions/fiches-peches.html
h='<span class="visually-hidden">'
nb=$(printf '\302\240')	# no-break space before a French colon
ok "page: the English words that changed" grep -qF "<li>Evaluation criteria: <span class=\"word-diff\">… are judged on past work with open data. Suppliers based <ins>${h}inserted: </span>anywhere</ins> in <del>${h}deleted: </span>Ontario</del> <ins>${h}inserted: </span>Canada</ins> may apply.</span></li>" "$en"
ok "page: the French words that changed" grep -qF "<li>Critères d’évaluation${nb}: <span class=\"word-diff\">… sur les travaux antérieurs en données ouvertes. Les fournisseurs établis <del>${h}supprimé${nb}: </span>en Ontario</del> <ins>${h}ajouté${nb}: </span>partout au Canada</ins> peuvent soumissionner.</span></li>" "$fr"
ok "page: no 'text was revised'" sh -c "! grep -q 'the text was revised' '$en'"

# The Atom entry carries the same words as HTML content, and the feed
# stays valid Atom.
trang -I rnc -O rng "$TESTS/schemas/atom.rnc" "$SCRATCH/atom.rng"
for lang in en fr; do
	ok "feed: valid Atom in $lang" xmllint --noout --relaxng \
	    "$SCRATCH/atom.rng" "$out/$lang/feed.xml" 2>/dev/null
done
ok "feed: the amendment's content" /usr/bin/python3 - "$out" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
def amendment(lang):
    root = ET.parse(f"{sys.argv[1]}/{lang}/feed.xml").getroot()
    for e in root.findall(A + "entry"):
        if e.find(A + "id").text.endswith(f"amendment:eligibility%3A1793890800:{lang}"):
            c = e.find(A + "content")
            assert c.get("type") == "html", c.attrib
            return c.text
    raise AssertionError("no amendment entry in " + lang)
h = '<span class="visually-hidden">'
want = ('<ul><li>Evaluation criteria: … are judged on past work with open '
        'data. Suppliers based <ins>' + h + 'inserted: </span>anywhere</ins> '
        'in <del>' + h + 'deleted: </span>Ontario</del> <ins>' + h +
        'inserted: </span>Canada</ins> may apply.</li></ul>')
got = amendment("en")
assert got == want, got
got = amendment("fr")
assert got.startswith("<ul><li>Critères d’évaluation\u00a0: … sur les travaux"), got
assert ('établis <del>' + h + 'supprimé\u00a0: </span>en Ontario</del> <ins>' + h +
        'ajouté\u00a0: </span>partout au Canada</ins> peuvent') in got, got
PY

# Calendars: SEQUENCE counts the amendments that moved each event.
at 2026-11-10T15:00:00Z
sed -i 's/^closing: .*/closing: 2026-12-18T14:00:00-05:00/' "$site/$opp"
g commit -qam "Close later" && g tag moved-once
at 2026-11-12T15:00:00Z
sed -i -e 's/^closing: .*/closing: 2026-12-20T14:00:00-05:00/' \
    -e 's/^delivery: .*/delivery: 2027-03-05/' "$site/$opp"
g commit -qam "Close later again, deliver later" && g tag moved-twice
sequences() {	# sequences REV: "kind=SEQUENCE ..." from the English calendar
	"$MARCHE_BIN" build -q --repo "$site" --rev "$1" --out "$SCRATCH/$1" \
	    --now $NOW || return 1
	/usr/bin/python3 - "$SCRATCH/$1/en/opportunities/eligibility.ics" <<'PY'
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
print(" ".join("%s=%d" % (str(e['UID']).split('@')[0].split('-', 1)[1],
                          int(e['SEQUENCE'])) for e in cal.walk('VEVENT')))
PY
}
ok "calendar: no move, SEQUENCE 0" test "$(sequences widened)" = \
    "closing=0 selection=0 delivery=0"
ok "calendar: one move" test "$(sequences moved-once)" = \
    "closing=1 selection=0 delivery=0"
ok "calendar: two moves of the closing, one of the delivery" \
    test "$(sequences moved-twice)" = "closing=2 selection=0 delivery=1"
ok "calendar: the open calendar agrees" grep -q '^SEQUENCE:2' \
    "$SCRATCH/moved-twice/en/opportunities/open.ics"
# Cancelling changes every event's STATUS: one more revision each.
at 2026-11-20T15:00:00Z
sed -i 's/^contact: .*/&\nstatus: cancelled/' "$site/$opp"
g commit -qam "Cancel" && g tag cancelled
ok "calendar: a cancellation counts once more" \
    test "$(sequences cancelled)" = "closing=3 selection=1 delivery=2"
ok "calendar: cancelled events say so" grep -q '^STATUS:CANCELLED' \
    "$SCRATCH/cancelled/en/opportunities/eligibility.ics"
finish
