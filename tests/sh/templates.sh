# The "file to copy" that the work template pages show (site/en/
# work-template.md, site/fr/modele-travail.md) is the real format: each
# page's block, saved under the name its first line gives, passes check in
# a site with the bundled list of skills.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

for page in site/en/work-template.md site/fr/modele-travail.md; do
	site=$SCRATCH/${page##*/}
	make_site "$site" "$TESTS/check/_base"
	cp "$MARCHE_SOURCE_DIR/_data/skills.yml" "$site/_data/skills.yml"
	# The fenced block that starts with "# opportunities/NAME.yml".
	awk '/^```/ { if (on) exit; getline; if ($0 ~ /^# opportunities\/[a-z0-9-]+\.yml$/) on = 1 }
	    on { print }' "$MARCHE_SOURCE_DIR/$page" > "$SCRATCH/block"
	opp=$(sed -n '1s|^# \(opportunities/[a-z0-9-]*\.yml\)$|\1|p' "$SCRATCH/block")
	ok "$page: shows a file to copy" test -n "$opp"
	[ -n "$opp" ] || continue
	cp "$SCRATCH/block" "$site/$opp"
	"$MARCHE_BIN" check --repo "$site" > "$SCRATCH/out" 2>&1
	ok "$page: the file to copy passes check" test $? -eq 0
	sed 's/^/    /' "$SCRATCH/out"
	ok "$page: closing in local time" grep -q '^closing: 2027-03-12 14:00 ' "$SCRATCH/block"
done
finish
