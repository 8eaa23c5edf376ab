# French as a Canadian French editor writes it: a no-break space (U+00A0)
# before ':' and a narrow no-break space (U+202F) or no-break space before
# ';', '?' and '!', never a plain space that lets the sign start a line;
# and no-break spaces inside « guillemets ». Checked over every French
# interface string and every French page's prose (code is left alone).
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

python3 - "$MARCHE_SOURCE_DIR" >"$SCRATCH/report" 2>&1 <<'PY'
import glob, os, re, sys, yaml
root = sys.argv[1]
bad = re.compile(r'( [:;?!»])|(« )')
problems = []

def look(where, text):
    for m in bad.finditer(text):
        problems.append('%s: plain space in %r' % (where, text[max(0, m.start() - 20):m.end() + 5]))

with open(os.path.join(root, '_data/i18n.yml'), encoding='utf-8') as f:
    strings = yaml.safe_load(f)
for key, value in strings.items():
    if isinstance(value, dict) and isinstance(value.get('fr'), str):
        look('_data/i18n.yml ' + key, value['fr'])

for path in sorted(glob.glob(os.path.join(root, 'site/fr/*.md'))):
    fenced = False
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.startswith('```'):
                fenced = not fenced
                continue
            if fenced or line.startswith('    ') or line.startswith('\t'):
                continue
            # Inline code and link targets are not prose.
            prose = re.sub(r'`[^`]*`|\]\([^)]*\)', '', line)
            look('%s:%d' % (os.path.relpath(path, root), n), prose)
print('\n'.join(problems))
print('%d strings or lines with a plain space' % len(problems))
PY
if grep -q '^0 strings or lines' "$SCRATCH/report"; then
	pass
else
	cat "$SCRATCH/report"
	fail "French punctuation needs no-break spaces"
fi

# Layouts write the colon after a label with {{t.colon}}, which is
# "\u00a0:" in French, never a colon typed after the label.
if grep -nE '\}\}:|\}\} :' "$MARCHE_SOURCE_DIR"/_layouts/*.html \
    "$MARCHE_SOURCE_DIR"/_layouts/partials/*.html >"$SCRATCH/colons" 2>/dev/null; then
	cat "$SCRATCH/colons"
	fail "a layout types a colon after a label instead of {{t.colon}}"
else
	pass
fi

# Generated French text: times and money never break across lines.
nbsp=$(printf '\302\240')
out=$SCRATCH/site
"$MARCHE_BIN" build --repo "$MARCHE_SOURCE_DIR" --out "$out" \
    --now 2026-12-01T12:00:00Z >/dev/null 2>&1 || fail "the bundled site builds"
if grep -rqE '[0-9] h [0-9]|[0-9] h [A-Z]|[0-9] \$' "$out/fr"; then
	grep -rnoE '.{20}([0-9] h [0-9]|[0-9] h [A-Z]|[0-9] \$).{5}' "$out/fr" | head
	fail "a French time or amount has a plain space"
else
	pass
fi
ok "French times are written without ':00'" sh -c \
    "! grep -rq '[0-9]${nbsp}h${nbsp}00' '$out/fr'"
finish
