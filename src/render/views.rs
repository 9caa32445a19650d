//! What templates see: typed views of the site model. Every field here is
//! documented in docs/themes.md (template variables); keep the two in step.
//! Text fields are plain text (templates escape them); `content`,
//! `description` and `card_html` are HTML made by leidraad and reach
//! templates marked safe.
//!
//! Every view derives `Hash` beside `Serialize`: the hash of what a
//! template receives is what a page depends on (see [`super::values`]).
//! The default theme knows no taxonomy by name; a taxonomy's `display`
//! tells it how to show the terms.

use serde::Serialize;

use super::values::{Extra, HashedHtml, Html, OwnedHtml, Shared};
use crate::brand::{Accent, MenuItem, TermColour};
use crate::config::{Display, SiteConfig};
use crate::markdown::TocEntry;
use crate::site::{Article, Site};

#[derive(Debug, Clone, Serialize, Hash)]
pub struct SiteView<'a> {
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
    /// Every taxonomy with its terms, without counts (so the context every
    /// page shares does not change when an article's terms do).
    pub taxonomies: Vec<TaxonomyView>,
    pub article_count: usize,
    /// Whether this is a `--drafts` build.
    pub drafts: bool,
    /// The logo's URL (site.yaml `logo`, a file in `static/`).
    pub logo_url: Option<String>,
    /// The accent colours (site.yaml `colors`), for `brand.css`.
    pub accent: Option<Accent>,
    /// Extra header links, their URLs resolved (a path is under base_url).
    pub menu: Vec<MenuItem>,
    /// The footer text, HTML.
    pub footer: OwnedHtml,
    /// site.yaml `extra`.
    pub extra: Extra<'a>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct TaxonomyView {
    pub name: String,
    pub title: String,
    pub path: String,
    pub url: String,
    /// `colour`, `audience` or `badges` (site.yaml `display`).
    pub display: Display,
    /// HTML.
    pub description: OwnedHtml,
    pub terms: Vec<TermView>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct TermView {
    pub slug: String,
    pub title: String,
    pub url: String,
    /// HTML.
    pub description: OwnedHtml,
    /// The description as plain text, for `<meta name="description">`.
    pub summary: String,
    /// Published articles with this term (not in `site.taxonomies`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// Position in its taxonomy (0-based), for the theme's palette.
    pub index: usize,
    /// The term's own colour from site.yaml, if it has one.
    pub color: Option<String>,
    /// That colour's variants for light and dark mode (`brand.css`).
    pub colours: Option<TermColour>,
    pub taxonomy: String,
    pub display: Display,
    /// The search page filtered to this term.
    pub search_url: String,
}

/// A term as a card or an article names it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TermRef {
    pub slug: String,
    pub title: String,
    /// The title as a search filter value: HTML-escaped once more than
    /// text, because Pagefind decodes the page's text and its search UI
    /// shows filter values as HTML (so `<img onerror=…>` in a title would
    /// run on the search page). search.js escapes `?taxonomy=` values the
    /// same way.
    pub filter: String,
    pub url: String,
    pub index: usize,
    pub color: Option<String>,
    pub taxonomy: String,
    pub display: Display,
}

/// An article's terms of one taxonomy.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TermGroup {
    pub name: String,
    pub title: String,
    pub url: String,
    pub display: Display,
    /// [`TermRef`]s, shared by every card that names the term.
    pub terms: Vec<Shared>,
}

/// An article as it appears in lists: cards, related, previous/next, feed.
#[derive(Debug, Clone, Serialize, Hash)]
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
    /// Who keeps the article true (front matter `owner`).
    pub owner: Option<String>,
    /// Front matter `reviewed` (`YYYY-MM-DD`) and as text.
    pub reviewed: Option<String>,
    pub reviewed_display: Option<String>,
    /// The date the article is due for review (`YYYY-MM-DD`) and as text;
    /// null when it has no review interval. Never compared with the
    /// build's date: the theme's script compares it with the reader's.
    pub review_due: Option<String>,
    pub review_due_display: Option<String>,
    pub summary: String,
    pub reading_time: usize,
    pub folder: String,
    pub draft: bool,
    /// One group per taxonomy (config order), each with the article's terms.
    pub terms: Vec<TermGroup>,
    /// The card as `card.html` renders it; absent while it is rendered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub card_html: Option<OwnedHtml>,
}

/// The article page's `article`: its card's fields (the shared card,
/// flattened) and the page's own.
#[derive(Debug, Serialize, Hash)]
pub struct ArticleView<'a> {
    #[serde(flatten)]
    pub card: Shared,
    pub content: HashedHtml<'a>,
    pub words: usize,
    pub toc: &'a [TocEntry],
    pub related: Vec<Shared>,
    pub prev: Option<Shared>,
    pub next: Option<Shared>,
    /// The folders above it: a list of [`Crumb`]s, shared.
    pub breadcrumbs: Shared,
    pub aliases: &'a [String],
    pub extra: Extra<'a>,
    /// The source file, from the site root (`articles/a/b.md`).
    pub source: String,
    /// "Edit this page" (site.yaml `edit_url` with the source path).
    pub edit_url: Option<String>,
}

/// A folder page's `folder`.
#[derive(Debug, Serialize, Hash)]
pub struct FolderView<'a> {
    pub title: String,
    pub url: String,
    pub description: &'a str,
    /// The introduction from `_index.md`, HTML.
    pub intro: Html<'a>,
    /// Sub-folders, in order.
    pub folders: Vec<FolderRef>,
    /// The folder's own articles, newest first.
    pub articles: Vec<Shared>,
    /// The folders above this one, outermost first ([`Crumb`]s, shared).
    pub breadcrumbs: Shared,
    /// The `_index.md`, from the site root, if the folder has one.
    pub source: Option<String>,
    pub edit_url: Option<String>,
}

/// A folder as a list shows it.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct FolderRef {
    pub title: String,
    pub url: String,
    pub description: String,
    /// Articles in it and below it.
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct Crumb {
    pub title: String,
    pub url: Option<String>,
}

/// The page being rendered, whatever its kind.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct PageView {
    /// `home`, `article`, `taxonomy`, `term`, `search`, `404`, `alias`,
    /// `feed` or `sitemap`.
    pub kind: &'static str,
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub description: String,
}

/// One entry of the sitemap.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct SitemapUrl {
    pub url: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lastmod: Option<String>,
}

/// Makes views for one site: needs the config and the theme's month names.
pub struct ViewBuilder<'a> {
    pub config: &'a SiteConfig,
    pub months: Vec<String>,
}

impl<'a> ViewBuilder<'a> {
    pub fn url(&self, rel: &str) -> String {
        self.config.base_url.path_to(rel)
    }

    pub fn permalink(&self, rel: &str) -> String {
        self.config.base_url.permalink(rel)
    }

    /// `14 maart 2026` with the theme's month names, else `2026-03-14`.
    pub fn display_date(&self, d: &crate::content::front_matter::Date) -> String {
        self.display_naive(d.0.date_naive())
    }

    /// [`ViewBuilder::display_date`] of a calendar date.
    pub fn display_naive(&self, day: chrono::NaiveDate) -> String {
        use chrono::Datelike;
        match self.months.get(day.month0() as usize) {
            Some(m) if self.months.len() == 12 => format!("{} {} {}", day.day(), m, day.year()),
            _ => day.to_string(),
        }
    }

    pub fn page(&self, kind: &'static str, title: &str, rel: &str, description: &str) -> PageView {
        PageView { kind, title: title.into(), url: self.url(rel), permalink: self.permalink(rel), description: description.into() }
    }

    pub fn site(&self, site: &'a Site, search: bool, drafts: bool) -> SiteView<'a> {
        let c = self.config;
        let b = &c.brand;
        SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.permalink(""),
            base_path: c.base_url.path.clone(),
            home_url: self.url(""),
            search_url: self.url(&format!("{}/", c.search_path())),
            search_enabled: search,
            feed_url: self.url("atom.xml"),
            sitemap_url: self.url("sitemap.xml"),
            taxonomies: (0..c.taxonomies.len()).map(|t| self.taxonomy(site, t, false)).collect(),
            article_count: site.articles.len(),
            drafts,
            logo_url: b.logo.as_ref().map(|l| self.url(&crate::markdown::encode_path(l))),
            accent: b.accent.clone(),
            menu: b.menu.iter().map(|m| MenuItem { title: m.title.clone(), url: self.link(&m.url) }).collect(),
            footer: OwnedHtml(markdown_html(&b.footer)),
            extra: Extra(&b.extra),
        }
    }

    /// A URL from site.yaml: one with a scheme (`https:`, `mailto:`) or a
    /// fragment stays as written; a path is resolved under the base URL.
    pub fn link(&self, url: &str) -> String {
        let has_scheme =
            url.split_once(':').is_some_and(|(s, _)| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)));
        if has_scheme || url.starts_with('#') || url.starts_with("//") {
            url.to_string()
        } else {
            self.url(url)
        }
    }

    /// "Edit this page" for a source file under `articles/`.
    pub fn edit_url(&self, rel: &str) -> Option<String> {
        let url = self.config.brand.edit_url.as_ref()?;
        Some(url.replace("{path}", &crate::markdown::encode_path(&format!("{}/{rel}", crate::content::ARTICLES))))
    }

    /// A taxonomy with its terms; their counts only where asked for.
    pub fn taxonomy(&self, site: &Site, t: usize, counts: bool) -> TaxonomyView {
        let tax = &self.config.taxonomies[t];
        let search = self.url(&format!("{}/", self.config.search_path()));
        let terms = tax
            .terms
            .iter()
            .enumerate()
            .map(|(n, term)| {
                let description = markdown_html(&term.description);
                TermView {
                    slug: term.slug.clone(),
                    title: term.title.clone(),
                    url: self.url(&format!("{}/{}/", tax.path, term.slug)),
                    summary: plain_text(&description),
                    description: OwnedHtml(description),
                    count: counts.then(|| site.index.terms.get(t).and_then(|x| x.get(n)).map_or(0, Vec::len)),
                    index: n,
                    color: term.color.clone(),
                    colours: term.color.as_deref().and_then(crate::brand::term_colour),
                    taxonomy: tax.name.clone(),
                    display: tax.display,
                    search_url: format!("{search}?{}={}", tax.name, form_encode(&term.title)),
                }
            })
            .collect();
        TaxonomyView {
            name: tax.name.clone(),
            title: tax.title.clone(),
            path: tax.path.clone(),
            url: self.url(&format!("{}/", tax.path)),
            display: tax.display,
            description: OwnedHtml(markdown_html(&tax.description)),
            terms,
        }
    }

    pub fn term_ref(&self, t: usize, n: usize) -> TermRef {
        let tax = &self.config.taxonomies[t];
        let term = &tax.terms[n];
        TermRef {
            slug: term.slug.clone(),
            title: term.title.clone(),
            filter: filter_value(&term.title),
            url: self.url(&format!("{}/{}/", tax.path, term.slug)),
            index: n,
            color: term.color.clone(),
            taxonomy: tax.name.clone(),
            display: tax.display,
        }
    }

    /// An article's card; `term_refs` are the shared [`TermRef`]s by
    /// taxonomy and term.
    pub fn card(&self, a: &Article, term_refs: &[Vec<Shared>]) -> CardView {
        let terms = self
            .config
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| TermGroup {
                name: tax.name.clone(),
                title: tax.title.clone(),
                url: self.url(&format!("{}/", tax.path)),
                display: tax.display,
                terms: a
                    .meta
                    .terms
                    .get(&tax.name)
                    .into_iter()
                    .flatten()
                    .filter_map(|s| tax.terms.iter().position(|term| &term.slug == s))
                    .map(|n| term_refs[t][n].clone())
                    .collect(),
            })
            .collect();
        let due = crate::lifecycle::due(&a.meta, &self.config.review);
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
            owner: a.meta.owner.clone(),
            reviewed: a.meta.reviewed.as_ref().map(|d| d.ymd()),
            reviewed_display: a.meta.reviewed.as_ref().map(|d| self.display_date(d)),
            review_due: due.map(|d| d.due.to_string()),
            review_due_display: due.map(|d| self.display_naive(d.due)),
            summary: a.summary.clone(),
            reading_time: a.body.reading_time(),
            folder: a.folder.clone(),
            draft: a.meta.draft,
            terms,
            card_html: None,
        }
    }

    /// The folder at `path` and every folder above it, outermost first,
    /// each linking to its page.
    pub fn breadcrumbs(&self, site: &Site, path: &str) -> Vec<Crumb> {
        let mut crumbs = Vec::new();
        let mut at = site.folder(path);
        while let Some(f) = at {
            let folder = &site.folders[f];
            crumbs.push(Crumb { title: folder.title.clone(), url: Some(self.url(&folder.url)) });
            at = folder.parent;
        }
        crumbs.reverse();
        crumbs
    }

    /// A folder as lists show it.
    pub fn folder_ref(&self, site: &Site, f: usize) -> FolderRef {
        let folder = &site.folders[f];
        FolderRef { title: folder.title.clone(), url: self.url(&folder.url), description: folder.description.clone(), count: folder.total }
    }
}

/// A folder's name as a title: dashes and underscores as spaces, the first
/// letter in capitals.
pub fn folder_title(segment: &str) -> String {
    let words = segment.replace(['-', '_'], " ");
    let mut c = words.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A term title as the text of a `data-pagefind-filter` element (see
/// [`TermRef::filter`]). Pagefind 1.6 decodes HTML entities in a filter's
/// text twice (the parser's `get_attribute_pair` and its caller each
/// normalise it), so the title is escaped twice here, once more by the
/// template, and the index then holds it escaped once: what the search
/// UI's `{@html}` shows as the plain title.
pub fn filter_value(title: &str) -> String {
    let once = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    once(&once(title))
}

/// Markdown of descriptions in site.yaml → HTML (no link rewriting).
pub fn markdown_html(md: &str) -> String {
    crate::markdown::sanitize::markdown_html(md)
}

/// The text of a piece of HTML made from Markdown, on one line.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let out = out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A query-string value in `application/x-www-form-urlencoded` form, as the
/// search page reads it back (`URLSearchParams`): a space is `+`, and `+`,
/// `&`, `#`, `%` and every other reserved byte are percent-encoded.
pub fn form_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for b in value.bytes() {
        match b {
            b' ' => out.push('+'),
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_encoding_round_trips_reserved_characters() {
        assert_eq!(form_encode("Coaching + feedback & meer"), "Coaching+%2B+feedback+%26+meer");
        assert_eq!(form_encode("100% #1"), "100%25+%231");
        assert_eq!(form_encode("één"), "%C3%A9%C3%A9n");
    }

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(plain_text("<p>A &amp; <em>B</em>\n &lt;c&gt;</p>"), "A & B <c>");
    }

    #[test]
    fn folder_titles_are_capitalised() {
        assert_eq!(folder_title("beleid-en_regels"), "Beleid en regels");
        assert_eq!(folder_title("één"), "Één");
    }
}
