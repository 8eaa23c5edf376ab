# Two builds of the same input are byte-identical, from the working tree
# and from a revision.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
mkdir -p "$site"
for d in site _layouts _data assets; do
	[ -d "$MARCHE_SOURCE_DIR/$d" ] && cp -R "$MARCHE_SOURCE_DIR/$d" "$site/"
done
git init -q "$site"
link_npm "$site"
git -C "$site" add -A && git -C "$site" commit -qm "Bundled site"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/a"
ok "first build of the bundled site" test $? -eq 0
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/b"
ok "second build" test $? -eq 0
ok "working-tree builds are identical" diff -r "$SCRATCH/a" "$SCRATCH/b"
"$MARCHE_BIN" build -q --repo "$site" --rev HEAD --out "$SCRATCH/c"
ok "revision build" test $? -eq 0
ok "revision and working-tree builds are identical" diff -r "$SCRATCH/a" "$SCRATCH/c"
ok "the bundled site has pages in both languages" test -f "$SCRATCH/a/en/index.html" -a -f "$SCRATCH/a/fr/index.html"
finish
