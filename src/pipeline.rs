//! The build pipeline: config → discover → front matter → links → markdown
//! → taxonomy → render (→ search). Each stage is a function from immutable
//! input to a new value; this module only wires them and collects every
//! diagnostic, so one run reports all content errors at once. `build` and
//! `check` and the dev server all go through here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::{self, Overrides, SiteConfig};
use crate::content::front_matter::{self, SourceArticle};
use crate::content::{self, Asset};
use crate::diagnostics::{self, Diagnostic};
use crate::markdown::{self, LinkContext, LinkMap};
use crate::output::{self, OutputPlan, Staging};
use crate::render::{self, RenderOptions, Renderer};
use crate::search;
use crate::site::{self, Article, Site};
use crate::taxonomy;
use crate::theme::{self, Theme};
use crate::Fatal;

/// What a build is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub search: bool,
}

/// Why a build stopped: content errors (exit 1) or a fatal problem (exit 2).
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

/// A successful build in memory: the parsed site, its theme, the output plan
/// and any warnings.
pub struct Built {
    pub site: Site,
    pub theme: Theme,
    pub plan: OutputPlan,
    pub warnings: Vec<Diagnostic>,
}

/// What a build written to disk did.
#[derive(Debug)]
pub struct Report {
    pub articles: usize,
    /// HTML pages.
    pub pages: usize,
    pub files: usize,
    pub bytes: u64,
    pub search: Option<search::Indexed>,
    pub warnings: Vec<Diagnostic>,
}

/// Loads config and theme, the parts every article depends on.
pub fn load_config(opts: &Options) -> Result<(SiteConfig, Theme), Failure> {
    if !opts.root.is_dir() {
        return Err(Failure::Fatal(Fatal::MissingRoot(opts.root.clone())));
    }
    let config = config::load(&opts.root, &Overrides { base_url: opts.base_url.clone() }).map_err(Failure::Content)?;
    let theme = theme::load(&opts.root, &config).map_err(Failure::Content)?;
    Ok((config, theme))
}

/// The stages before rendering: config, theme, sources, front matter,
/// Markdown and the taxonomy. The diagnostics may hold errors: the caller
/// renders anyway, so one run reports template errors too.
pub fn prepare(opts: &Options, timings: &mut Timings) -> Result<(Site, Theme, Vec<Diagnostic>), Failure> {
    let (config, theme) = load_config(opts)?;
    timings.lap("config and theme");
    let (found, mut diags) = content::discover(&opts.root)?;
    timings.lap("read sources");
    let parsed = parse_articles(&found.sources, &config, &mut diags);
    timings.lap("front matter");
    let site = assemble(config, parsed, found.assets, opts.drafts, &mut diags);
    timings.lap("markdown, links, taxonomy");
    Ok((site, theme, diags))
}

/// Runs the whole pipeline into an in-memory plan (no search index).
pub fn build(opts: &Options) -> Result<Built, Failure> {
    let (site, theme, mut diags) = prepare(opts, &mut Timings::default())?;
    let (plan, render_diags) = render::render_site(&site, &theme, render_options(opts));
    diags.extend(render_diags);
    fail_on_errors(&mut diags)?;
    Ok(Built { site, theme, plan, warnings: diags })
}

/// Validates everything a build would, rendering every page but writing
/// nothing. Returns the warnings and the number of articles.
pub fn check(opts: &Options) -> Result<(Vec<Diagnostic>, usize), Failure> {
    let (site, theme, mut diags) = prepare(opts, &mut Timings::default())?;
    let renderer = Renderer::new(&site, &theme, render_options(opts));
    let pages = renderer.pages();
    diags.extend(render::check_collisions(&renderer, &pages));
    diags.extend(render::warnings(&site));
    let Ok(errors) = render::render_each(&renderer, &pages, |_, _| Ok::<(), std::convert::Infallible>(()));
    diags.extend(errors);
    fail_on_errors(&mut diags)?;
    Ok((diags, site.articles.len()))
}

/// Builds the site into `out`: pages are written into a staging folder as
/// they are rendered (in parallel), the search index is built from the
/// written pages, and only a complete build replaces `out`. On any error
/// the staging folder is removed and `out` is left as it was.
pub fn build_into(opts: &Options, out: &Path) -> Result<Report, Failure> {
    output::check_safe(&opts.root, out)?;
    let mut timings = Timings::from_env();
    let (site, theme, mut diags) = prepare(opts, &mut timings)?;
    let renderer = Renderer::new(&site, &theme, render_options(opts));
    let pages = renderer.pages();
    let paths: Vec<String> = pages.iter().map(|&p| renderer.output_path(p)).collect();
    diags.extend(render::check_collisions(&renderer, &pages));
    diags.extend(render::warnings(&site));
    timings.lap("cards and collisions");

    // With content errors the pages are still rendered, for their template
    // errors, but not written.
    let copied = OutputPlan { files: render::copied_files(&theme, &site.assets).collect() };
    let mut staging = if diags.iter().any(Diagnostic::is_error) { None } else { Some(Staging::create(out)?) };
    if let Some(mut st) = staging.take() {
        // The stamp stays until it is rewritten: it says what the bundle
        // kept with it was made from.
        let stamp = opts.search.then_some(search::STAMP);
        let every = paths.iter().chain(copied.files.keys()).map(String::as_str).chain(stamp);
        st.retain(every, opts.search.then_some(search::BUNDLE));
        st.make_dirs(paths.iter().map(String::as_str))?;
        staging = Some(st);
    }
    let fingerprint = search::Fingerprint::default();
    let errors = render::render_each(&renderer, &pages, |path, bytes| {
        let Some(st) = &staging else { return Ok(()) };
        st.write(&path, &bytes)?;
        if opts.search {
            fingerprint.add(&path, &bytes);
        }
        Ok::<(), Fatal>(())
    })?;
    diags.extend(errors);
    fail_on_errors(&mut diags)?;
    let Some(staging) = staging else { return Err(Failure::Content(diags)) };
    staging.make_dirs(copied.files.keys().map(String::as_str))?;
    staging.write_plan(&copied)?;
    if opts.search {
        for (rel, file) in copied.files.iter().filter(|(rel, _)| rel.ends_with(".html")) {
            let bytes = file.read().map_err(|source| Fatal::Io { path: staging.dir().join(rel), source })?;
            fingerprint.add(rel, &bytes);
        }
    }
    timings.lap("render and write");

    let report_pages = paths.iter().filter(|p| p.ends_with(".html")).count();
    let (articles, language) = (site.articles.len(), site.config.language.clone());
    // The site model is freed on a thread of its own: it is a few hundred
    // thousand allocations (30 ms at 10,000 articles) that nothing waits
    // for. The index needs the memory soon; writing the manifest does not.
    let model = (renderer.into_cards(), pages, paths, site, theme, copied);
    std::thread::spawn(move || drop(model));
    let search = if opts.search {
        let stamp = fingerprint.stamp(&language);
        let indexed = search::update_bundle(&staging, &language, &stamp).map_err(|d| Failure::Content(vec![*d]))?;
        staging.write(search::STAMP, stamp.as_bytes())?;
        timings.lap("search index");
        Some(indexed)
    } else {
        None
    };
    let stats = staging.commit()?;
    timings.lap("commit");
    timings.print();
    Ok(Report { articles, pages: report_pages, files: stats.files, bytes: stats.bytes, search, warnings: diags })
}

fn render_options(opts: &Options) -> RenderOptions {
    RenderOptions { search: opts.search, drafts: opts.drafts }
}

/// Wall and CPU time per stage, printed to stderr when `LEIDRAAD_TIMINGS`
/// is set.
#[derive(Debug, Default)]
pub struct Timings {
    last: Option<(std::time::Instant, f64)>,
    laps: Vec<(&'static str, std::time::Duration, f64, u64)>,
}

impl Timings {
    /// Records laps only when `LEIDRAAD_TIMINGS` is set.
    pub fn from_env() -> Self {
        Timings { last: std::env::var_os("LEIDRAAD_TIMINGS").map(|_| (std::time::Instant::now(), cpu_seconds())), laps: Vec::new() }
    }

    /// Ends the current stage.
    pub fn lap(&mut self, stage: &'static str) {
        if let Some((wall, cpu)) = &mut self.last {
            let now = cpu_seconds();
            self.laps.push((stage, wall.elapsed(), now - *cpu, peak_rss_kb()));
            *wall = std::time::Instant::now();
            *cpu = now;
        }
    }

    pub fn print(&self) {
        for (stage, d, cpu, rss) in &self.laps {
            eprintln!("{:>8.1} ms  {:>8.1} ms cpu  {:>6} MB peak  {stage}", d.as_secs_f64() * 1e3, cpu * 1e3, rss / 1024);
        }
    }
}

/// User and system CPU time of the whole process so far, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut u: libc::rusage = unsafe { std::mem::zeroed() };
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut u) } != 0 {
        return 0.0;
    }
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(u.ru_utime) + secs(u.ru_stime)
}

/// The process's peak resident memory so far, in KiB (Linux; 0 elsewhere).
fn peak_rss_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status.lines().find_map(|l| l.strip_prefix("VmHWM:")).and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok()).unwrap_or(0)
}

/// Stops with every error, sorted, if there is one; warnings stay.
pub fn fail_on_errors(diags: &mut Vec<Diagnostic>) -> Result<(), Failure> {
    diagnostics::sort(diags);
    if diags.iter().any(Diagnostic::is_error) {
        return Err(Failure::Content(std::mem::take(diags)));
    }
    Ok(())
}

/// Front matter of every source, in parallel; problems go to `diags`.
pub fn parse_articles(sources: &[content::SourceFile], config: &SiteConfig, diags: &mut Vec<Diagnostic>) -> Vec<SourceArticle> {
    let results: Vec<_> = sources.par_iter().map(|s| front_matter::parse(s, config)).collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(a) => out.push(a),
            Err(d) => diags.extend(d),
        }
    }
    out
}

/// Rendered article bodies kept between builds (by the dev server). An entry
/// is reused when the article's text is the same and every article URL and
/// asset is where it was (`link_key`), since those are all a body depends on.
/// A cached body: the text it was rendered from, the result, its problems.
type CachedBody = (Arc<str>, Arc<markdown::Rendered>, Vec<Diagnostic>);

#[derive(Default)]
pub struct RenderCache {
    link_key: u64,
    entries: HashMap<String, CachedBody>,
    /// The last taxonomy index and what it was computed from: each
    /// article's front matter, URL and folder. An edit that changes only
    /// bodies keeps it.
    index: Option<(Vec<IndexInput>, taxonomy::Index)>,
    /// Where every article and asset is (for links), as of the last assemble.
    links: Option<(LinkMap, Vec<String>)>,
}

impl RenderCache {
    /// Renders the body of an article of the last assembled site again,
    /// with the same links, and caches it. `None` if there is no site yet.
    pub fn rerender(&mut self, a: &SourceArticle, base: &crate::config::BaseUrl) -> Option<(Arc<markdown::Rendered>, Vec<Diagnostic>)> {
        let (map, urls) = self.links.as_ref()?;
        let (body, d) = markdown::render(a, &LinkContext { map, urls, base });
        let body = Arc::new(body);
        self.entries.insert(a.source.rel.clone(), (a.source.text.clone(), body.clone(), d.clone()));
        Some((body, d))
    }
}

type IndexInput = (Arc<crate::content::front_matter::FrontMatter>, String, String);

/// From parsed articles to the site model: URLs, duplicate checks, links,
/// Markdown, anchors and the taxonomy index.
pub fn assemble(config: SiteConfig, parsed: Vec<SourceArticle>, assets: Vec<Asset>, drafts: bool, diags: &mut Vec<Diagnostic>) -> Site {
    assemble_cached(config, parsed, assets, drafts, diags, &mut RenderCache::default())
}

/// [`assemble`], reusing and refreshing a cache of rendered bodies.
pub fn assemble_cached(
    config: SiteConfig,
    parsed: Vec<SourceArticle>,
    assets: Vec<Asset>,
    drafts: bool,
    diags: &mut Vec<Diagnostic>,
    cache: &mut RenderCache,
) -> Site {
    let (published, unpublished): (Vec<SourceArticle>, Vec<SourceArticle>) = parsed.into_iter().partition(|a| drafts || !a.meta.draft);
    let urls: Vec<(String, String, String)> = published
        .iter()
        .map(|a| {
            let folder = a.source.rel.rsplit_once('/').map_or("", |(d, _)| d).to_string();
            let slug = site::article_slug(&a.source.rel, a.meta.slug.as_deref());
            let url = site::article_url(&folder, &slug);
            (folder, slug, url)
        })
        .collect();
    duplicate_urls(&published, &urls, diags);

    // Sources that exist but failed to read or parse are named by their own
    // errors (already in `diags`); links to them are not errors too.
    let unreadable: Vec<String> = diags
        .iter()
        .filter(|d| d.is_error())
        .filter_map(|d| d.file.strip_prefix(&format!("{}/", content::ARTICLES)))
        .filter(|rel| rel.ends_with(".md"))
        .map(String::from)
        .collect();
    let link_map = LinkMap::new(
        published.iter().enumerate().map(|(i, a)| (a.source.rel.clone(), i)),
        unpublished.iter().map(|a| a.source.rel.clone()),
        assets.iter().map(|a| a.rel.clone()),
    )
    .with_unreadable(unreadable.iter().cloned());
    let url_paths: Vec<String> = urls.iter().map(|(_, _, u)| config.base_url.path_to(u)).collect();
    let link_key = {
        use std::hash::{Hash, Hasher};
        let mut h = std::collections::hash_map::DefaultHasher::new();
        for (a, u) in published.iter().zip(&url_paths) {
            (&a.source.rel, u).hash(&mut h);
        }
        unpublished.iter().for_each(|a| a.source.rel.hash(&mut h));
        assets.iter().for_each(|a| a.rel.hash(&mut h));
        unreadable.hash(&mut h);
        h.finish()
    };
    if cache.link_key != link_key {
        cache.entries.clear();
        cache.link_key = link_key;
    }
    let ctx = LinkContext { map: &link_map, urls: &url_paths, base: &config.base_url };
    let rendered: Vec<(Arc<markdown::Rendered>, Vec<Diagnostic>)> = published
        .par_iter()
        .map(|a| match cache.entries.get(&a.source.rel) {
            Some((text, body, d)) if Arc::ptr_eq(text, &a.source.text) || **text == *a.source.text => (body.clone(), d.clone()),
            _ => {
                let (body, d) = markdown::render(a, &ctx);
                (Arc::new(body), d)
            }
        })
        .collect();
    cache.entries =
        published.iter().zip(&rendered).map(|(a, (b, d))| (a.source.rel.clone(), (a.source.text.clone(), b.clone(), d.clone()))).collect();

    let mut articles = Vec::with_capacity(published.len());
    for ((a, (body, d)), (folder, slug, url)) in published.iter().zip(rendered.iter()).zip(urls) {
        diags.extend(d.iter().cloned());
        let summary = a.meta.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
        articles.push(Article {
            rel: a.source.rel.clone(),
            text: a.source.text.clone(),
            folder,
            slug,
            url,
            meta: a.meta.clone(),
            body: body.clone(),
            summary,
        });
    }
    let bodies: Vec<&markdown::Rendered> = rendered.iter().map(|(b, _)| b.as_ref()).collect();
    for (a, body) in published.iter().zip(&bodies) {
        check_anchors(a, body, &bodies, &published, diags);
    }
    let inputs: Vec<IndexInput> = articles.iter().map(|a| (a.meta.clone(), a.url.clone(), a.folder.clone())).collect();
    cache.links = Some((link_map, url_paths));
    let index = match cache.index.take() {
        Some((old, index)) if same_index_inputs(&old, &inputs) => index,
        _ => taxonomy::build(&config, &articles),
    };
    cache.index = Some((inputs, index.clone()));
    Site { config, articles, index, assets }
}

fn same_index_inputs(a: &[IndexInput], b: &[IndexInput]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (Arc::ptr_eq(&x.0, &y.0) || x.0 == y.0) && x.1 == y.1 && x.2 == y.2)
}

/// Every `#anchor` of an article must name a heading of its target.
pub fn check_anchors(
    a: &SourceArticle,
    body: &markdown::Rendered,
    rendered: &[&markdown::Rendered],
    sources: &[SourceArticle],
    diags: &mut Vec<Diagnostic>,
) {
    for r in &body.anchor_refs {
        let (target_body, target_name) = match r.target {
            Some(t) => (rendered[t], format!("articles/{}", sources[t].source.rel)),
            None => (body, "this article".to_string()),
        };
        if !target_body.has_heading(&r.anchor) {
            let ids: Vec<&str> = target_body.toc.iter().map(|t| t.id.as_str()).collect();
            let hint = match diagnostics::closest(&r.anchor, ids.iter().copied()) {
                Some(s) => format!("did you mean `#{s}`?"),
                None if ids.is_empty() => format!("{target_name} has no headings"),
                None => format!("headings of {target_name}: {}", ids.iter().map(|i| format!("#{i}")).collect::<Vec<_>>().join(", ")),
            };
            diags.push(
                Diagnostic::at(
                    &a.source.display_path(),
                    &a.source.text,
                    r.span.clone(),
                    format!("link to a missing heading `#{}` in {target_name}", r.anchor),
                )
                .with_hint(hint),
            );
        }
    }
}

/// Two articles with the same URL: an error at each, naming the other.
fn duplicate_urls(articles: &[SourceArticle], urls: &[(String, String, String)], diags: &mut Vec<Diagnostic>) {
    let mut by_url: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, (_, _, url)) in urls.iter().enumerate() {
        by_url.entry(url.as_str()).or_default().push(i);
    }
    let mut clashes: Vec<&Vec<usize>> = by_url.values().filter(|v| v.len() > 1).collect();
    clashes.sort();
    for group in clashes {
        for &i in group {
            let a = &articles[i];
            let others: Vec<String> = group.iter().filter(|&&j| j != i).map(|&j| articles[j].source.display_path()).collect();
            let text = &a.source.text;
            let span = match text.find("\nslug:") {
                Some(p) => p + 1..p + 1 + text[p + 1..].find('\n').unwrap_or(0),
                None => 0..3,
            };
            diags.push(
                Diagnostic::at(
                    &a.source.display_path(),
                    text,
                    span,
                    format!("two articles have the URL `{}`: this one and {}", urls[i].2, others.join(", ")),
                )
                .with_hint("give one of them another file name or a `slug:` in its front matter"),
            );
        }
    }
}

/// The default output folder of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
