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
ok "skeleton: French title asks to be filled" grep -q "web-form-fix.yml:91:9: error: the French title (fr.title) is empty: write it in French" "$SCRATCH/err"
ok "skeleton: an empty optional slug is fine" sh -c "! grep -q \"'slug'\" '$SCRATCH/err'"

ok "skeleton: the optional blocks are commented out" sh -c "! grep -Eq '^ *(eligibility|apply|attachments|how_to_apply|award|status):' '$site/opportunities/web-form-fix.yml'"
cp "$site/opportunities/web-form-fix.yml" "$SCRATCH/skeleton.yml"

# The skeleton itself, its required fields filled in place, passes; and
# so it does with each optional block uncommented as its comment says
# (the '# ' at the start of each line removed).
sed -E -e 's/^value: .*/value: 3000/' -e 's/^closing: .*/closing: 2026-03-02 14:00/' \
    -e 's/^selection: .*/selection: 2026-03-05/' -e 's/^start: .*/start: 2026-03-09/' \
    -e 's/^delivery: .*/delivery: 2026-04-03/' -e 's/^contact: .*/contact: team@example.gc.ca/' \
    -e 's/^skills: .*/skills: [accessibility]/' \
    -e '/^en:/,/^fr:/ { s/^  title: .*/  title: Fix a web form/; s/^  summary: .*/  summary: Make a form accessible./
	s/^  description: .*/  description: The form needs labels./; s/^  evaluation: .*/  evaluation: Past accessibility work./
	s/^  acceptance: .*/  acceptance: No WCAG 2.1 AA failures./; }' \
    -e '/^fr:/,$ { s/^  title:.*/  title: Corriger un formulaire Web/; s/^  summary:.*/  summary: Rendre un formulaire accessible./
	s/^  description:.*/  description: Le formulaire a besoin d’étiquettes./; s/^  evaluation:.*/  evaluation: Travaux antérieurs en accessibilité./
	s/^  acceptance:.*/  acceptance: Aucun échec WCAG 2.1 AA./; }' \
    "$SCRATCH/skeleton.yml" > "$SCRATCH/filled.yml"
cp "$SCRATCH/filled.yml" "$site/opportunities/web-form-fix.yml"
"$MARCHE_BIN" check --repo "$site" > "$SCRATCH/out" 2>&1
ok "skeleton filled in place: check passes" test $? -eq 0
cat "$SCRATCH/out"

# Uncomment, in each paragraph of $2, the lines from the first that is a
# commented key of the list $1 (KEY, or KEY=NEXT when the next line must
# read NEXT) to the paragraph's end.
uncomment() {
	awk -v want="$1" 'BEGIN { RS = ""; n = split(want, w, ",") }
	{
		m = split($0, l, "\n"); from = 0
		for (i = 1; i <= m && !from; i++)
			for (k = 1; k <= n; k++) {
				split(w[k], kv, "=")
				if (l[i] ~ "^ *# " kv[1] ":" && (kv[2] == "" ||
				    l[i + 1] ~ "# +" kv[2] "$"))
					from = i
			}
		for (i = 1; i <= m; i++) {
			if (from && i >= from)
				sub(/# /, "", l[i])
			print l[i]
		}
		print ""
	}' "$2"
}
uncomment "eligibility,apply=by: web,how_to_apply" "$SCRATCH/filled.yml" > "$site/opportunities/web-form-fix.yml"
for k in eligibility apply; do
	ok "skeleton: $k uncommented" grep -q "^$k:" "$site/opportunities/web-form-fix.yml"
done
ok "skeleton: how_to_apply uncommented in both languages" test "$(grep -c '^  how_to_apply: |$' "$site/opportunities/web-form-fix.yml")" -eq 2
"$MARCHE_BIN" check --repo "$site" > "$SCRATCH/out" 2>&1
ok "skeleton with eligibility, web application, what to send: check passes" test $? -eq 0
cat "$SCRATCH/out"

# The application form and the attachments, with their files, and the
# end of a contract, once it has closed and ended.
uncomment "apply=by: form,attachments,status" "$SCRATCH/filled.yml" > "$site/opportunities/web-form-fix.yml"
for k in apply attachments status award; do
	ok "skeleton: $k uncommented" grep -q "^$k:" "$site/opportunities/web-form-fix.yml"
done
mkdir "$site/opportunities/web-form-fix"
printf '%%PDF-1.4\n' > "$site/opportunities/web-form-fix/application-form-en.pdf"
printf '%%PDF-1.4\n' > "$site/opportunities/web-form-fix/formulaire-demande-fr.pdf"
printf 'year,value\n2026,1\n' > "$site/opportunities/web-form-fix/sample.csv"
"$MARCHE_BIN" check --repo "$site" --now 2027-02-01T12:00:00Z > "$SCRATCH/out" 2>&1
ok "skeleton with a form, attachments, a terminated contract: check passes" test $? -eq 0
grep -v 'data-cleanup.yml\|needs attention\|^ *[0-9]* |\|^ *|' "$SCRATCH/out"
rm -r "$site/opportunities/web-form-fix"
cp "$SCRATCH/skeleton.yml" "$site/opportunities/web-form-fix.yml"

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
