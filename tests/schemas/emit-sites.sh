# Sourced by tests/sh/emit_*.sh after tests/lib.sh: builds the sites
# whose outputs the validators check.
#   $SCRATCH/bundled.out	the bundled site, now = 2026-11-25T12:00:00Z
#   $SCRATCH/fixture.out	the check base site plus fixtures/tricky-chars.yml,
#				now = 2026-01-15T12:00:00Z
PY=/usr/bin/python3
SCHEMAS=$TESTS/schemas

emit_build_sites() {
	mkdir -p "$SCRATCH/bundled"
	for d in site _layouts _data assets opportunities; do
		[ -d "$MARCHE_SOURCE_DIR/$d" ] &&
		    cp -R "$MARCHE_SOURCE_DIR/$d" "$SCRATCH/bundled/"
	done
	git init -q "$SCRATCH/bundled"
	link_npm "$SCRATCH/bundled"
	"$MARCHE_BIN" build -q --repo "$SCRATCH/bundled" \
	    --out "$SCRATCH/bundled.out" --now 2026-11-25T12:00:00Z
	ok "the bundled site builds" test $? -eq 0
	make_site "$SCRATCH/fixture" /nonexistent
	cp "$SCHEMAS/fixtures/tricky-chars.yml" "$SCRATCH/fixture/opportunities/"
	"$MARCHE_BIN" build -q --repo "$SCRATCH/fixture" \
	    --out "$SCRATCH/fixture.out" --now 2026-01-15T12:00:00Z
	ok "the fixture site builds" test $? -eq 0
}
