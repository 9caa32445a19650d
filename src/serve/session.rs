//! The dev server's build state: the parsed site kept in memory between
//! rebuilds, and [`Session::apply`], which reruns only what a change set
//! touches.
//!
//! An article edit re-reads and re-parses that file only, re-renders the
//! Markdown of changed articles only (every body is cached; the cache is
//! dropped when article URLs or assets move), recomputes the taxonomy index
//! (cheap), and re-renders only the pages whose fingerprint changed. Config,
//! template and static changes start a fresh session. The invariant, tested:
//! the served files equal a fresh full build of the same tree.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use crate::config::SiteConfig;
use crate::content::front_matter::{self, SourceArticle};
use crate::content::{self, Asset, ARTICLES};
use crate::diagnostics::Diagnostic;
use crate::output::PlanFile;
use crate::pipeline::{self, Failure, Options, RenderCache};
use crate::render::{self, views::ViewBuilder, Page, RenderOptions, Renderer};
use crate::site::Site;
use crate::theme::Theme;

use super::classify::ChangeSet;

/// What the server serves: output path → content. Cloning is cheap.
pub type Files = HashMap<String, Arc<PlanFile>>;

/// A rebuild's outcome; a failure hands back the session to keep, if any.
pub type Attempt = Result<(Session, Stats), Box<(Option<Session>, Failure)>>;

/// What one rebuild did, for the terminal line.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub pages_written: usize,
    pub articles: usize,
}

/// The in-memory state of a served site.
pub struct Session {
    opts: Options,
    config: SiteConfig,
    theme: Theme,
    /// Every Markdown file by path under `articles/`: parsed, or its problems.
    sources: BTreeMap<String, Result<SourceArticle, Vec<Diagnostic>>>,
    assets: Vec<Asset>,
    cache: RenderCache,
    /// Each article's card, by path: (card hash, shared-context hash, card).
    cards: HashMap<String, (u64, u64, Arc<render::Card>)>,
    fingerprints: HashMap<String, u64>,
    files: Files,
    site: Option<Site>,
}

impl Session {
    /// Loads everything and builds the whole site in memory.
    pub fn start(opts: Options) -> Attempt {
        let (config, theme) = pipeline::load_config(&opts).map_err(|f| Box::new((None, f)))?;
        let (found, discover_diags) = content::discover(&opts.root).map_err(|f| Box::new((None, Failure::Fatal(f))))?;
        let mut sources = BTreeMap::new();
        for d in discover_diags {
            let rel = d.file.strip_prefix(&format!("{ARTICLES}/")).unwrap_or(&d.file).to_string();
            sources.insert(rel, Err(vec![d]));
        }
        for s in &found.sources {
            sources.insert(s.rel.clone(), front_matter::parse(s, &config));
        }
        let mut files = Files::new();
        files.extend(render::copied_files(&theme, &found.assets).map(|(path, f)| (path, Arc::new(f))));
        let mut session = Session {
            opts,
            config,
            theme,
            sources,
            assets: found.assets,
            cache: RenderCache::default(),
            cards: HashMap::new(),
            fingerprints: HashMap::new(),
            files,
            site: None,
        };
        match session.rebuild() {
            Ok(stats) => Ok((session, stats)),
            Err(f) => Err(Box::new((Some(session), f))),
        }
    }

    pub fn files(&self) -> &Files {
        &self.files
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    pub fn theme_name(&self) -> &str {
        &self.config.theme
    }

    /// Applies a change set. Anything but article edits starts over.
    pub fn apply(self, changes: &ChangeSet) -> Attempt {
        if !changes.only_articles() {
            return Session::start(self.opts.clone());
        }
        let mut s = self;
        for rel in &changes.articles {
            let path = s.opts.root.join(ARTICLES).join(rel);
            if !path.is_file() {
                s.sources.remove(rel);
                continue;
            }
            let parsed = match content::read_source(rel.clone(), &path) {
                Ok(Ok(src)) => front_matter::parse(&src, &s.config),
                Ok(Err(d)) => Err(vec![*d]),
                Err(f) => return Err(Box::new((Some(s), Failure::Fatal(f)))),
            };
            s.sources.insert(rel.clone(), parsed);
        }
        match s.rebuild() {
            Ok(stats) => Ok((s, stats)),
            Err(f) => Err(Box::new((Some(s), f))),
        }
    }

    /// From the parsed sources to the served files, rendering only pages
    /// whose fingerprint changed. On failure nothing served changes.
    fn rebuild(&mut self) -> Result<Stats, Failure> {
        let mut diags: Vec<Diagnostic> = self.sources.values().filter_map(|r| r.as_ref().err()).flatten().cloned().collect();
        let parsed: Vec<SourceArticle> = self.sources.values().filter_map(|r| r.as_ref().ok()).cloned().collect();
        let site =
            pipeline::assemble_cached(self.config.clone(), parsed, self.assets.clone(), self.opts.drafts, &mut diags, &mut self.cache);
        pipeline::fail_on_errors(&mut diags)?;

        let card_hashes: Vec<u64> = site.articles.iter().map(ViewBuilder::card_hash).collect();
        let opts = RenderOptions { search: self.opts.search, drafts: self.opts.drafts };
        let old_cards = &self.cards;
        let cached = |i: usize, base: u64| match old_cards.get(&site.articles[i].rel) {
            Some((h, b, card)) if *h == card_hashes[i] && *b == base => Some(card.clone()),
            _ => None,
        };
        let renderer = Renderer::with_cards(&site, &self.theme, opts, cached);
        if !renderer.errors().is_empty() {
            return Err(Failure::Content(renderer.errors().to_vec()));
        }
        let base = renderer.base_hash();
        let next_cards: HashMap<String, (u64, u64, Arc<render::Card>)> = site
            .articles
            .iter()
            .zip(&card_hashes)
            .zip(renderer.cards())
            .map(|((a, &h), c)| (a.rel.clone(), (h, base, c.clone())))
            .collect();
        let pages = renderer.pages();
        let mut diags = render::check_collisions(&renderer, &pages);
        pipeline::fail_on_errors(&mut diags)?;

        let mut fingerprints = HashMap::with_capacity(pages.len());
        let mut todo: Vec<(Page, String)> = Vec::new();
        for &p in &pages {
            let path = renderer.output_path(p);
            let fp = renderer.fingerprint(p, &card_hashes);
            if self.fingerprints.get(&path) != Some(&fp) || !self.files.contains_key(&path) {
                todo.push((p, path.clone()));
            }
            fingerprints.insert(path, fp);
        }
        use rayon::prelude::*;
        let rendered: Vec<_> = todo.into_par_iter().map(|(p, path)| (path, renderer.render_page(p))).collect();
        let (written, errors) = render::split_rendered(rendered);
        if !errors.is_empty() {
            return Err(Failure::Content(errors));
        }
        let stats = Stats { pages_written: written.len(), articles: site.articles.len() };
        // Pages that no longer exist (a deleted article, a removed alias).
        for old in self.fingerprints.keys() {
            if !fingerprints.contains_key(old) {
                self.files.remove(old);
            }
        }
        for (path, bytes) in written {
            self.files.insert(path, Arc::new(PlanFile::Bytes(bytes)));
        }
        drop(renderer);
        self.fingerprints = fingerprints;
        self.cards = next_cards;
        self.site = Some(site);
        Ok(stats)
    }

    /// Replaces the search bundle in the served files.
    pub fn set_search_files(&mut self, bundle: BTreeMap<String, PlanFile>) {
        self.files.retain(|k, _| !k.starts_with("pagefind/"));
        for (k, v) in bundle {
            self.files.insert(k, Arc::new(v));
        }
    }
}
