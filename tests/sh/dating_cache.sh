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
. "$MARCHE_SOURCE_DIR/tests/cache_tests.sh"

now=2026-03-10T00:00:00Z
cache=$site/.git/marche/dating.cache
cache_magic='MARCHE-DATING\n\0\0001\0\0\0'

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
ref=new-ref
damage_file
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
