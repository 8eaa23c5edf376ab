# Obligations that fall due with time (an answer overdue, a selection
# passed with no award) never stop a build: they are warnings under
# "needs attention". A pull request that creates one is refused.
# check --due lists what falls due within a span of time.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
g() { git -C "$site" "$@"; }
opp=opportunities/data-cleanup.yml
# The question of the base site, asked 2026-01-12 10:00, left unanswered.
sed -i '/^    answered: /d; /^      answer: /d' "$site/$opp"
g add -A && g commit -qm "Site with an unanswered question" && g branch -M main
NOW=2026-01-15T12:00:00Z	# 69 hours after the question; still open

# A site with an overdue answer builds, says so, and its pages come out.
"$MARCHE_BIN" build --repo "$site" --out "$SCRATCH/out" --now $NOW \
    >"$SCRATCH/stdout" 2>"$SCRATCH/err"
ok "overdue answer: build exits 0" test $? -eq 0
ok "overdue answer: a warning under needs attention" sh -c \
    'grep -q "^needs attention" "$1" &&
    grep -q "^opportunities/data-cleanup.yml:33:12: warning: this question has waited 69 hours for an answer" "$1"' \
    sh "$SCRATCH/err"
ok "overdue answer: the English page comes out" \
    test -s "$SCRATCH/out/en/opportunities/data-cleanup.html"
ok "overdue answer: the French page comes out" \
    test -s "$SCRATCH/out/fr/opportunities/nettoyage-donnees.html"
"$MARCHE_BIN" check --repo "$site" --now $NOW >"$SCRATCH/stdout" \
    2>"$SCRATCH/err"
ok "overdue answer: check exits 0" test $? -eq 0
ok "overdue answer: check says why it passes" \
    grep -q "no problems found (see the warnings above)" "$SCRATCH/stdout"

# GitHub: an annotation, and a "Needs attention" list in the summary.
GITHUB_STEP_SUMMARY=$SCRATCH/summary "$MARCHE_BIN" check --repo "$site" \
    --now $NOW --format github >/dev/null 2>"$SCRATCH/err"
ok "github: exit 0" test $? -eq 0
ok "github: warning annotation" grep -q \
    "^::warning file=opportunities/data-cleanup.yml,line=33,col=12::this question has waited" \
    "$SCRATCH/err"
ok "summary: needs attention section" sh -c \
    'grep -q "^### Needs attention" "$1" && grep -q "^- . opportunities/data-cleanup.yml:33:12 . . this question has waited" "$1" && ! grep -q "^| . opportunities/data-cleanup.yml:33" "$1"' \
    sh "$SCRATCH/summary"

# Pull requests, checked with the rules of a change.
branch() { g checkout -q -b "$1" main; }
commit() { g add -A && g commit -qm "$1" && g checkout -q main; }
check() {	# check BRANCH NOW: exit status in $st, diagnostics in err
	"$MARCHE_BIN" check --repo "$site" --base main --head "$1" --now "$2" \
	    >/dev/null 2>"$SCRATCH/err"
	st=$?
}
question() {	# question ASKED [ANSWERED]: append a question to the file
	printf '  - asked: %s\n' "$1" >> "$site/$opp"
	[ -n "${2:-}" ] && printf '    answered: %s\n' "$2" >> "$site/$opp"
	for l in en fr; do
		printf '    %s:\n      question: Q?\n' $l >> "$site/$opp"
		[ -n "${2:-}" ] && printf '      answer: A.\n' >> "$site/$opp"
	done
}

# A change that does not touch the question: the delay is time's doing.
branch unrelated
sed -i 's/The data set has/The whole data set has/' "$site/$opp"
commit "Amend the description"
check unrelated $NOW
ok "unrelated change: exit 0" test "$st" -eq 0
ok "unrelated change: overdue answer is a warning" grep -q \
    "33:12: warning: this question has waited 69 hours" "$SCRATCH/err"

# Adding a question that is already overdue creates the breach.
branch add-overdue
question 2026-01-10T09:00:00-05:00
commit "Record an old question"
check add-overdue $NOW
ok "added overdue question: exit 1" test "$st" -eq 1
ok "added overdue question: error at its asked line" grep -q \
    "^opportunities/data-cleanup.yml:38:12: error: this pull request leaves this question without an answer 4 days after it was asked" \
    "$SCRATCH/err"
ok "added overdue question: the old one stays a warning" grep -q \
    "33:12: warning: this question has waited 69 hours" "$SCRATCH/err"

# Adding a question with an answer later than the delay, likewise.
branch add-late
question 2026-01-10T09:00:00-05:00 2026-01-14T09:00:00-05:00
commit "Record an old question and its late answer"
check add-late $NOW
ok "added late answer: exit 1" test "$st" -eq 1
ok "added late answer: error at answered" grep -q \
    "^opportunities/data-cleanup.yml:39:15: error: this pull request records an answer 96 hours after the question" \
    "$SCRATCH/err"

# Answering the overdue question late is the fix, not a new breach.
branch answer-late
sed -i 's/^  - asked: 2026-01-12T10:00:00-05:00$/&\n    answered: 2026-01-15T11:00:00-05:00/' "$site/$opp"
sed -i 's/^      question: Which Python version?$/&\n      answer: 3.11./; s/^      question: Quelle version de Python?$/&\n      answer: 3.11./' "$site/$opp"
commit "Answer the question"
check answer-late $NOW
ok "late answer to an old question: exit 0" test "$st" -eq 0
ok "late answer to an old question: a note" grep -q \
    "34:15: note: answered 73 hours after the question, later than the 48 hours" "$SCRATCH/err"

# Removing an answer given on time brings the delay back: an error.
check_on() {	# check_on BASE BRANCH NOW
	"$MARCHE_BIN" check --repo "$site" --base "$1" --head "$2" --now "$3" \
	    >/dev/null 2>"$SCRATCH/err"
	st=$?
}
g checkout -q answer-late
sed -i 's/^    answered: .*/    answered: 2026-01-13T09:00:00-05:00/' "$site/$opp"
g add -A && g commit -qm "Answered on time" && g branch answered
g checkout -q -b drop-answer
sed -i '/^    answered: /d; /^      answer: /d' "$site/$opp"
g add -A && g commit -qm "Drop the answer" && g checkout -q main
check_on answered drop-answer $NOW
ok "dropped answer: exit 1" test "$st" -eq 1
ok "dropped answer: error at asked" grep -q \
    "^opportunities/data-cleanup.yml:33:12: error: this pull request leaves this question without an answer 69 hours after it was asked" \
    "$SCRATCH/err"

# After the selection date, reopening a cancelled opportunity is an
# error; a change that leaves an open one as it was, a warning.
FEB=2026-02-27T12:00:00Z
g checkout -q -b cancelled answered
sed -i 's/^contact: .*/&\nstatus: cancelled/' "$site/$opp"
g add -A && g commit -qm "Cancel" && g checkout -q -b reopen
sed -i '/^status: cancelled$/d' "$site/$opp"
g add -A && g commit -qm "Reopen" && g checkout -q main
check_on cancelled reopen $FEB
ok "reopened after selection: exit 1" test "$st" -eq 1
ok "reopened after selection: error at selection" grep -q \
    "^opportunities/data-cleanup.yml:4:12: error: the selection date (February 25, 2026) has passed with no award: .* (this pull request brings that about)" \
    "$SCRATCH/err"
g checkout -q -b answers-fr answered
sed -i 's/^      answer: 3.11.$/      answer: Python 3.11./' "$site/$opp"
g add -A && g commit -qm "Fix an answer" && g checkout -q main
check_on answered answers-fr $FEB
ok "still open after selection: exit 0" test "$st" -eq 0
ok "still open after selection: a warning" grep -q \
    "^opportunities/data-cleanup.yml:4:12: warning: the selection date (February 25, 2026) has passed with no award" \
    "$SCRATCH/err"

# check --due: what falls due within the span, at a fixed moment.
due() {	# due NOW SPAN [ARGS...]: exit status in $st, output in out/err
	n=$1 s=$2; shift 2
	"$MARCHE_BIN" check --repo "$site" --now "$n" --due "$s" "$@" \
	    >"$SCRATCH/dout" 2>"$SCRATCH/err"
	st=$?
}
g checkout -q answer-late
due 2026-01-16T12:00:00Z 3d
ok "due: nothing within 3 days: exit 0" test "$st" -eq 0
ok "due: nothing listed" sh -c '! grep -q "needs attention" "$1"' sh "$SCRATCH/err"
due 2026-02-18T12:00:00Z 3d
ok "due: closing within 3 days: exit 1" test "$st" -eq 1
ok "due: closing listed at its position" grep -q \
    "^opportunities/data-cleanup.yml:3:10: note: closes February 20, 2026 at 2:00.p.m. EST (in 55 hours)" \
    "$SCRATCH/err"
ok "due: selection not yet within 3 days" sh -c '! grep -q "selected by" "$1"' sh "$SCRATCH/err"
ok "due: the count on stdout" grep -q "^1 item overdue or due within 3d" "$SCRATCH/dout"
sed 's/^closing: .*/&\nquestions_deadline: 2026-02-19T14:00:00-05:00/' \
    "$site/$opp" > "$SCRATCH/with-deadline.yml"
cp "$SCRATCH/with-deadline.yml" "$site/$opp"
due 2026-02-18T12:00:00Z 3d
ok "due: the questions deadline listed" grep -q \
    "^opportunities/data-cleanup.yml:4:21: note: questions close February 19, 2026 at 2:00.p.m. EST (in 31 hours)" \
    "$SCRATCH/err"
g checkout -q -- "$opp"
due 2026-02-18T12:00:00Z P1DT12H
ok "due: ISO 8601 span, nothing within 36 hours" test "$st" -eq 0
due 2026-02-21T12:00:00Z 5d
ok "due: selection within 5 days" grep -q \
    "^opportunities/data-cleanup.yml:4:12: note: a supplier is to be selected by February 26, 2026 at 12:00.a.m. EST (in 4 days)" \
    "$SCRATCH/err"
ok "due: closed, so no closing listed" sh -c '! grep -q "note: closes" "$1"' sh "$SCRATCH/err"
g checkout -q main
due 2026-01-14T00:00:00Z 48h --format json
ok "due json: exit 1" test "$st" -eq 1
ok "due json: the answer, on stdout" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
x = [o for o in d if o["attention"]]
assert len(x) == 1, d
assert (x[0]["line"], x[0]["column"], x[0]["severity"]) == (33, 12, "note"), x
assert x[0]["message"].startswith("an answer to this question is due by January 14, 2026 at 10:00"), x
' "$SCRATCH/dout"
due 2026-01-14T00:00:00Z 48h --format github
ok "due github: a notice annotation" grep -q \
    "^::notice file=opportunities/data-cleanup.yml,line=33,col=12::an answer to this question is due by" \
    "$SCRATCH/err"
due 2026-01-15T12:00:00Z 1h
ok "due: overdue counts too: exit 1" test "$st" -eq 1
for bad in 3x 0h h 3d2d PT3D P36H 99999d ""; do
	"$MARCHE_BIN" check --repo "$site" --due "$bad" >/dev/null 2>&1
	ok "due: '$bad' is a usage error" test $? -eq 2
done
finish
