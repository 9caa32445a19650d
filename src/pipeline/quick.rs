//! The quick path of [`Pipeline::run`] for the most common save while
//! previewing: only the bodies of published articles changed. It starts
//! from the last good run's site model instead of assembling every article
//! again, and prepares only the pages whose values held an edited article's
//! card or body (recorded while those values were made, see
//! `render::context::Deps`).
//!
//! It applies only when its answer is the full run's: every edited file
//! parsed before and parses now with equal front matter (so URLs, terms,
//! the taxonomy index, the page list and the globals are as they were), its
//! new body renders without a problem against the same links, links to the
//! same articles as before (what the editorial report reads of a body), and
//! every heading link into or out of it still resolves. Anything else returns
//! `None` and the full run takes over, so both report the same problems.

use std::sync::Arc;

use super::{ChangeSet, Failure, Last, Outcome, Pipeline, Timings};
use crate::content::{self, front_matter, ARTICLES};
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::render::{self, Page, RenderOptions, Renderer};
use crate::site::Site;

impl Pipeline {
    /// The quick path; `None` when it does not apply (nothing was changed
    /// that the full run would not change the same way).
    pub(super) fn body_edit(&mut self, changes: &ChangeSet, sink: &mut dyn Sink) -> Option<Result<Outcome, Failure>> {
        if !changes.only_articles() || !sink.keeps_pages() {
            return None;
        }
        let mut timings = Timings::from_env();
        let edits = self.edited_bodies(changes)?;
        timings.lap("quick: read, parse, render bodies");
        // From here on the edit is taken: the parsed sources and body cache
        // hold the new text, as the full run would make them.
        let mut last = self.last.take()?;
        let sources = self.sources.as_mut()?;
        for (i, new, body) in edits.iter().cloned() {
            let a = &mut last.site.articles[i];
            a.summary = new.meta.summary.clone().unwrap_or_else(|| body.first_paragraph.clone());
            a.text = new.source.text.clone();
            a.body = body;
            sources.parsed.insert(new.source.rel.clone(), Ok(new));
        }
        let outcome = self.render_shown(&last, edits.iter().map(|(i, _, _)| *i).collect(), sink, &mut timings);
        timings.print();
        if outcome.is_ok() {
            self.last = Some(last);
        }
        Some(outcome)
    }

    /// The edited articles' indices, new sources and new bodies, if every
    /// one qualifies for the quick path.
    fn edited_bodies(&mut self, changes: &ChangeSet) -> Option<Vec<(usize, front_matter::SourceArticle, Arc<Rendered>)>> {
        let (config, _) = self.loaded.as_ref()?;
        let (last, sources) = (self.last.as_ref()?, self.sources.as_ref()?);
        let site = &last.site;
        let mut edits = Vec::new();
        for rel in &changes.articles {
            let Some(Ok(old)) = sources.parsed.get(rel) else { return None };
            let i = site.articles.binary_search_by(|a| a.rel.as_str().cmp(rel)).ok()?;
            let src = content::read_source(rel.clone(), &self.opts.root.join(ARTICLES).join(rel)).ok()?.ok()?;
            let new = front_matter::parse(&src, config).ok()?;
            if new.meta != old.meta {
                return None;
            }
            let (body, diags) = self.assembled.rerender(&new, &config.base_url, config.raw_html)?;
            // Site-absolute links are checked against the pages by the full run.
            if !diags.is_empty() || !body.site_links.is_empty() {
                return None;
            }
            // The editorial report lists articles no other article links to.
            if body.links_to != site.articles[i].body.links_to {
                return None;
            }
            edits.push((i, new, body));
        }
        let body_of = |t: usize| edits.iter().find(|(i, _, _)| *i == t).map_or(&site.articles[t].body, |(_, _, b)| b);
        for (i, _, body) in &edits {
            let own = body.anchor_refs.iter().all(|r| r.target.map_or(body.as_ref(), |t| body_of(t).as_ref()).has_heading(&r.anchor));
            let inbound = || {
                (0..site.articles.len())
                    .all(|j| body_of(j).anchor_refs.iter().filter(|r| r.target == Some(*i)).all(|r| body.has_heading(&r.anchor)))
            };
            if !own || !inbound() {
                return None;
            }
        }
        Some(edits)
    }

    /// Renders the cards again (reusing every unchanged one) and the pages
    /// that show the edited articles, where their fingerprint changed.
    fn render_shown(&mut self, last: &Last, edited: Vec<usize>, sink: &mut dyn Sink, timings: &mut Timings) -> Result<Outcome, Failure> {
        let theme = &self.loaded.as_ref().ok_or(Failure::Content(Vec::new()))?.1;
        let site: &Site = &last.site;
        let opts = RenderOptions { search: self.opts.search, drafts: self.opts.drafts, editorial: self.opts.editorial };
        let (renderer, mut diags) = Renderer::new(site, theme, opts, &self.cards);
        diags.extend(render::pages::warnings(site));
        if let Some(today) = self.opts.today {
            diags.extend(crate::lifecycle::warnings(&site.articles, &site.config.review, today, self.opts.review_soon));
        }
        super::fail_on_errors(&mut diags)?;
        timings.lap("quick: cards");
        let mut pages: Vec<Page> = edited.iter().flat_map(|&i| last.shown_on[i].iter().copied().chain([Page::Article(i)])).collect();
        pages.sort_unstable();
        pages.dedup();
        sink.prepare(&last.paths.iter().map(String::as_str).collect::<Vec<_>>())?;
        let made = super::render_pages(&renderer, &pages, sink)?;
        diags.extend(made.errors);
        super::fail_on_errors(&mut diags)?;
        timings.lap("quick: pages");
        let mut copied = super::copied_files(theme, &site.assets).collect();
        crate::deploy::add_web_config(&mut copied, &last.paths, &site.config.base_url.path);
        sink.copy(&copied)?;
        renderer.update_card_cache(&mut self.cards);
        timings.lap("quick: copied files, card cache");
        Ok(Outcome {
            articles: site.articles.len(),
            pages: last.paths.iter().filter(|p| p.ends_with(".html")).count(),
            rendered: made.count,
            warnings: diags,
            article_pages: last.article_pages.clone(),
            language: site.config.language.clone(),
            search: site.config.search.clone(),
        })
    }
}
