//! Paths and symbolic links: nothing outside the output is deleted, nothing
//! outside the site is read or written, nothing is silently overwritten,
//! and `check` finds every name `build` could not write.

#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;

use crate::support::Site;

fn victim(dir: &Path) -> std::path::PathBuf {
    let v = dir.join("victim");
    std::fs::write(&v, "keep me").unwrap();
    v
}

#[test]
fn a_planted_manifest_cannot_make_a_build_delete_outside_the_output() {
    let s = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    let (rel_victim, abs_victim) = (victim(s.root()), victim(outside.path()));
    let out = s.root().join("out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(".leidraad-manifest"), format!("../victim\n{}\n", abs_victim.display())).unwrap();
    for _ in 0..2 {
        let r = s.build(&["--output", "out", "--no-search"]);
        assert_eq!(r.code(), 2, "{}", r.stderr());
        assert!(r.stderr().contains("not a file inside the folder"), "{}", r.stderr());
    }
    // The same manifest in the spare, which a build takes over.
    s.build(&["--no-search"]).ok();
    let spare = s.root().join(".public.leidraad-spare");
    std::fs::create_dir_all(&spare).unwrap();
    std::fs::write(spare.join(".leidraad-manifest"), format!("../victim\n{}\n", abs_victim.display())).unwrap();
    s.build(&["--no-search"]).ok();
    s.build(&["--no-search"]).ok();
    assert!(rel_victim.exists() && abs_victim.exists(), "files outside the output were deleted");
}

#[test]
fn a_link_in_the_output_or_the_spare_is_never_written_through() {
    let s = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    s.build(&["--no-search"]).ok();
    symlink(outside.path(), s.root().join("public/team")).unwrap_or_else(|_| {
        std::fs::remove_dir_all(s.root().join("public/team")).unwrap();
        symlink(outside.path(), s.root().join("public/team")).unwrap();
    });
    let r = s.build(&["--no-search"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("symbolic link `team`"), "{}", r.stderr());
    std::fs::remove_file(s.root().join("public/team")).unwrap();
    std::fs::remove_dir_all(s.root().join("public")).unwrap();
    s.build(&["--no-search"]).ok();
    s.build(&["--no-search"]).ok();
    let spare = s.root().join(".public.leidraad-spare");
    std::fs::remove_dir_all(spare.join("team")).unwrap();
    symlink(outside.path(), spare.join("team")).unwrap();
    s.build(&["--no-search"]).ok();
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "a build wrote through a link in the spare");
    assert!(s.exists("public/team/knikkerpot/index.html"));
}

#[test]
fn links_out_of_articles_are_refused_with_their_location() {
    let s = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("geheim.md"), "---\ntitle: Geheim\ndate: 2026-01-01\n---\nGeheim.\n").unwrap();
    std::fs::write(outside.path().join("wachtwoorden.txt"), "geheim").unwrap();
    symlink(outside.path(), s.root().join("articles/etc-link")).unwrap();
    symlink(outside.path().join("wachtwoorden.txt"), s.root().join("articles/team/lijst.txt")).unwrap();
    let r = s.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("articles/etc-link:1:1"), "{}", r.stderr());
    assert!(r.stderr().contains("articles/team/lijst.txt:1:1"), "{}", r.stderr());
    assert!(r.stderr().contains("outside `articles/`"), "{}", r.stderr());
    assert_eq!(s.build(&["--no-search"]).code(), 1);
    assert!(!s.exists("public"));
    // A link that stays inside `articles/` is followed.
    std::fs::remove_file(s.root().join("articles/etc-link")).unwrap();
    std::fs::remove_file(s.root().join("articles/team/lijst.txt")).unwrap();
    symlink(s.root().join("articles/team/schema.svg"), s.root().join("articles/hr/schema.svg")).unwrap();
    s.build(&["--no-search"]).ok();
    assert!(s.exists("public/hr/schema.svg"));
}

#[test]
fn links_out_of_the_site_in_static_and_themes_are_refused() {
    let s = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), "root:x").unwrap();
    std::fs::create_dir_all(s.root().join("static")).unwrap();
    symlink(outside.path().join("passwd"), s.root().join("static/passwd")).unwrap();
    let r = s.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    assert!(r.stderr().contains("static/passwd:1:1"), "{}", r.stderr());
}

#[test]
fn new_never_writes_through_a_link_out_of_the_site() {
    let s = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), s.root().join("articles/link")).unwrap();
    let r = s.run(&["new", "articles/link/x.md", "--title", "X"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn an_output_through_a_link_into_the_sources_is_refused() {
    let s = Site::fixture("basic");
    let holder = tempfile::tempdir().unwrap();
    symlink(s.root(), holder.path().join("link")).unwrap();
    let before = s.snapshot("articles");
    let out = holder.path().join("link/articles/out");
    let r = s.build(&["--output", out.to_str().unwrap(), "--no-search"]);
    assert_eq!(r.code(), 2, "{}", r.stderr());
    assert!(r.stderr().contains("inside `articles/`"), "{}", r.stderr());
    assert_eq!(s.snapshot("articles"), before);
}

#[test]
fn killed_builds_leave_nothing_that_the_next_build_keeps() {
    let s = Site::fixture("basic");
    s.build(&["--no-search"]).ok();
    // A process id that is no longer in use.
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let dead = child.id();
    child.wait().unwrap();
    for name in [format!(".public.staging-{dead}"), format!(".public.old-{dead}")] {
        std::fs::create_dir_all(s.root().join(&name).join("a")).unwrap();
        std::fs::write(s.root().join(&name).join(".leidraad-manifest"), "").unwrap();
    }
    // Not ours (no manifest), and ours but of a live process: both stay.
    std::fs::create_dir_all(s.root().join(format!(".public.staging-{}", dead + 1_000_000))).unwrap();
    let live = format!(".public.staging-{}", std::process::id());
    std::fs::create_dir_all(s.root().join(&live)).unwrap();
    std::fs::write(s.root().join(&live).join(".leidraad-manifest"), "").unwrap();
    s.build(&["--no-search"]).ok();
    let mut left: Vec<String> = std::fs::read_dir(s.root()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    left.retain(|n| n.starts_with(".public"));
    left.sort();
    let mut want = vec![".public.leidraad-spare".to_string(), format!(".public.staging-{}", dead + 1_000_000), live];
    want.sort();
    assert_eq!(left, want);
}

#[test]
fn files_under_articles_at_a_generated_path_are_errors_naming_both() {
    let s = Site::fixture("basic");
    s.write("articles/index.html", "<p>mijn eigen home</p>");
    s.write("articles/atom.xml/x.txt", "folder named like the feed");
    s.write("articles/team/knikkerpot/index.html", "over the article");
    let r = s.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    assert!(err.contains("articles/index.html:1:1") && err.contains("the generated page `index.html`"), "{err}");
    assert!(err.contains("articles/atom.xml/x.txt:1:1") && err.contains("`atom.xml` to be a folder"), "{err}");
    assert!(err.contains("articles/team/knikkerpot/index.html:1:1") && err.contains("the article `articles/team/knikkerpot.md`"), "{err}");
}

#[test]
fn check_finds_every_name_build_could_not_write() {
    let s = Site::fixture("basic");
    let long = "a".repeat(256);
    let text = s.read("articles/team/knikkerpot.md");
    s.write(
        "articles/team/knikkerpot.md",
        &text.replacen(
            "author:",
            &format!("slug: {long}\naliases: [\"/oud/{}/\", \"/.leidraad-manifest\", \"/x\\u0000y/\"]\nauthor:", "b".repeat(300)),
            1,
        ),
    );
    let r = s.run(&["check"]);
    assert_eq!(r.code(), 1, "{}", r.stderr());
    let err = r.stderr();
    assert!(err.contains("articles/team/knikkerpot.md:4:1") && err.contains("256 bytes"), "{err}");
    assert!(err.contains("300 bytes"), "{err}");
    assert!(err.contains("leidraad keeps for its own files"), "{err}");
    assert!(err.contains("NUL"), "{err}");
    assert_eq!(s.build(&[]).code(), 1, "build agrees with check");
}

#[test]
fn a_missing_site_yaml_is_a_usage_error() {
    let s = Site::fixture("basic");
    std::fs::remove_file(s.root().join("site.yaml")).unwrap();
    for cmd in [&["check"][..], &["build"][..]] {
        let r = s.run(cmd);
        assert_eq!(r.code(), 2, "{}", r.stderr());
        assert!(r.stderr().contains("no site.yaml"), "{}", r.stderr());
    }
}
