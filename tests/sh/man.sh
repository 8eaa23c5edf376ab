# The manual pages are well-formed mdoc.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

for page in "$MARCHE_SOURCE_DIR"/generator/man/marche.[15]; do
	mandoc -Tlint -W warning "$page" > "$SCRATCH/lint" 2>&1
	ok "mandoc -Tlint $page" test $? -eq 0 -a ! -s "$SCRATCH/lint"
	cat "$SCRATCH/lint"
done
finish
