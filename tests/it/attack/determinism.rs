//! Same input, same bytes, on any file system. On tmpfs a folder lists its
//! entries in creation order, so a build into a reused spare (where some
//! folders are older than others) used to feed Pagefind its pages in
//! another order than a fresh build, and the search bundle differed.

use std::path::Path;

use crate::support::{bin, copy_tree, snapshot};

fn build(site: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = std::process::Command::new(bin()).args(["build", "--quiet"]).current_dir(site).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    snapshot(&site.join("public"))
}

fn add_articles(site: &Path, range: std::ops::Range<usize>) {
    for i in range {
        let text = format!("---\ntitle: Extra {i}\ndate: 2026-01-{:02}\n---\n\nOver vertrouwen {i}, gesprekken en feedback.\n", i % 28 + 1);
        std::fs::write(site.join(format!("articles/extra-{i}.md")), text).unwrap();
    }
}

#[test]
fn a_rebuild_on_tmpfs_equals_a_fresh_build_search_index_included() {
    let shm = Path::new("/dev/shm");
    let dir = tempfile::tempdir_in(if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() }).unwrap();
    let site = dir.path();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(&repo.join("articles"), &site.join("articles"));
    std::fs::copy(repo.join("site.yaml"), site.join("site.yaml")).unwrap();
    add_articles(site, 30..60);
    build(site);
    build(site);
    // Folders for these are made after the others in the reused spare.
    add_articles(site, 0..30);
    build(site);
    let rebuilt = build(site);
    for leftover in ["public", ".public.leidraad-spare"] {
        std::fs::remove_dir_all(site.join(leftover)).unwrap();
    }
    let fresh = build(site);
    assert!(fresh.keys().any(|k| k.starts_with("pagefind/")));
    let differ: Vec<&String> = fresh.keys().filter(|k| rebuilt.get(*k) != fresh.get(*k)).collect();
    assert!(differ.is_empty() && rebuilt.len() == fresh.len(), "{} files differ, such as {:?}", differ.len(), differ.first());
}
