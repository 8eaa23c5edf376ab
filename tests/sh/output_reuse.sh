# A build over a previous output reuses (hard-links) the files whose
# bytes did not change: they keep their inode and times, the output is
# the one a build into an empty folder makes, and changed files are new.
# A previous file that is not certainly the previous build's own (a
# symbolic link, a file linked from elsewhere too, another mode, another
# owner, a FIFO, a file reached through a linked folder) is never
# reused: the output gets a fresh regular file, and the file outside is
# left as it was.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

umask 022
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
now=2026-12-01T12:00:00-05:00
page=en/index.html
changed=en/about.html

build() {
	"$MARCHE_BIN" build -q --repo "$site" --now "$now" "$@" 2>>"$SCRATCH/log"
}
ino() { stat -c %i "$1"; }
links() { stat -c %h "$1"; }
mode() { stat -c %a "$1"; }
year() { date -u -r "$1" +%Y; }
# Each file of a folder and its inode.
inodes() { (cd "$1" && find . -type f -printf '%P %i\n' | sort); }
# Files of the output with more than one link (none once it is built).
shared() { find "$1" -type f -links +1 | wc -l; }

for jobs in 1 4; do
	out=$SCRATCH/out-$jobs
	ref=$SCRATCH/ref-$jobs
	cp "$TESTS/check/_base/site/en/about.md" "$site/site/en/about.md"
	build --jobs $jobs --out "$out"
	ok "jobs $jobs: first build" test $? -eq 0
	touch -d 2020-01-01T00:00:00Z "$out/$page" "$out/$changed"
	before=$(ino "$out/$page")
	changed_before=$(ino "$out/$changed")
	printf '\nMore.\n' >> "$site/site/en/about.md"
	build --jobs $jobs --out "$out"
	ok "jobs $jobs: second build" test $? -eq 0
	ok "jobs $jobs: an unchanged page keeps its inode" \
	    test "$(ino "$out/$page")" = "$before"
	ok "jobs $jobs: an unchanged page keeps its time" \
	    test "$(year "$out/$page")" = 2020
	ok "jobs $jobs: a changed page is a new file" \
	    test "$(ino "$out/$changed")" != "$changed_before"
	ok "jobs $jobs: a changed page gets a new time" \
	    test "$(year "$out/$changed")" != 2020
	ok "jobs $jobs: a changed page has its new bytes" \
	    grep -q "More\." "$out/$changed"
	ok "jobs $jobs: no file is left linked twice" test "$(shared "$out")" -eq 0
	build --jobs $jobs --out "$ref"
	ok "jobs $jobs: the same output as a build into an empty folder" \
	    diff -r "$ref" "$out"
	# With nothing changed, every file is reused.
	inodes "$out" > "$SCRATCH/inodes-before"
	build --jobs $jobs --out "$out"
	inodes "$out" > "$SCRATCH/inodes-after"
	ok "jobs $jobs: a build with nothing changed reuses every file" \
	    cmp -s "$SCRATCH/inodes-before" "$SCRATCH/inodes-after"
	ok "jobs $jobs: of many files" test "$(wc -l < "$SCRATCH/inodes-after")" -gt 20
done

out=$SCRATCH/out-1
ref=$SCRATCH/ref-1
# A previous file replaced by a link to a file outside with its bytes.
cp "$out/$page" "$SCRATCH/outside.html"
rm "$out/$page"
ln -s "$SCRATCH/outside.html" "$out/$page"
build --out "$out"
ok "symlink: build succeeds" test $? -eq 0
ok "symlink: the output holds a regular file" test -f "$out/$page" -a ! -L "$out/$page"
ok "symlink: not the file outside" \
    test "$(ino "$out/$page")" != "$(ino "$SCRATCH/outside.html")"
ok "symlink: the file outside has one link" test "$(links "$SCRATCH/outside.html")" -eq 1
ok "symlink: the file outside is untouched" cmp -s "$SCRATCH/outside.html" "$ref/$page"
ok "symlink: the right bytes" cmp -s "$out/$page" "$ref/$page"

# A previous file with another link outside.
ln "$out/$page" "$SCRATCH/hard.html"
hard=$(ino "$SCRATCH/hard.html")
build --out "$out"
ok "hard link: build succeeds" test $? -eq 0
ok "hard link: the output holds a new file" test "$(ino "$out/$page")" != "$hard"
ok "hard link: the file outside has one link" test "$(links "$SCRATCH/hard.html")" -eq 1
ok "hard link: the file outside is untouched" cmp -s "$SCRATCH/hard.html" "$ref/$page"
ok "hard link: the right bytes" cmp -s "$out/$page" "$ref/$page"

# A previous file with another mode than a new file's.
chmod 600 "$out/$page"
before=$(ino "$out/$page")
build --out "$out"
ok "mode: build succeeds" test $? -eq 0
ok "mode: the output holds a new file" test "$(ino "$out/$page")" != "$before"
ok "mode: with the mode of a new file" test "$(mode "$out/$page")" = 644
ok "mode: the right bytes" cmp -s "$out/$page" "$ref/$page"

# The mode of a new file follows the umask: reused under the same one,
# not under another.
(umask 077; build --out "$SCRATCH/tight" && build --out "$SCRATCH/tight")
before=$(ino "$SCRATCH/tight/$page")
(umask 077; build --out "$SCRATCH/tight")
ok "umask 077: reused" test "$(ino "$SCRATCH/tight/$page")" = "$before"
ok "umask 077: mode 600" test "$(mode "$SCRATCH/tight/$page")" = 600
build --out "$SCRATCH/tight"
ok "umask 022 after 077: a new file" test "$(ino "$SCRATCH/tight/$page")" != "$before"
ok "umask 022 after 077: mode 644" test "$(mode "$SCRATCH/tight/$page")" = 644

# A previous file of another user's (only root can make one).
if [ "$(id -u)" = 0 ] && chown 65534 "$out/$page" 2>/dev/null; then
	before=$(ino "$out/$page")
	build --out "$out"
	ok "owner: a new file" test "$(ino "$out/$page")" != "$before"
	ok "owner: this user's" test "$(stat -c %u "$out/$page")" = 0
else
	echo "skip: cannot give a file to another user"
fi

# A FIFO in place of a previous file is not opened (the build would
# wait for a writer forever).
rm "$out/$changed"
mkfifo "$out/$changed"
timeout 60 "$MARCHE_BIN" build -q --repo "$site" --now "$now" --out "$out" 2>>"$SCRATCH/log"
ok "fifo: build succeeds" test $? -eq 0
ok "fifo: the output holds a regular file" test -f "$out/$changed" -a ! -p "$out/$changed"
ok "fifo: the right bytes" cmp -s "$out/$changed" "$ref/$changed"

# A previous folder replaced by a link to a copy outside: nothing is
# reused through it.
cp -R "$out/en" "$SCRATCH/en-outside"
rm -rf "$out/en"
ln -s "$SCRATCH/en-outside" "$out/en"
build --out "$out"
ok "linked folder: build succeeds" test $? -eq 0
ok "linked folder: the output holds a folder" test -d "$out/en" -a ! -L "$out/en"
ok "linked folder: no file outside is linked into the output" \
    test "$(shared "$SCRATCH/en-outside")" -eq 0
ok "linked folder: not the file outside" \
    test "$(ino "$out/$page")" != "$(ino "$SCRATCH/en-outside/index.html")"
ok "linked folder: the files outside are untouched" diff -r "$SCRATCH/en-outside" "$ref/en"
ok "linked folder: the same output as a build into an empty folder" \
    diff -r "$ref" "$out"

# A failed build leaves no previous file linked twice.
before=$(ino "$out/$page")
printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/about.html\n---\n{{#x}}\n' > "$site/site/en/about.md"
build --out "$out" 2>/dev/null
ok "failed build: exit 1" test $? -eq 1
ok "failed build: the previous output is as it was" diff -r "$ref" "$out"
ok "failed build: its files have one link each" test "$(shared "$out")" -eq 0
ok "failed build: the same files" test "$(ino "$out/$page")" = "$before"
finish
