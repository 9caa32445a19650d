//! The folders stage (spec section 10): every folder under `articles/` that
//! holds an article (at any depth) or an `_index.md` → a [`Folder`], with
//! its title, introduction, sub-folders in order and its own articles,
//! newest first. Part of assembling; a pure function of the articles and
//! the parsed `_index.md` files.
//!
//! Sibling folders are ordered by `weight` (default 0), then title, then
//! path. A folder without `_index.md` is titled after its name
//! ([`crate::render::views::folder_title`]).

use std::collections::BTreeMap;

use crate::content::folder_index::FolderIndex;
use crate::site::{Article, Folder};

/// One `_index.md` with its introduction rendered.
pub struct Described<'a> {
    pub index: &'a FolderIndex,
    pub intro_html: String,
}

/// Every folder of the site, sorted by path, with parents and children linked.
pub fn build(articles: &[Article], described: &[Described]) -> Vec<Folder> {
    let mut paths: BTreeMap<String, Option<usize>> = BTreeMap::new();
    let mut add_with_ancestors = |folder: &str| {
        let mut p = folder;
        while !p.is_empty() {
            paths.entry(p.to_string()).or_insert(None);
            p = p.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    };
    for a in articles {
        add_with_ancestors(&a.folder);
    }
    for d in described {
        add_with_ancestors(&d.index.folder);
    }
    for (i, d) in described.iter().enumerate() {
        if let Some(slot) = paths.get_mut(&d.index.folder) {
            *slot = Some(i);
        }
    }
    let position: BTreeMap<&str, usize> = paths.keys().enumerate().map(|(i, p)| (p.as_str(), i)).collect();
    let mut folders: Vec<Folder> = paths
        .iter()
        .map(|(path, described_at)| {
            let d = described_at.map(|i| &described[i]);
            let name = path.rsplit('/').next().unwrap_or(path);
            Folder {
                path: path.clone(),
                url: crate::markdown::encode_path(&format!("{path}/")),
                title: d.and_then(|d| d.index.title.clone()).unwrap_or_else(|| crate::render::views::folder_title(name)),
                description: d.and_then(|d| d.index.description.clone()).unwrap_or_default(),
                intro_html: d.map(|d| d.intro_html.clone()).unwrap_or_default(),
                weight: d.map_or(0, |d| d.index.weight),
                source: d.map(|d| d.index.source.rel.clone()),
                parent: path.rsplit_once('/').and_then(|(parent, _)| position.get(parent).copied()),
                folders: Vec::new(),
                articles: Vec::new(),
                total: 0,
            }
        })
        .collect();
    let mut newest: Vec<usize> = (0..articles.len()).collect();
    newest.sort_by(|&a, &b| Article::newest_first(&articles[a], &articles[b]));
    for i in newest {
        if let Some(&f) = position.get(articles[i].folder.as_str()) {
            folders[f].articles.push(i);
            let mut up = Some(f);
            while let Some(u) = up {
                folders[u].total += 1;
                up = folders[u].parent;
            }
        }
    }
    for f in 0..folders.len() {
        if let Some(p) = folders[f].parent {
            folders[p].folders.push(f);
        }
    }
    for f in 0..folders.len() {
        let mut children = std::mem::take(&mut folders[f].folders);
        children.sort_by(|&a, &b| sibling_order(&folders, a, b));
        folders[f].folders = children;
    }
    folders
}

/// Weight, then title, then path.
fn sibling_order(folders: &[Folder], a: usize, b: usize) -> std::cmp::Ordering {
    let (x, y) = (&folders[a], &folders[b]);
    x.weight.cmp(&y.weight).then_with(|| x.title.cmp(&y.title)).then_with(|| x.path.cmp(&y.path))
}

/// The top-level folders, in order: what the home page leads into.
pub fn top_level(folders: &[Folder]) -> Vec<usize> {
    let mut top: Vec<usize> = (0..folders.len()).filter(|&f| folders[f].parent.is_none()).collect();
    top.sort_by(|&a, &b| sibling_order(folders, a, b));
    top
}
