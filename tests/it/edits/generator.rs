//! The generator: the initial site (`ARTICLES` articles in folders two
//! levels deep, with links, anchors and images) and the next edit, drawn
//! from the seed. An edit changes the model; the files follow from it. The
//! edit kinds are in `kinds`, broken saves and their fixes in `broken`.

use std::collections::BTreeMap;

use super::broken::Fix;
use super::model::{Article, Block, Inline, Marker, Model, Taxonomy, Term};
use super::text::{
    date, heading_text, later, sentence, sentences, slugify, title, Rng, ADJECTIVES, FOLDER_WORDS, NAMES, NOUNS, SUBFOLDER_WORDS,
};
use super::ARTICLES;

/// One edit: what it was, for the log, and the files it renames (the rest
/// follows from the model).
pub(super) struct Edit {
    pub(super) kind: &'static str,
    pub(super) desc: String,
    pub(super) renames: Vec<(String, String)>,
}

impl Edit {
    pub(super) fn new(kind: &'static str, desc: impl Into<String>) -> Edit {
        Edit { kind, desc: desc.into(), renames: Vec::new() }
    }
}

pub(super) struct Gen {
    pub(super) rng: Rng,
    pub(super) model: Model,
    next_id: u32,
    /// Broken saves and the edit number at which they get fixed. A broken
    /// save in one file stays broken until its fix; one that breaks other
    /// files (their links, images or terms) may be repaired by chance
    /// meanwhile (the only link to a deleted article deleted too…), so the
    /// tree is then only maybe broken and check decides.
    pub(super) pending: Vec<(usize, Fix)>,
}

impl Gen {
    pub(super) fn new(seed: u64, builtin: BTreeMap<String, String>) -> Gen {
        let term = |slug: &str, title: &str, description: &str| Term {
            slug: slug.into(),
            title: title.into(),
            description: description.into(),
            color: None,
        };
        let mut pillars = vec![
            term("psychologische-veiligheid", "Psychologische veiligheid", "Een **veilig** gesprek, ook als het schuurt."),
            term("van-controle-naar-vertrouwen", "Van controle naar vertrouwen", "Sturen op resultaat in plaats van op uren."),
            term("gedeelde-verantwoordelijkheid", "Gedeelde verantwoordelijkheid", "Samen naar de beste oplossing."),
        ];
        pillars[1].color = Some("#0f766e");
        let model = Model {
            title: "Kennisbank Verbindend Leiderschap".into(),
            description: "Praktische kennis voor leidinggevenden, medewerkers & HR".into(),
            taxonomies: vec![
                Taxonomy { name: "pillars", title: "Pijlers", path: "pijlers", display: Some("colour"), terms: pillars },
                Taxonomy {
                    name: "competencies",
                    title: "Competenties",
                    path: "competenties",
                    display: None,
                    terms: vec![
                        term("communicatie-en-verbinding", "Communicatie en verbinding", "Helder communiceren."),
                        term("empathie-en-veiligheid", "Empathie en veiligheid creëren", "Ruimte voor emoties."),
                        term("zelfreflectie", "Zelfreflectie", "Stilstaan bij je eigen rol."),
                        term("coachend-leiden", "Coachend leiden", "Vragen stellen in plaats van antwoorden geven."),
                        term("besluitvaardigheid", "Besluitvaardigheid", "Knopen doorhakken, samen."),
                    ],
                },
                Taxonomy {
                    name: "roles",
                    title: "Rollen",
                    path: "rollen",
                    display: Some("audience"),
                    terms: vec![
                        term("medewerker", "Medewerker", "Voor medewerkers."),
                        term("leidinggevende", "Leidinggevende", "Voor leidinggevenden."),
                        term("hr", "HR", "Voor HR."),
                    ],
                },
            ],
            articles: BTreeMap::new(),
            assets: BTreeMap::new(),
            templates: BTreeMap::new(),
            i18n: None,
            extra_css: None,
            builtin,
            frozen: BTreeMap::new(),
            frozen_assets: BTreeMap::new(),
        };
        let mut g = Gen { rng: Rng(seed), model, next_id: 1, pending: Vec::new() };
        for (folder, name) in [("team", "schema"), ("beleid/thuiswerken", "kaart"), ("ontwikkeling", "groeimodel")] {
            g.new_asset(folder, name);
        }
        let folders = [
            "team",
            "beleid",
            "gesprekken",
            "verzuim",
            "werving",
            "ontwikkeling",
            "team/overleg",
            "beleid/thuiswerken",
            "gesprekken/feedback",
            "ontwikkeling/coaching",
        ];
        for _ in 0..ARTICLES {
            let folder = g.rng.pick(&folders).to_string();
            g.new_article(&folder);
        }
        let ids: Vec<u32> = g.model.articles.keys().copied().collect();
        for id in ids {
            for _ in 0..g.rng.range(0, 3) {
                g.add_link(id);
            }
            if g.rng.chance(10) {
                g.add_image(id);
            }
        }
        g
    }

    pub(super) fn id(&mut self) -> u32 {
        self.next_id += 1;
        self.next_id
    }

    pub(super) fn broken(&self) -> usize {
        self.pending.len()
    }

    /// Whether the tree is meant to be valid: yes, no, or maybe.
    pub(super) fn intent(&self) -> Option<bool> {
        if self.pending.is_empty() {
            Some(true)
        } else if self.pending.iter().any(|(_, f)| matches!(f, Fix::Article(_) | Fix::Template(..))) {
            Some(false)
        } else {
            None
        }
    }

    pub(super) fn new_asset(&mut self, folder: &str, name: &str) -> u32 {
        let id = self.id();
        let rel = format!("{folder}/{name}-{id}.svg");
        self.model.assets.insert(id, (rel, svg(name, id)));
        id
    }

    pub(super) fn new_article(&mut self, folder: &str) -> u32 {
        let id = self.id();
        let rng = &mut self.rng;
        let d = date(rng);
        let mut terms: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for t in &self.model.taxonomies {
            let mut chosen = Vec::new();
            for _ in 0..rng.range(0, 2) {
                let s = rng.pick(&t.terms).slug.clone();
                if !chosen.contains(&s) {
                    chosen.push(s);
                }
            }
            if !chosen.is_empty() {
                terms.insert(t.name, chosen);
            }
        }
        let mut a = Article {
            folder: folder.to_string(),
            file: format!("{}-{id}", slugify(&format!("{} {}", rng.word(NOUNS), rng.word(NOUNS)))),
            title: title(rng),
            date: d,
            updated: None,
            author: None,
            summary: None,
            slug: None,
            terms,
            aliases: Vec::new(),
            draft: rng.chance(6),
            blocks: vec![Block::Para(vec![Inline::Text(sentences(rng, 1, 3))])],
            broken: None,
            locked: false,
            style: rng.below(3),
        };
        if rng.chance(30) {
            a.updated = Some(later(rng, d));
        }
        if rng.chance(70) {
            a.author = Some(rng.word(NAMES).to_string());
        }
        if rng.chance(40) {
            a.summary = Some(sentence(rng));
        }
        if rng.chance(4) {
            a.slug = Some(format!("{}-{id}-x", rng.word(NOUNS)));
        }
        self.model.articles.insert(id, a);
        if self.rng.chance(10) {
            self.add_alias(id);
        }
        for _ in 0..self.rng.range(0, 4) {
            self.add_section(id, None);
        }
        id
    }

    /// A heading (level 2 or 3) with a paragraph or a list after it.
    pub(super) fn add_section(&mut self, id: u32, at: Option<usize>) -> String {
        let uid = self.id();
        let taken = self.model.articles[&id].heading_ids();
        let mut text = heading_text(&mut self.rng);
        let mut k = 2;
        while taken.contains(&slugify(&text)) {
            text = format!("{} {k}", heading_text(&mut self.rng));
            k += 1;
        }
        let explicit = self.rng.chance(15).then(|| format!("kop-{uid}"));
        let level = if self.rng.chance(25) { 3 } else { 2 };
        let mut after = if self.rng.chance(30) { self.list() } else { Block::Para(vec![Inline::Text(sentences(&mut self.rng, 1, 4))]) };
        if let (Block::Para(inl), true) = (&mut after, self.rng.chance(15)) {
            let (url, text) = *self.rng.pick(&[
                ("https://wetten.overheid.nl/", "de wet"),
                ("mailto:hr@example.nl", "mail HR"),
                ("/zoeken/?q=vertrouwen", "zoek verder"),
            ]);
            inl.push(Inline::Text(" Zie ".into()));
            inl.push(Inline::External { url: url.into(), text: text.into() });
            inl.push(Inline::Text(".".into()));
        }
        let a = self.model.articles.get_mut(&id).unwrap();
        let at = at.unwrap_or(a.blocks.len()).min(a.blocks.len());
        a.blocks.insert(at, after);
        a.blocks.insert(at, Block::Heading { uid, level, text: text.clone(), explicit });
        text
    }

    pub(super) fn list(&mut self) -> Block {
        let marker = *self.rng.pick(&[Marker::Bullet, Marker::Ordered, Marker::Task]);
        let n = self.rng.range(2, 4);
        let mut items = Vec::new();
        for _ in 0..n {
            let mut item = vec![Inline::Text(sentence(&mut self.rng))];
            if self.rng.chance(15) {
                item.push(Inline::Text(" ".into()));
                item.push(Inline::Strong(self.rng.word(NOUNS).to_string()));
            }
            items.push(item);
        }
        Block::List { marker, items }
    }

    /// A link from `id` to another published article, sometimes to one of
    /// its headings; returns the target's path.
    pub(super) fn add_link(&mut self, id: u32) -> Option<String> {
        let targets: Vec<u32> = self.model.articles.iter().filter(|(k, a)| **k != id && !a.draft && !a.locked).map(|(k, _)| *k).collect();
        if targets.is_empty() {
            return None;
        }
        let target = *self.rng.pick(&targets);
        self.add_link_to(id, target)
    }

    pub(super) fn add_link_to(&mut self, id: u32, target: u32) -> Option<String> {
        let heads = self.model.articles[&target].heading_uids();
        let anchor = if !heads.is_empty() && self.rng.chance(40) { Some(*self.rng.pick(&heads)) } else { None };
        let text = format!("{} {}", self.rng.word(ADJECTIVES), self.rng.word(NOUNS));
        let link = vec![Inline::Text(" Lees ook ".into()), Inline::Link { target, anchor, text }, Inline::Text(".".into())];
        let in_list = self.rng.chance(20);
        let a = self.model.articles.get_mut(&id).unwrap();
        let lists: Vec<usize> = (0..a.blocks.len()).filter(|&i| matches!(a.blocks[i], Block::List { .. })).collect();
        let paras = a.paras();
        if in_list && !lists.is_empty() {
            let i = lists[self.rng.below(lists.len())];
            if let Block::List { items, .. } = &mut a.blocks[i] {
                let j = self.rng.below(items.len());
                items[j].extend(link);
            }
        } else if !paras.is_empty() {
            let i = paras[self.rng.below(paras.len())];
            if let Block::Para(inl) = &mut a.blocks[i] {
                inl.extend(link);
            }
        } else {
            a.blocks.push(Block::Para(link));
        }
        let t = &self.model.articles[&target];
        Some(match anchor {
            Some(u) => format!("{}#{}", t.rel(), t.heading_id(u).unwrap_or_default()),
            None => t.rel(),
        })
    }

    pub(super) fn add_image(&mut self, id: u32) -> Option<String> {
        let assets: Vec<u32> = self.model.assets.keys().copied().collect();
        if assets.is_empty() {
            return None;
        }
        let asset = *self.rng.pick(&assets);
        let alt = format!("Schema van {}", self.rng.word(NOUNS));
        let a = self.model.articles.get_mut(&id).unwrap();
        let at = self.rng.range(1.min(a.blocks.len()), a.blocks.len());
        a.blocks.insert(at, Block::Image { asset, alt });
        Some(self.model.assets[&asset].0.clone())
    }

    pub(super) fn add_alias(&mut self, id: u32) -> String {
        let alias = format!("/oud/{}-{}/", self.rng.word(NOUNS), self.id());
        self.model.articles.get_mut(&id).unwrap().aliases.push(alias.clone());
        alias
    }

    /// A random article that `ok` accepts.
    pub(super) fn pick_article(&mut self, ok: impl Fn(&Article) -> bool) -> Option<u32> {
        let ids: Vec<u32> = self.model.articles.iter().filter(|(_, a)| !a.locked && ok(a)).map(|(k, _)| *k).collect();
        if ids.is_empty() {
            None
        } else {
            Some(*self.rng.pick(&ids))
        }
    }

    pub(super) fn new_folder(&mut self) -> String {
        let existing = self.model.folders();
        let tops: Vec<String> = existing.iter().filter(|f| !f.contains('/')).cloned().collect();
        if self.rng.chance(50) && !tops.is_empty() {
            format!("{}/{}-{}", self.rng.pick(&tops), self.rng.word(SUBFOLDER_WORDS), self.id())
        } else {
            format!("{}-{}", self.rng.word(FOLDER_WORDS), self.id())
        }
    }

    pub(super) fn next_edit(&mut self, n: usize) -> Edit {
        if self.pending.iter().any(|(due, _)| *due <= n) {
            return self.fix_next().unwrap();
        }
        const WEIGHTS: [(&str, usize); 11] = [
            ("body", 24),
            ("front matter", 20),
            ("rename", 6),
            ("delete", 4),
            ("new article", 7),
            ("template", 5),
            ("ui strings", 3),
            ("site.yaml", 4),
            ("static", 3),
            ("asset", 4),
            ("broken", 7),
        ];
        let total: usize = WEIGHTS.iter().map(|w| w.1).sum();
        let before = self.model.files();
        loop {
            let mut r = self.rng.below(total);
            let kind = WEIGHTS
                .iter()
                .find(|(_, w)| {
                    if r < *w {
                        true
                    } else {
                        r -= w;
                        false
                    }
                })
                .unwrap()
                .0;
            let edit = match kind {
                "body" => self.edit_body(),
                "front matter" => self.edit_front_matter(),
                "rename" => self.edit_rename(),
                "delete" => self.edit_delete(),
                "new article" => self.edit_new(),
                "template" => self.edit_template(),
                "ui strings" => self.edit_i18n(),
                "site.yaml" => self.edit_site(),
                "static" => self.edit_static(),
                "asset" => self.edit_asset(),
                _ => self.edit_broken(n),
            };
            // An edit that changes no file (an author set to the one it
            // had) is no edit: serve would have nothing to do.
            match edit {
                Some(e) if !e.renames.is_empty() || self.model.files() != before => return e,
                _ => {}
            }
        }
    }
}

pub(super) fn svg(name: &str, stamp: u32) -> Vec<u8> {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 40\"><title>{name} {stamp}</title><rect width=\"120\" height=\"40\" fill=\"#0f766e\"/><text x=\"8\" y=\"26\" fill=\"#fff\">{name} {stamp}</text></svg>\n"
    )
    .into_bytes()
}
