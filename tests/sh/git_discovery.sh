# The repository is found once per command and every stage reads that
# one: run from a sub-folder of a linked worktree, whose HEAD is not the
# main working tree's, the files, the history that dates and amends
# them, the changes of a pull request and the default branch all come
# from the linked worktree's branch, as --rev of that branch gives them.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

NOW=2026-01-17T12:00:00Z
site=$SCRATCH/site
wt=$SCRATCH/wt
make_site "$site" "$TESTS/check/_base"
git -C "$site" checkout -q -b main
git -C "$site" add -A
git -C "$site" commit -qm "First version"
git -C "$site" worktree add -q -b feature "$wt"
sed -i 's/summary: Write a script that/summary: Write one script that/' \
    "$wt/opportunities/data-cleanup.yml"
GIT_AUTHOR_DATE=2026-01-16T12:00:00Z GIT_COMMITTER_DATE=2026-01-16T12:00:00Z \
    git -C "$wt" commit -qam "Amend the summary"

(cd "$wt/site/en" && "$MARCHE_BIN" build -q --now "$NOW" --out "$SCRATCH/here")
ok "worktree: builds from a sub-folder" test $? -eq 0
"$MARCHE_BIN" build -q --repo "$site" --rev feature --now "$NOW" \
    --out "$SCRATCH/rev"
"$MARCHE_BIN" build -q --repo "$site" --now "$NOW" --out "$SCRATCH/main"
ok "worktree: the branch's files and history, as --rev feature" \
    diff -r "$SCRATCH/here" "$SCRATCH/rev"
ok "worktree: not the main working tree's" \
    sh -c "! diff -rq '$SCRATCH/here' '$SCRATCH/main' > /dev/null"
ok "worktree: the branch's text" \
    grep -q "Write one script" "$SCRATCH/here/en/feed.xml"

# A pull request checked in the linked worktree: HEAD is its branch.
(cd "$wt/site/en" && "$MARCHE_BIN" check --now "$NOW" --base main \
    --head HEAD) > "$SCRATCH/here.txt" 2>&1
ok "check --base: exits 0 in the worktree" test $? -eq 0
"$MARCHE_BIN" check --repo "$site" --now "$NOW" --base main --head feature \
    > "$SCRATCH/rev.txt" 2>&1
ok "check --base: the same report as from the main working tree" \
    cmp "$SCRATCH/here.txt" "$SCRATCH/rev.txt"
ok "check --base: the branch's amendment is seen" \
    grep -q "amendment: the English summary changed" "$SCRATCH/here.txt"

# The default branch is found from the worktree too.
(cd "$wt/site" && "$MARCHE_BIN" check --now "$NOW") > "$SCRATCH/plain.txt" 2>&1
ok "check: exits 0 in the worktree" test $? -eq 0
ok "check: the default branch is main" \
    grep -q "every opportunity is on main (the default branch)" \
    "$SCRATCH/plain.txt"
finish
