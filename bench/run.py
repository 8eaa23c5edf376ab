#!/usr/bin/env python3
"""Benchmark marche against Hugo and a parse-only floor on generated sites.

    run.py [-r RUNS] [--seed S] [--work DIR [--reuse]] [--no-hugo] N [N ...]

For each N, gensite.py writes a site of N bilingual opportunities with
its Git history, the same content as a Hugo site, and its Markdown alone.
Then, in one run: the floor (bench_floor: every Markdown file parsed and
rendered by cmark-gfm), marche build without and with a previous output,
marche build and check without the caches (history, dating) that the first build
wrote, marche check, a one-file pull-request check (check --base --head)
without caches and with the caches a check of the default branch leaves
(as the publishing workflow leaves them for pull requests), the time marche serve takes to show one edit, and, when hugo is on the
PATH, hugo without and with a previous output and the time hugo server
takes to show the same edit.  Each figure is the median of RUNS runs,
with its peak resident memory, its ratio to Hugo and to the floor.

MARCHE_BIN names the marche program (default build/marche); the floor
program is bench_floor beside it.  Prints the tables on stdout; exits 1
when a marche command fails.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from gensite import SOURCE_DIRS, source_files  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
NOW = "2026-12-01T12:00:00-05:00"	# as in gensite.py
COMMIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL":
              "bench@example.ca", "GIT_COMMITTER_NAME": "Bench",
              "GIT_COMMITTER_EMAIL": "bench@example.ca",
              "GIT_AUTHOR_DATE": "2026-11-30T18:00:00-05:00",
              "GIT_COMMITTER_DATE": "2026-11-30T18:00:00-05:00",
              "GIT_CONFIG_NOSYSTEM": "1"}
LINE_CARD = ("{{! One opportunity as one line: the benchmark's listing card "
             "when the full card makes listings too large. }}\n"
             "      <li class=\"card\"><a href=\"{{href}}\">{{title}}</a>"
             "</li>\n")


class Result:
    def __init__(self):
        self.wall, self.cpu, self.rss, self.failed = [], [], [], None
        self.server = False	# a preview server: no CPU time measured

    def add(self, wall, cpu, rss_kib):
        self.wall.append(wall)
        self.cpu.append(cpu)
        self.rss.append(rss_kib)

    @property
    def ok(self):
        return self.failed is None and self.wall

    def median(self):
        return statistics.median(self.wall)


TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None


def run(argv, log, cwd=None, env=None):
    """Run a command to completion: (exit code, wall s, cpu s, peak KiB).
    GNU time measures the peak when it is installed: the rusage of a child
    of this process would count the interpreter's own memory."""
    tfile = log + ".time"
    if TIME:
        argv = [TIME, "-f", "%U %S %M", "-o", tfile] + argv
    with open(log, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out,
                             stderr=subprocess.STDOUT)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    cpu, rss = ru.ru_utime + ru.ru_stime, ru.ru_maxrss
    if TIME:
        with open(tfile) as f:
            last = f.read().splitlines()[-1].split()
        cpu, rss = float(last[0]) + float(last[1]), int(last[2])
    return p.returncode, wall, cpu, rss


def tail(log, n=5):
    with open(log, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    return "\n".join("    " + line for line in lines[-n:])


def git(repo, *args, env=None, capture=True):
    e = dict(os.environ, **COMMIT_ENV)
    if env:
        e.update(env)
    r = subprocess.run(["git", "-C", repo] + list(args), env=e, check=True,
                       stdout=subprocess.PIPE if capture else None)
    return r.stdout.decode("utf-8").strip() if capture else ""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8", "replace")
    except (OSError, ValueError):
        return None


def peak_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            m = re.search(r"^VmHWM:\s+(\d+)", f.read(), re.M)
        return int(m.group(1)) if m else 0
    except OSError:
        return 0


def wait_for(pred, timeout):
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    return None


def measure_server(argv, log, url_of, edit, runs, cwd=None, port_re=None,
                   timeout=900):
    """Start a preview server, then `runs` times: edit a file and time
    until the page shows the edit.  Returns a Result (cpu is empty)."""
    res = Result()
    res.server = True
    out = open(log, "wb")
    p = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                         start_new_session=True)
    try:
        port = None
        if port_re is not None:
            def find_port():
                with open(log, encoding="utf-8", errors="replace") as f:
                    m = re.search(port_re, f.read())
                return m.group(1) if m else None
            port = wait_for(lambda: p.poll() is None and find_port() or
                            p.poll() is not None and "dead", timeout)
        else:
            port = argv[argv.index("--port") + 1]
        if port in (None, "dead") or p.poll() is not None:
            res.failed = "the server did not start"
            return res
        url = url_of(port)
        if wait_for(lambda: fetch(url) is not None or p.poll() is not None,
                    timeout) is None or p.poll() is not None:
            res.failed = "the server never served " + url
            return res
        for k in range(runs):
            marker = "Edited by the benchmark %d%s" % (k, "x" * k)
            time.sleep(1.1)	# a new modification time, whatever the clock
            t0 = time.monotonic()
            edit(marker)
            shown = wait_for(lambda: (fetch(url) or "").find(marker) >= 0 or
                             p.poll() is not None, timeout)
            wall = time.monotonic() - t0
            if not shown or p.poll() is not None:
                res.failed = "the edit was not shown within %d s" % timeout
                return res
            res.add(wall, 0.0, peak_kib(p.pid))
        return res
    finally:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
        out.close()


def pick_open(repo):
    """The open opportunity the edits and the pull request change."""
    d = os.path.join(repo, "opportunities")
    for name in sorted(os.listdir(d)):
        text = open(os.path.join(d, name), encoding="utf-8").read()
        m = re.search(r"^closing: (\S+)$", text, re.M)
        if re.search(r"^status: open$", text, re.M) and m and \
                m.group(1) > "2026-12-02":
            return name[:-4], text
    sys.exit("run: no open opportunity to edit")


def edit_once(path, anchor, marker):
    """Put the marker right after the first occurrence of anchor: the
    opportunity's English summary, which its page shows."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if anchor not in text:
        sys.exit("run: cannot edit %s" % path)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text.replace(anchor, anchor + marker + " ", 1))


def make_pr(repo, opp_id, text):
    """A branch `pr` off main changing one open opportunity's value and
    description, as a contributor's amendment would."""
    value = int(re.search(r"^value: (\d+)", text, re.M).group(1))
    new = re.sub(r"^value: \d+", "value: %d" % (value - 100 if value > 5000
                                                else value + 100),
                 text, count=1, flags=re.M)
    new = new.replace("  description: |\n",
                      "  description: |\n    **Amended**: the value "
                      "changed after a question.\n\n", 1)
    path = os.path.join(repo, ".git", "bench-pr.yml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(new)
    blob = git(repo, "hash-object", "-w", path)
    os.unlink(path)
    index = {"GIT_INDEX_FILE": os.path.join(repo, ".git", "bench-index")}
    git(repo, "read-tree", "main", env=index)
    git(repo, "update-index", "--cacheinfo",
        "100644,%s,opportunities/%s.yml" % (blob, opp_id), env=index)
    tree = git(repo, "write-tree", env=index)
    os.unlink(index["GIT_INDEX_FILE"])
    commit = git(repo, "commit-tree", tree, "-p", "main", "-m",
                 "Amend %s: value and description" % opp_id)
    git(repo, "update-ref", "refs/heads/pr", commit)


def sources_digest():
    """A digest of the folders gensite.py copies from this project.

    A site generated before a layout or data change would measure output
    the project no longer writes, so --reuse regenerates it."""
    h = hashlib.sha256()
    for rel, data in source_files(TOP):
        h.update(rel.encode() + b"\0" + data + b"\0")
    return h.hexdigest()


def bench_one(n, a, marche, floor_bin, hugo):
    work = os.path.join(a.work, "n%d" % n)
    repo, hsite, floor = (os.path.join(work, x) for x in
                          ("repo", "hugo", "floor"))
    stamp = os.path.join(work, "generated")
    notes = []
    digest = sources_digest()
    stale = False
    if a.reuse and os.path.exists(stamp):
        with open(stamp) as f:
            seed, head, line, *rest = f.read().split("\n")
        if int(seed) != a.seed or (hugo and not os.path.isdir(hsite)):
            sys.exit("run: %s was generated otherwise" % work)
        stale = not rest or rest[0] != digest
        if stale:
            notes.append("the project's %s changed since %s was generated: "
                         "generated again" % ("/, ".join(SOURCE_DIRS) + "/", work))
    if a.reuse and os.path.exists(stamp) and not stale:
        # Undo what an earlier run changed: the card, the branch.
        git(repo, "update-ref", "refs/heads/main", head)
        git(repo, "reset", "-q", "--hard", "main")
        git(repo, "update-ref", "-d", "refs/heads/pr")
        notes.append(line.strip() + " (reused)")
    else:
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        t0 = time.monotonic()
        gen = subprocess.run([sys.executable,
                              os.path.join(HERE, "gensite.py"), str(n),
                              repo, "--seed", str(a.seed), "--source", TOP,
                              "--floor", floor] +
                             (["--hugo", hsite] if hugo else []),
                             check=True, stdout=subprocess.PIPE)
        line = gen.stdout.decode().strip()
        notes.append(line + " (%.1f s)" % (time.monotonic() - t0))
        with open(stamp, "w") as f:
            f.write("%d\n%s\n%s\n%s\n" % (a.seed, git(repo, "rev-parse",
                                                         "main"), line,
                                           digest))
    if hugo:
        cfg = os.path.join(hsite, "config.toml")
        with open(cfg) as f:
            text = f.read()
        with open(cfg, "w") as f:
            f.write(text.replace('card = "line"', 'card = "full"'))
    log = os.path.join(work, "log")
    out = os.path.join(work, "out")
    base = [marche]
    rows = {}

    def measure(name, argv, before=None, cwd=None):
        r = rows.setdefault(name, Result())
        for _ in range(a.runs - len(r.wall)):
            if before:
                before()
            code, wall, cpu, rss = run(argv, log, cwd=cwd)
            if code != 0:
                r.failed = "exit %d\n%s" % (code, tail(log))
                return r
            r.add(wall, cpu, rss)
        return r

    # An output folder is moved aside, not deleted, before a run that
    # wants none: creating some 50,000 files right after deleting as many
    # costs the file system seconds of kernel time that a new machine
    # does not pay, and more or less from one run to the next. What was
    # moved aside is deleted when this size's rows are measured.
    trash = []

    def set_aside(path):
        if os.path.exists(path):
            moved = "%s.old%d" % (path, len(trash))
            os.rename(path, moved)
            trash.append(moved)

    def clean_out():
        set_aside(out)

    build = base + ["build", "-q", "--repo", repo, "--now", NOW,
                    "--out", out]
    # The bundled listing shows a full card per opportunity; when that
    # makes a page too large for marche, use one-line cards (a commit in
    # the generated site, and the same choice for Hugo) and say so.
    # This first build is not one of the rows: on a site just generated
    # it finds no caches, on a reused one it finds the last run's.
    clean_out()
    code = run(build, log)[0]
    if code != 0:
        with open(log, encoding="utf-8", errors="replace") as f:
            errors = [x for x in f.read().splitlines() if ": error: " in x]
        notes.append("marche build fails with the bundled card:\n" +
                     "\n".join("    " + x for x in errors[:4]) +
                     "\n  so this run uses one-line cards "
                     "in listings (marche and Hugo alike)")
        with open(os.path.join(repo, "_layouts", "partials", "card.html"),
                  "w") as f:
            f.write(LINE_CARD)
        git(repo, "commit", "-q", "-am", "Use one-line cards in listings")
        if hugo:
            cfg = os.path.join(hsite, "config.toml")
            with open(cfg) as f:
                text = f.read()
            with open(cfg, "w") as f:
                f.write(text.replace('card = "full"', 'card = "line"'))

    if floor_bin:
        measure("floor", floor_bin + [floor])
    measure("marche build, no previous output", build, before=clean_out)
    measure("marche build, previous output", build)
    # The rows above and below find the caches that the first build
    # wrote (.git/marche/: history, dating); these two start without.
    cache = os.path.join(repo, ".git", "marche")

    def no_cache():
        shutil.rmtree(cache, ignore_errors=True)

    def clean_out_no_cache():
        clean_out()
        no_cache()

    measure("marche build, no previous output, no caches", build,
            before=clean_out_no_cache)
    check = base + ["check", "--repo", repo, "--now", NOW]
    measure("marche check, no caches", check, before=no_cache)
    measure("marche check", check)
    opp_id, text = pick_open(repo)
    make_pr(repo, opp_id, text)
    pr_check = base + ["check", "--repo", repo, "--base", "main", "--head",
                       "pr", "--now", NOW]
    measure("marche check --base --head (1 file), no caches", pr_check,
            before=no_cache)
    # As on GitHub: the publishing build of the default branch leaves its
    # caches (facts.cache among them) for the pull requests' checks. A
    # check of the same revision writes the same caches, in less time.
    run(base + ["check", "--repo", repo, "--rev", "main", "--now", NOW],
        log)
    measure("marche check --base --head (1 file)", pr_check)
    opp_path = os.path.join(repo, "opportunities", opp_id + ".yml")
    # A fresh output folder: one left by another version of marche may
    # lack the mark that lets marche replace it.
    shutil.rmtree(os.path.join(work, "serve-out"), ignore_errors=True)
    rows["marche serve: one edit shown"] = measure_server(
        base + ["serve", "--repo", repo, "--port", "0", "--now", NOW,
                "--out", os.path.join(work, "serve-out")],
        log, lambda port: "http://127.0.0.1:%s/en/opportunities/%s.html" %
        (port, opp_id),
        lambda marker: edit_once(opp_path, "  summary: >-\n    ", marker),
        a.runs, port_re=r"serving http://127\.0\.0\.1:(\d+)/")
    git(repo, "checkout", "-q", "--", "opportunities/%s.yml" % opp_id)
    if hugo:
        hout = os.path.join(work, "hugo-out")
        hbuild = [hugo, "--quiet", "--source", hsite, "--destination", hout,
                  "--cacheDir", os.path.join(work, "hugo-cache")]
        measure("hugo, no previous output", hbuild,
                before=lambda: set_aside(hout))
        measure("hugo, previous output", hbuild)
        hpath = os.path.join(hsite, "content", "en", "opportunities",
                             opp_id + ".md")
        saved = open(hpath, encoding="utf-8").read()
        port = str(free_port())
        rows["hugo server: one edit shown"] = measure_server(
            [hugo, "server", "--source", hsite, "--bind", "127.0.0.1",
             "--port", port, "--cacheDir", os.path.join(work, "hugo-cache"),
             "--baseURL", "http://127.0.0.1:%s/" % port],
            log, lambda p: "http://127.0.0.1:%s/en/opportunities/%s.html" %
            (p, opp_id),
            lambda marker: edit_once(hpath, 'summary: "', marker), a.runs)
        with open(hpath, "w", encoding="utf-8") as f:
            f.write(saved)
    for path in trash:
        shutil.rmtree(path, ignore_errors=True)
    return rows, notes


PAIRS = {
    "marche build, no previous output": "hugo, no previous output",
    "marche build, previous output": "hugo, previous output",
    "marche build, no previous output, no caches":
        "hugo, no previous output",
    "marche check, no caches": "hugo, no previous output",
    "marche check": "hugo, no previous output",
    "marche check --base --head (1 file), no caches":
        "hugo, no previous output",
    "marche check --base --head (1 file)": "hugo, no previous output",
    "marche serve: one edit shown": "hugo server: one edit shown",
}


def fmt_ratio(x, y, cpu=False):
    if x is None or y is None or not x.ok or not y.ok:
        return "-"
    if cpu:
        if x.server or y.server or statistics.median(y.cpu) <= 0:
            return "-"
        return "%.2f" % (statistics.median(x.cpu) / statistics.median(y.cpu))
    return "%.2f" % (x.median() / y.median()) if y.median() > 0 else "-"


def print_table(n, rows, notes, runs):
    print("\n== N = %d opportunities (%d pages per language), median of %d "
          "run%s ==" % (n, n, runs, "s" if runs > 1 else ""))
    for note in notes:
        print("  " + note)
    w = max(len(k) for k in rows) + 2
    print("%-*s %9s %9s %9s %8s %8s %8s %8s" % (
        w, "", "wall s", "cpu s", "peak MiB", "x Hugo", "x floor",
        "cpu xHugo", "cpu xfloor"))
    floor = rows.get("floor")
    for name, r in rows.items():
        if not r.ok:
            print("%-*s FAILED: %s" % (w, name, r.failed or "not run"))
            continue
        cpu = "-" if r.server else "%.2f" % statistics.median(r.cpu)
        other = rows.get(PAIRS.get(name, ""))
        print("%-*s %9.2f %9s %9.0f %8s %8s %9s %10s" % (
            w, name, r.median(), cpu, max(r.rss) / 1024.0,
            fmt_ratio(r, other),
            fmt_ratio(r, floor) if name != "floor" else "-",
            fmt_ratio(r, other, cpu=True),
            fmt_ratio(r, floor, cpu=True) if name != "floor" else "-"))
    # The checks' targets are set against a full build, not against Hugo.
    full = rows.get("marche build, no previous output")
    for name in ("marche check", "marche check --base --head (1 file)",
                 "marche build, previous output"):
        r = rows.get(name)
        if r is not None and r.ok and full is not None and full.ok:
            print("%-*s %s wall, %s cpu" % (
                w, name + " / full build", fmt_ratio(r, full),
                fmt_ratio(r, full, cpu=True)))
    sys.stdout.flush()


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="+", type=int, metavar="N")
    ap.add_argument("-r", "--runs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", help="keep the generated sites here")
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--reuse", action="store_true",
                    help="use the sites an earlier run left in --work, "
                    "unless this project's site/, _layouts/, _data/ or "
                    "assets/ changed since")
    a = ap.parse_args(argv)
    marche = os.path.abspath(os.environ.get("MARCHE_BIN") or
                             os.path.join(TOP, "build", "marche"))
    if not os.access(marche, os.X_OK):
        sys.exit("run: no marche program at %s (set MARCHE_BIN)" % marche)
    floor_bin = os.path.join(os.path.dirname(marche), "bench_floor")
    floor_bin = [floor_bin] if os.access(floor_bin, os.X_OK) else None
    hugo = None if a.no_hugo else shutil.which("hugo")
    keep = a.work is not None
    if not keep:
        a.work = tempfile.mkdtemp(prefix="marche-bench.")
    os.makedirs(a.work, exist_ok=True)
    print("marche %s; floor: %s; hugo: %s; %d CPUs, load %s" % (
        marche, floor_bin[0] if floor_bin else "none", hugo or "not found",
        os.cpu_count() or 0, " ".join("%.2f" % x for x in os.getloadavg())))
    failed = False
    done = []
    try:
        for n in a.sizes:
            rows, notes = bench_one(n, a, marche, floor_bin, hugo)
            print_table(n, rows, notes, a.runs)
            with open(os.path.join(a.work, "results-%d.json" % n), "w") as f:
                json.dump({k: vars(r) for k, r in rows.items()}, f)
            done.append((n, rows))
            failed |= any(not r.ok for k, r in rows.items()
                          if k.startswith("marche"))
    finally:
        if not keep:
            shutil.rmtree(a.work, ignore_errors=True)
    if len(done) > 1:
        print("\n== time per opportunity, ratio to the previous size "
              "(1.00 = linear): wall / cpu ==")
        names = [k for k in done[0][1]]
        print("%-40s" % "" + "".join("%16s" % ("%d/%d" % (done[i][0],
                                                        done[i - 1][0]))
                                     for i in range(1, len(done))))
        for name in names:
            cells = []
            for i in range(1, len(done)):
                (n0, r0), (n1, r1) = done[i - 1], done[i]
                x, y = r1.get(name), r0.get(name)
                if not (x and y and x.ok and y.ok and y.median() > 0):
                    cells.append("%16s" % "-")
                    continue
                wall = (x.median() / n1) / (y.median() / n0)
                cy = statistics.median(y.cpu) if not y.server else 0
                cpu = "%.2f" % ((statistics.median(x.cpu) / n1) / (cy / n0)) \
                    if cy > 0 else "-"
                cells.append("%16s" % ("%.2f / %s" % (wall, cpu)))
            print("%-40s" % name + "".join(cells))
    print("\nwall: elapsed time; cpu: user + system time of the process "
          "(both cores count); x Hugo: against hugo doing the nearest work "
          "(a full build for the checks, which Hugo does not have); "
          "x floor: against parsing and rendering the Markdown alone.")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
