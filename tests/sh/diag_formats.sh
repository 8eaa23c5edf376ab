# check --format github adds workflow annotations; --format json prints
# a list of objects, to standard output.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/x,y.html\n---\n# A\n' > "$site/site/en/about.md"
"$MARCHE_BIN" check --repo "$site" --format github 2>"$SCRATCH/gh"
ok "github: exit 1" test $? -eq 1
ok "github: text line kept" grep -q '^site/en/about.md:5:17: error: a permalink may only use' "$SCRATCH/gh"
ok "github: annotation" grep -q '^::error file=site/en/about.md,line=5,col=17::a permalink may only use' "$SCRATCH/gh"
"$MARCHE_BIN" check --repo "$site" --format json --now 2026-01-15T12:00:00Z \
    >"$SCRATCH/json" 2>"$SCRATCH/json.err"
ok "json: exit 1" test $? -eq 1
ok "json: nothing on standard error" test ! -s "$SCRATCH/json.err"
ok "json: parses, with the expected first object" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d, list) and len(d) >= 1, d
x = d[0]
assert x["file"] == "site/en/about.md", x
assert x["line"] == 5 and x["column"] == 17, x
assert x["severity"] == "error", x
assert x["attention"] is False, x
assert x["message"].startswith("a permalink may only use"), x
' "$SCRATCH/json"
finish
