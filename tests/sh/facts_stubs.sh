# A scoped check of a pull request takes what the facts cache says of the
# opportunities it leaves unchanged instead of reading their files: the
# report is the same bytes as without a cache, a forged entry shows (the
# file was not read), a slug the pull request takes from an unchanged
# opportunity is still reported from that file, and a damaged cache is
# ignored and written again.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
JAN=2026-01-15T12:00:00Z
# A closed opportunity, which the cache may stand for.
old_opportunity "$site"
# A completed one, with an entry in the open resource exchange.
sed -e 's/^contact: .*/&\nstatus: completed/' -e 's/ancien-rapport/travail-fait/' \
    "$site/opportunities/old-report.yml" > "$site/opportunities/done-work.yml"
cat >> "$site/opportunities/done-work.yml" <<'EOT'
award:
  supplier: Example Inc.
  repository: https://github.com/example/cleanup
  licence: Apache-2.0
  accepted: 2025-04-02
EOT
g add -A && g commit -qm "Three opportunities" && g branch -M main
# The pull request links to the closed one's page and calendar, and to
# outputs made from every opportunity (which a scoped check only claims).
g checkout -q -b pr main
sed -i 's|The data set has \*\*duplicates\*\*.|See [the old one](old-report.html), [its calendar](old-report.ics), [the feed](../feed.xml), [open data](../../opportunities.json), [as CSV](../../opportunities.csv), [the exchange](../../open-resource-exchange/done-work.yml), [the sitemap](../../sitemap.xml) and [robots](../../robots.txt).|' "$opp"
g add -A && g commit -qm "Link" && g checkout -q main
# Another takes the closed one's French slug (a new file sorting first:
# the collision is reported at the closed one's slug).
g checkout -q -b clash main
sed -e 's/nettoyage-donnees/ancien-rapport/' -e '/^questions:/,$d' "$opp" \
    > "$site/opportunities/a-clash.yml"
g add -A && g commit -qm "Clash" && g checkout -q main

cache=$site/.git/marche/facts.cache
# check NAME BRANCH [OPTION...]: the scoped check's report in NAME.
check() {
	name=$1 head=$2; shift 2
	MARCHE_TIMINGS= "$MARCHE_BIN" check "$@" --repo "$site" --base main \
	    --head "$head" --now $JAN > "$SCRATCH/$name" 2>&1
	echo "exit $?" >> "$SCRATCH/$name"
}
valid() { test "$(head -c 20 "$cache" | od -An -c | tr -d ' \n')" = 'MARCHE-FACTS\n\0\0\0003\0\0\0'; }

check ref pr --no-cache
ok "the pull request's check is scoped" grep -q "changes only opportunities" "$SCRATCH/ref"
ok "it passes" grep -q "^exit 0$" "$SCRATCH/ref"
ok "no cache yet" test ! -e "$cache"
check cold pr
ok "cold: the same report" cmp "$SCRATCH/ref" "$SCRATCH/cold"
ok "cold: a cache is written" valid
ok "cold: the closed one is in it" grep -q "opportunities/old-report.yml" "$cache"
ok "cold: the completed one too" grep -q "opportunities/done-work.yml" "$cache"
check warm pr
ok "warm: the same report" cmp "$SCRATCH/ref" "$SCRATCH/warm"
MARCHE_TIMINGS=1 "$MARCHE_BIN" check --repo "$site" --base main --head pr \
    --now $JAN 2> "$SCRATCH/timings" > /dev/null
ok "warm: the cache is read" grep -q "timing: facts cache: read" "$SCRATCH/timings"

# A forged entry, with a sound checksum, moving the closed one's page:
# the link to it breaks, so its file was not read.
cp "$cache" "$SCRATCH/cache.good"
# forge FROM TO: replace the bytes FROM by TO (as long) in the cache's
# entries, and make its checksum again.
forge() {
	python3 - "$cache" "$1" "$2" <<'EOT'
import hashlib, struct, sys
p, old, new = sys.argv[1], sys.argv[2].encode(), sys.argv[3].encode()
assert len(old) == len(new)
d = open(p, 'rb').read()
flen = struct.unpack_from('<I', d, 20)[0]
head = 24 + flen
n = struct.unpack_from('<Q', d, head)[0]
payload = d[head + 28:]
assert len(payload) == n and old in payload
payload = payload.replace(old, new)
sha = hashlib.sha1(b'blob %d\0' % len(payload) + payload).digest()
open(p, 'wb').write(d[:head] + struct.pack('<Q', len(payload)) + sha +
    payload)
EOT
}
forge old-report.html old-rep0rt.html
ok "forged: still a sound cache" valid
check forged pr
ok "forged: the report differs" sh -c '! cmp -s "$1" "$2"' sh "$SCRATCH/ref" "$SCRATCH/forged"
ok "forged: the link to the closed one's page breaks" grep -q "old-report.html" "$SCRATCH/forged"
ok "forged: the check fails" sh -c '! grep -q "^exit 0$" "$1"' sh "$SCRATCH/forged"
check forged-nc pr --no-cache
ok "forged: --no-cache does not read it" cmp "$SCRATCH/ref" "$SCRATCH/forged-nc"
check forged-full pr --full
ok "forged: --full reads every file" grep -q "^exit 0$" "$SCRATCH/forged-full"

# A forged address no output could have: the whole cache is ignored.
cp "$SCRATCH/cache.good" "$cache"
forge old-report.html ../-report.html
check unsafe pr
ok "unsafe: the same report" cmp "$SCRATCH/ref" "$SCRATCH/unsafe"
ok "unsafe: written again" valid
ok "unsafe: without it" sh -c '! grep -q "[.][.]/-report" "$1"' sh "$cache"

# Damaged: ignored, and replaced by a sound cache.
size=$(wc -c < "$SCRATCH/cache.good")
cp "$SCRATCH/cache.good" "$cache"
printf '\377' | dd of="$cache" bs=1 seek=$((size - 40)) conv=notrunc 2>/dev/null
cp "$cache" "$SCRATCH/cache.bad"
check flipped pr
ok "flipped: the same report" cmp "$SCRATCH/ref" "$SCRATCH/flipped"
ok "flipped: written again" sh -c '! cmp -s "$1" "$2"' sh "$cache" "$SCRATCH/cache.bad"
ok "flipped: a sound cache" valid

# A slug collision with an unchanged opportunity the cache knows: its
# file is read after all, and the error quotes it.
check clash-ref clash --no-cache
check clash-cold clash
check clash-warm clash
ok "clash: the collision is reported" grep -q "old-report.yml:.*error: the French slug 'ancien-rapport' is already used by opportunities/a-clash.yml" "$SCRATCH/clash-ref"
ok "clash: cold, the same report" cmp "$SCRATCH/clash-ref" "$SCRATCH/clash-cold"
ok "clash: warm, the same report" cmp "$SCRATCH/clash-ref" "$SCRATCH/clash-warm"

finish
