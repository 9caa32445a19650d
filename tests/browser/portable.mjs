#!/usr/bin/env node
// `leidraad build --portable` opened from disk: the bundled site is built
// with --portable and opened in Chromium as file:// URLs, as from a network
// share or an unpacked zip. Every internal link of every page is relative
// and names a file that exists; a reader goes from the home page to an
// article and a term page by clicking; search on the search page finds
// Dutch inflections and words without their diacritics, narrows with a
// filter, and a result opens its article from disk. The same output is then
// served over HTTP under an arbitrary path, where search must work too.
//
// LEIDRAAD_PORTABLE_SITE=<dir> skips the build and tests that folder (the
// benchmark in docs/deploy.md uses it for a 2,000-article corpus, with
// LEIDRAAD_PORTABLE_QUERY=<word>); it then prints time to first results.
//
// Usage: node tests/browser/portable.mjs

import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM, ROOT, assert, chromiumOrSkip, eq, harness, leidraadBinary, serveStatic } from "./lib.mjs";

const { test, finish } = harness();
function die(message) {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

const chromium = await chromiumOrSkip("the portable output tests", die);
const given = process.env.LEIDRAAD_PORTABLE_SITE;
const QUERY = process.env.LEIDRAAD_PORTABLE_QUERY || "vertrouwen";
let work = null;
let SITE;
if (given) {
  SITE = resolve(given);
} else {
  const bin = await leidraadBinary(die);
  work = mkdtempSync(join(tmpdir(), "leidraad-portable-"));
  SITE = join(work, "site");
  // An absolute base_url: the portable stage must make those links relative too.
  const r = spawnSync(bin, ["build", "--root", ROOT, "--output", SITE, "--portable", "--base-url", "https://intranet.example.nl/hr/kb/"], {
    encoding: "utf8",
  });
  if (r.status !== 0) die(`leidraad build --portable failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  console.log(r.stdout.trim());
}
const fileUrl = (rel) => pathToFileURL(join(SITE, rel)).href;

function htmlFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) {
      if (name !== "pagefind") out.push(...htmlFiles(p));
    } else if (name.endsWith(".html")) out.push(p);
  }
  return out.sort();
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
async function open() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") page.problems.push(`console: ${m.text()}`);
  });
  return { context, page };
}
const noProblems = (page, where) => assert(page.problems.length === 0, `on ${where}:\n${page.problems.join("\n")}`);

const searchPage = existsSync(join(SITE, "zoeken", "index.html")) ? "zoeken/index.html" : "search/index.html";

/// Waits for "N resultaten/results" and returns N (or -1).
async function resultCount(page, timeout = 30000) {
  // "1.929 resultaten": Dutch groups thousands with a dot.
  await page.waitForFunction(() => /^[\d.,]+ (resulta|result)/.test(document.querySelector(".pagefind-ui__message")?.textContent || ""), null, {
    timeout,
  });
  return page.evaluate(() => Number(document.querySelector(".pagefind-ui__message").textContent.match(/^([\d.,]+)/)[1].replace(/[.,]/g, "")));
}

if (!given) {
  await test("every internal link and script of every page is relative and names a file that exists", async () => {
    const bad = [];
    let checked = 0;
    for (const file of htmlFiles(SITE)) {
      const html = readFileSync(file, "utf8").replace(/<script(?:\s[^>]*)?>[\s\S]*?<\/script>/g, (m) => m.replace(/>[\s\S]*<\/script>$/, "></script>"));
      for (const [, attr, value] of html.matchAll(/\s(href|src|action|data-bundle)="([^"]*)"/g)) {
        if (/^(https?:|mailto:|#|data:)/.test(value)) {
          if (value.includes("intranet.example.nl/hr/kb")) bad.push(`${relative(SITE, file)}: ${attr}="${value}" (absolute)`);
          continue;
        }
        if (value.startsWith("/")) {
          bad.push(`${relative(SITE, file)}: ${attr}="${value}" (site-absolute)`);
          continue;
        }
        const path = decodeURIComponent(value.replace(/[?#].*$/, ""));
        const target = resolve(dirname(file), path);
        const ok = attr === "data-bundle" ? statSync(target, { throwIfNoEntry: false })?.isDirectory() : statSync(target, { throwIfNoEntry: false })?.isFile();
        if (!ok) bad.push(`${relative(SITE, file)}: ${attr}="${value}" → ${relative(SITE, target)} is missing`);
        checked++;
      }
    }
    assert(checked > 500, `only ${checked} links checked`);
    assert(bad.length === 0, `${bad.length} bad links:\n${bad.slice(0, 15).join("\n")}`);
  });

  await test("from disk: home → article → term page by clicking", async () => {
    const { context, page } = await open();
    try {
      await page.goto(fileUrl("index.html"));
      const card = page.locator(".card-title a").first();
      const title = (await card.textContent()).trim();
      await Promise.all([page.waitForNavigation(), card.click()]);
      assert(page.url().startsWith("file://") && page.url().endsWith("/index.html"), `article URL ${page.url()}`);
      eq((await page.locator("h1").first().textContent()).trim(), title, "article heading");
      assert((await page.locator("link[rel=stylesheet]").count()) > 0, "no stylesheet");
      const styled = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
      assert(!/^"?Times/.test(styled), `the stylesheet did not load (font ${styled})`);
      const badge = page.locator("main a[href*='pijlers/']").first();
      await Promise.all([page.waitForNavigation(), badge.click()]);
      assert(/\/pijlers\/[^/]+\/index\.html$/.test(page.url()), `term URL ${page.url()}`);
      assert((await page.locator(".card-title a").count()) > 0, "the term page lists no articles");
      noProblems(page, "home, article, term page");
    } finally {
      await context.close();
    }
  });
}

/// Opens the search page at `url` with ?q=QUERY in a fresh browser context
/// (empty cache) and returns [results, ms until the first result's link shows].
async function firstResults(url) {
  const { context, page } = await open();
  try {
    // The bundle files the query loaded (their script copies from disk).
    const loaded = new Set();
    page.on("request", (r) => {
      const m = r.url().match(/\/pagefind\/(.*)$/);
      if (m && !/\.(css|js)$/.test(m[1].replace(/^portable\//, "").replace(/\.js$/, ""))) loaded.add(m[1]);
    });
    const t0 = Date.now();
    await page.goto(url + "?q=" + encodeURIComponent(QUERY));
    const n = await resultCount(page);
    await page.locator(".pagefind-ui__result-title .pagefind-ui__result-link").first().waitFor();
    const ms = Date.now() - t0;
    noProblems(page, url);
    const bytes = [...loaded].reduce((sum, rel) => sum + (statSync(join(SITE, "pagefind", decodeURIComponent(rel).replace(/\?.*$/, "")), { throwIfNoEntry: false })?.size || 0), 0);
    return [n, ms, loaded.size, bytes];
  } finally {
    await context.close();
  }
}

await test(`from disk: search for "${QUERY}", time to first results`, async () => {
  const runs = given ? 3 : 1;
  const disk = [];
  for (let i = 0; i < runs; i++) disk.push(await firstResults(fileUrl(searchPage)));
  assert(disk.every(([n]) => n > 0), `no results for ${QUERY}`);
  const median = (xs) => xs.map(([, ms]) => ms).sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`      ${disk[0][0]} results for "${QUERY}" from disk: first results after ${disk.map(([, ms]) => ms).join(", ")} ms (median ${median(disk)}); index data loaded: ${disk[0][2]} files, ${(disk[0][3] / 1e3).toFixed(1)} kB`);
  if (given) {
    // The same page over HTTP, for comparison.
    const { server, origin } = await serveStatic(SITE, { prefix: "/" });
    try {
      const http = [];
      for (let i = 0; i < runs; i++) http.push(await firstResults(`${origin}/${searchPage}`));
      console.log(`      over HTTP: ${http.map(([, ms]) => ms).join(", ")} ms (median ${median(http)}); index data loaded: ${http[0][2]} files, ${(http[0][3] / 1e3).toFixed(1)} kB`);
    } finally {
      server.close();
    }
  }
});

if (!given) {
  await test("from disk: a typo is corrected (\"Bedoelde je\") by the theme's search engine, as over HTTP", async () => {
    const { context, page } = await open();
    try {
      await page.goto(fileUrl(searchPage) + "?q=leiderchap");
      assert((await resultCount(page)) > 0, "no results for the typo");
      const note = page.locator("#search-correction");
      await note.waitFor({ state: "visible", timeout: 30000 });
      const text = await note.textContent();
      assert(/leiderschap/.test(text), `correction: ${text}`);
      noProblems(page, "typo from disk");
    } finally {
      await context.close();
    }
  });

  await test("from disk: stemming, diacritics and a filter, and a result opens its article", async () => {
    const { context, page } = await open();
    try {
      await page.goto(fileUrl(searchPage) + "?q=creeert");
      const creeert = await resultCount(page);
      assert(creeert > 0, `"creeert" found nothing`);
      const folded = await page
        .waitForFunction(() => [...document.querySelectorAll(".pagefind-ui__result-excerpt mark")].some((m) => /creëert/i.test(m.textContent)), null, {
          timeout: 10000,
        })
        .then(() => true, () => false);
      const marks = await page.locator(".pagefind-ui__result-excerpt mark").allTextContents();
      assert(folded, `"creeert" did not highlight "creëert": ${marks.join(", ")}`);

      await page.fill(".pagefind-ui__search-input", "leidinggevenden");
      await page.waitForFunction(() => /voor leidinggevenden$/.test(document.querySelector(".pagefind-ui__message")?.textContent || ""));
      // Dutch stemming: the plural finds the singular (highlighted as it is written).
      const stemmed = await page
        .waitForFunction(() => [...document.querySelectorAll(".pagefind-ui__result-excerpt mark")].some((m) => /^leidinggevende$/i.test(m.textContent)), null, {
          timeout: 10000,
        })
        .then(() => true, () => false);
      const stemMarks = await page.locator(".pagefind-ui__result-excerpt mark").allTextContents();
      assert(stemmed, `"leidinggevenden" did not find "leidinggevende": ${stemMarks.join(", ")}`);

      await page.fill(".pagefind-ui__search-input", "vertrouwen");
      await page.waitForFunction(() => /voor vertrouwen$/.test(document.querySelector(".pagefind-ui__message")?.textContent || ""));
      const before = await resultCount(page);
      const block = page.locator(".pagefind-ui__filter-block", { has: page.locator('input[name="pillars"]') });
      await block.locator(".pagefind-ui__filter-name").waitFor({ timeout: 60000 });
      eq((await block.locator(".pagefind-ui__filter-name").textContent()).trim(), "Pijlers", "filter panel name");
      // Pagefind loads the filters after the first results (slowly on a loaded machine).
      await block.locator(".pagefind-ui__filter-label").first().waitFor({ timeout: 60000 });
      await block.locator(".pagefind-ui__filter-label").first().click();
      await page.waitForFunction((n) => {
        const m = document.querySelector(".pagefind-ui__message")?.textContent.match(/^(\d+) resulta/);
        return m && Number(m[1]) < n && Number(m[1]) > 0;
      }, before, { timeout: 10000 });

      const link = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link").first();
      await link.waitFor();
      const href = await link.getAttribute("href");
      // The engine adds the words to mark on the article (?highlight=…).
      assert(/^\.\.\/.+\/index\.html(\?highlight=[^#]*)?$/.test(href), `result link ${href} is not relative to the search page`);
      const title = (await link.textContent()).trim();
      await Promise.all([page.waitForNavigation(), link.click()]);
      assert(page.url().startsWith("file://"), page.url());
      eq((await page.locator("h1").first().textContent()).trim(), title, "the result's article");
      noProblems(page, "search from disk");
    } finally {
      await context.close();
    }
  });

  await test("from disk: a filter-only link (a term's search link) lists its articles, which open", async () => {
    const { context, page } = await open();
    try {
      await page.goto(fileUrl(searchPage) + "?pillars=Van+controle+naar+vertrouwen");
      const first = page.locator(".search-filter-results a").first();
      await first.waitFor({ timeout: 30000 });
      const href = await first.getAttribute("href");
      assert(/^\.\.\/.+\/index\.html$/.test(href), `listed link ${href} is not relative`);
      await Promise.all([page.waitForNavigation(), first.click()]);
      assert(page.url().startsWith("file://") && (await page.locator("h1").count()) > 0, page.url());
      noProblems(page, "a filter-only link from disk");
    } finally {
      await context.close();
    }
  });

  await test("served over HTTP under another path, the same output searches too", async () => {
    const { server, origin } = await serveStatic(SITE, { prefix: "/ergens/anders/" });
    const { context, page } = await open();
    try {
      await page.goto(`${origin}/ergens/anders/${searchPage}?q=vertrouwen`);
      assert((await resultCount(page)) > 0, "no results over HTTP");
      const link = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link").first();
      await link.waitFor();
      await Promise.all([page.waitForNavigation(), link.click()]);
      const opened = page.url().replace(/\?highlight=[^#]*/, "");
      assert(opened.startsWith(`${origin}/ergens/anders/`) && opened.endsWith("index.html"), page.url());
      noProblems(page, "search over HTTP");
    } finally {
      await context.close();
      server.close();
    }
  });
}

await browser.close();
if (work) rmSync(work, { recursive: true, force: true });
finish("portable output tests");
