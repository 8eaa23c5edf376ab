# Open Resource Exchange entries: one per completed opportunity with a
# repository and a licence, a YAML "releases" list that parses and holds
# the fields the catalogue asks for, in both languages.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
opp=$site/opportunities/data-cleanup.yml
sed -i 's/^contact: .*/&\nstatus: completed/' "$opp"
sed -i '/^questions:/,$d' "$opp"
cat >> "$opp" <<'YML'
award:
  supplier: Example "Quotes" Inc.
  repository: https://github.com/example/cleanup
  licence: Apache-2.0
  accepted: 2026-03-20
YML
sed 's/^  licence: .*//; s/nettoyage-donnees/autre/' "$opp" > "$site/opportunities/no-licence.yml"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/out" --now 2026-04-01T00:00:00Z
ok "build succeeds" test $? -eq 0
ok "an entry for the completed opportunity" test -f "$SCRATCH/out/open-resource-exchange/data-cleanup.yml"
ok "none without a licence" test ! -e "$SCRATCH/out/open-resource-exchange/no-licence.yml"
ok "the entry parses and holds the catalogue's fields" /usr/bin/python3 - "$SCRATCH/out/open-resource-exchange/data-cleanup.yml" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
r = doc["releases"]
assert len(r) == 1, r
r = r[0]
assert r["name"] == {"en": "Clean up an open data set", "fr": "Nettoyer un jeu de données ouvertes"}, r["name"]
assert r["description"]["fr"] == "Écrire un script qui nettoie un jeu de données publiques.", r["description"]
assert r["repositoryURL"] == {"en": "https://github.com/example/cleanup", "fr": "https://github.com/example/cleanup"}
assert r["licenses"] == [{"spdxID": "Apache-2.0"}], r["licenses"]
assert r["date"] == {"created": "2026-03-20"}, r["date"]
assert r["tags"] == {"en": ["Python"], "fr": ["Python"]}, r["tags"]
assert r["contact"] == {"email": "team@example.gc.ca"}, r["contact"]
PY
finish
