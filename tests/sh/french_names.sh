# French addresses in French: a skill's page is named by its French name
# written in ASCII (or by its slug), the calendar of open opportunities
# is ouvertes.ics, and the data keep the language-neutral key.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

out=$SCRATCH/out
"$MARCHE_BIN" build -q --repo "$MARCHE_SOURCE_DIR" --out "$out" \
    --now 2026-11-25T12:00:00Z 2>"$SCRATCH/err" || { fail "build"; cat "$SCRATCH/err"; }
fr=$out/fr/competences
ok "name transliterated" test -f "$fr/tests-automatises.html"
ok "several words" test -f "$fr/nettoyage-de-donnees.html"
ok "the slug of one's own" test -f "$fr/accessibilite.html"
ok "no English file name in French" test ! -e "$fr/accessibility.html"
ok "English pages keep the key" test -f "$out/en/skills/automated-testing.html"
ok "toggle from English to the French name" grep -q \
    'href="../../fr/competences/tests-automatises.html" lang="fr"' \
    "$out/en/skills/automated-testing.html"
ok "toggle back" grep -q 'href="../../en/skills/automated-testing.html" lang="en"' \
    "$fr/tests-automatises.html"
ok "French cards link to the French names" grep -q \
    'href="../competences/tests-automatises.html"' "$out/fr/occasions/index.html"
ok "sitemap: the French name" grep -q '/fr/competences/donnees-ouvertes.html</loc>' \
    "$out/sitemap.xml"
ok "French calendar of open opportunities" test -f "$out/fr/occasions/ouvertes.ics"
ok "the French pages link to it" grep -q 'href="ouvertes.ics"' "$out/fr/occasions/index.html"
ok "English calendar unchanged" test -f "$out/en/opportunities/open.ics"
ok "open data keep the key" grep -q '"automated-testing"' "$out/opportunities.json"
ok "the filter keeps the key" grep -q '<option value="automated-testing">' \
    "$out/fr/occasions/index.html"

# Ligatures, other scripts and long names.
site=$SCRATCH/site
make_site "$site" /nonexistent
cat >> "$site/_data/skills.yml" <<'YML'
core:
  en: Core business
  fr: Cœur de métier — « l’essentiel »
greek:
  en: Greek
  fr: Ελληνικά
long:
  en: Long
  fr: Une compétence au nom vraiment très long qui dépasse largement soixante caractères
YML
sed -i 's/^skills: .*/skills: [python, core, greek, long]/' "$site/opportunities/data-cleanup.yml"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/o2" 2>"$SCRATCH/err" ||
    { fail "build with new skills"; cat "$SCRATCH/err"; }
ok "ligature and punctuation" test -f "$SCRATCH/o2/fr/skills/coeur-de-metier-l-essentiel.html"
ok "another script, transliterated" test -f "$SCRATCH/o2/fr/skills/ellenika.html"
ok "a long name cut after a whole word, within 60" test -f \
    "$SCRATCH/o2/fr/skills/une-competence-au-nom-vraiment-tres-long-qui-depasse.html"
finish
