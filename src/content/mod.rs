//! Stage 2, discover: the files under `articles/` → sorted [`SourceFile`]s
//! (Markdown, as text) and [`Asset`]s (everything else, copied as is).
//!
//! This is the only stage that reads content. Paths are relative to
//! `articles/`, use `/` separators, and come out sorted, so every later stage
//! sees the same order whatever the file system returns. Hidden files and
//! editor leftovers (`.#x`, `x~`, `.swp`) are skipped.

pub mod folder_index;
pub mod front_matter;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::Fatal;

/// The folder that holds the articles, relative to the root.
pub const ARTICLES: &str = "articles";

/// A Markdown file, read and checked to be UTF-8.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Path relative to `articles/`, `/`-separated: `vertrouwen/knikkerpot.md`.
    pub rel: String,
    /// The file's text, shared with diagnostics.
    pub text: Arc<str>,
}

impl SourceFile {
    /// The path relative to the site root, as diagnostics name it.
    pub fn display_path(&self) -> String {
        format!("{ARTICLES}/{}", self.rel)
    }
}

/// A file beside the articles that is copied to the same place in the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `articles/`, `/`-separated.
    pub rel: String,
    pub path: PathBuf,
}

/// What discovery found.
#[derive(Debug, Clone, Default)]
pub struct Discovered {
    pub sources: Vec<SourceFile>,
    pub assets: Vec<Asset>,
}

/// Walks `<root>/articles`, reads every Markdown file and lists the assets.
/// Unreadable text (not UTF-8, or empty) becomes a diagnostic; a missing
/// folder gives an empty site.
pub fn discover(root: &Path) -> Result<(Discovered, Vec<Diagnostic>), Fatal> {
    let dir = root.join(ARTICLES);
    let mut found = Discovered::default();
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return Ok((found, diags));
    }
    let mut md_paths = Vec::new();
    let fence = dir.canonicalize().map_err(|source| Fatal::Io { path: dir.clone(), source })?;
    let mut walker = walkdir::WalkDir::new(&dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        // A broken link among the skipped names (an editor's `.#lock` file
        // points nowhere) is skipped like the rest.
        if let Err(e) = &entry {
            if e.path().and_then(Path::file_name).is_some_and(|n| is_ignored(&n.to_string_lossy())) {
                continue;
            }
        }
        let entry = entry.map_err(|e| Fatal::Io {
            path: e.path().map(Path::to_path_buf).unwrap_or_else(|| dir.clone()),
            source: e.into_io_error().unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        let rel = relative(&dir, entry.path());
        if let Some(target) = escaping_link(entry.path(), entry.path_is_symlink(), &fence) {
            diags.push(escaping_link_error(&format!("{ARTICLES}/{rel}"), &target, "articles/"));
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        if rel.ends_with(".md") {
            md_paths.push((rel, entry.into_path()));
        } else {
            found.assets.push(Asset { rel, path: entry.into_path() });
        }
    }
    // Reading is I/O bound on a cold cache and CPU bound (UTF-8 checks) on a
    // warm one; either way it parallelises.
    use rayon::prelude::*;
    let read: Vec<Result<Result<SourceFile, Box<Diagnostic>>, Fatal>> =
        md_paths.into_par_iter().map(|(rel, path)| read_source(rel, &path)).collect();
    for r in read {
        match r? {
            Ok(s) => found.sources.push(s),
            Err(d) => diags.push(*d),
        }
    }
    Ok((found, diags))
}

/// Reads one Markdown file into a [`SourceFile`], or a diagnostic when its
/// bytes are not usable text.
pub fn read_source(rel: String, path: &Path) -> Result<Result<SourceFile, Box<Diagnostic>>, Fatal> {
    let bytes = std::fs::read(path).map_err(|source| Fatal::Io { path: path.to_path_buf(), source })?;
    Ok(source_from_bytes(rel, bytes))
}

/// Checks a Markdown file's bytes: UTF-8, not empty.
pub fn source_from_bytes(rel: String, bytes: Vec<u8>) -> Result<SourceFile, Box<Diagnostic>> {
    let display = format!("{ARTICLES}/{rel}");
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = first_bad_utf8_line(e.as_bytes());
            let bad = e.utf8_error().valid_up_to();
            let col = e.as_bytes()[..bad].iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            return Err(Box::new(
                Diagnostic::at_line(&display, line, col, "the file is not valid UTF-8")
                    .with_hint("save it with UTF-8 encoding (in most editors: \"Save with encoding\" → UTF-8)"),
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::at_line(&display, 1, 1, "the file is empty")
                .with_hint("add front matter with at least `title:` and `date:`, or delete the file"),
        ));
    }
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok(SourceFile { rel, text: Arc::from(text) })
}

/// The 1-based line of the first byte that is not valid UTF-8.
pub fn first_bad_utf8_line(bytes: &[u8]) -> usize {
    let valid = match std::str::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    bytes[..valid].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Where a symbolic link leads, when that is outside `fence` (a
/// canonical folder): such links are never followed, so a site cannot
/// publish files from elsewhere on the machine that builds it (the build
/// server of a merge request, say). A link that stays inside is followed.
pub fn escaping_link(path: &Path, is_link: bool, fence: &Path) -> Option<PathBuf> {
    if !is_link {
        return None;
    }
    match path.canonicalize() {
        Ok(target) if target.starts_with(fence) => None,
        Ok(target) => Some(target),
        Err(_) => Some(std::fs::read_link(path).unwrap_or_default()),
    }
}

/// The error for a link that [`escaping_link`] refused.
pub fn escaping_link_error(file: &str, target: &Path, inside: &str) -> Diagnostic {
    let target = crate::diagnostics::visible(&target.to_string_lossy());
    Diagnostic::at_line(file, 1, 1, format!("symbolic link to `{target}`, outside `{inside}`; it is not followed"))
        .with_hint(format!("copy the file or folder into `{inside}` instead of linking to it, or remove the link"))
}

/// Names that discovery and the watcher skip: hidden files and editor temps.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('#') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn relative(base: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(base).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_utf8_names_its_line() {
        let e = source_from_bytes("a.md".into(), b"---\ntitle: x\n\xff\n".to_vec()).unwrap_err();
        assert_eq!((e.line, e.column), (3, 1));
        assert_eq!(e.file, "articles/a.md");
    }

    #[test]
    fn empty_files_are_errors() {
        let e = source_from_bytes("a.md".into(), b"  \n".to_vec()).unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn editor_temps_are_ignored() {
        assert!(is_ignored(".x.md.swp"));
        assert!(is_ignored("x.md~"));
        assert!(!is_ignored("x.md"));
    }
}
