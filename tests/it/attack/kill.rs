//! kill -9 during a build, at random moments: the output is always the old
//! or the new complete site (never missing, never half), the next build
//! succeeds and equals a fresh one, and nothing is left behind.
//! `LEIDRAAD_KILLS` sets how many kills (CI: 4; tests/attack/long.sh: 40).

#![cfg(unix)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::support::{bin, copy_tree, snapshot};

type Snap = BTreeMap<String, Vec<u8>>;

/// Two versions of a site: the bundled knowledge base with 80 more
/// articles, whose text differs between the versions.
fn write_version(site: &Path, v: usize) {
    for i in 0..80 {
        let text = format!("---\ntitle: Stuk {i}\ndate: 2026-02-{:02}\n---\n\nVersie {v}: over vertrouwen en feedback {i}.\n", i % 28 + 1);
        std::fs::write(site.join(format!("articles/stuk-{i}.md")), text).unwrap();
    }
    // Version 1 has one article fewer, so files come and go too.
    let extra = site.join("articles/alleen-in-versie-0.md");
    if v == 0 {
        std::fs::write(extra, "---\ntitle: Alleen nul\ndate: 2026-03-01\n---\n\nTekst.\n").unwrap();
    } else {
        let _ = std::fs::remove_file(extra);
    }
}

fn build(site: &Path) -> Snap {
    let out = std::process::Command::new(bin()).args(["build", "--quiet"]).current_dir(site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    snapshot(&site.join("public"))
}

fn new_site(parent: &Path) -> std::path::PathBuf {
    let site = parent.join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("articles"), &site.join("articles"));
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).unwrap();
    site
}

/// A small xorshift generator, seeded from the clock (the seed is printed).
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn a_killed_build_leaves_the_old_or_the_new_site_and_nothing_else() {
    let kills: usize = std::env::var("LEIDRAAD_KILLS").ok().and_then(|k| k.parse().ok()).unwrap_or(4);
    let tmp = tempfile::tempdir().unwrap();
    // The fresh output of each version, from a site of its own.
    let mut fresh: Vec<Snap> = Vec::new();
    for v in 0..2 {
        let dir = tmp.path().join(format!("fresh-{v}"));
        let site = new_site(&dir);
        write_version(&site, v);
        fresh.push(build(&site));
    }
    let site = new_site(tmp.path());
    write_version(&site, 0);
    let start = Instant::now();
    build(&site);
    let took = start.elapsed().as_millis() as u64;
    let seed = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64 | 1;
    eprintln!("kill test: {kills} kills within {took} ms of a build start, seed {seed}");
    let mut rng = Rng(seed);
    for k in 0..kills {
        write_version(&site, (k + 1) % 2);
        let mut child = std::process::Command::new(bin())
            .args(["build", "--quiet"])
            .current_dir(&site)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(rng.below(took + took / 4)));
        let _ = child.kill(); // SIGKILL
        child.wait().unwrap();
        let now = snapshot(&site.join("public"));
        assert!(!now.is_empty(), "kill {k}: public/ is missing or empty");
        assert!(now == fresh[0] || now == fresh[1], "kill {k}: public/ is neither version's complete site ({} files)", now.len());
    }
    let last = (kills) % 2;
    write_version(&site, last);
    assert!(build(&site) == fresh[last], "the build after the kills differs from a fresh build");
    let mut left: Vec<String> = std::fs::read_dir(&site).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.sort();
    assert_eq!(left, [".public.leidraad-spare", "articles", "public", "site.yaml"], "something was left behind");
}
