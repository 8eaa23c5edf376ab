# Once Git has been read (history, dating, the default branch), the
# windows of its packs that reading mapped are given back before the
# pages are rendered: a check of a long history otherwise holds them,
# resident, to its end. The part of the memory resident that maps files
# (MARCHE_TIMINGS) is then lower after the rules than after dating, which
# read the old versions of every opportunity from a pack.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=$site/opportunities/data-cleanup.yml
# 300 opportunities of some 60 kB of text that packs poorly, each changed
# once: dating reads every old version from the pack.
i=0
while [ $i -lt 300 ]; do
	awk -v seed=$i 'BEGIN { srand(seed); for (n = 0; n < 800; n++) {
		printf "    Line";
		for (w = 0; w < 8; w++) printf " %x", int(rand() * 2^31);
		printf ".\n" } }' > "$SCRATCH/long"
	sed -e "s/nettoyage-donnees/nettoyage-$i/" \
	    -e "/The data set has \*\*duplicates\*\*./r $SCRATCH/long" \
	    "$opp" > "$site/opportunities/bulk-$i.yml"
	i=$((i + 1))
done
g add -A && g commit -qm "Many opportunities" && g branch -M main
sed -i 's/^value: .*/value: 4600/' "$site"/opportunities/bulk-*.yml
g add -A && g commit -qm "New values"
# Whole versions, not changes to one another: each read maps its own.
g -c pack.window=0 repack -adq

# files STAGE FILE: the MiB resident that maps files after STAGE.
files() {
	sed -n "s/^marche: timing: $1  *[0-9.]* s wall.*resident (\([0-9]*\)\.[0-9] MiB of files).*/\1/p" "$2"
}
# released FILE: at least 4 MiB of files fewer after the rules than
# after dating.
released() {
	d=$(files "history, dates" "$1") r=$(files "rules, changes" "$1")
	[ -n "$d" ] && [ -n "$r" ] && [ $((r + 4)) -le "$d" ]
}

NOW=2026-02-23T12:00:00Z
MARCHE_TIMINGS=1 "$MARCHE_BIN" check --repo "$site" --now $NOW \
    --no-cache > "$SCRATCH/out" 2> "$SCRATCH/err"
ok "check: dated" grep -q "^marche: timing: history, dates" "$SCRATCH/err"
if grep -q "MiB of files" "$SCRATCH/err"; then
	ok "check: the packs read are given back" released "$SCRATCH/err"
fi
cat "$SCRATCH/err" >&2; finish
