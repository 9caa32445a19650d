#!/usr/bin/env node
// Browser tests of a site in an organisation's own colours
// (tests/fixtures/branded, spec sections 9 and 10), built by the real binary
// under the sub-path /hr/ and served with a strict Content-Security-Policy:
//
//   a. axe-core (WCAG 2.0/2.1 A and AA) and no console errors on every page
//      kind, light and dark, including folder pages, callouts and heading
//      links; the logo loads and the accent colour is the site's
//   b. the Nu Html Checker on one page of every kind
//   c. keyboard only: a heading link is reached with Tab, shows itself and
//      is announced with the heading's text; Enter goes to the heading;
//      "back to top" by keyboard moves focus and view to the top
//   d. a term titled "Coaching + feedback & meer": its search link selects
//      exactly that filter, and the results are that term's articles
//   e. screenshots (home, article, folder; 390 and 1280 px; light and dark)
//      into target/screenshots/branded-*.png for a human to look at
//
// Usage: node tests/browser/branded.mjs (npm ci first). LEIDRAAD_BIN=path
// picks the binary.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { ROOT, CHROMIUM, assert, chromiumOrSkip, eq, harness, leidraadBinary, serveStatic } from "./lib.mjs";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
const VNU = join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
const SHOTS = join(ROOT, "target", "screenshots");
const FIXTURE = join(ROOT, "tests", "fixtures", "branded");

const { test, finish } = harness();
function die(message) {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

const chromium = await chromiumOrSkip("the branded-site browser tests", die);
for (const f of [AXE, VNU]) if (!existsSync(f)) die(`${relative(ROOT, f)} is missing: run \`npm ci\` in the repository root`);
const bin = await leidraadBinary(die);
const work = mkdtempSync(join(tmpdir(), "leidraad-branded-"));
const SITE = join(work, "site");
const built = spawnSync(bin, ["build", "--root", FIXTURE, "--output", SITE, "--quiet"], { encoding: "utf8" });
if (built.status !== 0) die(`building the branded fixture failed (exit ${built.status}):\n${built.stdout}\n${built.stderr}`);

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";
const { server, origin } = await serveStatic(SITE, {
  prefix: "/hr/",
  headers: { "cache-control": "no-store", "content-security-policy": CSP },
  files: { "/__tests__/axe.min.js": AXE },
});

const PAGES = {
  home: "/hr/",
  article: "/hr/gesprekken/feedback-geven/",
  folder: "/hr/beleid/",
  "sub-folder": "/hr/beleid/verlof/",
  taxonomy: "/hr/pijlers/",
  term: "/hr/pijlers/coaching/",
  search: "/hr/zoeken/",
  404: "/hr/bestaat-niet/",
};

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
async function open(opts = {}) {
  const context = await browser.newContext({
    viewport: { width: opts.width || 1280, height: opts.height || 900 },
    colorScheme: opts.scheme || "light",
    reducedMotion: "reduce",
  });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error" && !/status of 404/.test(m.text())) page.errors.push(`console error: ${m.text()}`);
  });
  return { context, page };
}
const noErrors = (page, where) => assert(page.errors.length === 0, `JavaScript errors on ${where}:\n${page.errors.join("\n")}`);
async function runAxe(page) {
  await page.addScriptTag({ url: new URL("/__tests__/axe.min.js", page.url()).href });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return r.violations.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `    - ${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`).join("\n")}`);
  });
}
const SEARCH_INPUT = ".pagefind-ui__search-input";

// ---------------------------------------------------------------- a. accessibility
for (const scheme of ["light", "dark"]) {
  for (const [kind, url] of Object.entries(PAGES)) {
    await test(`axe on ${kind} (${url}), ${scheme}`, async () => {
      const { context, page } = await open({ scheme });
      try {
        const resp = await page.goto(origin + url, { waitUntil: "load" });
        eq(resp.status(), kind === "404" ? 404 : 200, "HTTP status");
        if (kind === "search") await page.waitForSelector(SEARCH_INPUT, { timeout: 10000 });
        const facts = await page.evaluate(() => {
          const logo = document.querySelector("img.site-logo");
          const link = document.querySelector(".footer-text a");
          return { logo: logo && logo.complete ? logo.naturalWidth : 0, link: link && getComputedStyle(link).color };
        });
        assert(facts.logo > 0, "the logo did not load");
        // The accent from site.yaml (#0b5cad) in light mode, the derived one in dark.
        if (scheme === "light") eq(facts.link, "rgb(11, 92, 173)", "link colour");
        else assert(facts.link !== "rgb(11, 92, 173)", "dark mode keeps the light accent");
        const v = await runAxe(page);
        assert(v.length === 0, `${v.length} axe violation(s):\n${v.join("\n")}`);
        noErrors(page, url);
      } finally {
        await context.close();
      }
    });
  }
}

// ---------------------------------------------------------------- b. HTML validity
await test("vnu reports no errors on one page of every kind", async () => {
  const file = (url) => join(SITE, url.replace(/^\/hr\//, ""), "index.html");
  const list = Object.entries(PAGES).map(([kind, url]) => (kind === "404" ? join(SITE, "404.html") : file(url)));
  const r = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "text", ...list], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run java: ${r.error.message}`);
  const out = `${r.stdout}${r.stderr}`.trim();
  assert(r.status === 0 && !/error:/i.test(out), `vnu (exit ${r.status}):\n${out}`);
});

// ---------------------------------------------------------------- c. keyboard
await test("keyboard: Tab reaches a heading link, which shows itself, is named after its heading and leads to it", async () => {
  const { context, page } = await open();
  try {
    await page.goto(origin + PAGES.article);
    let found = null;
    for (let i = 0; i < 80 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate(() => {
        const a = document.activeElement;
        if (!a || !a.classList.contains("heading-link")) return null;
        return { label: a.getAttribute("aria-label"), href: a.getAttribute("href"), opacity: getComputedStyle(a).opacity, heading: a.previousElementSibling.textContent };
      });
    }
    assert(found, "no heading link reached with Tab");
    eq(found.label, `Link naar deze kop: ${found.heading}`, "accessible name");
    eq(found.opacity, "1", "a focused heading link is visible");
    await page.keyboard.press("Enter");
    await page.waitForFunction((h) => location.hash === h, found.href);
    const top = await page.evaluate((h) => document.getElementById(h.slice(1)).getBoundingClientRect().top, found.href);
    assert(top >= -2 && top < 200, `the heading is not at the top of the view (${top}px)`);
    noErrors(page, PAGES.article);
  } finally {
    await context.close();
  }
});

await test("keyboard: back to top moves the view and the focus to the top", async () => {
  const { context, page } = await open({ width: 390, height: 800 });
  try {
    await page.goto(origin + PAGES.article);
    // Keyboard only: Tab until "back to top" has the focus (it is near the end).
    let reached = false;
    for (let i = 0; i < 200 && !reached; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate(() => document.activeElement && document.activeElement.classList.contains("back-to-top"));
    }
    assert(reached, "Tab never reached the back-to-top link");
    assert((await page.evaluate(() => window.scrollY)) > 1000, "the page was not scrolled down to the link");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => window.scrollY < 5);
    eq(await page.evaluate(() => document.activeElement.id), "top", "focus after back to top");
    await page.keyboard.press("Tab");
    eq(await page.evaluate(() => document.activeElement.className), "site-title", "the next Tab starts at the top of the page");
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- d. + and & in a term title
await test("search: the term \"Coaching + feedback & meer\" filters on exactly itself", async () => {
  const { context, page } = await open();
  try {
    await page.goto(origin + PAGES.term);
    const termHrefs = await page.locator(".term-articles .card-title a").evaluateAll((as) => as.map((x) => x.getAttribute("href")));
    assert(termHrefs.length > 0, "the term has articles");
    await page.locator("a.term-search").click();
    await page.waitForURL((u) => u.search.startsWith("?pillars="));
    const note = page.locator("#search-filter-note");
    await note.waitFor({ state: "visible" });
    assert((await note.textContent()).includes("Pijlers: Coaching + feedback & meer"), `note: ${await note.textContent()}`);
    await page.fill(SEARCH_INPUT, "feedback");
    await page.waitForFunction(() => {
      const rs = [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")];
      return rs.length > 0 && rs.every((r) => r.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link[href]"));
    }, null, { timeout: 30000 });
    const state = await page.evaluate(() => ({
      checked: [...document.querySelectorAll(".pagefind-ui__filter-checkbox:checked")].map((c) => c.value),
      labels: [...document.querySelectorAll(".pagefind-ui__filter-checkbox:checked + label")].map((l) => l.textContent.replace(/\s*\(\d+\)\s*$/, "")),
      hrefs: [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result .pagefind-ui__result-title .pagefind-ui__result-link")].map((a) => a.getAttribute("href").replace(/[?#].*$/, "")),
    }));
    // The index holds filter values HTML-escaped (its UI shows them as
    // HTML; see docs/security.md), and the label shows the title.
    eq(JSON.stringify(state.checked), JSON.stringify(["Coaching + feedback &amp; meer"]), "checked filters");
    eq(JSON.stringify(state.labels), JSON.stringify(["Coaching + feedback & meer"]), "checked filter labels");
    const outside = state.hrefs.filter((h) => !termHrefs.includes(h));
    assert(outside.length === 0, `results outside the term: ${outside.join(", ")}`);
    noErrors(page, PAGES.search);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- e. screenshots
await test("screenshots of the branded site (390 and 1280 px, light and dark)", async () => {
  mkdirSync(SHOTS, { recursive: true });
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const { context, page } = await open({ scheme, width });
      try {
        for (const kind of ["home", "article", "folder"]) {
          await page.goto(origin + PAGES[kind]);
          await page.screenshot({ path: join(SHOTS, `branded-${kind}-${width}-${scheme}.png`), fullPage: true });
        }
      } finally {
        await context.close();
      }
    }
  }
});

await browser.close();
server.close();
rmSync(work, { recursive: true, force: true });
finish("branded-site browser tests");
