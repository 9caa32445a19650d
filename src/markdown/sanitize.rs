//! Raw HTML in Markdown, made safe: the rendered body of an article that
//! contains raw HTML goes through ammonia with an allow-list that keeps
//! everything leidraad's own renderer emits (heading ids and self-links,
//! callouts, definition lists, task-list checkboxes, footnotes, tables with
//! alignment, images) and drops the rest: `<script>`, `<style>`,
//! `<iframe>`, event handlers (`onerror=`), forms, and URLs of any scheme
//! but the usual web ones.
//!
//! Independently of that, [`safe_url`] refuses `javascript:`, `vbscript:`
//! and `data:` URLs in Markdown links and images always, even on a site
//! that turns the sanitiser off with `raw_html: true` in site.yaml (its
//! team then vouches for the raw HTML it writes).

use std::collections::HashSet;
use std::sync::LazyLock;

/// Tags leidraad's renderer emits that ammonia's defaults leave out.
const OWN_TAGS: [&str; 3] = ["input", "label", "section"];

/// Attributes any allowed tag may carry.
const GENERIC: [&str; 5] = ["class", "id", "role", "title", "lang"];

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags(OWN_TAGS)
        .add_generic_attributes(GENERIC)
        .add_generic_attribute_prefixes(["aria-", "data-"])
        .add_tag_attributes("input", ["type", "checked", "disabled"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tag_attributes("img", ["loading", "decoding"])
        .add_tag_attributes("a", ["rel"])
        .filter_style_properties(HashSet::from(["text-align"]))
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .strip_comments(true);
    // Only checkboxes: an `<input>` of another type could be a form field.
    b.set_tag_attribute_value("input", "type", "checkbox");
    b
});

/// Sanitises rendered HTML (see the module docs).
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

/// Whether a link or image URL may be published: not `javascript:`,
/// `vbscript:` or `data:`, however written (browsers ignore case, and
/// tabs, newlines and other control characters inside a scheme).
pub fn safe_url(url: &str) -> bool {
    let scheme: String = url
        .chars()
        .filter(|c| !c.is_ascii_control() && *c != ' ')
        .take_while(|&c| c != ':')
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let has_colon = url.contains(':');
    !(has_colon && matches!(scheme.as_str(), "javascript" | "vbscript" | "data"))
}

/// Markdown that is not an article (descriptions in site.yaml) → HTML,
/// with the same rules as an article body: unsafe URLs point nowhere, raw
/// HTML is sanitised (always: `raw_html` is about articles).
pub fn markdown_html(md: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut raw = false;
    let events = Parser::new_ext(md, super::options()).map(|e| match e {
        Event::Start(Tag::Link { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Link { link_type, dest_url: "#".into(), title, id })
        }
        Event::Start(Tag::Image { link_type, dest_url, title, id }) if !safe_url(&dest_url) => {
            Event::Start(Tag::Image { link_type, dest_url: "#".into(), title, id })
        }
        Event::Html(_) | Event::InlineHtml(_) => {
            raw = true;
            e
        }
        other => other,
    });
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events);
    if raw {
        html = clean(&html);
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dangerous_schemes_are_refused_however_written() {
        for bad in ["javascript:alert(1)", "JaVaScRiPt:x", " java\tscript:x", "\u{1}javascript:x", "vbscript:x", "data:text/html,x"] {
            assert!(!safe_url(bad), "{bad:?}");
        }
        for good in ["https://x.nl/a:b", "../a.md", "#kop", "mailto:a@b.nl", "/pad/data:x", "javascript-uitleg/"] {
            assert!(safe_url(good), "{good:?}");
        }
    }

    #[test]
    fn scripts_handlers_and_bad_urls_are_removed() {
        let dirty = r#"<p>a<script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">b</a><iframe src="https://x"></iframe><svg onload=alert(4)></svg><input type="text" value="x"><style>*{}</style></p>"#;
        let c = clean(dirty);
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<svg", "onload", "type=\"text\"", "<style"] {
            assert!(!c.contains(bad), "{bad} in {c}");
        }
        assert!(c.contains("<img src=\"x\">"), "{c}");
    }

    #[test]
    fn descriptions_follow_the_same_rules() {
        let h = markdown_html("Een **term** <img src=x onerror=alert(1)> [x](javascript:alert(2))");
        assert!(h.contains("<strong>term</strong>") && !h.contains("onerror") && !h.contains("javascript"), "{h}");
    }
}
