#!/bin/sh
# Install everything marche needs to build and test, from Debian's packages.
#
# Debian 12 ships libcmark-gfm 0.29.0.gfm.6, which lacks the 2023 fixes for
# polynomial-time inputs (CVE-2023-22483, -22486, -24824, -37463) and an
# out-of-bounds read (CVE-2023-22485). On Debian 12 this script adds the
# Debian 13 (trixie) archive with an apt pin that admits only the cmark-gfm
# packages; every other package still comes from Debian 12. On Debian 13 and
# later the distribution's own packages are used as they are.
set -eu

SUDO=
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; fi

. /etc/os-release
if [ "${VERSION_CODENAME:-}" = "bookworm" ]; then
	$SUDO tee /etc/apt/sources.list.d/marche-trixie.sources >/dev/null <<'SRC'
Types: deb
URIs: http://deb.debian.org/debian
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

# Node.js and npm run the browser tests; keep an installed Node.js (for
# example a newer one) rather than replacing it.
node=
command -v npm >/dev/null 2>&1 || node="nodejs npm"

$SUDO apt-get update
# Build: compiler, CMake and the libraries. Tests: mandoc (manual pages),
# python3 with icalendar and jsonschema, xmllint and trang (feeds, sitemap),
# chromium and a Java runtime (browser and HTML checks).
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends \
	build-essential cmake pkg-config git ca-certificates \
	libgit2-dev libyaml-dev libicu-dev libmicrohttpd-dev libcurl4-openssl-dev \
	libcmark-gfm-dev libcmark-gfm-extensions-dev \
	mandoc python3 python3-icalendar python3-jsonschema python3-yaml \
	libxml2-utils trang chromium default-jre-headless $node "$@"
