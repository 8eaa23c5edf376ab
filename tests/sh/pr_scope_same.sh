# A pull request that changes only opportunities is checked for them alone
# (check --base --head, scoped): run every shell test that checks pull
# requests with marche replaced by tests/pr_scope_same.py, which also runs
# each such check scoped and --full and compares: the scoped report must
# be the full one without the problems of unchanged opportunities.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export MARCHE_REAL_BIN="$MARCHE_BIN"
export MARCHE_SCOPE_LOG="$SCRATCH/scope.log"
: > "$MARCHE_SCOPE_LOG"
for t in pr_check pr_describe history_rules time_rules posted amend \
    check_fixtures pr_scope; do
	MARCHE_BIN="$TESTS/pr_scope_same.py" \
	    sh "$TESTS/sh/$t.sh" > "$SCRATCH/$t.out" 2>&1
	ok "$t passes through the comparison" test $? -eq 0 ||
	    tail -n 20 "$SCRATCH/$t.out"
done
ok "no scoped report differs" sh -c '! grep -q "^MISMATCH" "$1"' sh \
    "$MARCHE_SCOPE_LOG"
grep -A2 '^MISMATCH' "$MARCHE_SCOPE_LOG" | head -n 30
n=$(grep -c '^scoped$' "$MARCHE_SCOPE_LOG")
m=$(grep -c '^same$' "$MARCHE_SCOPE_LOG")
printf 'compared: %s scoped that differ from the full check, %s the same\n' \
    "$n" "$m"
ok "some checks were scoped and differed from the full one" test "$n" -gt 0
ok "some checks were compared" test "$((n + m))" -gt 10
finish
