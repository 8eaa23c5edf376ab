# The history cache (<git dir>/marche/history.cache) changes nothing but
# time: build output and check output are the same bytes with no cache, a
# cold one, a warm one, after a new commit, after history is rewritten,
# and after the cache file is truncated, has a byte flipped, has another
# version, is garbage, or lies about its lengths; a cache that cannot be
# written does not fail the build. The history is history_rules.sh's:
# renames, deletions, corrections, merges, zones, odd subjects.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
opp=opportunities/data-cleanup.yml
cat > "$site/_layouts/opportunity.html" <<'HTML'
---
layout: default
---
<p>posted {{opp.posted.iso}}</p>
{{#opp.amendments}}<h2>{{date.iso}}{{#after_closing}} after-closing{{/after_closing}}{{#deleted}} deleted{{/deleted}}{{#renamed_from}} renamed-from {{renamed_from}}{{/renamed_from}}</h2>
{{#changes}}<p>{{key}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.amendments}}
{{#opp.corrections}}<h3>{{date.iso}} correction: {{reason}}</h3>
{{#changes}}<p>{{key}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.corrections}}
HTML
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
g() { git -C "$site" "$@"; }
commit() { g add -A && g commit -qm "$1"; }
# other SLUG: another opportunity, a copy with its own slug.
other() { sed -e "s/nettoyage-donnees/$1/" "$TESTS/check/_base/$opp" > "$site/opportunities/$1.yml"; }

at 2026-01-05T15:00:00Z
other renamed-one; other deleted-one; other gone-one
# Closes at 14:00 local time, with no offset: where depends on the zone.
sed -e 's/^closing: .*/closing: 2026-02-20T14:00:00/' -e "s/nettoyage-donnees/zone-one/" \
    "$TESTS/check/_base/$opp" > "$site/opportunities/zone-one.yml"
sed -i 's|^time_zone: .*|time_zone: America/Vancouver|' "$site/_data/site.yml"
commit "Post the opportunities"
g branch -M main

# Nothing a reader sees: a paragraph re-wrapped, doubled spaces, quoting.
# No amendment.
at 2026-01-06T15:00:00Z
sed -i -e 's/^    The data set has \*\*duplicates\*\*./    The data set\n    has  **duplicates**./' \
    -e 's/^  title: Clean up an open data set/  title: "Clean  up an open data set"/' \
    -e "s/^taxes: excluded/taxes: 'excluded'/" \
    -e 's/^closing: .*/closing: "2026-02-20T14:00:00-05:00"/' "$site/$opp"
commit "Re-wrap and re-quote"
# A real amendment while open.
at 2026-01-07T15:00:00Z
sed -i 's/^value: 4500/value: 5000/' "$site/$opp"
commit "Pay more"
# A branch whose commits arrive by fast-forward before publication: the
# opportunity is posted at its first commit there, and a re-wrap on the
# way is no amendment.
g checkout -q -b fast
at 2026-01-08T15:00:00Z
other fast-one && commit "Post fast-one"
at 2026-01-08T16:00:00Z
sed -i 's/^    The data set has \*\*duplicates\*\*./    The data set has\n    **duplicates**./' "$site/opportunities/fast-one.yml"
commit "Re-wrap fast-one"
g checkout -q main && g merge -q --ff-only fast
# With a merge commit, the posted date is the merge's.
g checkout -q -b merged
at 2026-01-09T15:00:00Z
other merged-one && commit "Post merged-one"
g checkout -q main
at 2026-01-10T15:00:00Z
g merge -q --no-ff -m "Merge merged-one" merged

# 2026-02-20T20:00Z: after 14:00 in Toronto, before 14:00 in Vancouver,
# the zone the site had then. An amendment, judged by the rules of then.
at 2026-02-20T20:00:00Z
sed -i 's/^value: 4500/value: 4600/' "$site/opportunities/zone-one.yml"
commit "Pay more for zone-one"
at 2026-02-21T15:00:00Z
sed -i 's|^time_zone: .*|time_zone: America/Toronto|' "$site/_data/site.yml"
commit "Back to Toronto"

# After closing (2026-02-20): a term changed around the check.
at 2026-03-01T15:00:00Z
sed -i 's/^value: 5000/value: 9000/' "$site/$opp"
commit 'Raise the value "quickly"'
# A correction, merged by a maintainer with the trailer.
g checkout -q -b fix
at 2026-03-02T14:00:00Z
sed -i 's/^    ### Background/    ### Background of the work/' "$site/$opp"
commit "Fix the description"
g checkout -q main
at 2026-03-02T15:00:00Z
g merge -q --no-ff -m "Merge the fix" -m "Correction: a word was missing" fix
# A correction trailer does not cover terms: the text is corrected, the
# contact change is a violation.
at 2026-03-03T15:00:00Z
sed -i -e 's/^contact: .*/contact: other@example.gc.ca/' \
    -e 's/^  summary: Write a script/  summary: Write one script/' "$site/$opp"
g add -A && g commit -qm "Fix the summary" -m "Correction: clearer summary"
# Text changed after closing with no trailer.
at 2026-03-04T15:00:00Z
sed -i 's/^  title: "Clean  up/  title: "Tidy up/' "$site/$opp"
commit "Retitle"
# Renamed, deleted then restored, deleted for good.
at 2026-03-05T15:00:00Z
g mv opportunities/renamed-one.yml opportunities/renamed-two.yml
commit "Rename"
at 2026-03-06T15:00:00Z
g rm -q opportunities/deleted-one.yml opportunities/gone-one.yml
commit "Delete two"
at 2026-03-07T15:00:00Z
g checkout -q HEAD~1 -- opportunities/deleted-one.yml
commit "Restore one"
# A commit message is anyone's bytes: control characters and invalid
# UTF-8 in a subject or a reason are shown as U+FFFD.
at 2026-03-08T15:00:00Z
sed -i -e 's/^  summary: Write a script/  summary: Write one script/' \
    -e 's/^value: 4500/value: 4700/' "$site/opportunities/deleted-one.yml"
g add -A && g commit -q -m "$(printf 'Odd \033[31m subject \377')" \
    -m "$(printf 'Correction: odd \001 reason \377 <b>')"
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
ok "cold: no temporary file is left" test "$(ls "$site/.git/marche")" = history.cache
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
