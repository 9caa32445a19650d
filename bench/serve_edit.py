#!/usr/bin/env python3
"""Measures `leidraad serve` rebuild latency: time from writing a file to the
`reload` event on the live-reload stream, over N edits each, for an edit of
one article's body, one of an article's terms, and one of site.yaml. Then
checks that the served site equals a fresh full build of the edited tree.

    bench/serve_edit.py --root /tmp/c10k [--bin target/release/leidraad] [--edits 20]
                        [--no-check] [--json results.json]

Works on a copy of the site (the corpus is left as it was). Every edit is a
real change (no edit writes the bytes already there) and is saved the way
editors save: the new text goes to a temporary file outside the watched
folders, which is then renamed over the file. The edits are not undone: after
the last one the tree holds an edited article body, changed terms of that
article and an edited site.yaml. The check then builds that tree with
`leidraad build --base-url <the server's URL>` (the server renders with the
search UI on, so the reference is a full build, not --no-search), fetches
every file of that build except the search bundle (`pagefind/`, refreshed by
the server off the critical path) and the build manifest from the running
server, removes what the server injects into HTML pages (the live-reload
script tag and, after a failed rebuild, the error overlay, both just before
`</body>`), and compares bytes. Pages that a build of the unedited tree had
but the edited tree no longer has must be gone (404) from the server too.

Importable: `run(root, binary, edits, check=True)` returns a dict; `--json
FILE` writes the same dict. Standard library only.
"""
import argparse
import http.client
import json
import os
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

SCRIPT_TAG = b'<script src="/__leidraad/live.js"></script>'
OVERLAY_START = b'<div id="leidraad-error"'
RELOAD_TIMEOUT = 180.0  # seconds to wait for one rebuild


class ServeError(Exception):
    pass


def log(msg):
    print("serve_edit: " + msg, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the server
class Server:
    """A `leidraad serve` process on a free port, and its event stream."""

    def __init__(self, binary, root, logdir):
        self.log_path = os.path.join(logdir, "serve.log")
        self.logf = open(self.log_path, "w")
        self.proc = subprocess.Popen([binary, "serve", "--root", root, "--port", "0"], cwd=root,
                                     stdout=subprocess.PIPE, stderr=self.logf, text=True)
        self.port = None
        for line in self.proc.stdout:
            self.logf.write(line)
            m = re.match(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                break
        if self.port is None:
            self.stop()
            raise ServeError("leidraad serve did not start (exit %s); its log:\n%s" % (self.proc.returncode, self.log_tail()))
        self.base_url = "http://127.0.0.1:%d/" % self.port
        threading.Thread(target=self._drain_stdout, daemon=True).start()
        self.events = queue.Queue()
        self.connected = threading.Event()
        self.last_status = None
        threading.Thread(target=self._listen, daemon=True).start()
        if not self.connected.wait(30):
            self.stop()
            raise ServeError("could not connect to the live-reload stream")

    def _drain_stdout(self):
        for line in self.proc.stdout:
            self.logf.write(line)
            self.logf.flush()

    def _listen(self):
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=None)
            c.request("GET", "/__leidraad/events")
            r = c.getresponse()
            event, data = None, []
            while True:
                line = r.readline()  # handles the chunked transfer encoding
                if not line:
                    return
                line = line.decode("utf-8").rstrip("\r\n")
                if line == "":
                    if event is not None:
                        self._dispatch(event, "\n".join(data))
                    event, data = None, []
                elif line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
        except OSError:
            return

    def _dispatch(self, event, data):
        now = time.perf_counter()
        try:
            payload = json.loads(data) if data else {}
        except ValueError:
            payload = {"raw": data}
        if event == "status":
            self.last_status = payload
            self.connected.set()
        elif event == "reload":
            ok = bool(self.last_status and self.last_status.get("ok"))
            self.events.put((now, payload, ok, self.last_status))

    def drain(self):
        n = 0
        while True:
            try:
                self.events.get_nowait()
                n += 1
            except queue.Empty:
                return n

    def log_tail(self, n=40):
        try:
            self.logf.flush()
            with open(self.log_path, errors="replace") as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        try:
            self.logf.close()
        except OSError:
            pass


# ------------------------------------------------------------------ the edits
def save(path, text, tmpdir):
    """Writes like an editor: a temporary file, renamed over the target. The
    temporary file lives outside the watched folders, so the watcher sees one
    rename into place and nothing else."""
    fd, tmp = tempfile.mkstemp(dir=tmpdir, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
        f.write(text)
    os.replace(tmp, path)


def settle(server, quiet=0.4, limit=30.0):
    """Waits until no event has arrived for `quiet` seconds; returns the number
    of extra reloads seen meanwhile."""
    extra = 0
    deadline = time.perf_counter() + limit
    while time.perf_counter() < deadline:
        try:
            server.events.get(timeout=quiet)
            extra += 1
        except queue.Empty:
            return extra
    return extra


def measure(server, path, texts, tmpdir, name):
    client_ms, server_ms, failed, extra = [], [], 0, 0
    for i, text in enumerate(texts):
        extra += server.drain()
        t0 = time.perf_counter()
        save(path, text, tmpdir)
        try:
            t1, payload, ok, status = server.events.get(timeout=RELOAD_TIMEOUT)
        except queue.Empty:
            raise ServeError("%s %d: no reload event within %.0f s; serve log:\n%s" % (name, i + 1, RELOAD_TIMEOUT, server.log_tail()))
        if server.proc.poll() is not None:
            raise ServeError("leidraad serve exited (%s); its log:\n%s" % (server.proc.returncode, server.log_tail()))
        client_ms.append((t1 - t0) * 1000.0)
        if isinstance(payload.get("ms"), (int, float)):
            server_ms.append(float(payload["ms"]))
        if not ok:
            failed += 1
            log("%s %d: the rebuild failed: %s" % (name, i + 1, json.dumps(status)[:500]))
        log("%s %d/%d: %.1f ms (server %s ms, %s)" % (name, i + 1, len(texts), client_ms[-1], payload.get("ms"), payload.get("changed")))
        extra += settle(server)
    return {
        "edit": name, "n": len(texts),
        "median_ms": statistics.median(client_ms), "worst_ms": max(client_ms), "best_ms": min(client_ms),
        "server_median_ms": statistics.median(server_ms) if server_ms else None,
        "all_ms": [round(x, 1) for x in client_ms],
        "failed_rebuilds": failed, "extra_reloads": extra,
    }


def taxonomy_slugs(site_yaml, name):
    """The term slugs of one taxonomy in site.yaml (the corpus layout:
    `  - name: X` then `      - slug: Y` lines)."""
    slugs, current = [], None
    for line in site_yaml.splitlines():
        m = re.match(r"^\s*-\s*name:\s*[\"']?([\w-]+)", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"^\s*-\s*slug:\s*[\"']?([\w-]+)", line)
        if m and current == name:
            slugs.append(m.group(1))
    return slugs


def edit_plans(root, edits):
    """The three edit series: (name, path, list of successive file texts)."""
    arts = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "articles")) for f in fs if f.endswith(".md"))
    if not arts:
        raise ServeError("no articles under %s/articles" % root)
    target = arts[len(arts) // 2]
    with open(target, encoding="utf-8") as f:
        orig = f.read()
    cfg_path = os.path.join(root, "site.yaml")
    with open(cfg_path, encoding="utf-8") as f:
        cfg = f.read()

    # Body: a different sentence each time (the front matter stays as it is).
    bodies = [orig.rstrip("\n") + "\n\nEen extra zin %d voor de meting van serve.\n" % i for i in range(edits)]

    # Terms: cycle through three competency lists that all differ from the
    # original and from one another, on top of the last body edit.
    base = bodies[-1] if bodies else orig
    m = re.search(r"^competencies: \[([^\]]*)\]", base, re.M)
    if not m:
        raise ServeError("%s has no `competencies: [...]` line" % target)
    have = [s.strip() for s in m.group(1).split(",") if s.strip()]
    spare = [s for s in taxonomy_slugs(cfg, "competencies") if s not in have]
    if len(spare) < 2:
        raise ServeError("site.yaml lists too few competencies for the terms edit")
    lists = [[spare[0]], [spare[1]], [spare[0], spare[1]]]
    terms = [base.replace(m.group(0), "competencies: [%s]" % ", ".join(lists[i % 3]), 1) for i in range(edits)]

    # site.yaml: the site description, numbered.
    d = re.search(r'^description: "(.*)"$', cfg, re.M)
    if not d:
        raise ServeError("site.yaml has no `description: \"...\"` line")
    n_cfg = max(3, edits // 4)
    cfgs = [cfg.replace(d.group(0), 'description: "%s (%d)"' % (d.group(1), i + 1), 1) for i in range(n_cfg)]
    return target, [("body edit", target, bodies), ("terms edit", target, terms), ("site.yaml edit", cfg_path, cfgs)]


# ------------------------------------------------------------------ the check
def strip_injection(body):
    """Removes what the dev server adds to an HTML page (src/serve/http.rs
    `inject`): `[overlay]<script src="/__leidraad/live.js"></script>` just
    before the last `</body>`, or at the end. Returns (bytes, had_overlay,
    had_script)."""
    i = body.rfind(SCRIPT_TAG)
    if i < 0:
        return body, False, False
    start, overlay = i, False
    o = body.rfind(OVERLAY_START, 0, i)
    if o >= 0 and body[i - 6:i] == b"</div>":
        start, overlay = o, True
    return body[:start] + body[i + len(SCRIPT_TAG):], overlay, True


def build(binary, root, out, base_url=None, search=True):
    cmd = [binary, "build", "--quiet", "--root", root, "--output", out]
    if base_url:
        cmd += ["--base-url", base_url]
    if not search:
        cmd.append("--no-search")
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        raise ServeError("`%s` failed (exit %d):\n%s%s" % (" ".join(cmd), p.returncode, p.stdout[-3000:], p.stderr[-3000:]))


def site_files(out):
    """Relative paths of a build's files, without the search bundle and dotfiles."""
    files = []
    for d, dirs, fs in os.walk(out):
        rel_d = os.path.relpath(d, out)
        if rel_d == ".":
            dirs[:] = [x for x in dirs if x != "pagefind" and not x.startswith(".")]
        for f in fs:
            if f.startswith("."):
                continue
            files.append(os.path.normpath(os.path.join(rel_d, f)).replace(os.sep, "/"))
    return sorted(files)


class Fetcher:
    def __init__(self, port):
        self.port = port
        self.conn = None

    def get(self, rel):
        url = "/" + urllib.parse.quote(rel)
        for attempt in range(3):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.conn.request("GET", url)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
                time.sleep(0.2)

    def close(self):
        if self.conn is not None:
            self.conn.close()


def check(server, binary, root, work, before):
    fresh = os.path.join(work, "fresh")
    t0 = time.perf_counter()
    build(binary, root, fresh, base_url=server.base_url)
    log("reference build of the edited tree in %.1f s; comparing with the server" % (time.perf_counter() - t0))
    files = site_files(fresh)
    fetch = Fetcher(server.port)
    res = {"html_pages": 0, "other_files": 0, "mismatches": 0, "missing": 0, "overlays": 0,
           "without_script": 0, "gone_expected": 0, "stale": 0, "examples": []}
    try:
        for rel in files:
            with open(os.path.join(fresh, rel), "rb") as f:
                want = f.read()
            status, got = fetch.get(rel)
            html = rel.endswith(".html")
            res["html_pages" if html else "other_files"] += 1
            if status != 200:
                res["missing"] += 1
                res["mismatches"] += 1
                if len(res["examples"]) < 10:
                    res["examples"].append("%s: HTTP %d" % (rel, status))
                continue
            if html:
                got, overlay, script = strip_injection(got)
                res["overlays"] += overlay
                res["without_script"] += not script
            if got != want:
                res["mismatches"] += 1
                if len(res["examples"]) < 10:
                    res["examples"].append("%s: %d bytes served, %d built" % (rel, len(got), len(want)))
        gone = sorted(set(before) - set(files)) if before is not None else []
        res["gone_expected"] = len(gone)
        for rel in gone:
            status, _ = fetch.get(rel)
            if status == 200:
                res["stale"] += 1
                if len(res["examples"]) < 10:
                    res["examples"].append("%s: still served, but a fresh build no longer has it" % rel)
    finally:
        fetch.close()
        shutil.rmtree(fresh, ignore_errors=True)
    res["equal"] = res["mismatches"] == 0 and res["stale"] == 0 and res["overlays"] == 0 and res["html_pages"] > 0
    return res


# ------------------------------------------------------------------- the run
def run(root, binary, edits=20, check_site=True, workdir=None, keep_log=None):
    """Measures serve on a copy of `root`; returns a dict (see --json)."""
    binary = os.path.abspath(binary)
    if not os.path.isfile(os.path.join(root, "site.yaml")):
        raise ServeError("%s has no site.yaml" % root)
    if not os.access(binary, os.X_OK):
        raise ServeError("%s is not an executable" % binary)
    work = tempfile.mkdtemp(prefix="leidraad-serve-bench-", dir=workdir)
    server = None
    try:
        site = os.path.join(work, "site")
        shutil.copytree(root, site, ignore=shutil.ignore_patterns("public"))
        tmpdir = os.path.join(work, "tmp")
        os.mkdir(tmpdir)
        before = None
        if check_site:
            initial = os.path.join(work, "initial")
            build(binary, site, initial, search=False)
            before = site_files(initial)
            shutil.rmtree(initial, ignore_errors=True)
        target, plans = edit_plans(site, edits)
        t0 = time.perf_counter()
        server = Server(binary, site, work)
        log("serving %s at %s (started in %.1f s); editing %s" % (root, server.base_url, time.perf_counter() - t0, os.path.relpath(target, site)))
        settle(server, quiet=1.0)
        rows = []
        for name, path, texts in plans:
            rows.append(measure(server, path, texts, tmpdir, name))
            settle(server, quiet=1.0)
        result = {"root": os.path.abspath(root), "binary": binary, "edits": edits,
                  "article": os.path.relpath(target, site), "rows": rows, "check": None}
        if check_site:
            result["check"] = check(server, binary, site, work, before)
        if server.proc.poll() is not None:
            raise ServeError("leidraad serve exited (%s); its log:\n%s" % (server.proc.returncode, server.log_tail()))
        return result
    finally:
        if server is not None:
            server.stop()
            if keep_log:
                shutil.copyfile(server.log_path, keep_log)
        shutil.rmtree(work, ignore_errors=True)


def markdown(result):
    lines = ["| edit | n | median ms | worst ms | best ms | server-reported median ms | failed rebuilds |",
             "|---|---|---|---|---|---|---|"]
    for r in result["rows"]:
        sm = "%.0f" % r["server_median_ms"] if r["server_median_ms"] is not None else "-"
        lines.append("| %s | %d | %.1f | %.1f | %.1f | %s | %d |" % (r["edit"], r["n"], r["median_ms"], r["worst_ms"], r["best_ms"], sm, r["failed_rebuilds"]))
    c = result.get("check")
    if c:
        lines.append("")
        lines.append("Served site vs a fresh full build of the edited tree: %d HTML pages and %d other files compared, "
                     "%d mismatching (%d missing), %d of %d removed pages still served, %d pages with the error overlay: **%s**."
                     % (c["html_pages"], c["other_files"], c["mismatches"], c["missing"], c["stale"], c["gone_expected"], c["overlays"],
                        "equal" if c["equal"] else "NOT equal"))
        for e in c["examples"]:
            lines.append("- " + e)
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--root", required=True, help="the site (left unchanged; a copy is edited)")
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "target", "release", "leidraad"))
    ap.add_argument("--edits", type=int, default=20, help="edits of the body and of the terms (site.yaml: a quarter, at least 3)")
    ap.add_argument("--no-check", action="store_true", help="skip comparing the served site with a fresh build")
    ap.add_argument("--json", help="also write the figures as JSON to this file")
    ap.add_argument("--workdir", help="where to put the temporary copy (default: the system temp folder)")
    ap.add_argument("--log", help="keep the server's log (its stderr) in this file; with LEIDRAAD_TIMINGS=1 it holds each rebuild's stage times")
    a = ap.parse_args()
    if a.edits < 1:
        ap.error("--edits must be at least 1")
    try:
        result = run(a.root, a.bin, a.edits, not a.no_check, a.workdir, a.log)
    except ServeError as e:
        print("serve_edit: error: %s" % e, file=sys.stderr)
        return 1
    if a.json:
        with open(a.json, "w") as f:
            json.dump(result, f, indent=2)
    print(markdown(result))
    c = result.get("check")
    failed = any(r["failed_rebuilds"] for r in result["rows"]) or (c is not None and not c["equal"])
    return 3 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
