//! Stage 7, search: the written article pages → the Pagefind bundle
//! (`pagefind/…`), built in process with the `pagefind` crate.
//!
//! Pagefind is given the copies of the article pages ([`pages`]) one by one,
//! sorted by path (`add_sorted`: the order reaches the index). Only pages with `data-pagefind-body` (the article pages)
//! are indexed, so home, taxonomy, alias and 404 pages stay out. URLs are
//! stored relative to the site (`/vertrouwen/…/`); the search page gives
//! Pagefind the base path to put in front. The language comes from
//! site.yaml, so Dutch gets Dutch stemming.
//!
//! Pagefind's index, fragment and filter files are named by a hash of their
//! content and skipped when they already exist, so a build seeds its staging
//! folder with those files of the previous output ([`crate::output::Staging::seed`])
//! and [`prune`] then removes the ones the new index no longer names.
//!
//! A build whose pages are all as they were does not index at all: every
//! output with a bundle holds a stamp ([`STAMP`]) of what the bundle was made
//! from (each HTML page's path and bytes, the language, the versions of
//! leidraad and Pagefind, the index settings). When the new pages give the
//! same stamp as the staging folder's (the reused spare) or the current
//! output's, that bundle is the one Pagefind would write, and is kept
//! ([`update_bundle`]).
//!
//! Pagefind does not read the written pages themselves but copies in which
//! compounds are marked where they split ([`pages`]); the site's words,
//! compounds and synonym groups go beside the bundle for the search page
//! ([`vocabulary`]). Which settings apply is site.yaml's `search:` key
//! ([`settings`]).

pub mod compounds;
pub mod pages;
pub mod settings;
pub mod vocabulary;

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::Mutex;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::output::{self, PlanFile, Staging};

pub use crate::output::BUNDLE;
pub use settings::Settings;

/// What the search stage indexes: the article pages (output paths), in the
/// site's language, with site.yaml's search settings.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub language: &'a str,
    pub settings: &'a Settings,
    pub pages: &'a [String],
}

/// The bundle's content-hashed folders, safe to reuse between builds.
pub const HASHED_DIRS: [&str; 3] = ["fragment", "index", "filter"];

/// The stamp of what an output's bundle was made from, at the output's root.
pub const STAMP: &str = ".leidraad-search";

/// The bundle's entry file, written last by Pagefind.
const ENTRY: &str = "pagefind-entry.json";

/// The Pagefind version the bundle is made with (pinned in Cargo.toml).
const PAGEFIND_VERSION: &str = "1.6.0";

/// The settings [`run`] gives Pagefind besides the language: part of the
/// stamp, so a change to them is never mistaken for an unchanged bundle.
const SETTINGS: &str = "keep_index_url=false compounds-marked-v1";

/// What an indexing run did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Indexed {
    pub pages: usize,
    /// Files of an earlier bundle that were no longer named, removed.
    pub pruned: usize,
    /// No page changed, so an earlier bundle was kept instead of indexing.
    pub reused: bool,
}

/// Collects what the search bundle is made from as pages are written (from
/// any thread), for its [`STAMP`].
#[derive(Debug, Default)]
pub struct Fingerprint {
    pages: Mutex<Vec<(String, u128)>>,
}

impl Fingerprint {
    /// Notes one output file; only HTML pages are what Pagefind reads.
    pub fn add(&self, rel: &str, bytes: &[u8]) {
        if rel.ends_with(".html") {
            let hash = xxhash_rust::xxh3::xxh3_128(bytes);
            self.pages.lock().unwrap_or_else(|e| e.into_inner()).push((rel.to_string(), hash));
        }
    }

    /// The stamp: the same pages (in any order of writing) with the same
    /// language give the same text.
    pub fn stamp(self, language: &str, settings: &Settings) -> String {
        let mut pages = self.pages.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_unstable();
        let mut digest = xxhash_rust::xxh3::Xxh3::new();
        for (rel, hash) in &pages {
            digest.update(rel.as_bytes());
            digest.update(&[0]);
            digest.update(&hash.to_le_bytes());
        }
        format!(
            "leidraad {}\npagefind {PAGEFIND_VERSION} {SETTINGS}\nsearch {}\nlanguage {language}\npages {}\ndigest {:032x}\n",
            env!("CARGO_PKG_VERSION"),
            settings.digest(),
            pages.len(),
            digest.digest128()
        )
    }
}

/// Gives the staging folder the bundle of its pages, which must all be
/// written: the bundle it already holds (a reused spare) or the current
/// output's, if either was made from the same pages ([`STAMP`]); otherwise a
/// new one, indexed with the current output's content-hashed files seeded.
/// The caller writes `stamp` to [`STAMP`] afterwards.
pub fn update_bundle(staging: &Staging, input: &Input, stamp: &str) -> Result<Indexed, Box<Diagnostic>> {
    let bundle = staging.dir().join(BUNDLE);
    let made_from_these =
        |root: &Path| std::fs::read_to_string(root.join(STAMP)).is_ok_and(|s| s == stamp) && root.join(BUNDLE).join(ENTRY).is_file();
    let kept = if made_from_these(staging.dir()) {
        true
    } else if made_from_these(staging.out()) {
        let _ = std::fs::remove_dir_all(&bundle);
        let copied = copy_bundle(staging).is_ok();
        if !copied {
            // A half-copied file would be taken as written by Pagefind.
            let _ = std::fs::remove_dir_all(&bundle);
        }
        copied
    } else {
        false
    };
    // A bundle that cannot be read is indexed anew, over what is there.
    if let Some((pages, pruned)) = kept.then(|| prune(&bundle).ok()).flatten() {
        return Ok(Indexed { pages, pruned, reused: true });
    }
    // Seeding is a shortcut: what is not seeded is written by Pagefind.
    for dir in HASHED_DIRS {
        let _ = staging.seed(&format!("{BUNDLE}/{dir}"));
    }
    write_bundle(input, staging.dir())
}

/// Copies the current output's bundle into staging (whose bundle folder
/// must be gone). Its content-hashed files are seeded, as hard links
/// (Pagefind never writes over one that exists); the others (top level) are
/// copied, since Pagefind rewrites them in place and a link would carry
/// that write into the live output.
fn copy_bundle(staging: &Staging) -> std::io::Result<()> {
    for dir in HASHED_DIRS {
        staging.seed(&format!("{BUNDLE}/{dir}"))?;
    }
    let (from, to) = (staging.out().join(BUNDLE), staging.dir().join(BUNDLE));
    std::fs::create_dir_all(&to)?;
    for rel in output::list_files(&from)?.into_iter().filter(|rel| !rel.contains('/')) {
        std::fs::copy(from.join(&rel), to.join(&rel))?;
    }
    Ok(())
}

/// Indexes the pages under `site_dir` and writes the bundle to
/// `site_dir/pagefind/` with the vocabulary file beside it, then removes
/// the files there that the new index does not name. The copies Pagefind
/// reads go to a temporary folder.
pub fn write_bundle(input: &Input, site_dir: &Path) -> Result<Indexed, Box<Diagnostic>> {
    let bundle = site_dir.join(BUNDLE);
    let copies = copies_dir().map_err(|e| search_error(&format!("creating a temporary folder: {e}")))?;
    let vocabulary = index_into(input, site_dir, copies.path(), &bundle)?;
    drop(copies);
    std::fs::write(bundle.join(vocabulary::FILE), vocabulary).map_err(|e| search_error(&format!("writing {}: {e}", bundle.display())))?;
    let (pages, pruned) = prune(&bundle).map_err(|e| search_error(&format!("cleaning up {}: {e}", bundle.display())))?;
    Ok(Indexed { pages, pruned, reused: false })
}

/// A temporary folder for the copies Pagefind reads: in shared memory
/// (`/dev/shm`) where there is one, so that they never reach the disk (on a
/// busy disk, writing and deleting 10,000 small files cost more than the
/// rest of the search stage's own work); else in the system's temp folder.
fn copies_dir() -> std::io::Result<tempfile::TempDir> {
    let builder = || {
        let mut b = tempfile::Builder::new();
        b.prefix(".leidraad-index-");
        b
    };
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        if let Ok(dir) = builder().tempdir_in(shm) {
            return Ok(dir);
        }
    }
    builder().tempdir()
}

/// Writes the copies of the pages under `site_dir` into `copy_dir`, indexes
/// them into `bundle_dir`, and returns the vocabulary file's bytes.
fn index_into(input: &Input, site_dir: &Path, copy_dir: &Path, bundle_dir: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    let started = std::time::Instant::now();
    let vocabulary = vocabulary::prepare(site_dir, input.pages, copy_dir, input.settings, input.language)
        .map_err(|e| search_error(&format!("preparing the pages: {e}")))?;
    if std::env::var_os("LEIDRAAD_TIMINGS").is_some() {
        eprintln!("search: pages prepared in {:.2?}", started.elapsed());
    }
    let (dir, target) = (copy_dir.to_string_lossy().into_owned(), bundle_dir.to_string_lossy().into_owned());
    run(input.language, move |mut index| async move {
        add_sorted(&mut index, &dir).await?;
        index.write_files(Some(target)).await?;
        Ok(())
    })?;
    Ok(vocabulary.to_file(input.settings, input.language))
}

/// Indexes the pages under `site_dir` into `bundle_dir` and returns the
/// bundle's files in memory, keyed by output path (`pagefind/…`): for the
/// dev server. `copy_dir` (the copies Pagefind reads) and `bundle_dir` are
/// meant to be kept between runs: Pagefind then skips the content-hashed
/// files that are already there, which saves most of its gzip work after a
/// save that changed a few pages (in memory, with `get_files`, it
/// compresses every file every time).
pub fn bundle_files(
    input: &Input,
    site_dir: &Path,
    copy_dir: &Path,
    bundle_dir: &Path,
) -> Result<BTreeMap<String, PlanFile>, Box<Diagnostic>> {
    let vocabulary = index_into(input, site_dir, copy_dir, bundle_dir)?;
    let read_back = || -> std::io::Result<BTreeMap<String, PlanFile>> {
        prune(bundle_dir)?;
        let mut files = BTreeMap::new();
        for rel in output::list_files(bundle_dir)? {
            let bytes = std::fs::read(bundle_dir.join(&rel))?;
            files.insert(format!("{BUNDLE}/{rel}"), PlanFile::Bytes(bytes));
        }
        files.insert(format!("{BUNDLE}/{}", vocabulary::FILE), PlanFile::Bytes(vocabulary));
        Ok(files)
    };
    read_back().map_err(|e| search_error(&format!("reading {}: {e}", bundle_dir.display())))
}

/// Feeds the HTML pages under `dir` to Pagefind one by one, sorted by path.
/// (`add_directory` takes them in the order the file system lists them,
/// and that order reaches the index: on tmpfs two builds of one tree gave
/// different bundles.)
async fn add_sorted(index: &mut PagefindIndex, dir: &str) -> anyhow::Result<()> {
    let root = Path::new(dir);
    for rel in output::list_files(root)?.into_iter().filter(|r| r.ends_with(".html") && !r.starts_with(&format!("{BUNDLE}/"))) {
        let content = std::fs::read_to_string(root.join(&rel))?;
        index.add_html_file(Some(rel), None, content).await?;
    }
    Ok(())
}

/// Runs a Pagefind job on its own runtime. Pagefind panics on some I/O
/// errors (a full disk); that is caught here and reported like any error.
fn run<T, F, Fut>(language: &str, job: F) -> Result<T, Box<Diagnostic>>
where
    F: FnOnce(PagefindIndex) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
    // Keep in step with SETTINGS.
    let config = PagefindServiceConfig::builder().force_language(language.to_string()).keep_index_url(false).build();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| search_error(&e.to_string()))?;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        runtime.block_on(async move {
            let index = PagefindIndex::new(Some(config))?;
            job(index).await
        })
    }));
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(search_error(&e.to_string())),
        Err(panic) => {
            let msg = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(search_error(&msg.unwrap_or_else(|| "Pagefind stopped unexpectedly".into())))
        }
    }
}

/// Removes the files of `bundle` that its entry file does not reach: meta
/// files of other builds, wasm of other languages, and fragment, index and
/// filter files that no meta file names. Returns the number of pages in
/// the index and how many files were removed.
pub fn prune(bundle: &Path) -> std::io::Result<(usize, usize)> {
    let entry: serde_json::Value =
        serde_json::from_slice(&std::fs::read(bundle.join(ENTRY))?).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    let mut keep: HashSet<String> = HashSet::new();
    let mut languages: HashSet<String> = HashSet::new();
    let mut pages = 0;
    for (lang, meta) in entry.get("languages").and_then(|l| l.as_object()).into_iter().flatten() {
        languages.insert(lang.clone());
        pages += meta.get("page_count").and_then(|n| n.as_u64()).unwrap_or(0) as usize;
        let Some(hash) = meta.get("hash").and_then(|h| h.as_str()) else { continue };
        let meta_file = format!("pagefind.{hash}.pf_meta");
        keep.extend(strings_in(&std::fs::read(bundle.join(&meta_file))?)?);
        keep.insert(meta_file);
    }
    let mut removed = 0;
    for rel in output::list_files(bundle)? {
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let stem = name.split('.').next().unwrap_or(name);
        let stale = match rel.split_once('/') {
            Some((dir, _)) if HASHED_DIRS.contains(&dir) => !keep.contains(stem),
            Some(_) => false,
            None if name.ends_with(".pf_meta") => !keep.contains(name),
            None if name.starts_with("wasm.") => !languages.contains(name.trim_start_matches("wasm.").trim_end_matches(".pagefind")),
            None => false,
        };
        if stale {
            std::fs::remove_file(bundle.join(&rel))?;
            removed += 1;
        }
    }
    Ok((pages, removed))
}

/// Every text string in a gzipped Pagefind CBOR file (hashes among them).
fn strings_in(gz: &[u8]) -> std::io::Result<Vec<String>> {
    let mut data = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut data)?;
    let data = data.strip_prefix(b"pagefind_dcd".as_slice()).unwrap_or(&data);
    let mut out = Vec::new();
    for token in minicbor::Decoder::new(data).tokens() {
        match token {
            Ok(minicbor::data::Token::String(s)) => out.push(s.to_string()),
            Ok(_) => {}
            Err(e) => return Err(std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string())),
        }
    }
    Ok(out)
}

fn search_error(msg: &str) -> Box<Diagnostic> {
    Box::new(
        Diagnostic::at_line(crate::config::FILE, 1, 1, format!("building the search index failed: {msg}"))
            .with_hint("build with --no-search to skip the index, and report this as a bug"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stamp(language: &str, pages: &[(&str, &str)]) -> String {
        let f = Fingerprint::default();
        for (rel, body) in pages {
            f.add(rel, body.as_bytes());
        }
        f.stamp(language, &Settings::default())
    }

    #[test]
    fn the_stamp_changes_with_every_input_of_the_index_and_nothing_else() {
        let base = stamp("nl", &[("a/index.html", "<p>een</p>"), ("b/index.html", "<p>twee</p>"), ("style.css", "p{}")]);
        assert_eq!(
            base,
            stamp("nl", &[("b/index.html", "<p>twee</p>"), ("style.css", "p{}"), ("a/index.html", "<p>een</p>")]),
            "order of writing"
        );
        assert_eq!(
            base,
            stamp("nl", &[("a/index.html", "<p>een</p>"), ("b/index.html", "<p>twee</p>"), ("style.css", "p{ }")]),
            "not a page"
        );
        for (what, other) in [
            ("language", stamp("en", &[("a/index.html", "<p>een</p>"), ("b/index.html", "<p>twee</p>")])),
            ("a page's bytes", stamp("nl", &[("a/index.html", "<p>een.</p>"), ("b/index.html", "<p>twee</p>")])),
            ("a page's path", stamp("nl", &[("a/index.html", "<p>een</p>"), ("c/index.html", "<p>twee</p>")])),
            ("a page less", stamp("nl", &[("a/index.html", "<p>een</p>")])),
            ("two pages' bytes swapped", stamp("nl", &[("a/index.html", "<p>twee</p>"), ("b/index.html", "<p>een</p>")])),
        ] {
            assert_ne!(base, other, "{what}");
        }
        assert!(base.contains("language nl\npages 2\n"), "{base}");
        let f = Fingerprint::default();
        f.add("a/index.html", b"<p>een</p>");
        f.add("b/index.html", b"<p>twee</p>");
        assert_ne!(base, f.stamp("nl", &Settings { compounds: false, ..Settings::default() }), "search settings");
    }
}
