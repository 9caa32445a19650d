#!/usr/bin/env python3
"""Measures `leidraad serve` rebuild latency: time from writing a file to the
`reload` event on the live-reload stream, over N edits, for an edit of one
article's body, one of an article's terms, and one of site.yaml.

    bench/serve_edit.py --root /tmp/c10k [--bin target/release/leidraad] [--edits 20]

Works on a copy of the site (the corpus is left as it was). Standard library only.
"""
import argparse, http.client, os, shutil, statistics, subprocess, sys, tempfile, threading, time, queue, re


def start(binary, root):
    p = subprocess.Popen([binary, "serve", "--port", "0"], cwd=root, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in p.stdout:
        m = re.match(r"Serving at http://127\.0\.0\.1:(\d+)/", line)
        if m:
            threading.Thread(target=lambda: [None for _ in p.stdout], daemon=True).start()
            return p, int(m.group(1))
    raise SystemExit("serve did not start")


def listen(port, q):
    c = http.client.HTTPConnection("127.0.0.1", port)
    c.request("GET", "/__leidraad/events")
    r = c.getresponse()
    event = None
    while True:
        line = r.fp.readline().decode()
        if not line:
            return
        line = line.strip()
        if line.startswith("event: "):
            event = line[7:]
        elif line.startswith("data: ") and event == "reload":
            q.put((time.perf_counter(), line[6:]))


def measure(path, variants, q, edits):
    times = []
    for i in range(edits):
        text = variants[i % len(variants)]
        while not q.empty():
            q.get_nowait()
        t0 = time.perf_counter()
        with open(path + ".tmp", "w") as f:
            f.write(text)
        os.replace(path + ".tmp", path)  # how editors save: temp file, then rename
        t1, _ = q.get(timeout=120)
        times.append((t1 - t0) * 1000)
        time.sleep(0.3)
    return times


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "target", "release", "leidraad"))
    ap.add_argument("--edits", type=int, default=20)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="leidraad-serve-bench-")
    root = os.path.join(work, "site")
    shutil.copytree(a.root, root, ignore=shutil.ignore_patterns("public"))
    proc, port = start(os.path.abspath(a.bin), root)
    q = queue.Queue()
    threading.Thread(target=listen, args=(port, q), daemon=True).start()
    time.sleep(1.0)
    arts = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(root, "articles")) for f in fs if f.endswith(".md"))
    target = arts[len(arts) // 2]
    orig = open(target).read()
    body = [orig + "\nEen extra zin %d voor de meting.\n" % i for i in range(2)]
    m = re.search(r"^competencies: \[([^\]]*)\]", orig, re.M)
    terms = [orig, orig.replace(m.group(0), "competencies: [%s]" % ("strategisch-denken" if "strategisch-denken" not in m.group(1) else "besluitvaardigheid"))]
    cfg_path = os.path.join(root, "site.yaml")
    cfg = open(cfg_path).read()
    cfgs = [cfg.replace("Kennisbank over", "Kennisbank (%d) over" % i) for i in range(2)]
    rows = []
    for name, path, variants, n in [("body edit", target, body, a.edits), ("terms edit", target, terms, a.edits), ("site.yaml edit", cfg_path, cfgs, max(3, a.edits // 4))]:
        t = measure(path, variants, q, n)
        rows.append((name, n, statistics.median(t), max(t)))
        with open(path, "w") as f:
            f.write(orig if path == target else cfg)
        time.sleep(1.5)
    proc.terminate()
    shutil.rmtree(work, ignore_errors=True)
    print("| edit | n | median ms | worst ms |\n|---|---|---|---|")
    for name, n, med, worst in rows:
        print("| %s | %d | %.1f | %.1f |" % (name, n, med, worst))


if __name__ == "__main__":
    main()
