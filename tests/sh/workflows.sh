# The workflow files shipped for sites are well-formed YAML and call
# marche the way its command line expects.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

for f in "$MARCHE_SOURCE_DIR"/.github/workflows/*.yml; do
	ok "$f is YAML" /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f"
done
wf=$MARCHE_SOURCE_DIR/.github/workflows
ok "check: pull requests run check --base --head --format github" grep -q -- '--format github' "$wf/check.yml"
ok "check: the whole history is fetched" grep -q 'fetch-depth: 0' "$wf/check.yml"
ok "publish: records the next change" grep -q 'next-change > _site/next-change.txt' "$wf/publish.yml"
# The options the workflows use exist.
"$MARCHE_BIN" check --help | grep -q -- '--base REV --head REV'
ok "check --help documents --base and --head" test $? -eq 0
"$MARCHE_BIN" build --help | grep -q -- '--next-change'
ok "build --help documents --next-change" test $? -eq 0
finish
