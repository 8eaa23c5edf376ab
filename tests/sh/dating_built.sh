# The file as built is one of the versions dating compares, and it is
# compared by the digest of its terms taken when it was read (its tree is
# let go by then): when its terms are those of the version before it, it
# is not read again, that version standing for it. The amendments are
# the same as when every version is read: with the file as built the last
# commit's (a last step changing terms, one changing only a comment), an
# earlier commit's (the working tree put back, after a step that changed
# terms or one that did not), a text that two versions have, and a file
# changed since its last commit. Build, check and check --rev agree, with
# and without the dating cache.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
base=$TESTS/check/_base/opportunities/data-cleanup.yml
cat > "$site/_layouts/opportunity.html" <<'HTML'
---
layout: default
---
{{#opp.preview}}<p>preview</p>{{/opp.preview}}
{{#opp.amendments}}<h2>{{date.iso}}</h2>
{{#changes}}<p>{{key}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.amendments}}
HTML
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
g() { git -C "$site" "$@"; }
commit() { g add -A && g commit -qm "$1"; }
# post ID: another opportunity, a copy with its own slug.
post() { sed -e "s/nettoyage-donnees/$1/" "$base" > "$site/opportunities/$1.yml"; }
# edit ID SED: change opportunity ID's file.
edit() { sed -i "$2" "$site/opportunities/$1.yml"; }
note='s/^contact: .*/&\n# A note for the team/'

at 2026-01-05T15:00:00Z
for id in last-terms last-note back-note back-terms twice since; do post $id; done
rm "$site/opportunities/data-cleanup.yml"
commit "Post the opportunities"
g branch -M main

at 2026-01-06T15:00:00Z
edit last-terms 's/^value: 4500/value: 5000/'
edit last-note 's/^value: 4500/value: 5000/'
edit back-note "$note"
edit back-terms 's/^value: 4500/value: 5000/'
edit twice 's/^value: 4500/value: 5000/'
edit since 's/^value: 4500/value: 5000/'
commit "First changes"

at 2026-01-07T15:00:00Z
# The last step: a fact, then a text in a map by language.
edit last-terms 's/^  title: Clean up an open data set/  title: Tidy an open data set/'
edit last-terms 's/^contact: .*/&\neligibility:\n  en: Anyone.\n  fr: Tout le monde./'
edit last-note "$note"
edit back-note 's/^  title: Clean up an open data set/  title: Tidy an open data set/'
edit back-terms 's/^  title: Clean up an open data set/  title: Tidy an open data set/'
edit twice 's/^value: 5000/value: 4500/'
commit "Second changes"

# The working tree: put back to the first changes, or changed since.
g checkout -q HEAD~1 -- opportunities/back-note.yml opportunities/back-terms.yml
edit since 's/^value: 5000/value: 5200/'

now=2026-01-10T00:00:00Z
run() {	# run NAME [OPTION...]: build and check into $SCRATCH/NAME.*
	run_as=$1; shift
	"$MARCHE_BIN" build -q --repo "$site" --out "$SCRATCH/$run_as.out" \
	    --now $now "$@" > /dev/null 2> "$SCRATCH/$run_as.build"
	ok "$run_as: build succeeds" test $? -eq 0
	"$MARCHE_BIN" check --repo "$site" --now $now "$@" \
	    > "$SCRATCH/$run_as.check" 2>&1
	ok "$run_as: check succeeds" test $? -eq 0
}
page() { cat "$SCRATCH/$1.out/en/opportunities/$2.html"; }
# expect NAME ID TEXT: the amendments and preview of ID's page are TEXT.
expect() {
	page "$1" "$2" | grep -E '^<(h2|p)>' > "$SCRATCH/got"
	printf '%s\n' "$3" > "$SCRATCH/want"
	cmp -s "$SCRATCH/got" "$SCRATCH/want" ||
	    diff "$SCRATCH/want" "$SCRATCH/got" | sed 's/^/    /'
	ok "$1: $2" cmp -s "$SCRATCH/got" "$SCRATCH/want"
}
first='<h2>2026-01-06T10:00:00-05:00</h2>
<p>value: $4,500 → $5,000</p>'
second='<h2>2026-01-07T10:00:00-05:00</h2>'
title='<p>title: Clean up an open data set → Tidy an open data set</p>'

for r in ref cold warm; do
	case $r in
	ref) run $r --no-cache ;;
	cold) rm -rf "$site/.git/marche"; run $r ;;
	warm) run $r ;;
	esac
	expect $r last-terms "$first
$second
$title
<p>eligibility: changed</p>"
	expect $r last-note "$first"
	expect $r back-note "<p>preview</p>
$second
$title"
	expect $r back-terms "<p>preview</p>
$first
$second
$title"
	expect $r twice "$first
$second
<p>value: \$5,000 → \$4,500</p>"
	expect $r since "<p>preview</p>
$first"
done
ok "the dating cache was written" test -s "$site/.git/marche/dating.cache"
ok "warm: the same pages" diff -r "$SCRATCH/ref.out" "$SCRATCH/warm.out"
ok "cold: the same report" cmp -s "$SCRATCH/ref.check" "$SCRATCH/cold.check"

# A revision: no working tree, every file as committed.
g stash -q
run rev-ref --no-cache
run rev --no-cache --rev main
ok "--rev: the pages of the committed files" diff -r "$SCRATCH/rev-ref.out" "$SCRATCH/rev.out"
expect rev back-note "$second
$title"
expect rev last-note "$first"
finish
