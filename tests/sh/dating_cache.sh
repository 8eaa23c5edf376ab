# The dating cache (<git dir>/marche/dating.cache) changes nothing but
# time: build output and check output (the warnings about changes after
# closing, deletions and renames included, with their positions) are the
# same bytes with no cache, a cold one, a warm one, after a new commit
# amends one opportunity, after the site's time zone changes, and after
# the file is truncated, has a byte flipped, has another version, is
# garbage, or is well-formed but lies (counts, lengths, term names,
# languages, depth, versions); a cache that cannot be written does not
# fail the build. The history is history_rules.sh's.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/history_site.sh"

now=2026-03-10T00:00:00Z
cache=$site/.git/marche/dating.cache
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
valid() { test "$(head -c 20 "$cache" | od -An -c | tr -d ' \n')" = 'MARCHE-DATING\n\0\0001\0\0\0'; }
# payload PYTHON: run PYTHON on the payload (a bytearray), fix the checksum.
payload() {
	/usr/bin/python3 - "$cache" "$1" <<'PY'
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
}

run ref --no-cache
ok "dating warns about a change after closing, at its position" grep -q "opportunities/.*\.yml:[0-9]*:[0-9]*: warning: commit .* changed .* after the opportunity closed" "$SCRATCH/ref.check"
ok "the build shows an amendment" grep -rq "Tidy" "$SCRATCH/ref.out"
ok "--no-cache writes no dating cache" test ! -e "$cache"

run cold
same cold ref
ok "cold: the cache is written" valid
cp "$cache" "$SCRATCH/cache.1"
run warm
same warm ref
ok "warm: the cache is left as it was" cmp "$cache" "$SCRATCH/cache.1"

# The cache is what answers: a value changed (its checksum made right)
# shows. This is what makes the results above a test of the cache.
payload 'assert b"Tidy" in payload; payload[:] = payload.replace(b"Tidy", b"Tody")'
"$MARCHE_BIN" build --repo "$site" --out "$SCRATCH/forged.out" --now $now > /dev/null 2>&1
ok "a warm run reads the cache" grep -rq "Tody" "$SCRATCH/forged.out"
cp "$SCRATCH/cache.1" "$cache"

# A new commit amends one opportunity: it alone is compared again.
at 2026-03-09T17:00:00Z
sed -i 's/^value: 4700/value: 4800/' "$site/opportunities/deleted-one.yml"
commit "Pay more for deleted-one"
run new-ref --no-cache
ok "new commit: --no-cache left the cache alone" cmp "$cache" "$SCRATCH/cache.1"
run new
same new new-ref
ok "new commit: the cache is rewritten" sh -c "! cmp -s '$cache' '$SCRATCH/cache.1'"
ok "new commit: still valid" valid
ok "new commit: its amendment shows" grep -q 'value: \$4,700 → \$4,800' "$SCRATCH/new.out/en/opportunities/deleted-one.html"
cp "$cache" "$SCRATCH/cache.2"

# Damaged and hostile caches: each ignored, then replaced by a good one.
damage() {	# damage NAME: after the cache was damaged
	run "$1"
	same "$1" new-ref
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
hostile() { payload "$2"; damage "$1"; }
hostile count 'payload[0:4] = b"\xff\xff\xff\xff"'
hostile extra-bytes 'payload += b"x"'
# The first entry: key(20) steps(4), then its first step: version(4)
# has_closing(1) [closing] changes(4), then its first change's term.
hostile steps 'payload[24:28] = b"\xff\xff\xff\x7f"'
hostile key-order 'payload[4:24] = b"\xff" * 20'
hostile term 'i = payload.index(b"\x05\x00\x00\x00value"); payload[i + 4:i + 9] = b"vague"'
hostile term-length 'i = payload.index(b"\x05\x00\x00\x00value"); payload[i:i + 4] = b"\xff\xff\xff\x00"'
hostile lang 'i = payload.index(b"\x05\x00\x00\x00title"); payload[i + 9:i + 13] = b"\x07\x00\x00\x00"'
hostile kind 'i = payload.index(b"\x05\x00\x00\x00value"); payload[i + 13] = 9'
hostile utf8 'i = payload.index(b"Tidy"); payload[i] = 0xff'
hostile bool 'i = payload.index(b"\x05\x00\x00\x00value"); payload[i + 13:i + 22] = b"\x02\x07" + b"\x03" * 7'
# A value nested deeper than any file gives: a sequence of sequences.
hostile depth 'i = payload.index(b"\x05\x00\x00\x00value"); payload[i + 13:i + 22] = b"\x06\x01\x00\x00\x00" * 70 + b"\x01"'
# Well-formed but about versions the history does not have (a step is
# its version(4), then its version before's closing date): not used.
step='i = payload.index(b"\x01\x13\x00\x00\x002026-") - 4'
hostile version-past "$step"'; payload[i:i + 4] = b"\xff\xff\x00\x00"'
hostile version-first "$step"'; payload[i:i + 4] = b"\x00\x00\x00\x00"'
rm "$cache" && ln -s "$SCRATCH/cache.2" "$cache"; damage symlink
ok "a symbolic link is replaced, not followed" test ! -L "$cache"

# The site's time zone changes what a date is: the cache is ignored.
at 2026-03-09T18:00:00Z
sed -i 's|^time_zone: .*|time_zone: America/Halifax|' "$site/_data/site.yml"
commit "To Halifax"
run zone-ref --no-cache
run zone
same zone zone-ref
ok "zone: the cache is rewritten" sh -c "! cmp -s '$cache' '$SCRATCH/cache.2'"

# A cache that cannot be written: the build still succeeds.
rm -rf "$site/.git/marche" && printf 'not a folder\n' > "$site/.git/marche"
run readonly
same readonly zone-ref
ok "unwritable: left as it was" test "$(cat "$site/.git/marche")" = 'not a folder'
finish
