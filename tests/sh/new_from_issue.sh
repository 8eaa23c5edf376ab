# marche new opportunity --from-issue: each tests/new-from-issue/CASE/ holds
# an issue body (body.md) as GitHub writes a form's answers, and what must
# come of it: the exact file written (expected.yml, or none), the
# diagnostics (expected.err), the comment for the issue (expected.md), the
# exit status (status), and, when CASE/check exists, the exit status of
# `marche check` on the site with the file. CASE/args holds extra
# arguments (such as the id). REGEN=1 rewrites the expectations.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

for tc in "$TESTS"/new-from-issue/*/; do
	tc=${tc%/}
	cname=${tc##*/}
	site=$SCRATCH/$cname
	make_site "$site" "$TESTS/check/_base"
	body=$tc/body.md
	[ -f "$tc/make-body" ] && { body=$SCRATCH/$cname.md; sh "$tc/make-body" > "$body"; }
	args=
	[ -f "$tc/args" ] && args=$(cat "$tc/args")
	# The file name in diagnostics is the one given: keep it short.
	cp "$body" "$SCRATCH/issue.md"
	rm -f "$SCRATCH/comment.md"
	ls "$site/opportunities" > "$SCRATCH/before"
	# shellcheck disable=SC2086
	(cd "$SCRATCH" && "$MARCHE_BIN" new opportunity $args --repo "$site" \
	    --from-issue issue.md --comment "$SCRATCH/comment.md") \
	    > "$SCRATCH/out" 2> "$SCRATCH/err"
	status=$?
	written=$(ls "$site/opportunities" | comm -13 "$SCRATCH/before" - | sed 's|^|opportunities/|')
	: > "$SCRATCH/yml"
	[ -n "$written" ] && cp "$site/$written" "$SCRATCH/yml"
	if [ "${REGEN:-0}" = 1 ]; then
		echo "$status" > "$tc/status"
		cp "$SCRATCH/err" "$tc/expected.err"
		cp "$SCRATCH/comment.md" "$tc/expected.md"
		if [ -s "$SCRATCH/yml" ]; then cp "$SCRATCH/yml" "$tc/expected.yml"; else rm -f "$tc/expected.yml"; fi
		git -C "$MARCHE_SOURCE_DIR" --no-pager diff --stat -- "$tc"
	fi
	ok "$cname: exit status" test "$status" = "$(cat "$tc/status")"
	ok "$cname: diagnostics" diff -u "$tc/expected.err" "$SCRATCH/err"
	ok "$cname: comment" diff -u "$tc/expected.md" "$SCRATCH/comment.md"
	if [ -f "$tc/expected.yml" ]; then
		ok "$cname: the file written" diff -u "$tc/expected.yml" "$SCRATCH/yml"
		ok "$cname: says what it wrote" grep -qx "wrote $written" "$SCRATCH/out"
	else
		ok "$cname: nothing written" test -z "$written"
	fi
	if [ -f "$tc/check" ]; then
		"$MARCHE_BIN" check --repo "$site" > "$SCRATCH/check.out" 2>&1
		st=$?
		ok "$cname: check exits $(cat "$tc/check")" test "$st" = "$(cat "$tc/check")"
		[ "$st" = "$(cat "$tc/check")" ] || cat "$SCRATCH/check.out"
	fi
done

# The form and the converter agree: a body made from the form itself
# (.github/ISSUE_TEMPLATE/opportunity.yml), every skill ticked, is read
# whole, and its skills are every key of the site's _data/skills.yml.
site=$SCRATCH/form
make_site "$site" "$TESTS/check/_base"
cp "$MARCHE_SOURCE_DIR/_data/skills.yml" "$site/_data/skills.yml"
# form_body [ID=N]...: a body made from the form, option N of dropdown ID
# chosen (else the first), the optional texts filled in.
form_body() {
	/usr/bin/python3 - "$MARCHE_SOURCE_DIR/.github/ISSUE_TEMPLATE/opportunity.yml" "$@" <<'PY'
import sys, yaml
answers = {
    "value": "4500", "taxes": None, "closing": "2026-03-05 14:00",
    "selection": "2026-03-09", "start": "2026-03-16",
    "delivery": "2026-04-30", "contact": "team@example.gc.ca",
    "title_en": "Fix a web form", "title_fr": "Corriger un formulaire",
    "summary_en": "Make a form accessible.",
    "summary_fr": "Rendre un formulaire accessible.",
    "eligibility_en": "You must be a student.",
    "eligibility_fr": "Vous devez être étudiant.",
    "how_to_apply_en": "Send a short proposal.",
    "how_to_apply_fr": "Envoyez une courte proposition.",
}
choice = dict((a.split("=")[0], int(a.split("=")[1])) for a in sys.argv[2:])
if choice.get("apply_by") == 1:
    answers["apply_url"] = "https://apply.example.gc.ca/form"
for item in yaml.safe_load(open(sys.argv[1]))["body"]:
    a = item["attributes"]
    if item["type"] == "markdown":
        continue
    print("### " + a["label"] + "\n")
    if item["type"] == "checkboxes":
        print("\n".join("- [X] " + o["label"] for o in a["options"]) + "\n")
    elif item["type"] == "dropdown":
        print(a["options"][choice.get(item["id"], 0)] + "\n")
    elif item.get("validations", {}).get("required"):
        print(answers.get(item["id"], "Text for " + item["id"] + ".") + "\n")
    else:
        print(answers.get(item["id"], "_No response_") + "\n")
PY
}
form_body > "$SCRATCH/form.md"
"$MARCHE_BIN" new opportunity --repo "$site" --from-issue "$SCRATCH/form.md" > "$SCRATCH/out" 2> "$SCRATCH/err"
ok "form: every answer read" test $? -eq 0
cat "$SCRATCH/err"
keys=$(/usr/bin/python3 -c 'import sys, yaml; print(", ".join(yaml.safe_load(open(sys.argv[1]))))' "$MARCHE_SOURCE_DIR/_data/skills.yml")
ok "form: every skill of _data/skills.yml is an option" grep -qx "skills: \[$keys\]" "$site/opportunities/fix-a-web-form.yml"
ok "form: taxes" grep -qx "taxes: excluded" "$site/opportunities/fix-a-web-form.yml"
ok "form: eligibility adds to the general conditions" sh -c "grep -qx 'eligibility:' '$site/opportunities/fix-a-web-form.yml' && ! grep -q 'replace:' '$site/opportunities/fix-a-web-form.yml'"
ok "form: by e-mail, no apply block" sh -c "! grep -q '^apply:' '$site/opportunities/fix-a-web-form.yml'"
ok "form: what to send in both languages" test "$(grep -c '^  how_to_apply: |$' "$site/opportunities/fix-a-web-form.yml")" -eq 2
"$MARCHE_BIN" check --repo "$site" > "$SCRATCH/out" 2>&1
ok "form: the file passes check" test $? -eq 0
cat "$SCRATCH/out"

# Every other option of the form's dropdowns is read.
form_body apply_by=1 eligibility=1 > "$SCRATCH/form.md"
"$MARCHE_BIN" new opportunity form-web --repo "$site" --from-issue "$SCRATCH/form.md" > "$SCRATCH/out" 2> "$SCRATCH/err"
ok "form, on a web page: read" test $? -eq 0
cat "$SCRATCH/err"
ok "form, on a web page: by web" grep -qx "  by: web" "$site/opportunities/form-web.yml"
ok "form, on a web page: its address" grep -qx '  url: "https://apply.example.gc.ca/form"' "$site/opportunities/form-web.yml"
ok "form: eligibility replaces the general conditions" grep -qx "  replace: true" "$site/opportunities/form-web.yml"
form_body apply_by=2 > "$SCRATCH/form.md"
"$MARCHE_BIN" new opportunity form-form --repo "$site" --from-issue "$SCRATCH/form.md" > "$SCRATCH/out" 2> "$SCRATCH/err"
ok "form, with a form: read" test $? -eq 0
ok "form, with a form: by form" grep -qx "  by: form" "$site/opportunities/form-form.yml"
ok "form, with a form: the maintainers are told" grep -q "warning: How suppliers apply: a form cannot be attached" "$SCRATCH/err"

# The body may come from the standard input.
"$MARCHE_BIN" new opportunity from-stdin --repo "$site" --from-issue - < "$TESTS/new-from-issue/good/body.md" > "$SCRATCH/out"
ok "--from-issue -: reads the standard input" test $? -eq 0
ok "--from-issue -: the id given wins" test -f "$site/opportunities/from-stdin.yml"

# Usage.
"$MARCHE_BIN" new opportunity --repo "$site" --comment x.md 2>/dev/null
ok "--comment alone is a usage error" test $? -eq 2
"$MARCHE_BIN" new opportunity --repo "$site" --from-issue "$SCRATCH/none.md" 2>/dev/null
ok "an unreadable body is an I/O failure" test $? -eq 3
finish
