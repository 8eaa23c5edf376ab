# Past the rules, an opportunity file's text is let go; a problem found
# later (a broken link, when pages are rendered) reads the file again to
# quote its line: from the revision built, never from a working tree
# that differs from it, and not at all when the file changed since.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
f=$site/opportunities/data-cleanup.yml
sed -i 's/^    The data set has \*\*duplicates\*\*./    The data set has **duplicates**; see [the rules](..\/..\/fr\/regles.html)./' "$f"
git -C "$site" add -A
git -C "$site" commit -qm "A broken link"

quote=' 15 |     The data set has **duplicates**; see [the rules](../../fr/regles.html).'

"$MARCHE_BIN" check --repo "$site" --now 2026-01-15T12:00:00-05:00 \
    2>"$SCRATCH/err"
ok "worktree: the broken link is an error" test $? -eq 1
ok "worktree: its line is quoted" grep -qxF "$quote" "$SCRATCH/err"

# The working tree moves the line down: --rev quotes the committed file.
sed -i '1i # a comment\n# another' "$f"
"$MARCHE_BIN" check --repo "$site" --rev HEAD \
    --now 2026-01-15T12:00:00-05:00 2>"$SCRATCH/err"
ok "rev: the broken link is an error" test $? -eq 1
ok "rev: the committed line is quoted" grep -qxF "$quote" "$SCRATCH/err"
ok "rev: the working tree's line is not" sh -c "! grep -q '^ 15 | *skills' '$SCRATCH/err'"

# A build of the revision writes nothing, and says the same.
"$MARCHE_BIN" build -q --repo "$site" --rev HEAD --out "$SCRATCH/out" \
    --now 2026-01-15T12:00:00-05:00 2>"$SCRATCH/err"
ok "rev build: the committed line is quoted" grep -qxF "$quote" "$SCRATCH/err"

# So for a problem found when the file is read (its text let go right
# after): an unknown key, committed, then moved down in the working tree.
sed -i '1,2d' "$f"
sed -i 's/^contact: /contcat: /' "$f"
git -C "$site" commit -qam "A typo"
sed -i '1i # a comment\n# another' "$f"
"$MARCHE_BIN" check --repo "$site" --rev HEAD \
    --now 2026-01-15T12:00:00-05:00 2>"$SCRATCH/err"
ok "rev: the typo is an error" test $? -eq 1
ok "rev: the committed typo is quoted" grep -qxF ' 7 | contcat: team@example.gc.ca' "$SCRATCH/err"
"$MARCHE_BIN" check --repo "$site" --now 2026-01-15T12:00:00-05:00 \
    2>"$SCRATCH/err"
ok "worktree: the typo is quoted where it is now" grep -qxF ' 9 | contcat: team@example.gc.ca' "$SCRATCH/err"
finish
