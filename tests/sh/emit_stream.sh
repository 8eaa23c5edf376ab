# Large outputs (open data, feeds, sitemap) are written to the staging
# folder as they are made. A write that fails part way through one (here
# a file size limit below opportunities.json, above every page) reports
# the path, exits 3 and leaves neither a half-written file nor the
# staging folder behind: the previous output stays as it was. Without a
# limit, the files written as they are made are the same with one thread
# or several.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export SOURCE_DATE_EPOCH=1768478400
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
# Sixty opportunities, each with long eligibility conditions: about a
# megabyte of open data, while each page stays small.
en=$(awk 'BEGIN { for (i = 0; i < 250; i++) printf "Suppliers must hold a valid security clearance. " }')
fr=$(awk 'BEGIN { for (i = 0; i < 220; i++) printf "Les fournisseurs doivent avoir une cote de sécurité valide. " }')
i=0
while [ $i -lt 60 ]; do
	i=$((i + 1))
	sed -e "s/^  slug: nettoyage-donnees/  slug: nettoyage-donnees-$i/" \
	    "$site/opportunities/data-cleanup.yml" \
	    > "$site/opportunities/data-cleanup-$i.yml"
	printf 'eligibility:\n  en: %s\n  fr: %s\n' "$en" "$fr" \
	    >> "$site/opportunities/data-cleanup-$i.yml"
done
git -C "$site" add -A && git -C "$site" commit -qm "The site"

# One thread and two write the same files.
"$MARCHE_BIN" build -q --jobs 1 --repo "$site" --out "$SCRATCH/one"
ok "one thread: built" test $? -eq 0
"$MARCHE_BIN" build -q --jobs 2 --repo "$site" --out "$SCRATCH/two"
ok "two threads: built" test $? -eq 0
ok "one thread or two: the same files" diff -r "$SCRATCH/one" "$SCRATCH/two"
size=$(wc -c < "$SCRATCH/two/opportunities.json")
ok "open data is large enough to be written in parts" test "$size" -gt 700000
big=$(find "$SCRATCH/two" -type f ! -name opportunities.json \
    ! -name opportunities.csv -size +380k | wc -l)
ok "every other file is below the limit" test "$big" -eq 0

# A first build into a new folder writes as it makes; the limit stops it
# in the middle of opportunities.json.
out=$SCRATCH/out
(trap '' XFSZ; ulimit -f 400; exec "$MARCHE_BIN" build -q --jobs 2 --repo "$site" --out "$out") 2>"$SCRATCH/err"
ok "limit mid-file: exit 3" test $? -eq 3
ok "limit mid-file: the file is named" grep -q "error: cannot write '$out/opportunities\.\(json\|csv\)': File too large" "$SCRATCH/err"
ok "limit mid-file: no output folder" test ! -e "$out"
ok "limit mid-file: no staging left" test -z "$(ls -A "$SCRATCH" | grep staging)"

# The same over a previous output: it stays as it was.
cp -R "$SCRATCH/two" "$SCRATCH/before"
(trap '' XFSZ; ulimit -f 400; exec "$MARCHE_BIN" build -q --jobs 1 --repo "$site" --out "$SCRATCH/two" --now 2027-06-01T12:00:00Z) 2>"$SCRATCH/err"
ok "limit over an output: exit 3" test $? -eq 3
ok "limit over an output: intact" diff -r "$SCRATCH/before" "$SCRATCH/two"
ok "limit over an output: no staging left" test -z "$(ls -A "$SCRATCH" | grep staging)"
finish
