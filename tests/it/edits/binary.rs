//! The binary under test: `leidraad check --format json` and a fresh
//! `leidraad build`, the oracles serve is compared with (started right after
//! an edit, so that they run while serve rebuilds), and a running
//! `leidraad serve --port 0`, whose output is kept for the report; and
//! `Problem`, a diagnostic as check's JSON and serve's status give it.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

use crate::support;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Problem {
    file: String,
    line: u64,
    column: u64,
    message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

pub(super) fn problems(list: Option<&Vec<serde_json::Value>>, errors_only: bool) -> Vec<Problem> {
    let mut out: Vec<Problem> = list
        .into_iter()
        .flatten()
        .filter(|d| !errors_only || d["severity"] == "error")
        .map(|d| Problem {
            file: d["file"].as_str().unwrap_or("?").to_string(),
            line: d["line"].as_u64().unwrap_or(0),
            column: d["column"].as_u64().unwrap_or(0),
            message: d["message"].as_str().unwrap_or("?").to_string(),
        })
        .collect();
    out.sort();
    out
}

pub(super) struct Check {
    pub(super) code: i32,
    pub(super) errors: Vec<Problem>,
    stdout: String,
    stderr: String,
}

impl Check {
    pub(super) fn describe_errors(&self) -> String {
        if self.errors.is_empty() {
            format!("(exit {}, no errors in the JSON)\nstdout: {}\nstderr: {}", self.code, self.stdout, self.stderr)
        } else {
            self.errors.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n")
        }
    }
}

/// `leidraad check --format json`, started.
pub(super) fn spawn_check(root: &Path) -> Child {
    Command::new(support::bin())
        .arg("check")
        .arg("--root")
        .arg(root)
        .args(["--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run leidraad check")
}

pub(super) fn check_result(child: Child) -> Check {
    let out = child.wait_with_output().expect("run leidraad check");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().unwrap_or(-1);
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("`leidraad check --format json` did not print one JSON document ({e}); exit {code}\nstdout:\n{stdout}\nstderr:\n{stderr}")
    });
    Check { code, errors: problems(doc["diagnostics"].as_array(), true), stdout, stderr }
}

pub(super) fn run_check(root: &Path) -> Check {
    check_result(spawn_check(root))
}

/// A fresh build into an empty folder, started.
pub(super) fn spawn_build(root: &Path, out: &Path, port: u16, search: bool) -> Child {
    let mut cmd = Command::new(support::bin());
    cmd.arg("build").arg("--root").arg(root).arg("--output").arg(out).args(["--base-url", &format!("http://127.0.0.1:{port}/"), "--quiet"]);
    if !search {
        cmd.arg("--no-search");
    }
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run leidraad build")
}

/// What a build wrote: every file but the search bundle and the build's own
/// bookkeeping (`.leidraad-*`).
pub(super) fn build_result(child: Child, out: &Path) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let run = child.wait_with_output().expect("run leidraad build");
    if !run.status.success() {
        return Err(format!(
            "exit {:?}\n{}{}",
            run.status.code(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        ));
    }
    let files = support::snapshot(out).into_iter().filter(|(p, _)| !p.starts_with("pagefind/") && !p.starts_with(".leidraad-")).collect();
    std::fs::remove_dir_all(out).map_err(|e| format!("removing {}: {e}", out.display()))?;
    Ok(files)
}

/// A build or a check started right after an edit, so that it runs while
/// serve rebuilds (the tree does not change until the next edit).
pub(super) enum Oracle {
    Build { child: Child, out: PathBuf, full: bool, port: u16 },
    Check(Child),
}

/// A running `leidraad serve --port 0`, killed on drop; its output is kept.
pub(super) struct Server {
    child: Child,
    pub(super) port: u16,
    output: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(super) fn start(root: &Path) -> Server {
        let mut child = Command::new(support::bin())
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .current_dir(root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start leidraad serve");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.strip_prefix("Serving at http://127.0.0.1:") {
                    let _ = tx.send(rest.trim_end_matches('/').parse::<u16>().unwrap_or(0));
                }
                keep(&out, line);
            }
        });
        let out = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                keep(&out, format!("stderr: {line}"));
            }
        });
        let mut server = Server { child, port: 0, output };
        server.port = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| {
            let _ = server.child.kill();
            panic!("leidraad serve printed no address within 60 s:\n{}", server.tail(40))
        });
        server
    }

    /// The message of a panic in serve's output, if it printed one.
    pub(super) fn panic(&self) -> Option<String> {
        let out = self.output.lock().unwrap();
        let i = out.iter().rposition(|l| l.contains("panicked at"))?;
        Some(out[i..(i + 2).min(out.len())].iter().map(|l| l.trim_start_matches("stderr: ")).collect::<Vec<_>>().join(" "))
    }

    pub(super) fn tail(&self, n: usize) -> String {
        let out = self.output.lock().unwrap();
        out[out.len().saturating_sub(n)..].iter().map(|l| format!("    | {l}")).collect::<Vec<_>>().join("\n")
    }
}

fn keep(out: &Mutex<Vec<String>>, line: String) {
    let mut out = out.lock().unwrap();
    if out.len() > 400 {
        out.drain(..200);
    }
    out.push(line);
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
