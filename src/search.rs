//! Stage 7, search: the written article pages → the Pagefind bundle
//! (`pagefind/…`), built in process with the `pagefind` crate.
//!
//! Pagefind reads the pages from the folder they were written to
//! (`add_directory`, which parses them in parallel); feeding them one by one
//! with `add_html_file` is much slower, since every call scans the pages
//! indexed so far. Only pages with `data-pagefind-body` (the article pages)
//! are indexed, so home, taxonomy, alias and 404 pages stay out. URLs are
//! stored relative to the site (`/vertrouwen/…/`); the search page gives
//! Pagefind the base path to put in front. The language comes from
//! site.yaml, so Dutch gets Dutch stemming.
//!
//! Pagefind's index, fragment and filter files are named by a hash of their
//! content and skipped when they already exist, so a build seeds its staging
//! folder with those files of the previous output ([`crate::output::Staging::seed`])
//! and [`prune`] then removes the ones the new index no longer names.

use std::collections::{BTreeMap, HashSet};
use std::io::Read;
use std::path::Path;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::output::{self, PlanFile};

/// The folder of the search bundle in the output.
pub const BUNDLE: &str = "pagefind";

/// The bundle's content-hashed folders, safe to reuse between builds.
pub const HASHED_DIRS: [&str; 3] = ["fragment", "index", "filter"];

/// What an indexing run did.
#[derive(Debug, Clone, Copy, Default)]
pub struct Indexed {
    pub pages: usize,
    /// Files of an earlier bundle that were no longer named, removed.
    pub pruned: usize,
}

/// Indexes the pages under `site_dir` and writes the bundle to
/// `site_dir/pagefind/`, then removes the files there that the new index
/// does not name.
pub fn write_bundle(language: &str, site_dir: &Path) -> Result<Indexed, Box<Diagnostic>> {
    let bundle = site_dir.join(BUNDLE);
    let (dir, target) = (site_dir.to_string_lossy().into_owned(), bundle.to_string_lossy().into_owned());
    run(language, move |mut index| async move {
        index.add_directory(dir, None).await?;
        index.write_files(Some(target)).await?;
        Ok(())
    })?;
    let (pages, pruned) = prune(&bundle).map_err(|e| search_error(&format!("cleaning up {}: {e}", bundle.display())))?;
    Ok(Indexed { pages, pruned })
}

/// Indexes the pages under `site_dir` and returns the bundle's files in
/// memory, keyed by output path (`pagefind/…`): for the dev server.
pub fn bundle_files(language: &str, site_dir: &Path) -> Result<BTreeMap<String, PlanFile>, Box<Diagnostic>> {
    let dir = site_dir.to_string_lossy().into_owned();
    let files = run(language, move |mut index| async move {
        index.add_directory(dir, None).await?;
        index.get_files().await
    })?;
    Ok(files
        .into_iter()
        .map(|f| {
            let rel = f.filename.to_string_lossy().replace('\\', "/");
            (format!("{BUNDLE}/{}", rel.trim_start_matches('/')), PlanFile::Bytes(f.contents))
        })
        .collect())
}

/// Runs a Pagefind job on its own runtime. Pagefind panics on some I/O
/// errors (a full disk); that is caught here and reported like any error.
fn run<T, F, Fut>(language: &str, job: F) -> Result<T, Box<Diagnostic>>
where
    F: FnOnce(PagefindIndex) -> Fut,
    Fut: std::future::Future<Output = anyhow::Result<T>>,
{
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
    let entry: serde_json::Value = serde_json::from_slice(&std::fs::read(bundle.join("pagefind-entry.json"))?)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
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
