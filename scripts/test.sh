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
	ctest --test-dir "$dir" --output-on-failure -j "$jobs"
}

echo "== tests =="
run_suite build -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== tests under AddressSanitizer and UndefinedBehaviorSanitizer =="
run_suite build-asan -DCMAKE_BUILD_TYPE=Debug -DMARCHE_SANITIZE=ON
