# The link cache (<git dir>/marche/links.cache): a check reports the same
# bytes with no cache, a cold one and a warm one, on the bundled site and
# on sites with broken links; a warm check that changes nothing renders
# no cached page (the file is not rewritten); a link broken by editing
# one opportunity, one whose target was deleted (on a page that did not
# change) and one a layout change adds are found warm; a build fills the
# cache a check then uses; --no-cache neither reads nor writes it; a
# damaged or forged file is ignored and written anew.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/cache_tests.sh"

now=2026-01-15T12:00:00Z
cache_magic='MARCHE-LINKS\n\0\0\0001\0\0\0'

# twice NAME DIR: DIR's check (text and JSON) without a cache, cold and
# warm, in $SCRATCH/NAME.{ref,cold,warm}{,.json}; the warm run's cache
# file is compared with the cold run's.
twice() {
	tw=$1 dir=$2
	c=$dir/.git/marche/links.cache
	rm -f "$c"
	for run in ref cold warm; do
		opt=
		[ $run = ref ] && opt=--no-cache
		[ $run = warm ] && ls -i "$c" > "$SCRATCH/$tw.inode" 2>&1
		"$MARCHE_BIN" check $opt --repo "$dir" --now $now \
		    > "$SCRATCH/$tw.$run" 2>&1
		echo "exit $?" >> "$SCRATCH/$tw.$run"
		"$MARCHE_BIN" check $opt --repo "$dir" --now $now --format json \
		    > "$SCRATCH/$tw.$run.json" 2>&1
		[ $run = ref ] && ok "$tw: --no-cache writes no link cache" test ! -e "$c"
	done
	ok "$tw: the cold check as without a cache" cmp "$SCRATCH/$tw.ref" "$SCRATCH/$tw.cold"
	ok "$tw: the warm check as without a cache" cmp "$SCRATCH/$tw.ref" "$SCRATCH/$tw.warm"
	ok "$tw: warm --format json as without a cache" cmp "$SCRATCH/$tw.ref.json" "$SCRATCH/$tw.warm.json"
	ok "$tw: cold --format json as without a cache" cmp "$SCRATCH/$tw.ref.json" "$SCRATCH/$tw.cold.json"
	ok "$tw: the cache is written" test -s "$c"
	# Any page not taken from the cache would be put in it, and the
	# file written anew (another inode).
	ok "$tw: the warm checks took every page from the cache" test "$(ls -i "$c")" = "$(cat "$SCRATCH/$tw.inode")"
}

# The bundled site.
now=2026-12-01T12:00:00-05:00	# when the bundled site passes
copy_bundled "$SCRATCH/bundled"
git init -q "$SCRATCH/bundled"
git -C "$SCRATCH/bundled" add -A
GIT_AUTHOR_DATE=2026-11-20T15:00:00Z GIT_COMMITTER_DATE=2026-11-20T15:00:00Z \
    git -C "$SCRATCH/bundled" commit -qm "The bundled site"
twice bundled "$SCRATCH/bundled"
ok "bundled: the check passes" grep -q '^exit 0$' "$SCRATCH/bundled.warm"
now=2026-01-15T12:00:00Z

# Sites with broken links, in pages of site/ and in an opportunity.
for fx in broken-link broken-link-opportunity link-outside-shape \
    eligibility-default-raw-html; do
	make_site "$SCRATCH/$fx" "$TESTS/check/$fx"
	git -C "$SCRATCH/$fx" add -A
	git -C "$SCRATCH/$fx" commit -qm "The case"
	twice "$fx" "$SCRATCH/$fx"
	ok "$fx: the check fails as the fixture says" grep -q "^exit $(cat "$TESTS/check/$fx/status")$" "$SCRATCH/$fx.warm"
done
ok "broken-link-opportunity: the broken link is reported" grep -q "error: the link '../../fr/regles.html' on en/opportunities/" "$SCRATCH/broken-link-opportunity.warm"

# A site of two opportunities, one linking to the other.
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
cache=$site/.git/marche/links.cache
sed -e 's/Clean up an open data set/Export an open data set/' \
    -e 's/nettoyage-donnees/export-donnees/' \
    -e 's/Nettoyer un jeu/Exporter un jeu/' \
    -e 's/^    The data set has \*\*duplicates\*\*./    See [the clean-up](data-cleanup.html)./' \
    "$site/opportunities/data-cleanup.yml" > "$site/opportunities/data-export.yml"
g add -A && g commit -qm "Two opportunities" && g branch -M main
twice two "$site"
ok "two: the check passes" grep -q '^exit 0$' "$SCRATCH/two.warm"

# check_now NAME: a warm check (the cache as the last run left it) and
# one without a cache, which must say the same, in text and JSON.
check_now() {
	"$MARCHE_BIN" check --repo "$site" --now $now > "$SCRATCH/$1.warm" 2>&1
	echo "exit $?" >> "$SCRATCH/$1.warm"
	"$MARCHE_BIN" check --no-cache --repo "$site" --now $now > "$SCRATCH/$1.ref" 2>&1
	echo "exit $?" >> "$SCRATCH/$1.ref"
	ok "$1: warm as without a cache" cmp "$SCRATCH/$1.ref" "$SCRATCH/$1.warm"
	"$MARCHE_BIN" check --format json --repo "$site" --now $now > "$SCRATCH/$1.wjson" 2>&1
	"$MARCHE_BIN" check --format json --no-cache --repo "$site" --now $now > "$SCRATCH/$1.rjson" 2>&1
	ok "$1: warm --format json as without a cache" cmp "$SCRATCH/$1.rjson" "$SCRATCH/$1.wjson"
}

# One opportunity edited: its new broken link is found.
cp "$site/opportunities/data-export.yml" "$SCRATCH/data-export.yml"
sed -i 's/^    See \[the clean-up\]/    See [the guide](guide.html) and [the clean-up]/' "$site/opportunities/data-export.yml"
check_now edited
ok "edited: the new broken link is found" grep -q "opportunities/data-export.yml:[0-9]*:[0-9]*: error: the link 'guide.html' on en/opportunities/data-export.html leads to a page the site does not have" "$SCRATCH/edited.warm"
cp "$SCRATCH/data-export.yml" "$site/opportunities/data-export.yml"
check_now restored
ok "restored: the check passes again" grep -q '^exit 0$' "$SCRATCH/restored.warm"

# The target deleted: the page linking to it did not change, its links
# come from the cache, and the link check still finds it broken.
mv "$site/opportunities/data-cleanup.yml" "$SCRATCH/data-cleanup.yml"
check_now deleted
ok "deleted: the link to the deleted page is found" grep -q "opportunities/data-export.yml:[0-9]*:[0-9]*: error: the link 'data-cleanup.html' on en/opportunities/data-export.html leads to a page the site does not have" "$SCRATCH/deleted.warm"
mv "$SCRATCH/data-cleanup.yml" "$site/opportunities/data-cleanup.yml"
check_now back

# Time passes: the days left change, then the opportunities close.
for when in 2026-01-16T12:00:00Z 2026-02-21T12:00:00Z; do
	now=$when
	check_now "now-$when"
	check_now "now-$when-again"
done
now=2026-01-15T12:00:00Z
check_now back-in-time
ls -i "$cache" > "$SCRATCH/inode.back"

# A layout change: every page it makes is rendered again.
cp "$site/_layouts/opportunity.html" "$SCRATCH/opportunity.html"
printf '<a href="nowhere.html">x</a>\n' >> "$site/_layouts/opportunity.html"
check_now layout
ok "layout: the layout's broken link is found on every opportunity" test "$(grep -c "error: the link 'nowhere.html' on en/opportunities/" "$SCRATCH/layout.warm")" = 2
ok "layout: the cache is written anew" test "$(ls -i "$cache")" != "$(cat "$SCRATCH/inode.back")"
cp "$SCRATCH/opportunity.html" "$site/_layouts/opportunity.html"
check_now layout-back

# A build fills the cache a check then takes every page from.
rm -f "$cache"
"$MARCHE_BIN" build --repo "$site" --out "$SCRATCH/out" --now $now > /dev/null 2>&1
ok "a build writes the cache" test -s "$cache"
ls -i "$cache" > "$SCRATCH/inode.build"
check_now after-build
ok "after-build: the check took every page from the build's cache" test "$(ls -i "$cache")" = "$(cat "$SCRATCH/inode.build")"
ok "--no-cache left it alone" test "$(ls -i "$cache")" = "$(cat "$SCRATCH/inode.build")"

# Damaged and forged files: ignored, the same reports, a good file again.
ref=ref
run ref --no-cache
run good
same good ref
cp "$cache" "$SCRATCH/cache.2"
ok "the cache is one marche wrote" valid
damage_file
# Valid checksums over payloads that lie: counts past the end, an index
# past the strings, a line past INT_MAX, an entry twice, bytes left over.
hostile count 'payload[0:4] = b"\xff\xff\xff\x7f"'
hostile entries 'import struct; n = struct.unpack_from("<I", payload, 0)[0]; at = 4
for i in range(n): at += 4 + struct.unpack_from("<I", payload, at)[0]
payload[at:at + 4] = b"\xff\xff\xff\x00"'
hostile index 'import struct; n = struct.unpack_from("<I", payload, 0)[0]; at = 4
for i in range(n): at += 4 + struct.unpack_from("<I", payload, at)[0]
at += 4 + 20 + 4 + 4
payload[at:at + 4] = struct.pack("<I", n)'
hostile line 'import struct; n = struct.unpack_from("<I", payload, 0)[0]; at = 4
for i in range(n): at += 4 + struct.unpack_from("<I", payload, at)[0]
at += 4 + 20 + 4 + 4 + 4
payload[at:at + 4] = b"\x00\x00\x00\x80"'
hostile twice 'import struct; n = struct.unpack_from("<I", payload, 0)[0]; at = 4
for i in range(n): at += 4 + struct.unpack_from("<I", payload, at)[0]
m = struct.unpack_from("<I", payload, at)[0]; e = at + 4
k = struct.unpack_from("<I", payload, e + 24)[0]
one = payload[e:e + 28 + 16 * k]
payload[at:at + 4] = struct.pack("<I", m + 1); payload += one'
hostile trailing 'payload += b"\0"'

finish
