# The history cache (<git dir>/marche/history.cache) changes nothing but
# time: build output and check output are the same bytes with no cache, a
# cold one, a warm one, after a new commit, after history is rewritten,
# and after the cache file is truncated, has a byte flipped, has another
# version, is garbage, or lies about its lengths; a cache that cannot be
# written does not fail the build. The history is history_rules.sh's:
# renames, deletions, corrections, merges, zones, odd subjects.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/history_site.sh"
# A folder deeper than the source reads, added then removed: the walk
# refuses it with a warning, which the cache must keep saying.
at 2026-03-09T15:00:00Z
deep=site$(printf '/d%.0s' $(seq 1 34))
mkdir -p "$site/$deep" && printf 'x\n' > "$site/$deep/deep.md" && commit "Deep"
at 2026-03-09T16:00:00Z
g rm -rq site/d && commit "Not so deep"

now=2026-03-10T00:00:00Z
cache=$site/.git/marche/history.cache
n=0
# run NAME [OPTION...]: build and check; their results in $SCRATCH/NAME.*
run() {
	name=$1; shift
	rm -rf "$SCRATCH/$name.out" "$SCRATCH/o"
	"$MARCHE_BIN" build "$@" --repo "$site" --out "$SCRATCH/o" \
	    --now $now > "$SCRATCH/$name.build" 2>&1
	echo "build exit $?" >> "$SCRATCH/$name.build"
	mv "$SCRATCH/o" "$SCRATCH/$name.out"
	"$MARCHE_BIN" check "$@" --repo "$site" --now $now \
	    > "$SCRATCH/$name.check" 2>&1
	echo "check exit $?" >> "$SCRATCH/$name.check"
	"$MARCHE_BIN" check "$@" --repo "$site" --now $now --format json \
	    > "$SCRATCH/$name.json" 2>&1
}
# same NAME REF: NAME's results are REF's, byte for byte.
same() {
	ok "$1: build output as without a cache" diff -r "$SCRATCH/$2.out" "$SCRATCH/$1.out"
	ok "$1: build messages as without a cache" cmp "$SCRATCH/$2.build" "$SCRATCH/$1.build"
	ok "$1: check as without a cache" cmp "$SCRATCH/$2.check" "$SCRATCH/$1.check"
	ok "$1: check --format json as without a cache" cmp "$SCRATCH/$2.json" "$SCRATCH/$1.json"
}
# valid: the cache file is one marche wrote (magic, version 1).
valid() { test "$(head -c 20 "$cache" | od -An -c | tr -d ' \n')" = 'MARCHE-HISTORY\n\0001\0\0\0'; }

run ref --no-cache
ok "the history is read: a warning for the deep folder" grep -q "warning: in commit .*: folders nested more than 32 levels deep are not read; history leaves it out" "$SCRATCH/ref.check"
ok "the history is read: a warning naming a commit" grep -q ": warning: commit .* (\"Rename\") renamed" "$SCRATCH/ref.check"
ok "the build succeeds" grep -q '^build exit 0$' "$SCRATCH/ref.build"
ok "--no-cache writes no cache" test ! -e "$cache"

run cold
same cold ref
ok "cold: the cache is written" valid
ok "cold: no temporary file is left" test "$(ls "$site/.git/marche" | tr "\n" " ")" = "dating.cache history.cache "
cp "$cache" "$SCRATCH/cache.1"
run warm
same warm ref
ok "warm: the cache is left as it was" cmp "$cache" "$SCRATCH/cache.1"
"$MARCHE_BIN" build --no-cache -q --repo "$site" --out "$SCRATCH/x.out" --now $now 2>/dev/null
ok "--no-cache leaves the cache alone" cmp "$cache" "$SCRATCH/cache.1"

# The cache is what answers: an entry changed (its checksum made right)
# shows. This is what makes the results above a test of the cache.
forge() {	# forge FROM TO: replace bytes in the payload, fix the checksum
	/usr/bin/python3 - "$cache" "$1" "$2" <<'PY'
import hashlib, struct, sys
path, a, b = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
d = open(path, "rb").read()
flen = struct.unpack_from("<I", d, 20)[0]
at = 24 + flen
payload = d[at + 28:]
assert len(a) == len(b) and a in payload
payload = payload.replace(a, b)
s = hashlib.sha1(b"blob %d\0" % len(payload) + payload).digest()
open(path, "wb").write(d[:at] + struct.pack("<Q", len(payload)) + s + payload)
PY
}
forge 'Rename' 'Ranime'
"$MARCHE_BIN" check --repo "$site" --now $now > "$SCRATCH/forged.check" 2>&1
ok "a warm run reads the cache" grep -q '("Ranime")' "$SCRATCH/forged.check"
cp "$SCRATCH/cache.1" "$cache"

# A new commit: only it is walked, and the cache grows by it.
at 2026-03-09T17:00:00Z
sed -i 's/^value: 4700/value: 4800/' "$site/opportunities/deleted-one.yml"
commit "Pay more for deleted-one"
run new-ref --no-cache
ok "new commit: the cache was left alone by --no-cache" cmp "$cache" "$SCRATCH/cache.1"
run new
same new new-ref
ok "new commit: the cache is rewritten" sh -c "! cmp -s '$cache' '$SCRATCH/cache.1'"
ok "new commit: still valid" valid
ok "new commit: its amendment shows" grep -q 'value: \$4,700 → \$4,800' "$SCRATCH/new.out/en/opportunities/deleted-one.html"

# History rewritten: the last three commits replaced by others.
g reset -q --hard HEAD~3
at 2026-03-09T18:00:00Z
sed -i 's/^value: 4700/value: 4900/' "$site/opportunities/deleted-one.yml"
g add -A && g commit -qm "Pay more, rewritten" -m "Correction: rewritten"
run rw-ref --no-cache
run rw
same rw rw-ref
ok "rewritten: the new amendment shows" grep -q 'value: \$4,700 → \$4,900' "$SCRATCH/rw.out/en/opportunities/deleted-one.html"
ok "rewritten: the old one does not" sh -c "! grep -q '4,800' '$SCRATCH/rw.out/en/opportunities/deleted-one.html'"
cp "$cache" "$SCRATCH/cache.2"

# Damaged and hostile caches: each ignored, then replaced by a good one.
damage() {	# damage NAME: after the cache was damaged
	run "$1"
	same "$1" rw-ref
	ok "$1: no crash, no note" sh -c "! grep -qi 'cache' '$SCRATCH/$1.check' '$SCRATCH/$1.build'"
	ok "$1: the cache is good again" valid
	cp "$SCRATCH/cache.2" "$cache"
}
size=$(wc -c < "$cache")
head -c $((size / 2)) "$SCRATCH/cache.2" > "$cache"; damage truncated
head -c 30 "$SCRATCH/cache.2" > "$cache"; damage truncated-header
: > "$cache"; damage empty
/usr/bin/python3 - "$cache" <<'PY'
import sys
p = sys.argv[1]; d = bytearray(open(p, "rb").read()); d[len(d) * 2 // 3] ^= 0x10
open(p, "wb").write(bytes(d))
PY
damage flipped
printf '\002' | dd of="$cache" bs=1 seek=16 conv=notrunc 2>/dev/null; damage version
head -c "$size" /dev/urandom > "$cache"; damage garbage
{ head -c 16 "$SCRATCH/cache.2"; head -c 100000 /dev/urandom; } > "$cache"; damage garbage-after-magic
# Valid checksums over lying lengths: a count of 2^32-1 entries, a path
# longer than the file, a string with a NUL, an unknown change kind.
hostile() {	# hostile NAME PYTHON-EXPRESSION-ON-payload
	/usr/bin/python3 - "$cache" "$2" <<'PY'
import hashlib, struct, sys
path, expr = sys.argv[1], sys.argv[2]
d = open(path, "rb").read()
flen = struct.unpack_from("<I", d, 20)[0]
at = 24 + flen
payload = bytearray(d[at + 28:])
exec(expr)
payload = bytes(payload)
s = hashlib.sha1(b"blob %d\0" % len(payload) + payload).digest()
open(path, "wb").write(d[:at] + struct.pack("<Q", len(payload)) + s + payload)
PY
	damage "$1"
}
hostile count 'payload[0:4] = b"\xff\xff\xff\xff"'
# The first entry: id(20) time(8) subject length(4).
hostile subject-length 'payload[32:36] = b"\xff\xff\xff\x7f"'
hostile subject-nul 'payload[36] = 0'
hostile subject-control 'payload[36] = 0x1b'
hostile extra-bytes 'payload += b"x"'
# The same commit twice: the first entry, repeated.
ID2=$(g rev-list --first-parent --reverse HEAD | sed -n 2p); export ID2
hostile two-alike 'i = payload.index(bytes.fromhex(__import__("os").environ["ID2"])); payload[:] = struct.pack("<I", struct.unpack_from("<I", payload)[0] + 1) + payload[4:i] + payload[4:i] + payload[i:]'
hostile status 'i = payload.index(b"opportunities/deleted-one.yml") - 4 - 20 - 20 - 8 - 4 - 4 - 1; payload[i] = 9'
rm "$cache" && ln -s "$SCRATCH/cache.2" "$cache"; damage symlink
ok "a symbolic link is replaced, not followed" test ! -L "$cache"

# A cache that cannot be written: the build still succeeds.
rm -rf "$site/.git/marche" && printf 'not a folder\n' > "$site/.git/marche"
run readonly
same readonly rw-ref
ok "unwritable: left as it was" test "$(cat "$site/.git/marche")" = 'not a folder'
finish
