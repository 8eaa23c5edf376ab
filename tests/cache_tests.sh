# Shared by the tests of marche's caches in the Git folder (history_cache.sh,
# dating_cache.sh). The test sets site, now, cache (the cache file),
# cache_magic (its first 20 bytes as `od -c` shows them, spaces removed)
# and ref (the run that damaged caches are compared with), and keeps a
# good cache in $SCRATCH/cache.2 before damaging it.

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
# valid: the cache file is one marche wrote (magic and version).
valid() { test "$(head -c 20 "$cache" | od -An -c | tr -d ' \n')" = "$cache_magic"; }
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
# damage NAME: after the cache was damaged, the same results as $ref, no
# word of it, and a good cache again; then the good one is put back.
damage() {
	run "$1"
	same "$1" "$ref"
	ok "$1: no crash, no note" sh -c "! grep -qi 'cache' '$SCRATCH/$1.check' '$SCRATCH/$1.build'"
	ok "$1: the cache is good again" valid
	cp "$SCRATCH/cache.2" "$cache"
}
# hostile NAME PYTHON: a valid checksum over a payload PYTHON changed.
hostile() { payload "$2"; damage "$1"; }
# damage_file: the damage any cache file may meet: cut short, emptied, a
# bit flipped, another version, garbage, garbage after the magic.
damage_file() {
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
}
