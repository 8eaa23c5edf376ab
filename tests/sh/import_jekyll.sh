# marche import jekyll: the fixture marketplace tests/import-jekyll/site/
# (post pairs with the pilot's front matter, a template, an orphan, linked
# files, Kramdown, Liquid and raw HTML, hostile titles, guide pages) is
# imported into a marche site made of the bundled layouts and data; the
# notes, the files written and `marche check` on the result are compared
# with tests/import-jekyll/expected/. tests/import-jekyll/bad/ adds broken
# posts (and the test adds a binary, a huge and a symlinked one).
# REGEN=1 rewrites the expectations.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

export SOURCE_DATE_EPOCH=1768478400	# 2026-01-15T12:00:00Z
T=$TESTS/import-jekyll
EXP=$T/expected
regen=${REGEN:-0}

# skeleton DIR: the bundled site's layouts, data, assets and pages.
skeleton() {
	mkdir -p "$1"
	for d in _layouts _data assets site; do
		cp -R "$MARCHE_SOURCE_DIR/$d" "$1/"
	done
	git init -q "$1"
}

# same NAME EXPECTED ACTUAL: compare (or, with REGEN=1, rewrite).
same() {
	if [ "$regen" = 1 ]; then
		mkdir -p "$(dirname "$2")"
		cp "$3" "$2"
	fi
	ok "$1" diff -u "$2" "$3"
}

# check_site NAME DIR: `marche check` passes. A checker that does not
# know the opportunity keys eligibility, apply, attachments, how_to_apply,
# award.ended, award.reason and the files in opportunities/ID/ yet may
# refuse those, and nothing else; the site must then pass once they are taken out.
check_site() {
	"$MARCHE_BIN" check --repo "$2" > "$SCRATCH/check.out" 2>&1
	st=$?
	if [ "$st" = 0 ]; then
		pass
		return
	fi
	grep ': error: ' "$SCRATCH/check.out" |
	    grep -v "unknown key '\(eligibility\|apply\|attachments\|how_to_apply\|ended\|reason\)'" |
	    grep -v 'holds one .yml file per opportunity' > "$SCRATCH/check.other"
	ok "$1: check finds nothing but the keys still to come" test ! -s "$SCRATCH/check.other"
	cat "$SCRATCH/check.other"
	rm -rf "$SCRATCH/stripped"
	cp -R "$2" "$SCRATCH/stripped"
	find "$SCRATCH/stripped/opportunities" -mindepth 1 -type d -exec rm -rf {} +
	/usr/bin/python3 - "$SCRATCH/stripped/opportunities" <<'PY'
import os, sys, yaml
d = sys.argv[1]
for n in os.listdir(d):
    p = os.path.join(d, n)
    o = yaml.safe_load(open(p, encoding="utf-8"))
    for k in ("eligibility", "apply", "attachments"):
        o.pop(k, None)
    for l in ("en", "fr"):
        o[l].pop("how_to_apply", None)
    for k in ("ended", "reason"):
        o.get("award", {}).pop(k, None)
    yaml.safe_dump(o, open(p, "w", encoding="utf-8"), allow_unicode=True)
PY
	"$MARCHE_BIN" check --repo "$SCRATCH/stripped" > "$SCRATCH/check.out" 2>&1
	st=$?
	ok "$1: check passes without the keys still to come" test "$st" = 0
	[ "$st" = 0 ] || cat "$SCRATCH/check.out"
}

cd "$SCRATCH" || exit 1
cp -R "$T/site" site
cp -R "$T/bad" bad

# 1. The marketplace: notes, files, check.
out=$SCRATCH/out
skeleton "$out"
"$MARCHE_BIN" import jekyll site --out "$out" --pages > stdout 2> notes
st=$?
ok "site: exit 0" test "$st" = 0
same "site: notes" "$EXP/site.notes" notes
sed "s|$SCRATCH/||" stdout > stdout.rel
same "site: what it says it wrote" "$EXP/site.stdout" stdout.rel
for f in "$out"/opportunities/*.yml "$out/site/en/apply-guide.md" \
    "$out/site/fr/guide-candidature.md"; do
	rel=${f#"$out"/}
	same "site: $rel" "$EXP/site/$rel" "$f"
done
[ "$regen" = 1 ] || ok "site: no other opportunity written" test \
    "$(ls "$out/opportunities" | grep -c '\.yml$')" = \
    "$(ls "$EXP/site/opportunities" | grep -c '\.yml$')"
ok "site: the English form is attached" cmp site/assets/application-form-en.pdf \
    "$out/opportunities/accessible-loan-form/application-form-en.pdf"
ok "site: the French form is attached" cmp site/assets/formulaire-demande-fr.pdf \
    "$out/opportunities/accessible-loan-form/formulaire-demande-fr.pdf"
ok "site: a page's linked file goes to assets/" cmp site/assets/checklist.pdf \
    "$out/assets/checklist.pdf"
ok "site: the template is not imported" test ! -e "$out/opportunities/opportunity-template.yml"
ok "site: the orphan is not imported" test ! -e "$out/opportunities/orphan-post.yml"
# Hostile titles and summaries read back as written.
ok "site: titles and summaries read back exactly" /usr/bin/python3 - site "$out" <<'PY'
import sys, yaml, glob, os
site, out = sys.argv[1], sys.argv[2]
def fm(p):
    return yaml.safe_load(open(p, encoding="utf-8").read().split("---\n")[1])
en = fm(glob.glob(site + "/_posts/en/*Report-Page*")[0])
fr = fm(glob.glob(site + "/_posts/fr/*page-rapport*")[0])
o = yaml.safe_load(open(out + "/opportunities/report-page-v2.yml", encoding="utf-8"))
ok = (o["en"]["title"] == en["title"] and o["fr"]["title"] == fr["title"] and
      o["en"]["summary"] == en["summary"] and o["fr"]["summary"] == fr["summary"]
      and isinstance(o["fr"]["title"], str))
sys.exit(0 if ok else 1)
PY
check_site site "$out"

# 2. Existing files are never replaced without --force.
cp "$out/opportunities/accessible-loan-form.yml" before.yml
echo "# edited" >> "$out/opportunities/accessible-loan-form.yml"
"$MARCHE_BIN" import jekyll site --out "$out" > stdout 2> err
st=$?
ok "again: exit 1" test "$st" = 1
ok "again: says the file exists" grep -q "accessible-loan-form.yml already exists: nothing was written" err
ok "again: nothing was replaced" grep -q '^# edited$' "$out/opportunities/accessible-loan-form.yml"
"$MARCHE_BIN" import jekyll site --out "$out" --force > stdout 2> err
ok "--force: exit 0" test $? = 0
ok "--force: the file is replaced" cmp before.yml "$out/opportunities/accessible-loan-form.yml"

# 3. A folder of the output that is a symbolic link is not followed.
out2=$SCRATCH/out2
skeleton "$out2"
mkdir elsewhere
ln -s "$SCRATCH/elsewhere" "$out2/opportunities"
"$MARCHE_BIN" import jekyll site --out "$out2" > stdout 2> err
ok "symlinked output folder: exit non-zero" test $? != 0
ok "symlinked output folder: nothing written through it" test -z "$(ls elsewhere)"

# 4. Bad input: each broken post is a warning or a note, the rest goes on.
ln -s /etc/passwd bad/assets/link.pdf
printf -- '---\nref: x\n---\n\0\0binary\n' > bad/_posts/fr/2021-02-02-binary.md
head -c 1200000 /dev/zero | tr '\0' a > bad/_posts/fr/2021-02-03-huge.md
ln -s ../../../site/_posts/en/2021-03-15-accessible-loan-form.md \
    bad/_posts/en/2021-02-04-link.md
printf -- '---\nref: bad-utf8\ntitle: "\377\376"\n---\n' > bad/_posts/en/2021-02-06-bad-utf8.md
out3=$SCRATCH/out3
skeleton "$out3"
"$MARCHE_BIN" import jekyll bad --out "$out3" > stdout 2> notes
st=$?
ok "bad: exit 0 (one pair could be written)" test "$st" = 0
same "bad: notes" "$EXP/bad.notes" notes
same "bad: the file written" "$EXP/bad/bad-values.yml" "$out3/opportunities/bad-values.yml"
ok "bad: nothing outside the output" test ! -e "$out3/_config.yml" -a ! -e "$out3/opportunities/bad-values/_config.yml"
ok "bad: a symlinked file is not attached" test ! -e "$out3/opportunities/bad-values/link.pdf"
ok "bad: an encoded name is attached" test -f "$out3/opportunities/bad-values/notes v2.txt"

# 5. Nothing usable, or no site at all: exit 1, nothing written.
mkdir -p worse/_posts/en worse/_posts/fr
cp bad/_posts/fr/2021-02-02-binary.md bad/_posts/en/2021-02-02-broken-front-matter.md worse/_posts/en/
out4=$SCRATCH/out4
skeleton "$out4"
"$MARCHE_BIN" import jekyll worse --out "$out4" > stdout 2> err
ok "nothing usable: exit 1" test $? = 1
ok "nothing usable: says so" grep -q "nothing in worse could be converted" err
ok "nothing usable: nothing written" test ! -e "$out4/opportunities"
"$MARCHE_BIN" import jekyll no-such-site --out "$out4" > stdout 2> err
ok "no site: exit 1" test $? = 1
ok "no site: says so" grep -q "cannot open the Jekyll site no-such-site" err
"$MARCHE_BIN" import > stdout 2> err
ok "no source kind: usage" test $? = 2
"$MARCHE_BIN" import jekyll --help > stdout 2> err
ok "--help" grep -q "usage: marche import jekyll" stdout

finish
