//! The browser tests (`tests/browser/run.mjs`: axe-core, the Nu HTML
//! Checker, checklists, dark mode and Pagefind search in headless
//! Chromium), run from `cargo test` with the binary under test. Where Node,
//! the npm packages or Chromium are missing, the test fails under `CI=true`
//! and says how to install them; on a developer's machine it skips loudly.

use std::path::Path;
use std::process::Command;

#[test]
fn browser_tests_pass_in_headless_chromium() {
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
        eprintln!("SKIPPED (not CI): {msg}");
        return;
    }
    let status = Command::new("node")
        .arg("tests/browser/run.mjs")
        .current_dir(root)
        .env("LEIDRAAD_BIN", env!("CARGO_BIN_EXE_leidraad"))
        .status()
        .expect("run node");
    assert!(status.success(), "tests/browser/run.mjs failed (its output is above)");
}
