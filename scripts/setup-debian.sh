#!/bin/sh
# Install everything marche needs to build and test, from Debian's packages.
#
# Debian 12 ships libcmark-gfm 0.29.0.gfm.6, which lacks the 2023 fixes for
# polynomial-time inputs (CVE-2023-22483, -22486, -24824, -37463) and an
# out-of-bounds read (CVE-2023-22485). On Debian 12 this script adds the
# Debian 13 (trixie) archive with an apt pin that admits only the cmark-gfm
# packages; every other package still comes from Debian 12. On Debian 13 and
# later the distribution's own packages are used as they are.
#
# Usage: sh scripts/setup-debian.sh [--build-only] [EXTRA-PACKAGE...]
#   --build-only    only what building marche and checking a site need (no
#                   browser, Java or test tools): for CI checks and images
#   --print-mirror  print the Debian mirror this machine's APT sources name,
#                   which the trixie source above uses too, and stop
#   --print-packages  print the packages it would install, and stop
# MARCHE_APT_DIR (default /etc/apt) is where the APT sources are read.
set -eu

build_only=
print_mirror=
print_packages=
while [ $# -gt 0 ]; do
	case $1 in
	--build-only) build_only=1; shift ;;
	--print-mirror) print_mirror=1; shift ;;
	--print-packages) print_packages=1; shift ;;
	*) break ;;
	esac
done

# The Debian mirror this machine already uses, so that a local mirror or a
# caching proxy serves trixie too: the first URI that serves this release's
# own suite (not its -security or -updates suites, nor another vendor's
# archive) in sources.list, *.list (one-line form) or *.sources (deb822
# form); the public mirror when there is none.
. /etc/os-release
codename=${MARCHE_CODENAME:-${VERSION_CODENAME:-}}
apt_dir=${MARCHE_APT_DIR:-/etc/apt}
mirror=$(
	{
		cat "$apt_dir/sources.list" "$apt_dir"/sources.list.d/*.list 2>/dev/null |
			sed -E 's/\[[^]]*\]//' |
			awk -v c="$codename" '$1 == "deb" && $3 == c { print $2 }'
		for f in "$apt_dir"/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk -v c="$codename" '
			function flush() { if (ok && en) print uris; uris = ""; ok = 0; en = 1 }
			BEGIN { en = 1 }
			/^[[:space:]]*$/ { flush(); next }
			$1 == "URIs:" { $1 = ""; uris = $0 }
			$1 == "Suites:" { for (i = 2; i <= NF; i++) if ($i == c) ok = 1 }
			$1 == "Enabled:" && $2 == "no" { en = 0 }
			END { flush() }' "$f"
		done
	} | tr ' ' '\n' | grep -v '^$' | head -n 1
)
mirror=${mirror:-http://deb.debian.org/debian}
if [ -n "$print_mirror" ]; then
	echo "$mirror"
	exit 0
fi

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

# Build: compiler, CMake and the libraries, and gettext (msgfmt compiles
# the French messages, xgettext extracts them); with them marche builds
# and checks a site. npm installs the design system's files that a site's
# build copies (`npm ci`, see package.json); keep an installed Node.js
# (for example a newer one) rather than replacing it.
build_packages="build-essential cmake pkg-config git ca-certificates gettext
	libgit2-dev libyaml-dev libicu-dev libmicrohttpd-dev libcurl4-openssl-dev
	libzstd-dev libssl-dev libcmark-gfm-dev libcmark-gfm-extensions-dev"
command -v npm >/dev/null 2>&1 || build_packages="$build_packages nodejs npm"
# Tests: mandoc (manual pages), python3 with icalendar and jsonschema,
# xmllint and trang (feeds, sitemap), chromium and a Java runtime (browser
# and HTML checks; Node.js runs the browser tests).
# Fuzzing: clang and its runtime libraries (libFuzzer, the sanitizers).
test_packages="mandoc python3 python3-icalendar python3-jsonschema python3-yaml
	libxml2-utils trang chromium default-jre-headless clang libclang-rt-dev"
[ -z "$build_only" ] || test_packages=
if [ -n "$print_packages" ]; then
	# shellcheck disable=SC2086
	printf '%s\n' $build_packages $test_packages "$@"
	exit 0
fi


if [ "${VERSION_CODENAME:-}" = "bookworm" ]; then
	$SUDO tee /etc/apt/sources.list.d/marche-trixie.sources >/dev/null <<SRC
Types: deb
URIs: $mirror
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	$SUDO tee /etc/apt/preferences.d/marche-cmark-gfm >/dev/null <<'PIN'
# Nothing from trixie unless named below.
Package: *
Pin: release n=trixie
Pin-Priority: -10

# cmark-gfm >= 0.29.0.gfm.13 (security fixes missing from Debian 12).
Package: libcmark-gfm-dev libcmark-gfm-extensions-dev libcmark-gfm0.29.0.gfm.13 libcmark-gfm-extensions0.29.0.gfm.13
Pin: release n=trixie
Pin-Priority: 990
PIN
fi

$SUDO apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
	$build_packages $test_packages "$@"
