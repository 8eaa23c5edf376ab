#!/bin/sh
# Run the whole test suite: once as built, once under AddressSanitizer and
# UndefinedBehaviorSanitizer. The Mustache specification is read from
# ../shared/conformance/mustache-spec (or MARCHE_SHARED_DIR).
set -eu
cd "$(dirname "$0")/.."
shared=${MARCHE_SHARED_DIR:-$(pwd)/../shared}
jobs=$(nproc 2>/dev/null || echo 2)

run_suite() {
	dir=$1
	shift
	cmake -S . -B "$dir" -DMARCHE_SHARED_DIR="$shared" "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
	ctest --test-dir "$dir" --output-on-failure -j "$jobs" \
	    ${MARCHE_CTEST_EXCLUDE:+-E "$MARCHE_CTEST_EXCLUDE"}
}

# The browser tests' tools, pinned by tests/browser/package-lock.json.
npm ci --prefix tests/browser --no-audit --no-fund

echo "== tests =="
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
# Built with clang: its UndefinedBehaviorSanitizer checks more than gcc's
# (pointer arithmetic on NULL, for one). scripts/setup-debian.sh installs it.
if ! command -v clang >/dev/null 2>&1; then
	echo "error: clang is missing; run scripts/setup-debian.sh" >&2
	exit 1
fi
# The browser suite checks the pages, not the C code: once is enough.
MARCHE_CTEST_EXCLUDE=sh/browser run_suite build-asan -DCMAKE_BUILD_TYPE=Debug \
    -DMARCHE_SANITIZE=ON -DCMAKE_C_COMPILER=clang
