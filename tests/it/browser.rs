//! The browser tests, run from `cargo test` with the binary under test:
//! `tests/browser/run.mjs` (axe-core, the Nu HTML Checker, checklists, dark
//! mode and Pagefind search in headless Chromium) and
//! `tests/browser/serve.mjs` (`leidraad serve`: open pages reload after a
//! save and show the error overlay after a broken one),
//! `tests/browser/deploy.mjs` (the documented nginx and Apache
//! configurations on real servers) and `tests/browser/portable.mjs`
//! (`build --portable` opened from disk). Where Node, the npm
//! packages or Chromium are missing, the tests fail under `CI=true` and say
//! how to install them; on a developer's machine they skip loudly.

use std::path::Path;
use std::process::Command;

/// Runs `node <script>` from the repository root against the binary under
/// test, or skips (fails under CI) when its prerequisites are missing.
pub(crate) fn run_browser_script(script: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let ci = std::env::var("CI").is_ok_and(|v| matches!(v.as_str(), "1" | "true" | "yes"));
    let missing: Vec<&str> = [
        (Path::new("/usr/bin/chromium").exists() || std::env::var("CHROMIUM_PATH").is_ok(), "chromium (apt-get install chromium)"),
        (Command::new("node").arg("--version").output().is_ok(), "node (apt-get install nodejs npm)"),
        (root.join("node_modules/playwright-core").exists(), "npm packages (npm ci)"),
    ]
    .into_iter()
    .filter(|(ok, _)| !ok)
    .map(|(_, what)| what)
    .collect();
    if !missing.is_empty() {
        let msg = format!("browser tests need: {}. `scripts/test` installs all of them.", missing.join(", "));
        assert!(!ci, "{msg}");
        eprintln!("SKIPPED (not CI): {script}: {msg}");
        return;
    }
    // One Chromium at a time: two at once on this 2-core machine once
    // crashed a renderer ("Page crashed") in the middle of a check.
    static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _turn = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let status = Command::new("node")
        .args(script.split_whitespace())
        .current_dir(root)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"))
        .status()
        .expect("run node");
    assert!(status.success(), "{script} failed (its output is above)");
}

#[test]
fn browser_tests_pass_in_headless_chromium() {
    run_browser_script("tests/browser/run.mjs");
}

#[test]
fn serve_reloads_open_pages_and_shows_the_error_overlay_in_headless_chromium() {
    run_browser_script("tests/browser/serve.mjs");
}

#[test]
fn injected_payloads_never_run_in_headless_chromium() {
    run_browser_script("tests/browser/inject.mjs");
}

#[test]
fn the_documented_nginx_and_apache_configurations_serve_the_site_under_a_sub_path() {
    run_browser_script("tests/browser/deploy.mjs");
}

#[test]
fn a_portable_build_works_opened_from_disk_in_headless_chromium() {
    run_browser_script("tests/browser/portable.mjs");
}

#[test]
fn a_branded_site_passes_axe_and_vnu_and_works_by_keyboard_in_headless_chromium() {
    run_browser_script("tests/browser/branded.mjs");
}

#[test]
fn editorial_page_and_review_notice_in_headless_chromium() {
    run_browser_script("tests/browser/editorial.mjs");
}
