//! The whole check pipeline (config, theme, discovery, front matter,
//! Markdown, links, taxonomy, every page rendered) on a site in memory: a
//! tmpfs folder under /dev/shm when there is one. The input is split at
//! lines `=====`: site.yaml (empty: the fixture's), then articles.
#![no_main]

use std::path::PathBuf;

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fn scratch() -> PathBuf {
    let base = if std::path::Path::new("/dev/shm").is_dir() { PathBuf::from("/dev/shm") } else { std::env::temp_dir() };
    base.join(format!("leidraad-fuzz-{}", std::process::id()))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let root = scratch();
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("articles/team")).expect("scratch folder");
    let mut parts = text.split("\n=====\n");
    let yaml = parts.next().unwrap_or_default();
    std::fs::write(root.join("site.yaml"), if yaml.trim().is_empty() { common::SITE_YAML } else { yaml }).expect("write");
    for (i, article) in parts.take(8).enumerate() {
        let rel = if i % 2 == 0 { format!("articles/team/a{i}.md") } else { format!("articles/b{i}.md") };
        std::fs::write(root.join(rel), article).expect("write");
    }
    // The input's length picks the switches, so every combination is reached:
    // drafts, review warnings against a fixed day (and the "due soon" ones),
    // and the editorial page.
    let bits = data.len();
    let opts = leidraad::pipeline::Options {
        root: root.clone(),
        base_url: None,
        drafts: bits % 2 == 0,
        search: false,
        today: (bits % 3 != 0).then(|| chrono::NaiveDate::from_ymd_opt(2026, 12, 4).expect("a real day")),
        review_soon: bits % 5 == 0,
        editorial: bits % 7 < 3,
    };
    match leidraad::pipeline::check(&opts) {
        Err(leidraad::pipeline::Failure::Content(diags)) => {
            for d in diags {
                let _ = d.render_plain();
            }
        }
        Err(leidraad::pipeline::Failure::Fatal(_)) | Ok(_) => {}
    }
});
