# marche new opportunity writes a skeleton that fails check until filled.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

(cd "$site/site/en" && "$MARCHE_BIN" new opportunity web-form-fix) > "$SCRATCH/out"
ok "new: exits 0" test $? -eq 0
ok "new: writes the file at the top of the work tree" test -f "$site/opportunities/web-form-fix.yml"
ok "new: says what it wrote" grep -q "wrote opportunities/web-form-fix.yml" "$SCRATCH/out"
# Times in the skeleton are local times: no UTC offset to work out.
ok "skeleton: closing as a local time" grep -q "^ *# 2026-12-14 14:00$" "$site/opportunities/web-form-fix.yml"
ok "skeleton: no UTC offset" sh -c "! grep -q -- '[0-9]-0[45]:00' '$site/opportunities/web-form-fix.yml'"

"$MARCHE_BIN" check --repo "$site" 2> "$SCRATCH/err"
ok "skeleton: check fails" test $? -eq 1
ok "skeleton: value asks to be filled" grep -q "web-form-fix.yml:8:7: error: 'value' is empty: fill in the amount" "$SCRATCH/err"
ok "skeleton: closing asks for a date and time" grep -q "'closing' is empty: fill in a date and time" "$SCRATCH/err"
ok "skeleton: French title asks to be filled" grep -q "web-form-fix.yml:34:9: error: the French title (fr.title) is empty: write it in French" "$SCRATCH/err"
ok "skeleton: an empty optional slug is fine" sh -c "! grep -q \"'slug'\" '$SCRATCH/err'"

# The skeleton's own hints, left as the text, are errors: each English
# text field gets the hint its comment gives (so a changed hint that the
# placeholder rule no longer knows fails here).
sed -E '/^en:/,/^fr:/ s/^  (title|summary|description|evaluation|acceptance): +# (.*)$/  \1: \2/' \
    "$site/opportunities/web-form-fix.yml" > "$SCRATCH/hints.yml"
cp "$SCRATCH/hints.yml" "$site/opportunities/web-form-fix.yml"
"$MARCHE_BIN" check --repo "$site" 2> "$SCRATCH/err"
for f in title summary description evaluation acceptance; do
	ok "skeleton hint in $f is refused" grep -q "'$f': this is the skeleton's hint" "$SCRATCH/err"
done

# Past a file size limit: exit 3 with the reason, and no half a skeleton.
(cd "$site" && ulimit -f 1 && exec "$MARCHE_BIN" new opportunity too-big) 2> "$SCRATCH/err" >/dev/null
ok "file size limit: exit 3" test $? -eq 3
ok "file size limit: said" grep -q "cannot write .*too-big.yml: File too large" "$SCRATCH/err"
ok "file size limit: nothing left" test ! -e "$site/opportunities/too-big.yml"

# Filled in, it passes.
cat > "$site/opportunities/web-form-fix.yml" <<'YML'
value: 3000
taxes: excluded
closing: 2026-03-02T14:00:00-05:00
selection: 2026-03-05
start: 2026-03-09
delivery: 2026-04-03
contact: team@example.gc.ca
skills: [accessibility]
en:
  title: Fix a web form
  summary: Make a form accessible.
  description: The form needs labels.
  evaluation: Past accessibility work.
  acceptance: No WCAG 2.1 AA failures.
fr:
  title: Corriger un formulaire Web
  slug: corriger-formulaire
  summary: Rendre un formulaire accessible.
  description: Le formulaire a besoin d'étiquettes.
  evaluation: Travaux antérieurs en accessibilité.
  acceptance: Aucun échec WCAG 2.1 AA.
YML
"$MARCHE_BIN" check --repo "$site"
ok "filled in: check passes" test $? -eq 0

"$MARCHE_BIN" new opportunity web-form-fix --repo "$site" 2> "$SCRATCH/err"
ok "new: refuses to overwrite (exit 1)" test $? -eq 1
ok "new: says it exists" grep -q "already exists; nothing was written" "$SCRATCH/err"
"$MARCHE_BIN" new opportunity Bad_Id --repo "$site" 2>/dev/null
ok "new: bad id is a usage error" test $? -eq 2
"$MARCHE_BIN" new page x --repo "$site" 2>/dev/null
ok "new: unknown kind is a usage error" test $? -eq 2

"$MARCHE_BIN" build --repo "$site" --out "$SCRATCH/out1" --next-change > "$SCRATCH/next"
ok "next-change: the next midnight in the site's zone, as one is open" \
    grep -qx "2026-01-16T05:00:00Z" "$SCRATCH/next"
ok "next-change: writes nothing" test ! -e "$SCRATCH/out1"
"$MARCHE_BIN" build --repo "$site" --next-change --now 2026-02-20T12:00:00Z > "$SCRATCH/next"
ok "next-change: the closing, before midnight" grep -qx "2026-02-20T19:00:00Z" "$SCRATCH/next"
"$MARCHE_BIN" build --repo "$site" --next-change --now 2026-03-03T00:00:00Z > "$SCRATCH/next"
ok "next-change: once all closed, the move to the archive 90 days after the closing" \
    grep -qx "2026-05-21T19:00:00Z" "$SCRATCH/next"
"$MARCHE_BIN" build --repo "$site" --next-change --now 2026-06-01T00:00:00Z > "$SCRATCH/next"
ok "next-change: none once all are in the archive" grep -qx "none" "$SCRATCH/next"
"$MARCHE_BIN" build --repo "$site" --now yesterday 2>/dev/null
ok "--now must parse" test $? -eq 2
finish
