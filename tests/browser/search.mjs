#!/usr/bin/env node
// Browser tests of the Dutch-aware search (spec section 12), against the
// bundled knowledge base built by the real binary, in a real Chromium:
//
//   - a typo ("leiderchap") is searched as the site's word and the search
//     page says so ("Bedoelde je leiderschap?"); a correct word says nothing
//   - a synonym from site.yaml finds articles that only use another word of
//     its group, and the part of a compound finds the compound
//   - opening a result marks the search words in the article with <mark>,
//     names them in a note, and the note's button takes the marks away
//   - the same with a site served under /kb/, with a strict CSP
//
// Usage: node tests/browser/search.mjs (LEIDRAAD_BIN=path to use that binary).

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, assert, chromiumOrSkip, harness, leidraadBinary, serveStatic } from "./lib.mjs";

const { test, finish } = harness();
function die(message) {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}
const chromium = await chromiumOrSkip("the search browser tests", die);
const bin = await leidraadBinary(die);
const work = mkdtempSync(join(tmpdir(), "leidraad-search-"));
function build(name, extra = []) {
  const out = join(work, name);
  const r = spawnSync(bin, ["build", "--root", ROOT, "--output", out, "--quiet", ...extra], { encoding: "utf8" });
  if (r.status !== 0) die(`leidraad build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";
const site = build("root");
const siteKb = build("kb", ["--base-url", "/kb/"]);
const { server, origin } = await serveStatic(site, { headers: { "content-security-policy": CSP, "cache-control": "no-store" } });
const { server: serverKb, origin: originKb } = await serveStatic(siteKb, { prefix: "/kb/", headers: { "content-security-policy": CSP } });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium" });

async function open(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  return { page, errors };
}

async function results(page) {
  await page.waitForFunction(() => {
    const rs = [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")];
    return rs.length > 0 && rs.every((r) => r.querySelector(".pagefind-ui__result-link[href]"));
  }, null, { timeout: 30000 });
  return page.evaluate(() =>
    [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")].map((r) => ({
      title: r.querySelector(".pagefind-ui__result-title").textContent.trim(),
      href: r.querySelector(".pagefind-ui__result-link").getAttribute("href"),
      excerpt: r.querySelector(".pagefind-ui__result-excerpt").textContent,
      marks: [...r.querySelectorAll(".pagefind-ui__result-excerpt mark")].map((m) => m.textContent),
    })),
  );
}

await test("a typo is searched as the site's word, and the page says 'Bedoelde je …'", async () => {
  const { page, errors } = await open(`${origin}/zoeken/?q=leiderchap`);
  const shown = await results(page);
  const note = page.locator("#search-correction");
  await note.waitFor({ state: "visible", timeout: 10000 });
  const text = (await note.textContent()).replace(/\s+/g, " ");
  assert(/^Bedoelde je leiderschap\?/.test(text), `the note says: ${text}`);
  eq(await note.getAttribute("role"), "status", "the note is announced");
  assert(shown.some((r) => r.marks.some((m) => /leiderschap/i.test(m))), `no excerpt marks "leiderschap": ${JSON.stringify(shown.slice(0, 3))}`);
  assert(!shown.some((r) => /\^\^/.test(r.title + r.excerpt)), "a compound mark shows in a result");
  // A word the site uses gets no note.
  await page.fill(".pagefind-ui__search-input", "leiderschap");
  await page.waitForFunction(() => document.getElementById("search-correction").hidden, null, { timeout: 10000 });
  assert(errors.length === 0, `errors: ${errors.join("; ")}`);
  await page.close();
});

await test("a synonym and a compound's part find what the words alone do not", async () => {
  const { page } = await open(`${origin}/zoeken/`);
  const hits = await page.evaluate(async () => {
    const pf = await import(document.getElementById("search").dataset.engine + "pagefind.js");
    const urls = async (q) => Promise.all((await pf.search(q)).results.map(async (r) => (await r.data()).url.replace(/\?.*$/, "")));
    const plain = await import(document.getElementById("search").dataset.bundle + "pagefind.js");
    const plainUrls = async (q) => Promise.all((await plain.search(q)).results.map(async (r) => (await r.data()).url));
    const marks = async (q) =>
      (await Promise.all((await pf.search(q)).results.map(async (r) => (await r.data()).excerpt)))
        .flatMap((e) => [...e.matchAll(/<mark>([^<]*)<\/mark>/g)].map((m) => m[1]));
    return { baas: await urls("baas"), baasPlain: await plainUrls("baas"), gesprek: await marks("gesprek") };
  });
  assert(hits.baas.length > hits.baasPlain.length, `"baas" (a synonym of leidinggevende in site.yaml): ${hits.baas.length} results, plain Pagefind ${hits.baasPlain.length}`);
  // The compound is found by its last part and shown as the article has it.
  const compounds = hits.gesprek.filter((m) => /^\p{L}+gesprek/iu.test(m));
  assert(compounds.length > 0, `"gesprek" marks no compound in an excerpt: ${hits.gesprek.join(", ")}`);
  await page.close();
});

async function followAndMark(base, query) {
  const { page, errors } = await open(`${base}zoeken/?q=${encodeURIComponent(query)}`);
  const shown = await results(page);
  assert(/[?&]highlight=/.test(shown[0].href), `the first result links without the words to mark: ${shown[0].href}`);
  await page.click(".pagefind-ui__results > .pagefind-ui__result:first-child .pagefind-ui__result-title a");
  await page.waitForLoadState("load");
  await page.waitForSelector("mark.search-hit", { timeout: 10000 });
  const marked = await page.evaluate(() => ({
    marks: [...document.querySelectorAll("mark.search-hit")].map((m) => m.textContent),
    outside: document.querySelectorAll("mark.search-hit:not(.article-body mark)").length,
    note: document.querySelector(".search-hit-note")?.textContent.replace(/\s+/g, " "),
  }));
  assert(marked.marks.length > 0, "no <mark> on the article");
  assert(marked.outside === 0, "marks outside the article's text");
  return { page, errors, marked };
}

await test("opening a result marks the search words on the article, and they can be taken away", async () => {
  const { page, errors, marked } = await followAndMark(`${origin}/`, "vertrouwen");
  assert(marked.marks.every((m) => /vertrouw/i.test(m)), `marked: ${marked.marks.slice(0, 5).join(", ")}`);
  assert(/^Zoekwoorden gemarkeerd: .*vertrouwen.*\(\d+\)\. Markering weghalen$/.test(marked.note), `note: ${marked.note}`);
  await page.click(".search-hit-clear");
  eq(await page.locator("mark.search-hit").count(), 0, "marks after the button");
  eq(await page.locator(".search-hit-note").count(), 0, "notes after the button");
  assert(!/highlight=/.test(page.url()), `the address still asks for marks: ${page.url()}`);
  assert(errors.length === 0, `errors: ${errors.join("; ")}`);
  await page.close();
});

await test("marks work under a sub-path (/kb/) with a strict CSP", async () => {
  const { page, errors, marked } = await followAndMark(`${originKb}/kb/`, "feedback");
  assert(marked.marks.some((m) => /feedback/i.test(m)), `marked: ${marked.marks.join(", ")}`);
  assert(errors.length === 0, `errors: ${errors.join("; ")}`);
  await page.close();
});

function eq(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

await browser.close();
server.close();
serverKb.close();
rmSync(work, { recursive: true, force: true });
finish("search browser tests");
