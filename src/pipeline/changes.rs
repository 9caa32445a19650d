//! A change set: which kinds of input changed since the last run, so the
//! pipeline reruns only what they touch. The dev server makes one from file
//! events (`serve::classify`); a build is a run with [`ChangeSet::everything`].

use std::collections::BTreeSet;

use crate::content::ARTICLES;

/// What a burst of file events touched.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    /// Start from nothing: a build, or the dev server's first run.
    pub everything: bool,
    /// site.yaml: everything is rebuilt.
    pub config: bool,
    /// Templates or UI strings (the theme's, or the site's `templates/`).
    pub templates: bool,
    /// Static files of the theme or the site.
    pub statics: bool,
    /// Markdown files under `articles/`, relative to it.
    pub articles: BTreeSet<String>,
    /// Other files under `articles/` (images…), or folders there.
    pub assets: bool,
}

impl ChangeSet {
    /// Everything changed: the first run.
    pub fn everything() -> ChangeSet {
        ChangeSet { everything: true, ..ChangeSet::default() }
    }

    pub fn is_empty(&self) -> bool {
        *self == ChangeSet::default()
    }

    /// Whether only article files changed, so an incremental rebuild suffices.
    pub fn only_articles(&self) -> bool {
        !self.everything && !self.config && !self.templates && !self.statics && !self.assets && !self.articles.is_empty()
    }

    /// A short description for the terminal: `articles/a.md`, `site.yaml`…
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.everything {
            parts.push("everything".into());
        }
        if self.config {
            parts.push("site.yaml".into());
        }
        if self.templates {
            parts.push("templates".into());
        }
        if self.statics {
            parts.push("static files".into());
        }
        if self.assets {
            parts.push("article files".into());
        }
        match self.articles.len() {
            0 => {}
            1..=3 => parts.extend(self.articles.iter().map(|a| format!("{ARTICLES}/{a}"))),
            n => parts.push(format!("{n} articles")),
        }
        parts.join(", ")
    }
}
