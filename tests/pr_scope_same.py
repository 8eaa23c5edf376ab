#!/usr/bin/env python3
# Stands in for marche while other shell tests run (tests/sh/pr_scope_same.sh):
# each `check --base --head` is also run scoped and --full, in JSON, and
# the scoped report must be the full one without the problems of
# opportunities the pull request does not change (a slug collision it
# makes with one of them stays). Differences go to $MARCHE_SCOPE_LOG; then
# the real program runs with the arguments given.
import json, os, subprocess, sys

real = os.environ["MARCHE_REAL_BIN"]
log = os.environ["MARCHE_SCOPE_LOG"]
args = sys.argv[1:]


def opt(name):
    for i, a in enumerate(args):
        if a == name and i + 1 < len(args):
            return args[i + 1]
        if a.startswith(name + "="):
            return a[len(name) + 1:]
    return None


def opp_id(path):
    if not path.startswith("opportunities/"):
        return None
    rest = path[len("opportunities/"):]
    if "/" in rest:
        return rest.split("/", 1)[0]
    return rest[:-4] if rest.endswith(".yml") else None


def compare():
    repo = opt("--repo") or "."
    base, head = opt("--base"), opt("--head")
    plain = []
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a == "--format":
            skip = True
            continue
        if a.startswith("--format="):
            continue
        plain.append(a)
    env = dict(os.environ)
    env.pop("GITHUB_STEP_SUMMARY", None)
    runs = []
    for extra in ([], ["--full"]):
        p = subprocess.run([real] + plain + extra + ["--format", "json"],
                           env=env, capture_output=True)
        if p.returncode not in (0, 1):
            return None
        runs.append((p.returncode, json.loads(p.stdout or b"[]")))
    (st, scoped), (full_st, full) = runs
    scoped = [g for g in scoped if not (g.get("file") is None and
              "this pull request changes only opportunities" in
              g.get("message", ""))]
    mb = subprocess.run(["git", "-C", repo, "merge-base", base, head],
                        capture_output=True, text=True).stdout.strip()
    names = subprocess.run(["git", "-C", repo, "diff", "--no-renames",
                            "--name-only", mb, head],
                           capture_output=True, text=True).stdout.split()
    ids = {i for i in (opp_id(n) for n in names) if i}
    used = tuple("already used by opportunities/%s.yml" % i for i in ids)

    def keep(g):
        f = g.get("file")
        if not f or not f.startswith("opportunities/"):
            return True
        if opp_id(f) in ids:
            return True
        return any(u in g.get("message", "") for u in used)
    if scoped == full and st == full_st:
        return "same"
    want = [g for g in full if keep(g)]
    want_st = 1 if any(g.get("severity") == "error" for g in want) else 0
    if scoped == want and st == want_st:
        return "scoped"
    with open(log, "a") as f:
        f.write("MISMATCH %s\n  scoped (%d): %s\n  full filtered (%d): %s\n"
                % (" ".join(args), st, json.dumps(scoped), want_st,
                   json.dumps(want)))
    return "mismatch"


if "check" in args and opt("--base") and "--full" not in args:
    r = compare()
    with open(log, "a") as f:
        f.write("%s\n" % (r or "skipped"))
os.execv(real, [real] + args)
