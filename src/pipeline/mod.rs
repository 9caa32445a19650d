//! The pipeline: config → discover → front matter → assemble (links,
//! Markdown, taxonomy) → render → a [`Sink`] (→ search → output). `build`,
//! `check` and `serve` all run [`Pipeline::run`]; they differ only in the
//! sink (a staging folder, the dev server's snapshot, nothing) and in what
//! they do after (index and commit, swap the snapshot, print).
//!
//! A [`Pipeline`] keeps a cache between runs: the config and theme, every
//! source and its parsed front matter, rendered bodies, the taxonomy index,
//! finished cards. A run over a [`ChangeSet`] rereads only the files it
//! names and recomputes only what their content changed; pages are rendered
//! only where the sink does not already hold them with the same fingerprint
//! (the hash of what the page's template receives). A build starts with an
//! empty cache, so it renders everything. Every run reports all problems of
//! the tree, whatever it reused: one run reports what a fresh build would.

pub mod assemble;
pub mod changes;
mod quick;
pub mod timings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, Overrides, SiteConfig};
use crate::content::folder_index::{self, FolderIndex};
use crate::content::front_matter::{self, SourceArticle};
use crate::content::{self, Asset, ARTICLES};
use crate::diagnostics::{self, Diagnostic};
use crate::output::{PlanFile, Sink};
use crate::render::{self, CardCache, RenderOptions, Renderer};
use crate::site::Site;
use crate::theme::{self, Theme};
use crate::Fatal;
pub use changes::ChangeSet;
pub use timings::Timings;

/// What a run is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub search: bool,
    /// The date review warnings are computed against; `None`: no review
    /// warnings (the dev server). Never reaches a page.
    pub today: Option<chrono::NaiveDate>,
    /// Also warn about articles due within `review.soon_days` (`check`).
    pub review_soon: bool,
    /// Render the editorial page even without `editorial_page: true` (serve).
    pub editorial: bool,
}

/// Why a run stopped: content errors (exit 1) or a fatal problem (exit 2).
#[derive(Debug)]
pub enum Failure {
    Content(Vec<Diagnostic>),
    Fatal(Fatal),
}

impl From<Fatal> for Failure {
    fn from(f: Fatal) -> Self {
        Failure::Fatal(f)
    }
}

/// What a successful run made.
#[derive(Debug, Default)]
pub struct Outcome {
    pub articles: usize,
    /// HTML pages of the site.
    pub pages: usize,
    /// Pages rendered in this run (the others were held by the sink).
    pub rendered: usize,
    pub warnings: Vec<Diagnostic>,
    /// Every article page's output path, for the search stage.
    pub article_pages: std::sync::Arc<[String]>,
    /// The site's language, for the search stage.
    pub language: String,
    /// site.yaml's `search:` settings, for the search stage.
    pub search: crate::search::Settings,
}

/// Every Markdown source, parsed or with its problems, and the assets.
#[derive(Default)]
struct Sources {
    parsed: BTreeMap<String, Result<SourceArticle, Vec<Diagnostic>>>,
    /// The folders' `_index.md` files (never in `parsed`).
    indexes: BTreeMap<String, Result<FolderIndex, Vec<Diagnostic>>>,
    assets: Vec<Asset>,
}

impl Sources {
    fn contains(&self, rel: &str) -> bool {
        self.parsed.contains_key(rel) || self.indexes.contains_key(rel)
    }

    fn remove(&mut self, rel: &str) {
        self.parsed.remove(rel);
        self.indexes.remove(rel);
    }

    /// Parses a source as what its name says it is and keeps it.
    fn insert(&mut self, rel: String, source: Result<content::SourceFile, Vec<Diagnostic>>, config: &SiteConfig) {
        if folder_index::is_folder_index(&rel) {
            self.indexes.insert(rel, source.and_then(|s| folder_index::parse(&s)));
        } else {
            self.parsed.insert(rel, source.and_then(|s| front_matter::parse(&s, config)));
        }
    }

    fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        let articles = self.parsed.values().filter_map(|r| r.as_ref().err()).flatten();
        articles.chain(self.indexes.values().filter_map(|r| r.as_ref().err()).flatten())
    }
}

/// The last good run's site model, kept for a sink that keeps its pages
/// (the dev server): what the quick path for body edits starts from.
struct Last {
    site: Site,
    /// Every page's output path, pages first, then copied files.
    paths: Vec<String>,
    /// For each article, the pages whose values held its card or body, as
    /// recorded while the pages' values were made.
    shown_on: Vec<Vec<render::Page>>,
    /// Every article page's output path.
    article_pages: std::sync::Arc<[String]>,
}

/// The pipeline and what it keeps between runs.
pub struct Pipeline {
    opts: Options,
    loaded: Option<(SiteConfig, Theme)>,
    sources: Option<Sources>,
    assembled: assemble::Cache,
    cards: CardCache,
    last: Option<Last>,
}

impl Pipeline {
    pub fn new(opts: Options) -> Pipeline {
        Pipeline { opts, loaded: None, sources: None, assembled: assemble::Cache::default(), cards: CardCache::default(), last: None }
    }

    /// The site's configuration, once a run has loaded it.
    pub fn config(&self) -> Option<&SiteConfig> {
        self.loaded.as_ref().map(|(c, _)| c)
    }

    /// The theme's name as configured, once loaded.
    pub fn theme_name(&self) -> &str {
        self.loaded.as_ref().map_or("default", |(c, _)| c.theme.as_str())
    }

    /// Runs every stage over what `changes` touched and hands the pages to
    /// `sink`. On failure the sink may hold part of the pages; the caller
    /// drops it.
    pub fn run(&mut self, changes: &ChangeSet, sink: &mut dyn Sink) -> Result<Outcome, Failure> {
        if let Some(outcome) = self.body_edit(changes, sink) {
            return outcome;
        }
        self.last = None;
        let mut timings = Timings::from_env();
        self.load(changes)?;
        timings.lap("config and theme");
        self.read(changes)?;
        timings.lap("read and parse sources");
        let (config, theme) = self.loaded.as_ref().ok_or(Failure::Content(Vec::new()))?;
        let sources = self.sources.as_ref().ok_or(Failure::Content(Vec::new()))?;
        let mut diags: Vec<Diagnostic> = sources.diagnostics().cloned().collect();
        let input = assemble::Input {
            config: config.clone(),
            articles: sources.parsed.values().filter_map(|r| r.as_ref().ok()).cloned().collect(),
            folder_indexes: sources.indexes.values().filter_map(|r| r.as_ref().ok()).cloned().collect(),
            assets: sources.assets.clone(),
            drafts: self.opts.drafts,
            labels: crate::markdown::Labels::from_strings(&theme.strings),
        };
        let site = assemble::assemble(input, &mut diags, &mut self.assembled);
        timings.lap("markdown, links, taxonomy");

        let opts = RenderOptions { search: self.opts.search, drafts: self.opts.drafts, editorial: self.opts.editorial };
        let (renderer, card_errors) = Renderer::new(&site, theme, opts, &self.cards);
        diags.extend(card_errors);
        let pages = renderer.pages();
        diags.extend(render::pages::collisions(&site, &pages));
        diags.extend(render::pages::warnings(&site));
        if let Some(today) = self.opts.today {
            diags.extend(crate::lifecycle::warnings(&site.articles, &site.config.review, today, self.opts.review_soon));
        }
        timings.lap("cards and collisions");

        let mut copied: BTreeMap<String, PlanFile> = copied_files(theme, &site.assets).collect();
        diags.extend(render::names::check(&site, &pages, theme.statics.keys().chain(site.assets.iter().map(|a| &a.rel)).cloned()));
        let paths: Vec<String> = pages.iter().map(|&p| renderer.output_path(p)).collect();
        crate::deploy::add_web_config(&mut copied, &paths, &site.config.base_url.path);
        diags.extend(render::pages::dead_site_links(&site, paths.iter().chain(copied.keys()).map(String::as_str)));
        timings.lap("names, paths, dead links");
        // With content errors the pages are still rendered, for their
        // template errors, but not kept.
        let errors_before = diags.iter().any(Diagnostic::is_error);
        let mut discard = crate::output::Discard;
        let sink: &mut dyn Sink = if errors_before { &mut discard } else { sink };
        sink.prepare(&paths.iter().map(String::as_str).chain(copied.keys().map(String::as_str)).collect::<Vec<_>>())?;
        let keeps = sink.keeps_pages();
        let made = render_pages(&renderer, &pages, sink)?;
        diags.extend(made.errors);
        fail_on_errors(&mut diags)?;
        timings.lap("render and write pages");
        sink.copy(&copied)?;
        timings.lap("copy files");

        if keeps {
            renderer.update_card_cache(&mut self.cards);
        }
        drop(renderer);
        let outcome = Outcome {
            articles: site.articles.len(),
            pages: paths.iter().filter(|p| p.ends_with(".html")).count(),
            rendered: made.count,
            warnings: diags,
            article_pages: site.articles.iter().map(|a| a.output_path()).collect::<Vec<_>>().into(),
            language: site.config.language.clone(),
            search: site.config.search.clone(),
        };
        if keeps {
            let shown_on = shown_on(site.articles.len(), made.seen);
            let paths = paths.into_iter().chain(copied.into_keys()).collect();
            let article_pages = outcome.article_pages.clone();
            self.last = Some(Last { site, paths, shown_on, article_pages });
        } else {
            // The site model is a few hundred thousand allocations (30 ms
            // at 10,000 articles) that nothing waits for.
            std::thread::spawn(move || drop((site, pages, paths, copied)));
        }
        timings.print();
        Ok(outcome)
    }

    /// Config and theme: kept unless site.yaml, templates or static files changed.
    fn load(&mut self, changes: &ChangeSet) -> Result<(), Failure> {
        if self.loaded.is_some() && !(changes.everything || changes.config || changes.templates || changes.statics) {
            return Ok(());
        }
        self.loaded = None;
        let (config, theme) = load(&self.opts)?;
        // Front matter is checked against the config: parse again.
        self.sources = None;
        self.loaded = Some((config, theme));
        Ok(())
    }

    /// Sources: all of them on a first run or when assets or folders
    /// changed; else only the articles named.
    fn read(&mut self, changes: &ChangeSet) -> Result<(), Failure> {
        let config = match &self.loaded {
            Some((c, _)) => c,
            None => return Ok(()),
        };
        // A file that is new here is read by a full scan: a move is seen by
        // the watcher as a new file, and the event for where it came from
        // can be merged away when the moved file is saved again at once.
        let known = |s: &Sources| changes.articles.iter().all(|rel| s.contains(rel));
        let sources = match self.sources.take() {
            Some(mut s) if !changes.assets && known(&s) => {
                for rel in &changes.articles {
                    let path = self.opts.root.join(ARTICLES).join(rel);
                    if !path.is_file() {
                        s.remove(rel);
                        continue;
                    }
                    let source = content::read_source(rel.clone(), &path)?.map_err(|d| vec![*d]);
                    s.insert(rel.clone(), source, config);
                }
                s
            }
            _ => {
                let (found, discover_diags) = content::discover(&self.opts.root)?;
                let (indexes, articles): (Vec<_>, Vec<_>) = found.sources.into_iter().partition(|s| folder_index::is_folder_index(&s.rel));
                let parsed: BTreeMap<String, Result<SourceArticle, Vec<Diagnostic>>> =
                    articles.par_iter().map(|s| (s.rel.clone(), front_matter::parse(s, config))).collect();
                let indexes = indexes.iter().map(|s| (s.rel.clone(), folder_index::parse(s))).collect();
                let mut s = Sources { parsed, indexes, assets: found.assets };
                for d in discover_diags {
                    let rel = d.file.strip_prefix(&format!("{ARTICLES}/")).unwrap_or(&d.file).to_string();
                    s.insert(rel, Err(vec![d]), config);
                }
                s
            }
        };
        self.sources = Some(sources);
        Ok(())
    }
}

/// What rendering a run's pages into its sink gave.
struct Made {
    /// Pages rendered (the others were held by the sink).
    count: usize,
    /// Template errors, each once.
    errors: Vec<Diagnostic>,
    /// Each page considered and the articles its values held (only for a
    /// sink that keeps pages).
    seen: Vec<(render::Page, render::context::Deps)>,
}

/// Renders `pages` into `sink`: all of them for a sink that keeps no
/// pages, else those it does not hold with the same fingerprint.
fn render_pages(renderer: &Renderer, pages: &[render::Page], sink: &dyn Sink) -> Result<Made, Fatal> {
    let count = std::sync::atomic::AtomicUsize::new(0);
    let seen: std::sync::Mutex<Vec<(render::Page, render::context::Deps)>> = Default::default();
    let holds = |path: &str, p: &render::Prepared| {
        seen.lock().unwrap_or_else(|e| e.into_inner()).push((p.page, p.deps.clone()));
        !sink.holds(path, p.fingerprint)
    };
    let wanted: Option<&render::Wanted<'_>> = if sink.keeps_pages() { Some(&holds) } else { None };
    let errors = renderer.render_each(pages, wanted, |path, fp, bytes| {
        count.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        sink.page(path, fp, bytes)
    })?;
    Ok(Made { count: count.into_inner(), errors, seen: seen.into_inner().unwrap_or_else(|e| e.into_inner()) })
}

/// For each of `n` articles, the pages whose values held its card or body.
fn shown_on(n: usize, seen: Vec<(render::Page, render::context::Deps)>) -> Vec<Vec<render::Page>> {
    let mut shown_on = vec![Vec::new(); n];
    for (page, deps) in seen {
        for i in deps {
            if shown_on[i].last() != Some(&page) {
                shown_on[i].push(page);
            }
        }
    }
    shown_on
}

/// `leidraad check`: every problem a build would report, nothing written.
pub fn check(opts: &Options) -> Result<Outcome, Failure> {
    Pipeline::new(opts.clone()).run(&ChangeSet::everything(), &mut crate::output::Discard)
}

/// The files copied as they are: the theme's static files, then the assets
/// beside the articles.
pub fn copied_files<'t>(theme: &'t Theme, assets: &'t [Asset]) -> impl Iterator<Item = (String, PlanFile)> + 't {
    let statics = theme.statics.iter().map(|(path, f)| (path.clone(), f.clone()));
    statics.chain(assets.iter().map(|a| (a.rel.clone(), PlanFile::Copy(a.path.clone()))))
}

/// Stops with every error, sorted, if there is one; warnings stay.
pub fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), Failure> {
    diagnostics::sort(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(std::mem::take(diags)));
    }
    Ok(())
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}

/// The config and theme of a site.
pub fn load(opts: &Options) -> Result<(SiteConfig, Theme), Failure> {
    let root = &opts.root;
    if !root.is_dir() {
        return Err(Failure::Fatal(Fatal::MissingRoot(root.clone())));
    }
    if !root.join(config::FILE).is_file() {
        let msg = format!("`{}` has no site.yaml, so it is not a site; pass --root, or run `leidraad init DIR`", root.display());
        return Err(Failure::Fatal(Fatal::Usage(msg)));
    }
    let config = config::load(root, &Overrides { base_url: opts.base_url.clone() }).map_err(Failure::Content)?;
    let theme = theme::load(root, &config).map_err(Failure::Content)?;
    Ok((config, theme))
}

/// Front matter of every source, in parallel: the articles, the folders'
/// `_index.md` files and the problems.
pub fn parse_all(sources: &[content::SourceFile], config: &SiteConfig) -> (Vec<SourceArticle>, Vec<FolderIndex>, Vec<Diagnostic>) {
    let (indexes, articles): (Vec<&content::SourceFile>, Vec<&content::SourceFile>) =
        sources.iter().partition(|s| folder_index::is_folder_index(&s.rel));
    let parsed: Vec<_> = articles.par_iter().map(|s| front_matter::parse(s, config)).collect();
    let (mut ok, mut diags) = (Vec::with_capacity(parsed.len()), Vec::new());
    for p in parsed {
        match p {
            Ok(a) => ok.push(a),
            Err(d) => diags.extend(d),
        }
    }
    let mut folder_indexes = Vec::new();
    for s in indexes {
        match folder_index::parse(s) {
            Ok(i) => folder_indexes.push(i),
            Err(d) => diags.extend(d),
        }
    }
    (ok, folder_indexes, diags)
}

/// The site model of a tree, for tools that read it (tests, the criterion
/// bench): every stage up to the taxonomy, with the problems found.
pub fn model(opts: &Options) -> Result<(Site, Theme, Vec<Diagnostic>), Failure> {
    let (config, theme) = load(opts)?;
    let (found, mut diags) = content::discover(&opts.root)?;
    let (articles, folder_indexes, parse_diags) = parse_all(&found.sources, &config);
    diags.extend(parse_diags);
    let labels = crate::markdown::Labels::from_strings(&theme.strings);
    let input = assemble::Input { config, articles, folder_indexes, assets: found.assets, drafts: opts.drafts, labels };
    let site = assemble::assemble(input, &mut diags, &mut assemble::Cache::default());
    Ok((site, theme, diags))
}
