// The injection test: every payload of tests/attack/payloads.txt (each
// calls __x(N) or opens a dialog if it ever runs) put in every field and
// place a site author controls: site title and description, taxonomy and
// term titles and descriptions, menu, footer, edit link, article titles,
// summaries, authors,
// aliases, raw HTML in bodies, link and image URLs. The built site is
//   1. scanned statically: no tag in any page, feed or sitemap carries an
//      event handler or a script URL, and no script element holds a
//      payload; the feed and sitemap parse as XML;
//   2. opened in Chromium WITHOUT a Content-Security-Policy (which would
//      hide a broken escape): every page, the search page after a query and
//      with every filter ticked, and the serve error overlay after a save
//      that names a payload. __x must never be called and no dialog open.
// Run: CI=true node tests/browser/inject.mjs (tests/it/browser.rs does).

import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ROOT, CHROMIUM, assert, chromiumOrSkip, harness, leidraadBinary, serveStatic, sleep } from "./lib.mjs";

const { test, finish } = harness();
let browser, server, work;
async function die(message) {
  console.log(`FAIL  setup\n      ${message}`);
  if (browser) await browser.close().catch(() => {});
  if (server) server.kill();
  process.exit(1);
}

const PAYLOADS = readFileSync(join(ROOT, "tests/attack/payloads.txt"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((p, i) => p.replaceAll("N", String(i + 1)));
const q = (s) => JSON.stringify(s); // a YAML double-quoted scalar
const P = (i) => PAYLOADS[i % PAYLOADS.length];

// ---------------------------------------------------------------- the site
function writeSite(dir) {
  const terms = PAYLOADS.map((p, i) => `      - slug: t${i}\n        title: ${q(p)}\n        description: ${q(`Term ${p}`)}`).join("\n");
  const yaml = `title: ${q(`Kennisbank ${P(0)}`)}
description: ${q(P(1))}
base_url: "https://intranet.example.nl/kb/"
language: nl
menu:
${PAYLOADS.slice(0, 8).map((p, i) => `  - { title: ${q(p)}, url: ${q(`/menu-${i}/${encodeURIComponent(p)}`)} }`).join("\n")}
footer: ${q(`Voet ${P(5)} [mail](javascript:__x(901))`)}
edit_url: ${q(`https://git.example.nl/edit/{path}?x=${P(6)}`)}
taxonomies:
  - name: pillars
    title: ${q(`Pijlers ${P(2)}`)}
    path: pijlers
    description: ${q(`Over ${P(3)} [klik](javascript:__x(900))`)}
    display: colour
    terms:
${terms}
  - name: roles
    title: ${q(P(4))}
    path: rollen
    display: audience
    terms:
${terms}
`;
  writeFileSync(join(dir, "site.yaml"), yaml);
  mkdirSync(join(dir, "articles/team"), { recursive: true });
  PAYLOADS.forEach((p, i) => {
    const alias = `/oud-${i}/${p.replace(/\.\.|[?#\\]/g, "")}/`.replace(/\/+/g, "/");
    const text = `---
title: ${q(`Artikel ${i} ${p}`)}
date: 2026-01-${String((i % 28) + 1).padStart(2, "0")}
author: ${q(p)}
summary: ${q(`Samenvatting ${p}`)}
pillars: [t${i}]
roles: [t${(i + 1) % PAYLOADS.length}]
aliases: [${q(alias)}]
---

Over vertrouwen ${p} in de tekst.

${p}

## Kop ${p}

[link](${p.startsWith("javascript:") ? p : "javascript:__x(" + (i + 1) + ")"}) en ![beeld](javascript:__x(${i + 1})) en [data](data:text/html,<script>__x(${i + 1})</script>).

| kolom ${p} |
|---|
| ${p.replaceAll("|", "")} |
`;
    writeFileSync(join(dir, `articles/team/a${i}.md`), text);
  });
}

// ---------------------------------------------------------------- static scan
const URL_ATTRS = new Set(["href", "src", "action", "formaction", "data", "xlink:href", "poster", "srcset", "background"]);
const decode = (v) =>
  v
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(+d))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;|&newline;/gi, "");

/// Problems in one file's text: a tag with an event handler or a script
/// URL, a script element holding a payload, a tag made from a payload.
function scan(file, text) {
  const found = [];
  for (const m of text.matchAll(/<([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const [tag, name, rest] = m;
    for (const a of rest.matchAll(/([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      const attr = a[1].toLowerCase();
      const value = decode(a[2] ?? a[3] ?? a[4] ?? "").replace(/[\u0000-\u0020]/g, "").toLowerCase();
      if (attr.startsWith("on")) found.push(`${file}: event handler in ${tag.slice(0, 120)}`);
      if (URL_ATTRS.has(attr) && /^(javascript|vbscript|data):/.test(value)) found.push(`${file}: script URL in ${tag.slice(0, 120)}`);
    }
    if (/^(iframe|object|embed|math|marquee|video|source|style|textarea)$/i.test(name)) found.push(`${file}: element ${tag.slice(0, 80)}`);
  }
  for (const m of text.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/gi)) {
    if (m[1].includes("__x")) found.push(`${file}: a script element runs a payload: ${m[0].slice(0, 120)}`);
  }
  return found;
}

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else out.push(p);
  }
  return out;
}

// ---------------------------------------------------------------- run
const chromium = await chromiumOrSkip("the injection test", die);
const bin = await leidraadBinary(die);
work = mkdtempSync(join(tmpdir(), "leidraad-inject-"));
writeSite(work);
const built = spawnSync(bin, ["build", "--root", work], { encoding: "utf8" });
if (built.status !== 0) await die(`the build failed:\n${built.stderr}`);
const out = join(work, "public");
const pages = files(out).filter((f) => /\.(html|xml)$/.test(f));
console.log(`== ${PAYLOADS.length} payloads, ${pages.length} pages and feeds built in ${work}`);

await test(`no page, feed or sitemap carries a payload as markup (${pages.length} files)`, async () => {
  const found = pages.flatMap((f) => scan(relative(out, f), readFileSync(f, "utf8")));
  assert(found.length === 0, `${found.length} problems:\n${found.slice(0, 15).join("\n")}`);
  const article = readFileSync(join(out, "team/a1/index.html"), "utf8");
  assert(article.includes("&lt;img src=x onerror=__x(2)&gt;") || article.includes("onerror=__x(2)&gt;"), "the title payload is not shown as text");
});

const { server: http, origin } = await serveStatic(out, { prefix: "/kb/", headers: { "cache-control": "no-store" } });
browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
const context = await browser.newContext();
await context.addInitScript(() => {
  window.__ran = [];
  window.__x = (n) => window.__ran.push(n);
});
const ran = [];
async function visit(page, url) {
  page.removeAllListeners("dialog");
  page.on("dialog", async (d) => {
    ran.push(`${url}: a ${d.type()} dialog`);
    await d.dismiss().catch(() => {});
  });
  await page.goto(url, { waitUntil: "load" });
  await sleep(50);
  // Alias pages redirect: read the page they lead to.
  let calls;
  for (let tries = 0; calls === undefined; tries++) {
    try {
      calls = await page.evaluate(() => window.__ran.slice());
    } catch (e) {
      if (tries > 5) throw e;
      await page.waitForLoadState("load").catch(() => {});
      await sleep(200);
    }
  }
  for (const n of calls) ran.push(`${url}: payload ${n} ran`);
}

await test("feed and sitemap are well-formed XML with payloads as text", async () => {
  const page = await context.newPage();
  await page.goto(`${origin}/kb/`);
  for (const f of ["atom.xml", "sitemap.xml"]) {
    const text = readFileSync(join(out, f), "utf8");
    const r = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, "application/xml");
      const bad = doc.getElementsByTagName("parsererror").length;
      const names = [...doc.getElementsByTagName("*")].map((e) => e.localName);
      return { bad, names: [...new Set(names)] };
    }, text);
    assert(r.bad === 0, `${f} is not well-formed XML`);
    const foreign = r.names.filter((n) => /^(script|img|svg|iframe|a|body|input)$/.test(n));
    assert(foreign.length === 0, `${f} has elements ${foreign.join(", ")}`);
  }
  await page.close();
});

await test(`no payload runs on any of the ${pages.filter((f) => f.endsWith(".html")).length} pages (no CSP)`, async () => {
  const page = await context.newPage();
  for (const f of pages.filter((f) => f.endsWith(".html"))) {
    const rel = relative(out, f).replace(/index\.html$/, "");
    await visit(page, `${origin}/kb/${rel}`);
  }
  await visit(page, `${origin}/kb/team/a1/`);
  const audience = await page.$eval(".audience", (e) => e.textContent);
  assert(audience.includes(PAYLOADS[2]), `the audience line does not show the term title as text: ${audience}`);
  await page.close();
  assert(ran.length === 0, `${ran.length} payloads ran:\n${ran.slice(0, 15).join("\n")}`);
});

await test("no payload runs in the search UI after a query and with every filter ticked", async () => {
  const page = await context.newPage();
  await visit(page, `${origin}/kb/zoeken/?q=vertrouwen`);
  await page.waitForSelector(".pagefind-ui__result", { timeout: 60000 });
  // Filters show after a search; tick every one (their labels are payloads).
  const boxes = await page.$$(".pagefind-ui__filter-checkbox");
  assert(boxes.length >= PAYLOADS.length, `only ${boxes.length} filter checkboxes`);
  for (const details of await page.$$("details.pagefind-ui__filter-block:not([open]) summary")) await details.click();
  for (const box of boxes.slice(0, 12)) await box.check({ force: true });
  await sleep(3000);
  const labels = await page.$$eval(".pagefind-ui__filter-label", (ls) => ls.map((l) => l.textContent));
  assert(labels.some((l) => l.includes("<img src=x onerror=__x(")), `filter labels do not show the payloads as text: ${labels.slice(0, 3)}`);
  const calls = await page.evaluate(() => window.__ran.slice());
  for (const n of calls) ran.push(`search: payload ${n} ran`);
  await page.close();
  assert(ran.length === 0, `${ran.length} payloads ran:\n${ran.slice(0, 15).join("\n")}`);
});

await test("no payload runs in the serve error overlay", async () => {
  const log = [];
  server = spawn(bin, ["serve", "--root", work, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  const origin = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no Serving line in 60 s:\n${log.join("\n")}`)), 60000);
    server.stdout.setEncoding("utf8").on("data", (c) => {
      log.push(c);
      const m = c.match(/Serving at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    server.stderr.setEncoding("utf8").on("data", (c) => log.push(c));
  });
  const page = await context.newPage();
  await visit(page, `${origin}/team/a1/`);
  // A broken save: an undeclared term and a bad key, both payloads.
  const bad = PAYLOADS.slice(0, 6).map((p) => q(p)).join(", ");
  writeFileSync(join(work, "articles/team/a1.md"), `---\ntitle: ${q(P(1))}\ndate: 2026-01-01\npillars: [${bad}]\n${P(5).replace(/[:#\n]/g, "")}: x\n---\n\n${P(0)}\n`);
  await page.waitForSelector("#leidraad-error", { timeout: 60000 });
  await sleep(500);
  const overlay = await page.$eval("#leidraad-error", (e) => ({ text: e.textContent, tags: [...e.querySelectorAll("*")].map((x) => x.localName) }));
  assert(overlay.text.includes("<script>__x(1)</script>"), `the overlay does not show the payload as text: ${overlay.text.slice(0, 300)}`);
  const foreign = overlay.tags.filter((t) => /^(script|img|svg|iframe|input|a)$/.test(t));
  assert(foreign.length === 0, `the overlay holds elements ${foreign.join(", ")}`);
  const calls = await page.evaluate(() => window.__ran.slice());
  for (const n of calls) ran.push(`overlay: payload ${n} ran`);
  await page.close();
  assert(ran.length === 0, `${ran.length} payloads ran:\n${ran.slice(0, 15).join("\n")}`);
});

await browser.close();
http.close();
if (server) server.kill();
rmSync(work, { recursive: true, force: true });
finish("injection test");
