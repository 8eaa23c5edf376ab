# A whole real posting on the bundled layouts, in both languages: the
# eligibility section (the site's general conditions, then the posting's,
# saying whether they add to or replace them) comes before "How to apply";
# an open posting has a short apply line right after its key facts and the
# full apply box (the way to apply, the attached form with its type and
# size, what to send, the deadline) at the end; a closed one invites no
# application; attachments are listed with title, type and size, and
# published at opportunities/ID/FILE; a contract ended early shows its date
# and reason. Then the rules for attachments after closing: a pull request
# that changes one is refused, and a commit that did is published as a
# change after closing.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
copy_bundled "$site"
git init -q "$site"
link_npm "$site"
g() { git -C "$site" "$@"; }
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
at 2026-11-20T15:00:00Z
g add -A && g commit -qm "Bundled site" && g branch -M main
NOW=2026-11-25T12:00:00Z
"$MARCHE_BIN" build -q --repo "$site" --now $NOW --out "$SCRATCH/out" \
    > "$SCRATCH/log" 2>&1
ok "the bundled site builds" test $? -eq 0 || cat "$SCRATCH/log"

en=$SCRATCH/out/en/opportunities/grants-dashboard-prototype.html
fr=$SCRATCH/out/fr/occasions/prototype-tableau-bord-subventions.html
NB=$(printf '\302\240')	# no-break space
NNB=$(printf '\342\200\257')	# narrow no-break space (ICU, before "p.m.")
# line FILE PATTERN: the line number of the first match, or 0.
line() { n=$(grep -n -m1 -e "$2" "$1" | cut -d: -f1); echo "${n:-0}"; }
before() { a=$(line "$1" "$2"); b=$(line "$1" "$3"); [ "$a" -gt 0 ] && [ "$b" -gt "$a" ]; }
# within FILE A B: B (fixed text) occurs on a line after the first A.
within() { awk -v a="$2" -v b="$3" 's && index($0, b) { f = 1 } index($0, a) { s = 1 } END { exit !f }' "$1"; }

for page in "$en" "$fr"; do
	l=${page##*/}
	ok "$l: the short apply line follows the key facts" \
	    before "$page" '<dl class="key-facts">' 'class="apply-summary"'
	ok "$l: ... and comes before the summary and the other facts" \
	    before "$page" 'class="apply-summary"' 'class="opp-summary"'
	ok "$l: ... and the other facts before the description" \
	    before "$page" '<dl class="facts">' 'id="description"'
	ok "$l: attachments after the acceptance criteria" \
	    before "$page" 'id="acceptance"' 'id="attachments"'
	ok "$l: eligibility before how to apply" \
	    before "$page" 'id="eligibility"' 'id="apply"'
done
ok "en: the general conditions before the posting's own" \
    before "$en" 'age of majority' 'these conditions also apply'
ok "fr: les conditions générales avant celles de l'occasion" \
    before "$fr" 'âge de la majorité' 's’appliquent aussi' 
ok "en: the short line says how and until when" grep -q \
    "How to apply</a>: with the application form, before <time datetime=\"2027-02-26T23:59:59-05:00\">February 26, 2027 at 11:59:59${NNB}p.m. EST</time>" "$en"
ok "fr: the short line in French" grep -q \
    "Comment postuler</a>${NB}: avec le formulaire de demande, avant le <time datetime=\"2027-02-26T23:59:59-05:00\">26 février 2027 à 23${NB}h${NB}59${NB}min${NB}59${NB}s${NB}HNE</time>" "$fr"
ok "en: general conditions (age of majority)" grep -q 'age of majority' "$en"
ok "en: the posting's conditions add to them" grep -q \
    'For this opportunity, these conditions also apply:' "$en"
ok "fr: les conditions s'ajoutent" grep -q \
    'les conditions suivantes s’appliquent aussi' "$fr"
ok "en: the English form only, with type and size" grep -q \
    'href="../../opportunities/grants-dashboard-prototype/application-form-en.pdf" type="application/pdf">Application form</a> <span class="attachment-meta">(PDF, 1.7 KB)</span>' "$en"
ok "en: the French form is not listed" sh -c "! grep -q 'formulaire-demande-fr.pdf' '$en'"
ok "fr: the French form, size in French" grep -q \
    'formulaire-demande-fr.pdf" type="application/pdf">Formulaire de demande</a> <span class="attachment-meta">(PDF, 1,8'"${NB}"'ko)</span>' "$fr"
ok "fr: the data sample in both, in bytes" grep -q "(CSV, 558${NB}octets)" "$fr"
ok "en: the data sample in both, in bytes" grep -q '(CSV, 558 bytes)' "$en"
ok "en: the apply box links the form" \
    within "$en" 'id="apply"' 'class="attachment-meta">(PDF'
ok "en: the apply box says what to send" within "$en" 'id="apply"' 'What to send'
ok "en: the apply box states the deadline" within "$en" 'What to send' \
    'Apply before <time datetime="2027-02-26T23:59:59-05:00">February'
ok "en: the completed form goes to the contact by e-mail" grep -q \
    'href="mailto:grants-data@example.gc.ca?subject=Prototype%20a%20dashboard' "$en"
ok "the files are published at opportunities/ID/FILE" cmp \
    "$site/opportunities/grants-dashboard-prototype/application-form-en.pdf" \
    "$SCRATCH/out/opportunities/grants-dashboard-prototype/application-form-en.pdf"
ok "... each once" test -f \
    "$SCRATCH/out/opportunities/grants-dashboard-prototype/grants-sample.csv"

ten=$SCRATCH/out/en/opportunities/translation-memory-export.html
tfr=$SCRATCH/out/fr/occasions/exportation-memoire-traduction.html
ok "terminated: no invitation to apply" sh -c \
    "! grep -q 'id=\"apply\"\|apply-summary' '$ten' '$tfr'"
ok "terminated, en: the end and its reason" grep -q \
    '<dt>Contract ended on</dt>' "$ten"
ok "terminated, en: ... dated" grep -q \
    '<time datetime="2026-06-19">June 19, 2026</time>: The supplier&#39;s studies' "$ten"
ok "terminated, fr: la fin et son motif" grep -q \
    "<time datetime=\"2026-06-19\">19 juin 2026</time>${NB}: Les études" "$tfr"
ok "terminated: its conditions replace the general ones" grep -q \
    'these conditions replace the site’s general eligibility conditions' "$ten"
ok "... which are not shown" sh -c "! grep -q 'age of majority' '$ten'"
/usr/bin/python3 - "$SCRATCH/out/opportunities.json" > "$SCRATCH/py" 2>&1 <<'PY'
import json, sys
d = {o["id"]: o for o in json.load(open(sys.argv[1]))}
t = d["translation-memory-export"]
assert t["award"]["ended"] == "2026-06-19", t["award"]
assert t["award"]["reason"]["fr"].startswith("Les études"), t["award"]
assert t["eligibility_replaces_general"] is True
g = d["grants-dashboard-prototype"]
assert g["apply"] == {"by": "form", "url": None}, g["apply"]
assert g["en"]["apply_form"].endswith(
    "/opportunities/grants-dashboard-prototype/application-form-en.pdf")
assert g["fr"]["eligibility"].startswith("Vous devez aussi"), g["fr"]
a = {x["file"]: x for x in g["attachments"]}
assert a["grants-sample.csv"]["bytes"] == 558 and a["grants-sample.csv"]["lang"] is None
assert a["application-form-en.pdf"]["type"] == "PDF" and a["application-form-en.pdf"]["lang"] == "en"
PY
ok "open data: the end, the way to apply, the attachments" test $? -eq 0 || cat "$SCRATCH/py"

# After closing, an attachment is a term like the others.
opp=opportunities/translation-memory-export
g checkout -q -b replace-form
printf '%%PDF-1.4\n%% another form\n%%%%EOF\n' > "$site/$opp/application-form-en.pdf"
echo 'GC-2025-0006,2025-08-12,PE,Community Access Fund,Fonds d'"'"'accès communautaire,30000.00' \
    >> "$site/opportunities/grants-dashboard-prototype/grants-sample.csv"
at 2026-11-21T15:00:36Z	# seconds, as commits have
g commit -qam "Replace the English form"
"$MARCHE_BIN" check --repo "$site" --base main --head replace-form --now $NOW \
    > "$SCRATCH/out.pr" 2>&1
ok "a pull request that replaces a closed posting's form fails" test $? -eq 1
ok "... naming the attachment" grep -q \
    "$opp/application-form-en.pdf: error: this attachment of $opp.yml cannot change: the opportunity has closed" \
    "$SCRATCH/out.pr" || cat "$SCRATCH/out.pr"
g checkout -q main
g merge -q --no-ff -m "Merge replace-form" replace-form
# While open, a change to the eligibility is an amendment like any other.
sed -i 's/take part in two video calls/take part in three video calls/' \
    "$site/opportunities/grants-dashboard-prototype.yml"
at 2026-11-22T15:00:00Z
g commit -qam "One more call"
"$MARCHE_BIN" build -q --repo "$site" --now $NOW --out "$SCRATCH/out2" \
    > "$SCRATCH/log2" 2>&1
ok "once merged, the build warns about the change after closing" grep -q \
    "$opp.yml:.*warning: commit .* changed attachments after the opportunity closed" \
    "$SCRATCH/log2" || cat "$SCRATCH/log2"
ok "... and publishes it as made after closing" grep -q \
    'amendment-after-closing' "$SCRATCH/out2/en/opportunities/translation-memory-export.html"
ok "commit moments are shown to the minute" grep -q \
    '<time datetime="2026-11-21T10:00:00-05:00">November 21, 2026 at 10:00' \
    "$SCRATCH/out2/en/opportunities/translation-memory-export.html"
ok "an eligibility changed while open is an amendment, word by word" grep -q \
    '<li>Eligibility: <span class="word-diff">.*<ins>.*three' \
    "$SCRATCH/out2/en/opportunities/grants-dashboard-prototype.html"
ok "an open posting's attachment may change" sh -c \
    "! grep -q 'grants-dashboard' '$SCRATCH/log2' '$SCRATCH/out.pr'"
# Applying on a web page: the short line and the box lead there.
web=$SCRATCH/web
copy_bundled "$web"
printf 'apply:\n  by: web\n  url: https://forms.example.gc.ca/loan-form\n' \
    >> "$web/opportunities/loan-form-accessibility.yml"
git init -q "$web"
link_npm "$web"
"$MARCHE_BIN" build -q --repo "$web" --now $NOW --out "$SCRATCH/web.out" \
    > "$SCRATCH/web.log" 2>&1
ok "a site applying on the web builds" test $? -eq 0 || cat "$SCRATCH/web.log"
page=$SCRATCH/web.out/en/opportunities/loan-form-accessibility.html
ok "web: the short line says online" grep -q 'How to apply</a>: online, before' "$page"
ok "web: the box's button leads to the page" grep -q \
    '<a class="button" href="https://forms.example.gc.ca/loan-form">Apply online</a>' "$page"
ok "web: no e-mail button" sh -c "! grep -q 'Apply by email' '$page'"
finish
