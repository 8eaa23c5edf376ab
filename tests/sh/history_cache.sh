# The history cache (<git dir>/marche/history.cache) changes nothing but
# time: build output and check output are the same bytes with no cache, a
# cold one, a warm one, after a new commit, after history is rewritten,
# and after the cache file is truncated, has a byte flipped, has another
# version, is garbage, or lies about its lengths; a cache that cannot be
# written does not fail the build. The history is history_rules.sh's:
# renames, deletions, corrections, merges, zones, odd subjects.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/history_site.sh"
. "$MARCHE_SOURCE_DIR/tests/cache_tests.sh"
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
cache_magic='MARCHE-HISTORY\n\0001\0\0\0'

run ref --no-cache
ok "the history is read: a warning for the deep folder" grep -q "warning: in commit .*: folders nested more than 32 levels deep are not read; history leaves it out" "$SCRATCH/ref.check"
ok "the history is read: a warning naming a commit" grep -q ": warning: commit .* (\"Rename\") renamed" "$SCRATCH/ref.check"
ok "the build succeeds" grep -q '^build exit 0$' "$SCRATCH/ref.build"
ok "--no-cache writes no cache" test ! -e "$cache"

run cold
same cold ref
ok "cold: the cache is written" valid
ok "cold: no temporary file is left" test "$(ls "$site/.git/marche" | tr "\n" " ")" = "dating.cache history.cache links.cache "
cp "$cache" "$SCRATCH/cache.1"
run warm
same warm ref
ok "warm: the cache is left as it was" cmp "$cache" "$SCRATCH/cache.1"
"$MARCHE_BIN" build --no-cache -q --repo "$site" --out "$SCRATCH/x.out" --now $now 2>/dev/null
ok "--no-cache leaves the cache alone" cmp "$cache" "$SCRATCH/cache.1"

# The cache is what answers: an entry changed (its checksum made right)
# shows. This is what makes the results above a test of the cache.
forge() {	# forge FROM TO: replace bytes in the payload, fix the checksum
	payload "a, b = b\"$1\", b\"$2\"; assert len(a) == len(b) and a in payload; payload[:] = payload.replace(a, b)"
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
ref=rw-ref
damage_file
# Valid checksums over lying lengths: a count of 2^32-1 entries, a path
# longer than the file, a string with a NUL, an unknown change kind.
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
