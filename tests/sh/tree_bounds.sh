# Every walk over a Git tree is bounded and judges names the same way:
# the source walk, the history walk and a pull request's diff refuse
# folders deeper than 32 levels and names other systems would misread
# (a slash inside a name, names meaning .git on Windows or macOS), so
# nothing that passes check can break the build or exhaust memory.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
g add -A && g commit -qm "The site" && g branch -M main
export SOURCE_DATE_EPOCH=1768478400

# A chain of N folders named d under $site/$1, with a file at the bottom.
deep() {
	p=$site/$1 i=0
	while [ "$i" -lt "$2" ]; do p=$p/d; i=$((i + 1)); done
	mkdir -p "$p" && echo x > "$p/f.md"
}
# The path of the first folder past 32 levels below the top: $1 then d's.
past32() {
	p=$1 i=$(printf '%s' "$1" | tr -cd / | wc -c)
	i=$((i + 1))
	while [ "$i" -le 32 ]; do p=$p/d; i=$((i + 1)); done
	printf '%s' "$p"
}

# A pull request adding a 40-level tree outside the input folders.
g checkout -q -b deep-pr
deep scripts 40
g add -A && g commit -qm "Deep" && g checkout -q main
"$MARCHE_BIN" check --repo "$site" --base main --head deep-pr 2>"$SCRATCH/err"
ok "pr: a deep tree fails the check" test $? -eq 1
ok "pr: the folder past the limit is named" grep -q "^$(past32 scripts/d): error: folders nested more than 32 levels deep are not read" "$SCRATCH/err"

# A pull request with names Git on Linux accepts but others misread,
# made by hand: a slash inside a name, and GIT~1.
blob=$(echo x | g hash-object -w --stdin)
bad=$( { printf '100644 a/b\0'; printf '%s' "$blob" | xxd -r -p;
	printf '100644 GIT~1\0'; printf '%s' "$blob" | xxd -r -p; } |
	g hash-object -t tree -w --literally --stdin)
root=$( { g ls-tree main; printf '040000 tree %s\tdocs\n' "$bad"; } | g mktree)
g branch names-pr "$(echo names | g commit-tree "$root" -p main)"
"$MARCHE_BIN" check --repo "$site" --base main --head names-pr 2>"$SCRATCH/err"
ok "pr: bad names fail the check" test $? -eq 1
ok "pr: a slash in a name" grep -q "^docs/a/b: error: a name in the tree holds a slash" "$SCRATCH/err"
ok "pr: a short name for .git" grep -q "^docs/GIT~1: error: this name means '.git' on Windows or macOS" "$SCRATCH/err"

# The base version of a changed opportunity file is sized from its
# header before it is read.
g checkout -q -b big-base main
head -c 5000000 /dev/zero | tr '\0' '#' > "$site/opportunities/big.yml"
g add -A && g commit -qm "A big file"
echo "# more" >> "$site/opportunities/big.yml"
g checkout -q -b big-pr && g commit -qam "Change it" && g checkout -q main
"$MARCHE_BIN" check --repo "$site" --base big-base --head big-pr 2>"$SCRATCH/err"
ok "pr: a big base version is refused" grep -q "^opportunities/big.yml: error: the base version is larger than 4194304 bytes" "$SCRATCH/err"

# History: a deep folder that reached the branch and left it again is
# passed over with a warning, not walked to the bottom.
deep site/en 40
g add -A && g commit -qm "Deep page folder"
g rm -rq site/en/d && g commit -qm "Remove it"
"$MARCHE_BIN" build --repo "$site" --out "$SCRATCH/out" 2>"$SCRATCH/err"
ok "history: the build succeeds" test $? -eq 0
ok "history: the deep folder is named" grep -q "^$(past32 site/en/d): warning: in commit [0-9a-f]*: folders nested more than 32 levels deep are not read; history leaves it out" "$SCRATCH/err"
finish
