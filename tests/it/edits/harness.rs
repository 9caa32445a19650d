//! The harness: writes an edit, starts the build (or check) it will be
//! compared with, waits until serve has rebuilt and is quiet, then verifies
//! serve against that build or check, looking again when a comparison fails
//! and another event comes within 2 s. It keeps the times for the summary.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::binary::{build_result, check_result, spawn_build, spawn_check, Check, Oracle, Server};
use super::compare::{Good, Mismatch};
use super::disk::Disk;
use super::generator::Edit;
use super::http::{Events, Http};
use super::model::Model;
use super::REBUILD_TIMEOUT;

#[derive(Default)]
pub(super) struct Time {
    pub(super) write: Duration,
    pub(super) wait: Duration,
    pub(super) check: Duration,
    pub(super) build: Duration,
    /// Of `build`, the builds with search.
    pub(super) full_build: Duration,
    pub(super) checks: usize,
    /// Comparisons: with a build with search, without, and of a broken tree
    /// (errors and the last good site).
    pub(super) compared_full: usize,
    pub(super) compared_light: usize,
    pub(super) compared_broken: usize,
    pub(super) compare: Duration,
    pub(super) full_builds: usize,
    pub(super) requests: usize,
}

pub(super) struct Harness {
    root: PathBuf,
    scratch: PathBuf,
    pub(super) seed: u64,
    pub(super) server: Server,
    pub(super) events: Events,
    pub(super) http: Http,
    /// Every path any fresh build wrote.
    pub(super) seen: BTreeSet<String>,
    pub(super) last_good: Option<Good>,
    pub(super) log: Vec<String>,
    pub(super) mismatches: Vec<Mismatch>,
    /// Edits whose comparison passed only after waiting for more events.
    pub(super) late: usize,
    pub(super) time: Time,
    builds: usize,
    oracle: Option<Oracle>,
}

impl Harness {
    pub(super) fn start(root: &Path, scratch: &Path, seed: u64) -> Harness {
        let server = Server::start(root);
        let events = Events::connect(server.port);
        let http = Http { port: server.port, conn: None };
        Harness {
            root: root.to_path_buf(),
            scratch: scratch.to_path_buf(),
            seed,
            server,
            events,
            http,
            seen: BTreeSet::new(),
            last_good: None,
            log: Vec::new(),
            mismatches: Vec::new(),
            late: 0,
            time: Time::default(),
            builds: 0,
            oracle: None,
        }
    }

    /// A new server on the current tree, after a mismatch, so that the next
    /// findings are not echoes of this one.
    pub(super) fn restart(&mut self) {
        let server = Server::start(&self.root);
        self.events = Events::connect(server.port);
        self.http = Http { port: server.port, conn: None };
        self.server = server;
        self.last_good = None;
    }

    /// Writes an edit, starts the build (or, for a tree meant to be
    /// broken, the check) it will be compared with, and waits until serve
    /// has rebuilt for it and is quiet.
    pub(super) fn apply(&mut self, disk: &mut Disk, n: usize, edit: &Edit, model: &Model, full: bool, intended_valid: Option<bool>) {
        let before = self.events.status.build;
        let t = Instant::now();
        for (from, to) in &edit.renames {
            disk.rename(from, to);
        }
        let touched = disk.sync(&model.files(), true);
        self.time.write += t.elapsed();
        let oracle = if intended_valid == Some(true) { self.spawn_build(full) } else { Oracle::Check(spawn_check(&self.root)) };
        self.oracle = Some(oracle);
        let mut line = format!("#{n} {}: {}", edit.kind, edit.desc);
        if !touched.is_empty() || !edit.renames.is_empty() {
            let mut files: Vec<String> = edit.renames.iter().map(|(a, b)| format!("{a} → {b}")).collect();
            files.extend(touched.iter().take(6).cloned());
            if touched.len() > 6 {
                files.push(format!("… {} more", touched.len() - 6));
            }
            line.push_str(&format!(" [{}]", files.join(", ")));
        }
        self.log.push(line);
        let t = Instant::now();
        if !self.events.wait_newer(before, REBUILD_TIMEOUT) {
            let mut why =
                if self.events.closed { "the event stream closed (did serve die?)" } else { "no new build within 10 s" }.to_string();
            if let Some(panic) = self.server.panic() {
                why.push_str(&format!("; serve's output has: {panic}"));
            }
            self.record(n, edit.kind, format!("serve did not rebuild after the edit: {why}"), String::new(), true);
        } else {
            self.events.settle(Duration::from_secs(30));
        }
        self.time.wait += t.elapsed();
    }

    /// Compares serve with a fresh build of the tree as it is now or, when
    /// the tree is broken, with check. A tree the generator means to be
    /// valid is built at once (a build that succeeds is one check accepts);
    /// check runs for the others, and when that build fails.
    pub(super) fn verify(&mut self, n: usize, kind: &str, full: bool, intended_valid: Option<bool>) {
        let mut expected = None;
        let mut check = None;
        if intended_valid == Some(true) {
            match self.build(full) {
                Ok(files) => expected = Some(files),
                Err(e) => {
                    let c = self.check();
                    if c.code == 0 {
                        self.record(n, kind, "check passes but build fails".into(), e, false);
                        return;
                    }
                    let detail = format!("check exit {}:\n{}", c.code, c.describe_errors());
                    self.record(n, kind, "check reports errors in a tree the generator meant to be valid".into(), detail, false);
                    check = Some(c);
                }
            }
        } else {
            let c = self.check();
            if c.code == 0 {
                if intended_valid == Some(false) {
                    self.record(n, kind, "check accepts a tree with a broken save in it".into(), String::new(), false);
                }
                match self.build(full) {
                    Ok(files) => expected = Some(files),
                    Err(e) => {
                        self.record(n, kind, "check passes but build fails".into(), e, false);
                        return;
                    }
                }
            } else {
                check = Some(c);
            }
        }
        let light = if full { BTreeMap::new() } else { self.light(expected.as_ref()) };
        let t = Instant::now();
        let mut looks = 0;
        loop {
            let finding = match (&expected, &check) {
                (Some(files), _) => self.compare_valid(files, &light),
                (None, Some(c)) => self.compare_broken(c),
                (None, None) => unreachable!("a tree is either built or checked"),
            };
            match finding {
                None => {
                    self.late += (looks > 0) as usize;
                    match (&expected, full) {
                        (None, _) => self.time.compared_broken += 1,
                        (Some(_), true) => self.time.compared_full += 1,
                        (Some(_), false) => self.time.compared_light += 1,
                    }
                    break;
                }
                // A rebuild still under way shows up as another event.
                Some(_) if looks < 3 && self.events.next(Duration::from_secs(2)) => {
                    self.events.settle(Duration::from_secs(30));
                    looks += 1;
                }
                Some(f) => {
                    self.time.compare += t.elapsed();
                    self.record(n, kind, f.what, f.detail, true);
                    if let Some(files) = &expected {
                        self.seen.extend(files.keys().cloned());
                    }
                    return;
                }
            }
        }
        self.time.compare += t.elapsed();
        if let Some(files) = expected {
            self.seen.extend(files.keys().cloned());
            self.last_good = Some(Good { files, light });
        }
    }

    fn check(&mut self) -> Check {
        let child = match self.oracle.take() {
            Some(Oracle::Check(child)) => child,
            other => {
                self.discard(other);
                spawn_check(&self.root)
            }
        };
        let t = Instant::now();
        let c = check_result(child);
        self.time.check += t.elapsed();
        self.time.checks += 1;
        c
    }

    fn spawn_build(&mut self, full: bool) -> Oracle {
        self.builds += 1;
        let out = self.scratch.join(format!("build-{}", self.builds));
        let port = self.server.port;
        Oracle::Build { child: spawn_build(&self.root, &out, port, full), out, full, port }
    }

    fn build(&mut self, full: bool) -> Result<BTreeMap<String, Vec<u8>>, String> {
        let (child, out) = match self.oracle.take() {
            // Not if serve was restarted since: its port is in every page.
            Some(Oracle::Build { child, out, full: f, port }) if f == full && port == self.server.port => (child, out),
            other => {
                self.discard(other);
                match self.spawn_build(full) {
                    Oracle::Build { child, out, .. } => (child, out),
                    Oracle::Check(_) => unreachable!(),
                }
            }
        };
        let t = Instant::now();
        let built = build_result(child, &out);
        self.time.build += t.elapsed();
        if full {
            self.time.full_builds += 1;
            self.time.full_build += t.elapsed();
        }
        built
    }

    fn discard(&mut self, oracle: Option<Oracle>) {
        let (Some(Oracle::Build { mut child, .. }) | Some(Oracle::Check(mut child))) = oracle else { return };
        let _ = child.kill();
        let _ = child.wait();
    }
}
