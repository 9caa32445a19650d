//! Stage 6, render: [`Site`] + [`Theme`] → page bytes. The theme's Tera
//! templates are the only description of the pages.
//!
//! [`Renderer::new`] builds every shared value once (the site and UI strings
//! as Tera's globals, each term, taxonomy and card), renders each card's
//! `card.html` once, and then renders any page on demand, in parallel, with
//! one Tera instance. Each page's values are typed ([`context::Values`]); a
//! page's fingerprint is the hash of those values, its template and the
//! globals, so the dev server re-renders exactly the pages whose input
//! changed. No I/O here: pages go to whatever the caller does with them.

pub mod context;
pub mod names;
pub mod pages;
pub mod values;
pub mod views;

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::site::{Article, Site};
use crate::theme::{self, Theme};
use context::{Model, Values};
pub use context::{FEED, NEWEST};
pub use pages::{alias_path, Page};
use values::{fingerprint, hash_of, Shared};
use views::{CardView, ViewBuilder};

/// Options of a render.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub search: bool,
    pub drafts: bool,
    /// Render the editorial page even when site.yaml does not ask for it.
    pub editorial: bool,
}

/// Finished cards kept between runs (by the dev server): each with the
/// article it was made from and the hash of the globals it was made with.
/// A card is a function of its article (every field, compared by
/// [`Article::same_as`]) and of the globals (the site view, the UI strings
/// and the templates), so a card is reused when both are the same.
#[derive(Default)]
pub struct CardCache {
    globals: u64,
    cards: HashMap<String, (Article, Shared)>,
}

/// Which pages to render, by output path and prepared page.
pub type Wanted<'a> = dyn Fn(&str, &Prepared) -> bool + Sync + 'a;

/// A page ready to render: its template, values and fingerprint.
pub struct Prepared<'a> {
    pub page: Page,
    pub template: &'static str,
    pub values: Values<'a>,
    pub fingerprint: u64,
    /// The articles whose card or body the values hold.
    pub deps: context::Deps,
}

/// A site and a theme, ready to render pages.
pub struct Renderer<'a> {
    model: Model<'a>,
    tera: tera::Tera,
    origins: &'a BTreeMap<String, String>,
    /// The hash of the globals and the theme: part of every fingerprint.
    globals: u64,
    /// Which cards were made in this run (not taken from the cache).
    fresh: Vec<bool>,
    /// Whether the editorial page is one of the pages.
    editorial: bool,
}

impl<'a> Renderer<'a> {
    /// Builds the shared values and renders every card, taking finished
    /// cards from `cache` where their fingerprint matches. Returns the
    /// template errors of `card.html`, each once.
    pub fn new(site: &'a Site, theme: &'a Theme, opts: RenderOptions, cache: &CardCache) -> (Self, Vec<Diagnostic>) {
        let months = theme.strings.get("months").and_then(serde_json::Value::as_array);
        let months = months.map(|a| a.iter().filter_map(|m| m.as_str().map(String::from)).collect()).unwrap_or_default();
        let views = ViewBuilder { config: &site.config, months };
        let site_view = views.site(site, opts.search, opts.drafts);
        let globals = hash_of(&(hash_of(&site_view), theme.hash));
        let tera =
            theme.tera_for([("site", tera::Value::from_serializable(&site_view)), ("t", tera::Value::from_serializable(&theme.strings))]);
        let counted: Vec<_> = (0..site.config.taxonomies.len()).map(|t| views.taxonomy(site, t, true)).collect();
        let taxonomies: Vec<Shared> = counted.iter().map(Shared::new).collect();
        let terms: Vec<Vec<Shared>> = counted.iter().map(|tax| tax.terms.iter().map(Shared::new).collect()).collect();
        let term_refs: Vec<Vec<Shared>> = site
            .config
            .taxonomies
            .iter()
            .enumerate()
            .map(|(t, tax)| (0..tax.terms.len()).map(|n| Shared::new(&views.term_ref(t, n))).collect())
            .collect();
        let kept = |a: &Article| match cache.cards.get(&a.rel) {
            Some((old, card)) if cache.globals == globals && old.same_as(a) => Some(card.clone()),
            _ => None,
        };
        let made: Vec<(bool, Result<Shared, Box<Diagnostic>>)> = site
            .articles
            .par_iter()
            .map(|a| match kept(a) {
                Some(card) => (false, Ok(card)),
                None => {
                    let view = views.card(a, &term_refs);
                    (true, render_card(&tera, &theme.origins, &view, hash_of(&view)))
                }
            })
            .collect();
        let mut errors = BTreeMap::new();
        let (fresh, cards): (Vec<bool>, Vec<Shared>) = made
            .into_iter()
            .map(|(fresh, card)| {
                let card = card.unwrap_or_else(|d| {
                    errors.entry(d.message.clone()).or_insert(*d);
                    Shared::with_hash(&(), 0)
                });
                (fresh, card)
            })
            .unzip();
        let mut crumbs: Vec<Shared> = site.folders.iter().map(|f| Shared::new(&views.breadcrumbs(site, &f.path))).collect();
        crumbs.push(Shared::new(&Vec::<views::Crumb>::new()));
        let model = Model { site, views, strings: &theme.strings, taxonomies, terms, cards, crumbs };
        (Renderer { model, tera, origins: &theme.origins, globals, fresh, editorial: opts.editorial }, errors.into_values().collect())
    }

    /// Every page of the site.
    pub fn pages(&self) -> Vec<Page> {
        pages::list(self.model.site, self.editorial)
    }

    /// Where a page is written, relative to the output root.
    pub fn output_path(&self, page: Page) -> String {
        pages::output_path(self.model.site, page)
    }

    /// The finished cards, for the next run's cache.
    /// Brings `cache` up to this run's cards: only the cards made anew are
    /// stored again (each with a copy of its article), and cards of
    /// articles that are gone are dropped.
    pub fn update_card_cache(&self, cache: &mut CardCache) {
        let site = self.model.site;
        if cache.globals != self.globals {
            cache.cards.clear();
            cache.globals = self.globals;
        }
        for ((a, card), fresh) in site.articles.iter().zip(&self.model.cards).zip(&self.fresh) {
            if *fresh {
                cache.cards.insert(a.rel.clone(), (a.clone(), card.clone()));
            }
        }
        if cache.cards.len() > site.articles.len() {
            cache.cards.retain(|rel, _| site.articles.binary_search_by(|a| a.rel.as_str().cmp(rel)).is_ok());
        }
    }

    /// A page's template, values and fingerprint.
    pub fn prepare(&self, page: Page) -> Prepared<'_> {
        let mut deps = Vec::new();
        let (template, values) = self.model.values(page, &mut deps);
        let fingerprint = fingerprint(template, self.globals, &values);
        Prepared { page, template, values, fingerprint, deps }
    }

    /// A page's template and values, without the fingerprint (0): for a
    /// sink that keeps no earlier pages to compare with.
    fn prepare_unhashed(&self, page: Page) -> Prepared<'_> {
        let mut deps = Vec::new();
        let (template, values) = self.model.values(page, &mut deps);
        Prepared { page, template, values, fingerprint: 0, deps }
    }

    /// Renders a prepared page.
    pub fn render(&self, p: &Prepared) -> Result<Vec<u8>, Box<Diagnostic>> {
        let ctx = tera::Context::from_serialize(&p.values).map_err(|e| Box::new(theme::template_error(&e, self.origins)))?;
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera.render_to(p.template, &ctx, &mut out).map_err(|e| Box::new(theme::template_error(&e, self.origins)))?;
        Ok(out)
    }

    /// Renders, in parallel, the pages that `wanted(path, prepared)`
    /// asks for (every page, unfingerprinted, when `wanted` is `None`), and
    /// hands each page's path, fingerprint and bytes to `write` as soon as
    /// it is made. Returns the template errors, each once (one template
    /// error repeats on every page of its kind); the first error of `write`
    /// stops the render.
    pub fn render_each<W, E>(&self, pages: &[Page], wanted: Option<&Wanted<'_>>, write: W) -> Result<Vec<Diagnostic>, E>
    where
        W: Fn(String, u64, Vec<u8>) -> Result<(), E> + Sync,
        E: Send,
    {
        let errors: Mutex<BTreeMap<String, Diagnostic>> = Mutex::default();
        pages.par_iter().try_for_each(|&page| {
            let p = if wanted.is_some() { self.prepare(page) } else { self.prepare_unhashed(page) };
            let path = self.output_path(page);
            if wanted.is_some_and(|w| !w(&path, &p)) {
                return Ok(());
            }
            match self.render(&p) {
                Ok(bytes) => write(path, p.fingerprint, bytes),
                Err(d) => {
                    errors.lock().unwrap_or_else(|e| e.into_inner()).entry(d.message.clone()).or_insert(*d);
                    Ok(())
                }
            }
        })?;
        Ok(errors.into_inner().unwrap_or_else(|e| e.into_inner()).into_values().collect())
    }
}

/// Renders `card.html` for one card and returns the card with its
/// `card_html`; its hash is the view's (`hash`).
fn render_card(tera: &tera::Tera, origins: &BTreeMap<String, String>, view: &CardView, hash: u64) -> Result<Shared, Box<Diagnostic>> {
    let value = tera::Value::from_serializable(view);
    let mut ctx = tera::Context::new();
    ctx.insert_value("article", value.clone());
    let html = tera.render("card.html", &ctx).map_err(|e| Box::new(theme::template_error(&e, origins)))?;
    // The same map with `card_html` added: its fields are shared, not copied.
    let mut map = value.into_map().unwrap_or_default();
    map.insert("card_html".into(), tera::Value::safe_string(&html));
    Ok(Shared::from_value(tera::Value::from(map), hash))
}
