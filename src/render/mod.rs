//! Stage 6, render: [`Site`] + [`Theme`] → [`OutputPlan`] (output path →
//! bytes, in memory, no I/O). Pages render in parallel with one shared Tera
//! instance; each page is a pure function of the site, so the dev server can
//! re-render any subset with [`Renderer::render_page`].

pub mod builtin;
pub mod views;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde_json::{json, Map, Value};
use tera::Context;

use crate::diagnostics::Diagnostic;
use crate::output::{OutputPlan, PlanFile};
use crate::site::Site;
use crate::theme::{self, Theme};
use views::{PageView, SiteView, TaxonomyView, TermView, ViewBuilder};

/// How many articles the home page and the feed list.
pub const NEWEST: usize = 10;
pub const FEED: usize = 20;

/// Every page the site has. Articles and terms are named by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Page {
    Home,
    Article(usize),
    Taxonomy(usize),
    Term(usize, usize),
    Search,
    NotFound,
    /// An alias: (article, alias number).
    Alias(usize, usize),
    Feed,
    Sitemap,
}

/// Options of a render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub search: bool,
    pub drafts: bool,
}

/// An article's card as templates see it: [`Card::full`] (every field, and
/// `card_html`) where one article is shown, [`Card::item`] (the same
/// without `terms`) in lists, which can hold thousands of cards. Only the
/// item is kept as a template value; the full card is made when a page
/// needs it (its article, alias and feed entry), since the term groups as
/// JSON maps take more memory than all the rest of the card.
#[derive(Debug, Clone)]
pub struct Card {
    item: Value,
    terms: Vec<views::TermGroup>,
    /// The fields of `item` as typed values (`terms` left empty), for the
    /// built-in writer.
    view: views::CardView,
}

impl Card {
    /// The card without `terms`, for lists.
    pub fn item(&self) -> &Value {
        &self.item
    }

    /// The card's `card_html`.
    pub fn html(&self) -> &str {
        self.item.get("card_html").and_then(Value::as_str).unwrap_or("")
    }

    /// The whole card.
    pub fn full(&self) -> Value {
        let mut full = self.item.clone();
        if let Value::Object(m) = &mut full {
            m.insert("terms".into(), to_value(&self.terms));
        }
        full
    }
}

/// A site and a theme, ready to render pages.
///
/// Contexts are built as JSON maps and handed to Tera whole
/// (`Context::from_value`), so every value is copied once, not serialised
/// twice. Each article's card HTML (`card.html`) is rendered once here and
/// reused by every list that shows the article (`card_html`).
pub struct Renderer<'a> {
    pub site: &'a Site,
    pub theme: &'a Theme,
    views: ViewBuilder<'a>,
    base: Map<String, Value>,
    cards: Vec<Arc<Card>>,
    card_errors: Vec<Diagnostic>,
    /// A hash of the context every page shares (`site`, `t`).
    base_hash: u64,
    /// The default theme's writer for the pages whose templates the site
    /// keeps as built in.
    builtin: Option<builtin::Builtin>,
    /// Whether the build makes a search index (`site.search_enabled`).
    search: bool,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, theme: &'a Theme, opts: RenderOptions) -> Self {
        Self::with_cards(site, theme, opts, |_, _| None)
    }

    /// A renderer that takes an article's finished card from `cached(i,
    /// base_hash)` where it has one (the dev server keeps cards between
    /// rebuilds; a card depends on its article and on the shared context).
    pub fn with_cards(
        site: &'a Site,
        theme: &'a Theme,
        opts: RenderOptions,
        cached: impl Fn(usize, u64) -> Option<Arc<Card>> + Sync,
    ) -> Self {
        let views = view_builder(site, theme);
        let typed_site = site_view(site, &views, opts);
        let builtin = builtin::Builtin::new(theme, &typed_site);
        let site_view = serde_json::to_value(typed_site).unwrap_or_default();
        let base_hash = hash_of(&site_view.to_string());
        let mut base = Map::new();
        base.insert("site".into(), site_view);
        base.insert("t".into(), theme.strings.clone());
        let made: Vec<(Arc<Card>, Option<Diagnostic>)> = site
            .articles
            .par_iter()
            .enumerate()
            .map_init(
                || Context::from_value(Value::Object(base.clone())).unwrap_or_default(),
                |ctx, (i, a)| match cached(i, base_hash) {
                    Some(card) => (card, None),
                    None => {
                        let (card, err) = make_card(theme, builtin.as_ref(), ctx, views.card(a));
                        (Arc::new(card), err)
                    }
                },
            )
            .collect();
        let mut errors = BTreeMap::new();
        let mut cards = Vec::with_capacity(made.len());
        for (card, err) in made {
            if let Some(d) = err {
                errors.entry(d.message.clone()).or_insert(d);
            }
            cards.push(card);
        }
        Renderer { site, theme, views, base, cards, card_errors: errors.into_values().collect(), base_hash, builtin, search: opts.search }
    }

    /// Ends the renderer, handing back its cards (the part of it that
    /// takes memory) to be freed where the caller chooses.
    pub fn into_cards(self) -> Vec<Arc<Card>> {
        self.cards
    }

    /// Every article's card, with its `card_html`.
    pub fn cards(&self) -> &[Arc<Card>] {
        &self.cards
    }

    /// Template errors of `card.html`, each once.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.card_errors
    }

    pub fn base_hash(&self) -> u64 {
        self.base_hash
    }

    /// A hash of everything a page's output depends on, given a hash per
    /// article card. Equal fingerprints, equal bytes: the dev server renders
    /// only pages whose fingerprint changed.
    pub fn fingerprint(&self, page: Page, card_hashes: &[u64]) -> u64 {
        use std::hash::{Hash, Hasher};
        let s = self.site;
        let mut h = std::collections::hash_map::DefaultHasher::new();
        self.base_hash.hash(&mut h);
        let cards = |ids: &mut dyn Iterator<Item = usize>, h: &mut dyn Hasher| {
            for i in ids {
                h.write_u64(card_hashes[i]);
            }
        };
        match page {
            Page::Home => {
                cards(&mut s.index.newest.iter().take(NEWEST).copied(), &mut h);
                s.index.terms.iter().flatten().for_each(|list| list.len().hash(&mut h));
            }
            Page::Article(i) => {
                let a = &s.articles[i];
                (card_hashes[i], a.body.hash, a.body.words, &a.meta.aliases, a.meta.extra.to_string(), &a.rel).hash(&mut h);
                cards(&mut s.index.related[i].iter().copied(), &mut h);
                h.write_u8(0xff);
                cards(&mut s.index.prev[i].into_iter(), &mut h);
                h.write_u8(0xfe);
                cards(&mut s.index.next[i].into_iter(), &mut h);
            }
            Page::Term(t, n) => cards(&mut s.index.terms[t][n].iter().copied(), &mut h),
            Page::Alias(i, n) => (card_hashes[i], &s.articles[i].meta.aliases[n]).hash(&mut h),
            Page::Feed => cards(&mut s.index.newest.iter().take(FEED).copied(), &mut h),
            Page::Sitemap => {
                // The sitemap shows each article's URL and dates only.
                let stamp = |d: &crate::content::front_matter::Date| (d.0.timestamp(), d.0.offset().local_minus_utc());
                s.articles.iter().for_each(|a| (&a.url, stamp(&a.meta.date), a.meta.updated.as_ref().map(stamp)).hash(&mut h));
            }
            Page::Taxonomy(t) => s.index.terms[t].iter().for_each(|list| list.len().hash(&mut h)),
            Page::Search | Page::NotFound => {}
        }
        std::mem::discriminant(&page).hash(&mut h);
        h.finish()
    }

    /// Every page of the site, in output-path order.
    pub fn pages(&self) -> Vec<Page> {
        let s = self.site;
        let mut pages = vec![Page::Home, Page::Search, Page::NotFound, Page::Feed, Page::Sitemap];
        pages.extend((0..s.articles.len()).map(Page::Article));
        for (ti, tax) in s.config.taxonomies.iter().enumerate() {
            pages.push(Page::Taxonomy(ti));
            pages.extend((0..tax.terms.len()).map(|t| Page::Term(ti, t)));
        }
        for (i, a) in s.articles.iter().enumerate() {
            pages.extend((0..a.meta.aliases.len()).map(|n| Page::Alias(i, n)));
        }
        pages
    }

    /// Where a page is written, relative to the output root.
    pub fn output_path(&self, page: Page) -> String {
        let s = self.site;
        match page {
            Page::Home => "index.html".into(),
            Page::Article(i) => s.articles[i].output_path(),
            Page::Taxonomy(t) => format!("{}/index.html", s.config.taxonomies[t].path),
            Page::Term(t, n) => format!("{}/{}/index.html", s.config.taxonomies[t].path, s.config.taxonomies[t].terms[n].slug),
            Page::Search => format!("{}/index.html", s.config.search_path()),
            Page::NotFound => "404.html".into(),
            Page::Alias(i, n) => alias_path(&s.articles[i].meta.aliases[n], &s.config.base_url.path),
            Page::Feed => "atom.xml".into(),
            Page::Sitemap => "sitemap.xml".into(),
        }
    }

    /// Renders one page.
    pub fn render_page(&self, page: Page) -> Result<Vec<u8>, Box<Diagnostic>> {
        self.render_page_in(&mut self.base_context(), page)
    }

    /// A template context that holds what every page shares (`site`, `t`).
    /// [`Renderer::render_page_in`] adds a page's own values to it and takes
    /// them out again, so one context serves many pages without the shared
    /// part being copied for each.
    pub fn base_context(&self) -> Context {
        Context::from_value(Value::Object(self.base.clone())).unwrap_or_default()
    }

    /// Renders one page in a context made by [`Renderer::base_context`].
    pub fn render_page_in(&self, ctx: &mut Context, page: Page) -> Result<Vec<u8>, Box<Diagnostic>> {
        if let Some(b) = &self.builtin {
            let written = match page {
                Page::Article(i) => self.builtin_article(b, i),
                Page::Term(t, n) => self.builtin_term(b, t, n),
                Page::Sitemap => b.sitemap(&self.sitemap_urls()),
                _ => None,
            };
            if let Some(bytes) = written {
                return Ok(bytes);
            }
        }
        let (own, template) = self.page_values(page);
        let keys: Vec<String> = own.keys().cloned().collect();
        ctx.extend(Context::from_value(Value::Object(own)).unwrap_or_default());
        let result = self.theme.tera.render(template, ctx);
        for k in &keys {
            ctx.remove(k);
        }
        result.map(String::into_bytes).map_err(|e| Box::new(theme::template_error(&e, &self.theme.origins)))
    }

    /// An article page by the built-in writer (the same values as
    /// [`Renderer::page_values`] gives Tera).
    fn builtin_article(&self, b: &builtin::Builtin, i: usize) -> Option<Vec<u8>> {
        let (s, card) = (self.site, &self.cards[i]);
        let a = &s.articles[i];
        b.article(&builtin::ArticlePage {
            card: &card.view,
            terms: &card.terms,
            content: &a.body.html,
            toc: &a.body.toc,
            breadcrumbs: &self.views.breadcrumbs(a),
            permalink: &self.views.permalink(&a.url),
            description: &a.summary,
            related: s.index.related[i].iter().map(|&r| self.cards[r].html()).collect(),
            prev: s.index.prev[i].map(|p| &self.cards[p].view),
            next: s.index.next[i].map(|n| &self.cards[n].view),
        })
    }

    /// A term page by the built-in writer.
    fn builtin_term(&self, b: &builtin::Builtin, t: usize, n: usize) -> Option<Vec<u8>> {
        let tax = self.taxonomy_view(t);
        let term = &tax.terms[n];
        b.term(&builtin::TermPage {
            taxonomy: &tax,
            term,
            permalink: &self.views.permalink(&format!("{}/{}/", tax.path, term.slug)),
            description: &strip_tags(&term.description),
            cards: self.site.index.terms[t][n].iter().map(|&i| self.cards[i].html()).collect(),
            search_enabled: self.search,
        })
    }

    /// The sitemap's entries, sorted by URL: the home page, each taxonomy
    /// and term page, and each article with its last change.
    fn sitemap_urls(&self) -> Vec<(String, Option<&str>)> {
        let (v, s) = (&self.views, self.site);
        let mut urls: Vec<(String, Option<&str>)> = vec![(v.permalink(""), None)];
        for tax in &s.config.taxonomies {
            urls.push((v.permalink(&format!("{}/", tax.path)), None));
            for term in &tax.terms {
                urls.push((v.permalink(&format!("{}/{}/", tax.path, term.slug)), None));
            }
        }
        for (a, card) in s.articles.iter().zip(&self.cards) {
            urls.push((v.permalink(&a.url), Some(card.view.updated.as_deref().unwrap_or(&card.view.date))));
        }
        urls.sort_by(|a, b| a.0.cmp(&b.0));
        urls
    }

    /// A page's own context values (beside `site` and `t`) and its template.
    fn page_values(&self, page: Page) -> (Map<String, Value>, &'static str) {
        let mut ctx = Map::new();
        let v = &self.views;
        let s = self.site;
        let card = |i: usize| self.cards[i].full();
        let item = |i: usize| self.cards[i].item.clone();
        let cards = |ids: &mut dyn Iterator<Item = &usize>| Value::Array(ids.map(|&i| item(i)).collect());
        let template = match page {
            Page::Home => {
                ctx.insert("articles".into(), cards(&mut s.index.newest.iter().take(NEWEST)));
                ctx.insert(
                    "taxonomies".into(),
                    to_value((0..s.config.taxonomies.len()).map(|t| self.taxonomy_view(t)).collect::<Vec<_>>()),
                );
                ctx.insert("page".into(), self.page_view("home", &s.config.title, "", &s.config.description));
                "index.html"
            }
            Page::Article(i) => {
                let a = &s.articles[i];
                let mut view = card(i);
                if let Value::Object(m) = &mut view {
                    m.insert("content".into(), Value::String(a.body.html.clone()));
                    m.insert("words".into(), Value::from(a.body.words));
                    m.insert("toc".into(), to_value(&a.body.toc));
                    m.insert("related".into(), cards(&mut s.index.related[i].iter()));
                    m.insert("prev".into(), s.index.prev[i].map_or(Value::Null, item));
                    m.insert("next".into(), s.index.next[i].map_or(Value::Null, item));
                    m.insert("breadcrumbs".into(), to_value(v.breadcrumbs(a)));
                    m.insert("aliases".into(), json!(a.meta.aliases));
                    m.insert("extra".into(), a.meta.extra.clone());
                    m.insert("source".into(), Value::String(format!("articles/{}", a.rel)));
                }
                ctx.insert("article".into(), view);
                ctx.insert("page".into(), self.page_view("article", &a.meta.title, &a.url, &a.summary));
                "article.html"
            }
            Page::Taxonomy(t) => {
                let tax = self.taxonomy_view(t);
                ctx.insert("page".into(), self.page_view("taxonomy", &tax.title, &format!("{}/", tax.path), &strip_tags(&tax.description)));
                ctx.insert("taxonomy".into(), to_value(&tax));
                "taxonomy.html"
            }
            Page::Term(t, n) => {
                let tax = self.taxonomy_view(t);
                let term = &tax.terms[n];
                let page = self.page_view("term", &term.title, &format!("{}/{}/", tax.path, term.slug), &strip_tags(&term.description));
                ctx.insert("page".into(), page);
                ctx.insert("term".into(), to_value(term));
                ctx.insert("taxonomy".into(), to_value(&tax));
                ctx.insert("articles".into(), cards(&mut s.index.terms[t][n].iter()));
                "term.html"
            }
            Page::Search => {
                let title = self.theme.strings.get("search_title").and_then(Value::as_str).unwrap_or("Search").to_string();
                ctx.insert("page".into(), self.page_view("search", &title, &format!("{}/", s.config.search_path()), ""));
                "search.html"
            }
            Page::NotFound => {
                let title = self.theme.strings.get("not_found_title").and_then(Value::as_str).unwrap_or("404").to_string();
                ctx.insert("page".into(), self.page_view("404", &title, "404.html", ""));
                "404.html"
            }
            Page::Alias(i, _) => {
                let a = &s.articles[i];
                ctx.insert("target".into(), card(i));
                ctx.insert("page".into(), self.page_view("alias", &a.meta.title, &a.url, ""));
                "alias.html"
            }
            Page::Feed => {
                let updated = s
                    .index
                    .newest
                    .iter()
                    .take(FEED)
                    .map(|&i| s.articles[i].meta.updated.as_ref().unwrap_or(&s.articles[i].meta.date))
                    .max_by_key(|d| d.timestamp())
                    .map(|d| d.rfc3339())
                    .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
                ctx.insert("articles".into(), Value::Array(s.index.newest.iter().take(FEED).map(|&i| card(i)).collect()));
                ctx.insert("updated".into(), Value::String(updated));
                ctx.insert("page".into(), self.page_view("feed", &s.config.title, "atom.xml", &s.config.description));
                "atom.xml"
            }
            Page::Sitemap => {
                let urls = self
                    .sitemap_urls()
                    .into_iter()
                    .map(|(url, lastmod)| match lastmod {
                        Some(l) => json!({"url": url, "lastmod": l}),
                        None => json!({"url": url}),
                    })
                    .collect();
                ctx.insert("urls".into(), Value::Array(urls));
                ctx.insert("page".into(), self.page_view("sitemap", &s.config.title, "sitemap.xml", ""));
                "sitemap.xml"
            }
        };
        (ctx, template)
    }

    fn page_view(&self, kind: &'static str, title: &str, rel: &str, description: &str) -> Value {
        to_value(PageView {
            kind,
            title: title.to_string(),
            url: self.views.url(rel),
            permalink: self.views.permalink(rel),
            description: description.to_string(),
        })
    }

    fn taxonomy_view(&self, t: usize) -> TaxonomyView {
        taxonomy_view(self.site, &self.views, t, true)
    }
}

/// The view maker for a site and theme (cards depend on config and month names).
pub fn view_builder<'a>(site: &'a Site, theme: &Theme) -> ViewBuilder<'a> {
    let months = theme
        .strings
        .get("months")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(|m| m.as_str().map(String::from)).collect())
        .unwrap_or_default();
    ViewBuilder { config: &site.config, months }
}

/// Renders the theme's `card.html` for a card and keeps the result as the
/// card's `card_html`.
/// `ctx` holds the shared context (`site`, `t`) and gets `article` for the
/// time of the render.
fn make_card(
    theme: &Theme,
    builtin: Option<&builtin::Builtin>,
    ctx: &mut Context,
    mut view: views::CardView,
) -> (Card, Option<Diagnostic>) {
    let terms = std::mem::take(&mut view.terms);
    let mut card = Card { item: to_value(&view), terms, view };
    let (html, err) = match builtin.filter(|b| b.writes_cards()) {
        Some(b) => (b.card(&card.view, &card.terms), None),
        None => {
            ctx.extend(Context::from_value(json!({ "article": card.full() })).unwrap_or_default());
            let rendered = theme.tera.render("card.html", ctx);
            ctx.remove("article");
            match rendered {
                Ok(html) => (html, None),
                Err(e) => (String::new(), Some(theme::template_error(&e, &theme.origins))),
            }
        }
    };
    if let Value::Object(m) = &mut card.item {
        m.insert("card_html".into(), Value::String(html));
    }
    (card, err)
}

/// A view as a JSON value (views hold only strings, numbers and lists, so
/// this does not fail).
fn to_value(view: impl serde::Serialize) -> Value {
    serde_json::to_value(view).unwrap_or(Value::Null)
}

fn hash_of(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

fn site_view(site: &Site, views: &ViewBuilder, opts: RenderOptions) -> SiteView {
    let c = &site.config;
    SiteView {
        title: c.title.clone(),
        description: c.description.clone(),
        language: c.language.clone(),
        base_url: c.base_url.permalink(""),
        base_path: c.base_url.path.clone(),
        home_url: views.url(""),
        search_url: views.url(&format!("{}/", c.search_path())),
        search_enabled: opts.search,
        feed_url: views.url("atom.xml"),
        sitemap_url: views.url("sitemap.xml"),
        taxonomies: (0..c.taxonomies.len()).map(|t| taxonomy_view(site, views, t, false)).collect(),
        article_count: site.articles.len(),
        drafts: opts.drafts,
    }
}

/// A taxonomy as templates see it; term counts only where asked for, so
/// the context every page shares does not change when an article's terms do.
fn taxonomy_view(site: &Site, views: &ViewBuilder, t: usize, counts: bool) -> TaxonomyView {
    let tax = &site.config.taxonomies[t];
    let search = views.url(&format!("{}/", site.config.search_path()));
    TaxonomyView {
        name: tax.name.clone(),
        title: tax.title.clone(),
        path: tax.path.clone(),
        url: views.url(&format!("{}/", tax.path)),
        description: markdown_html(&tax.description),
        terms: tax
            .terms
            .iter()
            .enumerate()
            .map(|(n, term)| TermView {
                slug: term.slug.clone(),
                title: term.title.clone(),
                url: views.url(&format!("{}/{}/", tax.path, term.slug)),
                description: markdown_html(&term.description),
                count: counts.then(|| site.index.terms.get(t).and_then(|x| x.get(n)).map_or(0, Vec::len)),
                index: n,
                taxonomy: tax.name.clone(),
                search_url: format!("{search}?{}={}", tax.name, crate::markdown::encode_path(&term.title).replace('&', "%26")),
            })
            .collect(),
    }
}

/// Markdown of descriptions in site.yaml → HTML (no link rewriting).
pub fn markdown_html(md: &str) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(md, crate::markdown::options()));
    html
}

fn strip_tags(html: &str) -> String {
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
    let out = out.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The output file of an alias: `/oud/pad/` → `oud/pad/index.html`. An
/// alias that repeats the base path has it removed.
pub fn alias_path(alias: &str, base_path: &str) -> String {
    let mut a = alias.trim();
    let base = base_path.trim_matches('/');
    let trimmed = a.trim_start_matches('/');
    if !base.is_empty() && (trimmed == base || trimmed.starts_with(&format!("{base}/"))) {
        a = &trimmed[base.len()..];
    }
    let a = a.trim_matches('/');
    if a.ends_with(".html") || a.ends_with(".htm") {
        a.to_string()
    } else {
        format!("{a}/index.html")
    }
}

/// Site-wide warnings of the render stage.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    if site.config.base_url.origin.is_empty() {
        diags.push(
            Diagnostic::at_line(
                crate::config::FILE,
                1,
                1,
                "base_url has no host, so atom.xml and sitemap.xml use paths, not absolute URLs",
            )
            .with_hint("set `base_url: \"https://your-intranet/…/\"` for a feed that readers can subscribe to")
            .warning(),
        );
    }
    diags
}

/// Renders pages in parallel and hands each page's bytes to `write` as soon
/// as it is made, so a build never holds the whole site in memory. Returns
/// the template errors, each once (one template error repeats on every page
/// of its kind); the first error of `write` stops the render.
pub fn render_each<W, E>(renderer: &Renderer, pages: &[Page], write: W) -> Result<Vec<Diagnostic>, E>
where
    W: Fn(String, Vec<u8>) -> Result<(), E> + Sync,
    E: Send,
{
    let errors: Mutex<BTreeMap<String, Diagnostic>> = Mutex::default();
    pages.par_iter().try_for_each_init(
        || renderer.base_context(),
        |ctx, &p| match renderer.render_page_in(ctx, p) {
            Ok(bytes) => write(renderer.output_path(p), bytes),
            Err(d) => {
                errors.lock().unwrap_or_else(|e| e.into_inner()).entry(d.message.clone()).or_insert(*d);
                Ok(())
            }
        },
    )?;
    Ok(errors.into_inner().unwrap_or_else(|e| e.into_inner()).into_values().collect())
}

/// Renders the whole site into an in-memory plan (pages, static files and
/// assets), with every problem of the render stage.
pub fn render_site(site: &Site, theme: &Theme, opts: RenderOptions) -> (OutputPlan, Vec<Diagnostic>) {
    let renderer = Renderer::new(site, theme, opts);
    let pages = renderer.pages();
    let mut diags = check_collisions(&renderer, &pages);
    diags.extend(warnings(site));
    let files: Mutex<BTreeMap<String, PlanFile>> = Mutex::new(copied_files(theme, &site.assets).collect());
    let write = |path, bytes| -> Result<(), std::convert::Infallible> {
        files.lock().unwrap_or_else(|e| e.into_inner()).insert(path, PlanFile::Bytes(bytes));
        Ok(())
    };
    let Ok(errors) = render_each(&renderer, &pages, write);
    diags.extend(errors);
    (OutputPlan { files: files.into_inner().unwrap_or_else(|e| e.into_inner()) }, diags)
}

/// The files copied as they are: the theme's static files, then the assets
/// beside the articles.
pub fn copied_files<'t>(theme: &'t Theme, assets: &'t [crate::content::Asset]) -> impl Iterator<Item = (String, PlanFile)> + 't {
    let statics = theme.statics.iter().map(|(path, f)| (path.clone(), f.clone()));
    statics.chain(assets.iter().map(|a| (a.rel.clone(), PlanFile::Copy(a.path.clone()))))
}

/// Renders pages into memory (the dev server): their bytes by output
/// path, and the template errors, each once (see [`render_each`]).
pub fn render_to_memory(renderer: &Renderer, pages: &[Page]) -> (Vec<(String, Vec<u8>)>, Vec<Diagnostic>) {
    let out = Mutex::new(Vec::with_capacity(pages.len()));
    let write = |path, bytes| -> Result<(), std::convert::Infallible> {
        out.lock().unwrap_or_else(|e| e.into_inner()).push((path, bytes));
        Ok(())
    };
    let Ok(errors) = render_each(renderer, pages, write);
    (out.into_inner().unwrap_or_else(|e| e.into_inner()), errors)
}

/// Two outputs at the same path: articles against generated pages, aliases
/// against everything (article–article clashes are found earlier, with lines).
pub fn check_collisions(r: &Renderer, pages: &[Page]) -> Vec<Diagnostic> {
    let s = r.site;
    let mut diags = Vec::new();
    let mut reserved: BTreeMap<String, String> = BTreeMap::new();
    for tax in &s.config.taxonomies {
        reserved.insert(tax.path.clone(), format!("the taxonomy pages of `{}` (`{}/`)", tax.name, tax.path));
    }
    reserved.insert(s.config.search_path().into(), format!("the search page (`{}/`)", s.config.search_path()));
    reserved.insert("pagefind".into(), "the search index (`pagefind/`)".into());
    for f in ["404.html", "atom.xml", "sitemap.xml", "index.html"] {
        reserved.insert(f.into(), format!("the generated `{f}`"));
    }
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for &p in pages {
        let path = r.output_path(p);
        let first = path.split('/').next().unwrap_or("").to_string();
        match p {
            Page::Article(i) => {
                let a = &s.articles[i];
                if let Some(what) = reserved.get(&first) {
                    diags.push(
                        Diagnostic::at_line(
                            &format!("articles/{}", a.rel),
                            1,
                            1,
                            format!("the article's URL `{}` collides with {what}", a.url),
                        )
                        .with_hint("rename the folder or set another `slug`"),
                    );
                }
                claimed.insert(path, format!("articles/{}", a.rel));
            }
            Page::Alias(i, n) => {
                let a = &s.articles[i];
                let alias = &a.meta.aliases[n];
                let file = format!("articles/{}", a.rel);
                if let Some(other) = claimed.get(&path).or_else(|| reserved.get(&first)) {
                    let start = a.text.find(alias.as_str()).unwrap_or(0);
                    diags.push(
                        Diagnostic::at(&file, &a.text, start..start + alias.len(), format!("the alias `{alias}` collides with {other}"))
                            .with_hint("choose another old URL or remove the alias"),
                    );
                }
                claimed.insert(path, format!("{file} (alias `{alias}`)"));
            }
            _ => {
                claimed.insert(path, "a generated page".into());
            }
        }
    }
    diags
}
