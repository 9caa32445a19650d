//! What a web server needs beside the pages: the `web.config` that makes
//! the output work on IIS as it is (spec section 14), and the
//! Content-Security-Policy the default theme needs, which the documented
//! nginx and Apache configurations (docs/deploy/) send as well.
//!
//! IIS serves only files whose extension it has a MIME type for: Pagefind's
//! `.pf_meta`, `.pf_fragment`, `.pf_index`, `.pf_filter` and `.pagefind`
//! files would be 404s and search would die silently. So `web.config` maps
//! every extension the output has. A `mimeMap` for an extension IIS already
//! knows (`.svg`, `.xml`, on newer versions `.json`) fails the whole site
//! with error 500.19 unless a `remove` for it comes first, so each map is
//! preceded by one. Other servers ignore the file. A site that has its own
//! `static/web.config` keeps it: the pipeline adds this one only when no
//! other file has that path.

use std::collections::{BTreeMap, BTreeSet};

use crate::output::PlanFile;

/// The file's path in the output.
pub const WEB_CONFIG: &str = "web.config";

/// The Content-Security-Policy the default theme works under (the browser
/// tests load every page kind under it): no inline scripts or styles;
/// WebAssembly and a worker for Pagefind; images from the site and `data:`
/// URLs. Article images from other hosts need `img-src` widened.
pub const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; style-src 'self'; \
img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// The extensions of the search bundle's files (`pagefind/`), which the
/// pipeline does not see: the search stage writes them after it.
pub const SEARCH_EXTENSIONS: [&str; 8] = ["css", "js", "json", "pagefind", "pf_filter", "pf_fragment", "pf_index", "pf_meta"];

/// The folders of the search bundle whose files are named by a hash of
/// their content, so a browser may keep them for a year.
pub const HASHED_DIRS: [&str; 3] = ["pagefind/fragment", "pagefind/index", "pagefind/filter"];

/// Adds `web.config` to the copied files unless the site has its own (in
/// `static/`, or beside the articles). `pages` are the other output paths
/// (a `web.config` among them is ignored). The search bundle's extensions
/// are always mapped, so the file is the same with or without
/// `--no-search` (and in `serve`, which always indexes).
pub fn add_web_config(copied: &mut BTreeMap<String, PlanFile>, pages: &[String], base_path: &str) {
    if copied.contains_key(WEB_CONFIG) {
        return;
    }
    let mut extensions: BTreeSet<String> = pages.iter().chain(copied.keys()).filter_map(|p| extension(p)).collect();
    extensions.extend(SEARCH_EXTENSIONS.iter().map(|e| e.to_string()));
    copied.insert(WEB_CONFIG.to_string(), PlanFile::Bytes(web_config(base_path, &extensions).into_bytes()));
}

/// The extension IIS sees of an output path: lowercase, none for dot files
/// (`.leidraad-manifest`, never meant to be served) and `web.config` itself.
pub fn extension(path: &str) -> Option<String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let (stem, ext) = name.rsplit_once('.')?;
    if stem.is_empty() || ext.is_empty() || name == WEB_CONFIG {
        return None;
    }
    Some(ext.to_ascii_lowercase())
}

/// The MIME type `web.config` gives an extension.
pub fn mime_type(ext: &str) -> String {
    match ext {
        "html" | "htm" => "text/html; charset=utf-8".into(),
        "css" => "text/css; charset=utf-8".into(),
        "js" | "mjs" => "text/javascript; charset=utf-8".into(),
        "json" => "application/json; charset=utf-8".into(),
        "xml" => "application/xml; charset=utf-8".into(),
        "svg" => "image/svg+xml".into(),
        "wasm" => "application/wasm".into(),
        "txt" | "md" => "text/plain; charset=utf-8".into(),
        // Pagefind's index files (gzip data its script reads).
        "pagefind" | "pf_meta" | "pf_fragment" | "pf_index" | "pf_filter" => "application/octet-stream".into(),
        other => mime_guess::from_ext(other).first_raw().unwrap_or("application/octet-stream").to_string(),
    }
}

/// The text of `web.config` for a site under `base_path` (`/` or `/hr/kb/`)
/// whose files have these extensions.
pub fn web_config(base_path: &str, extensions: &BTreeSet<String>) -> String {
    let mut maps = String::new();
    for ext in extensions {
        let ext = xml_escape(ext);
        maps.push_str(&format!("      <remove fileExtension=\".{ext}\" />\n"));
        maps.push_str(&format!("      <mimeMap fileExtension=\".{ext}\" mimeType=\"{}\" />\n", xml_escape(&mime_type(&ext))));
    }
    let mut locations = String::new();
    for dir in HASHED_DIRS {
        locations.push_str(&format!(
            "  <location path=\"{dir}\">\n    <system.webServer>\n      <staticContent>\n        \
             <clientCache cacheControlMode=\"UseMaxAge\" cacheControlMaxAge=\"365.00:00:00\" />\n      \
             </staticContent>\n    </system.webServer>\n  </location>\n"
        ));
    }
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by leidraad build for IIS: the MIME type of every kind of file
     in this site, the 404 page, cache lifetimes and the security policy the
     theme needs. Other web servers ignore this file. To change it, put your
     own web.config in the site's static/ folder. -->
<configuration>
  <system.webServer>
    <staticContent>
{maps}      <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="0.00:10:00" />
    </staticContent>
    <defaultDocument enabled="true">
      <files>
        <remove value="index.html" />
        <add value="index.html" />
      </files>
    </defaultDocument>
    <httpErrors errorMode="Custom" existingResponse="Replace">
      <remove statusCode="404" subStatusCode="-1" />
      <error statusCode="404" path="{base}404.html" responseMode="ExecuteURL" />
    </httpErrors>
    <httpProtocol>
      <customHeaders>
        <remove name="Content-Security-Policy" />
        <add name="Content-Security-Policy" value="{csp}" />
        <remove name="X-Content-Type-Options" />
        <add name="X-Content-Type-Options" value="nosniff" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
{locations}</configuration>
"#,
        base = xml_escape(base_path),
        csp = xml_escape(CSP),
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;").replace('\'', "&apos;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_skip_dot_files_and_web_config() {
        assert_eq!(extension("a/b/index.html").as_deref(), Some("html"));
        assert_eq!(extension("pagefind/fragment/nl_1a2b.pf_fragment").as_deref(), Some("pf_fragment"));
        assert_eq!(extension("team/Schema.SVG").as_deref(), Some("svg"));
        assert_eq!(extension(".leidraad-manifest"), None);
        assert_eq!(extension("LICENSE"), None);
        assert_eq!(extension("web.config"), None);
    }

    #[test]
    fn every_mime_map_follows_a_remove_for_its_extension() {
        let exts: BTreeSet<String> = ["svg", "pf_meta", "html"].iter().map(|s| s.to_string()).collect();
        let text = web_config("/hr/kb/", &exts);
        for ext in &exts {
            let remove = text.find(&format!("<remove fileExtension=\".{ext}\" />")).unwrap();
            let map = text.find(&format!("<mimeMap fileExtension=\".{ext}\"")).unwrap();
            assert!(remove < map, "{ext}");
        }
        assert!(text.contains(r#"path="/hr/kb/404.html""#));
        assert!(text.contains("&apos;self&apos;"), "the policy is escaped");
    }

    #[test]
    fn a_sites_own_web_config_wins() {
        let mut copied = BTreeMap::new();
        copied.insert(WEB_CONFIG.to_string(), PlanFile::Bytes(b"mine".to_vec()));
        add_web_config(&mut copied, &["index.html".into()], "/");
        assert!(matches!(&copied[WEB_CONFIG], PlanFile::Bytes(b) if b == b"mine"));
    }
}
