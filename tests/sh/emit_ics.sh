# iCalendar files: every line ends in CRLF and holds at most 75 octets,
# and python3-icalendar reads back each field (folding and escaping
# undone): UIDs, UTC instants, all-day dates, SUMMARY in the file's
# language, URL, DTSTAMP from the data rather than the clock.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"
. "$MARCHE_SOURCE_DIR/tests/schemas/emit-sites.sh"

emit_build_sites

# Raw lines: CRLF, <= 75 octets, continuation lines never start
# inside a UTF-8 sequence (they decode alone).
check_lines() {
	$PY - "$@" <<'PYEOF'
import sys
for path in sys.argv[1:]:
    data = open(path, 'rb').read()
    assert data.endswith(b'\r\n'), path
    for line in data[:-2].split(b'\r\n'):
        assert b'\n' not in line and b'\r' not in line, (path, line)
        assert len(line) <= 75, (path, len(line), line)
        line.decode('utf-8')
PYEOF
}
ok "bundled calendars: CRLF, 75 octets, whole characters" check_lines \
    $(find "$SCRATCH/bundled.out" -name '*.ics')
ok "fixture calendars: CRLF, 75 octets, whole characters" check_lines \
    $(find "$SCRATCH/fixture.out" -name '*.ics')
ok "a long line was folded" grep -q '^ ' \
    "$SCRATCH/fixture.out/fr/opportunities/donnees-citees.ics"

check_ics() {
	$PY - "$@" <<'PYEOF'
import sys, datetime, icalendar
path, lang, host, oid, url, summary, kinds, stamp = sys.argv[1:9]
cal = icalendar.Calendar.from_ical(open(path, 'rb').read())
assert str(cal['VERSION']) == '2.0'
assert str(cal['METHOD']) == 'PUBLISH'
assert str(cal['PRODID']).endswith('//' + lang.upper())
events = cal.walk('VEVENT')
assert [str(e['UID']) for e in events] == \
    ['%s-%s@%s' % (oid, k, host) for k in kinds.split(',')], \
    [str(e['UID']) for e in events]
for e in events:
    kind = str(e['UID']).split('@')[0][len(oid) + 1:]
    assert str(e['SUMMARY']).endswith(': ' + summary), str(e['SUMMARY'])
    assert str(e['URL']) == url, str(e['URL'])
    assert e['DTSTAMP'].dt == datetime.datetime.fromisoformat(stamp)
    assert int(e['SEQUENCE']) == 0, e['SEQUENCE']	# no history, no moves
    start = e['DTSTART'].dt
    if kind in ('selection', 'delivery'):
        assert type(start) is datetime.date, start
        assert e['DTEND'].dt - start == datetime.timedelta(days=1)
    else:
        assert start.tzinfo is not None and start.utcoffset() == \
            datetime.timedelta(0), start
    print(kind, start.isoformat())
PYEOF
}
fx=$SCRATCH/fixture.out
ok "English calendar of the tricky opportunity" check_ics \
    "$fx/en/opportunities/tricky-chars.ics" en test.example.ca tricky-chars \
    https://test.example.ca/en/opportunities/tricky-chars.html \
    'Parse "quoted", comma; semi\back & <angle> data' \
    questions,closing,selection,delivery 2026-01-10T19:00:00+00:00 \
    >"$SCRATCH/tricky.en"
printf '%s\n' 'questions 2026-01-05T19:00:00+00:00' \
    'closing 2026-01-10T19:00:00+00:00' 'selection 2026-01-20' \
    'delivery 2026-03-06' >"$SCRATCH/tricky.want"
ok "its instants in UTC and its dates" cmp "$SCRATCH/tricky.want" \
    "$SCRATCH/tricky.en"
ok "French calendar, folded accented lines reassembled" check_ics \
    "$fx/fr/opportunities/donnees-citees.ics" fr test.example.ca tricky-chars \
    https://test.example.ca/fr/opportunities/donnees-citees.html \
    'Analyser des données « citées », virgule; ééééééééééééééééééééééééééééé' \
    questions,closing,selection,delivery 2026-01-10T19:00:00+00:00 \
    >/dev/null
ok "an open opportunity's DTSTAMP is its last answer" check_ics \
    "$fx/en/opportunities/data-cleanup.ics" en test.example.ca data-cleanup \
    https://test.example.ca/en/opportunities/data-cleanup.html \
    'Clean up an open data set' closing,selection,delivery \
    2026-01-13T14:00:00+00:00 >/dev/null
ok "open.ics holds the open opportunity only" check_ics \
    "$fx/en/opportunities/open.ics" en test.example.ca data-cleanup \
    https://test.example.ca/en/opportunities/data-cleanup.html \
    'Clean up an open data set' closing 2026-01-13T14:00:00+00:00 >/dev/null

# The bundled site: French labels come from _data/i18n.yml.
b=$SCRATCH/bundled.out
ok "bundled French calendar" check_ics \
    "$b/fr/occasions/client-api-donnees-ouvertes.ics" fr \
    microacquisitions.example.gc.ca open-data-api-client \
    https://microacquisitions.example.gc.ca/fr/occasions/client-api-donnees-ouvertes.html \
    "$(sed -n '/^fr:/,/^[a-z]/s/^  title: //p' \
    "$MARCHE_SOURCE_DIR/opportunities/open-data-api-client.yml")" \
    questions,closing,selection,delivery 2026-11-24T21:10:00+00:00 \
    >/dev/null
ok "bundled French summary label" grep -q '^SUMMARY:Date de clôture: ' \
    "$b/fr/occasions/ouvertes.ics"
# The French calendar of open opportunities has a French name
# (open_calendar in the bundled _data/site.yml).
ok "bundled French calendar named in French" test ! -e "$b/fr/occasions/open.ics"
for f in en/opportunities/open.ics fr/occasions/ouvertes.ics; do
	ok "bundled $f parses" $PY -c 'import sys, icalendar
icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())' "$b/$f"
done
finish
