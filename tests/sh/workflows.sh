# The workflow files shipped for sites are well-formed YAML and call
# marche the way its command line expects.
. "$MARCHE_SOURCE_DIR/tests/lib.sh"

for f in "$MARCHE_SOURCE_DIR"/.github/workflows/*.yml; do
	ok "$f is YAML" /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f"
done
wf=$MARCHE_SOURCE_DIR/.github/workflows
ok "check: pull requests run check --base --head --format github" grep -q -- '--format github' "$wf/check.yml"
ok "check: the whole history is fetched" grep -q 'fetch-depth: 0' "$wf/check.yml"
ok "publish: records the next change" grep -q 'next-change "$@" > _site/next-change.txt' "$wf/publish.yml"
ok "publish: installs the design system's files before the build" \
    awk '/npm ci/ { n = NR } /marche build --rev HEAD/ { if (!b) b = NR } END { exit !(n && b && n < b) }' "$wf/publish.yml"
ok "README's first command installs them too" grep -q '^sh scripts/setup-debian.sh && npm ci .*marche build$' "$MARCHE_SOURCE_DIR/README.md"
ok ".ci/run runs README's first command" sh -c "grep -qxF \"\$(sed -n 2p '$MARCHE_SOURCE_DIR/README.md')\" '$MARCHE_SOURCE_DIR/.ci/run'"
ok "due: runs on a schedule" /usr/bin/python3 -c '
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
on = w.get("on", w.get(True))
assert on["schedule"][0]["cron"], on
' "$wf/due.yml"
ok "due: runs check --due with annotations" grep -q -- 'marche check --rev HEAD --due "$DUE_WITHIN" --format github' "$wf/due.yml"
ok "due: 48h unless the repository says otherwise" grep -q "vars.DUE_WITHIN || '48h'" "$wf/due.yml"
# The due workflow's command runs: an overdue answer fails the job, and
# a quiet site passes it.
site=$SCRATCH/site
make_site "$site" "$TESTS/check/_base"
git -C "$site" add -A && git -C "$site" commit -qm "Site"
run_due() {	# the workflow's command, at a fixed moment
	(cd "$site" && DUE_WITHIN=48h && "$MARCHE_BIN" check --rev HEAD \
	    --due "$DUE_WITHIN" --format github --now "$1") >/dev/null 2>"$SCRATCH/due"
}
run_due 2026-01-01T12:00:00Z
ok "due: nothing due, the job passes" test $? -eq 0
run_due 2026-02-19T12:00:00Z
ok "due: a closing within 48h fails the job" test $? -eq 1
ok "due: with an annotation at the closing line" grep -q \
    '^::notice file=opportunities/data-cleanup.yml,line=3,col=10::closes ' "$SCRATCH/due"
# A pull request's head is data: no workflow it triggers runs its code or
# scripts with the repository's permissions, and none keeps a credential.
ok "check: the head is never run, the tool comes from the base" \
    /usr/bin/python3 - "$wf" <<'PY'
import glob, re, sys, yaml
for path in glob.glob(sys.argv[1] + "/*.yml"):
    wf = yaml.safe_load(open(path))
    on = wf.get(True, wf.get("on"))   # YAML 1.1 reads the key 'on' as True
    events = on if isinstance(on, (list, dict)) else [on]
    assert "pull_request_target" not in events, (path, "pull_request_target")
    if "pull_request" not in events:
        continue
    def writes(perms):
        if perms in ("write-all",):
            return True
        return isinstance(perms, dict) and any(v == "write" for v in perms.values())
    if path.endswith("/test.yml"):
        # The test suite runs the pull request's code, as tests must: so
        # it gets a read-only token and no secret at all.
        assert wf.get("permissions") == {"contents": "read"}, (path, wf.get("permissions"))
        assert all(not writes(j.get("permissions")) for j in wf["jobs"].values()), path
        assert "secrets." not in open(path).read(), (path, "a secret")
        continue
    assert wf.get("permissions") is not None, (path, "no top-level permissions")
    assert not writes(wf["permissions"]), (path, wf["permissions"])
    for name, job in wf["jobs"].items():
        assert not writes(job.get("permissions")), (path, name)
        head_dir = tool_dir = None
        for step in job["steps"]:
            uses = step.get("uses", "")
            assert not uses.startswith("./"), (path, "local action", uses)
            if uses.startswith("actions/checkout@"):
                w = step.get("with", {})
                assert w.get("persist-credentials") is False, (path, step)
                ref = str(w.get("ref", ""))
                assert w.get("path"), (path, "a checkout without its own folder", step)
                if "pull_request.head.sha" in ref:
                    head_dir = w["path"]
                elif "pull_request.base.sha" in ref:
                    tool_dir = w["path"]
                else:
                    raise AssertionError((path, "checkout of neither base nor head", step))
        assert head_dir and tool_dir and head_dir != tool_dir, (path, head_dir, tool_dir)
        for step in job["steps"]:
            run = step.get("run")
            if run is None:
                continue
            # Untrusted values reach scripts through the environment only.
            assert "${{" not in run, (path, "expression inside run", run)
            wd = step.get("working-directory", "")
            assert not wd.startswith(head_dir), (path, "runs in the head", step)
            for word in re.findall(r"[^\s\"']+", run):
                if word.startswith(head_dir) or word.startswith("./" + head_dir):
                    # the head is only ever named as marche's --repo
                    assert re.search(r"--repo\s+\"?" + re.escape(word), run), (path, word, run)
            if "cmake" in run or "setup-debian" in run:
                assert wd == tool_dir, (path, "builds outside the base's folder", step)
            if "marche check" in run:
                assert (tool_dir + "/build/marche") in run, (path, "marche not the base's", run)
                assert "--repo " + head_dir in run, (path, run)
PY
# marche's caches: published runs keep them, and a pull request's run
# only restores the default branch's (it could otherwise hand a forged
# cache to its own later runs).
ok "caches: publish restores and saves .git/marche, check only restores it" \
    /usr/bin/python3 - "$wf" <<'PY'
import sys, yaml
def steps(name):
    w = yaml.safe_load(open(sys.argv[1] + "/" + name))
    return [s for j in w["jobs"].values() for s in j.get("steps", [])]
def cache_steps(name):
    return [s for s in steps(name) if s.get("uses", "").startswith("actions/cache")
            and ".git/marche" in str(s.get("with", {}).get("path", ""))]
pub = cache_steps("publish.yml")
assert [s["uses"].split("@")[0] for s in pub] == ["actions/cache/restore", "actions/cache/save"], pub
names = [s.get("name", s.get("uses")) for s in steps("publish.yml")]
build = names.index("Build the site")
assert names.index(pub[0]["name"]) < build < names.index(pub[1]["name"]), names
chk = cache_steps("check.yml")
assert [s["uses"].split("@")[0] for s in chk] == ["actions/cache/restore"], chk
assert chk[0]["with"]["path"] == "site/.git/marche", chk
for s in steps("check.yml"):
    assert not s.get("uses", "").startswith("actions/cache/save"), s
PY
ok "check: corrections only when a maintainer labelled the pull request" \
    grep -q "CORRECTION: \${{ contains(github.event.pull_request.labels.\*.name, 'correction') }}" "$wf/check.yml"
ok "check: runs again when labelled" grep -q 'types: \[opened, synchronize, reopened, labeled, unlabeled\]' "$wf/check.yml"
# The options the workflows use exist.
"$MARCHE_BIN" check --help | grep -q -- '--base REV --head REV'
ok "check --help documents --base and --head" test $? -eq 0
"$MARCHE_BIN" check --help | grep -q -- '--allow-corrections'
ok "check --help documents --allow-corrections" test $? -eq 0
"$MARCHE_BIN" build --help | grep -q -- '--next-change'
ok "build --help documents --next-change" test $? -eq 0

# No workflow puts event data (issue or pull request text, branch names
# chosen by a contributor) into the text of a shell script: such data
# reaches scripts through env, as data. The issue workflow puts no
# expression at all in its scripts, and no job gets more than it needs.
cat > "$SCRATCH/lint.py" <<'PY'
import glob, os, re, sys, yaml
bad = []
for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.yml"))):
    w = yaml.safe_load(open(path))
    name = os.path.basename(path)
    for jname, job in w["jobs"].items():
        for step in job.get("steps", []):
            run = step.get("run", "")
            if re.search(r"\$\{\{[^}]*github\.event\.", run):
                bad.append(f"{name}: {jname}: event data in a script")
            if name == "from-issue.yml" and "${{" in run:
                bad.append(f"{name}: {jname}: an expression in a script")
    if name == "from-issue.yml":
        if w.get("permissions") != {}:
            bad.append("from-issue.yml: permissions are not empty by default")
        if w["jobs"]["convert"]["permissions"] != {"contents": "read"}:
            bad.append("from-issue.yml: the job reading the issue can write")
        if set(w["jobs"]["propose"]["permissions"]) != {"contents", "pull-requests", "issues"}:
            bad.append("from-issue.yml: propose has other permissions")
        text = open(path).read()
        uses = [l for l in text.splitlines() if "github.event.issue.body" in l]
        if uses != ["          BODY: ${{ github.event.issue.body }}"]:
            bad.append("from-issue.yml: the issue body is used outside env")
        if "--from-issue" not in text or "ready-to-post" not in text:
            bad.append("from-issue.yml: does not convert labelled issues")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
/usr/bin/python3 "$SCRATCH/lint.py" "$wf" > "$SCRATCH/wf" 2>&1
ok "workflows: event data reaches scripts as data only" test $? -eq 0
cat "$SCRATCH/wf"
# The check can fail: a copy whose script interpolates the body is refused.
mkdir "$SCRATCH/badwf"
sed 's|printf .%s\\n. "\$BODY"|printf "%s" "${{ github.event.issue.body }}"|' "$wf/from-issue.yml" > "$SCRATCH/badwf/from-issue.yml"
ok "workflows: the copy differs" sh -c "! cmp -s '$wf/from-issue.yml' '$SCRATCH/badwf/from-issue.yml'"
/usr/bin/python3 "$SCRATCH/lint.py" "$SCRATCH/badwf" > "$SCRATCH/wf" 2>&1
ok "workflows: an interpolated body is refused" test $? -eq 1
ok "workflows: ... and named" grep -q "convert: event data in a script" "$SCRATCH/wf"

# The issue form is well-formed and the converter's option exists.
for f in "$MARCHE_SOURCE_DIR"/.github/ISSUE_TEMPLATE/*.yml; do
	ok "$f is YAML" /usr/bin/python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$f"
done
"$MARCHE_BIN" new --help | grep -q -- '--from-issue FILE'
ok "new --help documents --from-issue" test $? -eq 0

# The issue workflow's scripts have no expressions: shellcheck reads them
# as they run.
if command -v shellcheck > /dev/null 2>&1; then
	/usr/bin/python3 - "$wf/from-issue.yml" "$SCRATCH" <<'PY'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
n = 0
for job in w["jobs"].values():
    for step in job["steps"]:
        if "run" in step:
            n += 1
            open(f"{sys.argv[2]}/run{n}.sh", "w").write(step["run"])
PY
	for f in "$SCRATCH"/run*.sh; do
		ok "from-issue.yml: shellcheck $(basename "$f")" shellcheck -s bash -S warning "$f"
	done
fi

# Linters, where installed.
if command -v actionlint > /dev/null 2>&1; then
	ok "actionlint" actionlint "$wf"/*.yml
fi
"$MARCHE_BIN" check --help | grep -q -- '--due DURATION'
ok "check --help documents --due" test $? -eq 0

# What a maintainer expects of the workflows: actions at versions that run
# on the runner's current Node.js (24), a time limit on every job, the
# least permissions, only the build's packages where only marche is built.
cat > "$SCRATCH/maint.py" <<'PY'
import glob, os, re, sys, yaml
# The first major version of each action that runs on Node.js 24 (or, for
# a composite action, that calls only such actions). An action not listed
# here is refused until someone checks which version that is.
NODE24 = {
    "actions/checkout": 5, "actions/cache": 5,
    "actions/upload-artifact": 6, "actions/download-artifact": 7,
    "actions/configure-pages": 6, "actions/upload-pages-artifact": 5,
    "actions/deploy-pages": 5,
}
bad = []
root = sys.argv[1]
for path in sorted(glob.glob(os.path.join(root, "workflows", "*.yml"))):
    name = os.path.basename(path)
    w = yaml.safe_load(open(path))
    if "permissions" not in w:
        bad.append(f"{name}: no top-level permissions")
    elif w["permissions"] not in ({}, {"contents": "read"}):
        bad.append(f"{name}: top-level permissions {w['permissions']}")
    for jname, job in w["jobs"].items():
        if not isinstance(job.get("timeout-minutes"), int):
            bad.append(f"{name}: {jname}: no timeout-minutes")
        for step in job.get("steps", []):
            uses = step.get("uses")
            if uses:
                # owner/name@vN, or an action of its folder (owner/name/sub)
                m = re.fullmatch(r"([\w.-]+/[\w.-]+)(?:/[\w-]+)?@v(\d+)", uses)
                if not m:
                    bad.append(f"{name}: {jname}: {uses}: not owner/name@vN")
                elif m.group(1) not in NODE24:
                    bad.append(f"{name}: {jname}: {uses}: unknown action")
                elif int(m.group(2)) < NODE24[m.group(1)]:
                    bad.append(f"{name}: {jname}: {uses}: runs on an old Node.js")
            run = step.get("run", "")
            if "setup-debian.sh" in run and name != "test.yml" and "--build-only" not in run:
                bad.append(f"{name}: {jname}: installs the test tools too")
dep = yaml.safe_load(open(os.path.join(root, "dependabot.yml")))
if not any(u["package-ecosystem"] == "github-actions" for u in dep["updates"]):
    bad.append("dependabot.yml: actions are not kept up to date")
owners = [l.split() for l in open(os.path.join(root, "CODEOWNERS"))
          if l.strip() and not l.startswith("#")]
if owners[0][0] != "*" or not any(o[0] == "/opportunities/" for o in owners[1:]):
    bad.append("CODEOWNERS: not '*' first, then /opportunities/")
elif dict((o[0], o[1:]) for o in owners)["/opportunities/"] == owners[0][1:]:
    bad.append("CODEOWNERS: opportunities go to the maintainers too")
tpl = open(os.path.join(root, "pull_request_template.md")).read()
for word in ("funds", "fonds", "translated", "traduits", "acceptance criteria",
             "critères d’acceptation", "- [ ]"):
    if word not in tpl:
        bad.append(f"pull_request_template.md: no '{word}'")
pub = open(os.path.join(root, "workflows", "publish.yml")).read()
if not re.search(r"marche build --rev HEAD --out _site \"\$@\"", pub) or "--base-url" not in pub:
    bad.append("publish.yml: the build is not given --base-url")
if "vars.SITE_URL || steps.pages.outputs.base_url" not in pub:
    bad.append("publish.yml: no Pages address when SITE_URL is unset")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
/usr/bin/python3 "$SCRATCH/maint.py" "$MARCHE_SOURCE_DIR/.github" > "$SCRATCH/maint" 2>&1
ok "workflows: current actions, time limits, least permissions" test $? -eq 0
cat "$SCRATCH/maint"
# ... and the check can fail: an old action, a job with no time limit.
mkdir -p "$SCRATCH/old/workflows"
cp -r "$MARCHE_SOURCE_DIR/.github/." "$SCRATCH/old/"
sed -i 's|actions/checkout@v6|actions/checkout@v4|; s|^    timeout-minutes: 30$||' \
    "$SCRATCH/old/workflows/due.yml"
/usr/bin/python3 "$SCRATCH/maint.py" "$SCRATCH/old" > "$SCRATCH/maint" 2>&1
ok "workflows: an old action is refused" grep -q 'due.yml: due: actions/checkout@v4: runs on an old Node.js' "$SCRATCH/maint"
ok "workflows: a job without a time limit is refused" grep -q 'due.yml: due: no timeout-minutes' "$SCRATCH/maint"
# The published site gets its address: a project site under /REPO/ has
# canonical links there.
site=$SCRATCH/pages
make_site "$site" "$TESTS/check/_base"
(cd "$site" && "$MARCHE_BIN" build --out "$SCRATCH/pages-out" \
    --base-url https://example-org.github.io/marketplace/) >/dev/null 2>&1
ok "publish: --base-url with a path builds" test $? -eq 0
ok "publish: canonical links under /marketplace/" grep -rq \
    'href="https://example-org.github.io/marketplace/en/' "$SCRATCH/pages-out/en"
finish
