#!/usr/bin/env node
// Measures search quality on the judged Dutch query set: builds
// tests/search/corpus with a leidraad binary, serves it over HTTP, opens its
// search page in Chromium and runs every query of tests/search/queries.json
// through the module the search page gives Pagefind's UI (the site's
// search-engine/pagefind.js when the page names one, as search.js does;
// else Pagefind's own pagefind.js, as builds before it did). Prints
// recall@5, MRR (first relevant article within the top 10) and the share of
// queries without results, per kind of query and overall.
//
//   node tests/search/eval.mjs [--bin PATH] [--json FILE] [--check] [--baseline FILE] [--show-misses]
//
// --bin defaults to LEIDRAAD_BIN, else target/release/leidraad. --check
// exits 1 unless the targets are met: recall@5 >= 0.90 and MRR >= 0.85
// overall, zero results <= 3 %, and (with --baseline, a file written by
// --json) no kind below its figure there.

import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { ROOT, CHROMIUM, chromiumOrSkip, leidraadBinary, serveStatic } from "../browser/lib.mjs";

const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const die = (message) => {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
};
if (value("--bin")) process.env.LEIDRAAD_BIN = value("--bin");

const CORPUS = join(ROOT, "tests", "search", "corpus");
const QUERIES = JSON.parse(readFileSync(join(ROOT, "tests", "search", "queries.json"), "utf8"));
const TARGETS = { recall: 0.9, mrr: 0.85, zero: 0.03 };

// Article source path (relative to articles/) → its URL path, as leidraad
// publishes it: folders as they are, the slug from front matter or the file name.
function slugify(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}
function articleUrls() {
  const map = new Map();
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md") && name !== "_index.md") {
        const rel = relative(join(CORPUS, "articles"), p).split(sep).join("/");
        const front = readFileSync(p, "utf8").split(/^---$/m)[1] || "";
        const slug = (front.match(/^slug:\s*["']?([^"'\n]+)["']?\s*$/m) || [])[1] || slugify(name.replace(/\.md$/, ""));
        const folders = rel.split("/").slice(0, -1);
        map.set(rel, "/" + [...folders, slug].join("/") + "/");
      }
    }
  };
  walk(join(CORPUS, "articles"));
  return map;
}

const chromium = await chromiumOrSkip("the search evaluation", die);
const bin = await leidraadBinary(die);
const urls = articleUrls();
for (const q of QUERIES) for (const r of q.relevant) if (!urls.has(r)) die(`queries.json: "${q.query}" names ${r}, which is not an article of the corpus`);

const work = mkdtempSync(join(tmpdir(), "leidraad-eval-"));
const out = join(work, "public");
let built = spawnSync(bin, ["build", "--root", CORPUS, "--output", out, "--quiet"], { encoding: "utf8" });
if (built.status !== 0 && /unknown key `search`/.test(built.stderr)) {
  // A leidraad from before site.yaml had `search:` (the starting figures):
  // the same corpus without that key.
  console.log("(this leidraad does not know site.yaml's `search:` key: building the corpus without it)");
  const copy = join(work, "corpus");
  cpSync(CORPUS, copy, { recursive: true });
  const yaml = readFileSync(join(copy, "site.yaml"), "utf8").replace(/^search:\n(?:[ #].*\n|\n)*/m, "");
  writeFileSync(join(copy, "site.yaml"), yaml);
  built = spawnSync(bin, ["build", "--root", copy, "--output", out, "--quiet"], { encoding: "utf8" });
}
if (built.status !== 0) die(`leidraad build failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);
const { server, origin } = await serveStatic(out);
const browser = await chromium.launch({ executablePath: CHROMIUM });
const page = await browser.newPage();
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
await page.goto(`${origin}/zoeken/`);

const ran = await page.evaluate(async (queries) => {
  const el = document.getElementById("search");
  const engine = el.dataset.engine ? el.dataset.engine + "pagefind.js" : el.dataset.bundle + "pagefind.js";
  const pf = await import(engine);
  const out = [];
  for (const q of queries) {
    const t0 = performance.now();
    const res = await pf.search(q.query);
    const top = await Promise.all(res.results.slice(0, 10).map((r) => r.data()));
    out.push({
      count: res.results.length,
      urls: top.map((d) => d.url.replace(/[?#].*$/, "")),
      ms: performance.now() - t0,
      corrections: pf.lastPlan ? pf.lastPlan.corrections : [],
    });
  }
  return { engine, out };
}, QUERIES);
await browser.close();
server.close();
rmSync(work, { recursive: true, force: true });
if (errors.length) die(`errors in the page: ${errors.join("; ")}`);

// ---------------------------------------------------------------- figures
const rows = QUERIES.map((q, i) => {
  const r = ran.out[i];
  const relevant = new Set(q.relevant.map((p) => urls.get(p)));
  const top5 = r.urls.slice(0, 5);
  const recall = top5.filter((u) => relevant.has(u)).length / relevant.size;
  const rank = r.urls.findIndex((u) => relevant.has(u));
  return { ...q, recall, rr: rank < 0 ? 0 : 1 / (rank + 1), zero: r.count === 0, got: r.urls, count: r.count, ms: r.ms, corrections: r.corrections };
});
const kinds = [...new Set(QUERIES.map((q) => q.kind))];
const summarise = (list) => ({
  n: list.length,
  recall: list.reduce((a, r) => a + r.recall, 0) / list.length,
  mrr: list.reduce((a, r) => a + r.rr, 0) / list.length,
  zero: list.filter((r) => r.zero).length / list.length,
});
const figures = { engine: ran.engine, kinds: Object.fromEntries(kinds.map((k) => [k, summarise(rows.filter((r) => r.kind === k))])), all: summarise(rows) };

const pct = (x) => `${Math.round(x * 100)} %`;
console.log(`Search evaluation: ${QUERIES.length} judged queries over ${urls.size} articles, binary ${bin}, module ${ran.engine}\n`);
console.log("| kind | queries | recall@5 | MRR | zero results |");
console.log("|---|---|---|---|---|");
for (const k of kinds) {
  const f = figures.kinds[k];
  console.log(`| ${k} | ${f.n} | ${f.recall.toFixed(2)} | ${f.mrr.toFixed(2)} | ${pct(f.zero)} |`);
}
const a = figures.all;
console.log(`| **all** | ${a.n} | **${a.recall.toFixed(2)}** | **${a.mrr.toFixed(2)}** | **${pct(a.zero)}** |`);
const times = rows.map((r) => r.ms).sort((x, y) => x - y);
console.log(`\nTime per query in the page (search + data of the top 10): median ${times[times.length >> 1].toFixed(0)} ms, worst ${times[times.length - 1].toFixed(0)} ms`);

if (flag("--show-misses")) {
  console.log("\nQueries below recall 1 or MRR 1:");
  for (const r of rows.filter((r) => r.recall < 1 || r.rr < 1)) {
    const fix = r.corrections.length ? ` (searched as ${r.corrections.map((c) => c.to).join(", ")})` : "";
    console.log(`- [${r.kind}] "${r.query}"${fix}: recall ${r.recall.toFixed(2)}, rr ${r.rr.toFixed(2)}, ${r.count} results`);
    console.log(`    want: ${r.relevant.map((p) => urls.get(p)).join(" ")}`);
    console.log(`    got:  ${r.got.slice(0, 5).join(" ")}`);
  }
}
if (value("--json")) writeFileSync(value("--json"), JSON.stringify(figures, null, 2) + "\n");

if (flag("--check")) {
  const failures = [];
  if (a.recall < TARGETS.recall) failures.push(`recall@5 ${a.recall.toFixed(3)} < ${TARGETS.recall}`);
  if (a.mrr < TARGETS.mrr) failures.push(`MRR ${a.mrr.toFixed(3)} < ${TARGETS.mrr}`);
  if (a.zero > TARGETS.zero) failures.push(`zero results ${pct(a.zero)} > ${pct(TARGETS.zero)}`);
  if (value("--baseline")) {
    const base = JSON.parse(readFileSync(value("--baseline"), "utf8"));
    for (const [k, f] of Object.entries(figures.kinds)) {
      const b = base.kinds[k];
      if (!b) continue;
      if (f.recall + 1e-9 < b.recall) failures.push(`${k}: recall@5 ${f.recall.toFixed(3)} below its starting ${b.recall.toFixed(3)}`);
      if (f.mrr + 1e-9 < b.mrr) failures.push(`${k}: MRR ${f.mrr.toFixed(3)} below its starting ${b.mrr.toFixed(3)}`);
    }
  }
  if (failures.length) {
    console.log(`\nTargets not met:\n${failures.map((f) => "  - " + f).join("\n")}\nRESULT: FAIL`);
    process.exit(1);
  }
  console.log("\nTargets met.\nRESULT: PASS");
}
