// What the browser scripts share: tests/browser/run.mjs (the theme),
// tests/browser/serve.mjs (leidraad serve) and bench/search_bytes.mjs (the
// bytes of one search). A small test harness, finding Chromium,
// playwright-core and the leidraad binary, and a static file server for a
// built site.

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CI = /^(1|true|yes)$/i.test(process.env.CI || "");

// ---------------------------------------------------------------- harness
export function assert(cond, message) {
  if (!cond) throw new Error(message);
}
export function eq(actual, expected, what) {
  assert(actual === expected, `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}
export const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/// Named checks that run one after another; a failure is reported and the
/// next check still runs. `finish(title)` prints the summary and exits.
export function harness() {
  const results = [];
  async function test(name, fn) {
    const t0 = Date.now();
    try {
      await fn();
      results.push({ name, ok: true });
      console.log(`PASS  ${name}  (${Date.now() - t0} ms)`);
    } catch (e) {
      results.push({ name, ok: false, error: e });
      console.log(`FAIL  ${name}\n      ${String(e && e.message ? e.message : e).split("\n").join("\n      ")}`);
    }
  }
  const failed = () => results.filter((r) => !r.ok);
  function finish(title) {
    const bad = failed();
    console.log(`\n${"=".repeat(60)}\n${title}: ${results.length - bad.length} passed, ${bad.length} failed`);
    for (const f of bad) console.log(`  FAIL  ${f.name}`);
    console.log(bad.length ? "RESULT: FAIL" : "RESULT: PASS");
    process.exit(bad.length ? 1 : 0);
  }
  return { test, failed, finish };
}

// ---------------------------------------------------------------- setup
/// playwright-core's chromium, or the end of the script: without Chromium
/// the tests fail under CI=true and are skipped, loudly, elsewhere. `die`
/// is called (and must not return) for failures.
export async function chromiumOrSkip(what, die) {
  if (!existsSync(CHROMIUM)) {
    const msg = `Chromium not found at ${CHROMIUM}. Install it with: sudo apt-get install chromium`;
    if (CI) await die(`${msg} (CI=true, so this is a failure)`);
    console.log(`\n*** SKIPPED: ${what} did not run. ${msg} ***\n`);
    process.exit(0);
  }
  return await playwrightChromium(die);
}

/// playwright-core's chromium launcher (the npm packages must be installed).
export async function playwrightChromium(die) {
  try {
    return (await import("playwright-core")).chromium;
  } catch {
    return await die("the npm packages of the browser tests are missing: run `npm ci` in the repository root");
  }
}

/// The leidraad binary: LEIDRAAD_BIN, else target/release/leidraad, built
/// with cargo if it is missing.
export async function leidraadBinary(die) {
  const bin = process.env.LEIDRAAD_BIN || join(ROOT, "target", "release", "leidraad");
  if (!existsSync(bin)) {
    console.log("== target/release/leidraad is missing: cargo build --release");
    const r = spawnSync("cargo", ["build", "--release"], { cwd: ROOT, stdio: "inherit" });
    if (r.status !== 0 || !existsSync(bin)) await die("cargo build --release failed");
  }
  return bin;
}

// ---------------------------------------------------------------- static server
const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".txt": "text/plain; charset=utf-8",
  ".wasm": "application/wasm",
  // Pagefind's gzipped chunks and wasm, served as they are.
  ".pagefind": "application/octet-stream",
  ".pf_meta": "application/octet-stream",
  ".pf_index": "application/octet-stream",
  ".pf_filter": "application/octet-stream",
  ".pf_fragment": "application/octet-stream",
};

/// Serves the folder `dir` at `prefix` on 127.0.0.1 (a free port), as a
/// plain web server would: folders serve their index.html (without the
/// trailing slash they redirect), anything missing gets the site's 404.html
/// with status 404, nothing outside `dir` is served. `headers` go on every
/// response; `files` maps extra URL paths to files (served at any prefix).
/// Resolves to `{ server, origin }`.
export function serveStatic(dir, { prefix = "/", headers = {}, files = {} } = {}) {
  const server = createServer((req, res) => {
    let path;
    try {
      path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const send = (status, file) => {
      const body = readFileSync(file);
      res.writeHead(status, { "content-type": TYPES[extname(file)] || "application/octet-stream", "content-length": body.length, ...headers });
      res.end(req.method === "HEAD" ? undefined : body);
    };
    const page404 = join(dir, "404.html");
    const notFound = () => (existsSync(page404) ? send(404, page404) : res.writeHead(404).end());
    if (files[path]) return send(200, files[path]);
    if (!path.startsWith(prefix)) return notFound();
    const file = join(dir, normalize(path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) return notFound();
    if (existsSync(file) && statSync(file).isDirectory()) {
      if (!path.endsWith("/")) {
        res.writeHead(301, { location: path + "/" }).end();
        return;
      }
      const index = join(file, "index.html");
      return existsSync(index) ? send(200, index) : notFound();
    }
    return existsSync(file) ? send(200, file) : notFound();
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok({ server, origin: `http://127.0.0.1:${server.address().port}` })));
}
