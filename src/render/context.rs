//! Each page's own template values (beside the globals `site` and `t`):
//! [`Values`], one variant per kind of page, built from the shared values of
//! a [`Model`]. The same value is what the template renders and what the
//! page's fingerprint hashes, so the two cannot disagree.

use serde::Serialize;

use super::pages::Page;
use super::values::{Extra, HashedHtml, Html, Shared};
use super::views::{ArticleView, FolderRef, FolderView, PageView, SitemapUrl, ViewBuilder};
use crate::site::Site;

/// How many articles the home page and the feed list.
pub const NEWEST: usize = 10;
pub const FEED: usize = 20;

/// The values every page of one build shares, each built once.
pub struct Model<'a> {
    pub site: &'a Site,
    pub views: ViewBuilder<'a>,
    /// The UI strings, for page titles.
    pub strings: &'a serde_json::Value,
    /// Each taxonomy with term counts.
    pub taxonomies: Vec<Shared>,
    /// Each term with its count, by taxonomy.
    pub terms: Vec<Vec<Shared>>,
    /// Each article's card, with its `card_html`; read only through
    /// [`Model::card`], which records which cards a page shows.
    pub cards: Vec<Shared>,
    /// The breadcrumbs down to each folder (itself included), by folder,
    /// and the empty list last: built once, shared by every page below it.
    pub crumbs: Vec<Shared>,
}

/// The articles whose card or body a page's values hold (with repeats):
/// what an edit to one article's body can change.
pub type Deps = Vec<usize>;

/// A page's own values. Untagged: the fields of the variant are the
/// template's top-level variables.
#[derive(Debug, Serialize, Hash)]
#[serde(untagged)]
pub enum Values<'a> {
    Home { page: PageView, articles: Vec<Shared>, taxonomies: &'a [Shared], folders: Vec<FolderRef> },
    Folder { page: PageView, folder: FolderView<'a> },
    Article { page: PageView, article: ArticleView<'a> },
    Taxonomy { page: PageView, taxonomy: Shared },
    Term { page: PageView, taxonomy: Shared, term: Shared, articles: Vec<Shared> },
    Plain { page: PageView },
    Alias { page: PageView, target: Shared },
    Feed { page: PageView, articles: Vec<Shared>, updated: String },
    Sitemap { page: PageView, urls: Vec<SitemapUrl> },
    Editorial { page: PageView, report: Box<crate::report::Report> },
}

impl<'a> Model<'a> {
    fn card(&self, i: usize, deps: &mut Deps) -> Shared {
        deps.push(i);
        self.cards[i].clone()
    }

    fn cards(&self, ids: impl IntoIterator<Item = &'a usize>, deps: &mut Deps) -> Vec<Shared> {
        ids.into_iter().map(|&i| self.card(i, deps)).collect()
    }

    /// The breadcrumbs of a folder path (empty for the top).
    fn crumbs(&self, path: &str) -> Shared {
        let f = self.site.folder(path).unwrap_or(self.site.folders.len());
        self.crumbs[f.min(self.crumbs.len() - 1)].clone()
    }

    fn string(&self, key: &str, fallback: &str) -> String {
        self.strings.get(key).and_then(serde_json::Value::as_str).unwrap_or(fallback).to_string()
    }

    /// The template of a page and its values; `deps` gets the articles
    /// whose card or body they hold.
    pub fn values(&'a self, page: Page, deps: &mut Deps) -> (&'static str, Values<'a>) {
        let (s, v) = (self.site, &self.views);
        let c = &s.config;
        match page {
            Page::Home => {
                let page = v.page("home", &c.title, "", &c.description);
                let articles = self.cards(s.index.newest.iter().take(NEWEST), deps);
                let folders = crate::folders::top_level(&s.folders).into_iter().map(|f| v.folder_ref(s, f)).collect();
                ("index.html", Values::Home { page, articles, taxonomies: &self.taxonomies, folders })
            }
            Page::Article(i) => ("article.html", self.article(i, deps)),
            Page::Folder(f) => ("folder.html", self.folder(f, deps)),
            Page::Stylesheet => ("brand.css", Values::Plain { page: v.page("stylesheet", &c.title, "brand.css", "") }),
            Page::Taxonomy(t) => {
                let tax = &c.taxonomies[t];
                let page = v.page("taxonomy", &tax.title, &format!("{}/", tax.path), &super::views::plain_text(&tax.description));
                ("taxonomy.html", Values::Taxonomy { page, taxonomy: self.taxonomies[t].clone() })
            }
            Page::Term(t, n) => {
                let (tax, term) = (&c.taxonomies[t], &c.taxonomies[t].terms[n]);
                let rel = format!("{}/{}/", tax.path, term.slug);
                let description = super::views::plain_text(&super::views::markdown_html(&term.description));
                let page = v.page("term", &term.title, &rel, &description);
                let articles = self.cards(&s.index.terms[t][n], deps);
                ("term.html", Values::Term { page, taxonomy: self.taxonomies[t].clone(), term: self.terms[t][n].clone(), articles })
            }
            Page::Search => {
                let page = v.page("search", &self.string("search_title", "Search"), &format!("{}/", c.search_path()), "");
                ("search.html", Values::Plain { page })
            }
            Page::NotFound => ("404.html", Values::Plain { page: v.page("404", &self.string("not_found_title", "404"), "404.html", "") }),
            Page::Alias(i, _) => {
                let a = &s.articles[i];
                ("alias.html", Values::Alias { page: v.page("alias", &a.meta.title, &a.url, ""), target: self.card(i, deps) })
            }
            Page::Feed => ("atom.xml", self.feed(deps)),
            Page::Editorial => {
                // The report holds no card or body, only front matter and
                // each body's links to other articles; the quick path for
                // body edits does not apply when those links change (see
                // `pipeline::quick`), so the page records no articles.
                let title = self.string("editorial_title", "Editorial report");
                let page = v.page("editorial", &title, &format!("{}/", c.editorial_path()), "");
                ("editorial.html", Values::Editorial { page, report: Box::new(crate::report::make(s, None)) })
            }
            Page::Sitemap => {
                ("sitemap.xml", Values::Sitemap { page: v.page("sitemap", &c.title, "sitemap.xml", ""), urls: self.sitemap() })
            }
        }
    }

    fn article(&'a self, i: usize, deps: &mut Deps) -> Values<'a> {
        let (s, a) = (self.site, &self.site.articles[i]);
        let article = ArticleView {
            card: self.card(i, deps),
            content: HashedHtml { html: &a.body.html, hash: a.body.html_hash },
            words: a.body.words,
            toc: &a.body.toc,
            related: self.cards(&s.index.related[i], deps),
            prev: s.index.prev[i].map(|p| self.card(p, deps)),
            next: s.index.next[i].map(|n| self.card(n, deps)),
            breadcrumbs: self.crumbs(&a.folder),
            aliases: &a.meta.aliases,
            extra: Extra(&a.meta.extra),
            source: format!("{}/{}", crate::content::ARTICLES, a.rel),
            edit_url: self.views.edit_url(&a.rel),
        };
        Values::Article { page: self.views.page("article", &a.meta.title, &a.url, &a.summary), article }
    }

    fn folder(&'a self, f: usize, deps: &mut Deps) -> Values<'a> {
        let (s, v) = (self.site, &self.views);
        let folder = &s.folders[f];
        let breadcrumbs = folder.parent.map_or_else(|| self.crumbs(""), |p| self.crumbs[p].clone());
        let view = FolderView {
            title: folder.title.clone(),
            url: v.url(&folder.url),
            description: &folder.description,
            intro: Html(&folder.intro_html),
            folders: folder.folders.iter().map(|&c| v.folder_ref(s, c)).collect(),
            articles: self.cards(&folder.articles, deps),
            breadcrumbs,
            source: folder.source.as_ref().map(|rel| format!("{}/{rel}", crate::content::ARTICLES)),
            edit_url: folder.source.as_ref().and_then(|rel| v.edit_url(rel)),
        };
        let description =
            if folder.description.is_empty() { super::views::plain_text(&folder.intro_html) } else { folder.description.clone() };
        Values::Folder { page: v.page("folder", &folder.title, &folder.url, &description), folder: view }
    }

    fn feed(&'a self, deps: &mut Deps) -> Values<'a> {
        let s = self.site;
        let newest = || s.index.newest.iter().take(FEED);
        let updated = newest()
            .map(|&i| s.articles[i].meta.updated.as_ref().unwrap_or(&s.articles[i].meta.date))
            .max_by_key(|d| d.timestamp())
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let page = self.views.page("feed", &s.config.title, "atom.xml", &s.config.description);
        Values::Feed { page, articles: self.cards(newest(), deps), updated }
    }

    /// The sitemap's entries, sorted by URL: the home page, each taxonomy
    /// and term page, and each article with its last change.
    fn sitemap(&self) -> Vec<SitemapUrl> {
        let (v, s) = (&self.views, self.site);
        let mut urls = vec![SitemapUrl { url: v.permalink(""), lastmod: None }];
        for tax in &s.config.taxonomies {
            urls.push(SitemapUrl { url: v.permalink(&format!("{}/", tax.path)), lastmod: None });
            for term in &tax.terms {
                urls.push(SitemapUrl { url: v.permalink(&format!("{}/{}/", tax.path, term.slug)), lastmod: None });
            }
        }
        for f in &s.folders {
            urls.push(SitemapUrl { url: v.permalink(&f.url), lastmod: None });
        }
        for a in &s.articles {
            let lastmod = a.meta.updated.as_ref().unwrap_or(&a.meta.date).ymd();
            urls.push(SitemapUrl { url: v.permalink(&a.url), lastmod: Some(lastmod) });
        }
        urls.sort_by(|a, b| a.url.cmp(&b.url));
        urls
    }
}
