//! `leidraad init`, `new` and `check`.

use crate::support::{Site, BIN};
use std::process::Command;

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(BIN).args(["init", "kb"]).current_dir(tmp.path()).output().unwrap();
    assert!(out.status.success());
    let root = tmp.path().join("kb");
    let out = Command::new(BIN).args(["build", "--root"]).arg(&root).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(root.join("public/aan-de-slag/welkom/index.html").exists());
    let again = Command::new(BIN).args(["init", "kb"]).current_dir(tmp.path()).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "init does not overwrite");
}

#[test]
fn new_writes_valid_front_matter_and_refuses_bad_terms() {
    let s = Site::fixture("basic");
    let r = s.run(&[
        "new",
        "articles/team/nieuw.md",
        "--title",
        "Een \"nieuw\" artikel: test",
        "--pillar",
        "psychologische-veiligheid",
        "--role",
        "hr",
        "--competency",
        "empathie-en-veiligheid",
    ]);
    r.ok();
    let text = s.read("articles/team/nieuw.md");
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    assert!(text.contains(&format!("date: {today}")), "{text}");
    assert!(text.contains("pillars: [psychologische-veiligheid]"));
    s.run(&["check"]).ok();
    s.build(&[]).ok();
    assert!(s.read("public/team/nieuw/index.html").contains("Een &quot;nieuw&quot; artikel: test"));

    let again = s.run(&["new", "articles/team/nieuw.md", "--title", "X"]);
    assert_eq!(again.code(), 2, "no overwrite");
    let bad = s.run(&["new", "articles/team/fout.md", "--title", "X", "--pillar", "psychologische-veilighied"]);
    assert_eq!(bad.code(), 1);
    assert!(bad.stderr().contains("did you mean `psychologische-veiligheid`?"), "{}", bad.stderr());
    assert!(!s.exists("articles/team/fout.md"));
    let outside = s.run(&["new", "elders/x.md", "--title", "X"]);
    assert_eq!(outside.code(), 2);
    let nested = s.run(&["new", "articles/nieuw/diep/x.md", "--title", "Diep"]);
    nested.ok();
    assert!(s.exists("articles/nieuw/diep/x.md"));
}

#[test]
fn check_writes_nothing() {
    let s = Site::fixture("basic");
    let r = s.run(&["check"]);
    r.ok();
    assert!(r.stdout().contains("no problems"));
    assert!(!s.exists("public"));
}

#[test]
fn version_and_help() {
    let s = Site::fixture("basic");
    assert!(s.run(&["--version"]).stdout().contains("leidraad"));
    for cmd in ["build", "serve", "check", "new", "init"] {
        s.run(&[cmd, "--help"]).ok();
    }
    assert_eq!(s.run(&["bouw"]).code(), 2);
}
