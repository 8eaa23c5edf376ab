# Atom feeds: well-formed, valid against the RFC 4287 schema (written in
# tests/schemas/atom.rnc, converted with trang), and checked entry by
# entry: stable ids, links, dates, xml:lang.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/schemas/emit-sites.sh"

emit_build_sites
trang -I rnc -O rng "$SCHEMAS/atom.rnc" "$SCRATCH/atom.rng"
ok "trang converts the Atom schema" test $? -eq 0
for out in bundled fixture; do
	for lang in en fr; do
		f=$SCRATCH/$out.out/$lang/feed.xml
		ok "$out $lang feed is well-formed" xmllint --noout "$f"
		ok "$out $lang feed is valid Atom" \
		    xmllint --noout --relaxng "$SCRATCH/atom.rng" "$f"
	done
done 2>"$SCRATCH/xmllint.err" || cat "$SCRATCH/xmllint.err"

# What the schema cannot say.
check_feed() {
	$PY - "$@" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
A = '{http://www.w3.org/2005/Atom}'
XL = '{http://www.w3.org/XML/1998/namespace}lang'
path, lang, host, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
root = ET.parse(path).getroot()
assert root.get(XL) == lang, root.get(XL)
assert root.find(A + 'author/' + A + 'name').text
self_ = [l for l in root.findall(A + 'link') if l.get('rel') == 'self']
assert self_[0].get('href') == 'https://%s/%s/feed.xml' % (host, lang)
entries = root.findall(A + 'entry')
assert len(entries) == count, len(entries)
ids = [e.find(A + 'id').text for e in entries]
assert len(set(ids)) == len(ids)
ups = [e.find(A + 'updated').text for e in entries]
assert root.find(A + 'updated').text == max(ups)
assert ups == sorted(ups, reverse=True)
for e, i in zip(entries, ids):
    assert i.startswith('tag:%s,2026:opportunity:' % host), i
    assert i.endswith(':' + lang), i
    alts = [l for l in e.findall(A + 'link') if l.get('rel') == 'alternate']
    langs = sorted(l.get('hreflang') for l in alts)
    assert langs == ['en', 'fr'], langs
    for l in alts:
        assert l.get('href').startswith('https://%s/%s/' %
            (host, l.get('hreflang'))), l.get('href')
    assert e.find(A + 'title').text and e.find(A + 'summary').text
print('\n'.join(ids))
PYEOF
}
n=$(ls "$MARCHE_SOURCE_DIR"/opportunities/*.yml | wc -l)
for lang in en fr; do
	ok "bundled $lang feed entries" check_feed \
	    "$SCRATCH/bundled.out/$lang/feed.xml" $lang \
	    microacquisitions.example.gc.ca "$n" >"$SCRATCH/ids.$lang"
	ok "fixture $lang feed entries" check_feed \
	    "$SCRATCH/fixture.out/$lang/feed.xml" $lang test.example.ca 2 \
	    >"$SCRATCH/fixture-ids.$lang"
done
ok "escaped title survives the round trip" grep -q \
    'Parse &quot;quoted&quot;, comma; semi\\back &amp; &lt;angle&gt; data' \
    "$SCRATCH/fixture.out/en/feed.xml"
ok "updated is the latest past instant (answer to the question)" grep -q \
    '<updated>2026-01-13T14:00:00Z</updated>' \
    "$SCRATCH/fixture.out/en/feed.xml"

# Entry ids do not depend on titles or slugs.
sed -i 's/^  title: .Parse.*/  title: Renamed/; s/^  slug: donnees-citees/  slug: renomme/' \
    "$SCRATCH/fixture/opportunities/tricky-chars.yml"
"$MARCHE_BIN" build -q --repo "$SCRATCH/fixture" --out "$SCRATCH/renamed" \
    --now 2026-01-15T12:00:00Z
ok "renamed fixture builds" test $? -eq 0
ok "the title changed" grep -q '<title type="text">Renamed</title>' \
    "$SCRATCH/renamed/en/feed.xml"
for lang in en fr; do
	check_feed "$SCRATCH/renamed/$lang/feed.xml" $lang test.example.ca 2 \
	    >"$SCRATCH/renamed-ids.$lang"
	ok "$lang entry ids survive renaming" \
	    cmp "$SCRATCH/fixture-ids.$lang" "$SCRATCH/renamed-ids.$lang"
done
finish
