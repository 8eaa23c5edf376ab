# cmake --install puts marche and both manual pages in place (a DESTDIR
# install of the tested build), and the container image's definition only
# uses files that exist. The image itself needs Docker to build.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

build=$(dirname "$MARCHE_BIN")
root=$SCRATCH/root
DESTDIR=$root cmake --install "$build" --prefix /usr/local > "$SCRATCH/out" 2>&1
ok "cmake --install succeeds" test $? -eq 0
ok "installs marche" test -x "$root/usr/local/bin/marche"
ok "installs marche(1)" cmp -s "$root/usr/local/share/man/man1/marche.1" "$MARCHE_SOURCE_DIR/generator/man/marche.1"
ok "installs marche(5)" cmp -s "$root/usr/local/share/man/man5/marche.5" "$MARCHE_SOURCE_DIR/generator/man/marche.5"
"$root/usr/local/bin/marche" --version | grep -q '^marche '
ok "the installed program runs" test $? -eq 0
if command -v man > /dev/null 2>&1; then
	ok "man 5 marche finds the page" sh -c "MANPATH='$root/usr/local/share/man' man -w 5 marche | grep -q 'man5/marche.5'"
fi

# The Dockerfile: every file it copies exists, the build script it runs is
# the one in scripts/, and the dev container builds from it.
df=$MARCHE_SOURCE_DIR/Dockerfile
sed -n 's/^COPY \([^ ]*\) .*/\1/p' "$df" > "$SCRATCH/copies"
ok "Dockerfile copies something" test -s "$SCRATCH/copies"
while read -r f; do
	ok "Dockerfile: $f exists" test -e "$MARCHE_SOURCE_DIR/$f"
done < "$SCRATCH/copies"
ok "Dockerfile: build-only packages" grep -q 'setup-debian.sh --build-only' "$df"
ok "Dockerfile: builds with scripts/build-install.sh" grep -q 'scripts/build-install.sh' "$df"
ok "build-install.sh: shellcheck" sh -c "! command -v shellcheck >/dev/null || shellcheck -S warning '$MARCHE_SOURCE_DIR/scripts/build-install.sh'"
/usr/bin/python3 - "$MARCHE_SOURCE_DIR/.devcontainer/devcontainer.json" <<'PY'
import json, os, sys
c = json.load(open(sys.argv[1]))
df = os.path.join(os.path.dirname(sys.argv[1]), c["build"]["dockerfile"])
sys.exit(0 if os.path.isfile(df) and 4000 in c["forwardPorts"] else 1)
PY
ok "devcontainer.json builds from the Dockerfile and forwards the preview" test $? -eq 0
if command -v hadolint > /dev/null 2>&1; then
	ok "hadolint" hadolint "$df"
fi
finish
