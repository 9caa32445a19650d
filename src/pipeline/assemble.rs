//! The assemble stage: parsed articles → the site model ([`Site`]): URLs and
//! duplicate URLs, the link map, each article's Markdown (reusing bodies
//! whose text and links did not change), heading anchors, and the taxonomy
//! index (reused when no article's terms, URL or folder changed).

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::content::folder_index::FolderIndex;
use crate::content::front_matter::SourceArticle;
use crate::content::{self, Asset};
use crate::diagnostics::{self, Diagnostic};
use crate::folders;
use crate::markdown::{self, LinkContext, LinkMap};
use crate::site::{self, Article, Site};
use crate::taxonomy;

/// A cached body: the text it was rendered from, the result, its problems.
type CachedBody = (Arc<str>, Arc<markdown::Rendered>, Vec<Diagnostic>);

/// What assembling keeps between runs (the dev server's): rendered bodies
/// and the taxonomy index. A body is reused when the article's text is the
/// same and every article URL and asset is where it was (`link_key`), since
/// those are all a body depends on.
#[derive(Default)]
pub struct Cache {
    link_key: u64,
    entries: HashMap<String, CachedBody>,
    /// The last taxonomy index and what it was computed from: the declared
    /// taxonomies and each article's front matter, URL and folder. An edit
    /// that changes only bodies keeps it.
    index: Option<KeptIndex>,
    /// Where every article and asset is, as of the last assemble: what a
    /// body is rendered against.
    links: Option<(LinkMap, Vec<String>, markdown::Labels)>,
}

impl Cache {
    /// Renders one article's body again against the links of the last
    /// assemble, and keeps it. `None` before the first assemble.
    pub fn rerender(
        &mut self,
        a: &SourceArticle,
        base: &crate::config::BaseUrl,
        raw_html: bool,
    ) -> Option<(Arc<markdown::Rendered>, Vec<Diagnostic>)> {
        let (map, urls, labels) = self.links.as_ref()?;
        let (body, d) = markdown::render(a, &LinkContext { map, urls, base, labels, raw_html });
        let body = Arc::new(body);
        self.entries.insert(a.source.rel.clone(), (a.source.text.clone(), body.clone(), d.clone()));
        Some((body, d))
    }
}

/// The taxonomy index of the last run, what it was computed from, and the
/// related-articles ranking it holds.
type KeptIndex = (Vec<crate::config::Taxonomy>, Vec<IndexInput>, Arc<taxonomy::Index>, taxonomy::Ranking);

type IndexInput = (Arc<crate::content::front_matter::FrontMatter>, String, String);

/// What assembling starts from: the config and every parsed source.
pub struct Input {
    pub config: SiteConfig,
    pub articles: Vec<SourceArticle>,
    /// The folders' `_index.md` files.
    pub folder_indexes: Vec<FolderIndex>,
    pub assets: Vec<Asset>,
    /// Whether drafts are published (`--drafts`).
    pub drafts: bool,
    /// The theme's words for callouts and heading links.
    pub labels: markdown::Labels,
}

/// From parsed articles to the site model: URLs, duplicate checks, links,
/// Markdown, anchors, folders and the taxonomy index, reusing and
/// refreshing `cache`.
pub fn assemble(input: Input, diags: &mut Vec<Diagnostic>, cache: &mut Cache) -> Site {
    let Input { config, articles: parsed, folder_indexes, assets, drafts, labels } = input;
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
        config.raw_html.hash(&mut h);
        labels.hash(&mut h);
        h.finish()
    };
    if cache.link_key != link_key {
        cache.entries.clear();
        cache.link_key = link_key;
    }
    let ctx = LinkContext { map: &link_map, urls: &url_paths, base: &config.base_url, labels: &labels, raw_html: config.raw_html };
    // (body, its problems, whether it was rendered in this run)
    let rendered: Vec<(Arc<markdown::Rendered>, Vec<Diagnostic>, bool)> = published
        .par_iter()
        .map(|a| match cache.entries.get(&a.source.rel) {
            Some((text, body, d)) if Arc::ptr_eq(text, &a.source.text) || **text == *a.source.text => (body.clone(), d.clone(), false),
            _ => {
                let (body, d) = markdown::render(a, &ctx);
                (Arc::new(body), d, true)
            }
        })
        .collect();
    for (a, (b, d, _)) in published.iter().zip(&rendered).filter(|(_, r)| r.2) {
        cache.entries.insert(a.source.rel.clone(), (a.source.text.clone(), b.clone(), d.clone()));
    }
    if cache.entries.len() > published.len() {
        let here: std::collections::HashSet<&str> = published.iter().map(|a| a.source.rel.as_str()).collect();
        cache.entries.retain(|rel, _| here.contains(rel.as_str()));
    }

    let mut articles = Vec::with_capacity(published.len());
    for ((a, (body, d, _)), (folder, slug, url)) in published.iter().zip(rendered.iter()).zip(urls) {
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
    let bodies: Vec<&markdown::Rendered> = rendered.iter().map(|(b, _, _)| b.as_ref()).collect();
    for (a, body) in published.iter().zip(&bodies) {
        check_anchors(a, body, &bodies, &published, diags);
    }
    let described: Vec<folders::Described> = folder_indexes
        .iter()
        .map(|index| {
            let (intro, d) = markdown::render_source(&index.source, index.body_start, &ctx);
            diags.extend(d);
            folders::Described { index, intro_html: intro.html }
        })
        .collect();
    let folders = folders::build(&articles, &described);
    cache.links = Some((link_map, url_paths, labels));
    let inputs: Vec<IndexInput> = articles.iter().map(|a| (a.meta.clone(), a.url.clone(), a.folder.clone())).collect();
    let (index, ranking) = match cache.index.take() {
        Some((taxes, old, index, mut ranking)) if taxes == config.taxonomies => match index_change(&old, &inputs) {
            IndexChange::None => (index, ranking),
            IndexChange::TermsOf(i) => (Arc::new(taxonomy::update(&config, &articles, &index, &mut ranking, i)), ranking),
            IndexChange::Other => rebuild_index(&config, &articles),
        },
        _ => rebuild_index(&config, &articles),
    };
    cache.index = Some((config.taxonomies.clone(), inputs, index.clone(), ranking));
    let drafts = unpublished
        .iter()
        .map(|a| site::Draft { rel: a.source.rel.clone(), title: a.meta.title.clone(), owner: a.meta.owner.clone() })
        .collect();
    Site { config, articles, index, assets, folders, drafts }
}

fn rebuild_index(config: &SiteConfig, articles: &[Article]) -> (Arc<taxonomy::Index>, taxonomy::Ranking) {
    let (index, ranking) = taxonomy::build_ranked(config, articles);
    (Arc::new(index), ranking)
}

/// What changed in the taxonomy index's inputs since the last run.
enum IndexChange {
    None,
    /// Only the terms of this one article (its front matter is otherwise
    /// equal, its URL and folder the same): the index can be updated.
    TermsOf(usize),
    Other,
}

fn index_change(old: &[IndexInput], new: &[IndexInput]) -> IndexChange {
    if old.len() != new.len() {
        return IndexChange::Other;
    }
    let same = |x: &IndexInput, y: &IndexInput| (Arc::ptr_eq(&x.0, &y.0) || x.0 == y.0) && x.1 == y.1 && x.2 == y.2;
    let mut changed = old.iter().zip(new).enumerate().filter(|(_, (x, y))| !same(x, y));
    match (changed.next(), changed.next()) {
        (None, _) => IndexChange::None,
        (Some((i, (x, y))), None) => {
            let only_terms = crate::content::front_matter::FrontMatter { terms: y.0.terms.clone(), ..(*x.0).clone() } == *y.0;
            if only_terms && x.1 == y.1 && x.2 == y.2 {
                IndexChange::TermsOf(i)
            } else {
                IndexChange::Other
            }
        }
        _ => IndexChange::Other,
    }
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
