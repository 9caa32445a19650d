#!/usr/bin/env node
// What one search query costs a browser: the bytes it downloads, split by
// kind, when a reader opens the search page with ?q=WORD on a built site.
//
// Serves a built leidraad output folder (with pagefind/) over HTTP itself,
// opens <base>zoeken/?q=WORD in headless Chromium with an empty cache, waits
// until the results are shown and Pagefind has stopped fetching, and records
// every response with its size on the wire (headers + body as sent; the
// server does not compress, and Pagefind's chunks are gzipped already).
//
// Usage:
//   node bench/search_bytes.mjs --site DIR [--query vertrouwen] [--base /]
//        [--search-path zoeken/] [--then WORD ...] [--json FILE] [--list]
//
//   --site DIR         a folder written by `leidraad build` (with pagefind/)
//   --query WORD       the query in ?q= (default: vertrouwen)
//   --base /           the site's base path, as built with --base-url (default /)
//   --search-path P    the search page under the base (default: zoeken/, or
//                      search/ when there is no zoeken/)
//   --then WORD        after the first query, type WORD into the search box
//                      and count what that query adds (repeatable)
//   --json FILE        also write the figures as JSON
//   --list             print every response
//
// Sizes come from Playwright's request.sizes() (Chromium's encoded data
// length: the body as transferred, plus the response headers), which also
// sees the requests of Pagefind's web worker; a CDP Network session on the
// page gives a second opinion on the requests it sees.
//
// Needs Debian's chromium (CHROMIUM_PATH overrides /usr/bin/chromium) and
// `npm ci` for playwright-core.

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CHROMIUM, playwrightChromium, serveStatic } from "../tests/browser/lib.mjs";

// ---------------------------------------------------------------- arguments
function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error("usage: node bench/search_bytes.mjs --site DIR [--query WORD] [--base /] [--search-path zoeken/] [--then WORD ...] [--json FILE] [--list]");
  process.exit(2);
}
const opts = { site: null, query: "vertrouwen", base: "/", searchPath: null, then: [], json: null, list: false };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const val = () => (i + 1 < argv.length ? argv[++i] : usage(`${a} needs a value`));
  if (a === "--site") opts.site = val();
  else if (a === "--query") opts.query = val();
  else if (a === "--base") opts.base = val();
  else if (a === "--search-path") opts.searchPath = val();
  else if (a === "--then") opts.then.push(val());
  else if (a === "--json") opts.json = val();
  else if (a === "--list") opts.list = true;
  else if (a === "-h" || a === "--help") usage();
  else usage(`unknown argument ${a}`);
}
if (!opts.site) usage("--site is required");
const SITE = resolve(opts.site);
if (!existsSync(join(SITE, "pagefind", "pagefind-entry.json"))) usage(`${SITE} has no pagefind/pagefind-entry.json: build the site with search`);
let BASE = opts.base.startsWith("/") ? opts.base : `/${opts.base}`;
if (!BASE.endsWith("/")) BASE += "/";
const searchPath = opts.searchPath || (existsSync(join(SITE, "zoeken", "index.html")) ? "zoeken/" : "search/");
if (!existsSync(join(SITE, searchPath, "index.html"))) usage(`no search page at ${join(SITE, searchPath)}index.html (use --search-path)`);

if (!existsSync(CHROMIUM)) usage(`Chromium not found at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const chromium = await playwrightChromium(usage);

// ---------------------------------------------------------------- classification
const KINDS = [
  ["page", "the page (HTML, theme CSS/JS, favicon)"],
  ["runtime", "Pagefind runtime (pagefind*.js, worker, wasm, entry, UI css/js)"],
  ["meta", "meta (.pf_meta)"],
  ["index", "index chunks (.pf_index)"],
  ["filter", "filters (.pf_filter)"],
  ["fragment", "fragments (.pf_fragment)"],
  ["other", "anything else"],
];
function kindOf(url) {
  const path = new URL(url).pathname;
  if (!path.startsWith(`${BASE}pagefind/`)) return url.startsWith("http") ? "page" : "other";
  if (path.endsWith(".pf_meta")) return "meta";
  if (path.endsWith(".pf_index")) return "index";
  if (path.endsWith(".pf_filter")) return "filter";
  if (path.endsWith(".pf_fragment")) return "fragment";
  return "runtime";
}

// ---------------------------------------------------------------- the measurement
// No compression: Pagefind's chunks are gzipped already, and what is counted is what a plain server sends.
const { server, origin } = await serveStatic(SITE, { prefix: BASE, headers: { "cache-control": "no-cache" } });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

// Every request, from the page and from Pagefind's worker, in order.
const records = [];
let phase = "load";
let inFlight = 0;
let lastActivity = Date.now();
const pending = [];
context.on("request", () => {
  inFlight++;
  lastActivity = Date.now();
});
const done = async (req, failed) => {
  const rec = { url: req.url(), phase, kind: kindOf(req.url()), status: null, body: 0, headers: 0, failed };
  try {
    const resp = failed ? null : await req.response();
    rec.status = resp ? resp.status() : null;
    const s = await req.sizes();
    // Chromium reports 0 for a worker's own script; this server never
    // compresses, so its Content-Length is what went over the wire then.
    const length = Number((resp && resp.headers()["content-length"]) || 0);
    rec.body = Math.max(0, s.responseBodySize, length);
    rec.headers = Math.max(0, s.responseHeadersSize);
  } catch (e) {
    rec.error = e.message.split("\n")[0];
  }
  records.push(rec);
  inFlight--;
  lastActivity = Date.now();
};
context.on("requestfinished", (req) => pending.push(done(req, false)));
context.on("requestfailed", (req) => pending.push(done(req, true)));

// A second opinion from CDP on the page target (it may not see the worker).
const cdp = await page.context().newCDPSession(page);
await cdp.send("Network.enable");
const cdpUrls = new Map();
const cdpSeen = [];
cdp.on("Network.requestWillBeSent", (e) => cdpUrls.set(e.requestId, e.request.url));
cdp.on("Network.loadingFinished", (e) => {
  const url = cdpUrls.get(e.requestId);
  if (url) cdpSeen.push({ url, phase, bytes: e.encodedDataLength });
});

const errors = [];
page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
page.on("console", (m) => m.type() === "error" && errors.push(`console: ${m.text()}`));

async function settle(quietMs = 700, timeoutMs = 60000) {
  const t0 = Date.now();
  while (inFlight > 0 || Date.now() - lastActivity < quietMs) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`network did not settle within ${timeoutMs} ms (${inFlight} in flight)`);
    await new Promise((ok) => setTimeout(ok, 50));
  }
  await Promise.all(pending);
}

// The message Pagefind's UI shows once a search is done ("12 resultaten voor
// vertrouwen", "Geen resultaten voor …", "1 result for …").
async function waitForResults(word) {
  await page.waitForFunction(
    (w) => {
      const m = document.querySelector(".pagefind-ui__message");
      if (!m || !m.textContent.includes(w) || !/\d|geen|no /i.test(m.textContent)) return false;
      // Rendered results have their title (loaded from their fragment).
      const shown = [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")];
      return shown.every((r) => r.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link[href]"));
    },
    word,
    { timeout: 60000, polling: 100 },
  );
  await settle();
  return page.evaluate(() => ({
    message: document.querySelector(".pagefind-ui__message").textContent.trim(),
    shown: document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result").length,
    subResults: document.querySelectorAll(".pagefind-ui__result-nested").length,
  }));
}

const url = `${origin}${BASE}${searchPath}?q=${encodeURIComponent(opts.query)}`;
const t0 = Date.now();
await page.goto(url, { waitUntil: "load" });
const first = await waitForResults(opts.query);
// Until the last response of the step (not counting the quiet wait).
const firstMs = lastActivity - t0;
const queries = [{ query: opts.query, phase: "load", ms: firstMs, ...first }];
for (const word of opts.then) {
  phase = `then:${word}`;
  const t1 = Date.now();
  await page.fill(".pagefind-ui__search-input", word);
  const r = await waitForResults(word);
  queries.push({ query: word, phase, ms: lastActivity - t1, ...r });
}

await browser.close();
server.close();

// ---------------------------------------------------------------- report
const kb = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${(n / 1024).toFixed(1)} KiB`);
function summarize(recs) {
  const by = {};
  for (const [k] of KINDS) by[k] = { count: 0, body: 0, transferred: 0 };
  for (const r of recs) {
    const b = by[r.kind];
    b.count++;
    b.body += r.body;
    b.transferred += r.body + r.headers;
  }
  const sum = (keys) => keys.reduce((acc, k) => ({ count: acc.count + by[k].count, body: acc.body + by[k].body, transferred: acc.transferred + by[k].transferred }), { count: 0, body: 0, transferred: 0 });
  return { by, pagefind: sum(["runtime", "meta", "index", "filter", "fragment"]), chunks: sum(["meta", "index", "filter", "fragment"]), all: sum(KINDS.map(([k]) => k)) };
}
function printTable(title, s) {
  console.log(`\n${title}`);
  const rows = [["what", "files", "body bytes", "transferred", ""]];
  for (const [k, label] of KINDS) {
    const b = s.by[k];
    if (b.count || k !== "other") rows.push([label, String(b.count), String(b.body), String(b.transferred), kb(b.transferred)]);
  }
  rows.push(["─", "", "", "", ""]);
  rows.push(["index data for the query (meta+index+filter+fragment)", String(s.chunks.count), String(s.chunks.body), String(s.chunks.transferred), kb(s.chunks.transferred)]);
  rows.push(["the query: everything Pagefind fetched (runtime + data)", String(s.pagefind.count), String(s.pagefind.body), String(s.pagefind.transferred), kb(s.pagefind.transferred)]);
  rows.push([title.startsWith("query") ? "the whole page load" : "everything fetched in this step", String(s.all.count), String(s.all.body), String(s.all.transferred), kb(s.all.transferred)]);
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  for (const r of rows) {
    if (r[0] === "─") console.log("  " + "─".repeat(w.reduce((a, b) => a + b + 2, 0)));
    else console.log("  " + r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  "));
  }
}

const entry = JSON.parse(readFileSync(join(SITE, "pagefind", "pagefind-entry.json"), "utf8"));
const pages = Object.values(entry.languages || {}).reduce((n, l) => n + (l.page_count || 0), 0);
console.log(`site: ${SITE} (Pagefind ${entry.version}, ${pages} pages indexed)`);
console.log(`page: ${BASE}${searchPath}?q=${opts.query}`);
const bad = records.filter((r) => r.failed || (r.status !== null && r.status >= 400));
if (bad.length) console.log(`warning: ${bad.length} failed or non-2xx responses: ${bad.map((r) => `${r.status ?? "failed"} ${r.url}`).join(", ")}`);
if (errors.length) console.log(`warning: page errors: ${errors.join(" | ")}`);

const out = { site: SITE, pagefind: entry.version, indexedPages: pages, base: BASE, searchPath, queries: [] };
for (const q of queries) {
  const recs = records.filter((r) => r.phase === q.phase);
  const s = summarize(recs);
  printTable(
    q.phase === "load"
      ? `query "${q.query}" on a fresh page load (empty cache): ${q.message}; ${q.shown} results shown, ${q.subResults} sub-results; last byte after ${q.ms} ms`
      : `then typing "${q.query}" (cache and runtime warm): ${q.message}; ${q.shown} results shown; last byte after ${q.ms} ms`,
    s,
  );
  // CDP's view of the same requests, where it saw them (page target only).
  const cdpHere = cdpSeen.filter((c) => c.phase === q.phase);
  const urls = new Set(cdpHere.map((c) => c.url));
  const cdpTotal = cdpHere.reduce((n, c) => n + c.bytes, 0);
  const pwTotal = recs.filter((r) => urls.has(r.url)).reduce((n, r) => n + r.body + r.headers, 0);
  console.log(`  (cross-check: CDP Network.loadingFinished on the page target saw ${cdpHere.length} of these ${recs.length} requests (not the worker's): ${cdpTotal} bytes; the table has ${pwTotal} bytes for them)`);
  if (opts.list) {
    for (const r of recs) console.log(`    ${String(r.status ?? "-").padStart(3)}  ${r.kind.padEnd(8)}  ${String(r.body + r.headers).padStart(8)}  ${new URL(r.url).pathname}`);
  }
  out.queries.push({
    query: q.query,
    phase: q.phase,
    message: q.message,
    resultsShown: q.shown,
    subResults: q.subResults,
    ms: q.ms,
    byKind: s.by,
    indexData: s.chunks,
    pagefindTotal: s.pagefind,
    pageLoadTotal: s.all,
    requests: recs.map(({ url, kind, status, body, headers }) => ({ path: new URL(url).pathname, kind, status, body, headers })),
  });
}
if (opts.json) {
  writeFileSync(opts.json, JSON.stringify(out, null, 2) + "\n");
  console.log(`\nwrote ${opts.json}`);
}
