# sitemap.xml: valid against the sitemaps.org schema (written in
# tests/schemas/sitemap.xsd), one <url> per HTML page with hreflang
# alternates for both languages and x-default; robots.txt names it.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/schemas/emit-sites.sh"

emit_build_sites
for out in bundled fixture; do
	f=$SCRATCH/$out.out/sitemap.xml
	ok "$out sitemap is well-formed" xmllint --noout "$f"
	ok "$out sitemap is valid" \
	    xmllint --noout --schema "$SCHEMAS/sitemap.xsd" "$f"
done 2>"$SCRATCH/xmllint.err" || cat "$SCRATCH/xmllint.err"

check_sitemap() {
	$PY - "$@" <<'PYEOF'
import os, sys, xml.etree.ElementTree as ET
S = '{http://www.sitemaps.org/schemas/sitemap/0.9}'
X = '{http://www.w3.org/1999/xhtml}'
out, base = sys.argv[1], sys.argv[2]
pages = set()
for d, _, files in os.walk(out):
    for f in files:
        rel = os.path.relpath(os.path.join(d, f), out)
        if f.endswith('.html') and rel not in ('index.html', '404.html'):
            pages.add('/' + rel)
urls = ET.parse(os.path.join(out, 'sitemap.xml')).getroot().findall(S + 'url')
locs = set()
for u in urls:
    loc = u.find(S + 'loc').text
    assert loc.startswith(base + '/'), loc
    path = loc[len(base):]
    locs.add(path + 'index.html' if path.endswith('/') else path)
    alts = {l.get('hreflang'): l.get('href') for l in u.findall(X + 'link')}
    assert sorted(alts) == ['en', 'fr', 'x-default'], alts
    assert loc in alts.values(), loc
    assert alts['x-default'] == alts['en']
    for k in ('en', 'fr'):
        assert alts[k].startswith(base + '/' + k + '/'), alts[k]
assert locs == pages, (sorted(locs ^ pages))
PYEOF
}
ok "bundled sitemap lists every page" check_sitemap "$SCRATCH/bundled.out" \
    https://microacquisitions.example.gc.ca
ok "fixture sitemap lists every page" check_sitemap "$SCRATCH/fixture.out" \
    https://test.example.ca
printf 'User-agent: *\nDisallow:\n\nSitemap: https://test.example.ca/sitemap.xml\n' \
    >"$SCRATCH/robots.want"
ok "robots.txt allows all and names the sitemap" \
    cmp "$SCRATCH/robots.want" "$SCRATCH/fixture.out/robots.txt"
ok "bundled robots.txt" grep -qx \
    'Sitemap: https://microacquisitions.example.gc.ca/sitemap.xml' \
    "$SCRATCH/bundled.out/robots.txt"
finish
