# A failed build leaves the previous output as it was, and no staging
# folder behind; a good build replaces it whole.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
out=$SCRATCH/out
"$MARCHE_BIN" build -q --repo "$site" --out "$out"
ok "first build succeeds" test $? -eq 0
printf 'stale\n' > "$out/stale.txt"
cp -R "$out" "$SCRATCH/before"

printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/about.html\n---\n{{#x}}\n' > "$site/site/en/about.md"
"$MARCHE_BIN" build -q --repo "$site" --out "$out" 2>/dev/null
ok "broken build exits 1" test $? -eq 1
ok "previous output untouched" diff -r "$SCRATCH/before" "$out"
ok "no staging folder left" sh -c "! ls -a '$SCRATCH' | grep -q staging"

cp "$TESTS/check/_base/site/en/about.md" "$site/site/en/about.md"
"$MARCHE_BIN" build -q --repo "$site" --out "$out"
ok "fixed build succeeds" test $? -eq 0
ok "the new output replaced the old one whole" test ! -e "$out/stale.txt"
ok "no staging folder left after success" sh -c "! ls -a '$SCRATCH' | grep -q staging"

# Files whose bytes did not change keep their time (for rsync deploys).
touch -d 2020-01-01T00:00:00Z "$out"/en/index.html "$out"/en/about.html
printf '\nMore.\n' >> "$site/site/en/about.md"
"$MARCHE_BIN" build -q --repo "$site" --out "$out"
ok "rebuild succeeds" test $? -eq 0
ok "an unchanged page keeps its time" test "$(date -u -r "$out/en/index.html" +%Y)" = 2020
ok "a changed page gets a new time" test "$(date -u -r "$out/en/about.html" +%Y)" != 2020

# An output folder that cannot be replaced safely is refused.
for bad in "$site" "$site/site" "$site/_layouts/x" /; do
	"$MARCHE_BIN" build -q --repo "$site" --out "$bad" 2>"$SCRATCH/err"
	ok "refuses --out $bad" test $? -eq 3
	ok "says why for $bad" grep -q "refusing to use" "$SCRATCH/err"
done
ok "the repository survived" test -f "$site/site/en/index.md"
finish
