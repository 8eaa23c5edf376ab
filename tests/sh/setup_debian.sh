# scripts/setup-debian.sh takes the Debian mirror from the machine's own
# APT sources (one-line and deb822 forms), and --build-only installs only
# what building and checking need.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

setup=$MARCHE_SOURCE_DIR/scripts/setup-debian.sh
mirror() { MARCHE_APT_DIR=$1 MARCHE_CODENAME=bookworm sh "$setup" --print-mirror; }

a=$SCRATCH/one-line
mkdir -p "$a/sources.list.d"
cat > "$a/sources.list" <<'SRC'
# a comment
deb http://security.debian.org/debian-security bookworm-security main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://mirror.example.ca/debian bookworm main
SRC
ok "one-line sources: the release's mirror, options skipped" test "$(mirror "$a")" = http://mirror.example.ca/debian

b=$SCRATCH/deb822
mkdir -p "$b/sources.list.d"
cat > "$b/sources.list.d/a-vendor.sources" <<'SRC'
Types: deb
URIs: https://deb.nodesource.com/node_20.x
Suites: nodistro
Components: main
SRC
cat > "$b/sources.list.d/debian.sources" <<'SRC'
Types: deb
URIs: http://apt-proxy.internal:3142/debian-security
Suites: bookworm-security
Components: main

Types: deb
URIs: http://old.example.ca/debian
Suites: bookworm
Enabled: no

Types: deb
URIs: http://apt-proxy.internal:3142/debian
Suites: bookworm bookworm-updates
Components: main
SRC
ok "deb822 sources: the release's enabled stanza" test "$(mirror "$b")" = http://apt-proxy.internal:3142/debian

c=$SCRATCH/none
mkdir -p "$c"
ok "no sources: the public mirror" test "$(mirror "$c")" = http://deb.debian.org/debian

sh "$setup" --print-packages > "$SCRATCH/all"
sh "$setup" --build-only --print-packages > "$SCRATCH/build"
ok "build-only: the libraries" grep -qx libcmark-gfm-extensions-dev "$SCRATCH/build"
ok "build-only: libzstd (texts packed in memory)" grep -qx libzstd-dev "$SCRATCH/build"
ok "build-only: libcrypto (blob ids)" grep -qx libssl-dev "$SCRATCH/build"
ok "build-only: gettext (msgfmt, xgettext)" grep -qx gettext "$SCRATCH/build"
ok "build-only: no browser" sh -c "! grep -qx chromium '$SCRATCH/build'"
ok "build-only: no Java" sh -c "! grep -qx default-jre-headless '$SCRATCH/build'"
ok "default: the test tools too" grep -qx chromium "$SCRATCH/all"
ok "extra packages are added" sh -c "sh '$setup' --build-only --print-packages shellcheck | grep -qx shellcheck"
if command -v shellcheck > /dev/null 2>&1; then
	ok "shellcheck" shellcheck -S warning "$setup"
fi
finish
