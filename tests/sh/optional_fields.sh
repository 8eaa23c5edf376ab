# Optional facts the pilot's postings lacked: 'start' (an opportunity
# without it builds, shows no start on its page, and its open data says
# null, valid against the published schema; the CSV cell is empty), and an
# award's 'repository' before any code exists (awarded, terminated).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
copy_bundled "$site"
sed -i '/^start:/d' "$site/opportunities/loan-form-accessibility.yml"
sed -i '/^  repository:/d' "$site/opportunities/azure-marketplace-policies.yml"
git init -q "$site"
link_npm "$site"
git -C "$site" add -A
# After the 'posted:' dates of the bundled imported opportunities.
GIT_AUTHOR_DATE=2026-11-20T15:00:00Z GIT_COMMITTER_DATE=2026-11-20T15:00:00Z \
    git -C "$site" commit -qm "Bundled site, one opportunity without a start"
"$MARCHE_BIN" build -q --repo "$site" --now 2026-11-25T12:00:00Z \
    --out "$SCRATCH/out" > "$SCRATCH/log" 2>&1
ok "builds without a start date" test $? -eq 0 || cat "$SCRATCH/log"
page=$SCRATCH/out/en/opportunities/loan-form-accessibility.html
other=$SCRATCH/out/en/opportunities/open-data-api-client.html
ok "the page exists" test -f "$page"
ok "the page shows no start date" sh -c "! grep -q 'Start of work' '$page'"
ok "another page still shows its start" grep -q 'Start of work' "$other"
ok "the page shows the delivery date" grep -q 'Delivery' "$page"
awarded=$SCRATCH/out/en/opportunities/azure-marketplace-policies.html
ok "an award without a repository is shown" grep -q 'badge-awarded' "$awarded"
ok "... with no repository row" sh -c "! grep -q 'Repository' '$awarded'"
python3 - "$MARCHE_SOURCE_DIR/schemas/opportunities.schema.json" \
    "$SCRATCH/out/opportunities.json" "$SCRATCH/out/opportunities.csv" \
    > "$SCRATCH/py" 2>&1 <<'PY'
import csv, json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
data = json.load(open(sys.argv[2]))
jsonschema.validate(data, schema)
loan = [o for o in data if o["id"] == "loan-form-accessibility"][0]
assert loan["start"] is None, loan["start"]
# The bundled postings that give a start keep it.
assert all(o["start"] for o in data if o["id"] not in ("loan-form-accessibility",
    "grants-dashboard-prototype", "translation-memory-export"))
azure = [o for o in data if o["id"] == "azure-marketplace-policies"][0]
assert azure["award"]["repository"] is None, azure["award"]
rows = list(csv.reader(open(sys.argv[3], newline="", encoding="utf-8")))
col = [i for i, h in enumerate(rows[0]) if h.startswith("start")][0]
row = [r for r in rows[1:] if "loan-form-accessibility" in r][0]
assert row[col] == "", row[col]
PY
ok "open data: start is null, valid, and an empty CSV cell" test $? -eq 0 || cat "$SCRATCH/py"
finish
