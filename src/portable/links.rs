//! Internal links made relative, naming `index.html`: what a page needs to
//! work when opened from disk, where `/vertrouwen/` is the root of the
//! drive and a folder shows a directory listing at best. Pure string work
//! on the rendered HTML and on `/`-separated output paths, so it behaves
//! the same on every platform.
//!
//! Rewritten: the values of `href`, `src`, `action`, `poster`,
//! `data-bundle` and `data-base` attributes, and the URL of a
//! `<meta http-equiv="refresh">`, when they point into the site (they start
//! with the base URL, absolute or path-only). External links, `mailto:`,
//! fragments and links that are relative already are left as they are, as
//! is the text of `<script>` and `<style>` elements and of comments.

use std::collections::HashSet;

/// Where the site lives, as its pages link to it.
pub struct SiteUrls<'a> {
    /// `https://host` for an absolute base_url, else empty.
    pub origin: &'a str,
    /// The base path, starting and ending with `/`.
    pub base_path: &'a str,
    /// Output folders that hold an `index.html` (`vertrouwen/knikkerpot`),
    /// for links that name a folder without its trailing slash.
    pub folders: &'a HashSet<String>,
}

const ATTRIBUTES: [&str; 4] = ["href", "src", "action", "poster"];

/// Attributes that hold a folder to which the theme's script appends file
/// names: made relative, without `index.html`.
const FOLDER_ATTRIBUTES: [&str; 2] = ["data-bundle", "data-base"];

/// The page at output path `page` (`a/b/index.html`) with its internal
/// links made relative.
pub fn rewrite_page(html: &str, page: &str, site: &SiteUrls) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        let end = if rest.starts_with("<!--") { rest.find("-->").map_or(rest.len(), |i| i + 3) } else { tag_end(rest) };
        let tag = &rest[..end];
        if tag.starts_with("<!--") || tag.starts_with("</") {
            out.push_str(tag);
        } else {
            rewrite_tag(tag, page, site, &mut out);
        }
        rest = &rest[end..];
        // The text of a script or style element is not markup.
        if let Some(name) = raw_text_element(tag) {
            let close = rest.to_ascii_lowercase().find(&format!("</{name}")).unwrap_or(rest.len());
            out.push_str(&rest[..close]);
            rest = &rest[close..];
        }
    }
    out.push_str(rest);
    out
}

/// `script` or `style` for an opening tag of one of those elements.
fn raw_text_element(tag: &str) -> Option<&'static str> {
    ["script", "style"].into_iter().find(|name| {
        tag.get(1..1 + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name))
            && tag.as_bytes().get(1 + name.len()).is_some_and(|b| matches!(b, b' ' | b'>' | b'\t' | b'\n' | b'/'))
    })
}

/// The length of the tag at the start of `s` (up to and including its
/// `>`, quotes respected), or all of `s` if it never ends.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, b) in s.bytes().enumerate().skip(1) {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if b == q => quote = None,
            (None, b'>') => return i + 1,
            _ => {}
        }
    }
    s.len()
}

/// Copies one tag to `out`, rewriting the values of link attributes.
fn rewrite_tag(tag: &str, page: &str, site: &SiteUrls, out: &mut String) {
    let refresh = tag.to_ascii_lowercase().contains("http-equiv=\"refresh\"");
    let mut rest = tag;
    while let Some((before, name, quote, value, after)) = next_attribute(rest) {
        out.push_str(before);
        let lname = name.to_ascii_lowercase();
        let new = if FOLDER_ATTRIBUTES.contains(&lname.as_str()) {
            relative_url(value, page, site).map(|u| u.trim_end_matches("index.html").to_string())
        } else if ATTRIBUTES.contains(&lname.as_str()) {
            relative_url(value, page, site)
        } else if refresh && lname == "content" {
            refresh_url(value, page, site)
        } else {
            None
        };
        out.push_str(name);
        out.push('=');
        out.push_str(quote);
        out.push_str(new.as_deref().unwrap_or(value));
        out.push_str(quote);
        rest = after;
    }
    out.push_str(rest);
}

/// The next `name="value"` (or `'value'`) in a tag: the text before it, the
/// name, the quote, the value and the text after it.
fn next_attribute(s: &str) -> Option<(&str, &str, &'static str, &str, &str)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        if bytes[i] == b'=' {
            let name_end = i;
            let name_start = s[..name_end].rfind(|c: char| c.is_whitespace() || c == '<').map_or(0, |p| p + 1);
            let quote = match bytes.get(i + 1) {
                Some(b'"') => "\"",
                Some(b'\'') => "'",
                _ => {
                    i += 1;
                    continue;
                }
            };
            let value_start = i + 2;
            let value_end = s[value_start..].find(quote).map(|p| value_start + p)?;
            return Some((&s[..name_start], &s[name_start..name_end], quote, &s[value_start..value_end], &s[value_end + 1..]));
        }
        if bytes[i] == b'"' || bytes[i] == b'\'' {
            // A quoted stretch that is not a value (malformed): skip it.
            let q = bytes[i];
            i += s[i + 1..].bytes().position(|b| b == q).map_or(bytes.len(), |p| p + 2);
            continue;
        }
        i += 1;
    }
    None
}

/// `0; url=/x/` → `0; url=../x/index.html`.
fn refresh_url(value: &str, page: &str, site: &SiteUrls) -> Option<String> {
    let at = value.to_ascii_lowercase().find("url=")? + 4;
    let new = relative_url(&value[at..], page, site)?;
    Some(format!("{}{new}", &value[..at]))
}

/// An internal URL as a link relative to the page at `page` that names
/// its file; `None` for a URL that is not internal.
pub fn relative_url(url: &str, page: &str, site: &SiteUrls) -> Option<String> {
    let in_site = if !site.origin.is_empty() && url.starts_with(site.origin) { &url[site.origin.len()..] } else { url };
    if in_site.starts_with("//") {
        return None;
    }
    let target = in_site.strip_prefix(site.base_path).or_else(|| (in_site.to_string() + "/" == site.base_path).then_some(""))?;
    let split = target.find(['?', '#']).unwrap_or(target.len());
    let (path, suffix) = target.split_at(split);
    let mut path = path.to_string();
    let decoded = percent_encoding::percent_decode_str(&path).decode_utf8_lossy().into_owned();
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    } else if site.folders.contains(&decoded) {
        path.push_str("/index.html");
    }
    Some(format!("{}{path}{suffix}", up_to_root(page)))
}

/// `../` once per folder of `page` (`a/b/index.html` → `../../`); `./` at
/// the root, so that a link never starts with a `:` or is empty.
pub fn up_to_root(page: &str) -> String {
    let depth = page.matches('/').count();
    if depth == 0 {
        "./".to_string()
    } else {
        "../".repeat(depth)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with<T>(origin: &str, base: &str, f: impl FnOnce(&SiteUrls) -> T) -> T {
        let folders: HashSet<String> = ["oud/pad", "Beleid en regels/verlof"].iter().map(|s| s.to_string()).collect();
        f(&SiteUrls { origin, base_path: base, folders: &folders })
    }

    #[test]
    fn internal_links_become_relative_and_name_index_html() {
        with("", "/", |s| {
            assert_eq!(relative_url("/", "index.html", s).as_deref(), Some("./index.html"));
            assert_eq!(relative_url("/vertrouwen/x/", "a/b/index.html", s).as_deref(), Some("../../vertrouwen/x/index.html"));
            assert_eq!(relative_url("/vertrouwen/x/#kop", "zoeken/index.html", s).as_deref(), Some("../vertrouwen/x/index.html#kop"));
            assert_eq!(
                relative_url("/zoeken/?pillars=A%20%2B%20B", "p/t/index.html", s).as_deref(),
                Some("../../zoeken/index.html?pillars=A%20%2B%20B")
            );
            assert_eq!(relative_url("/style.css", "404.html", s).as_deref(), Some("./style.css"));
            assert_eq!(relative_url("/oud/pad", "index.html", s).as_deref(), Some("./oud/pad/index.html"));
            assert_eq!(
                relative_url("/Beleid%20en%20regels/verlof", "index.html", s).as_deref(),
                Some("./Beleid%20en%20regels/verlof/index.html")
            );
        });
    }

    #[test]
    fn other_links_are_left_alone() {
        with("https://intranet.example.nl", "/hr/kb/", |s| {
            assert_eq!(relative_url("https://intranet.example.nl/hr/kb/x/", "index.html", s).as_deref(), Some("./x/index.html"));
            assert_eq!(relative_url("/hr/kb", "a/index.html", s).as_deref(), Some("../index.html"));
            for url in ["https://example.org/", "//cdn.example.org/x.js", "mailto:hr@example.nl", "#kop", "../x/", "schema.svg", "/elders/"]
            {
                assert_eq!(relative_url(url, "a/index.html", s), None, "{url}");
            }
        });
    }

    #[test]
    fn pages_are_rewritten_in_markup_only() {
        let html = "<html><head><link rel=\"stylesheet\" href=\"/style.css\"><script src=\"/theme.js\"></script>\
            <script>var u = \"/x/\"; if (a<b) location.href='/y/';</script>\
            <meta http-equiv=\"refresh\" content=\"0; url=/team/x/\"></head>\
            <body><!-- <a href=\"/c/\"> --><a class='x' href='/team/'>team</a> a &lt; b <a href=\"https://e.org/\">e</a>\
            <form action=\"/zoeken/\" role=\"search\"></form><div id=\"search\" data-bundle=\"/pagefind/\" data-base=\"/\"></div></body></html>";
        let out = with("", "/", |s| rewrite_page(html, "a/b/index.html", s));
        assert!(out.contains("href=\"../../style.css\""), "{out}");
        assert!(out.contains("<script src=\"../../theme.js\"></script>"), "{out}");
        assert!(out.contains("var u = \"/x/\"; if (a<b) location.href='/y/';"), "script text untouched: {out}");
        assert!(out.contains("content=\"0; url=../../team/x/index.html\""), "{out}");
        assert!(out.contains("<!-- <a href=\"/c/\"> -->"), "{out}");
        assert!(out.contains("href='../../team/index.html'"), "{out}");
        assert!(out.contains("href=\"https://e.org/\""), "{out}");
        assert!(out.contains("action=\"../../zoeken/index.html\""), "{out}");
        assert!(out.contains("data-bundle=\"../../pagefind/\" data-base=\"../../\""), "{out}");
    }
}
