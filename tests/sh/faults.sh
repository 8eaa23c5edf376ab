# Faults: a build that is killed leaves debris that the next build
# removes (only marche's, never a running build's); a folder marche did
# not write is never replaced; a full disk, a file size limit or a full
# standard output exit 3 with a message naming the path.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

mnt=$SCRATCH/tmpfs
trap 'umount "$mnt" 2>/dev/null; chattr -R -i "$SCRATCH" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
export SOURCE_DATE_EPOCH=1768478400
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
git -C "$site" add -A && git -C "$site" commit -qm "The site"
out=$SCRATCH/out
staging() { ls -a "$SCRATCH" | grep -c '^\.out\.staging-'; }

# --out on a folder marche did not write: refused, left as it was.
mkdir "$out" && echo mine > "$out/notes.txt"
"$MARCHE_BIN" build -q --repo "$site" --out "$out" 2>"$SCRATCH/err"
ok "foreign folder: exit 3" test $? -eq 3
ok "foreign folder: said why" grep -q "refusing to replace '$out': it is not empty and marche did not write it" "$SCRATCH/err"
ok "foreign folder: intact" test "$(ls -A "$out")" = notes.txt
ok "foreign folder: no staging left" test "$(staging)" -eq 0
rm -r "$out" && mkdir "$out"
"$MARCHE_BIN" build -q --repo "$site" --out "$out"
ok "an empty folder is accepted" test $? -eq 0
ok "the output is marked as marche's" test -f "$out/.marche-output"
"$MARCHE_BIN" build -q --repo "$site" --out "$out"
ok "marche's own output is replaced" test $? -eq 0

# A build blocked on a FIFO (the repository's alternates file), after
# its staging folder exists: a second build beside it runs, and does not
# touch the first one's staging; once the first is killed, the next
# build removes what it left.
mkfifo "$site/.git/objects/info/alternates"
"$MARCHE_BIN" build -q --repo "$site" --out "$out" 2>/dev/null &
pid=$!
i=0
while [ "$(staging)" -lt 2 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
ok "blocked build: staging folder and lock exist" test "$(staging)" -eq 2
other=$SCRATCH/other
make_site "$other" "$TESTS/check/_base"
git -C "$other" add -A && git -C "$other" commit -qm "Another site"
"$MARCHE_BIN" build --repo "$other" --out "$out" >/dev/null 2>"$SCRATCH/err"
ok "concurrent build: succeeds" test $? -eq 0
ok "concurrent build: the running build's staging is kept" test "$(staging)" -eq 2
ok "concurrent build: nothing said about it" sh -c "! grep -q removed '$SCRATCH/err'"
kill -9 $pid
wait $pid 2>/dev/null
rm "$site/.git/objects/info/alternates"
ok "killed build: debris left" test "$(staging)" -eq 2
# Things that look like staging but are not marche's stay.
mkdir "$SCRATCH/.out.staging-abcdef" && echo keep > "$SCRATCH/.out.staging-abcdef/x"
echo "not a marche lock" > "$SCRATCH/.out.staging-ghijkl.lock"
mkdir "$SCRATCH/.out.staging-ghijkl"
"$MARCHE_BIN" build --repo "$site" --out "$out" >/dev/null 2>"$SCRATCH/err"
ok "after a kill: the build succeeds" test $? -eq 0
ok "after a kill: the debris is removed, and said" grep -q "note: removed '$SCRATCH/.out.staging-[A-Za-z0-9]*', left by a build that was interrupted" "$SCRATCH/err"
ok "after a kill: only the look-alikes remain" test "$(ls -a "$SCRATCH" | grep '^\.out\.staging-' | tr '\n' ' ')" = ".out.staging-abcdef .out.staging-ghijkl .out.staging-ghijkl.lock "
ok "after a kill: the look-alike's file is kept" test -f "$SCRATCH/.out.staging-abcdef/x"
rm -r "$SCRATCH"/.out.staging-*

# A previous output that cannot be removed whole (an immutable file,
# where the file system has them): the new site goes in place, and what
# is left keeps its lock so that a later build removes it.
if chattr +i "$out/en/about.html" 2>/dev/null; then
	"$MARCHE_BIN" build -q --repo "$site" --out "$out"
	ok "stuck old output: the build succeeds" test $? -eq 0
	ok "stuck old output: the new site is in place" test -f "$out/.marche-output"
	ok "stuck old output: left beside, with its lock" test "$(staging)" -eq 2
	"$MARCHE_BIN" build --repo "$site" --out "$out" >/dev/null 2>"$SCRATCH/err"
	ok "stuck old output: still stuck, said" grep -q "note: cannot remove all of '$SCRATCH/.out.staging-" "$SCRATCH/err"
	ok "stuck old output: lock kept" test "$(staging)" -eq 2
	chattr -R -i "$SCRATCH"
	"$MARCHE_BIN" build -q --repo "$site" --out "$out" 2>/dev/null
	ok "stuck old output: removed once possible" test "$(staging)" -eq 0
else
	echo "skip: no immutable files here"
fi

# An input file that cannot be read is an I/O failure (exit 3), not a
# problem in the input. As root, read permission is taken away by
# dropping the capabilities that override it.
unreadable() {
	if [ "$(id -u)" != 0 ]; then "$@"
	else capsh --drop=cap_dac_override,cap_dac_read_search -- \
	    -c 'exec "$0" "$@"' "$@"; fi
}
if [ "$(id -u)" != 0 ] || capsh --drop=cap_dac_override -- -c true 2>/dev/null; then
	chmod 000 "$site/site/en/about.md"
	unreadable "$MARCHE_BIN" check --repo "$site" 2>"$SCRATCH/err"
	ok "unreadable input: exit 3" test $? -eq 3
	ok "unreadable input: the file is named" grep -q "^site/en/about.md: error: could not read this file: Permission denied" "$SCRATCH/err"
	chmod 644 "$site/site/en/about.md"
else
	echo "skip: cannot drop the right to read any file"
fi

# A file size limit: EFBIG, not a silent death by SIGXFSZ. A page
# grows past the limit, so that the build writes it rather than reusing
# the previous output's file.
cp -R "$out" "$SCRATCH/before"
cp "$site/site/en/about.md" "$SCRATCH/about.md"
awk 'BEGIN { for (i = 0; i < 400; i++) printf "\nMore words, more words.\n" }' >> "$site/site/en/about.md"
(ulimit -f 4; exec "$MARCHE_BIN" build -q --repo "$site" --out "$out") 2>"$SCRATCH/err"
ok "file size limit: exit 3" test $? -eq 3
ok "file size limit: the file is named" grep -q "error: cannot write '$out/[^']*': File too large" "$SCRATCH/err"
ok "file size limit: previous output intact" diff -r "$SCRATCH/before" "$out"
ok "file size limit: no staging left" test "$(staging)" -eq 0
cp "$SCRATCH/about.md" "$site/site/en/about.md"

# Standard output that cannot be written.
"$MARCHE_BIN" build --repo "$site" --out "$out" >/dev/full 2>"$SCRATCH/err"
ok "full standard output: exit 3" test $? -eq 3
ok "full standard output: said" grep -q "cannot write to standard output: No space left on device" "$SCRATCH/err"

# A full disk, on a small tmpfs where mounting one is allowed.
mkdir "$mnt"
if mount -t tmpfs -o size=32k tmpfs "$mnt" 2>/dev/null; then
	"$MARCHE_BIN" build -q --repo "$site" --out "$mnt/out" 2>"$SCRATCH/err"
	ok "full disk: exit 3" test $? -eq 3
	ok "full disk: the path is named" grep -q "error: cannot write '$mnt/out/[^']*': No space left on device" "$SCRATCH/err"
	ok "full disk: nothing left behind" test -z "$(ls -A "$mnt")"
	umount "$mnt"
else
	echo "skip: cannot mount a tmpfs here"
fi
finish
