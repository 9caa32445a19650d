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

use std::collections::{BTreeMap, BTreeSet, HashMap};
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
    /// Each article's card hash, in the order of `site.articles`.
    card_hashes: Vec<u64>,
    fingerprints: HashMap<String, u64>,
    files: Files,
    site: Option<Site>,
    /// Whether the last rebuild succeeded (the served files are current).
    ok: bool,
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
            card_hashes: Vec::new(),
            fingerprints: HashMap::new(),
            files,
            site: None,
            ok: false,
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
        if let Some(stats) = s.body_edit(&changes.articles) {
            return Ok((s, stats));
        }
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

    /// The quick path for the most common save: only the bodies of
    /// published articles changed (front matter equal, no problems before or
    /// after). URLs, the taxonomy index and every other article stay as they
    /// are, so only the edited bodies are rendered, and only pages that show
    /// an edited article are considered: its own page, and where its card
    /// changed (summary, reading time) the lists that show that card. Returns
    /// `None`, having changed nothing, when the edit is anything else; the
    /// full rebuild then handles it.
    fn body_edit(&mut self, rels: &BTreeSet<String>) -> Option<Stats> {
        if !self.ok {
            return None;
        }
        let site = self.site.as_ref()?;
        let mut edits = Vec::new();
        for rel in rels {
            let Some(Ok(old)) = self.sources.get(rel) else { return None };
            let Ok(Ok(src)) = content::read_source(rel.clone(), &self.opts.root.join(ARTICLES).join(rel)) else { return None };
            let new = front_matter::parse(&src, &self.config).ok()?;
            if new.meta != old.meta {
                return None;
            }
            let index = site.articles.iter().position(|a| &a.rel == rel);
            edits.push((index, new));
        }
        // Render the new bodies; any problem (a broken link, a heading that
        // a link elsewhere needs) goes to the full rebuild, which reports it.
        let mut bodies = Vec::new();
        for (index, new) in &edits {
            let Some(i) = *index else { continue };
            let (body, diags) = self.cache.rerender(new, &self.config.base_url)?;
            if !diags.is_empty() {
                return None;
            }
            bodies.push((i, body));
        }
        let body_of = |t: usize| bodies.iter().find(|(i, _)| *i == t).map_or(&site.articles[t].body, |(_, b)| b);
        for (i, body) in &bodies {
            let own = body.anchor_refs.iter().all(|r| r.target.map_or(body.as_ref(), |t| body_of(t).as_ref()).has_heading(&r.anchor));
            let inbound = (0..site.articles.len())
                .all(|j| body_of(j).anchor_refs.iter().filter(|r| r.target == Some(*i)).all(|r| body.has_heading(&r.anchor)));
            if !own || !inbound {
                return None;
            }
        }

        // Commit the edit to the model.
        let mut site = self.site.take()?;
        for (_, new) in &edits {
            self.sources.insert(new.source.rel.clone(), Ok(new.clone()));
        }
        let mut changed_cards = Vec::new();
        for (i, body) in bodies {
            let new = edits.iter().find(|(x, _)| *x == Some(i)).map(|(_, n)| n)?;
            let a = &mut site.articles[i];
            a.text = new.source.text.clone();
            a.summary = new.meta.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
            a.body = body;
            let h = ViewBuilder::card_hash(a);
            if h != self.card_hashes[i] {
                self.card_hashes[i] = h;
                changed_cards.push(i);
            }
        }
        let edited: Vec<usize> = edits.iter().filter_map(|(i, _)| *i).collect();
        let opts = RenderOptions { search: self.opts.search, drafts: self.opts.drafts };
        let (cards, card_hashes) = (&self.cards, &self.card_hashes);
        let cached = |i: usize, base: u64| match cards.get(&site.articles[i].rel) {
            Some((h, b, card)) if *h == card_hashes[i] && *b == base => Some(card.clone()),
            _ => None,
        };
        let renderer = Renderer::with_cards(&site, &self.theme, opts, cached);
        if !renderer.errors().is_empty() {
            drop(renderer);
            self.site = Some(site);
            self.ok = false;
            return None;
        }

        // The pages that show an edited article.
        let mut pages: BTreeSet<Page> = edited.iter().map(|&i| Page::Article(i)).collect();
        let idx = &site.index;
        for &i in &changed_cards {
            pages.extend([Page::Home, Page::Feed, Page::Sitemap]);
            pages.extend((0..site.articles[i].meta.aliases.len()).map(|n| Page::Alias(i, n)));
            for (t, terms) in idx.terms.iter().enumerate() {
                pages.extend(terms.iter().enumerate().filter(|(_, list)| list.contains(&i)).map(|(n, _)| Page::Term(t, n)));
            }
            let shows = |j: usize| idx.related[j].contains(&i) || idx.prev[j] == Some(i) || idx.next[j] == Some(i);
            pages.extend((0..site.articles.len()).filter(|&j| shows(j)).map(Page::Article));
        }
        let todo: Vec<(Page, String, u64)> = pages
            .into_iter()
            .map(|p| (p, renderer.output_path(p), renderer.fingerprint(p, &self.card_hashes)))
            .filter(|(_, path, fp)| self.fingerprints.get(path) != Some(fp))
            .collect();
        let pages: Vec<Page> = todo.iter().map(|(p, _, _)| *p).collect();
        let (written, errors) = render::render_to_memory(&renderer, &pages);
        if !errors.is_empty() {
            drop(renderer);
            self.site = Some(site);
            self.ok = false;
            return None;
        }
        for &i in &changed_cards {
            let card = renderer.cards()[i].clone();
            self.cards.insert(site.articles[i].rel.clone(), (self.card_hashes[i], renderer.base_hash(), card));
        }
        for (_, path, fp) in &todo {
            self.fingerprints.insert(path.clone(), *fp);
        }
        let stats = Stats { pages_written: written.len(), articles: site.articles.len() };
        for (path, bytes) in written {
            self.files.insert(path, Arc::new(PlanFile::Bytes(bytes)));
        }
        drop(renderer);
        self.site = Some(site);
        Some(stats)
    }

    /// From the parsed sources to the served files, rendering only pages
    /// whose fingerprint changed. On failure nothing served changes.
    fn rebuild(&mut self) -> Result<Stats, Failure> {
        self.ok = false;
        let mut timings = pipeline::Timings::from_env();
        let mut diags: Vec<Diagnostic> = self.sources.values().filter_map(|r| r.as_ref().err()).flatten().cloned().collect();
        let parsed: Vec<SourceArticle> = self.sources.values().filter_map(|r| r.as_ref().ok()).cloned().collect();
        let site =
            pipeline::assemble_cached(self.config.clone(), parsed, self.assets.clone(), self.opts.drafts, &mut diags, &mut self.cache);
        pipeline::fail_on_errors(&mut diags)?;
        timings.lap("assemble");

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
        timings.lap("cards");
        let pages = renderer.pages();
        let mut diags = render::check_collisions(&renderer, &pages);
        pipeline::fail_on_errors(&mut diags)?;
        timings.lap("collisions");

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
        timings.lap("fingerprints");
        let pages: Vec<Page> = todo.into_iter().map(|(p, _)| p).collect();
        let (written, errors) = render::render_to_memory(&renderer, &pages);
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
        timings.lap("render");
        timings.print();
        self.fingerprints = fingerprints;
        self.cards = next_cards;
        self.card_hashes = card_hashes;
        self.ok = true;
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
