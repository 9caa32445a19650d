//! A folder's `_index.md` (spec section 10) → [`FolderIndex`]: the folder
//! page's title, its order among sibling folders (`weight`) and its
//! Markdown introduction (the body). It is not an article: no date, no
//! terms. Front matter is optional; a file without it is all introduction.

use std::sync::Arc;

use serde_yaml::Value;

use super::front_matter::{key_spans, split};
use super::SourceFile;
use crate::diagnostics::{self, Diagnostic};

/// The file name that describes its folder.
pub const FILE_NAME: &str = "_index.md";

/// The keys `_index.md` knows.
const KEYS: [&str; 3] = ["title", "weight", "description"];

/// Whether a path relative to `articles/` is a folder's `_index.md`.
pub fn is_folder_index(rel: &str) -> bool {
    rel == FILE_NAME || rel.ends_with(&format!("/{FILE_NAME}"))
}

/// A parsed `_index.md`.
#[derive(Debug, Clone)]
pub struct FolderIndex {
    pub source: SourceFile,
    /// The folder relative to `articles/` (`a/b`, or empty for `articles/`).
    pub folder: String,
    pub title: Option<String>,
    /// Order among sibling folders: lower first; then by title.
    pub weight: i64,
    /// Plain text for the page's `<meta name="description">`.
    pub description: Option<String>,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

/// Parses an `_index.md`; every problem is located in the file.
pub fn parse(source: &SourceFile) -> Result<FolderIndex, Vec<Diagnostic>> {
    let file = source.display_path();
    let text = &source.text;
    let folder = source.rel.strip_suffix(FILE_NAME).unwrap_or("").trim_end_matches('/').to_string();
    let mut index = FolderIndex { source: source.clone(), folder, title: None, weight: 0, description: None, body_start: 0 };
    let Some(parts) = split(text) else {
        return Ok(index);
    };
    index.body_start = parts.body_start;
    let yaml = &text[parts.yaml.clone()];
    if yaml.trim().is_empty() {
        return Ok(index);
    }
    let value: Value = serde_yaml::from_str(yaml).map_err(|e| vec![diagnostics::yaml_error(&file, text, parts.yaml.start, &e)])?;
    let Value::Mapping(map) = value else {
        return Err(vec![Diagnostic::at(&file, text, parts.yaml.clone(), "front matter must be `key: value` lines")
            .with_hint("write `title: \"…\"` and `weight: 10`")]);
    };
    let spans = key_spans(text, &parts.yaml);
    let span = |key: &str| spans.get(key).map_or(0..3, |s| s.0.clone());
    let mut diags = Vec::new();
    let mut err = |key: &str, msg: String, hint: String| diags.push(Diagnostic::at(&file, text, span(key), msg).with_hint(hint));
    for (k, v) in &map {
        let key = k.as_str().unwrap_or("");
        match (key, v) {
            ("title", Value::String(s)) if !s.trim().is_empty() => index.title = Some(s.trim().to_string()),
            ("title", _) => err(key, "the title must be non-empty text".into(), "write `title: \"Beleid\"`".into()),
            ("weight", Value::Number(n)) if n.as_i64().is_some() => index.weight = n.as_i64().unwrap_or(0),
            ("weight", _) => err(key, "`weight` must be a whole number".into(), "write `weight: 10`; lower numbers come first".into()),
            ("description", Value::String(s)) => index.description = Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            ("description", _) => err(key, "`description` must be text".into(), "write `description: \"…\"` on one line".into()),
            _ => {
                let hint = match diagnostics::closest(key, KEYS) {
                    Some(s) => format!("did you mean `{s}`? `_index.md` describes a folder, not an article"),
                    None => format!("`_index.md` knows {}; it describes a folder, not an article", KEYS.join(", ")),
                };
                err(key, format!("unknown `_index.md` key `{key}`"), hint);
            }
        }
    }
    if diags.is_empty() {
        Ok(index)
    } else {
        Err(diags)
    }
}

/// The body (Markdown introduction) of an `_index.md`.
pub fn body(index: &FolderIndex) -> &str {
    &index.source.text[index.body_start..]
}

/// A shared text, for the render stage's diagnostics.
pub fn text(index: &FolderIndex) -> &Arc<str> {
    &index.source.text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(rel: &str, text: &str) -> SourceFile {
        SourceFile { rel: rel.into(), text: Arc::from(text) }
    }

    #[test]
    fn reads_title_weight_and_body() {
        let i = parse(&src("beleid/_index.md", "---\ntitle: Beleid\nweight: -2\n---\nIntro.\n")).unwrap();
        assert_eq!((i.folder.as_str(), i.title.as_deref(), i.weight), ("beleid", Some("Beleid"), -2));
        assert_eq!(body(&i), "Intro.\n");
        let bare = parse(&src("_index.md", "Alleen tekst.\n")).unwrap();
        assert_eq!((bare.folder.as_str(), body(&bare)), ("", "Alleen tekst.\n"));
    }

    #[test]
    fn article_keys_are_located_errors() {
        let e = parse(&src("a/_index.md", "---\ntitle: A\ndate: 2026-01-01\nweigth: 3\n---\n")).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[1].line), (3, 4));
        assert!(e[1].hint.as_deref().unwrap().contains("`weight`"));
    }

    #[test]
    fn recognises_index_files() {
        assert!(is_folder_index("_index.md") && is_folder_index("a/b/_index.md"));
        assert!(!is_folder_index("a/my_index.md"));
    }
}
