#!/bin/sh
# Build marche from the source folder SRC (default: this repository) and
# install it with its manual pages under PREFIX (default /usr/local). The
# container image (Dockerfile) runs exactly this; so can anyone else.
#   sh scripts/build-install.sh [SRC [BUILD]]
# DESTDIR, when set, is prepended to the installed paths.
set -eu
src=${1:-$(cd "$(dirname "$0")/.." && pwd)}
build=${2:-$src/build-release}
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release \
	-DCMAKE_INSTALL_PREFIX="${PREFIX:-/usr/local}"
cmake --build "$build" -j2 --target marche
cmake --install "$build"
