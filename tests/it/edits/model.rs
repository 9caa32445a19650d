//! The site model: site.yaml with its taxonomies and terms, the articles as
//! blocks and inlines, the images beside them, and the template, UI string
//! and static file overrides. Files are always written from it
//! (`Model::files`), so a link, an anchor or an image follows its target
//! through renames, and disappears with it; only the links and images a
//! broken save froze keep pointing at the old place.

use std::collections::{BTreeMap, BTreeSet};

use super::text::{relative, show_date, slugify, yaml_quote, Date};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Breakage {
    /// A line in the front matter that is not YAML.
    BadYaml,
    /// A term that site.yaml does not declare.
    UndeclaredTerm,
    /// A link to an article that does not exist.
    MissingArticle,
    /// A link to a heading that does not exist.
    MissingHeading,
}

#[derive(Clone)]
pub(super) struct Term {
    pub(super) slug: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) color: Option<&'static str>,
}

pub(super) struct Taxonomy {
    pub(super) name: &'static str,
    pub(super) title: &'static str,
    pub(super) path: &'static str,
    pub(super) display: Option<&'static str>,
    pub(super) terms: Vec<Term>,
}

#[derive(Clone)]
pub(super) enum Inline {
    Text(String),
    Strong(String),
    /// To an article by id, optionally to one of its headings (by uid).
    Link {
        target: u32,
        anchor: Option<u32>,
        text: String,
    },
    External {
        url: String,
        text: String,
    },
}

#[derive(Clone, Copy)]
pub(super) enum Marker {
    Bullet,
    Ordered,
    Task,
}

#[derive(Clone)]
pub(super) enum Block {
    Heading { uid: u32, level: usize, text: String, explicit: Option<String> },
    Para(Vec<Inline>),
    List { marker: Marker, items: Vec<Vec<Inline>> },
    Image { asset: u32, alt: String },
}

#[derive(Clone)]
pub(super) struct Article {
    pub(super) folder: String,
    pub(super) file: String,
    pub(super) title: String,
    pub(super) date: Date,
    pub(super) updated: Option<Date>,
    pub(super) author: Option<String>,
    pub(super) summary: Option<String>,
    pub(super) slug: Option<String>,
    pub(super) terms: BTreeMap<&'static str, Vec<String>>,
    pub(super) aliases: Vec<String>,
    pub(super) draft: bool,
    pub(super) blocks: Vec<Block>,
    pub(super) broken: Option<(Breakage, u32)>,
    /// Links to it are frozen (see `Model::frozen`): no edit touches it.
    pub(super) locked: bool,
    /// How term lists are written: `[a, b]`, a bare slug, or a block list.
    pub(super) style: usize,
}

impl Article {
    pub(super) fn rel(&self) -> String {
        format!("{}/{}.md", self.folder, self.file)
    }

    pub(super) fn heading_id(&self, uid: u32) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Heading { uid: u, text, explicit, .. } if *u == uid => Some(explicit.clone().unwrap_or_else(|| slugify(text))),
            _ => None,
        })
    }

    pub(super) fn heading_uids(&self) -> Vec<u32> {
        self.blocks.iter().filter_map(|b| if let Block::Heading { uid, .. } = b { Some(*uid) } else { None }).collect()
    }

    pub(super) fn heading_ids(&self) -> BTreeSet<String> {
        self.heading_uids().into_iter().filter_map(|u| self.heading_id(u)).collect()
    }

    pub(super) fn paras(&self) -> Vec<usize> {
        (0..self.blocks.len()).filter(|&i| matches!(self.blocks[i], Block::Para(_))).collect()
    }
}

#[derive(Clone, PartialEq)]
pub(super) struct Template {
    pub(super) stamp: u32,
    pub(super) broken: bool,
}

pub(super) struct Model {
    pub(super) title: String,
    pub(super) description: String,
    pub(super) taxonomies: Vec<Taxonomy>,
    pub(super) articles: BTreeMap<u32, Article>,
    /// Files beside the articles: path under `articles/` and bytes.
    pub(super) assets: BTreeMap<u32, (String, Vec<u8>)>,
    /// `templates/<name>` or `themes/default/templates/<name>` → override.
    pub(super) templates: BTreeMap<String, Template>,
    /// The site's `themes/default/i18n/nl.yaml`.
    pub(super) i18n: Option<u32>,
    /// `static/extra.css`.
    pub(super) extra_css: Option<u32>,
    pub(super) builtin: BTreeMap<String, String>,
    /// Articles whose links are written as they were before a broken save
    /// moved, deleted, drafted or renamed a heading of their target: its
    /// old path and heading ids.
    pub(super) frozen: BTreeMap<u32, Frozen>,
    /// Images of deleted assets, kept pointing at their old path.
    pub(super) frozen_assets: BTreeMap<u32, String>,
}

pub(super) struct Frozen {
    pub(super) rel: String,
    pub(super) ids: BTreeMap<u32, String>,
}

impl Model {
    /// Every file of the site, relative to its root.
    pub(super) fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut out = BTreeMap::new();
        out.insert("site.yaml".to_string(), self.site_yaml().into_bytes());
        for id in self.articles.keys() {
            out.insert(format!("articles/{}", self.articles[id].rel()), self.article_text(*id).into_bytes());
        }
        for (rel, bytes) in self.assets.values() {
            out.insert(format!("articles/{rel}"), bytes.clone());
        }
        for (key, t) in &self.templates {
            let name = key.rsplit('/').next().unwrap_or(key);
            out.insert(key.clone(), template_text(&self.builtin[name], name, t).into_bytes());
        }
        if let Some(stamp) = self.i18n {
            out.insert(
                "themes/default/i18n/nl.yaml".to_string(),
                format!("# Eigen teksten van deze kennisbank\nfooter_made_with: \"Gemaakt met leidraad, versie {stamp}\"\nnewest_articles: \"Nieuw in de kennisbank ({stamp})\"\n")
                    .into_bytes(),
            );
        }
        if let Some(stamp) = self.extra_css {
            out.insert(
                "static/extra.css".to_string(),
                format!("/* versie {stamp} */\n.aangepast {{ color: #0f766e; margin: {}px; }}\n", stamp % 17).into_bytes(),
            );
        }
        out
    }

    fn site_yaml(&self) -> String {
        let mut s = format!(
            "# De instellingen van deze kennisbank\ntitle: {}\ndescription: {}\nbase_url: \"https://kennisbank.example.nl/\"\nlanguage: nl\ntheme: default\ntaxonomies:\n",
            yaml_quote(&self.title),
            yaml_quote(&self.description)
        );
        for t in &self.taxonomies {
            s.push_str(&format!("  - name: {}\n    title: {}\n    path: {}\n", t.name, t.title, t.path));
            if let Some(d) = t.display {
                s.push_str(&format!("    display: {d}\n"));
            }
            s.push_str("    terms:\n");
            for term in &t.terms {
                s.push_str(&format!(
                    "      - slug: {}\n        title: {}\n        description: {}\n",
                    term.slug,
                    yaml_quote(&term.title),
                    yaml_quote(&term.description)
                ));
                if let Some(c) = term.color {
                    s.push_str(&format!("        color: \"{c}\"\n"));
                }
            }
        }
        s
    }

    fn article_text(&self, id: u32) -> String {
        let a = &self.articles[&id];
        let mut fm = format!("title: {}\n", yaml_quote(&a.title));
        if let Some((Breakage::BadYaml, _)) = a.broken {
            fm.push_str("Dit is geen sleutel\n");
        }
        fm.push_str(&format!("date: {}\n", show_date(a.date)));
        if let Some(u) = a.updated {
            fm.push_str(&format!("updated: {}\n", show_date(u)));
        }
        if let Some(x) = &a.author {
            fm.push_str(&format!("author: {}\n", yaml_quote(x)));
        }
        if let Some(x) = &a.summary {
            fm.push_str(&format!("summary: {}\n", yaml_quote(x)));
        }
        if let Some(x) = &a.slug {
            fm.push_str(&format!("slug: {x}\n"));
        }
        for t in &self.taxonomies {
            let mut slugs = a.terms.get(t.name).cloned().unwrap_or_default();
            if let (Some((Breakage::UndeclaredTerm, n)), "pillars") = (a.broken, t.name) {
                slugs.push(format!("onbekende-term-{n}"));
            }
            if slugs.is_empty() {
                continue;
            }
            match a.style % 3 {
                1 if slugs.len() == 1 => fm.push_str(&format!("{}: {}\n", t.name, slugs[0])),
                2 => {
                    fm.push_str(&format!("{}:\n", t.name));
                    for s in &slugs {
                        fm.push_str(&format!("  - {s}\n"));
                    }
                }
                _ => fm.push_str(&format!("{}: [{}]\n", t.name, slugs.join(", "))),
            }
        }
        if !a.aliases.is_empty() {
            fm.push_str(&format!("aliases: [{}]\n", a.aliases.iter().map(|x| yaml_quote(x)).collect::<Vec<_>>().join(", ")));
        }
        if a.draft {
            fm.push_str("draft: true\n");
        }
        let mut body: Vec<String> = a.blocks.iter().filter_map(|b| self.block_text(a, b)).collect();
        match a.broken {
            Some((Breakage::MissingArticle, n)) => body.push(format!("Zie ook [een verdwenen stuk](verdwenen-stuk-{n}.md).")),
            Some((Breakage::MissingHeading, n)) => body.push(format!("Lees ook [deze kop]({}.md#bestaat-niet-{n}).", a.file)),
            _ => {}
        }
        format!("---\n{fm}---\n\n{}\n", body.join("\n\n"))
    }

    fn block_text(&self, a: &Article, b: &Block) -> Option<String> {
        Some(match b {
            Block::Heading { level, text, explicit, .. } => match explicit {
                Some(id) => format!("{} {text} {{#{id}}}", "#".repeat(*level)),
                None => format!("{} {text}", "#".repeat(*level)),
            },
            Block::Para(inl) => self.inlines(a, inl),
            Block::List { marker, items } => items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let m = match marker {
                        Marker::Bullet => "-".to_string(),
                        Marker::Ordered => format!("{}.", i + 1),
                        Marker::Task => if i % 2 == 0 { "- [ ]" } else { "- [x]" }.to_string(),
                    };
                    format!("{m} {}", self.inlines(a, item))
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Image { asset, alt } => {
                let rel = self.assets.get(asset).map(|(rel, _)| rel).or_else(|| self.frozen_assets.get(asset))?;
                format!("![{alt}]({})", relative(&a.folder, rel))
            }
        })
    }

    fn inlines(&self, a: &Article, inl: &[Inline]) -> String {
        let mut s = String::new();
        for i in inl {
            match i {
                Inline::Text(t) => s.push_str(t),
                Inline::Strong(t) => s.push_str(&format!("**{t}**")),
                Inline::External { url, text } => s.push_str(&format!("[{text}]({url})")),
                Inline::Link { target, anchor, text } if self.frozen.contains_key(target) => {
                    let f = &self.frozen[target];
                    let mut dest = relative(&a.folder, &f.rel);
                    if let Some(id) = anchor.and_then(|u| f.ids.get(&u).cloned()) {
                        dest.push('#');
                        dest.push_str(&id);
                    }
                    s.push_str(&format!("[{text}]({dest})"));
                }
                Inline::Link { target, anchor, text } => match self.articles.get(target).filter(|t| !t.draft) {
                    Some(t) => {
                        let mut dest = relative(&a.folder, &t.rel());
                        if let Some(id) = anchor.and_then(|u| t.heading_id(u)) {
                            dest.push('#');
                            dest.push_str(&id);
                        }
                        s.push_str(&format!("[{text}]({dest})"));
                    }
                    None => s.push_str(text),
                },
            }
        }
        s
    }

    pub(super) fn folders(&self) -> BTreeSet<String> {
        self.articles.values().map(|a| a.folder.clone()).collect()
    }

    pub(super) fn term_used(&self, tax: &str, slug: &str) -> bool {
        self.articles.values().any(|a| a.terms.get(tax).is_some_and(|v| v.iter().any(|s| s == slug)))
    }
}

/// A copy of a built-in template with a small visible change.
fn template_text(builtin: &str, name: &str, t: &Template) -> String {
    let stamp = t.stamp;
    let mark = format!("<p class=\"aangepast\">Aangepast {stamp}</p>");
    let changed = match name {
        "base.html" => replace_once(builtin, "</footer>", &format!("{mark}\n</footer>")),
        "card.html" => replace_once(builtin, "<h3 class=\"card-title\">", &format!("<h3 class=\"card-title\" data-versie=\"{stamp}\">")),
        "atom.xml" => replace_once(builtin, "<generator>leidraad</generator>", &format!("<generator>leidraad {stamp}</generator>")),
        "alias.html" => replace_once(builtin, "<body>\n", &format!("<body>\n{mark}\n")),
        "components.html" => replace_once(builtin, "<ul class=\"badges", &format!("<ul data-versie=\"{stamp}\" class=\"badges")),
        _ => replace_once(builtin, "{% block main %}", &format!("{{% block main %}}\n{mark}")),
    };
    let mut text = changed.unwrap_or_else(|| format!("{builtin}\n<!-- Aangepast {stamp} -->\n"));
    if t.broken {
        // An `if` that is never closed: a syntax error at the end of the file.
        text.push_str("\n{% if site.title %}<p>Half af</p>\n");
    }
    text
}

fn replace_once(s: &str, from: &str, to: &str) -> Option<String> {
    s.contains(from).then(|| s.replacen(from, to, 1))
}
