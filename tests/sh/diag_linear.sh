# Inputs that made diagnostics or templates take quadratic or exponential
# time, scaled to take well under a second when the work is linear. Each
# run has a generous time limit, far above what linear work needs and far
# below what quadratic work takes on these sizes (minutes).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

LIMIT=60

# page DIR BODY-FILE: the base site with about.md's body from BODY-FILE.
page() {
	make_site "$1" "$TESTS/check/_base"
	printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/about.html\n---\n# About\n\n' > "$1/site/en/about.md"
	cat "$2" >> "$1/site/en/about.md"
}

# run DIR: check DIR within the limit; status in $st, stderr in err.
run() {
	timeout $LIMIT "$MARCHE_BIN" check --repo "$1" >"$SCRATCH/out" 2>"$SCRATCH/err"
	st=$?
}

# 150,000 broken links, one per line: as many diagnostics, each compared
# with the earlier ones and shown with its line.
python3 -c 'import sys; sys.stdout.write("[](a)\n" * 150000)' > "$SCRATCH/links.md"
page "$SCRATCH/many" "$SCRATCH/links.md"
run "$SCRATCH/many"
ok "150,000 diagnostics: within ${LIMIT}s, exit 1" test "$st" -eq 1
ok "150,000 diagnostics: the first 100 shown" test "$(grep -c ': error: the link' "$SCRATCH/err")" -eq 100
ok "150,000 diagnostics: the others counted" grep -qxF 'marche: 149900 more problems in site/en/about.md (the first 100 of a file are shown)' "$SCRATCH/err"

# A 40 KB line holding 4,000 broken links: each excerpt is a window of
# the line, written in large pieces.
python3 -c 'import sys; sys.stdout.write("".join("[a](y%d.html)" % i for i in range(4000)) + "\n")' > "$SCRATCH/line.md"
page "$SCRATCH/line" "$SCRATCH/line.md"
run "$SCRATCH/line"
ok "4,000 links on a line: within ${LIMIT}s, exit 1" test "$st" -eq 1
ok "4,000 links on a line: the others counted" grep -qxF 'marche: 3900 more problems in site/en/about.md (the first 100 of a file are shown)' "$SCRATCH/err"
ok "4,000 links on a line: output stays small" test "$(wc -c < "$SCRATCH/err")" -lt 100000
ok "4,000 links on a line: a window of the line" grep -qxF ' 9 | ...94.html)[a](y95.html)[a](y96.html)[a](y97.html)[a](y98.html)[a](y99.html)[a](y100.html)[a](y101.html)[a](y102.html)[a](y...' "$SCRATCH/err"

# 2 MB of tags on one line: the column of each tag.
python3 -c 'import sys; sys.stdout.write("{{lang}}" * 250000 + "\n")' > "$SCRATCH/tags.md"
page "$SCRATCH/tags" "$SCRATCH/tags.md"
run "$SCRATCH/tags"
ok "250,000 tags on a line: within ${LIMIT}s, exit 0" test "$st" -eq 0

# 17 sections over one list nested in one another: 4^17 expansions stop
# early, at the outermost section.
printf 'x: [1, 2, 3, 4]\n' > "$SCRATCH/list.yml"
python3 -c 'import sys; sys.stdout.write("Text\n\n  " + "{{#data.list.x}}" * 17 + "{{.}}" + "{{/data.list.x}}" * 17 + "\n")' > "$SCRATCH/nest.md"
page "$SCRATCH/nest" "$SCRATCH/nest.md"
cp "$SCRATCH/list.yml" "$SCRATCH/nest/_data/list.yml"
run "$SCRATCH/nest"
ok "17 nested sections: within ${LIMIT}s, exit 1" test "$st" -eq 1
ok "17 nested sections: at the outermost section" grep -q '^site/en/about.md:11:3: error: template rendering stopped after [0-9]* steps, the limit for this template and its data' "$SCRATCH/err"
finish
