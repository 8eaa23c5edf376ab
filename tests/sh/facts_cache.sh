# The facts cache (<git dir>/marche/facts.cache): a check or build of a
# revision writes it (magic, version 2), a second one leaves it as it
# was, a new blob rewrites it; the working tree (of a build as of a
# check) and --no-cache write none; and no cache file (unwritable, a
# symbolic link, garbage, cut short, flipped) changes a byte of the
# reports.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
JAN=2026-01-15T12:00:00Z
attach_sample "$site"
g add -A && g commit -qm "One opportunity" && g branch -M main
g checkout -q -b pr main
sed -i 's/^value: .*/value: 4900/' "$opp"
g add -A && g commit -qm "Amended" && g checkout -q main

cache=$site/.git/marche/facts.cache
# run NAME [OPTION...]: the reports of a pull request's check (scoped and
# --full) and of a plain check of main, in $SCRATCH/NAME.*
run() {
	name=$1; shift
	"$MARCHE_BIN" check "$@" --repo "$site" --base main --head pr \
	    --now $JAN > "$SCRATCH/$name.pr" 2>&1
	echo "exit $?" >> "$SCRATCH/$name.pr"
	"$MARCHE_BIN" check "$@" --repo "$site" --base main --head pr \
	    --now $JAN --full > "$SCRATCH/$name.full" 2>&1
	echo "exit $?" >> "$SCRATCH/$name.full"
	"$MARCHE_BIN" check "$@" --repo "$site" --rev main --now $JAN \
	    > "$SCRATCH/$name.main" 2>&1
	echo "exit $?" >> "$SCRATCH/$name.main"
}
same() {
	ok "$1: the pull request's check as without a cache" cmp "$SCRATCH/ref.pr" "$SCRATCH/$1.pr"
	ok "$1: its --full check as without a cache" cmp "$SCRATCH/ref.full" "$SCRATCH/$1.full"
	ok "$1: the check of main as without a cache" cmp "$SCRATCH/ref.main" "$SCRATCH/$1.main"
}
differs() { ! cmp -s "$1" "$2"; }
valid() { test "$(head -c 20 "$cache" | od -An -c | tr -d ' \n')" = 'MARCHE-FACTS\n\0\0\0003\0\0\0'; }

run ref --no-cache
ok "the pull request's check is scoped" grep -q "note: this pull request changes only opportunities" "$SCRATCH/ref.pr"
ok "--no-cache writes no facts cache" test ! -e "$cache"
"$MARCHE_BIN" check --repo "$site" --now $JAN > /dev/null 2>&1
ok "a check of the working tree writes none" test ! -e "$cache"

run cold
same cold
ok "cold: the cache is written" valid
ok "cold: no temporary file is left" test -z "$(ls "$site/.git/marche" | grep -v '^history.cache$' | grep -v '^facts.cache$' | grep -v '^links.cache$')"
ok "cold: it names the opportunity's path" grep -q "opportunities/data-cleanup.yml" "$cache"
ok "cold: and its attachment" grep -q "opportunities/data-cleanup/data.csv" "$cache"
cp "$cache" "$SCRATCH/cache.1"
run warm
same warm
ok "warm: the cache is left as it was" cmp "$cache" "$SCRATCH/cache.1"
"$MARCHE_BIN" check --no-cache --repo "$site" --base main --head pr --now $JAN > /dev/null 2>&1
ok "--no-cache leaves the cache alone" cmp "$cache" "$SCRATCH/cache.1"

# The head's blob, then main's again: each new blob is written.
"$MARCHE_BIN" check --repo "$site" --rev pr --now $JAN > /dev/null 2>&1
ok "another blob rewrites the cache" differs "$cache" "$SCRATCH/cache.1"
ok "still a cache marche wrote" valid

# Damaged files: ignored, then replaced.
size=$(wc -c < "$SCRATCH/cache.1")
for how in empty short flipped garbage; do
	case $how in
	empty)	: > "$cache" ;;
	short)	head -c $((size - 7)) "$SCRATCH/cache.1" > "$cache" ;;
	flipped) cp "$SCRATCH/cache.1" "$cache"
		printf '\377' | dd of="$cache" bs=1 seek=$((size - 40)) \
		    conv=notrunc 2>/dev/null ;;
	garbage) head -c 5000 /dev/urandom > "$cache" ;;
	esac
	run "$how"
	same "$how"
	ok "$how: replaced by a sound cache" valid
done

# A symbolic link in its place is not followed: replaced, its target
# untouched.
printf 'not a cache\n' > "$SCRATCH/target"
rm -f "$cache" && ln -s "$SCRATCH/target" "$cache"
run symlink
same symlink
ok "symlink: the target is untouched" test "$(cat "$SCRATCH/target")" = "not a cache"
ok "symlink: replaced by a file" test -f "$cache" -a ! -L "$cache"

# A Git folder the cache cannot go in changes nothing.
rm -rf "$site/.git/marche" && printf 'x\n' > "$site/.git/marche"
run unwritable
same unwritable
ok "unwritable: the file in its way is left" test "$(cat "$site/.git/marche")" = x


# A build writes it from a revision only.
rm -f "$site/.git/marche"
"$MARCHE_BIN" build --repo "$site" --now $JAN --out "$SCRATCH/out.wt" > /dev/null 2>&1
ok "a build of the working tree writes none" test ! -e "$cache"
"$MARCHE_BIN" build --repo "$site" --rev main --now $JAN --out "$SCRATCH/out.rev" > /dev/null 2>&1
ok "a build of a revision writes it" valid

finish
