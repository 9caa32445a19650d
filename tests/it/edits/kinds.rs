//! The ordinary edit kinds, one method of `Gen` each: an article's body or
//! front matter, a rename, a delete, a new article, a template override, the
//! UI strings, site.yaml, the static file and the images. Each returns `None`
//! when it does not fit the site as it is; the generator then draws again.

use super::generator::{svg, Edit, Gen};
use super::model::{Block, Inline, Model, Template, Term};
use super::text::{capitalise, date, heading_text, later, sentence, sentences, show_date, slugify, title, NAMES, NOUNS, TEMPLATES};

impl Gen {
    pub(super) fn edit_body(&mut self) -> Option<Edit> {
        let id = self.pick_article(|_| true)?;
        let rel = self.model.articles[&id].rel();
        let e = |what: String| Some(Edit::new("body", format!("{what} in articles/{rel}")));
        let choice = self.rng.below(11);
        let rng = &mut self.rng;
        let a = self.model.articles.get_mut(&id).unwrap();
        let paras = a.paras();
        match choice {
            0..=2 if !paras.is_empty() => {
                let i = paras[rng.below(paras.len())];
                if let Block::Para(inl) = &mut a.blocks[i] {
                    inl[0] = Inline::Text(sentences(rng, 1, 3));
                }
                e(format!("reword paragraph {}", i + 1))
            }
            3 => {
                let long = rng.chance(25);
                let text = if long { sentences(rng, 25, 45) } else { sentences(rng, 1, 3) };
                let at = rng.range(0, a.blocks.len());
                a.blocks.insert(at, Block::Para(vec![Inline::Text(text)]));
                e(format!("add a {} paragraph at block {}", if long { "long" } else { "short" }, at + 1))
            }
            4 if paras.len() >= 2 => {
                let i = paras[rng.below(paras.len())];
                a.blocks.remove(i);
                e(format!("remove paragraph at block {}", i + 1))
            }
            5 => {
                let to = self.add_link(id)?;
                e(format!("add a link to {to}"))
            }
            6 => {
                for b in a.blocks.iter_mut() {
                    let inl = match b {
                        Block::Para(inl) => inl,
                        Block::List { items, .. } => match items.iter_mut().find(|i| i.iter().any(|x| matches!(x, Inline::Link { .. }))) {
                            Some(i) => i,
                            None => continue,
                        },
                        _ => continue,
                    };
                    if let Some(j) = inl.iter().position(|x| matches!(x, Inline::Link { .. })) {
                        if let Inline::Link { text, .. } = inl[j].clone() {
                            inl[j] = Inline::Text(text);
                            return e("unlink a link".into());
                        }
                    }
                }
                None
            }
            7 => {
                let at = rng.range(1.min(a.blocks.len()), a.blocks.len());
                let text = self.add_section(id, Some(at));
                e(format!("add section `{text}`"))
            }
            8 => {
                let heads: Vec<usize> = (0..a.blocks.len()).filter(|&i| matches!(a.blocks[i], Block::Heading { .. })).collect();
                if heads.is_empty() {
                    return None;
                }
                let i = heads[rng.below(heads.len())];
                let taken = a.heading_ids();
                let mut new = heading_text(rng);
                while taken.contains(&slugify(&new)) {
                    new = format!("{} {}", heading_text(rng), rng.range(2, 99));
                }
                if let Block::Heading { text, .. } = &mut a.blocks[i] {
                    let old = std::mem::replace(text, new.clone());
                    return e(format!("rename heading `{old}` to `{new}` (links to it follow)"));
                }
                None
            }
            9 => {
                let heads: Vec<usize> = (0..a.blocks.len()).filter(|&i| matches!(a.blocks[i], Block::Heading { .. })).collect();
                if heads.is_empty() {
                    return None;
                }
                let i = heads[rng.below(heads.len())];
                a.blocks.remove(i);
                e(format!("remove heading at block {} (links to it lose their anchor)", i + 1))
            }
            _ => {
                if self.rng.chance(50) {
                    let to = self.add_image(id)?;
                    e(format!("add image {to}"))
                } else {
                    let list = self.list();
                    let a = self.model.articles.get_mut(&id).unwrap();
                    let at = self.rng.range(1.min(a.blocks.len()), a.blocks.len());
                    a.blocks.insert(at, list);
                    e("add a list".into())
                }
            }
        }
    }

    pub(super) fn edit_front_matter(&mut self) -> Option<Edit> {
        let id = self.pick_article(|_| true)?;
        let rel = self.model.articles[&id].rel();
        let e = |what: String| Some(Edit::new("front matter", format!("{what} in articles/{rel}")));
        let choice = self.rng.below(12);
        let taxes: Vec<(&'static str, Vec<String>)> =
            self.model.taxonomies.iter().map(|t| (t.name, t.terms.iter().map(|x| x.slug.clone()).collect())).collect();
        if choice == 9 {
            return self.add_alias_edit(id);
        }
        let rng = &mut self.rng;
        let a = self.model.articles.get_mut(&id).unwrap();
        match choice {
            0 | 1 => {
                a.title = title(rng);
                e(format!("title `{}`", a.title))
            }
            2 => {
                a.date = date(rng);
                if a.updated.is_some_and(|u| u <= a.date) {
                    a.updated = Some(later(rng, a.date));
                }
                e(format!("date {}", show_date(a.date)))
            }
            3 => {
                a.updated = if a.updated.is_some() && rng.chance(50) { None } else { Some(later(rng, a.date)) };
                e(format!("updated {:?}", a.updated.map(show_date)))
            }
            4 => {
                a.author = if a.author.is_some() && rng.chance(40) { None } else { Some(rng.word(NAMES).to_string()) };
                e(format!("author {:?}", a.author))
            }
            5 => {
                a.summary = if a.summary.is_some() && rng.chance(40) { None } else { Some(sentence(rng)) };
                e(format!("summary {}", if a.summary.is_some() { "set" } else { "removed" }))
            }
            6 | 7 => {
                let (tax, slugs) = rng.pick(&taxes).clone();
                let slug = rng.pick(&slugs).clone();
                let list = a.terms.entry(tax).or_default();
                if list.contains(&slug) {
                    return None;
                }
                let at = rng.range(0, list.len());
                list.insert(at, slug.clone());
                e(format!("add term {tax}: {slug}"))
            }
            8 => {
                let taxes: Vec<&'static str> = a.terms.keys().copied().collect();
                if taxes.is_empty() {
                    return None;
                }
                let tax = *rng.pick(&taxes);
                let list = a.terms.get_mut(tax).unwrap();
                let slug = list.remove(rng.below(list.len()));
                if list.is_empty() {
                    a.terms.remove(tax);
                }
                e(format!("remove term {tax}: {slug}"))
            }
            10 => {
                if a.broken.is_some() {
                    return None;
                }
                a.draft = !a.draft;
                e(format!("draft {} (links to it {})", a.draft, if a.draft { "become text" } else { "may come back" }))
            }
            _ => {
                a.slug = match a.slug {
                    Some(_) => None,
                    None => Some(format!("{}-{id}-x", rng.word(NOUNS))),
                };
                e(format!("slug {:?}", a.slug))
            }
        }
    }

    fn add_alias_edit(&mut self, id: u32) -> Option<Edit> {
        let rel = self.model.articles[&id].rel();
        let a = self.model.articles.get_mut(&id).unwrap();
        if !a.aliases.is_empty() && self.rng.chance(50) {
            let old = a.aliases.remove(self.rng.below(a.aliases.len()));
            return Some(Edit::new("front matter", format!("remove alias {old} in articles/{rel}")));
        }
        let alias = self.add_alias(id);
        Some(Edit::new("front matter", format!("add alias {alias} in articles/{rel}")))
    }

    pub(super) fn edit_rename(&mut self) -> Option<Edit> {
        let id = self.pick_article(|_| true)?;
        let old = self.model.articles[&id].rel();
        let folder = match self.rng.below(10) {
            0..=4 => self.model.articles[&id].folder.clone(),
            5..=7 => {
                let folders: Vec<String> = self.model.folders().into_iter().collect();
                self.rng.pick(&folders).clone()
            }
            _ => self.new_folder(),
        };
        let mut file = self.model.articles[&id].file.clone();
        if folder == self.model.articles[&id].folder || self.rng.chance(50) {
            while file == self.model.articles[&id].file {
                file = format!("{}-{id}", slugify(&format!("{} {}", self.rng.word(NOUNS), self.rng.word(NOUNS))));
            }
        }
        let a = self.model.articles.get_mut(&id).unwrap();
        a.folder = folder;
        a.file = file;
        let new = a.rel();
        let mut edit = Edit::new("rename", format!("articles/{old} → articles/{new} (links to it follow)"));
        edit.renames.push((format!("articles/{old}"), format!("articles/{new}")));
        Some(edit)
    }

    pub(super) fn edit_delete(&mut self) -> Option<Edit> {
        if self.model.articles.len() < 20 {
            return None;
        }
        let id = self.pick_article(|a| a.broken.is_none())?;
        let a = self.model.articles.remove(&id).unwrap();
        Some(Edit::new("delete", format!("delete articles/{} (links to it become text)", a.rel())))
    }

    pub(super) fn edit_new(&mut self) -> Option<Edit> {
        let folder = if self.rng.chance(30) {
            self.new_folder()
        } else {
            let folders: Vec<String> = self.model.folders().into_iter().collect();
            self.rng.pick(&folders).clone()
        };
        let id = self.new_article(&folder);
        for _ in 0..self.rng.range(0, 2) {
            self.add_link(id);
        }
        let mut desc = format!("new articles/{}", self.model.articles[&id].rel());
        if self.rng.chance(30) && !self.model.articles[&id].draft {
            if let Some(from) = self.pick_article(|a| a.folder != folder) {
                // A link to the new article from an older one.
                if let Some(to) = self.add_link_to(from, id) {
                    desc.push_str(&format!(", linked from articles/{} ({to})", self.model.articles[&from].rel()));
                }
            }
        }
        Some(Edit::new(if folder_is_new(&self.model, &folder, id) { "new article, new folder" } else { "new article" }, desc))
    }

    pub(super) fn edit_template(&mut self) -> Option<Edit> {
        let names: Vec<&str> = TEMPLATES.iter().copied().filter(|n| self.model.builtin.contains_key(*n)).collect();
        let name = *self.rng.pick(&names);
        let layer = if self.rng.chance(25) { "themes/default/templates" } else { "templates" };
        let key = format!("{layer}/{name}");
        let stamp = self.id();
        match self.model.templates.get(&key).cloned() {
            Some(t) if t.broken => None,
            Some(_) if self.rng.chance(40) => {
                self.model.templates.remove(&key);
                Some(Edit::new("template", format!("delete {key}")))
            }
            Some(_) => {
                self.model.templates.insert(key.clone(), Template { stamp, broken: false });
                Some(Edit::new("template", format!("edit {key} (mark {stamp})")))
            }
            None => {
                self.model.templates.insert(key.clone(), Template { stamp, broken: false });
                Some(Edit::new("template", format!("create {key}, a copy of the built-in one (mark {stamp})")))
            }
        }
    }

    pub(super) fn edit_i18n(&mut self) -> Option<Edit> {
        let stamp = self.id();
        let (i18n, desc) = match self.model.i18n {
            Some(_) if self.rng.chance(30) => (None, "delete".to_string()),
            Some(_) => (Some(stamp), format!("edit (mark {stamp})")),
            None => (Some(stamp), format!("create (mark {stamp})")),
        };
        self.model.i18n = i18n;
        Some(Edit::new("ui strings", format!("{desc} themes/default/i18n/nl.yaml")))
    }

    pub(super) fn edit_static(&mut self) -> Option<Edit> {
        let stamp = self.id();
        let (css, desc) = match self.model.extra_css {
            Some(_) if self.rng.chance(30) => (None, "delete".to_string()),
            Some(_) => (Some(stamp), format!("edit (mark {stamp})")),
            None => (Some(stamp), format!("create (mark {stamp})")),
        };
        self.model.extra_css = css;
        Some(Edit::new("static", format!("{desc} static/extra.css")))
    }

    pub(super) fn edit_site(&mut self) -> Option<Edit> {
        let e = |what: String| Some(Edit::new("site.yaml", what));
        match self.rng.below(4) {
            0 => {
                self.model.title = format!("Kennisbank {}", capitalise(self.rng.word(NOUNS)));
                e(format!("title `{}`", self.model.title))
            }
            1 => {
                self.model.description = sentence(&mut self.rng);
                e("description".into())
            }
            2 => {
                let i = self.rng.below(self.model.taxonomies.len());
                let word = self.rng.word(NOUNS);
                let n = self.id();
                let term = Term {
                    slug: format!("{word}-{n}"),
                    title: format!("{} {n}", capitalise(word)),
                    description: format!("Alles over *{word}*."),
                    color: None,
                };
                let tax = &mut self.model.taxonomies[i];
                let at = self.rng.range(0, tax.terms.len());
                let desc = format!("add unused term {}: {}", tax.name, term.slug);
                tax.terms.insert(at, term);
                e(desc)
            }
            _ => {
                let unused: Vec<(usize, usize)> = (0..self.model.taxonomies.len())
                    .flat_map(|i| (0..self.model.taxonomies[i].terms.len()).map(move |j| (i, j)))
                    .filter(|&(i, j)| {
                        let t = &self.model.taxonomies[i];
                        t.terms.len() > 1 && !self.model.term_used(t.name, &t.terms[j].slug)
                    })
                    .collect();
                if unused.is_empty() {
                    return None;
                }
                let (i, j) = *self.rng.pick(&unused);
                let t = &mut self.model.taxonomies[i];
                let term = t.terms.remove(j);
                e(format!("remove unused term {}: {}", t.name, term.slug))
            }
        }
    }

    pub(super) fn edit_asset(&mut self) -> Option<Edit> {
        let e = |what: String| Some(Edit::new("asset", what));
        match self.rng.below(4) {
            0 => {
                let folders: Vec<String> = self.model.folders().into_iter().collect();
                let folder = self.rng.pick(&folders).clone();
                let id = self.new_asset(&folder, "schets");
                e(format!("new articles/{}", self.model.assets[&id].0))
            }
            1 => {
                let ids: Vec<u32> = self.model.assets.keys().copied().collect();
                if ids.is_empty() {
                    return None;
                }
                let id = *self.rng.pick(&ids);
                let stamp = self.id();
                let (rel, bytes) = self.model.assets.get_mut(&id).unwrap();
                *bytes = svg("bewerkt", stamp);
                e(format!("edit articles/{rel}"))
            }
            2 => {
                if self.model.assets.len() < 2 {
                    return None;
                }
                let ids: Vec<u32> = self.model.assets.keys().copied().collect();
                let id = *self.rng.pick(&ids);
                let (rel, _) = self.model.assets.remove(&id).unwrap();
                e(format!("delete articles/{rel} (images of it go too)"))
            }
            _ => {
                let id = self.pick_article(|_| true)?;
                let to = self.add_image(id)?;
                e(format!("show {to} in articles/{}", self.model.articles[&id].rel()))
            }
        }
    }
}

fn folder_is_new(model: &Model, folder: &str, except: u32) -> bool {
    !model.articles.iter().any(|(k, a)| *k != except && a.folder == folder)
}
