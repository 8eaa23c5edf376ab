# What reading the opportunities holds: once a file is read and checked,
# its text and its value tree are let go (what rendering needs is kept,
# packed), in a check of the working tree and in a pull request's check
# for the files it leaves unchanged. The memory resident after reading
# them is then below what holding their texts took; the problems found
# after reading (a slug taken, a selection date passed) are still placed
# at their line and column, from the file read again.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
# 300 opportunities of some 80 kB each: 24 MB of text.
awk 'BEGIN { for (i = 0; i < 1600; i++)
	printf "    Line %d of the background, with words to read.\n", i }' \
    > "$SCRATCH/long"
i=0
while [ $i -lt 300 ]; do
	sed -e "s/nettoyage-donnees/nettoyage-$i/" \
	    -e "/The data set has \*\*duplicates\*\*./r $SCRATCH/long" \
	    "$opp" > "$site/opportunities/bulk-$i.yml"
	i=$((i + 1))
done
# bulk-1 takes bulk-0's French slug; bulk-2's selection date passes.
sed -i 's/nettoyage-1$/nettoyage-0/' "$site/opportunities/bulk-1.yml"
sed -i 's/^selection: .*/selection: 2026-02-21/' "$site/opportunities/bulk-2.yml"
g add -A && g commit -qm "Many opportunities" && g branch -M main
g checkout -q -b pr main
sed -i 's/^value: .*/value: 4600/' "$opp"
g add -A && g commit -qm "Amend" && g checkout -q main

# resident STAGE FILE: the MiB resident after STAGE, as MARCHE_TIMINGS
# says it.
resident() {
	sed -n "s/^marche: timing: $1  *[0-9.]* s wall, *[0-9.]* s cpu, *\([0-9]*\)\.[0-9] MiB resident.*/\1/p" "$2"
}
# lighter FILE: after reading the opportunities, at least 12 MiB less is
# resident than when their texts were all read.
lighter() {
	r=$(resident "read sources" "$1") o=$(resident opportunities "$1")
	[ -n "$r" ] && [ -n "$o" ] && [ $((o + 12)) -le "$r" ]
}

# measured: where Linux tells the memory resident, and without the
# sanitizers, which hold what is freed.
measured() { grep -q "MiB resident" "$1" && ! grep -qa __asan_init "$MARCHE_BIN"; }

NOW=2026-02-23T12:00:00Z
MARCHE_TIMINGS=1 "$MARCHE_BIN" check --repo "$site" --now $NOW \
    > "$SCRATCH/out" 2> "$SCRATCH/err"
if measured "$SCRATCH/err"; then
	ok "check: the texts and trees read are let go" lighter "$SCRATCH/err"
fi
line=$(grep -n "^  slug: nettoyage-0$" "$site/opportunities/bulk-1.yml" | cut -d: -f1)
ok "the slug taken is placed" grep -q "^opportunities/bulk-1.yml:$line:9: error: the French slug 'nettoyage-0' is already used by opportunities/bulk-0.yml" "$SCRATCH/err"
ok "the date passed is placed" grep -q "^opportunities/bulk-2.yml:4:12: warning: the selection date (February 21, 2026) has passed" "$SCRATCH/err"

MARCHE_TIMINGS=1 "$MARCHE_BIN" check --repo "$site" --base main --head pr \
    --now $NOW --no-cache > "$SCRATCH/out" 2> "$SCRATCH/err"
if measured "$SCRATCH/err"; then
	ok "pull request: the unchanged files are let go" lighter "$SCRATCH/err"
fi
ok "pull request: its change is compared" grep -q "^opportunities/data-cleanup.yml:1:8: error: 'value' cannot change" "$SCRATCH/err"
cat "$SCRATCH/err" >&2; finish
