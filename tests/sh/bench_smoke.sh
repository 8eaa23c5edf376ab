# bench/: the site generator and the benchmark driver, at a tiny size.
# The generator must give the same history for the same seed, a site that
# passes check with every kind of status, and the driver must print its
# table with every marche figure measured.  Hugo is left out on purpose.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

gen=$MARCHE_SOURCE_DIR/bench/gensite.py
now=2026-12-01T12:00:00-05:00

python3 "$gen" 40 "$SCRATCH/a" --floor "$SCRATCH/floor" > "$SCRATCH/gen.log"
ok "bench: the generator runs" test $? -eq 0
python3 "$gen" 40 "$SCRATCH/b" > /dev/null
python3 "$gen" 40 "$SCRATCH/c" --seed 2 > /dev/null
head_of() { git -C "$1" rev-parse main; }
ok "bench: the same seed gives the same history" \
    test "$(head_of "$SCRATCH/a")" = "$(head_of "$SCRATCH/b")"
ok "bench: another seed, another history" \
    test "$(head_of "$SCRATCH/a")" != "$(head_of "$SCRATCH/c")"
ok "bench: a commit per posting and more" \
    test "$(git -C "$SCRATCH/a" rev-list --count main)" -gt 41
ok "bench: the working tree is the last commit" \
    test -z "$(git -C "$SCRATCH/a" status --porcelain)"
ok "bench: the repository's pages and layouts are in" \
    test -f "$SCRATCH/a/site/en/faq.md" -a -f "$SCRATCH/a/_layouts/default.html"
ok "bench: forty opportunities" \
    test "$(ls "$SCRATCH/a/opportunities" | wc -l)" -eq 40
for s in open awarded completed cancelled; do
	ok "bench: some opportunities are $s" \
	    grep -q "^status: $s\$" -r "$SCRATCH/a/opportunities"
done
ok "bench: questions with answers" \
    grep -q "^    answered: " -r "$SCRATCH/a/opportunities"
words=$(sed -n 's/.* \([0-9]*\) words per language.*/\1/p' "$SCRATCH/gen.log")
ok "bench: about 1,200 words per language ($words)" \
    test "${words:-0}" -ge 1100 -a "${words:-0}" -le 1500
ok "bench: the Markdown alone, two files per opportunity" \
    test "$(ls "$SCRATCH/floor/en" "$SCRATCH/floor/fr" | grep -c '\.md$')" -eq 80
"$MARCHE_BIN" check --repo "$SCRATCH/a" --now "$now" > "$SCRATCH/check.log" 2>&1
ok "bench: the generated site passes check" test $? -eq 0
ok "bench: with nothing to report" grep -q "no problems found" "$SCRATCH/check.log"
"$MARCHE_BIN" build -q --repo "$SCRATCH/a" --now "$now" --out "$SCRATCH/out" \
    > "$SCRATCH/build.log" 2>&1
ok "bench: the generated site builds" test $? -eq 0
ok "bench: French pages under their own slugs" \
    sh -c "ls '$SCRATCH/out/fr/occasions/' | grep -q '^nettoyage-\|^rapport-\|^documentation-\|^migration-'"

sh "$MARCHE_SOURCE_DIR/bench/run.sh" -r 1 --no-hugo 5 > "$SCRATCH/table" 2>&1
ok "bench: the driver succeeds" test $? -eq 0
for row in "floor" "marche build, no previous output" \
    "marche build, previous output" "marche check" \
    "marche check --base --head (1 file)" "marche serve: one edit shown"; do
	ok "bench: table row '$row'" grep -q "^$row  *[0-9][0-9.]* " "$SCRATCH/table"
done
ok "bench: the check against the full build" \
    grep -Eq "^marche check / full build +[0-9]+\.[0-9]{2} wall, [0-9]+\.[0-9]{2} cpu$" "$SCRATCH/table"
ok "bench: nothing failed" sh -c "! grep -q FAILED '$SCRATCH/table'"
[ "$failed" -eq 0 ] || cat "$SCRATCH/table"
finish
