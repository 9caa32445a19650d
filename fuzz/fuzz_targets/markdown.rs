//! Markdown with links: any body rendered in a site of three articles and
//! an asset, with link rewriting, heading ids, the sanitiser and every
//! diagnostic rendered. No `javascript:` URL may come out.
#![no_main]

use std::sync::Arc;

use leidraad::config::BaseUrl;
use leidraad::content::{front_matter, SourceFile};
use leidraad::markdown::{self, Labels, LinkContext, LinkMap};
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else { return };
    let head = "---\ntitle: x\ndate: 2026-01-01\n---\n";
    let source = SourceFile { rel: "a/x.md".into(), text: Arc::from(format!("{head}{body}")) };
    let Ok(article) = front_matter::parse(&source, common::config()) else { return };
    let map = LinkMap::new([("a/x.md".into(), 0), ("b/y.md".into(), 1), ("c.md".into(), 2)], ["d/draft.md".into()], ["a/s.svg".into()]);
    let urls = vec!["/kb/a/x/".to_string(), "/kb/b/y/".to_string(), "/kb/c/".to_string()];
    let base = BaseUrl::parse("/kb/").expect("valid base");
    let raw_html = body.len() % 2 == 0;
    let (out, diags) = markdown::render(&article, &LinkContext { map: &map, urls: &urls, base: &base, labels: &Labels::default(), raw_html });
    if !raw_html {
        let lower = out.html.to_ascii_lowercase();
        assert!(!lower.contains("<script"), "a script tag got through: {}", out.html);
    }
    for d in diags {
        let _ = d.render_plain();
    }
});
