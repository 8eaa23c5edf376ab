# marche serve after a series of edits: each rebuild leaves the output
# folder byte for byte what a fresh marche build of the same tree
# writes (also after a commit moves HEAD, after .gitignore and the index
# change, when files of the output
# folder were changed by something else, and after edits to opportunity
# files alone, which render again only the pages they change), a failed build keeps the last
# good output and shows its report on served pages, and open pages are
# told of each build by /__marche/events. Run with inotify, then with
# --poll (the fallback).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

NOW=2026-01-15T12:00:00Z
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$SCRATCH"' EXIT

get() {	# get PATH: the body, on stdout
	/usr/bin/python3 - "$port" "$1" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=30)
c.request("GET", sys.argv[2])
sys.stdout.write(c.getresponse().read().decode("utf-8", "replace"))
PY
}
# builds: the number of builds done. A request that gets no answer (a
# machine loaded by the sanitizer build) is asked again, never taken for
# a number.
builds() {
	for i in $(seq 1 20); do
		b=$(get /__marche/status 2>/dev/null | cut -d ' ' -f 1)
		case $b in
		''|*[!0-9]*) sleep 0.2 ;;
		*) echo "$b"; return 0 ;;
		esac
	done
	return 1
}
# settle N: wait until more than N builds are done and none is under way.
settle() {
	for i in $(seq 1 200); do
		st=$(get /__marche/status 2>/dev/null)
		set -- "$1" $st
		case $2 in
		''|*[!0-9]*) sleep 0.05; continue ;;
		esac
		[ "$2" -gt "$1" ] && [ "$4" = idle ] && return 0
		sleep 0.05
	done
	return 1
}
# edit FILE SED-ARGUMENTS...: change FILE in one move (a rename from
# outside the site), leaving no temporary file in the site at any time.
edit() {
	f=$1; shift
	sed "$@" "$f" > "$SCRATCH/edit.tmp" && mv -f "$SCRATCH/edit.tmp" "$f"
}
# same NAME: the served output is what a fresh build writes.
same() {
	rm -rf "$SCRATCH/fresh"
	"$MARCHE_BIN" build --repo "$site" --now "$NOW" --out "$SCRATCH/fresh" \
	    > /dev/null 2>&1
	ok "$mode: $1: output as a fresh build's" \
	    diff -r "$SCRATCH/fresh" "$SCRATCH/out"
}
# step NAME COMMAND...: run an edit, wait for its build, compare.
# step NAME COMMAND...: make a change, wait until serve has rebuilt and
# no build has started for a second (three polls: a change made in
# several moves, such as git add then commit, or a poll that sees a file
# in the middle of being written, may start a build before the last
# move), then compare with a fresh build.
step() {
	what=$1; shift
	n=$(builds)
	"$@"
	ok "$mode: $what: rebuilt" settle "$n"
	for i in $(seq 1 20); do
		n=$(builds)
		sleep 1
		[ "$(builds)" = "$n" ] && settle $((n - 1)) && break
		settle "$n"
	done
	same "$what"
}
# fails NAME PATTERN COMMAND...: make a change whose build fails: the
# status says so and the log holds PATTERN.
fails() {
	what=$1 pattern=$2
	shift 2
	n=$(builds)
	"$@"
	ok "$mode: $what: built" settle "$n"
	get /__marche/status | grep -q " failed "
	ok "$mode: $what: the build failed" test $? -eq 0
	ok "$mode: $what: reported" grep -qF "$pattern" "$SCRATCH/log.$mode"
}

series() {
	mode=$1 says=$2; shift 2
	site=$SCRATCH/$mode
	make_site "$site" "$TESTS/check/_base"
	(cd "$site" && git add -A && git commit -qm "First version")
	rm -rf "$SCRATCH/out"
	MARCHE_TIMINGS=1 "$MARCHE_BIN" serve --repo "$site" --port 0 \
	    --now "$NOW" --out "$SCRATCH/out" "$@" > "$SCRATCH/log.$mode" 2>&1 &
	pid=$!
	port=$(serve_port "$SCRATCH/log.$mode")
	ok "$mode: listens" test -n "$port"
	ok "$mode: says how it watches" grep -q "$says" "$SCRATCH/log.$mode"
	same "first build"
	# The files the first build wrote are trusted from then on, their
	# folders watched: one changed by something else before the first
	# edit is written again all the same.
	echo changed > "$SCRATCH/out/en/about.html"
	echo changed > "$SCRATCH/out/en/opportunities/data-cleanup.ics"

	# Open pages are told of the next build.
	curl -sN --max-time 5 "http://127.0.0.1:$port/__marche/events?since=$(builds)" \
	    > "$SCRATCH/events" 2>/dev/null &
	curlpid=$!
	sleep 0.3
	opp=$site/opportunities/data-cleanup.yml
	step "retitle an opportunity" \
	    sed -i 's/title: Clean up an open data set/title: Tidy a data set/' "$opp"
	wait $curlpid
	ok "$mode: an event after the edit" grep -q "^data: [0-9]" "$SCRATCH/events"
	get /en/opportunities/data-cleanup.html | grep -q "Tidy a data set"
	ok "$mode: the new title is served" test $? -eq 0
	# Pages that do not show the opportunity are kept as they are.
	ok "$mode: only pages showing it are rendered again" \
	    grep -q "rendered, [0-9]* unchanged)" "$SCRATCH/log.$mode"

	step "add an opportunity" sh -c "sed -e 's/Tidy a data set/A second data set/' \
	    -e 's/slug: nettoyage-donnees/slug: second-jeu/' '$opp' \
	    > '$site/opportunities/second-set.yml'"
	ok "$mode: the listing shows it" grep -q "A second data set" \
	    "$SCRATCH/out/en/opportunities/index.html"
	# Edits to opportunity files alone rebuild only what they change.
	other=$site/opportunities/second-set.yml
	step "an opportunity's skills" \
	    sed -i 's/skills: \[python\]/skills: [accessibility]/' "$other"
	ok "$mode: the new skill's page" \
	    test -f "$SCRATCH/out/en/skills/accessibility.html"
	step "an opportunity's summary" \
	    sed -i 's/summary: Write a script/summary: Write a small script/' "$opp"
	# An edit to one language's text alone renders again only the
	# pages of that language that list the opportunity: the other
	# language's are kept, their files untouched.
	lists() { stat -c '%i %y %z' "$SCRATCH/out/en/opportunities/index.html" \
	    "$SCRATCH/out/en/skills/python.html" "$SCRATCH/out/en/index.html"; }
	rendered() { grep '^built' "$SCRATCH/log.$mode" | tail -n 1 |
	    sed -n 's/.*(\([0-9]*\) rendered.*/\1/p'; }
	# These steps count what the edit's own build rendered, so the file
	# changes in one move: sed -i makes its temporary file beside it,
	# and a poll that sees that file (a loaded machine) builds with a
	# stray file in opportunities/, then builds everything again.
	step "both languages' titles" edit "$opp" \
	    -e 's/title: Tidy a data set/title: Tidy one data set/' \
	    -e 's/title: Nettoyer un jeu/title: Nettoyer ce jeu/'
	both=$(rendered)
	before=$(lists)
	step "the French title alone" \
	    edit "$opp" 's/title: Nettoyer ce jeu/title: Nettoyer un jeu/'
	ok "$mode: the French title alone: on the French listing" grep -q \
	    "Nettoyer un jeu" "$SCRATCH/out/fr/opportunities/index.html"
	ok "$mode: the French title alone: on the French skill page" grep -q \
	    "Nettoyer un jeu" "$SCRATCH/out/fr/skills/python.html"
	ok "$mode: the French title alone: English lists untouched" \
	    test "$(lists)" = "$before"
	ok "$mode: the French title alone: English lists not rendered" \
	    test "$(rendered)" -lt "$both"
	step "the English title alone" \
	    edit "$opp" 's/title: Tidy one data set/title: Tidy a data set/'
	ok "$mode: the English title alone: on the English skill page" grep -q \
	    "Tidy a data set" "$SCRATCH/out/en/skills/python.html"
	ok "$mode: the English title alone: French lists not rendered" \
	    test "$(rendered)" -lt "$both"
	# Told by inotify which files changed, serve reads only them: not
	# the one edited just before, which a look at every file's stat()
	# reads again (changed less than two seconds before it was read).
	if [ "$mode" = inotify ]; then
		step "an opportunity just after another" \
		    edit "$opp" 's/summary: Write a small script/summary: Write a tiny script/'
		step "another opportunity just after" \
		    edit "$other" 's/title: A second data set/title: A 2nd data set/'
		ok "$mode: only the file told changed is read" \
		    sh -c "grep '^built' '$SCRATCH/log.$mode' | tail -n 1 |
		    grep -q 'read 1 input file\$'"
		step "back as it was" sh -c "sed -i 's/A 2nd data set/A second data set/' '$other' &&
		    sed -i 's/Write a tiny script/Write a small script/' '$opp'"
		# A burst of events waits for quiet before the build: 40 ms
		# while a file may still be being written, 8 ms once the
		# last event leaves it whole (written and closed). The waits
		# chosen are read from MARCHE_TIMINGS, not timed.
		cp "$site/site/en/about.md" "$SCRATCH/about.keep"
		n=$(builds)
		k=$(grep -c 'timing: serve: quiet before' "$SCRATCH/log.$mode")
		/usr/bin/python3 - "$site/site/en/about.md" <<'PY'
import sys, time
f = open(sys.argv[1], "a")
f.write("\nStill being written.\n")
f.flush()
time.sleep(1.0)
f.write("Written.\n")
f.close()
PY
		ok "$mode: a file written in two steps: rebuilt twice" \
		    settle $((n + 1))
		grep 'timing: serve: quiet before' "$SCRATCH/log.$mode" |
		    tail -n +$((k + 1)) | awk '{ print $(NF - 1) }' \
		    > "$SCRATCH/quiet"
		ok "$mode: a file still open waits 40 ms of quiet" \
		    test "$(head -n 1 "$SCRATCH/quiet")" = 40
		ok "$mode: a file written and closed waits 8 ms" \
		    test "$(tail -n 1 "$SCRATCH/quiet")" = 8
		same "a file written in two steps"
		step "the page as it was" cp "$SCRATCH/about.keep" "$site/site/en/about.md"
	fi
	step "an opportunity is cancelled" \
	    sed -i 's/^contact:/status: cancelled\ncontact:/' "$other"
	step "an opportunity closed last year" sed -i \
	    -e 's/closing: 2026-02-20/closing: 2025-06-20/' \
	    -e 's/selection: 2026-02-25/selection: 2025-06-25/' \
	    -e 's/start: 2026-03-02/start: 2025-07-02/' \
	    -e 's/delivery: 2026-03-27/delivery: 2025-07-27/' \
	    -e '/^questions:/,$d' -e '/^status: cancelled/d' "$other"
	ok "$mode: an outcome overdue: warned" grep -q "with no outcome" \
	    "$SCRATCH/log.$mode"
	warned=$(grep -c "with no outcome" "$SCRATCH/log.$mode")
	step "an opportunity's slug" sed -i 's/slug: nettoyage-donnees/slug: donnees-propres/' "$opp"
	# What falls due is worked out again only for the files read: the
	# other opportunity's warning stands.
	ok "$mode: an outcome overdue: still warned after another's edit" \
	    test "$(grep -c "with no outcome" "$SCRATCH/log.$mode")" -gt "$warned"
	# Only the links of pages rendered again are checked, unless a file
	# of the last build is no longer written: then a page kept as it
	# was may link to it.
	step "a page links to an opportunity" sh -c "printf '\n[Data](../fr/opportunities/donnees-propres.html)\n' \
	    >> '$site/site/en/about.md'"
	fails "a link broken on a kept page" \
	    "donnees-propres.html' on en/about.html leads to a page" \
	    sed -i 's/slug: donnees-propres/slug: donnees-nettes/' "$opp"
	step "the link mended" sed -i 's/slug: donnees-nettes/slug: donnees-propres/' "$opp"
	# Kept pages changed behind serve's back are written again.
	echo changed > "$SCRATCH/out/en/opportunities/second-set.html"
	echo changed > "$SCRATCH/out/en/about.html"
	# So are an unchanged opportunity's own files (its calendar).
	echo changed > "$SCRATCH/out/en/opportunities/second-set.ics"
	step "kept pages touched" sed -i 's/summary: Write a small script/summary: Write one script/' "$opp"
	fails "a bad opportunity (its line quoted)" "| value: -5" \
	    sed -i 's/^value: 4500/value: -5/' "$other"
	step "a bad opportunity fixed" sed -i 's/^value: -5/value: 4500/' "$other"
	# A slug made another opportunity's is found, though an edit does
	# not compare the slugs of the files it leaves.
	fails "a slug taken" \
	    "French slug 'donnees-propres' is already used by opportunities/data-cleanup.yml" \
	    sed -i 's/slug: second-jeu/slug: donnees-propres/' "$other"
	step "a slug given back" sed -i 's/slug: donnees-propres/slug: second-jeu/' "$other"
	step "an opportunity's summary, again" \
	    sed -i 's/summary: Write one script/summary: Write two scripts/' "$opp"
	# Files whose stat() is unchanged are not read again: an edit in
	# place that keeps the size, inode and modification time is seen
	# all the same (its change time moves). A build more than two
	# seconds after the last edit of $opp keeps its bytes first.
	step "another opportunity, later" sh -c "sleep 2.2 &&
	    sed -i 's/title: A second data set/title: A third data set/' '$other'"
	step "same size, inode and modification time" sh -c "
	    touch -r '$opp' '$SCRATCH/stamp' &&
	    sed 's/Write two scripts/Write six scripts/' '$opp' > '$SCRATCH/new' &&
	    cat '$SCRATCH/new' > '$opp' && touch -r '$SCRATCH/stamp' '$opp'"
	ok "$mode: same size, inode and modification time: shown" \
	    grep -rq "Write six scripts" "$SCRATCH/out/en"

	# Files changed in the output folder behind serve's back are
	# written again by the next build.
	rm "$SCRATCH/out/fr/index.html"
	echo changed > "$SCRATCH/out/en/index.html"
	step "touched output" sed -i 's/title: Tidy a data set/title: Tidy the data set/' "$opp"
	step "edit a page" sed -i 's/We are a \*test\*\./We changed./' \
	    "$site/site/en/about.md"
	# One handle on the repository serves every build: what .gitignore
	# and the index say is read again when they change.
	step "ignored pages" sh -c "printf 'site/*/extra.md\n' > '$site/.gitignore' &&
	    printf -- '---\nlayout: default\nref: extra\nlang: en\npermalink: /en/extra.html\n---\n# Extra\n' \
	    > '$site/site/en/extra.md' &&
	    printf -- '---\nlayout: default\nref: extra\nlang: fr\npermalink: /fr/extra.html\n---\n# Extra\n' \
	    > '$site/site/fr/extra.md'"
	ok "$mode: ignored pages: not built" test ! -e "$SCRATCH/out/en/extra.html"
	step "ignored pages added to the index" sh -c "cd '$site' &&
	    git add -f site/en/extra.md site/fr/extra.md"
	ok "$mode: tracked ignored pages: built" test -f "$SCRATCH/out/en/extra.html"
	step "commit (HEAD moves)" sh -c "cd '$site' && git add -A &&
	    GIT_COMMITTER_DATE=2026-01-15T12:30:00Z GIT_AUTHOR_DATE=2026-01-15T12:30:00Z \
	    git commit -qm 'Second set'"
	step "delete an opportunity" rm "$site/opportunities/second-set.yml"
	step "edit a layout" sed -i 's|<main id="main">|<main id="main" class="x">|' \
	    "$site/_layouts/default.html"
	step "edit data" sed -i 's/en: Skip to main content/en: Skip it/' \
	    "$site/_data/i18n.yml"

	cp "$site/site/en/about.md" "$SCRATCH/about.md"
	n=$(builds)
	printf '{{#oops}}\n' >> "$site/site/en/about.md"
	ok "$mode: an error: built" settle "$n"
	# The last fresh build is the last good site.
	ok "$mode: an error: the output is kept" \
	    diff -r "$SCRATCH/fresh" "$SCRATCH/out"
	ok "$mode: the error is reported" grep -q "error:" "$SCRATCH/log.$mode"
	get /__marche/status | grep -q " failed "
	ok "$mode: the status says it failed" test $? -eq 0
	get /en/about.html > "$SCRATCH/page"
	ok "$mode: the page shows the report" grep -q 'id="marche-error"' "$SCRATCH/page"
	ok "$mode: the report names the file" grep -q "site/en/about.md" "$SCRATCH/page"
	ok "$mode: the last good page is under it" grep -q "We changed." "$SCRATCH/page"
	ok "$mode: the output is not touched" \
	    sh -c "! grep -q marche-error '$SCRATCH/out/en/about.html'"
	step "fix the error" cp "$SCRATCH/about.md" "$site/site/en/about.md"
	get /en/about.html > "$SCRATCH/page"
	ok "$mode: the report is gone" sh -c "! grep -q marche-error '$SCRATCH/page'"
	get /__marche/status | grep -q " ok "
	ok "$mode: the status says ok" test $? -eq 0
	step "a new folder" sh -c "mkdir -p '$site/site/en/more' \
	    '$site/site/fr/plus' &&
	    printf -- '---\nlayout: default\nref: more\nlang: en\npermalink: /en/more/x.html\n---\n# More\n' \
	    > '$site/site/en/more/x.md' &&
	    printf -- '---\nlayout: default\nref: more\nlang: fr\npermalink: /fr/plus/x.html\n---\n# Plus\n' \
	    > '$site/site/fr/plus/x.md'"
	ok "$mode: a new folder: its page" test -f "$SCRATCH/out/fr/plus/x.html"
	step "edit in the new folder" sed -i 's/# Plus/# Encore plus/' \
	    "$site/site/fr/plus/x.md"
	ok "$mode: edit in the new folder: shown" \
	    grep -q "Encore plus" "$SCRATCH/out/fr/plus/x.html"
	ok "$mode: the built files carry no script" \
	    sh -c "! grep -rq __marche '$SCRATCH/out'"

	kill -TERM $pid
	wait $pid
	ok "$mode: stops cleanly" test $? -eq 0
	pid=
}

series inotify "told of changes by inotify"
series poll "every 300 ms" --poll
finish
