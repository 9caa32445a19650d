//! Watch events → a [`ChangeSet`]: which kind of input changed. Pure, so it
//! is unit-tested without a file system watcher.

use std::path::{Path, PathBuf};

use crate::content::{is_ignored, ARTICLES};
pub use crate::pipeline::ChangeSet;

/// Sorts changed paths into a change set. `is_dir` tells whether a path is a
/// folder now (a renamed or deleted folder of articles needs a rescan).
pub fn classify(root: &Path, theme: &str, paths: &[PathBuf], is_dir: &dyn Fn(&Path) -> bool) -> ChangeSet {
    let mut set = ChangeSet::default();
    let theme_dir = Path::new("themes").join(theme);
    for path in paths {
        let Ok(rel) = path.strip_prefix(root) else { continue };
        if rel.components().any(|c| is_ignored(&c.as_os_str().to_string_lossy())) {
            continue;
        }
        if rel == Path::new(crate::config::FILE) {
            set.config = true;
        } else if !rel.as_os_str().is_empty() && theme_dir.starts_with(rel) {
            // `themes/` or `themes/<theme>/` itself, made or removed whole.
            set.templates = true;
            set.statics = true;
        } else if rel == Path::new(ARTICLES) {
            set.assets = true;
        } else if let Ok(inner) = rel.strip_prefix(ARTICLES) {
            let inner = inner.to_string_lossy().replace('\\', "/");
            if inner.ends_with(".md") {
                set.articles.insert(inner);
            } else if !inner.is_empty() || is_dir(path) {
                set.assets = true;
            }
        } else if rel.starts_with("templates") || rel.starts_with(theme_dir.join("templates")) || rel.starts_with(theme_dir.join("i18n")) {
            set.templates = true;
        } else if rel.starts_with("static") || rel.starts_with(theme_dir.join("static")) {
            set.statics = true;
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(paths: &[&str]) -> ChangeSet {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = paths.iter().map(|p| root.join(p)).collect();
        classify(root, "default", &paths, &|p| p.extension().is_none())
    }

    #[test]
    fn sorts_paths_by_kind() {
        assert!(run(&["site.yaml"]).config);
        assert!(run(&["templates/article.html"]).templates);
        assert!(run(&["themes/default/templates/base.html"]).templates);
        assert!(run(&["themes/default/i18n/nl.yaml"]).templates);
        assert!(run(&["themes/default/static/style.css"]).statics);
        assert!(run(&["static/logo.svg"]).statics);
        assert!(run(&["articles/a/schema.svg"]).assets);
        assert!(run(&["articles/a"]).assets, "a folder of articles renamed");
        let whole = run(&["themes"]);
        assert!(whole.templates && whole.statics, "the theme folder made or removed whole");
        assert!(run(&["themes/default"]).templates);
        assert!(run(&["templates"]).templates);
        assert!(run(&["articles"]).assets);
        let s = run(&["articles/a/x.md", "articles/b.md"]);
        assert!(s.only_articles());
        assert_eq!(s.articles.iter().cloned().collect::<Vec<_>>(), vec!["a/x.md", "b.md"]);
    }

    #[test]
    fn ignores_output_editor_temps_and_other_themes() {
        assert!(run(&[
            "public/index.html",
            "target/x",
            "articles/.x.md.swp",
            "articles/x.md~",
            "articles/.#x.md",
            "themes/other/templates/a.html"
        ])
        .is_empty());
    }

    #[test]
    fn describes_changes_briefly() {
        assert_eq!(run(&["articles/a/x.md"]).describe(), "articles/a/x.md");
        assert_eq!(run(&["site.yaml", "templates/a.html"]).describe(), "site.yaml, templates");
    }
}
