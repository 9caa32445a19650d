//! The link map: every article's URL and every asset's path, known before
//! any body is rendered, so Markdown links to `.md` files can be rewritten
//! to URLs and checked in one pass.

use std::collections::{BTreeSet, HashMap};

/// Where a link in an article body points, once resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolved {
    /// Another article (its index in the site's article list) and an anchor.
    Article { index: usize, anchor: Option<String> },
    /// An anchor in the same article.
    SelfAnchor(String),
    /// A file copied from `articles/`: its path relative to the output root.
    Asset(String),
    /// A site-absolute path (`/zoeken/`), relative to the base URL:
    /// `zoeken/` (query and fragment kept).
    SitePath(String),
    /// Left as it is: external URLs, `mailto:`, `//host/…`.
    External,
}

/// Why a link could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkError {
    MissingArticle(String),
    MissingFile(String),
    OutsideArticles,
    /// The target exists but is a draft and drafts are not built.
    Draft(String),
    /// The target exists but could not be read or parsed; its own error is
    /// reported, so the link is not an error of its own.
    Unreadable(String),
}

/// Article sources (`a/b.md`) → article index, and the asset paths.
#[derive(Debug, Clone, Default)]
pub struct LinkMap {
    articles: HashMap<String, usize>,
    drafts: BTreeSet<String>,
    assets: BTreeSet<String>,
    unreadable: BTreeSet<String>,
}

impl LinkMap {
    pub fn new(
        articles: impl IntoIterator<Item = (String, usize)>,
        drafts: impl IntoIterator<Item = String>,
        assets: impl IntoIterator<Item = String>,
    ) -> Self {
        LinkMap {
            articles: articles.into_iter().collect(),
            drafts: drafts.into_iter().collect(),
            assets: assets.into_iter().collect(),
            unreadable: BTreeSet::new(),
        }
    }

    /// Articles that exist but have errors of their own (see [`LinkError::Unreadable`]).
    pub fn with_unreadable(mut self, rels: impl IntoIterator<Item = String>) -> Self {
        self.unreadable.extend(rels);
        self
    }

    /// Resolves a link destination written in the article at `from`
    /// (`a/b.md`, relative to `articles/`).
    pub fn resolve(&self, from: &str, dest: &str) -> Result<Resolved, LinkError> {
        if dest.starts_with('/') && !dest.starts_with("//") {
            return Ok(Resolved::SitePath(dest.trim_start_matches('/').to_string()));
        }
        if dest.is_empty() || is_external(dest) || dest.starts_with('/') {
            return Ok(Resolved::External);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a.to_string()).filter(|a| !a.is_empty())),
            None => (dest, None),
        };
        let path = path.split_once('?').map_or(path, |(p, _)| p);
        if path.is_empty() {
            return Ok(match anchor {
                Some(a) => Resolved::SelfAnchor(a),
                None => Resolved::External,
            });
        }
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = normalize(dir, &decoded).ok_or(LinkError::OutsideArticles)?;
        if joined.ends_with(".md") {
            if let Some(&index) = self.articles.get(&joined) {
                return Ok(Resolved::Article { index, anchor });
            }
            if self.drafts.contains(&joined) {
                return Err(LinkError::Draft(joined));
            }
            if self.unreadable.contains(&joined) {
                return Err(LinkError::Unreadable(joined));
            }
            return Err(LinkError::MissingArticle(joined));
        }
        if self.assets.contains(&joined) {
            return Ok(Resolved::Asset(joined));
        }
        Err(LinkError::MissingFile(joined))
    }
}

/// `http:`, `mailto:`, `//host`…: anything with a scheme or a network path.
fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// Joins a relative path to a folder, resolving `.` and `..`; `None` when
/// the result leaves the articles folder.
fn normalize(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map() -> LinkMap {
        LinkMap::new([("a/x.md".to_string(), 0), ("b/y.md".to_string(), 1)], ["b/d.md".to_string()], ["a/s.svg".to_string()])
    }

    #[test]
    fn resolves_relative_article_links() {
        let m = map();
        assert_eq!(m.resolve("a/x.md", "../b/y.md#kop"), Ok(Resolved::Article { index: 1, anchor: Some("kop".into()) }));
        assert_eq!(m.resolve("a/x.md", "./s.svg"), Ok(Resolved::Asset("a/s.svg".into())));
        assert_eq!(m.resolve("a/x.md", "#kop"), Ok(Resolved::SelfAnchor("kop".into())));
    }

    #[test]
    fn leaves_external_links() {
        let m = map();
        for d in ["https://x.nl/a.md", "mailto:a@b.nl", "//cdn/x"] {
            assert_eq!(m.resolve("a/x.md", d), Ok(Resolved::External), "{d}");
        }
        assert_eq!(m.resolve("a/x.md", "/zoeken/?q=x"), Ok(Resolved::SitePath("zoeken/?q=x".into())));
    }

    #[test]
    fn reports_missing_targets() {
        let m = map();
        assert_eq!(m.resolve("a/x.md", "z.md"), Err(LinkError::MissingArticle("a/z.md".into())));
        assert_eq!(m.resolve("a/x.md", "../../z.md"), Err(LinkError::OutsideArticles));
        assert_eq!(m.resolve("a/x.md", "../b/d.md"), Err(LinkError::Draft("b/d.md".into())));
        assert_eq!(m.resolve("a/x.md", "nope.png"), Err(LinkError::MissingFile("a/nope.png".into())));
    }
}
