//! `leidraad serve` against `leidraad build` over a long random sequence of
//! edits: after every edit, every file a fresh build writes must be served
//! with the same bytes (apart from the live-reload script serve adds to
//! HTML pages), every path an earlier build wrote but this one does not must
//! give 404, and the problems serve reports must be the errors of
//! `leidraad check --format json`; while the tree is broken serve must keep
//! serving the last good site.
//!
//! Black box: the real binary, real files in a temp folder, real HTTP and the
//! real event stream. The site (200 articles, three taxonomies, folders two
//! levels deep, links with and without anchors, images) and the edits are
//! generated from a seed; a failure names the seed and the edit number.
//! After an edit the test waits for a `status` event with a higher build
//! number, then for 150 ms without events (a save can give more than one
//! rebuild); a comparison that fails is repeated if another event comes
//! within 2 s. After a mismatch serve is restarted, so that every mismatch
//! reported is one of its own; all are reported at the end.
//!
//! Environment:
//! - `LEIDRAAD_EDIT_SEED` (default 20261125), `LEIDRAAD_EDITS` (default 200);
//! - `LEIDRAAD_EDITS_FULL_EVERY` (default 10): every N-th edit (and the last)
//!   is compared with a build with search, the others with a `--no-search`
//!   build (a debug build indexes 200 articles in about a second, several
//!   while serve indexes too). Such a build's pages differ from serve's only
//!   in the search page, which is then not compared, and in the term pages,
//!   which lack one link to the search page: serve's may have that one more;
//! - the edit log: a failure prints the last edits, the first differing file
//!   and the bytes around the first difference;
//! - `LEIDRAAD_BIN` (see `support::bin`): the binary under test;
//! - `LEIDRAAD_EDITS_KEEP`: keep the site folder (it is kept anyway when the
//!   test fails, and its path printed);
//! - `LEIDRAAD_EDITS_THEME`: the folder the built-in templates are copied
//!   from for template overrides (default `themes/default` of this crate).
//!
//! The parts: `text` (seeded randomness and Dutch text), `model` (the site
//! as data, and its files), `generator` with `kinds` and `broken` (the
//! initial site and the edits), `disk` (writing the files as editors do),
//! `binary` (check, build and serve), `http` (pages and the event stream),
//! `harness` (an edit, then waiting for serve) and `compare` (the
//! comparisons and the report).

mod binary;
mod broken;
mod compare;
mod disk;
mod generator;
mod harness;
mod http;
mod kinds;
mod model;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use self::binary::run_check;
use self::disk::Disk;
use self::generator::Gen;
use self::harness::Harness;
use self::text::Rng;
use crate::support;

const DEFAULT_SEED: u64 = 20_261_125;
const DEFAULT_EDITS: usize = 200;
const DEFAULT_FULL_EVERY: usize = 10;
const ARTICLES: usize = 200;
/// No event for this long after a rebuild: serve is done with the edit.
const QUIET: Duration = Duration::from_millis(150);
/// How long an edit may take to show up as a new build on the event stream.
const REBUILD_TIMEOUT: Duration = Duration::from_secs(10);
/// Broken saves waiting for their fix, at most.
const MAX_BROKEN: usize = 2;

#[test]
fn serve_equals_a_fresh_build_after_every_edit() {
    let seed: u64 = env_num("LEIDRAAD_EDIT_SEED", DEFAULT_SEED);
    let edits: usize = env_num("LEIDRAAD_EDITS", DEFAULT_EDITS);
    let full_every: usize = env_num("LEIDRAAD_EDITS_FULL_EVERY", DEFAULT_FULL_EVERY).max(1);
    let started = Instant::now();

    let site = tempfile::tempdir().expect("temp dir");
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut gen = Gen::new(seed, builtin_templates());
    let mut disk = Disk { root: site.path().to_path_buf(), files: BTreeMap::new(), rng: Rng(seed ^ 0xD15C) };
    disk.sync(&gen.model.files(), false);
    let first = run_check(site.path());
    assert_eq!(first.code, 0, "the generated site (seed {seed}) does not check:\n{}", first.describe_errors());

    let mut h = Harness::start(site.path(), scratch.path(), seed);
    // Live-reload clients that only listen: every one must see every
    // rebuild's status to the end (tests/attack/long.sh runs 50).
    let clients: usize = env_num("LEIDRAAD_EDITS_CLIENTS", 3);
    let mut listeners: Vec<http::Events> = (0..clients).map(|_| http::Events::connect(h.server.port)).collect();
    let first_port = h.server.port;
    println!(
        "edits: seed {seed}, {edits} edits, {clients} extra live-reload clients, site generated and served in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    h.verify(0, "start", true, Some(true));

    let mut n = 0;
    while n < edits || gen.broken() > 0 {
        n += 1;
        // After the last edit only the fixes of broken saves are left.
        let edit = if n > edits { gen.fix_next().expect("a pending fix") } else { gen.next_edit(n) };
        let full = n % full_every == 0 || (n >= edits && gen.broken() == 0);
        h.apply(&mut disk, n, &edit, &gen.model, full, gen.intent());
        h.verify(n, edit.kind, full, gen.intent());
        if n % 25 == 0 {
            println!("edits: {n} done in {:.1} s, {} mismatches so far", started.elapsed().as_secs_f64(), h.mismatches.len());
        }
    }
    if h.server.port == first_port {
        let last = h.events.status.build;
        for (i, l) in listeners.iter_mut().enumerate() {
            let reached = l.wait_newer(last.saturating_sub(1), REBUILD_TIMEOUT);
            assert!(reached && !l.closed, "live-reload client {i} of {clients} stopped at build {} of {last}", l.status.build);
        }
    }
    let total = started.elapsed();
    let mismatches = if h.mismatches.is_empty() { String::new() } else { h.report(n, edits) };
    println!(
        "edits: {n} edits in {:.1} s; compared {} times with a build with search, {} without, {} broken trees with check ({} checks run) (writing {:.1} s, waiting for serve {:.1} s, then for check {:.1} s and builds {:.1} s ({} with search: {:.1} s), comparing {:.1} s over {} requests); {} edits needed a second look",
        total.as_secs_f64(),
        h.time.compared_full,
        h.time.compared_light,
        h.time.compared_broken,
        h.time.checks,
        h.time.write.as_secs_f64(),
        h.time.wait.as_secs_f64(),
        h.time.check.as_secs_f64(),
        h.time.build.as_secs_f64(),
        h.time.full_builds,
        h.time.full_build.as_secs_f64(),
        h.time.compare.as_secs_f64(),
        h.time.requests,
        h.late,
    );
    if !h.mismatches.is_empty() || std::env::var_os("LEIDRAAD_EDITS_KEEP").is_some() {
        drop(h);
        println!("edits: the site is kept in {}", site.keep().display());
    }
    if !mismatches.is_empty() {
        panic!("{mismatches}");
    }
}

fn env_num<T: std::str::FromStr>(name: &str, default: T) -> T {
    match std::env::var(name) {
        Ok(v) => v.trim().parse().unwrap_or_else(|_| panic!("{name}={v} is not a number")),
        Err(_) => default,
    }
}

/// The built-in templates, by name, to copy for overrides.
fn builtin_templates() -> BTreeMap<String, String> {
    let theme = std::env::var_os("LEIDRAAD_EDITS_THEME")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"));
    support::snapshot(&theme.join("templates"))
        .into_iter()
        .map(|(name, bytes)| (name, String::from_utf8(bytes).expect("templates are UTF-8")))
        .collect()
}
