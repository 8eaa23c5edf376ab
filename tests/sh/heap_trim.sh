# The heap is trimmed after the history walk and after dating: what each
# freed (the walk's trees and changes, the old versions parsed) is given
# back to the system then, not held, resident, through the render. The
# memory resident after each stage (MARCHE_TIMINGS) is then well below
# the peak that stage reached; untrimmed, it stays at that peak.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
# 300 opportunities of some 20 kB each, then 1,500 commits each amending
# one of them (fast-import writes them at once): a walk of some size,
# and some 1,800 old versions for dating to read.
LC_ALL=C awk 'BEGIN { for (i = 0; i < 400; i++)
	printf "    Line %d of the background, with words to read.\n", i }' \
    > "$SCRATCH/long"
sed -i "/The data set has \*\*duplicates\*\*./r $SCRATCH/long" "$opp"
i=0
while [ $i -lt 300 ]; do
	sed -e "s/nettoyage-donnees/nettoyage-$i/" "$opp" \
	    > "$site/opportunities/bulk-$i.yml"
	i=$((i + 1))
done
g add -A && g commit -qm "Many opportunities" && g branch -M main
LC_ALL=C awk -v t=1768478400 '{ text = text $0 "\n" }
END {
	for (c = 1; c <= 1500; c++) {
		k = c % 300
		body = text
		sub(/value: 4500/, "value: " (4500 + c), body)
		sub(/nettoyage-donnees/, "nettoyage-" k, body)
		printf "commit refs/heads/main\n"
		printf "committer Test <test@example.ca> %d +0000\n", t + c
		printf "data <<EOM\nAmend %d\nEOM\n", k
		if (c == 1)
			printf "from refs/heads/main^0\n"
		printf "M 100644 inline opportunities/bulk-%d.yml\n", k
		printf "data %d\n%s\n", length(body), body
	}
}' "$opp" > "$SCRATCH/stream"
g fast-import --quiet --force < "$SCRATCH/stream" && g reset -q --hard main

# resident STAGE FILE, peak STAGE FILE: the MiB resident after STAGE, and
# at the peak so far, as MARCHE_TIMINGS says them.
resident() {
	sed -n "s/^marche: timing: $1  *[0-9.]* s wall, *[0-9.]* s cpu, *\([0-9]*\)\.[0-9] MiB resident.*/\1/p" "$2"
}
peak() {
	sed -n "s/^marche: timing: $1  .* \([0-9]*\)\.[0-9] MiB peak$/\1/p" "$2"
}
# trimmed STAGE FILE: after STAGE, at least 8 MiB less resident than the
# peak.
trimmed() {
	r=$(resident "$1" "$2") p=$(peak "$1" "$2")
	[ -n "$r" ] && [ -n "$p" ] && [ $((r + 8)) -le "$p" ]
}
# measured: where Linux tells the memory resident, and without the
# sanitizers, which hold what is freed.
measured() { grep -q "MiB resident" "$1" && ! grep -qa __asan_init "$MARCHE_BIN"; }

MARCHE_TIMINGS=1 "$MARCHE_BIN" check --repo "$site" \
    --now 2026-01-20T12:00:00Z --no-cache > "$SCRATCH/out" 2> "$SCRATCH/err"
ok "check: dated" grep -q "^marche: timing: history, dates" "$SCRATCH/err"
if measured "$SCRATCH/err"; then
	ok "check: the walk's memory is given back" trimmed history \
	    "$SCRATCH/err"
	ok "check: dating's memory is given back" trimmed "history, dates" \
	    "$SCRATCH/err"
fi
grep "^marche: timing: " "$SCRATCH/err" >&2; finish
