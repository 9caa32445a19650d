//! The resolved site model shared by the later stages: [`Article`] (front
//! matter, URL and rendered body together) and [`Site`] (config, articles,
//! taxonomy index, assets). Values are built once per build and not mutated;
//! the dev server replaces them wholesale or per article.

use crate::config::SiteConfig;
use crate::content::front_matter::FrontMatter;
use crate::content::Asset;
use crate::markdown::Rendered;

/// An article ready for the taxonomy and render stages.
#[derive(Debug, Clone)]
pub struct Article {
    /// Source path relative to `articles/` (`a/b.md`).
    pub rel: String,
    /// The source file's text, for diagnostics found after parsing.
    pub text: std::sync::Arc<str>,
    /// The folder relative to `articles/` (`a/b`, or empty).
    pub folder: String,
    pub slug: String,
    /// The URL relative to the base URL (`a/b/slug/`).
    pub url: String,
    pub meta: std::sync::Arc<FrontMatter>,
    pub body: std::sync::Arc<Rendered>,
    /// Front matter summary, else the first paragraph as plain text.
    pub summary: String,
}

impl Article {
    /// Newest first, then title, then URL: the order of every article list.
    pub fn newest_first(a: &Article, b: &Article) -> std::cmp::Ordering {
        b.meta.date.timestamp().cmp(&a.meta.date.timestamp()).then_with(|| a.meta.title.cmp(&b.meta.title)).then_with(|| a.url.cmp(&b.url))
    }

    /// Whether two articles are the same in every field (the shared parts
    /// compared by pointer, then by value): what a card is made from.
    pub fn same_as(&self, other: &Article) -> bool {
        use std::sync::Arc;
        self.rel == other.rel
            && (Arc::ptr_eq(&self.text, &other.text) || self.text == other.text)
            && self.folder == other.folder
            && self.slug == other.slug
            && self.url == other.url
            && (Arc::ptr_eq(&self.meta, &other.meta) || self.meta == other.meta)
            && Arc::ptr_eq(&self.body, &other.body)
            && self.summary == other.summary
    }

    /// The output file of the article page: its URL, decoded.
    pub fn output_path(&self) -> String {
        format!("{}index.html", percent_encoding::percent_decode_str(&self.url).decode_utf8_lossy())
    }
}

/// Everything the render stage needs, immutable once built.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Published articles, sorted by source path.
    pub articles: Vec<Article>,
    /// Shared with the dev server's cache, which keeps it between runs.
    pub index: std::sync::Arc<Index>,
    pub assets: Vec<Asset>,
    /// The drafts left out of this run (none with `--drafts`), for the
    /// editorial report.
    pub drafts: Vec<Draft>,
    /// Every folder under `articles/` with a page, sorted by path.
    pub folders: Vec<Folder>,
}

/// A folder of articles with its own page (spec section 10).
#[derive(Debug, Clone, PartialEq)]
pub struct Folder {
    /// Relative to `articles/`, `/`-separated, never empty: `a/b`.
    pub path: String,
    /// The URL relative to the base URL (`a/b/`), percent-encoded.
    pub url: String,
    pub title: String,
    pub description: String,
    /// The introduction from `_index.md`, rendered.
    pub intro_html: String,
    pub weight: i64,
    /// The `_index.md`, relative to `articles/`, if the folder has one.
    pub source: Option<String>,
    pub parent: Option<usize>,
    /// Sub-folders, in order (weight, title).
    pub folders: Vec<usize>,
    /// The folder's own articles, newest first.
    pub articles: Vec<usize>,
    /// Articles in this folder and every folder below it.
    pub total: usize,
}

impl Folder {
    /// The output file of the folder page: its URL, decoded.
    pub fn output_path(&self) -> String {
        format!("{}/index.html", self.path)
    }
}

impl Site {
    /// The folder at a path relative to `articles/`.
    pub fn folder(&self, path: &str) -> Option<usize> {
        self.folders.binary_search_by(|f| f.path.as_str().cmp(path)).ok()
    }
}

/// The URL of an article relative to the base URL: its folder, then its
/// slug, percent-encoded where a URL needs it (folder names are kept as
/// they are, so `Beleid en regels/` is `Beleid%20en%20regels/`; the page is
/// written under the folder's own name, see [`Article::output_path`]).
pub fn article_url(folder: &str, slug: &str) -> String {
    let path = if folder.is_empty() { format!("{slug}/") } else { format!("{folder}/{slug}/") };
    crate::markdown::encode_path(&path)
}

/// The slug of a file name: front matter `slug`, else the file stem slugified.
pub fn article_slug(rel: &str, explicit: Option<&str>) -> String {
    if let Some(s) = explicit {
        return s.to_string();
    }
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let s = slug::slugify(stem);
    if s.is_empty() {
        "artikel".into()
    } else {
        s
    }
}

/// The computed relations between articles, by article index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Index {
    /// Per taxonomy (config order), per term (declaration order): articles, newest first.
    pub terms: Vec<Vec<Vec<usize>>>,
    pub related: Vec<Vec<usize>>,
    pub prev: Vec<Option<usize>>,
    pub next: Vec<Option<usize>>,
    /// Every article, newest first.
    pub newest: Vec<usize>,
}

/// A draft that is not published in this run: what the editorial report
/// lists about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    /// Source path relative to `articles/`.
    pub rel: String,
    pub title: String,
    pub owner: Option<String>,
}
