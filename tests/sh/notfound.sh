# 404.html is served for any missing address, at any depth: it links from
# the site's root path, which follows the base URL.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
printf '<link href="{{site_root}}assets/site.css">{{#languages}}<a href="{{site_root}}{{href}}">{{strings.skip}}</a>{{/languages}}\n' \
    > "$site/_layouts/404.html"
export SOURCE_DATE_EPOCH=1768478400
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/a"
ok "built" test $? -eq 0
ok "at the root: root-relative links" grep -qx '<link href="/assets/site.css"><a href="/en/index.html">Skip to main content</a><a href="/fr/index.html">Passer au contenu principal</a>' "$SCRATCH/a/404.html"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/b" --base-url https://example.github.io/marche/
ok "under a base path: links include it" grep -q '^<link href="/marche/assets/site.css"><a href="/marche/en/index.html">' "$SCRATCH/b/404.html"
rm "$site/_layouts/404.html"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/c"
ok "no 404 layout, no 404 page" test ! -e "$SCRATCH/c/404.html"
finish
