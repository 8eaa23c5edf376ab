# Text from a pull request (file names, link targets, YAML values, source
# lines) cannot reach a terminal or a CI runner raw: no control, C1 or
# bidirectional character and no invalid UTF-8 is printed, and no line
# starts with "::" (a workflow command, once the runner strips leading
# spaces) unless it is one of marche's own annotations.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

# A fixed moment, so that no obligation falls due in the base site.
export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z

# safe FILE ANNOTATIONS: every line is clean, and exactly ANNOTATIONS
# lines start with "::" once leading whitespace of any kind is stripped.
safe() {
	python3 - "$1" "$2" <<'EOF'
import re, sys
data = open(sys.argv[1], 'rb').read()
text = data.decode('utf-8')	# fails on invalid UTF-8
bad = re.compile('[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200b-\u200f'
                 '\u2028-\u202e\u2066-\u2069\ufeff]')
assert not bad.search(text), repr(bad.search(text).group())
commands = [l for l in text.split('\n') if l.strip().startswith('::')]
assert len(commands) == int(sys.argv[2]), commands
EOF
}

# has FILE LINE: FILE holds LINE as a whole line.
has() { grep -qxF -- "$2" "$1"; }

# 1. A pull request adding files with hostile names: each is refused by
# name.
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
g add -A && g commit -qm "Site" && g branch -M main
g checkout -q -b names
printf x > "$site/::root.md"
printf x > "$site/ ::space.md"
printf x > "$site/$(printf 'nl\n::error::x.md')"
printf x > "$site/$(printf 'esc\033[2J\342\200\256.md')"
g add -A && g commit -qm "Hostile names"
colon='colons are not allowed in paths'
ctl='control characters are not allowed in paths'
for fmt in text github json; do
	GITHUB_STEP_SUMMARY=$SCRATCH/summary-$fmt.md "$MARCHE_BIN" check \
	    --repo "$site" --base main --head names --format $fmt \
	    >"$SCRATCH/out-$fmt" 2>"$SCRATCH/names-$fmt"
	st=$?
	# json goes to the standard output
	if [ $fmt = json ]; then cp "$SCRATCH/out-$fmt" "$SCRATCH/names-$fmt"; fi
	ok "names, $fmt: exit 1" test $st -eq 1
	n=0
	[ $fmt = github ] && n=4
	ok "names, $fmt: safe" safe "$SCRATCH/names-$fmt" $n
	ok "names, $fmt: stdout safe" safe "$SCRATCH/out-$fmt" 0
done
t=$SCRATCH/names-text
ok "names: ::root.md after ./" has "$t" "./::root.md: error: $colon"
ok "names: ' ::space.md' after ./" has "$t" "./ ::space.md: error: $colon"
ok "names: newline shown as \\n" has "$t" "nl\\n::error::x.md: error: $ctl"
ok "names: ESC and RLO shown" has "$t" "esc\\x1b[2J\\u202e.md: error: $ctl"
t=$SCRATCH/names-github
ok "names: annotation for ::root.md" has "$t" "::error file=%3A%3Aroot.md::$colon"
ok "names: annotation for the newline" has "$t" "::error file=nl\\n%3A%3Aerror%3A%3Ax.md::$ctl"
ok "names: json" grep -qF '"file": "nl\\n::error::x.md"' "$SCRATCH/names-json"
ok "names: summary safe" safe "$SCRATCH/summary-github.md" 0
ok "names: summary shows the name as code" grep -qF '| ` nl\n::error::x.md ` | error |' "$SCRATCH/summary-github.md"

# 2. Hostile names in the working tree are refused, shown escaped.
site=$SCRATCH/tree
make_site "$site" "$TESTS/check/_base"
printf x > "$site/site/en/$(printf 'new\n::error::x.md')"
printf x > "$site/site/en/::stop-commands::x.md"
printf x > "$site/site/en/$(printf 'bel\007\302\205.md')"
for fmt in text github json; do
	"$MARCHE_BIN" check --repo "$site" --format $fmt >"$SCRATCH/tree-$fmt" 2>&1
	ok "tree, $fmt: exit 1" test $? -eq 1
	n=0
	[ $fmt = github ] && n=3
	ok "tree, $fmt: safe" safe "$SCRATCH/tree-$fmt" $n
done
t=$SCRATCH/tree-text
ok "tree: newline" has "$t" "site/en/new\\n::error::x.md: error: control characters are not allowed in paths"
ok "tree: BEL and NEL" has "$t" "site/en/bel\\x07\\u0085.md: error: control characters are not allowed in paths"

# 3. Source lines and messages that quote contributor text: an excerpt
# whose line starts with spaces and "::", a link target with a
# right-to-left override, a zero-width space and an isolate.
site=$SCRATCH/text
make_site "$site" "$TESTS/check/_base"
printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/about.html\n---\n# About\n\n   ::stop-commands::x [a](nope.html)\n\n    ::error::y\n\nSee [b](a\342\200\256b\342\200\213\342\201\246.html) here.\n' > "$site/site/en/about.md"
for fmt in text github json; do
	"$MARCHE_BIN" check --repo "$site" --format $fmt >"$SCRATCH/text-$fmt" 2>&1
	ok "text, $fmt: exit 1" test $? -eq 1
	n=0
	[ $fmt = github ] && n=$(grep -c '^[^ ].*: error: ' "$SCRATCH/text-github")
	ok "text, $fmt: safe" safe "$SCRATCH/text-$fmt" "$n"
done
t=$SCRATCH/text-text
ok "text: excerpt in a gutter" has "$t" " 9 |    ::stop-commands::x [a](nope.html)"
ok "text: caret in the gutter" has "$t" "   |                       ^"
ok "text: link target escaped" has "$t" "site/en/about.md:13:5: error: the link 'a\\u202eb\\u200b\\u2066.html' on en/about.html leads to a page the site does not have"
ok "text: excerpt escaped" has "$t" " 13 | See [b](a\\u202eb\\u200b\\u2066.html) here."
ok "text: github annotation escaped" grep -qxF "::error file=site/en/about.md,line=13,col=5::the link 'a\\u202eb\\u200b\\u2066.html' on en/about.html leads to a page the site does not have" "$SCRATCH/text-github"

# ESC, BEL and a C1 control in a page: refused, and the excerpt shows
# them escaped with the caret under the first, counting escaped widths.
site=$SCRATCH/ctl
make_site "$site" "$TESTS/check/_base"
printf -- '---\nlayout: default\nref: about\nlang: en\npermalink: /en/about.html\n---\n# About\n\nSee \342\200\256\302\233<x\033]8;;http://e\007y.html>.\n' > "$site/site/en/about.md"
for fmt in text github json; do
	"$MARCHE_BIN" check --repo "$site" --format $fmt >"$SCRATCH/ctl-$fmt" 2>&1
	ok "ctl, $fmt: exit 1" test $? -eq 1
	n=0
	[ $fmt = github ] && n=$(grep -c '^[^ ].*: error: ' "$SCRATCH/ctl-github")
	ok "ctl, $fmt: safe" safe "$SCRATCH/ctl-$fmt" "$n"
done
ok "ctl: excerpt escaped" has "$SCRATCH/ctl-text" " 9 | See \\u202e\\u009b<x\\x1b]8;;http://e\\x07y.html>."
ok "ctl: caret under U+009B, after escaped text" has "$SCRATCH/ctl-text" "   |           ^"

# 4. A YAML value with the same characters, quoted in a message.
site=$SCRATCH/yaml
make_site "$site" "$TESTS/check/_base"
printf -- '- ref: home\n- ref: "\\e[31mab\\a\\N\\u202eout"\n' > "$site/_data/nav.yml"
for fmt in text github json; do
	"$MARCHE_BIN" check --repo "$site" --format $fmt >"$SCRATCH/yaml-$fmt" 2>&1
	ok "yaml, $fmt: exit 1" test $? -eq 1
	n=0
	[ $fmt = github ] && n=$(grep -c '^[^ ].*: error: ' "$SCRATCH/yaml-github")
	ok "yaml, $fmt: safe" safe "$SCRATCH/yaml-$fmt" "$n"
done
ok "yaml: value escaped" has "$SCRATCH/yaml-text" "_data/nav.yml:2:8: error: no English page has 'ref: \\x1b[31mab\\x07\\u0085\\u202eout'"
ok "yaml: json escaped" grep -qF '"message": "no English page has '"'"'ref: \\x1b[31mab\\x07\\u0085\\u202eout'"'"'"' "$SCRATCH/yaml-json"
finish
