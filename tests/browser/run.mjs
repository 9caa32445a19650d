#!/usr/bin/env node
// Browser tests of leidraad's default theme, against the bundled knowledge
// base built by the real binary and opened in a real Chromium:
//
//   a. accessibility: axe-core (WCAG 2.0/2.1 A and AA) on every page kind, light and dark
//   b. checklists remembered across reloads, reset; dark-mode toggle by keyboard, remembered
//   c. search with the real Pagefind bundle: results, highlights, filters,
//      diacritics, sub-results per heading, Dutch no-results text, ?q= and
//      ?<taxonomy>= in the URL, a /kb/ sub-path, the "/" shortcut
//   d. screenshots (home, article, term; 390 and 1280 px; light and dark)
//      into target/screenshots/ for a human to look at
//   e. HTML validity: the Nu Html Checker (vnu) on one page of every kind
//
// Usage: node tests/browser/run.mjs   (npm ci first; needs Debian's chromium
// and a Java runtime). LEIDRAAD_BIN=path uses that binary instead of
// target/release/leidraad. Without Chromium it fails under CI=true and skips,
// loudly, elsewhere.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { ROOT, CHROMIUM, assert, chromiumOrSkip, eq, harness, leidraadBinary, serveStatic } from "./lib.mjs";

const AXE = join(ROOT, "node_modules", "axe-core", "axe.min.js");
const VNU = join(ROOT, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
const SHOTS = join(ROOT, "target", "screenshots");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

const { test, finish } = harness();
function die(message) {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------- setup
const chromium = await chromiumOrSkip("the browser tests", die);
for (const f of [AXE, VNU]) if (!existsSync(f)) die(`${relative(ROOT, f)} is missing: run \`npm ci\` in the repository root`);
const bin = await leidraadBinary(die);

const work = mkdtempSync(join(tmpdir(), "leidraad-browser-"));
function buildSite(name, extra = []) {
  const out = join(work, name);
  const r = spawnSync(bin, ["build", "--root", ROOT, "--output", out, "--quiet", ...extra], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) die(`leidraad build ${extra.join(" ")} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return out;
}
console.log(`== building the bundled site into ${work}`);
const SITE = buildSite("root");
const SITE_KB = buildSite("kb", ["--base-url", "/kb/"]);

// A strict Content-Security-Policy: the theme has no inline scripts or
// styles; Pagefind needs WebAssembly. A violation is a console error, and
// console errors fail the tests. axe-core is served from the same origin so
// the CSP allows it.
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";
const serve = (dir, prefix) =>
  serveStatic(dir, { prefix, headers: { "cache-control": "no-store", "content-security-policy": CSP }, files: { "/__tests__/axe.min.js": AXE } });
const { server, origin: ORIGIN } = await serve(SITE, "/");
const { server: serverKb, origin: ORIGIN_KB } = await serve(SITE_KB, "/kb/");

// ---------------------------------------------------------------- the built site
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
const pageUrl = (file) => "/" + relative(SITE, file).split(sep).join("/").replace(/index\.html$/, "");
const files = htmlFiles(SITE).map((f) => ({ file: f, url: pageUrl(f), html: readFileSync(f, "utf8") }));
const kindOf = (html) => (html.match(/<body class="page-([a-z0-9]+)"/) || [])[1] || (/http-equiv="refresh"/.test(html) ? "alias" : "?");
const byKind = (k) => files.filter((f) => kindOf(f.html) === k);
const articles = byKind("article");
assert(articles.length > 0, "the build wrote no article pages");
// The article for the checklist/layout tests: a table of contents and a checklist.
const richArticle =
  articles.find((a) => a.url === "/vertrouwen/vertrouwen-geven/") ||
  articles.find((a) => a.html.includes('class="toc"') && a.html.includes("task-box")) ||
  articles[0];
const taxonomyPages = byKind("taxonomy");
const taxonomyPage = taxonomyPages.find((t) => t.html.includes("term-list-colour")) || taxonomyPages[0];
const termPages = byKind("term");
const pillarTerms = termPages.filter((t) => /term-header display-colour /.test(t.html) && t.html.includes("?pillars="));
const pillarTerm = pillarTerms.find((t) => t.url.endsWith("/van-controle-naar-vertrouwen/")) || pillarTerms[0] || termPages[0];
const PAGES = {
  home: "/",
  article: richArticle.url,
  taxonomy: taxonomyPage.url,
  term: pillarTerm.url,
  search: byKind("search")[0].url,
  "404": "/deze-pagina-bestaat-niet/",
};
const searchUrl = PAGES.search;
// Article URL → the text of its indexed body (for search expectations).
const bodyText = (html) => {
  const i = html.indexOf('<div class="article-body">');
  const j = html.indexOf("</article>", i);
  return i < 0 ? "" : html.slice(i, j).replace(/<[^>]+>/g, " ");
};

// The text Pagefind indexes: data-pagefind-body, minus the parts it ignores.
const indexedText = (html) => {
  const i = html.indexOf("data-pagefind-body");
  const j = html.indexOf("</article>", i);
  return i < 0 ? "" : html.slice(i, j).replace(/<p class="article-meta"[\s\S]*?<\/p>|<nav class="toc"[\s\S]*?<\/nav>|<div hidden[\s\S]*?<\/div>/g, " ").replace(/<[^>]+>/g, " ");
};

// ---------------------------------------------------------------- browser
const browser = await chromium.launch({
  executablePath: CHROMIUM,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

// A fresh context (own localStorage) with console errors collected.
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
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`),
    }));
  }, AXE_TAGS);
}
const formatViolations = (vs) =>
  vs.map((v) => `[${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => "    - " + n).join("\n")}`).join("\n");

// Pagefind UI helpers.
const SEARCH_INPUT = ".pagefind-ui__search-input";
async function resultState(page) {
  return page.evaluate(() => {
    const msg = document.querySelector(".pagefind-ui__message");
    const results = [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")].map((r) => {
      const link = r.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link");
      return {
        title: link ? link.textContent.trim() : "",
        href: link ? link.getAttribute("href") : "",
        marks: [...r.querySelectorAll("mark")].map((m) => m.textContent),
        nested: [...r.querySelectorAll(".pagefind-ui__result-nested .pagefind-ui__result-link")].map((a) => ({
          href: a.getAttribute("href"),
          text: a.textContent.trim(),
        })),
      };
    });
    return { message: msg ? msg.textContent.trim() : "", results };
  });
}
// Waits until the message matches and every shown result has loaded its link.
async function waitForResults(page, messagePattern, timeout = 30000) {
  await page.waitForFunction(
    (src) => {
      const msg = document.querySelector(".pagefind-ui__message");
      if (!msg || !new RegExp(src, "i").test(msg.textContent)) return false;
      const rs = [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")];
      return rs.every((r) => r.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link[href]"));
    },
    messagePattern.source,
    { timeout },
  );
  return resultState(page);
}
async function loadAll(page) {
  for (let i = 0; i < 50; i++) {
    const more = page.locator(".pagefind-ui__results-area > .pagefind-ui__button");
    if ((await more.count()) === 0 || !(await more.first().isVisible())) break;
    const before = await page.locator(".pagefind-ui__results > .pagefind-ui__result").count();
    await more.first().click();
    await page.waitForFunction(
      (n) => document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result").length > n,
      before,
      { timeout: 10000 },
    );
  }
  await page.waitForFunction(() =>
    [...document.querySelectorAll(".pagefind-ui__results > .pagefind-ui__result")].every((r) =>
      r.querySelector(".pagefind-ui__result-title .pagefind-ui__result-link[href]"),
    ),
  );
  return resultState(page);
}
const countIn = (message) => {
  const m = message.match(/(\d+)/);
  return m ? Number(m[1]) : 0;
};
// Result links carry ?highlight=<words> (the search words to mark) and #heading.
const stripHash = (href) => href.replace(/#.*$/, "").replace(/\?.*$/, "");

// ---------------------------------------------------------------- a. accessibility
// Every taxonomy overview, and a checklist with ticks, on top of PAGES.
const AXE_PAGES = [
  ...Object.entries(PAGES),
  ...taxonomyPages.filter((t) => t !== taxonomyPage).map((t) => ["taxonomy", t.url]),
];
for (const scheme of ["light", "dark"]) {
  for (const [kind, url] of AXE_PAGES) {
    await test(`a11y: axe on ${kind} (${url}), ${scheme}`, async () => {
      const { context, page } = await open({ scheme });
      try {
        const resp = await page.goto(ORIGIN + url, { waitUntil: "load" });
        eq(resp.status(), kind === "404" ? 404 : 200, "HTTP status");
        if (kind === "search") await page.waitForSelector(SEARCH_INPUT, { timeout: 10000 });
        const facts = await page.evaluate(() => ({
          lang: document.documentElement.lang,
          h1: document.querySelectorAll("h1").length,
          main: document.querySelectorAll("main").length,
          skip: (document.querySelector("a.skip-link") || {}).getAttribute?.("href"),
          dark: getComputedStyle(document.body).backgroundColor,
        }));
        assert(facts.lang, "<html> has no lang");
        eq(facts.h1, 1, "number of h1 elements");
        eq(facts.main, 1, "number of <main> landmarks");
        eq(facts.skip, "#main", "skip link target");
        const [r, g, b] = facts.dark.match(/\d+/g).map(Number);
        const lightBg = r + g + b > 600;
        assert(scheme === "dark" ? !lightBg : lightBg, `body background ${facts.dark} does not match the ${scheme} scheme`);
        if (kind === "article") {
          // Ticked items have their own look: check its contrast too.
          const labels = page.locator("label.task");
          for (let i = 0; i < Math.min(2, await labels.count()); i++) await labels.nth(i).click();
        }
        const v = await runAxe(page);
        assert(v.length === 0, `${v.length} axe violation(s):\n${formatViolations(v)}`);
        noErrors(page, url);
      } finally {
        await context.close();
      }
    });
  }
  await test(`a11y: axe on search results with filters and sub-results, ${scheme}`, async () => {
    const { context, page } = await open({ scheme });
    try {
      await page.goto(ORIGIN + searchUrl + "?q=vertrouwen");
      await waitForResults(page, /\d+ resultaten? voor vertrouwen/);
      await page.waitForSelector(".pagefind-ui__filter-checkbox");
      const v = await runAxe(page);
      assert(v.length === 0, `${v.length} axe violation(s):\n${formatViolations(v)}`);
      noErrors(page, searchUrl);
    } finally {
      await context.close();
    }
  });
}

// ---------------------------------------------------------------- b. checklists, dark mode, keyboard
await test(`checklist: a tick survives a reload; reset unticks (${richArticle.url})`, async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + richArticle.url);
    const boxes = page.locator("input.task-box");
    const total = await boxes.count();
    assert(total >= 2, `expected a checklist on ${richArticle.url}, found ${total} boxes`);
    const first = boxes.nth(0);
    const second = boxes.nth(1);
    assert(!(await first.isChecked()), "the first box starts ticked");
    // Tick by clicking the item's text (the label), as a reader would.
    await page.locator("label.task").nth(0).click();
    assert(await first.isChecked(), "clicking the first item's text did not tick it");
    const reset = page.locator(".checklist-reset").first();
    eq((await reset.textContent()).trim(), "Vink alles uit", "reset button text");
    const status = page.locator(".checklist-status").first();
    assert(/^1 van \d+ afgevinkt$/.test((await status.textContent()).trim()), `progress text: ${await status.textContent()}`);
    // Keyboard: Space on a focused box ticks it too.
    await second.focus();
    await page.keyboard.press("Space");
    assert(await second.isChecked(), "Space did not tick the second box");

    await page.reload();
    assert(await first.isChecked(), "the first tick was not remembered after reload");
    assert(await second.isChecked(), "the second tick was not remembered after reload");
    assert(/^2 van \d+ afgevinkt$/.test((await status.textContent()).trim()), `progress after reload: ${await status.textContent()}`);

    // Another page's checklist is not affected (keyed by page path).
    const other = articles.find((a) => a !== richArticle && a.html.includes("task-box"));
    if (other) {
      await page.goto(ORIGIN + other.url);
      eq(await page.locator("input.task-box:checked").count(), 0, `ticked boxes on ${other.url}`);
      await page.goto(ORIGIN + richArticle.url);
    }

    await page.locator(".checklist-reset").first().click();
    eq(await page.locator("input.task-box:checked").count(), 0, "ticked boxes after reset");
    await page.reload();
    eq(await page.locator("input.task-box:checked").count(), 0, "ticked boxes after reset and reload");

    // Print: the checklist shows empty boxes even when ticked.
    await page.locator("label.task").nth(0).click();
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => {
      const box = document.querySelector("input.task-box");
      const shown = (sel) => {
        const el = document.querySelector(sel);
        return !!el && el.checkVisibility();
      };
      const a = document.querySelector('.article-body a[href]:not([href^="#"])');
      return {
        checked: box.checked,
        appearance: getComputedStyle(box).appearance,
        header: shown(".site-header"),
        nav: shown(".main-nav"),
        search: shown(".header-search"),
        toggle: shown(".theme-toggle"),
        reset: shown(".checklist-reset"),
        linkAfter: a ? getComputedStyle(a, "::after").content : "none",
        h2: getComputedStyle(document.querySelector(".article-body h2")).breakInside,
      };
    });
    await page.emulateMedia({ media: "screen" });
    assert(printed.checked && printed.appearance === "none", `printed box: ${JSON.stringify(printed)}`);
    for (const k of ["header", "nav", "search", "toggle", "reset"]) eq(printed[k], false, `${k} shown in print`);
    eq(printed.h2, "avoid", "break-inside of printed headings");
    assert(/\(.*\/.*\)/.test(printed.linkAfter), `printed links show no URL after them: ${printed.linkAfter}`);
    noErrors(page, richArticle.url);
  } finally {
    await context.close();
  }
});

await test("dark mode: the toggle works by keyboard and is remembered; system preference is followed", async () => {
  const { context, page } = await open({ scheme: "light" });
  try {
    await page.goto(ORIGIN + PAGES.home);
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const isDarkBg = async () => (await bg()).match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) < 200;
    assert(!(await isDarkBg()), "light system preference, but the page is dark");
    eq(await page.getAttribute(".theme-toggle", "aria-pressed"), "false", "aria-pressed in light mode");
    // First Tab: the skip link; then Tab on until the toggle has focus.
    await page.keyboard.press("Tab");
    eq(await page.evaluate(() => document.activeElement.className), "skip-link", "first Tab stop");
    let found = false;
    for (let i = 0; i < 40 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate(() => document.activeElement.classList.contains("theme-toggle"));
    }
    assert(found, "Tab never reached the theme toggle");
    const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert(ring !== "none", "the focused toggle shows no focus outline");
    await page.keyboard.press("Enter");
    assert(await isDarkBg(), `after Enter on the toggle the page is not dark (${await bg()})`);
    eq(await page.getAttribute(".theme-toggle", "aria-pressed"), "true", "aria-pressed in dark mode");
    await page.reload();
    eq(await page.getAttribute("html", "data-theme"), "dark", "data-theme after reload");
    assert(await isDarkBg(), "dark mode was not remembered after reload");
    eq(await page.getAttribute(".theme-toggle", "aria-pressed"), "true", "aria-pressed after reload");
    await page.goto(ORIGIN + PAGES.article);
    assert(await isDarkBg(), "dark mode was not remembered on another page");
    await page.focus(".theme-toggle");
    await page.keyboard.press("Space");
    assert(!(await isDarkBg()), "Space on the toggle did not switch back to light");
    await page.reload();
    assert(!(await isDarkBg()), "light mode was not remembered");
    noErrors(page, PAGES.home);
  } finally {
    await context.close();
  }
  // No stored choice: follow the system.
  const dark = await open({ scheme: "dark" });
  try {
    await dark.page.goto(ORIGIN + PAGES.home);
    eq(await dark.page.getAttribute(".theme-toggle", "aria-pressed"), "true", "aria-pressed with a dark system preference");
    const c = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert(c.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b) < 200, `dark system preference, light page (${c})`);
  } finally {
    await dark.context.close();
  }
});

await test("layout: table of contents beside the article at 1280px (sticky), above it at 390px; no sideways scroll", async () => {
  for (const width of [1280, 390, 360]) {
    const { context, page } = await open({ width });
    try {
      await page.goto(ORIGIN + richArticle.url);
      const m = await page.evaluate(() => {
        const toc = document.querySelector(".toc").getBoundingClientRect();
        const body = document.querySelector(".article-body").getBoundingClientRect();
        // The reading measure in `ch` of the body text: paragraph width over the width of "0".
        const p = document.querySelector(".article-body p");
        const probe = document.createElement("span");
        probe.textContent = "0".repeat(100);
        probe.style.cssText = "position:absolute;visibility:hidden;white-space:nowrap";
        p.appendChild(probe);
        const chars = p.getBoundingClientRect().width / (probe.getBoundingClientRect().width / 100);
        probe.remove();
        return {
          tocLeft: toc.left, tocTop: toc.top, tocBottom: toc.bottom, bodyLeft: body.left, bodyRight: body.right, bodyTop: body.top,
          position: getComputedStyle(document.querySelector(".toc")).position,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, chars,
        };
      });
      if (width >= 1280) {
        assert(m.tocLeft >= m.bodyRight, `TOC not beside the body: ${JSON.stringify(m)}`);
        eq(m.position, "sticky", "TOC position");
        assert(m.chars >= 60 && m.chars <= 76, `reading measure: ${Math.round(m.chars)}ch`);
      } else {
        assert(m.tocBottom <= m.bodyTop + 1, `TOC not above the body: ${JSON.stringify(m)}`);
      }
      assert(m.scrollWidth <= m.innerWidth, `the page scrolls sideways at ${width}px (${m.scrollWidth} > ${m.innerWidth})`);
      noErrors(page, richArticle.url);
    } finally {
      await context.close();
    }
  }
});

await test("article page shows audience, title, author, date, reading time, TOC, badges, related and previous/next", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + richArticle.url);
    const info = await page.evaluate(() => {
      const text = (s) => (document.querySelector(s) || { textContent: "" }).textContent.replace(/\s+/g, " ").trim();
      const audience = document.querySelector(".audience");
      const h1 = document.querySelector("h1");
      return {
        audienceAboveTitle: !!audience && audience.getBoundingClientRect().bottom <= h1.getBoundingClientRect().top + 1,
        audience: text(".audience"),
        meta: text(".article-meta"),
        toc: text(".toc h2"),
        badges: document.querySelectorAll(".article-terms .badge").length,
        related: document.querySelectorAll(".related .card").length,
        prevNext: document.querySelectorAll(".prev-next a").length,
        crumbs: text(".breadcrumbs"),
      };
    });
    assert(info.audienceAboveTitle && /^Voor: /.test(info.audience), `audience above the title: ${JSON.stringify(info)}`);
    assert(/door .+ · \d{1,2} \S+ \d{4}.* · \d+ minu(ut|ten) leestijd/.test(info.meta), `meta line: ${info.meta}`);
    eq(info.toc, "Inhoudsopgave", "TOC heading");
    assert(info.badges >= 2, `term badges: ${info.badges}`);
    assert(info.related >= 1, "no related articles");
    assert(info.prevNext >= 1, "no previous/next link");
    assert(info.crumbs.startsWith("Home"), `breadcrumbs: ${info.crumbs}`);
  } finally {
    await context.close();
  }
});

await test("keyboard: '/' focuses the header search box, but not while typing; Enter searches", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + PAGES.article);
    await page.keyboard.press("/");
    eq(await page.evaluate(() => document.activeElement.id), "header-q", "focused element after '/'");
    await page.keyboard.type("a/b");
    eq(await page.inputValue("#header-q"), "a/b", "a '/' typed in the search box stays in the box");
    await page.fill("#header-q", "vertrouwen");
    await Promise.all([page.waitForURL(/\?q=vertrouwen$/), page.keyboard.press("Enter")]);
    await page.waitForSelector(SEARCH_INPUT);
    eq(await page.inputValue(SEARCH_INPUT), "vertrouwen", "search page input after submitting the header form");
    // On the search page, '/' focuses Pagefind's input.
    await page.locator("h1").click();
    await page.keyboard.press("/");
    assert(await page.evaluate((s) => document.activeElement.matches(s), SEARCH_INPUT), "'/' did not focus the search page's input");
    noErrors(page, searchUrl);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- c. search
await test("search: 'vertrouwen' lists the trust articles with the query highlighted", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + searchUrl);
    await page.waitForSelector(SEARCH_INPUT);
    await page.fill(SEARCH_INPUT, "vertrouwen");
    const s = await waitForResults(page, /^\d+ resultaten voor vertrouwen$/);
    const n = countIn(s.message);
    assert(n >= 5, `only ${n} results for "vertrouwen"`);
    const all = await loadAll(page);
    eq(all.results.length, n, "results after loading them all");
    const articleUrls = new Set(articles.map((a) => a.url));
    const notArticles = all.results.filter((r) => !articleUrls.has(stripHash(r.href)));
    assert(notArticles.length === 0, `results that are not articles: ${notArticles.map((r) => r.href).join(", ")}`);
    // Every article of the vertrouwen/ folder that uses the word is found.
    const trust = articles.filter((a) => a.url.startsWith("/vertrouwen/") && /vertrouw/i.test(indexedText(a.html)));
    assert(trust.length >= 3, `only ${trust.length} articles in vertrouwen/ mention the word`);
    const found = new Set(all.results.map((r) => stripHash(r.href)));
    const lost = trust.filter((a) => !found.has(a.url));
    assert(lost.length === 0, `trust articles not found: ${lost.map((a) => a.url).join(", ")}`);
    const top = all.results.slice(0, 5);
    assert(top.some((r) => /vertrouwen/i.test(r.title)), `no top result has "vertrouwen" in its title: ${top.map((r) => r.title).join(" | ")}`);
    const marked = all.results.filter((r) => r.marks.some((m) => /vertrouw/i.test(m)));
    assert(marked.length >= Math.min(5, n), `only ${marked.length} results highlight the query with <mark>`);
    const shownMark = await page.locator(".pagefind-ui__result-excerpt mark").first().isVisible();
    assert(shownMark, "the highlight is not visible");
    // Sub-results: a hit under a heading links to that heading.
    const nested = all.results.flatMap((r) => r.nested);
    assert(nested.length > 0, "no sub-results per heading");
    const sub = nested.find((x) => x.href.includes("#"));
    assert(sub, `sub-results without #heading: ${JSON.stringify(nested.slice(0, 3))}`);
    const [pathAndQuery, id] = sub.href.split("#");
    const path = stripHash(pathAndQuery);
    const target = files.find((f) => f.url === path);
    assert(target, `sub-result points to an unknown page: ${sub.href}`);
    const heading = target.html.match(new RegExp(`<(h[2-6])[^>]*id="${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^>]*>([\\s\\S]*?)</h[2-6]>`));
    assert(heading, `${sub.href}: no heading with id "${id}" on ${path}`);
    const headingText = heading[2].replace(/<[^>]+>/g, "").trim();
    assert(sub.text.replace(/\s+/g, " ").includes(headingText.slice(0, 20)) || headingText.includes(sub.text.slice(0, 20)),
      `sub-result text "${sub.text}" is not the heading "${headingText}"`);
    // Following it lands on the heading.
    await page.click(`.pagefind-ui__result-nested a[href="${sub.href}"]`);
    await page.waitForURL((u) => u.pathname === path && u.hash === `#${id}`);
    const inView = await page.evaluate((i) => {
      const r = document.getElementById(i).getBoundingClientRect();
      return r.top >= -1 && r.top < window.innerHeight;
    }, id);
    assert(inView, `heading #${id} is not scrolled into view`);
    noErrors(page, searchUrl);
  } finally {
    await context.close();
  }
});

await test("search: a pillar filter narrows the results to that pillar's articles (per its term page)", async () => {
  const { context, page } = await open();
  try {
    // The pillar and its articles, as its built term page lists them.
    const termUrl = PAGES.term;
    await page.goto(ORIGIN + termUrl);
    const term = await page.evaluate(() => ({
      title: document.querySelector("h1").textContent.trim(),
      articles: [...document.querySelectorAll(".term-articles .card-title a")].map((a) => ({ href: a.getAttribute("href"), title: a.textContent.trim() })),
    }));
    assert(term.articles.length > 0, `term page ${termUrl} lists no articles`);

    await page.goto(ORIGIN + searchUrl);
    await page.fill(SEARCH_INPUT, "vertrouwen");
    const before = await waitForResults(page, /^\d+ resultaten voor vertrouwen$/);
    const nBefore = countIn(before.message);
    // The filter panel is labelled with the taxonomy title and lists term titles with counts.
    const block = page.locator(".pagefind-ui__filter-block", { has: page.locator('input[name="pillars"]') });
    eq((await block.locator(".pagefind-ui__filter-name").textContent()).trim(), "Pijlers", "filter panel name");
    const labels = (await block.locator(".pagefind-ui__filter-label").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
    assert(labels.some((l) => l.startsWith(term.title)), `no "${term.title}" in the pillar filters: ${labels.join(" | ")}`);
    for (const name of ["Competenties", "Rollen"]) {
      assert(await page.locator(".pagefind-ui__filter-name", { hasText: name }).count(), `no ${name} filter`);
    }
    await block.locator(".pagefind-ui__filter-label", { hasText: term.title }).first().click();
    await page.waitForFunction((n) => {
      const m = document.querySelector(".pagefind-ui__message");
      const c = m && m.textContent.match(/^(\d+) resulta/);
      return c && Number(c[1]) < n;
    }, nBefore, { timeout: 10000 });
    const after = await loadAll(page);
    const nAfter = countIn(after.message);
    assert(nAfter > 0 && nAfter < nBefore, `filter did not narrow: ${nBefore} → ${nAfter}`);
    eq(after.results.length, nAfter, "results shown after the filter");
    const hrefs = new Set(term.articles.map((a) => a.href));
    const titles = new Set(term.articles.map((a) => a.title));
    for (const r of after.results) {
      assert(hrefs.has(stripHash(r.href)), `result ${r.href} is not an article of "${term.title}"`);
      assert(titles.has(r.title), `result title "${r.title}" is not an article of "${term.title}"`);
    }
    noErrors(page, searchUrl);
  } finally {
    await context.close();
  }
});

await test("search: 'creeert' finds the article that says 'creëert'", async () => {
  const { context, page } = await open();
  try {
    const withIt = new Set(articles.filter((a) => bodyText(a.html).includes("creëert")).map((a) => a.url));
    assert(withIt.size > 0, "no article body contains 'creëert'");
    await page.goto(ORIGIN + searchUrl);
    await page.fill(SEARCH_INPUT, "creeert");
    const s = await waitForResults(page, /^\d+ resulta(at|ten) voor creeert$/);
    const all = await loadAll(page);
    assert(all.results.some((r) => withIt.has(stripHash(r.href))), `${s.message}: none of ${[...withIt].join(", ")}`);
    assert(all.results.some((r) => r.marks.some((m) => /cre[eë]ert/i.test(m))), "the match is not highlighted");
  } finally {
    await context.close();
  }
});

await test("search: no hits shows the Dutch no-results message", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + searchUrl);
    await page.fill(SEARCH_INPUT, "xylofoonzwaluw");
    const s = await waitForResults(page, /voor xylofoonzwaluw$/);
    eq(s.message, "Geen resultaten voor xylofoonzwaluw", "message");
    eq(s.results.length, 0, "results");
  } finally {
    await context.close();
  }
});

await test("search: ?q= fills in and runs the search; typing updates ?q=", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + searchUrl + "?q=vertrouwen");
    const s = await waitForResults(page, /^\d+ resultaten voor vertrouwen$/);
    eq(await page.inputValue(SEARCH_INPUT), "vertrouwen", "input value");
    assert(s.results.length > 0, "no results shown");
    await page.fill(SEARCH_INPUT, "knikkerpot");
    await waitForResults(page, /voor knikkerpot$/);
    await page.waitForFunction(() => new URLSearchParams(location.search).get("q") === "knikkerpot");
  } finally {
    await context.close();
  }
});

await test("search: a term page's search link pre-selects that filter (?pillars=<title>)", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN + PAGES.term);
    const title = (await page.textContent("h1")).trim();
    const count = await page.locator(".term-articles .card").count();
    const link = page.locator("a.term-search");
    const href = await link.getAttribute("href");
    assert(href.includes("?pillars="), `search link: ${href}`);
    const termHrefs = new Set(await page.locator(".term-articles .card-title a").evaluateAll((as) => as.map((x) => x.getAttribute("href"))));
    await link.click();
    await page.waitForURL((u) => u.search.startsWith("?pillars="));
    // Before anything is typed, the page says which filter is on.
    const note = page.locator("#search-filter-note");
    await note.waitFor({ state: "visible" });
    const noteText = (await note.textContent()).replace(/\s+/g, " ");
    assert(noteText.includes(`Pijlers: ${title}`), `filter note: ${noteText}`);
    await page.fill(SEARCH_INPUT, "vertrouwen");
    const s = await waitForResults(page, /voor vertrouwen$/);
    const checked = await page.evaluate(() =>
      [...document.querySelectorAll(".pagefind-ui__filter-checkbox:checked")].map((c) => ({
        name: c.name,
        label: document.querySelector(`label[for="${CSS.escape(c.id)}"]`).textContent.replace(/\s+/g, " ").trim(),
      })),
    );
    eq(checked.length, 1, "checked filters");
    eq(checked[0].name, "pillars", "checked filter's taxonomy");
    assert(checked[0].label.startsWith(title), `checked filter "${checked[0].label}" is not "${title}"`);
    const all = await loadAll(page);
    assert(countIn(s.message) > 0 && countIn(s.message) <= count, `results within the filter: ${s.message}`);
    const outside = all.results.filter((r) => !termHrefs.has(stripHash(r.href)));
    assert(outside.length === 0, `results outside "${title}": ${outside.map((r) => r.href).join(", ")}`);
    noErrors(page, searchUrl);
  } finally {
    await context.close();
  }
});

await test("search under the /kb/ sub-path: assets, results and links carry /kb/", async () => {
  const { context, page } = await open();
  try {
    await page.goto(ORIGIN_KB + "/kb/");
    const home = await page.evaluate(() => ({
      css: getComputedStyle(document.querySelector(".site-header")).borderBottomStyle,
      links: [...document.querySelectorAll("a[href^='/']")].map((a) => a.getAttribute("href")),
    }));
    eq(home.css, "solid", "style.css applied under /kb/");
    const outside = home.links.filter((h) => !h.startsWith("/kb/"));
    assert(outside.length === 0, `links outside /kb/: ${outside.join(", ")}`);
    await page.fill("#header-q", "vertrouwen");
    await page.press("#header-q", "Enter");
    await page.waitForURL(/\/kb\/zoeken\/\?q=vertrouwen$/);
    const s = await waitForResults(page, /^\d+ resultaten voor vertrouwen$/);
    assert(s.results.length > 0, "no results under /kb/");
    const bad = s.results.filter((r) => !r.href.startsWith("/kb/"));
    assert(bad.length === 0, `result links outside /kb/: ${bad.map((r) => r.href).join(", ")}`);
    await page.click(".pagefind-ui__result-title a");
    await page.waitForLoadState("load");
    eq(await page.evaluate(() => document.body.className), "page-article", "page opened from a /kb/ result");
    noErrors(page, "/kb/");
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- d. screenshots
await test("screenshots: home, article, term at 390 and 1280 px, light and dark → target/screenshots/", async () => {
  mkdirSync(SHOTS, { recursive: true });
  const made = [];
  for (const scheme of ["light", "dark"]) {
    for (const width of [390, 1280]) {
      const { context, page } = await open({ width, height: width < 600 ? 844 : 900, scheme });
      try {
        for (const kind of ["home", "article", "term"]) {
          await page.goto(ORIGIN + PAGES[kind]);
          const file = join(SHOTS, `${kind}-${width}-${scheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          made.push(relative(ROOT, file));
        }
        noErrors(page, "screenshots");
      } finally {
        await context.close();
      }
    }
  }
  console.log(`      ${made.length} screenshots in ${relative(ROOT, SHOTS)}/`);
});

// ---------------------------------------------------------------- e. HTML validity
await test("HTML validity: vnu reports no errors on one page of every kind", async () => {
  const pick = (k) => (byKind(k)[0] || {}).file;
  const kinds = { home: pick("home"), article: richArticle.file, taxonomy: taxonomyPage.file, term: pillarTerm.file, search: pick("search"), "404": pick("404"), alias: pick("alias") };
  const missing = Object.entries(kinds).filter(([, f]) => !f).map(([k]) => k);
  // The bundled site has aliases; a site without would just skip that kind.
  assert(missing.filter((k) => k !== "alias").length === 0, `no page of kind: ${missing.join(", ")}`);
  const list = Object.values(kinds).filter(Boolean);
  const r = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "text", ...list], { encoding: "utf8" });
  if (r.error) throw new Error(`cannot run java: ${r.error.message} (install a Java runtime: sudo apt-get install -y default-jre-headless)`);
  const out = `${r.stdout}${r.stderr}`.trim();
  assert(r.status === 0 && !/error:/i.test(out), `vnu (exit ${r.status}):\n${out}`);
  console.log(`      checked ${list.map((f) => relative(SITE, f)).join(", ")}`);
});

// ---------------------------------------------------------------- f. other taxonomy names
// The theme knows no taxonomy by name: the bundled site with `pillars` and
// `roles` renamed to `onderwerpen` and `doelgroepen` passes axe (light and
// dark) and vnu on every page kind as the bundled site does.
{
  const root = join(work, "renamed-src");
  const rename = (text) =>
    text.replace(/^  - name: pillars$/m, "  - name: onderwerpen").replace(/^  - name: roles$/m, "  - name: doelgroepen")
      .replace(/^pillars:/m, "onderwerpen:").replace(/^roles:/m, "doelgroepen:");
  const copy = (from, to) => {
    mkdirSync(to, { recursive: true });
    for (const name of readdirSync(from)) {
      const [src, dst] = [join(from, name), join(to, name)];
      if (statSync(src).isDirectory()) copy(src, dst);
      else writeFileSync(dst, name.endsWith(".md") ? rename(readFileSync(src, "utf8")) : readFileSync(src));
    }
  };
  copy(join(ROOT, "articles"), join(root, "articles"));
  writeFileSync(join(root, "site.yaml"), rename(readFileSync(join(ROOT, "site.yaml"), "utf8")));
  const out = join(work, "renamed");
  const r = spawnSync(bin, ["build", "--root", root, "--output", out, "--quiet"], { encoding: "utf8" });
  if (r.status !== 0) die(`building the renamed site failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  const { server: serverRenamed, origin } = await serve(out, "/");
  const list = htmlFiles(out).map((f) => ({ file: f, html: readFileSync(f, "utf8") }));
  const kinds = {};
  for (const f of list) {
    const k = kindOf(f.html);
    if (!kinds[k] || (k === "article" && f.html.includes('class="audience"'))) kinds[k] = f;
  }
  await test("renamed taxonomies: every page kind is there, with no taxonomy known by name", async () => {
    for (const k of ["home", "article", "taxonomy", "term", "search", "404"]) assert(kinds[k], `no ${k} page`);
    assert(kinds.article.html.includes('data-pagefind-filter="doelgroepen"'), "the audience taxonomy is a search filter");
    assert(kinds.home.html.includes("display-colour tone-"), "the colour taxonomy colours the cards");
    assert(!list.some((f) => /badge-pillars|term-grid-roles/.test(f.html)), "no class names after the bundled taxonomies");
  });
  for (const scheme of ["light", "dark"]) {
    for (const [kind, f] of Object.entries(kinds).filter(([k]) => k !== "alias")) {
      const url = "/" + relative(out, f.file).split(sep).join("/").replace(/index\.html$/, "");
      await test(`renamed taxonomies: axe on ${kind} (${url}), ${scheme}`, async () => {
        const { context, page } = await open({ scheme });
        try {
          await page.goto(origin + url, { waitUntil: "load" });
          if (kind === "search") await page.waitForSelector(SEARCH_INPUT, { timeout: 10000 });
          const v = await runAxe(page);
          assert(v.length === 0, `${v.length} axe violation(s):\n${formatViolations(v)}`);
          noErrors(page, url);
        } finally {
          await context.close();
        }
      });
    }
  }
  await test("renamed taxonomies: vnu reports no errors on one page of every kind", async () => {
    const files = Object.values(kinds).map((f) => f.file);
    const v = spawnSync("java", ["-jar", VNU, "--errors-only", "--format", "text", ...files], { encoding: "utf8" });
    const text = `${v.stdout}${v.stderr}`.trim();
    assert(v.status === 0 && !/error:/i.test(text), `vnu (exit ${v.status}):\n${text}`);
  });
  serverRenamed.close();
}

// ---------------------------------------------------------------- summary
await browser.close();
server.close();
serverKb.close();
rmSync(work, { recursive: true, force: true });
finish("browser tests");
