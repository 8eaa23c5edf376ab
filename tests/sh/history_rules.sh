# History is the authority: the change rules apply to every first-parent
# step, not only to pull requests. Terms changed after closing, deletions
# and renames that reached the branch are published as such and reported
# by check and build as warnings naming the commit; text corrected after
# closing by a commit with a "Correction:" trailer is a correction, shown
# apart. A change readers cannot see (re-wrapping, spaces, YAML quoting,
# the same instant written another way) is no amendment.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/history_site.sh"
# short main~N: the id of the Nth commit before the one above.
short() { g rev-parse --short=7 "$1~1"; }

out=$SCRATCH/out
"$MARCHE_BIN" build --repo "$site" --out "$out" --now 2026-03-10T00:00:00Z \
    > /dev/null 2> "$SCRATCH/build.err"
ok "build succeeds with warnings" test $? -eq 0
"$MARCHE_BIN" check --repo "$site" --rev main --now 2026-03-10T00:00:00Z \
    > /dev/null 2> "$SCRATCH/err"
ok "check --rev succeeds" test $? -eq 0
cp "$SCRATCH/err" "$SCRATCH/rev.err"
"$MARCHE_BIN" check --repo "$site" --now 2026-03-10T00:00:00Z > /dev/null \
    2> "$SCRATCH/wt.err"
ok "check succeeds" test $? -eq 0
grep ': warning: commit ' "$SCRATCH/err" > "$SCRATCH/rev.history"
grep ': warning: commit ' "$SCRATCH/wt.err" > "$SCRATCH/wt.history"
ok "check and check --rev say the same" cmp -s "$SCRATCH/rev.history" "$SCRATCH/wt.history"
ok "build says it too" grep -q "changed value after the opportunity closed" "$SCRATCH/build.err"

raise=$(short main~6)
ok "after closing: a warning naming the commit" grep -q "^opportunities/data-cleanup.yml:1:8: warning: commit $raise (\"Raise the value \"quickly\"\") changed value after the opportunity closed" "$SCRATCH/err"
ok "after closing, with a trailer: terms are not corrected" grep -q "^opportunities/data-cleanup.yml:7:10: warning: commit $(short main~4) (\"Fix the summary\") changed contact after the opportunity closed, when its terms are frozen; the change is published, marked as made after closing (a correction may change text only)" "$SCRATCH/err"
ok "after closing: text with no trailer" grep -q "warning: commit $(short main~3) (\"Retitle\") changed en.title after the opportunity closed" "$SCRATCH/err"
ok "a correction is no warning" sh -c "! grep -q 'Merge the fix' '$SCRATCH/err'"
ok "renamed: a warning" grep -q "^opportunities/renamed-two.yml: warning: commit $(short main~2) (\"Rename\") renamed this published opportunity from opportunities/renamed-one.yml" "$SCRATCH/err"
ok "deleted and restored: a warning" grep -q "^opportunities/deleted-one.yml: warning: commit $(short main~1) (\"Delete two\") deleted this published opportunity, and a later commit restored it" "$SCRATCH/err"
ok "deleted for good: a warning" grep -q "^opportunities/gone-one.yml: warning: commit $(short main~1) (\"Delete two\") deleted this published opportunity, so its page and address are gone" "$SCRATCH/err"
ok "the zone of then: no warning for zone-one" sh -c "! grep -q 'zone-one.yml.*: warning: commit' '$SCRATCH/err'"
fit() {	# fit FILE PATTERN: the lines matching are UTF-8 with no control character
	/usr/bin/python3 - "$1" "$2" <<'PY'
import sys
lines = [l for l in open(sys.argv[1], "rb").read().split(b"\n") if sys.argv[2].encode() in l]
assert lines, "no line"
for l in lines:
    t = l.decode("utf-8")
    assert not any(ord(c) < 0x20 or 0x7f <= ord(c) <= 0x9f for c in t), t
    assert "\ufffd" in t, t
PY
}
ok "an odd subject, made fit to show" fit "$SCRATCH/err" "(\"Odd "
ok "an odd subject, its commit named" grep -q "^opportunities/deleted-one.yml:1:8: warning: commit $(g rev-parse --short=7 main) (\"Odd .\[31m subject " "$SCRATCH/err"
ok "seven warnings of history in all" test "$(grep -c ': warning: commit ' "$SCRATCH/err")" -eq 7

en=$out/en/opportunities/data-cleanup.html
ok "invisible edits: no amendment" sh -c "! grep -q '<h2>2026-01-06' '$en'"
ok "the amendment while open" grep -q '^<h2>2026-01-07T10:00:00-05:00</h2>$' "$en"
ok "after closing: marked" grep -q '^<h2>2026-03-01T10:00:00-05:00 after-closing</h2>$' "$en"
ok "after closing: what changed" grep -q '^<p>value: \$5,000 → \$9,000</p>$' "$en"
ok "the correction: apart, with its reason" grep -q '^<h3>2026-03-02T10:00:00-05:00 correction: a word was missing</h3>$' "$en"
ok "the correction: what changed" grep -A1 '^<h3>2026-03-02' "$en" | grep -q '^<p>description: changed</p>$'
ok "a correction and a violation in one commit" grep -q '^<h2>2026-03-03T10:00:00-05:00 after-closing</h2>$' "$en"
ok "the corrected part of it" grep -A1 '^<h3>2026-03-03T10:00:00-05:00 correction: clearer summary</h3>$' "$en" | grep -q '^<p>summary: '
ok "text after closing, no trailer" grep -A1 '^<h2>2026-03-04T10:00:00-05:00 after-closing</h2>$' "$en" | grep -q '^<p>title: '
r2=$out/en/opportunities/renamed-two.html
ok "renamed: posted when first posted" grep -q '^<p>posted 2026-01-05T10:00:00-05:00</p>$' "$r2"
ok "renamed: shown" grep -q '^<h2>2026-03-05T10:00:00-05:00 renamed-from opportunities/renamed-one.yml</h2>$' "$r2"
ok "an odd reason, made fit to show" fit "$out/en/opportunities/deleted-one.html" "correction: odd "
ok "an odd reason, escaped" grep -q '^<h3>2026-03-08T11:00:00-04:00 correction: odd � reason .* &lt;b&gt;</h3>$' "$out/en/opportunities/deleted-one.html"
ok "deleted and restored: shown" grep -q '^<h2>2026-03-06T10:00:00-05:00 deleted</h2>$' "$out/en/opportunities/deleted-one.html"
ok "fast-forward: posted at its first commit" grep -q '^<p>posted 2026-01-08T10:00:00-05:00</p>$' "$out/en/opportunities/fast-one.html"
ok "fast-forward: the re-wrap is no amendment" sh -c "! grep -q '<h2>' '$out/en/opportunities/fast-one.html'"
ok "merge commit: posted at the merge" grep -q '^<p>posted 2026-01-10T10:00:00-05:00</p>$' "$out/en/opportunities/merged-one.html"
ok "zone of then: an amendment, not after closing" grep -q '^<h2>2026-02-20T15:00:00-05:00</h2>$' "$out/en/opportunities/zone-one.html"

ok "feed: corrections and changes after closing" /usr/bin/python3 - "$out" <<'PY'
import sys, xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(f"{sys.argv[1]}/en/feed.xml").getroot()
es = {e.find(A + "id").text: (e.find(A + "title").text, e.find(A + "summary").text)
      for e in root.findall(A + "entry")}
c = [v for k, v in es.items() if ":correction:data-cleanup" in k]
assert sorted(c) == [("Corrected: Tidy up an open data set", "a word was missing: description"),
                     ("Corrected: Tidy up an open data set", "clearer summary: summary")], c
late = [v for k, v in es.items() if ":amendment:data-cleanup" in k and v[0].startswith("Changed after closing")]
assert len(late) == 3, late
rename = [v for k, v in es.items() if k.endswith(":rename:renamed-two%3A1772722800:en")]
assert rename and rename[0][0].startswith("Against the rules: "), (rename, list(es))
PY

# A commit dated before its parent, to pass for a change made while open,
# counts at its parent's time: after closing.
at 2026-01-20T15:00:00Z
sed -i 's/^value: 9000/value: 9500/' "$site/$opp"
commit "Backdated"
"$MARCHE_BIN" check --repo "$site" --rev main --now 2026-03-10T00:00:00Z \
    > /dev/null 2> "$SCRATCH/err"
ok "backdated: still after closing" grep -q "^opportunities/data-cleanup.yml:1:8: warning: commit $(g rev-parse --short=7 main) (\"Backdated\") changed value after the opportunity closed" "$SCRATCH/err"

# A pull request that only re-wraps the text of a closed opportunity
# changes nothing a reader sees: no error.
g checkout -q -b rewrap
sed -i -e 's/^    Experience with Python./    Experience  with Python./' \
    -e 's/^    - The script runs./    - The script\n      runs./' "$site/$opp"
commit "Re-wrap"
"$MARCHE_BIN" check --repo "$site" --base main --head rewrap \
    --now 2026-03-10T00:00:00Z > /dev/null 2> "$SCRATCH/err"
ok "closed, re-wrapped: no error" test $? -eq 0
ok "closed, re-wrapped: a change in the file" test "$(g diff main rewrap | grep -c '^[-+] ')" -eq 5
ok "closed, re-wrapped: no amendment" sh -c "! grep -q 'evaluation\|acceptance' '$SCRATCH/err'"
finish
