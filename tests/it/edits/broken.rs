//! Broken saves and their fixes. A broken save is in one file (bad YAML, an
//! undeclared term, a link to a missing article or heading, a template with
//! a syntax error) or breaks others it does not touch (the links to an
//! article deleted, moved, made a draft or to a heading of it renamed; a
//! used term removed from site.yaml; a shown image deleted). Each is fixed a
//! few edits later; at most `MAX_BROKEN` wait for their fix at once.

use std::collections::BTreeSet;

use super::generator::{Edit, Gen};
use super::model::{Article, Block, Breakage, Frozen, Inline, Template, Term};
use super::text::{slugify, TEMPLATES};
use super::MAX_BROKEN;

pub(super) enum Fix {
    Article(u32),
    /// A template made broken; whether it was an override before.
    Template(String, Option<Template>),
    /// An article as it was before a broken save deleted, moved or drafted
    /// it or renamed one of its headings, which broke the links to it.
    Restore(u32, Box<Article>),
    /// A deleted image that articles still show.
    Asset(u32, String, Vec<u8>),
    /// A term removed from site.yaml that articles still use: its taxonomy
    /// and position.
    Term(usize, usize, Term),
}

impl Gen {
    /// The fix of a broken save that is due first, if any.
    pub(super) fn fix_next(&mut self) -> Option<Edit> {
        if self.pending.is_empty() {
            return None;
        }
        let i = (0..self.pending.len()).min_by_key(|&i| self.pending[i].0).unwrap();
        let (_, fix) = self.pending.remove(i);
        Some(match fix {
            Fix::Article(id) => {
                let a = self.model.articles.get_mut(&id).expect("a broken article is never deleted");
                let (kind, _) = a.broken.take().unwrap();
                Edit::new(
                    match kind {
                        Breakage::BadYaml => "fix: bad YAML",
                        Breakage::UndeclaredTerm => "fix: undeclared term",
                        Breakage::MissingArticle => "fix: missing article",
                        Breakage::MissingHeading => "fix: missing heading",
                    },
                    format!("articles/{}", a.rel()),
                )
            }
            Fix::Restore(id, original) => {
                let mut renames = Vec::new();
                let what = match self.model.articles.get(&id) {
                    None => "recreate the deleted",
                    Some(now) if now.rel() != original.rel() => {
                        renames.push((format!("articles/{}", now.rel()), format!("articles/{}", original.rel())));
                        "move back the moved"
                    }
                    Some(now) if now.draft != original.draft => "publish again the drafted",
                    Some(_) => "rename back the heading of the",
                };
                let desc = format!("{what} target of broken links, articles/{}", original.rel());
                self.model.articles.insert(id, Article { locked: false, ..*original });
                self.model.frozen.remove(&id);
                let mut e = Edit::new("fix: links to another file", desc);
                e.renames = renames;
                e
            }
            Fix::Asset(id, rel, bytes) => {
                self.model.frozen_assets.remove(&id);
                self.model.assets.insert(id, (rel.clone(), bytes));
                Edit::new("fix: image", format!("recreate articles/{rel}"))
            }
            Fix::Term(i, at, term) => {
                let tax = &mut self.model.taxonomies[i];
                let desc = format!("declare {}: {} again", tax.name, term.slug);
                tax.terms.insert(at.min(tax.terms.len()), term);
                Edit::new("fix: term", desc)
            }
            Fix::Template(key, before) => {
                match before.clone() {
                    Some(t) => self.model.templates.insert(key.clone(), t),
                    None => self.model.templates.remove(&key),
                };
                Edit::new("fix: template syntax", format!("{key} {}", if before.is_some() { "repaired" } else { "deleted" }))
            }
        })
    }

    pub(super) fn edit_broken(&mut self, n: usize) -> Option<Edit> {
        if self.pending.len() >= MAX_BROKEN {
            return None;
        }
        let due = n + self.rng.range(1, 6);
        let k = self.id();
        let choice = self.rng.below(11);
        if choice >= 5 {
            let (edit, fix) = self.break_other_files(choice - 5)?;
            self.pending.push((due, fix));
            return Some(Edit { desc: format!("{} (fix due at #{due})", edit.desc), ..edit });
        }
        let kind = match choice {
            0 => Breakage::BadYaml,
            1 => Breakage::UndeclaredTerm,
            2 => Breakage::MissingArticle,
            3 => Breakage::MissingHeading,
            _ => {
                let names: Vec<&str> = TEMPLATES.iter().copied().filter(|n| self.model.builtin.contains_key(*n)).collect();
                let name = *self.rng.pick(&names);
                let existing: Vec<String> = self
                    .model
                    .templates
                    .iter()
                    .filter(|(key, t)| !t.broken && key.ends_with(&format!("/{name}")))
                    .map(|(k, _)| k.clone())
                    .collect();
                let key = existing.first().cloned().unwrap_or_else(|| format!("templates/{name}"));
                let before = self.model.templates.get(&key).cloned();
                if before.as_ref().is_some_and(|t| t.broken) {
                    return None;
                }
                let stamp = before.as_ref().map_or(k, |t| t.stamp);
                self.model.templates.insert(key.clone(), Template { stamp, broken: true });
                self.pending.push((due, Fix::Template(key.clone(), before.clone())));
                return Some(Edit::new(
                    "broken: template syntax",
                    format!("{} {key} with an unclosed `if` (fix due at #{due})", if before.is_some() { "break" } else { "create" }),
                ));
            }
        };
        let id = self.pick_article(|a| a.broken.is_none() && !a.draft)?;
        let a = self.model.articles.get_mut(&id).unwrap();
        a.broken = Some((kind, k));
        self.pending.push((due, Fix::Article(id)));
        let kind_name = match kind {
            Breakage::BadYaml => "broken: bad YAML",
            Breakage::UndeclaredTerm => "broken: undeclared term",
            Breakage::MissingArticle => "broken: missing article",
            Breakage::MissingHeading => "broken: missing heading",
        };
        Some(Edit::new(kind_name, format!("articles/{} (fix due at #{due})", a.rel())))
    }

    /// A save in one file that breaks others, which are not touched: the
    /// links to an article deleted, moved, made a draft or to a heading of
    /// it renamed; a used term removed from site.yaml; a shown image deleted.
    fn break_other_files(&mut self, which: usize) -> Option<(Edit, Fix)> {
        // Links that work now, from published articles: target, anchor.
        let mut links: Vec<(u32, Option<u32>)> = Vec::new();
        let mut images: BTreeSet<u32> = BTreeSet::new();
        for a in self.model.articles.values().filter(|a| !a.draft) {
            for b in &a.blocks {
                let inlines: Vec<&Inline> = match b {
                    Block::Para(inl) => inl.iter().collect(),
                    Block::List { items, .. } => items.iter().flatten().collect(),
                    Block::Image { asset, .. } => {
                        images.insert(*asset);
                        continue;
                    }
                    Block::Heading { .. } => continue,
                };
                for i in inlines {
                    if let Inline::Link { target, anchor, .. } = i {
                        let ok = self.model.articles.get(target).is_some_and(|t| !t.draft && !t.locked && t.broken.is_none());
                        if ok && !self.model.frozen.contains_key(target) {
                            links.push((*target, anchor.filter(|u| self.model.articles[target].heading_id(*u).is_some())));
                        }
                    }
                }
            }
        }
        match which {
            0..=3 => {
                let (target, anchor) = if which == 3 {
                    let anchored: Vec<(u32, Option<u32>)> = links.iter().filter(|l| l.1.is_some()).copied().collect();
                    self.rng.choose(&anchored)?
                } else {
                    self.rng.choose(&links)?
                };
                let original = self.model.articles[&target].clone();
                let rel = original.rel();
                let ids = original.heading_uids().into_iter().filter_map(|u| Some((u, original.heading_id(u)?))).collect();
                self.model.frozen.insert(target, Frozen { rel: rel.clone(), ids });
                let fix = Fix::Restore(target, Box::new(original));
                let mut edit;
                if which == 0 {
                    self.model.articles.remove(&target);
                    edit = Edit::new("broken: links to a deleted article", format!("delete articles/{rel}, links to it stay"));
                } else {
                    let a = self.model.articles.get_mut(&target).unwrap();
                    a.locked = true;
                    match which {
                        1 => {
                            a.file = format!("verplaatst-{}", a.file);
                            let new = a.rel();
                            edit =
                                Edit::new("broken: links to a moved article", format!("articles/{rel} → articles/{new}, links to it stay"));
                            edit.renames.push((format!("articles/{rel}"), format!("articles/{new}")));
                        }
                        2 => {
                            a.draft = true;
                            edit = Edit::new("broken: links to a draft", format!("articles/{rel} becomes a draft, links to it stay"));
                        }
                        _ => {
                            let uid = anchor.unwrap();
                            let heading = a.blocks.iter_mut().find_map(|b| match b {
                                Block::Heading { uid: u, text, explicit, .. } if *u == uid => Some((text, explicit)),
                                _ => None,
                            });
                            let (text, explicit) = heading?;
                            let old = explicit.clone().unwrap_or_else(|| slugify(text));
                            match explicit {
                                Some(id) => id.push_str("-nieuw"),
                                None => text.push_str(" nieuw"),
                            }
                            edit = Edit::new(
                                "broken: links to a renamed heading",
                                format!("heading #{old} in articles/{rel} renamed, links to it stay"),
                            );
                        }
                    }
                }
                Some((edit, fix))
            }
            4 => {
                let used: Vec<(usize, usize)> = (0..self.model.taxonomies.len())
                    .flat_map(|i| (0..self.model.taxonomies[i].terms.len()).map(move |j| (i, j)))
                    .filter(|&(i, j)| {
                        let t = &self.model.taxonomies[i];
                        let slug = &t.terms[j].slug;
                        t.terms.len() > 1
                            && self.model.articles.values().any(|a| !a.draft && a.terms.get(t.name).is_some_and(|v| v.contains(slug)))
                    })
                    .collect();
                let (i, j) = self.rng.choose(&used)?;
                let term = self.model.taxonomies[i].terms.remove(j);
                let edit = Edit::new(
                    "broken: a used term undeclared",
                    format!("remove {}: {} from site.yaml, articles keep it", self.model.taxonomies[i].name, term.slug),
                );
                Some((edit, Fix::Term(i, j, term)))
            }
            _ => {
                let shown: Vec<u32> = images.into_iter().filter(|id| self.model.assets.contains_key(id)).collect();
                let id = self.rng.choose(&shown)?;
                let (rel, bytes) = self.model.assets.remove(&id).unwrap();
                self.model.frozen_assets.insert(id, rel.clone());
                let edit = Edit::new("broken: a shown image deleted", format!("delete articles/{rel}, articles keep showing it"));
                Some((edit, Fix::Asset(id, rel, bytes)))
            }
        }
    }
}
