# Shared by the shell tests: where things are, and a scratch folder.
# MARCHE_BIN and MARCHE_SOURCE_DIR come from CTest.
set -u
: "${MARCHE_SOURCE_DIR:?run through ctest}"
: "${MARCHE_BIN:?run through ctest}"
TESTS=$MARCHE_SOURCE_DIR/tests
SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/marche-test.XXXXXX")
trap 'rm -rf "$SCRATCH"' EXIT
passed=0
failed=0

# Fixed identities and dates, so commits are the same on every machine.
export GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.ca
export GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.ca
export GIT_AUTHOR_DATE='2026-01-15T12:00:00Z'
export GIT_COMMITTER_DATE='2026-01-15T12:00:00Z'
export GIT_CONFIG_NOSYSTEM=1 HOME=$SCRATCH
# Messages in English whatever the machine's language (tests of the French
# ones ask for it).
unset LANGUAGE LC_ALL LC_MESSAGES
export LANG=C.UTF-8

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); printf 'FAIL: %s\n' "$*"; }

# ok NAME CONDITION...: pass when the command succeeds.
ok() {
	name=$1; shift
	if "$@"; then pass; else fail "$name"; fi
}

# make_site DIR CASE: the base site, the case's removals, then its files,
# then its setup script (run inside DIR), in a fresh Git repository.
make_site() {
	dir=$1 case=$2
	mkdir -p "$dir"
	cp -R "$TESTS/check/_base/." "$dir/"
	if [ -f "$case/remove" ]; then
		while IFS= read -r p; do rm -rf "${dir:?}/$p"; done < "$case/remove"
	fi
	if [ -d "$case/files" ]; then cp -R "$case/files/." "$dir/"; fi
	git init -q "$dir"
	if [ -f "$case/setup" ]; then (cd "$dir" && sh "$case/setup"); fi
}

# old_opportunity SITE: opportunities/old-report.yml, a copy of the base
# site's data-cleanup.yml that closed in March 2025 (without questions).
old_opportunity() {
	sed -e 's/^closing: .*/closing: 2025-03-01T14:00:00-05:00/' \
	    -e 's/^selection: .*/selection: 2025-03-05/' \
	    -e 's/^start: .*/start: 2025-03-10/' \
	    -e 's/^delivery: .*/delivery: 2025-04-01/' \
	    -e 's/nettoyage-donnees/ancien-rapport/' \
	    -e 's/^  title: Clean up an open data set/  title: An old report/' \
	    -e '/^questions:/,$d' "$1/opportunities/data-cleanup.yml" \
	    > "$1/opportunities/old-report.yml"
}

# attach_sample SITE: the base site's data-cleanup.yml gets an
# attachment, data.csv.
attach_sample() {
	mkdir -p "$1/opportunities/data-cleanup"
	printf 'a,b\n1,2\n' > "$1/opportunities/data-cleanup/data.csv"
	cat >> "$1/opportunities/data-cleanup.yml" <<'EOT'
attachments:
  - file: data.csv
    title:
      en: Sample data
      fr: Données exemples
EOT
}

# serve_port LOG: the port marche serve, writing to LOG, says it listens
# on, once it says so (waits up to 10 s; prints nothing if it never does).
serve_port() {
	for _i in $(seq 1 100); do
		_p=$(sed -n 's|^serving http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$1")
		[ -n "$_p" ] && { echo "$_p"; return 0; }
		sleep 0.1
	done
	return 1
}

finish() {
	printf '%d passed, %d failed\n' "$passed" "$failed"
	[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}

# link_npm DIR: a copy of the bundled site at DIR gets the repository's
# node_modules/ (installed by `npm ci`, README's first command), from
# which its build copies the design system's files. Call it after git
# init: the link is kept out of the site's commits.
# copy_bundled DIR: the bundled site's sources (pages, layouts, data,
# assets, opportunities) copied into DIR, which is made if needed.
copy_bundled() {
	mkdir -p "$1"
	for d in site _layouts _data assets opportunities; do
		cp -R "$MARCHE_SOURCE_DIR/$d" "$1/"
	done
}

link_npm() {
	if [ ! -d "$MARCHE_SOURCE_DIR/node_modules/@gcds-core" ]; then
		fail "node_modules/@gcds-core is missing; run: npm ci"
		return 1
	fi
	ln -s "$MARCHE_SOURCE_DIR/node_modules" "$1/node_modules"
	if [ -d "$1/.git/info" ]; then
		printf 'node_modules\n' >> "$1/.git/info/exclude"
	fi
}
