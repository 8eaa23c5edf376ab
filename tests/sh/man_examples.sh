# The examples in marche(5) marked as fixtures are real input: written
# into a site, they pass check and build, so the manual cannot drift.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
nbsp=$(printf '\302\240')	# French times keep "14 h" on one line

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
rm -f "$site"/opportunities/*.yml
man5=$MARCHE_SOURCE_DIR/generator/man/marche.5

# Each '.\" fixture: PATH' line is followed by .Bd, the file, then .Ed.
awk -v dir="$site" '
	/^\.\\" fixture: / { path = dir "/" $3; skip = 1; next }
	path != "" && skip { skip = 0; next }
	path != "" && /^\.Ed/ { close(path); path = ""; n++; next }
	path != "" { print > path }
	END { print n > "/dev/stderr" }
' "$man5" 2> "$SCRATCH/count"
ok "the manual has fixtures" test "$(cat "$SCRATCH/count")" -ge 2

"$MARCHE_BIN" check --repo "$site" --now 2026-11-25T12:00:00Z 2> "$SCRATCH/err"
ok "the manual's example passes check" test $? -eq 0
ok "with no diagnostics at all" test ! -s "$SCRATCH/err"
cat "$SCRATCH/err"
"$MARCHE_BIN" build -q --repo "$site" --now 2026-11-25T12:00:00Z --out "$SCRATCH/out"
ok "the manual's example builds" test $? -eq 0
ok "its English page" grep -q "Custom Azure Marketplace policies" "$SCRATCH/out/en/opportunities/azure-policies.html"
ok "its French page, at its slug" grep -q "Politiques Azure Marketplace" "$SCRATCH/out/fr/opportunities/politiques-azure-marketplace.html"
ok "its closing time in French" grep -q "14 décembre 2026 à 14${nbsp}h${nbsp}HNE" "$SCRATCH/out/fr/opportunities/politiques-azure-marketplace.html"
finish
