//! `build --portable` (spec section 13): an output stage, run on the
//! staging folder after the search stage, that makes the site work when it
//! is opened from disk (`file://`: a network share, a zip, a USB stick) as
//! well as from any web server, under any path.
//!
//! - Every page's internal links become relative and name `index.html`
//!   ([`links`]); the templates are not touched.
//! - Search: Chromium refuses `fetch()` and module `import()` from
//!   `file://`, which is how Pagefind loads its script, WebAssembly and
//!   index. Every file of the search bundle is also written as a classic
//!   script under `pagefind/portable/` (its bytes in base64, about 4/3 of
//!   the size), which a page on disk may load, and the search page loads
//!   `pagefind/portable/shim.js` first: it answers Pagefind's requests for
//!   bundle files from those scripts, one file when Pagefind asks for it,
//!   so a query loads what it would load over HTTP. The index itself is
//!   Pagefind's, so stemming, diacritics, filters, synonyms and compounds
//!   are what they are on a server. See docs/deploy.md for the figures.
//!
//! A build without `--portable` over a portable one's output removes
//! `pagefind/portable/` again ([`clear`]).

pub mod links;

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use base64::Engine;

use crate::config::BaseUrl;
use crate::output::{self, Staging, BUNDLE};
use crate::Fatal;

/// The folder of the bundle's script copies, under the output root.
pub const DATA_DIR: &str = "pagefind/portable";

/// The search page's loader (see the module doc).
const SHIM: &str = include_str!("shim.js");
/// The default theme's search engine module, and its name among the data.
const ENGINE: &str = "search-engine/pagefind.js";
const ENGINE_DATA: &str = "leidraad-engine.js";

/// What the stage did.
#[derive(Debug, Default)]
pub struct Portable {
    pub pages: usize,
    /// Bundle files written as scripts, and their size in bytes.
    pub data_files: usize,
    pub data_bytes: u64,
}

/// Rewrites the pages in `staging` and, when it holds a search bundle,
/// writes its script copies.
pub fn apply(staging: &Staging, base: &BaseUrl) -> Result<Portable, Fatal> {
    let dir = staging.dir();
    let files = output::list_files(dir).map_err(|source| Fatal::Io { path: dir.to_path_buf(), source })?;
    let bundle_prefix = format!("{BUNDLE}/");
    let folders: HashSet<String> = files.iter().filter_map(|f| f.strip_suffix("/index.html")).map(str::to_string).collect();
    let site = links::SiteUrls { origin: &base.origin, base_path: &base.path, folders: &folders };
    let search = dir.join(BUNDLE).join("pagefind-entry.json").is_file();
    let mut done = Portable::default();
    for page in files.iter().filter(|f| f.ends_with(".html") && !f.starts_with(&bundle_prefix)) {
        let path = dir.join(page);
        let html = std::fs::read_to_string(&path).map_err(|source| Fatal::Io { path: path.clone(), source })?;
        let mut out = links::rewrite_page(&html, page, &site);
        if search && html.contains("pagefind-ui.js") {
            out = load_shim(&out, page, dir.join(ENGINE).is_file());
        }
        staging.write(page, out.as_bytes())?;
        done.pages += 1;
    }
    if search {
        let (n, bytes) = write_data(staging, &files)?;
        done.data_files = n;
        done.data_bytes = bytes;
    } else {
        clear(staging)?;
    }
    Ok(done)
}

/// The search page with the shim and pagefind.js's data loaded before its
/// own scripts run (they are deferred; these are not).
fn load_shim(html: &str, page: &str, engine: bool) -> String {
    let up = links::up_to_root(page);
    let mut tags = format!("<script src=\"{up}{DATA_DIR}/shim.js\"></script><script src=\"{up}{DATA_DIR}/pagefind.js.js\"></script>");
    if engine {
        tags.push_str(&format!("<script src=\"{up}{DATA_DIR}/{ENGINE_DATA}.js\"></script>"));
    }
    match html.find("</head>") {
        Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
        None => html.to_string(),
    }
}

/// Writes `pagefind/portable/<file>.js` for every bundle file Pagefind
/// loads with fetch() or import(), and the shim; removes the copies of
/// files the bundle no longer has. Returns the count and bytes written.
fn write_data(staging: &Staging, files: &[String]) -> Result<(usize, u64), Fatal> {
    let dir = staging.dir();
    let bundle_prefix = format!("{BUNDLE}/");
    let data_prefix = format!("{DATA_DIR}/");
    let wanted: Vec<&str> = files
        .iter()
        .filter(|f| !f.starts_with(&data_prefix))
        .filter_map(|f| f.strip_prefix(&bundle_prefix))
        .filter(|name| loaded_by_pagefind(name))
        .collect();
    let mut written = BTreeSet::new();
    let mut bytes = 0u64;
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| Fatal::Io { path, source }
    };
    for name in &wanted {
        let src = dir.join(BUNDLE).join(name);
        let data = std::fs::read(&src).map_err(io(&src))?;
        let text = format!(
            "leidraadPortable.put({},\"{}\");\n",
            serde_json::to_string(name).unwrap_or_default(),
            base64::engine::general_purpose::STANDARD.encode(&data)
        );
        let rel = format!("{DATA_DIR}/{name}.js");
        let target = dir.join(&rel);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(io(parent))?;
        }
        staging.write(&rel, text.as_bytes())?;
        bytes += text.len() as u64;
        written.insert(rel);
    }
    // The theme's search engine (Dutch synonyms, typos, compound queries),
    // a module that imports pagefind.js: from disk the shim loads it from a
    // blob: URL too.
    let engine = dir.join(ENGINE);
    if engine.is_file() {
        let data = std::fs::read(&engine).map_err(io(&engine))?;
        let text = format!("leidraadPortable.put(\"{ENGINE_DATA}\",\"{}\");\n", base64::engine::general_purpose::STANDARD.encode(&data));
        let rel = format!("{DATA_DIR}/{ENGINE_DATA}.js");
        staging.write(&rel, text.as_bytes())?;
        bytes += text.len() as u64;
        written.insert(rel);
    }
    let shim = format!("{DATA_DIR}/shim.js");
    staging.write(&shim, SHIM.as_bytes())?;
    written.insert(shim);
    for stale in files.iter().filter(|f| f.starts_with(&data_prefix) && !written.contains(*f)) {
        let path = dir.join(stale);
        std::fs::remove_file(&path).map_err(io(&path))?;
    }
    Ok((written.len() - 1, bytes))
}

/// Whether Pagefind's script fetches or imports this bundle file (its
/// other scripts and styles are loaded by `<script>` and `<link>`, which
/// work from disk).
fn loaded_by_pagefind(name: &str) -> bool {
    if name.ends_with(".css") {
        return false;
    }
    !name.ends_with(".js") || name == "pagefind.js"
}

/// Removes the script copies a portable build left in a reused folder.
pub fn clear(staging: &Staging) -> Result<(), Fatal> {
    let path = staging.dir().join(DATA_DIR);
    match std::fs::remove_dir_all(&path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(Fatal::Io { path, source: e }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_pagefind_fetches_is_wrapped() {
        for name in ["pagefind.js", "pagefind-entry.json", "wasm.nl.pagefind", "pagefind.nl_1a.pf_meta", "fragment/nl_2b.pf_fragment"] {
            assert!(loaded_by_pagefind(name), "{name}");
        }
        for name in ["pagefind-ui.js", "pagefind-ui.css", "pagefind-worker.js", "pagefind-highlight.js"] {
            assert!(!loaded_by_pagefind(name), "{name}");
        }
    }

    #[test]
    fn the_shim_goes_before_the_end_of_head() {
        let html = "<html><head><script src=\"../pagefind/pagefind-ui.js\" defer></script></head><body></body></html>";
        let out = load_shim(html, "zoeken/index.html", false);
        assert!(out.contains(
            "defer></script><script src=\"../pagefind/portable/shim.js\"></script><script src=\"../pagefind/portable/pagefind.js.js\"></script></head>"
        ));
    }
}
