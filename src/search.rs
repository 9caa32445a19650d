//! Stage 7, search: the rendered article pages of an [`OutputPlan`] → the
//! Pagefind bundle (`pagefind/…` files), built in process with the
//! `pagefind` crate. Only article pages are fed: they carry
//! `data-pagefind-body`, and the home and taxonomy pages are not indexed.
//! The language comes from site.yaml, so Dutch gets Dutch stemming.

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::diagnostics::Diagnostic;
use crate::output::{OutputPlan, PlanFile};
use crate::site::Site;

/// The folder of the search bundle in the output.
pub const BUNDLE: &str = "pagefind";

/// Indexes every article page of the plan and returns the bundle's files.
pub fn index(site: &Site, plan: &OutputPlan) -> Result<BTreeMap<String, PlanFile>, Vec<Diagnostic>> {
    let pages: Vec<(String, String)> = site
        .articles
        .iter()
        .filter_map(|a| {
            let html = match plan.files.get(&a.output_path())? {
                PlanFile::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
                _ => return None,
            };
            Some((site.config.base_url.path_to(&a.url), html))
        })
        .collect();
    index_pages(&site.config.language, pages)
}

/// Indexes pages given as (URL, HTML) and returns the bundle's files,
/// keyed by output path (`pagefind/…`).
pub fn index_pages(language: &str, pages: Vec<(String, String)>) -> Result<BTreeMap<String, PlanFile>, Vec<Diagnostic>> {
    let language = language.to_string();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| vec![search_error(&e.to_string())])?;
    let files = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder().force_language(language).keep_index_url(false).build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index.add_html_file(None, Some(url), html).await.map_err(|e| e.to_string())?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    });
    let files = files.map_err(|e| vec![search_error(&e)])?;
    Ok(files
        .into_iter()
        .map(|f| {
            let rel = f.filename.to_string_lossy().replace('\\', "/");
            (format!("{BUNDLE}/{}", rel.trim_start_matches('/')), PlanFile::Bytes(f.contents))
        })
        .collect())
}

fn search_error(msg: &str) -> Diagnostic {
    Diagnostic::at_line(crate::config::FILE, 1, 1, format!("building the search index failed: {msg}"))
        .with_hint("build with --no-search to skip the index, and report this as a bug")
}
