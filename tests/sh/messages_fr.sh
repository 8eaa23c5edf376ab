# Every message has its French: po/fr.po translates each message of the
# template the build extracts from the sources (MARCHE_POT), none of them
# fuzzy, with the same printf conversions. Then `marche check` speaks
# French when asked with --lang or the locale's variables, on a machine
# where no French locale is generated (only C.UTF-8, as on a CI runner).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

po=$MARCHE_SOURCE_DIR/po/fr.po
: "${MARCHE_POT:?run through ctest}"
ok "the build made the template" test -s "$MARCHE_POT"

msgfmt --check --check-format -o /dev/null "$po" 2> "$SCRATCH/fmt"
ok "fr.po: msgfmt --check (formats as in English)" test $? -eq 0
cat "$SCRATCH/fmt"

msgmerge --quiet --no-fuzzy-matching -o "$SCRATCH/merged.po" "$po" \
    "$MARCHE_POT" 2> /dev/null
ok "msgmerge" test $? -eq 0
msgattrib --untranslated --no-obsolete --no-wrap "$SCRATCH/merged.po" \
    > "$SCRATCH/untranslated" 2> /dev/null
msgattrib --only-fuzzy --no-obsolete --no-wrap "$SCRATCH/merged.po" \
    > "$SCRATCH/fuzzy" 2> /dev/null
n=$(grep -c '^msgid ' "$SCRATCH/untranslated")
# The header's empty msgid is the one entry always listed.
[ "$n" -gt 0 ] && n=$((n - 1))
if [ "$n" -ne 0 ]; then
	fail "$n message(s) have no French in po/fr.po:"
	grep -B2 '^msgid ' "$SCRATCH/untranslated" | grep -v '^msgid ""$' | head -60
else
	pass
fi
n=$(grep -c '^#, .*fuzzy' "$SCRATCH/fuzzy")
ok "no fuzzy translation ($n)" test "$n" -eq 0
# A message of fr.po no longer in the sources is stale.
msgattrib --only-obsolete --no-wrap "$SCRATCH/merged.po" > "$SCRATCH/obsolete"
n=$(grep -c '^#~ msgid' "$SCRATCH/obsolete")
ok "no message of fr.po left over ($n)" test "$n" -eq 0

# A broken site: a misspelled key, a missing permalink, a bad date.
site=$SCRATCH/site
make_site "$site" "$TESTS/check/key-typo"
# A second, valid opportunity, overdue for its outcome.
sed '/slug: nettoyage-donnees/d' "$site/opportunities/data-cleanup.yml" \
    > "$site/opportunities/data-cleanup-2.yml"
sed -i 's/^closing: .*/closing: 2027-6-05T14:00:00-04:00/' \
    "$site/opportunities/data-cleanup.yml"
cd "$site" || exit 1

# French typography: a no-break space inside « » and before a colon.
nb=$(printf '\302\240')

# run ENV...: marche check in a bare environment (no locale but C.UTF-8).
run() {
	env -i PATH="$PATH" HOME="$SCRATCH" "$@" "$MARCHE_BIN" check \
	    ${ARGS:-} > "$SCRATCH/out" 2> "$SCRATCH/err"
	echo $? > "$SCRATCH/status"
}
french() {
	grep -q "l’en-tête n’a pas de «${nb}permalink${nb}»" "$SCRATCH/err" &&
	grep -q "clé inconnue «${nb}permlink${nb}»" "$SCRATCH/err" &&
	grep -q "le mois doit avoir 2 chiffres" "$SCRATCH/err" &&
	grep -q "fermée depuis .* jours (20 février 2026 à 14.h.HNE) sans résultat" "$SCRATCH/err" &&
	grep -q "^à surveiller (obligations" "$SCRATCH/err" &&
	! grep -q "unknown key" "$SCRATCH/err" &&
	test "$(cat "$SCRATCH/status")" = 1
}

ARGS="--lang fr" run
ok "--lang fr" french
ARGS="--lang=fr" run LANG=en_CA.UTF-8
ok "--lang=fr wins over LANG" french
run LANGUAGE=fr LANG=C.UTF-8
ok "LANGUAGE=fr LANG=C.UTF-8" french
run LANGUAGE=fr LANG=C
ok "LANGUAGE=fr LANG=C" french
run LANG=fr_CA.UTF-8
ok "LANG=fr_CA.UTF-8 (a locale not generated here)" french
run LC_ALL=fr_CA.UTF-8 LANG=en_CA.UTF-8
ok "LC_ALL=fr_CA.UTF-8" french
run LC_MESSAGES=fr_FR.UTF-8
ok "LC_MESSAGES=fr_FR.UTF-8" french
ARGS="--lang en" run LANG=fr_CA.UTF-8
ok "--lang en wins over LANG" grep -q "unknown key 'permlink'" "$SCRATCH/err"
run LANG=en_CA.UTF-8
ok "English otherwise" sh -c "grep -q \"unknown key 'permlink'\" '$SCRATCH/err' && ! grep -q 'clé' '$SCRATCH/err'"
run
ok "English with no locale at all" grep -q "unknown key 'permlink'" "$SCRATCH/err"

# Both: each message in English, then in French under it.
ARGS="--lang en,fr" run
ok "--lang en,fr: English first" grep -q "^site/en/about.md:5:1: warning: unknown key 'permlink'" "$SCRATCH/err"
ok "--lang en,fr: French under it" grep -q "^    \[fr\] clé inconnue «${nb}permlink${nb}»" "$SCRATCH/err"
ARGS="--lang fr,en" run
ok "--lang fr,en: French first" grep -q "^site/en/about.md:5:1: warning: clé inconnue" "$SCRATCH/err"
ok "--lang fr,en: English under it" grep -q "^    \[en\] unknown key 'permlink'" "$SCRATCH/err"
ARGS="--lang de" run
ok "--lang de is a usage error" test "$(cat "$SCRATCH/status")" = 2
ARGS="--lang en,fr,en" run
ok "--lang en,fr,en is a usage error" test "$(cat "$SCRATCH/status")" = 2

# The pull request's summary and annotations in both languages.
: > "$SCRATCH/summary"
ARGS="--lang en,fr --format github" run GITHUB_STEP_SUMMARY="$SCRATCH/summary"
ok "summary: headings in both" grep -q "^| Where / Où | Severity / Gravité | What to do / Que faire |" "$SCRATCH/summary"
ok "summary: each message in both" grep -q "unknown key 'permlink'.*<br>.*clé inconnue «${nb}permlink${nb}»" "$SCRATCH/summary"
ok "annotation: both, on two lines" grep -q "^::warning file=site/en/about.md,line=5,col=1::unknown key 'permlink'.*%0Aclé inconnue" "$SCRATCH/err"
ARGS="--lang en,fr --format json" run
ok "json: message_en and message_fr" grep -q '"message_en": "unknown key .*"message_fr": "clé inconnue' "$SCRATCH/out"

# Without the catalogue: English, and a warning that says where it looked.
ARGS="--lang fr" run MARCHE_LOCALEDIR="$SCRATCH/none"
ok "no catalogue: English" grep -q "unknown key 'permlink'" "$SCRATCH/err"
ok "no catalogue: a warning" grep -q "French messages were not found in $SCRATCH/none" "$SCRATCH/err"

# Any command takes --lang, anywhere after the command's name.
"$MARCHE_BIN" --help | grep -q -- "--lang en, fr, en,fr or fr,en"
ok "marche --help tells of --lang" test $? -eq 0
env -i PATH="$PATH" HOME="$SCRATCH" "$MARCHE_BIN" new opportunity BAD_ID \
    --lang fr 2> "$SCRATCH/err"
ok "new --lang fr" grep -q "ne peut pas servir d’identifiant" "$SCRATCH/err"
env -i PATH="$PATH" HOME="$SCRATCH" "$MARCHE_BIN" build --lang=fr \
    --out "$SCRATCH/out-site" > /dev/null 2> "$SCRATCH/err"
ok "build --lang=fr" grep -q "clé inconnue" "$SCRATCH/err"

# Installed: the catalogue goes beside the program's share/, and is found
# there wherever the tree was put.
build=$(dirname "$MARCHE_BIN")
cmake --install "$build" --prefix "$SCRATCH/prefix" > /dev/null 2>&1
ok "cmake --install installs marche.mo" test -f "$SCRATCH/prefix/share/locale/fr/LC_MESSAGES/marche.mo"
MARCHE_BIN=$SCRATCH/prefix/bin/marche ARGS="--lang fr" run
ok "the installed program speaks French" french
finish
