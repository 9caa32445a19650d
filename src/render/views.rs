//! What templates see: typed, serialisable views of the site model. Every
//! field here is documented in the README's template reference; keep the two
//! in step. Text fields are plain text (templates escape them); fields named
//! `content` or `description` hold HTML rendered from Markdown.

use serde::Serialize;

use crate::config::SiteConfig;
use crate::site::Article;

#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    /// The base URL as configured, normalised (`https://host/sub/` or `/sub/`).
    pub base_url: String,
    /// The path part of the base URL, `/` or `/sub/`: prefix for links.
    pub base_path: String,
    pub home_url: String,
    pub search_url: String,
    pub search_enabled: bool,
    pub feed_url: String,
    pub sitemap_url: String,
    pub taxonomies: Vec<TaxonomyView>,
    pub article_count: usize,
    /// Whether this is a `--drafts` build.
    pub drafts: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaxonomyView {
    pub name: String,
    pub title: String,
    pub path: String,
    pub url: String,
    /// HTML.
    pub description: String,
    pub terms: Vec<TermView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// HTML.
    pub description: String,
    /// Published articles with this term (not in `site.taxonomies`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// Position in its taxonomy (0-based), for colours per term.
    pub index: usize,
    pub taxonomy: String,
    /// The search page filtered to this term.
    pub search_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermRef {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub index: usize,
    pub taxonomy: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermGroup {
    pub name: String,
    pub title: String,
    pub url: String,
    pub terms: Vec<TermRef>,
}

/// An article as it appears in lists: cards, related, previous/next, feed.
#[derive(Debug, Clone, Serialize)]
pub struct CardView {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub date: String,
    pub date_display: String,
    pub date_rfc3339: String,
    pub updated: Option<String>,
    pub updated_display: Option<String>,
    pub updated_rfc3339: Option<String>,
    pub author: Option<String>,
    pub summary: String,
    pub reading_time: usize,
    pub folder: String,
    pub draft: bool,
    /// One group per taxonomy (config order), each with the article's terms.
    pub terms: Vec<TermGroup>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: Option<String>,
}

/// The page being rendered, whatever its kind.
#[derive(Debug, Clone, Serialize)]
pub struct PageView {
    /// `home`, `article`, `taxonomy`, `term`, `search` or `404`.
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub description: String,
}

/// Views that need the config: built once per build.
pub struct ViewBuilder<'a> {
    pub config: &'a SiteConfig,
    pub months: Vec<String>,
}

impl ViewBuilder<'_> {
    pub fn url(&self, rel: &str) -> String {
        self.config.base_url.path_to(rel)
    }

    pub fn permalink(&self, rel: &str) -> String {
        self.config.base_url.permalink(rel)
    }

    /// `14 maart 2026` with the theme's month names, else `2026-03-14`.
    pub fn display_date(&self, d: &crate::content::front_matter::Date) -> String {
        use chrono::Datelike;
        let day = d.0.date_naive();
        match self.months.get(day.month0() as usize) {
            Some(m) if self.months.len() == 12 => format!("{} {} {}", day.day(), m, day.year()),
            _ => d.ymd(),
        }
    }

    pub fn term_ref(&self, tax: usize, term: usize) -> TermRef {
        let t = &self.config.taxonomies[tax];
        let term_cfg = &t.terms[term];
        TermRef {
            slug: term_cfg.slug.clone(),
            title: term_cfg.title.clone(),
            url: self.url(&format!("{}/{}/", t.path, term_cfg.slug)),
            index: term,
            taxonomy: t.name.clone(),
        }
    }

    pub fn card(&self, a: &Article) -> CardView {
        let terms = self
            .config
            .taxonomies
            .iter()
            .enumerate()
            .map(|(ti, tax)| TermGroup {
                name: tax.name.clone(),
                title: tax.title.clone(),
                url: self.url(&format!("{}/", tax.path)),
                terms: a
                    .meta
                    .terms
                    .get(&tax.name)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| tax.terms.iter().position(|t| &t.slug == s))
                    .map(|pos| self.term_ref(ti, pos))
                    .collect(),
            })
            .collect();
        CardView {
            title: a.meta.title.clone(),
            url: self.url(&a.url),
            permalink: self.permalink(&a.url),
            date: a.meta.date.ymd(),
            date_display: self.display_date(&a.meta.date),
            date_rfc3339: a.meta.date.rfc3339(),
            updated: a.meta.updated.as_ref().map(|d| d.ymd()),
            updated_display: a.meta.updated.as_ref().map(|d| self.display_date(d)),
            updated_rfc3339: a.meta.updated.as_ref().map(|d| d.rfc3339()),
            author: a.meta.author.clone(),
            summary: a.summary.clone(),
            reading_time: a.body.reading_time(),
            folder: a.folder.clone(),
            draft: a.meta.draft,
            terms,
        }
    }

    /// A hash of everything [`ViewBuilder::card`] reads: equal hashes, equal cards.
    pub fn card_hash(a: &Article) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let m = &a.meta;
        let stamp = |d: &crate::content::front_matter::Date| (d.0.timestamp(), d.0.offset().local_minus_utc());
        (&m.title, &a.url, stamp(&m.date), m.updated.as_ref().map(stamp), &m.author, &a.summary).hash(&mut h);
        (a.body.reading_time(), &a.folder, m.draft, &m.terms).hash(&mut h);
        h.finish()
    }

    pub fn breadcrumbs(&self, a: &Article) -> Vec<Crumb> {
        a.folder
            .split('/')
            .filter(|s| !s.is_empty())
            .map(|seg| {
                let words = seg.replace(['-', '_'], " ");
                let mut c = words.chars();
                let title = match c.next() {
                    Some(f) => f.to_uppercase().chain(c).collect(),
                    None => String::new(),
                };
                Crumb { title, url: None }
            })
            .collect()
    }
}
