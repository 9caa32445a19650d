#!/usr/bin/env node
// The bundled site on real web servers, configured with the documented
// configuration (docs/deploy/nginx.conf and apache.conf, used as they are
// with only the site folder filled in): Debian's nginx and Apache httpd,
// started unprivileged-style from their own config files in a temp folder,
// on free ports, each serving a build made with
// `--base-url http://127.0.0.1:PORT/hr/kb/` under /hr/kb/. Chromium opens
// the home page, follows links to an article and a term page, gets the 404
// page (status 404) for a missing URL and follows its links, and searches
// with a filter; no page may log a CSP violation or a script error.
//
// Usage: node tests/browser/deploy.mjs (scripts/test installs nginx and
// apache2). Without them it fails under CI=true and skips, loudly, elsewhere.

import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CI, ROOT, assert, chromiumOrSkip, eq, harness, leidraadBinary, sleep } from "./lib.mjs";

const NGINX = "/usr/sbin/nginx";
const APACHE = "/usr/sbin/apache2";
const APACHE_MODULES = "/usr/lib/apache2/modules";
const PREFIX = "/hr/kb/";

const { test, finish } = harness();
const children = [];
function die(message) {
  console.error(`\nERROR: ${message}`);
  for (const c of children) c.kill();
  process.exit(1);
}

const chromium = await chromiumOrSkip("the web server tests", die);
const missing = [NGINX, APACHE].filter((p) => !existsSync(p));
if (missing.length) {
  const msg = `${missing.join(", ")} not found. Install them with: sudo apt-get install nginx apache2 (scripts/test does)`;
  if (CI) die(`${msg} (CI=true, so this is a failure)`);
  console.log(`\n*** SKIPPED: the web server tests did not run. ${msg} ***\n`);
  process.exit(0);
}
const bin = await leidraadBinary(die);

// Servers started as root hand their requests to an unprivileged user,
// which must be able to read the site: the folders are world-readable.
const work = mkdtempSync(join(tmpdir(), "leidraad-deploy-"));
chmodSync(work, 0o755);
const isRoot = process.getuid && process.getuid() === 0;

function freePort() {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
  });
}

function buildFor(name, port) {
  mkdirSync(join(work, name), { recursive: true });
  const out = join(work, name, "site");
  const r = spawnSync(bin, ["build", "--root", ROOT, "--output", out, "--quiet", "--base-url", `http://127.0.0.1:${port}${PREFIX}`], { encoding: "utf8" });
  if (r.status !== 0) die(`leidraad build failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  spawnSync("chmod", ["-R", "a+rX", join(work, name)]);
  return out;
}

/// The documented configuration with the site folder filled in.
function documented(file, site) {
  const text = readFileSync(join(ROOT, "docs", "deploy", file), "utf8");
  assert(text.includes("/srv/leidraad/public/"), `${file} no longer names /srv/leidraad/public/`);
  return text.split("/srv/leidraad/public/").join(site + "/");
}

async function waitForPort(port, child, name) {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) die(`${name} exited with ${child.exitCode}:\n${child.log}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}${PREFIX}`);
      if (r.status) return;
    } catch {}
    await sleep(100);
  }
  die(`${name} did not answer on port ${port}:\n${child.log}`);
}

function start(name, cmd, args) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  child.log = "";
  child.stdout.on("data", (d) => (child.log += d));
  child.stderr.on("data", (d) => (child.log += d));
  children.push(child);
  return child;
}

async function startNginx() {
  const port = await freePort();
  const dir = join(work, "nginx");
  const site = buildFor("nginx", port);
  writeFileSync(join(dir, "site.conf"), documented("nginx.conf", site));
  const temps = ["body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t === "body" ? "client_body" : t}_temp_path ${dir}/tmp-${t};`);
  writeFileSync(
    join(dir, "nginx.conf"),
    [
      "daemon off;",
      "worker_processes 1;",
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log;`,
      "events { worker_connections 64; }",
      "http {",
      "    include /etc/nginx/mime.types;",
      "    default_type application/octet-stream;",
      `    access_log ${dir}/access.log;`,
      ...temps,
      `    server {`,
      `        listen 127.0.0.1:${port};`,
      `        include ${dir}/site.conf;`,
      "    }",
      "}",
      "",
    ].join("\n"),
  );
  const child = start("nginx", NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")]);
  await waitForPort(port, child, "nginx");
  return { name: "nginx", origin: `http://127.0.0.1:${port}`, child };
}

async function startApache() {
  const port = await freePort();
  const dir = join(work, "apache");
  const site = buildFor("apache", port);
  writeFileSync(join(dir, "site.conf"), documented("apache.conf", site));
  const modules = ["mpm_event", "authz_core", "mime", "dir", "alias", "headers", "expires"];
  writeFileSync(
    join(dir, "httpd.conf"),
    [
      `ServerRoot ${dir}`,
      "ServerName 127.0.0.1",
      `Listen 127.0.0.1:${port}`,
      `PidFile ${dir}/httpd.pid`,
      `DefaultRuntimeDir ${dir}`,
      `ErrorLog ${dir}/error.log`,
      ...(isRoot ? ["User nobody", "Group nogroup"] : []),
      ...modules.map((m) => `LoadModule ${m}_module ${APACHE_MODULES}/mod_${m}.so`),
      "TypesConfig /etc/mime.types",
      "<Directory />",
      "    Require all denied",
      "    AllowOverride None",
      "</Directory>",
      `Include ${dir}/site.conf`,
      "",
    ].join("\n"),
  );
  const child = start("apache2", APACHE, ["-f", join(dir, "httpd.conf"), "-d", dir, "-DFOREGROUND"]);
  await waitForPort(port, child, "apache2");
  return { name: "apache", origin: `http://127.0.0.1:${port}`, child };
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium", args: ["--no-sandbox"] });

/// A fresh page that records script errors and CSP violations.
async function open() {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`script error: ${e.message}`));
  page.on("console", (m) => {
    // A failed load is checked below, with its URL (the 404 page itself is one).
    if (/^Failed to load resource/.test(m.text())) return;
    if (m.type() === "error" || /Content Security Policy/i.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (r.request().resourceType() !== "document" && r.status() >= 400) page.problems.push(`${r.status()} for ${r.url()}`);
  });
  return { context, page };
}
const noProblems = (page, where) => assert(page.problems.length === 0, `on ${where}:\n${page.problems.join("\n")}`);

async function checkServer(srv) {
  const base = srv.origin + PREFIX;

  await test(`${srv.name}: home page, an article and a term page through their links`, async () => {
    const { context, page } = await open();
    try {
      const home = await page.goto(base);
      eq(home.status(), 200, "home status");
      const csp = home.headers()["content-security-policy"] || "";
      assert(csp.includes("wasm-unsafe-eval"), `no CSP header on the home page: ${csp}`);
      const card = page.locator(".card-title a").first();
      const title = (await card.textContent()).trim();
      const [article] = await Promise.all([page.waitForNavigation(), card.click()]);
      eq(article.status(), 200, `article status (${page.url()})`);
      assert(page.url().startsWith(base), `article left ${PREFIX}: ${page.url()}`);
      eq((await page.locator("h1").first().textContent()).trim(), title, "article heading");
      const badge = page.locator("main a[href*='/hr/kb/pijlers/']").first();
      const [term] = await Promise.all([page.waitForNavigation(), badge.click()]);
      eq(term.status(), 200, `term page status (${page.url()})`);
      assert(page.url().startsWith(base + "pijlers/"), `term link went to ${page.url()}`);
      // A folder without its trailing slash is redirected on the same host.
      const bare = await page.goto(page.url().replace(/\/$/, ""));
      eq(bare.status(), 200, "folder without slash, after the redirect");
      assert(page.url().startsWith(base), `redirect left the site: ${page.url()}`);
      noProblems(page, "home, article, term");
    } finally {
      await context.close();
    }
  });

  await test(`${srv.name}: a missing URL gets the 404 page, whose links work`, async () => {
    const { context, page } = await open();
    try {
      const r = await page.goto(base + "bestaat/niet/");
      eq(r.status(), 404, "status of a missing page");
      assert(/404|niet gevonden/i.test(await page.locator("main").textContent()), "not the site's 404 page");
      const links = await page.locator("a[href^='/hr/kb/']").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      assert(links.length >= 3, `the 404 page has ${links.length} links into the site`);
      for (const href of [...new Set(links)].slice(0, 8)) {
        const res = await page.request.get(srv.origin + href);
        eq(res.status(), 200, `404 page link ${href}`);
      }
      const [home] = await Promise.all([page.waitForNavigation(), page.locator(`a[href='${PREFIX}']`).first().click()]);
      eq(home.status(), 200, "the 404 page's home link");
      noProblems(page, "the 404 page");
    } finally {
      await context.close();
    }
  });

  await test(`${srv.name}: search with a filter finds articles and opens one`, async () => {
    const { context, page } = await open();
    try {
      const statuses = [];
      page.on("response", (r) => {
        if (r.url().includes("/pagefind/")) statuses.push([r.status(), r.url(), r.headers()["content-type"]]);
      });
      await page.goto(base + "zoeken/?q=vertrouwen");
      const count = () =>
        page.evaluate(() => {
          const m = document.querySelector(".pagefind-ui__message");
          const n = m && m.textContent.match(/^(\d+) resulta/);
          return n ? Number(n[1]) : -1;
        });
      await page.waitForFunction(() => /^\d+ resulta/.test(document.querySelector(".pagefind-ui__message")?.textContent || ""), null, { timeout: 30000 });
      const before = await count();
      assert(before > 1, `"vertrouwen" found ${before} results`);
      const block = page.locator(".pagefind-ui__filter-block", { has: page.locator('input[name="pillars"]') });
      // Pagefind loads the filters after the first results; on a loaded
      // machine that can take a while. If they never come, say what was fetched.
      const label = block.locator(".pagefind-ui__filter-label").first();
      await label.waitFor({ timeout: 60000 }).catch((e) => {
        throw new Error(`no pillar filter: ${e.message}\nfetched: ${JSON.stringify(statuses)}\n${page.problems.join("\n")}`);
      });
      await label.click();
      await page.waitForFunction((n) => {
        const m = document.querySelector(".pagefind-ui__message")?.textContent.match(/^(\d+) resulta/);
        return m && Number(m[1]) < n && Number(m[1]) > 0;
      }, before, { timeout: 10000 });
      const bad = statuses.filter(([s]) => s !== 200);
      assert(bad.length === 0, `search files not served: ${JSON.stringify(bad)}`);
      for (const ext of [".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter"]) {
        const hit = statuses.find(([, u]) => u.includes(ext));
        assert(hit, `no ${ext} file was fetched`);
        eq(hit[2], "application/octet-stream", `content type of ${ext}`);
      }
      const link = page.locator(".pagefind-ui__result-title .pagefind-ui__result-link").first();
      await link.waitFor();
      const [res] = await Promise.all([page.waitForNavigation(), link.click()]);
      eq(res.status(), 200, `search result ${page.url()}`);
      assert(page.url().startsWith(base), `result left ${PREFIX}: ${page.url()}`);
      noProblems(page, "the search page");
    } finally {
      await context.close();
    }
  });
}

try {
  for (const starter of [startNginx, startApache]) {
    const srv = await starter();
    try {
      await checkServer(srv);
    } finally {
      srv.child.kill();
      await new Promise((ok) => (srv.child.exitCode !== null ? ok() : srv.child.once("exit", ok)));
    }
  }
} finally {
  await browser.close();
  for (const c of children) if (c.exitCode === null) c.kill();
  rmSync(work, { recursive: true, force: true });
}
finish("web server tests");
