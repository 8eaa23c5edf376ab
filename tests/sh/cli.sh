# The command line: help, version, usage errors and their exit codes.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

"$MARCHE_BIN" --version > "$SCRATCH/out"
ok "--version exits 0" test $? -eq 0
ok "--version names the program" grep -Eq '^marche [0-9]+\.[0-9]+\.[0-9]+$' "$SCRATCH/out"
for c in build check serve new; do
	"$MARCHE_BIN" "$c" --help > "$SCRATCH/out"
	ok "$c --help exits 0" test $? -eq 0
	ok "$c --help shows usage" grep -q "^usage: marche $c" "$SCRATCH/out"
done
"$MARCHE_BIN" --help | grep -q '^  check' 
ok "--help lists the commands" test $? -eq 0
"$MARCHE_BIN" 2>/dev/null
ok "no command exits 2" test $? -eq 2
"$MARCHE_BIN" frobnicate 2>"$SCRATCH/err"
ok "unknown command exits 2" test $? -eq 2
ok "unknown command is named" grep -q "unknown command 'frobnicate'" "$SCRATCH/err"
"$MARCHE_BIN" build --bogus 2>"$SCRATCH/err"
ok "unknown option exits 2" test $? -eq 2
ok "unknown option is named" grep -q "'--bogus'" "$SCRATCH/err"
"$MARCHE_BIN" check --format xml 2>/dev/null
ok "unknown format exits 2" test $? -eq 2
"$MARCHE_BIN" build --out 2>/dev/null
ok "option missing its value exits 2" test $? -eq 2
"$MARCHE_BIN" check stray 2>/dev/null
ok "stray argument exits 2" test $? -eq 2
mkdir -p "$SCRATCH/empty"
(cd "$SCRATCH/empty" && GIT_CEILING_DIRECTORIES=$SCRATCH "$MARCHE_BIN" check) 2>"$SCRATCH/err"
ok "no repository exits 3" test $? -eq 3
ok "no repository is said" grep -q "Git repository" "$SCRATCH/err"
# MARCHE_TIMINGS prints where the time went, stage by stage, and only then.
site=$SCRATCH/timings
copy_bundled "$site"
(cd "$site" && git init -q && git add -A && git -c user.name=t -c user.email=t@example.org commit -qm init)
(cd "$site" && MARCHE_TIMINGS=1 "$MARCHE_BIN" check --now 2026-01-01T00:00:00Z) >/dev/null 2>"$SCRATCH/err"
for stage in "read sources" "opportunities" "history, dates" "render, write"; do
	ok "MARCHE_TIMINGS times '$stage'" grep -Eq "^marche: timing: $stage +[0-9]+\.[0-9]{3} s wall, +[0-9]+\.[0-9]{3} s cpu(, +[0-9]+\.[0-9] MiB resident \([0-9]+\.[0-9] MiB of files\), +[0-9]+\.[0-9] MiB peak)?\$" "$SCRATCH/err"
done
# Where Linux tells it, each stage also says the memory resident then.
if [ -r /proc/self/status ]; then
	ok "MARCHE_TIMINGS tells resident memory" grep -Eq "^marche: timing: render, write .* s cpu, +[0-9]+\.[0-9] MiB resident \([0-9]+\.[0-9] MiB of files\), +[0-9]+\.[0-9] MiB peak\$" "$SCRATCH/err"
fi
(cd "$site" && "$MARCHE_BIN" check --now 2026-01-01T00:00:00Z) >/dev/null 2>"$SCRATCH/err"
ok "no timings without MARCHE_TIMINGS" sh -c "! grep -q 'timing' '$SCRATCH/err'"
finish
