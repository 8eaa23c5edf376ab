# Each tests/check/CASE/ is a broken site (the base site plus CASE/files,
# less the paths in CASE/remove, after CASE/setup) with the exact
# diagnostics `marche check` must print (CASE/expected) and its exit
# status (CASE/status), at a fixed moment; a second check, with the link
# cache the first one wrote, must print the same. REGEN=1 rewrites the
# expectations.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

# Every case is checked at this moment unless its args say otherwise.
export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

for case in "$TESTS"/check/*/; do
	case=${case%/}
	name=${case##*/}
	[ "$name" = _base ] && continue
	dir=$SCRATCH/$name
	make_site "$dir" "$case"
	args=
	[ -f "$case/args" ] && args=$(cat "$case/args")
	# shellcheck disable=SC2086
	(cd "$dir" && "$MARCHE_BIN" check $args) >"$SCRATCH/out" 2>"$SCRATCH/err"
	status=$?
	if [ "${REGEN:-0}" = 1 ]; then
		[ -f "$case/expected" ] && diff -u "$case/expected" "$SCRATCH/err"
		cp "$SCRATCH/err" "$case/expected"
		echo "$status" > "$case/status"
	fi
	if [ ! -f "$case/expected" ] || [ ! -f "$case/status" ]; then
		fail "$name: no expected output (run with REGEN=1)"
		continue
	fi
	if [ "$status" != "$(cat "$case/status")" ]; then
		fail "$name: exit status $status, expected $(cat "$case/status")"
		cat "$SCRATCH/err"
	elif ! diff -u "$case/expected" "$SCRATCH/err"; then
		fail "$name: diagnostics differ"
	else
		pass
	fi
	# Again, with what the first check left in the link cache: the
	# pages taken from it report what rendering them did.
	# shellcheck disable=SC2086
	(cd "$dir" && "$MARCHE_BIN" check $args) >"$SCRATCH/out2" 2>"$SCRATCH/err2"
	if [ $? != "$status" ] || ! cmp -s "$SCRATCH/err" "$SCRATCH/err2" ||
	    ! cmp -s "$SCRATCH/out" "$SCRATCH/out2"; then
		fail "$name: a second check (the link cache warm) differs"
		diff -u "$SCRATCH/err" "$SCRATCH/err2"
	else
		pass
	fi
done
finish
