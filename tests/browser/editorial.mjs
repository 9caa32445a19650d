#!/usr/bin/env node
// Browser tests of the content lifecycle (spec section 11), on the bundled
// knowledge base built by the real binary with `editorial_page: true`, in a
// real Chromium whose clock is fixed at 2026-12-04 (the pages themselves
// carry no date: theme.js compares the due dates with the reader's):
//
//   a. the editorial page (redactie/): axe-core (WCAG 2.1 A/AA) light and dark,
//      the review schedule marked against the reader's date
//   b. a matrix cell leads to the search page listing exactly the articles
//      with both terms
//   c. an overdue article shows the "aan herziening toe" notice, one that is
//      not due does not; axe on the notice, light and dark
//   d. the Nu Html Checker on the editorial page and the overdue article
//   e. screenshots into target/screenshots/ for a human to look at
//
// Usage: node tests/browser/editorial.mjs (npm ci first). LEIDRAAD_BIN=path
// uses that binary. Without Chromium it fails under CI=true and skips,
// loudly, elsewhere.

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ROOT, assert, chromiumOrSkip, eq, harness, leidraadBinary, serveStatic } from "./lib.mjs";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
const VNU = join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
const SHOTS = join(ROOT, "target", "screenshots");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
// The reader's date in every page of these tests.
const TODAY = "2026-12-04";

const { test, finish } = harness();
function die(message) {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- setup
const chromium = await chromiumOrSkip("the editorial browser tests", die);
for (const f of [AXE, VNU]) if (!existsSync(f)) die(`${relative(ROOT, f)} is missing: run \`npm ci\` in the repository root`);
const bin = await leidraadBinary(die);

// The bundled site with the editorial page switched on.
const work = mkdtempSync(join(tmpdir(), "leidraad-editorial-"));
const root = join(work, "site");
mkdirSync(root);
cpSync(join(ROOT, "articles"), join(root, "articles"), { recursive: true });
writeFileSync(join(root, "site.yaml"), readFileSync(join(ROOT, "site.yaml"), "utf8") + "editorial_page: true\n");
const SITE = join(work, "public");
const built = spawnSync(bin, ["build", "--root", root, "--output", SITE, "--quiet", "--today", TODAY], { encoding: "utf8" });
if (built.status !== 0) die(`leidraad build failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";
const { server, origin: ORIGIN } = await serveStatic(SITE, {
  headers: { "cache-control": "no-store", "content-security-policy": CSP },
  files: { "/__tests__/axe.min.js": AXE },
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });

// Articles of the bundled site on TODAY: overdue (due 2026-11-20) and not due (2027-04-21).
const OVERDUE = "/vertrouwen/vertrouwen-geven/";
const NOT_DUE = "/hr-vakmanschap/krapte-en-behoud/";

async function open({ scheme = "light", width = 1280 } = {}) {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme, reducedMotion: "reduce" });
  const page = await context.newPage();
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00`));
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") page.errors.push(`console error: ${m.text()}`);
  });
  return { context, page };
}
const noErrors = (page, where) => assert(page.errors.length === 0, `JavaScript errors on ${where}:\n${page.errors.join("\n")}`);

async function axe(page) {
  await page.addScriptTag({ url: new URL("/__tests__/axe.min.js", page.url()).href });
  const v = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((x) => `[${x.impact}] ${x.id}: ${x.help}\n${x.nodes.slice(0, 5).map((n) => "    - " + n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ")).join("\n")}`);
  }, AXE_TAGS);
  assert(v.length === 0, `${v.length} axe violation(s):\n${v.join("\n")}`);
}

// ---------------------------------------------------------------- a. the editorial page
for (const scheme of ["light", "dark"]) {
  await test(`editorial page: axe, noindex, review schedule marked against the reader's date (${scheme})`, async () => {
    const { context, page } = await open({ scheme });
    try {
      const resp = await page.goto(ORIGIN + "/redactie/", { waitUntil: "load" });
      eq(resp.status(), 200, "HTTP status");
      const facts = await page.evaluate(() => ({
        robots: document.querySelector('meta[name="robots"]')?.content,
        indexed: !!document.querySelector("[data-pagefind-body]"),
        h1: document.querySelector("h1")?.textContent,
        cells: document.querySelectorAll("a[data-matrix-cell]").length,
        empty: document.querySelectorAll("td.matrix-empty").length,
        rows: [...document.querySelectorAll("tr[data-due]")].map((r) => ({
          due: r.dataset.due,
          status: r.dataset.status,
          shown: r.querySelector(".review-status").textContent,
        })),
        summary: document.querySelector(".review-summary")?.textContent,
        summaryShown: !document.querySelector(".review-summary")?.hidden,
      }));
      eq(facts.robots, "noindex", "robots meta");
      eq(facts.indexed, false, "data-pagefind-body on the editorial page");
      eq(facts.h1, "Redactie", "heading");
      assert(facts.cells > 0 && facts.empty > 0, `matrix links ${facts.cells}, empty cells ${facts.empty}`);
      eq(facts.rows.length, 22, "articles in the review schedule");
      const label = { overdue: "Verlopen", soon: "Binnenkort", fine: "Op tijd" };
      const days = (due) => Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${TODAY}T00:00:00Z`)) / 86400000);
      for (const r of facts.rows) {
        const want = days(r.due) < 0 ? "overdue" : days(r.due) <= 30 ? "soon" : "fine";
        eq(r.status, want, `status of the row due ${r.due}`);
        eq(r.shown, label[want], `status text of the row due ${r.due}`);
      }
      const count = (s) => facts.rows.filter((r) => r.status === s).length;
      eq([count("overdue"), count("soon")].join(","), "4,2", "overdue and soon-due articles of the bundled site");
      assert(facts.summaryShown, "the summary is shown");
      eq(facts.summary, "Vandaag: 4 verlopen, 2 binnen 30 dagen aan de beurt.", "summary");
      await axe(page);
      noErrors(page, "/redactie/");
    } finally {
      await context.close();
    }
  });
}

// ---------------------------------------------------------------- b. a matrix cell → filtered search
await test("editorial page: a matrix cell opens the search page listing exactly the articles with both terms", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + "/redactie/", { waitUntil: "load" });
    // The busiest cell, so the list is more than one article.
    const cells = await page.$$eval("a[data-matrix-cell]", (as) => as.map((a) => ({ key: a.dataset.matrixCell, n: parseInt(a.textContent, 10) })));
    const best = cells.reduce((a, b) => (b.n > a.n ? b : a));
    const [pillar, competency] = best.key.split("/");
    await page.click(`a[data-matrix-cell="${best.key}"]`);
    await page.waitForURL(/\/zoeken\/\?pillars=.+&competencies=.+/);
    await page.waitForSelector(".search-filter-results li a", { timeout: 30000 });
    const shown = await page.$$eval(".search-filter-results li a", (as) => as.map((a) => ({ title: a.textContent, href: a.getAttribute("href") })));
    const note = await page.textContent("#search-filter-note .search-filter-value");
    eq(shown.length, best.n, `articles listed for ${best.key}`);
    // Each listed article has both terms, and every article with both is listed.
    const termTitle = (tax, slug) => {
      const html = readFileSync(join(SITE, tax, slug, "index.html"), "utf8");
      return html.match(/<h1>([^<]+)<\/h1>/)[1].trim();
    };
    const pTitle = termTitle("pijlers", pillar);
    const cTitle = termTitle("competenties", competency);
    assert(note.includes(pTitle) && note.includes(cTitle), `filter note: ${note}`);
    const withBoth = (url) => {
      const html = readFileSync(join(SITE, decodeURIComponent(url), "index.html"), "utf8");
      return html.includes(`data-pagefind-filter="pillars">${pTitle}<`) && html.includes(`data-pagefind-filter="competencies">${cTitle}<`);
    };
    for (const s of shown) assert(withBoth(s.href), `${s.href} lacks ${pTitle} or ${cTitle}`);
    noErrors(page, "the filtered search page");
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- c. the notice on an overdue article
for (const scheme of ["light", "dark"]) {
  await test(`review notice: shown on an overdue article, not on one that is not due; axe (${scheme})`, async () => {
    const { context, page } = await open({ scheme });
    try {
      await page.goto(ORIGIN + OVERDUE, { waitUntil: "load" });
      const notice = page.locator(".review-notice");
      assert(await notice.isVisible(), "no notice on an overdue article");
      const text = (await notice.textContent()).replace(/\s+/g, " ").trim();
      assert(text.startsWith("Dit artikel is aan herziening toe."), `notice: ${text}`);
      const review = (await page.textContent(".article-review")).replace(/\s+/g, " ").trim();
      eq(review, "Eigenaar: Team Organisatiecultuur · Herzien 20 november 2025 · Volgende herziening 20 november 2026", "owner and review line");
      await axe(page);
      noErrors(page, OVERDUE);
      await page.goto(ORIGIN + NOT_DUE, { waitUntil: "load" });
      assert(await page.locator(".review-notice").count() === 1, "the article carries the (hidden) notice");
      assert(!(await page.locator(".review-notice").isVisible()), "a notice on an article that is not due");
      // The same page a year later: due, so the notice shows.
      await page.clock.setFixedTime(new Date("2027-12-04T10:00:00"));
      await page.reload({ waitUntil: "load" });
      assert(await page.locator(".review-notice").isVisible(), "no notice a year later");
    } finally {
      await context.close();
    }
  });
}

// ---------------------------------------------------------------- d. HTML validity
await test("HTML validity: vnu reports no errors on the editorial page and an overdue article", async () => {
  const list = [join(SITE, "redactie", "index.html"), join(SITE, "vertrouwen", "vertrouwen-geven", "index.html")];
  const r = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "text", ...list], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run java: ${r.error.message} (install a Java runtime: sudo apt-get install -y default-jre-headless)`);
  const out = `${r.stdout}${r.stderr}`.trim();
  assert(r.status === 0 && !/error:/i.test(out), `vnu (exit ${r.status}):\n${out}`);
});

// ---------------------------------------------------------------- e. screenshots
await test("screenshots of the editorial page and an overdue article's notice", async () => {
  mkdirSync(SHOTS, { recursive: true });
  const made = [];
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const { context, page } = await open({ scheme, width });
      try {
        await page.goto(ORIGIN + "/redactie/", { waitUntil: "load" });
        let file = join(SHOTS, `editorial-${width}-${scheme}.png`);
        await page.screenshot({ path: file, fullPage: true });
        made.push(relative(ROOT, file));
        await page.goto(ORIGIN + OVERDUE, { waitUntil: "load" });
        file = join(SHOTS, `review-notice-${width}-${scheme}.png`);
        await page.screenshot({ path: file });
        made.push(relative(ROOT, file));
        noErrors(page, "screenshots");
      } finally {
        await context.close();
      }
    }
  }
  console.log(`      ${made.length} screenshots: ${made.join(", ")}`);
});

await browser.close();
server.close();
rmSync(work, { recursive: true, force: true });
finish("editorial browser tests");
