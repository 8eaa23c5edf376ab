# Open data: opportunities.json parses and is valid against the
# published schema (schemas/opportunities.schema.json) with
# python3-jsonschema; opportunities.csv parses with python3's csv module
# (RFC 4180: CRLF, quoted fields) with the documented bilingual columns.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/schemas/emit-sites.sh"

emit_build_sites
check_json() {
	$PY - "$MARCHE_SOURCE_DIR/schemas/opportunities.schema.json" "$@" <<'PYEOF'
import sys, json, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
data = json.load(open(sys.argv[2], encoding='utf-8'))
jsonschema.Draft202012Validator(schema).validate(data)
assert len(data) == int(sys.argv[3]), len(data)
ids = [o['id'] for o in data]
assert ids == sorted(ids)
PYEOF
}
n=$(ls "$MARCHE_SOURCE_DIR"/opportunities/*.yml | wc -l)
ok "bundled JSON is valid against the schema" check_json \
    "$SCRATCH/bundled.out/opportunities.json" "$n"
ok "fixture JSON is valid against the schema" check_json \
    "$SCRATCH/fixture.out/opportunities.json" 2
ok "fixture JSON values" $PY - "$SCRATCH/fixture.out/opportunities.json" <<'PYEOF'
import sys, json
o = {x['id']: x for x in json.load(open(sys.argv[1]))}['tricky-chars']
assert o['en']['title'] == 'Parse "quoted", comma; semi\\back & <angle> data'
assert o['value'] == 9999.5 and o['taxes_included'] is True
assert o['status'] == 'awarded'
assert o['closing'] == '2026-01-10T14:00:00-05:00'
assert o['selection'] == '2026-01-20'
assert o['award'] == {'supplier': 'Acme, "Ltd"',
    'repository': 'https://github.com/example/tricky', 'licence': 'MIT',
    'accepted': None, 'ended': None, 'reason': None}
assert o['apply'] == {'by': 'email', 'url': None}
assert o['attachments'] == [] and o['eligibility_replaces_general'] is False
assert o['en']['eligibility'] is None and o['en']['apply_form'] is None
assert o['fr']['calendar'] == \
    'https://test.example.ca/fr/opportunities/donnees-citees.ics'
PYEOF
# The texts open data gives are the files' own, byte for byte: the build
# keeps them packed in memory from reading the files to writing them.
ok "bundled JSON: eligibility and how_to_apply as the files have them" \
    $PY - "$SCRATCH/bundled.out/opportunities.json" \
    "$MARCHE_SOURCE_DIR"/opportunities/*.yml <<'PYEOF'
import sys, os, json, yaml
data = {o['id']: o for o in json.load(open(sys.argv[1], encoding='utf-8'))}
n = 0
for path in sys.argv[2:]:
    y = yaml.safe_load(open(path, encoding='utf-8'))
    o = data[os.path.basename(path)[:-len('.yml')]]
    for k in ('en', 'fr'):
        el = y.get('eligibility')
        el = el.get(k) if isinstance(el, dict) else None
        how = (y.get(k) or {}).get('how_to_apply')
        assert o[k]['eligibility'] == el, (path, k, o[k]['eligibility'])
        assert o[k]['how_to_apply'] == how, (path, k, o[k]['how_to_apply'])
        n += sum(len(t) >= 200 for t in (el, how) if t is not None)
assert n >= 4, n	# long enough to be kept packed
PYEOF
ok "the schema refuses a wrong status" $PY - \
    "$MARCHE_SOURCE_DIR/schemas/opportunities.schema.json" \
    "$SCRATCH/fixture.out/opportunities.json" <<'PYEOF'
import sys, json, jsonschema
schema, data = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
data[0]['status'] = 'pending'
try:
    jsonschema.Draft202012Validator(schema).validate(data)
except jsonschema.ValidationError:
    sys.exit(0)
sys.exit(1)
PYEOF

check_csv() {
	$PY - "$@" <<'PYEOF'
import sys, csv
path, count = sys.argv[1], int(sys.argv[2])
raw = open(path, 'rb').read()
assert raw.endswith(b'\r\n') and raw.count(b'\n') == raw.count(b'\r\n')
rows = list(csv.reader(open(path, newline='', encoding='utf-8'), strict=True))
want = ['id-identifiant', 'status-statut', 'title-titre-en',
    'title-titre-fr', 'summary-resume-en', 'summary-resume-fr',
    'link-lien-en', 'link-lien-fr', 'value-valeur',
    'taxesIncluded-taxesIncluses', 'closingDate-dateCloture',
    'questionsDeadline-dateLimiteQuestions', 'selectionDate-dateSelection',
    'startDate-dateDebut', 'deliveryDate-dateLivraison', 'contact-contact',
    'skills-competences', 'questions-questions',
    'answeredQuestions-questionsRepondues',
    'amendments-modifications',
    'awardSupplier-fournisseurAttribue', 'repository-depot',
    'licence-licence', 'acceptedDate-dateAcceptation',
    'contractEnded-finContrat', 'endReason-motifFin-en',
    'endReason-motifFin-fr', 'eligibility-admissibilite-en',
    'eligibility-admissibilite-fr',
    'eligibilityReplacesGeneral-admissibiliteRemplaceGenerale',
    'applyBy-modeCandidature', 'applyUrl-adresseCandidature',
    'attachments-piecesJointes']
assert rows[0] == want, rows[0]
assert len(rows) == count + 1, len(rows)
assert all(len(r) == len(want) for r in rows)
PYEOF
}
ok "bundled CSV parses with the documented columns" check_csv \
    "$SCRATCH/bundled.out/opportunities.csv" "$n"
ok "fixture CSV parses" check_csv "$SCRATCH/fixture.out/opportunities.csv" 2
ok "fixture CSV values with commas and quotes" $PY - \
    "$SCRATCH/fixture.out/opportunities.csv" <<'PYEOF'
import sys, csv
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
r = [x for x in rows if x['id-identifiant'] == 'tricky-chars'][0]
assert r['title-titre-en'] == 'Parse "quoted", comma; semi\\back & <angle> data'
assert r['title-titre-fr'].startswith('Analyser des données « citées », ')
assert r['awardSupplier-fournisseurAttribue'] == 'Acme, "Ltd"'
assert r['repository-depot'] == 'https://github.com/example/tricky'
assert r['value-valeur'] == '9999.50' and r['status-statut'] == 'awarded'
assert r['closingDate-dateCloture'] == '2026-01-10T14:00:00-05:00'
d = [x for x in rows if x['id-identifiant'] == 'data-cleanup'][0]
assert d['questions-questions'] == '1' and d['awardSupplier-fournisseurAttribue'] == ''
PYEOF
finish
