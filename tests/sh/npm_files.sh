# _data/site.yml 'npm_files': files copied from node_modules/ into the
# site, or given to layouts as npm.NAME; a missing install names `npm ci`;
# nothing is read from outside node_modules/; check needs no install;
# svg_style puts a <style> in an SVG file's copy, right after its root tag.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
export SOURCE_DATE_EPOCH=1768478400

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
cat >> "$site/_data/site.yml" <<'EOF'
npm_files:
  - from: "@gcds-core/tokens/build/web/css/global.css"
    to: assets/gcds/tokens.css
  - from: "@gcds-core/tokens/LICENSE"
    to: assets/gcds/LICENSE-tokens.txt
  - from: "@gcds-core/components/sig-en.svg"
    as: signature_en
  - from: "@gcds-core/components/sig-fr.svg"
    as: signature_fr
  - from: "@gcds-core/components/wm.svg"
    to: assets/gcds/wordmark.svg
    svg_style: ".fip_flag{fill:#eb2d37}.fip_text{fill:#000}"
    as: mark
EOF
style_line=$(grep -n 'svg_style' "$site/_data/site.yml" | cut -d: -f1)
# The signature in the language of the page, and both names as they are.
sed -i 's|<body>|<body><div class="sig">{{{npm.signature}}}</div><div class="both">{{{npm.signature_en}}}{{{npm.signature_fr}}}</div>|' \
    "$site/_layouts/default.html"
grep -q '{{{npm.signature}}}' "$site/_layouts/default.html" || fail "the test layout has no <body>"
printf '<link href="{{site_root}}assets/gcds/tokens.css">{{{npm.signature_en}}}<p>{{{npm.mark}}}</p>\n' > "$site/_layouts/404.html"
(cd "$site" && git add -A && git commit -qm site)

# No node_modules/: the build stops at the first entry and says what to run.
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/none" 2>"$SCRATCH/err"
ok "without node_modules/ the build fails with status 1" test $? -eq 1
ok "the message names npm ci, at the entry's line" \
    grep -q '^_data/site.yml:[0-9]*:5: error: node_modules/ is missing: run `npm ci` at the top of the site' "$SCRATCH/err"
ok "no output was left" test ! -e "$SCRATCH/none/index.html"

# check reads no node_modules/ (pull requests are checked without npm).
(cd "$site" && "$MARCHE_BIN" check) >/dev/null 2>"$SCRATCH/err"
ok "check passes without node_modules/" test $? -eq 0

nm=$site/node_modules/@gcds-core
mkdir -p "$nm/tokens/build/web/css" "$nm/components"
printf ':root { --gcds-text-primary: #333333; }\n' > "$nm/tokens/build/web/css/global.css"
printf 'MIT License\n' > "$nm/tokens/LICENSE"
printf '<svg role="img"><title>Government of Canada</title></svg>' > "$nm/components/sig-en.svg"
# Before the root tag, what may come there; in it, a quoted '>'.
printf '<?xml version="1.0"?>\n<!-- <svg> -->\n<!DOCTYPE svg>\n<svg a="x>y" b="/">\n<path class="fip_flag"/><svg></svg></svg>\n' > "$nm/components/wm.svg"
printf '<?xml version="1.0"?>\n<!-- <svg> -->\n<!DOCTYPE svg>\n<svg a="x>y" b="/"><style>.fip_flag{fill:#eb2d37}.fip_text{fill:#000}</style>\n<path class="fip_flag"/><svg></svg></svg>\n' > "$SCRATCH/wm-styled.svg"

# One file missing: named, at its own entry.
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/one" 2>"$SCRATCH/err"
ok "a missing file fails the build" test $? -eq 1
ok "the missing file is named with npm ci" grep -q \
    '^_data/site.yml:[0-9]*:5: error: node_modules/@gcds-core/components/sig-fr.svg is missing: run `npm ci`' "$SCRATCH/err"
ok "only that file is reported" test "$(grep -c 'error:' "$SCRATCH/err")" -eq 1

printf '<svg role="img"><title>Gouvernement du Canada</title></svg>' > "$nm/components/sig-fr.svg"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/out" 2>"$SCRATCH/err"
ok "with the files the build passes" test $? -eq 0
cat "$SCRATCH/err"
ok "the token file is copied as it is" cmp "$nm/tokens/build/web/css/global.css" "$SCRATCH/out/assets/gcds/tokens.css"
ok "its licence is beside it" cmp "$nm/tokens/LICENSE" "$SCRATCH/out/assets/gcds/LICENSE-tokens.txt"
ok "svg_style is put once, right after the root tag, the rest as it is" \
    cmp "$SCRATCH/wm-styled.svg" "$SCRATCH/out/assets/gcds/wordmark.svg"
ok "its text for layouts has the style too" grep -q '<svg a="x>y" b="/"><style>.fip_flag{fill:#eb2d37}' "$SCRATCH/out/404.html"
ok "an English page has the English signature" \
    grep -q '<div class="sig"><svg role="img"><title>Government of Canada</title></svg></div>' "$SCRATCH/out/en/about.html"
ok "a French page has the French signature" \
    grep -q '<div class="sig"><svg role="img"><title>Gouvernement du Canada</title></svg></div>' "$SCRATCH/out/fr/a-propos.html"
ok "each name is also there as it is" grep -q '<div class="both"><svg.*Government.*<svg.*Gouvernement' "$SCRATCH/out/fr/a-propos.html"
ok "the 404 page has it too" grep -q '<title>Government of Canada</title>' "$SCRATCH/out/404.html"
ok "node_modules/ itself is not published" test ! -e "$SCRATCH/out/node_modules"

# node_modules may be a link (a test's copy of a site), but a link inside
# it may not lead out of it.
mv "$site/node_modules" "$SCRATCH/modules"
ln -s "$SCRATCH/modules" "$site/node_modules"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/linked" 2>"$SCRATCH/err"
ok "a linked node_modules/ is read" test $? -eq 0
printf 'secret\n' > "$SCRATCH/secret"
rm "$SCRATCH/modules/@gcds-core/tokens/LICENSE"
ln -s "$SCRATCH/secret" "$SCRATCH/modules/@gcds-core/tokens/LICENSE"
"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/escape" 2>"$SCRATCH/err"
ok "a link out of node_modules/ fails the build" test $? -eq 1
ok "and says so" grep -q 'node_modules/@gcds-core/tokens/LICENSE leads out of node_modules/ through a symbolic link' "$SCRATCH/err"
ok "the outside file is not published" test ! -e "$SCRATCH/escape/assets/gcds/LICENSE-tokens.txt"
rm "$SCRATCH/modules/@gcds-core/tokens/LICENSE"
printf 'MIT License\n' > "$SCRATCH/modules/@gcds-core/tokens/LICENSE"

# svg_style on a file without a root <svg> start tag to put it after.
for bad in '<html><svg></svg></html>' '<svg/>' '<svg a="b>' '<svgx></svgx>' \
    '<!DOCTYPE svg [ <!ENTITY a "b"> ]><svg></svg>' '<!-- <svg>'; do
	printf '%s' "$bad" > "$SCRATCH/modules/@gcds-core/components/wm.svg"
	"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/nosvg" 2>"$SCRATCH/err"
	ok "svg_style on '$bad' fails the build" test $? -eq 1
	ok "and says so at svg_style's line" grep -q \
	    "^_data/site.yml:$style_line:16: error: no root <svg> start tag found at the start of node_modules/@gcds-core/components/wm.svg" "$SCRATCH/err"
done
finish
