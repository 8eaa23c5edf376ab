# Pages rendered by several threads give the same bytes as one thread,
# and the same report in the same order: the bundled site and a
# generated one, clean and with problems found while rendering and by
# the link check.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

now=2026-12-01T12:00:00-05:00

# same_builds TAG REPO: build with 1 and 4 threads, compare the trees
# and what build and check print.
same_builds() {
	tag=$1 repo=$2
	for j in 1 4; do
		"$MARCHE_BIN" build --repo "$repo" --now "$now" --jobs $j \
		    --out "$SCRATCH/$tag-$j" > "$SCRATCH/$tag-build-$j.log" 2>&1
		echo "exit $?" >> "$SCRATCH/$tag-build-$j.log"
		"$MARCHE_BIN" check --repo "$repo" --now "$now" --jobs $j \
		    > "$SCRATCH/$tag-check-$j.log" 2>&1
		echo "exit $?" >> "$SCRATCH/$tag-check-$j.log"
	done
	# The output folder's name is in build's summary line.
	sed -i "s|$SCRATCH/$tag-[14]|OUT|" "$SCRATCH/$tag-build-1.log" \
	    "$SCRATCH/$tag-build-4.log"
	ok "$tag: build prints the same with 1 and 4 threads" \
	    cmp "$SCRATCH/$tag-build-1.log" "$SCRATCH/$tag-build-4.log"
	ok "$tag: check prints the same with 1 and 4 threads" \
	    cmp "$SCRATCH/$tag-check-1.log" "$SCRATCH/$tag-check-4.log"
	if [ -d "$SCRATCH/$tag-1" ]; then
		ok "$tag: the same files and bytes with 1 and 4 threads" \
		    diff -r "$SCRATCH/$tag-1" "$SCRATCH/$tag-4"
	else
		ok "$tag: nothing written with 1 thread, nor with 4" \
		    test ! -e "$SCRATCH/$tag-4"
	fi
}

# The bundled site.
site=$SCRATCH/bundled
copy_bundled "$site"
git init -q "$site"
link_npm "$site"
# After the 'posted' dates of its imported opportunities.
git -C "$site" add -A && GIT_AUTHOR_DATE=2026-11-01T12:00:00Z \
    GIT_COMMITTER_DATE=2026-11-01T12:00:00Z \
    git -C "$site" commit -qm "Bundled site"
same_builds bundled "$site"
ok "bundled: pages were written" test -f "$SCRATCH/bundled-4/en/index.html"

# A generated site with its history.
python3 "$MARCHE_SOURCE_DIR/bench/gensite.py" 60 "$SCRATCH/gen" > /dev/null
ok "the generator runs" test $? -eq 0
same_builds gen "$SCRATCH/gen"
# A committed revision: its files are read from Git on several threads,
# and give the same site as the working tree (the same commit).
for j in 1 4; do
	"$MARCHE_BIN" build -q --repo "$SCRATCH/gen" --rev HEAD --now "$now" \
	    --jobs $j --out "$SCRATCH/gen-rev-$j" > "$SCRATCH/gen-rev-$j.log" 2>&1
	ok "gen --rev HEAD, $j threads: builds" test $? -eq 0
done
ok "gen --rev HEAD: the same files and bytes with 1 and 4 threads" \
    diff -r "$SCRATCH/gen-rev-1" "$SCRATCH/gen-rev-4"
ok "gen --rev HEAD: the same site as its working tree" \
    diff -r "$SCRATCH/gen-rev-4" "$SCRATCH/gen-4"
ok "gen: built" grep -q "^exit 0" "$SCRATCH/gen-build-4.log"
ok "gen: over a hundred pages" \
    test "$(find "$SCRATCH/gen-4" -name '*.html' | wc -l)" -gt 100
# Old versions are read on several threads too: amendments, which come
# from comparing them, are among what must not change.
ok "gen: amendments from history are shown" \
    grep -rq 'class="amendment-list"' "$SCRATCH/gen-4"

# Links to nowhere on many pages: reported by the link check, in order.
# One in a layout is reported on each page's source, and both languages
# of an opportunity come from one file: their order there is the order
# the pages were noted in.
cp -R "$SCRATCH/gen" "$SCRATCH/links"
printf '<a href="nowhere.html">x</a>\n' >> "$SCRATCH/links/_layouts/opportunity.html"
for f in "$SCRATCH"/links/opportunities/*.yml; do
	n=$(basename "$f" .yml)
	sed -i "/^  description: |\$/a\\    See [the page](../nowhere-$n.html) first." "$f"
done
same_builds links "$SCRATCH/links"
ok "links: the broken links are reported" \
    test "$(grep -c 'leads to a page the site does not have' \
    "$SCRATCH/links-check-4.log")" -gt 20

# Problems found while rendering the pages, on many pages.
cp -R "$SCRATCH/gen" "$SCRATCH/render"
for f in "$SCRATCH"/render/opportunities/*.yml; do
	sed -i '/^  description: |$/a\    Apply {:target="_blank"} now.' "$f"
done
same_builds render "$SCRATCH/render"
ok "render: the problems are reported" \
    test "$(grep -c 'Kramdown attribute list' \
    "$SCRATCH/render-check-4.log")" -gt 20

# Problems found while reading the opportunities, in every file.
cp -R "$SCRATCH/gen" "$SCRATCH/parse"
for f in "$SCRATCH"/parse/opportunities/*.yml; do
	printf 'colour: blue\n' >> "$f"
done
same_builds parse "$SCRATCH/parse"
ok "parse: the problems are reported" \
    test "$(grep -c "colour" "$SCRATCH/parse-check-4.log")" -gt 20

# Pages whose files would lie inside one another's: written in order,
# so the one that fails is the one a single thread fails on.
cp -R "$site" "$SCRATCH/clash"
for n in 1 2 3; do
	for l in en fr; do
		case $n in
		1) link=/$l/clash.html ;;
		2) link=/$l/clash.html/ ;;
		3) link=/$l/clash.html/deep/ ;;
		esac
		printf -- '---\nlayout: page\nref: clash-%s\nlang: %s\npermalink: %s\ntitle: Clash %s\n---\n\nText.\n' \
		    $n $l $link $n > "$SCRATCH/clash/site/$l/clash-$n.md"
	done
done
git -C "$SCRATCH/clash" add -A
GIT_AUTHOR_DATE=2026-11-01T12:00:00Z GIT_COMMITTER_DATE=2026-11-01T12:00:00Z \
    git -C "$SCRATCH/clash" commit -qm "Clashing pages"
same_builds clash "$SCRATCH/clash"
ok "clash: the clash is reported" \
    grep -q "clash.html/index.html': Not a directory" "$SCRATCH/clash-build-4.log"

# --jobs takes a number of threads.
for bad in 0 -1 x 2x 257 ''; do
	"$MARCHE_BIN" build --repo "$site" --jobs "$bad" --out "$SCRATCH/bad" \
	    > /dev/null 2> "$SCRATCH/bad.log"
	ok "--jobs '$bad' is a usage error" test $? -eq 2
	ok "--jobs '$bad' is said" grep -q -- "--jobs" "$SCRATCH/bad.log"
done
"$MARCHE_BIN" check --repo "$site" --now "$now" -j 2 > /dev/null 2>&1
ok "check takes -j" test $? -ne 2

finish
