# --rev reads a committed revision from the object database; the default
# reads the working tree, honouring .gitignore.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
printf '_site/\nsite/en/draft*\n' > "$site/.gitignore"
git -C "$site" add -A
git -C "$site" commit -qm "First version"
first=$(git -C "$site" rev-parse HEAD)

# A second commit changes the English about page.
sed -i 's/We are a \*test\*\./We are a second test./' "$site/site/en/about.md"
git -C "$site" commit -qam "Second version"

# The working tree differs from both commits, and has untracked files.
sed -i 's/We are a second test\./We are not committed yet./' "$site/site/en/about.md"
printf -- '---\nlayout: default\n---\nno ref, no translation\n' > "$site/site/en/draft-ignored.md"

"$MARCHE_BIN" build -q --repo "$site" --rev "$first" --out "$SCRATCH/first"
ok "rev: build of the first commit succeeds" test $? -eq 0
ok "rev: first commit's text" grep -q 'We are a <em>test</em>.' "$SCRATCH/first/en/about.html"

"$MARCHE_BIN" build -q --repo "$site" --rev HEAD --out "$SCRATCH/head"
ok "rev: HEAD has the second text" grep -q 'We are a second test.' "$SCRATCH/head/en/about.html"
ok "rev: HEAD lacks the uncommitted text" sh -c "! grep -q 'not committed' '$SCRATCH/head/en/about.html'"

"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/worktree"
ok "worktree: build succeeds with an ignored broken draft" test $? -eq 0
ok "worktree: uncommitted text is built" grep -q 'We are not committed yet.' "$SCRATCH/worktree/en/about.html"
ok "worktree: ignored draft is not an input" test ! -e "$SCRATCH/worktree/en/draft-ignored.html"

# Building from a sub-folder finds the repository upward, and writes
# into _site at the top of the working tree.
(cd "$site/site/en" && "$MARCHE_BIN" build -q)
ok "discovery: _site written at the work tree's top" test -f "$site/_site/en/about.html"

# The default output, _site/, is ignored, so a second build does not
# read the first one's output as input.
(cd "$site" && "$MARCHE_BIN" build -q)
ok "discovery: second build succeeds" test $? -eq 0

# An untracked page that is not ignored is an input in the working tree.
mkdir -p "$site/site/en" && cp "$site/site/en/about.md" "$site/site/en/new.md"
sed -i 's/ref: about/ref: new/; s|/en/about.html|/en/new.html|' "$site/site/en/new.md"
"$MARCHE_BIN" check --repo "$site" 2>"$SCRATCH/err"
ok "worktree: an untracked unpaired page is checked" test $? -eq 1
ok "worktree: its missing translation is reported" grep -q "site/en/new.md:3:6: error: page 'new' has no French version" "$SCRATCH/err"
"$MARCHE_BIN" check --repo "$site" --rev HEAD
ok "rev: the committed tree is still fine" test $? -eq 0

"$MARCHE_BIN" check --repo "$site" --rev no-such-branch 2>"$SCRATCH/err"
ok "rev: unknown revision exits 3" test $? -eq 3
ok "rev: unknown revision is named" grep -q "no-such-branch" "$SCRATCH/err"
finish
