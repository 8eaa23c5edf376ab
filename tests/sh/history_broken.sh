# History is permanent and was never checked: every past version of an
# opportunity, valid or not, must be read without trusting it. A repository
# whose history holds broken versions of many kinds (every term with the
# wrong type, roots that are not maps, invalid YAML, binary data, a
# symbolic link, a file deleted and then created again) must still build,
# and check --rev and check --base --head must finish with a report.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
opp=opportunities/data-cleanup.yml
cat > "$site/_layouts/opportunity.html" <<'HTML'
---
layout: default
---
{{#opp.amendments}}<h2>{{date.iso}}</h2>
{{#changes}}<p>{{key}}: {{old}} → {{new}}</p>
{{/changes}}{{/opp.amendments}}
HTML
g() { git -C "$site" "$@"; }
cp "$site/$opp" "$SCRATCH/good.yml"
hour=0
step() {	# step MESSAGE: commit everything, an hour after the last step
	hour=$((hour + 1))
	d=$(printf '2026-01-%02dT%02d:00:00Z' $((2 + hour / 24)) $((hour % 24)))
	g add -A && GIT_AUTHOR_DATE=$d GIT_COMMITTER_DATE=$d \
	    g commit -q --allow-empty -m "$1" && commits="$commits $(g rev-parse HEAD)"
}
edit() {	# edit SED-SCRIPT MESSAGE: the good file changed by SED-SCRIPT
	sed -e "$1" "$SCRATCH/good.yml" > "$site/$opp"
	step "$2"
}
whole() {	# whole MESSAGE: the file is what standard input holds
	cat > "$site/$opp"
	step "$1"
}
commits=
step "Post the opportunity"
g branch -M main

# Every term, with values of every wrong kind.
for v in '[1, 2]' '{a: 1}' .nan -.inf 1e300 99999999999999999999 '"lots"' \
    '~' true 0x10; do
	edit "s/^value: .*/value: $v/" "value: $v"
done
for v in '[x]' 3 '{a: b}'; do edit "s/^taxes: .*/taxes: $v/" "taxes: $v"; done
for k in closing selection start delivery; do
	for v in 12 '[2026-02-20]' '{a: b}' 'not a date' 9999-99-99 '~' \
	    2026-02-30T25:61:00-05:00; do
		edit "s/^$k: .*/$k: $v/" "$k: $v"
	done
done
edit 's/^delivery: .*/&\nquestions_deadline: [1]/' "questions_deadline: [1]"
for v in '[a, b]' 5 '{a: b}'; do
	edit "s/^contact: .*/contact: $v/" "contact: $v"
done
for v in '[1]' '[[1, 2], {a: b}, ~, true, 2.5, python]' '{python: 1}' python \
    '[]' '[python, python]' '[nonesuch]'; do
	edit "s/^skills: .*/skills: $v/" "skills: $v"
done
edit 's/^  title: Clean.*/  title: [1, {a: b}]/' "title: a list"
edit 's/^  title: Clean.*/  title: 12/' "title: a number"
edit 's/^  summary: Write.*/  summary: {a: 1}/' "summary: a map"
edit 's/^  slug: .*/  slug: [a]/' "slug: a list"
edit 's/^  description: |$/  description: 5\n  old_description: |/' "description: 5"
edit 's/^en:$/old_en:/; $a\
en: [1, 2]' "en: a list"
edit 's/^fr:$/old_fr:/; $a\
fr: 7' "fr: a number"
edit 's/^questions:$/questions: 1\nold_questions:/' "questions: 1"
# A title of 300 kB, and a file too big to keep.
awk 'BEGIN { s = "x"; while (length(s) < 300000) s = s s } \
    /^  title: Clean/ { print "  title: " s; next } { print }' \
    "$SCRATCH/good.yml" | whole "a huge title"
awk 'BEGIN { s = "y"; while (length(s) < 2000000) s = s s } \
    { print } END { print "# " s }' "$SCRATCH/good.yml" | whole "a huge file"
# Roots that are not maps, broken YAML, bytes that are not text.
printf -- '- 1\n- 2\n' | whole "root: a list"
printf 'hello\n' | whole "root: a string"
: | whole "empty"
printf '~\n' | whole "root: null"
printf 'value: [\n' | whole "invalid YAML"
printf 'value: 1\nvalue: 2\n' | whole "duplicate key"
printf 'a: &a [*a]\n' | whole "recursive alias"
printf '\000\001\377\376binary\n' | whole "binary"
printf 'value: 1\nen:\n  title: \377\n' | whole "invalid UTF-8"
printf -- '---\nvalue: 1\n---\nvalue: 2\n' | whole "two documents"
# A symbolic link where the file was, then the file again.
rm "$site/$opp" && ln -s ../_data/site.yml "$site/$opp"
step "a symbolic link"
rm "$site/$opp" && cp "$SCRATCH/good.yml" "$site/$opp"
step "the file again"
# Deleted, then created again with other terms.
g rm -q "$opp" && step "deleted"
mkdir -p "$site/opportunities"
sed 's/^value: .*/value: 4000/' "$SCRATCH/good.yml" > "$site/$opp"
step "created again"
cp "$SCRATCH/good.yml" "$site/$opp"
step "the good version"

out=$SCRATCH/out
"$MARCHE_BIN" build --repo "$site" --out "$out" --now 2026-03-05T00:00:00Z \
    > /dev/null 2> "$SCRATCH/err"
ok "build succeeds over a broken history" test $? -eq 0
en=$out/en/opportunities/data-cleanup.html
ok "a list of numbers is shown as it is" grep -q '^<p>skills: Python → 1</p>$' "$en"
ok "a skill list with odd items" grep -q '^<p>skills: 1 → …, …, , true, 2.5, Python</p>$' "$en"
ok "money that cannot be formatted is shown as a number" grep -q '^<p>value: nan → -inf</p>$' "$en"
ok "a map is shown as an ellipsis" grep -q '^<p>contact: 5 → …</p>$' "$en"
ok "a huge title is cut" sh -c "grep '^<p>title: ' '$en' | awk 'length > 1000 { exit 1 }'"
"$MARCHE_BIN" check --repo "$site" --rev main --now 2026-03-05T00:00:00Z \
    > /dev/null 2> "$SCRATCH/err"
ok "check --rev succeeds over a broken history" test $? -eq 0

# Every broken version, as the base and as the head of a pull request.
set -- $commits; first=$1
bad=0
for c in $commits; do
	"$MARCHE_BIN" check --repo "$site" --base "$c" --head main \
	    --now 2026-01-20T00:00:00Z > /dev/null 2>&1
	st=$?
	[ "$st" -le 1 ] || { bad=1; echo "base $c: exit $st"; }
	"$MARCHE_BIN" check --repo "$site" --base "$first" --head "$c" \
	    --now 2026-01-20T00:00:00Z > /dev/null 2>&1
	st=$?
	[ "$st" -le 1 ] || { bad=1; echo "head $c: exit $st"; }
	"$MARCHE_BIN" check --repo "$site" --rev "$c" \
	    --now 2026-01-20T00:00:00Z > /dev/null 2>&1
	st=$?
	[ "$st" -le 1 ] || { bad=1; echo "rev $c: exit $st"; }
done
ok "every version checks as base, head and revision" test "$bad" -eq 0
finish
