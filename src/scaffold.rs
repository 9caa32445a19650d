//! `leidraad new` and `leidraad init`: files that start an article or a site.
//! Both validate what they write with the same stages the build uses, so a
//! scaffold always builds.

use std::path::{Path, PathBuf};

use crate::config::{self, Overrides};
use crate::content::{front_matter, SourceFile, ARTICLES};
use crate::diagnostics::{self, Diagnostic};
use crate::pipeline::Failure;
use crate::Fatal;

/// What `leidraad new` was asked for.
pub struct NewArticle {
    pub path: PathBuf,
    pub title: String,
    /// (taxonomy name, term slug) pairs.
    pub terms: Vec<(String, String)>,
    pub author: Option<String>,
    /// Front matter `owner`.
    pub owner: Option<String>,
}

/// Writes a new article under a site's `articles/` folder.
pub fn new_article(req: &NewArticle) -> Result<PathBuf, Failure> {
    let mut path = crate::output::absolute(&req.path);
    if path.extension().is_none_or(|e| e != "md") {
        path.set_extension("md");
    }
    let root = find_root(&path).ok_or_else(|| {
        Fatal::Usage(format!("`{}` is not under the `articles/` folder of a site (a folder with site.yaml)", req.path.display()))
    })?;
    if path.exists() {
        return Err(Fatal::Usage(format!("`{}` already exists; leidraad new does not overwrite", req.path.display())).into());
    }
    // `articles/link/x.md`, where `link` points elsewhere, would be written
    // outside the site.
    let articles = root.join(ARTICLES).canonicalize().map_err(|source| Fatal::Io { path: root.join(ARTICLES), source })?;
    if !crate::output::resolve_existing(&path).starts_with(&articles) {
        return Err(Fatal::Usage(format!(
            "`{}` leads out of the site's `articles/` folder through a symbolic link; leidraad new writes only inside it",
            req.path.display()
        ))
        .into());
    }
    let config = config::load(&root, &Overrides::default()).map_err(Failure::Content)?;
    let mut diags = Vec::new();
    let mut by_tax: Vec<(String, Vec<String>)> = config.taxonomies.iter().map(|t| (t.name.clone(), Vec::new())).collect();
    for (tax_name, slug) in &req.terms {
        let Some(tax) = config.taxonomy(tax_name) else {
            let hint = diagnostics::closest(tax_name, config.taxonomies.iter().map(|t| t.name.as_str()))
                .map_or_else(|| "declare it in site.yaml".to_string(), |s| format!("did you mean `{s}`?"));
            diags.push(Diagnostic::at_line(config::FILE, 1, 1, format!("site.yaml declares no taxonomy `{tax_name}`")).with_hint(hint));
            continue;
        };
        if tax.terms.iter().any(|t| &t.slug == slug) {
            let entry = by_tax.iter_mut().find(|(n, _)| n == tax_name).expect("every taxonomy has an entry");
            if !entry.1.contains(slug) {
                entry.1.push(slug.clone());
            }
        } else {
            let hint = match diagnostics::closest(slug, tax.terms.iter().map(|t| t.slug.as_str())) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declared terms: {}", tax.terms.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(", ")),
            };
            diags.push(Diagnostic::at_line(config::FILE, 1, 1, format!("`{slug}` is not a declared term of `{tax_name}`")).with_hint(hint));
        }
    }
    if !diags.is_empty() {
        return Err(Failure::Content(diags));
    }
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d");
    let mut text = format!("---\ntitle: {}\ndate: {today}\n", quote(&req.title));
    if let Some(a) = &req.author {
        text.push_str(&format!("author: {}\n", quote(a)));
    }
    if let Some(o) = &req.owner {
        text.push_str(&format!("owner: {}\n", quote(o)));
    }
    for (name, slugs) in &by_tax {
        text.push_str(&format!("{name}: [{}]\n", slugs.join(", ")));
    }
    text.push_str("---\n\n");
    text.push_str(if config.language == "en" {
        "Start with an introduction.\n\n## First section\n\nWrite here.\n"
    } else {
        "Begin met een inleiding.\n\n## Eerste kop\n\nSchrijf hier verder.\n"
    });
    let rel = path.strip_prefix(root.join(ARTICLES)).unwrap_or(&path).to_string_lossy().replace('\\', "/");
    // The same parse the build does: what `new` writes always builds.
    front_matter::parse(&SourceFile { rel, text: text.as_str().into() }, &config).map_err(Failure::Content)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Fatal::Io { path: dir.to_path_buf(), source })?;
    }
    std::fs::write(&path, text).map_err(|source| Fatal::Io { path: path.clone(), source })?;
    Ok(path)
}

/// The site whose `articles/` folder holds `path`.
fn find_root(path: &Path) -> Option<PathBuf> {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if d.file_name().is_some_and(|n| n == ARTICLES) {
            if let Some(root) = d.parent() {
                if root.join(config::FILE).is_file() {
                    return Some(root.to_path_buf());
                }
            }
        }
        dir = d.parent();
    }
    None
}

/// A YAML double-quoted string (JSON strings are valid YAML).
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}

const INIT_SITE: &str = include_str!("../themes/default/init/site.yaml");
const INIT_ARTICLE: &str = include_str!("../themes/default/init/welkom.md");

/// Creates a new site in `dir`: site.yaml, one article, a .gitignore.
pub fn init(dir: &Path) -> Result<(), Failure> {
    if dir.join(config::FILE).exists() {
        return Err(Fatal::Usage(format!("`{}` already has a site.yaml; init does not overwrite", dir.display())).into());
    }
    if dir.join(ARTICLES).exists() {
        return Err(Fatal::Usage(format!("`{}` already has an articles/ folder; init does not overwrite", dir.display())).into());
    }
    let write = |rel: &str, text: &str| -> Result<(), Fatal> {
        let p = dir.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).map_err(|source| Fatal::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&p, text).map_err(|source| Fatal::Io { path: p.clone(), source })
    };
    let today = chrono::Local::now().date_naive().format("%Y-%m-%d").to_string();
    write(config::FILE, INIT_SITE)?;
    write("articles/aan-de-slag/welkom.md", &INIT_ARTICLE.replace("{{DATE}}", &today))?;
    if !dir.join(".gitignore").exists() {
        // The output, and the previous output kept beside it (see output.rs).
        write(".gitignore", "/public\n/.public.*\n")?;
    }
    Ok(())
}
