# Each tests/build/CASE/ is a site (the check base site plus CASE/files,
# less CASE/remove) and the exact tree `marche build` must write
# (CASE/expected/). REGEN=1 rewrites the expected tree and shows the diff.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

for case in "$TESTS"/build/*/; do
	case=${case%/}
	name=${case##*/}
	dir=$SCRATCH/$name
	make_site "$dir" "$case"
	if ! "$MARCHE_BIN" build -q --repo "$dir" --out "$SCRATCH/$name.out" \
	    2>"$SCRATCH/err"; then
		fail "$name: build failed"
		cat "$SCRATCH/err"
		continue
	fi
	if [ "${REGEN:-0}" = 1 ]; then
		[ -d "$case/expected" ] && diff -ru "$case/expected" "$SCRATCH/$name.out"
		rm -rf "${case:?}/expected"
		cp -R "$SCRATCH/$name.out" "$case/expected"
	fi
	if diff -ru "$case/expected" "$SCRATCH/$name.out"; then
		pass
	else
		fail "$name: output differs from $case/expected"
	fi
done
finish
