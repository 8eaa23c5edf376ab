# The repository history_rules.sh and history_cache.sh judge: an
# opportunity amended, corrected, renamed, deleted and restored, with
# zones, merges and odd commit subjects, at fixed dates. Sourced after
# tests/lib.sh; defines g, at and commit, and leaves $site and $opp.

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
opp=opportunities/data-cleanup.yml
cat > "$site/_layouts/opportunity.html" <<'HTML'
---
layout: default
---
<p>posted {{opp.posted.iso}}</p>
{{#opp.amendments}}<h2>{{date.iso}}{{#after_closing}} after-closing{{/after_closing}}{{#deleted}} deleted{{/deleted}}{{#renamed_from}} renamed-from {{renamed_from}}{{/renamed_from}}</h2>
{{#changes}}<p>{{key}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.amendments}}
{{#opp.corrections}}<h3>{{date.iso}} correction: {{reason}}</h3>
{{#changes}}<p>{{key}}: {{#text_changed}}changed{{/text_changed}}{{^text_changed}}{{old}} → {{new}}{{/text_changed}}</p>
{{/changes}}{{/opp.corrections}}
HTML
at() { GIT_AUTHOR_DATE=$1 GIT_COMMITTER_DATE=$1; export GIT_AUTHOR_DATE GIT_COMMITTER_DATE; }
g() { git -C "$site" "$@"; }
commit() { g add -A && g commit -qm "$1"; }
# other SLUG: another opportunity, a copy with its own slug.
other() { sed -e "s/nettoyage-donnees/$1/" "$TESTS/check/_base/$opp" > "$site/opportunities/$1.yml"; }

at 2026-01-05T15:00:00Z
other renamed-one; other deleted-one; other gone-one
# Closes at 14:00 local time, with no offset: where depends on the zone.
sed -e 's/^closing: .*/closing: 2026-02-20T14:00:00/' -e "s/nettoyage-donnees/zone-one/" \
    "$TESTS/check/_base/$opp" > "$site/opportunities/zone-one.yml"
sed -i 's|^time_zone: .*|time_zone: America/Vancouver|' "$site/_data/site.yml"
commit "Post the opportunities"
g branch -M main

# Nothing a reader sees: a paragraph re-wrapped, doubled spaces, quoting.
# No amendment.
at 2026-01-06T15:00:00Z
sed -i -e 's/^    The data set has \*\*duplicates\*\*./    The data set\n    has  **duplicates**./' \
    -e 's/^  title: Clean up an open data set/  title: "Clean  up an open data set"/' \
    -e "s/^taxes: excluded/taxes: 'excluded'/" \
    -e 's/^closing: .*/closing: "2026-02-20T14:00:00-05:00"/' "$site/$opp"
commit "Re-wrap and re-quote"
# A real amendment while open.
at 2026-01-07T15:00:00Z
sed -i 's/^value: 4500/value: 5000/' "$site/$opp"
commit "Pay more"
# A branch whose commits arrive by fast-forward before publication: the
# opportunity is posted at its first commit there, and a re-wrap on the
# way is no amendment.
g checkout -q -b fast
at 2026-01-08T15:00:00Z
other fast-one && commit "Post fast-one"
at 2026-01-08T16:00:00Z
sed -i 's/^    The data set has \*\*duplicates\*\*./    The data set has\n    **duplicates**./' "$site/opportunities/fast-one.yml"
commit "Re-wrap fast-one"
g checkout -q main && g merge -q --ff-only fast
# With a merge commit, the posted date is the merge's.
g checkout -q -b merged
at 2026-01-09T15:00:00Z
other merged-one && commit "Post merged-one"
g checkout -q main
at 2026-01-10T15:00:00Z
g merge -q --no-ff -m "Merge merged-one" merged

# 2026-02-20T20:00Z: after 14:00 in Toronto, before 14:00 in Vancouver,
# the zone the site had then. An amendment, judged by the rules of then.
at 2026-02-20T20:00:00Z
sed -i 's/^value: 4500/value: 4600/' "$site/opportunities/zone-one.yml"
commit "Pay more for zone-one"
at 2026-02-21T15:00:00Z
sed -i 's|^time_zone: .*|time_zone: America/Toronto|' "$site/_data/site.yml"
commit "Back to Toronto"

# After closing (2026-02-20): a term changed around the check.
at 2026-03-01T15:00:00Z
sed -i 's/^value: 5000/value: 9000/' "$site/$opp"
commit 'Raise the value "quickly"'
# A correction, merged by a maintainer with the trailer.
g checkout -q -b fix
at 2026-03-02T14:00:00Z
sed -i 's/^    ### Background/    ### Background of the work/' "$site/$opp"
commit "Fix the description"
g checkout -q main
at 2026-03-02T15:00:00Z
g merge -q --no-ff -m "Merge the fix" -m "Correction: a word was missing" fix
# A correction trailer does not cover terms: the text is corrected, the
# contact change is a violation.
at 2026-03-03T15:00:00Z
sed -i -e 's/^contact: .*/contact: other@example.gc.ca/' \
    -e 's/^  summary: Write a script/  summary: Write one script/' "$site/$opp"
g add -A && g commit -qm "Fix the summary" -m "Correction: clearer summary"
# Text changed after closing with no trailer.
at 2026-03-04T15:00:00Z
sed -i 's/^  title: "Clean  up/  title: "Tidy up/' "$site/$opp"
commit "Retitle"
# Renamed, deleted then restored, deleted for good.
at 2026-03-05T15:00:00Z
g mv opportunities/renamed-one.yml opportunities/renamed-two.yml
commit "Rename"
at 2026-03-06T15:00:00Z
g rm -q opportunities/deleted-one.yml opportunities/gone-one.yml
commit "Delete two"
at 2026-03-07T15:00:00Z
g checkout -q HEAD~1 -- opportunities/deleted-one.yml
commit "Restore one"
# A commit message is anyone's bytes: control characters and invalid
# UTF-8 in a subject or a reason are shown as U+FFFD.
at 2026-03-08T15:00:00Z
sed -i -e 's/^  summary: Write a script/  summary: Write one script/' \
    -e 's/^value: 4500/value: 4700/' "$site/opportunities/deleted-one.yml"
g add -A && g commit -q -m "$(printf 'Odd \033[31m subject \377')" \
    -m "$(printf 'Correction: odd \001 reason \377 <b>')"
