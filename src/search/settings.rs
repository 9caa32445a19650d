//! The `search:` key of site.yaml → [`Settings`]: the synonym groups a site
//! declares and whether compounds are split.
//!
//! The key is read as a plain YAML value and checked here, so that every
//! problem is reported with the line it is on: a key other than `synonyms`
//! and `compounds`, a group that is not a list of words, a group with fewer
//! than two words, an empty word, and a word (compared in lower case, without
//! diacritics) that stands in two groups.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;
use serde_yaml::Value;

use crate::config::FILE;
use crate::diagnostics::{self, Diagnostic};

/// The keys `search:` takes.
const KEYS: [&str; 2] = ["synonyms", "compounds"];

/// What site.yaml says about search.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Settings {
    /// Groups of words or phrases that find each other, as written.
    pub synonyms: Vec<Vec<String>>,
    /// Split closed compounds into the words they are made of.
    pub compounds: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { synonyms: Vec::new(), compounds: true }
    }
}

impl Settings {
    /// A short text that changes whenever the settings do (part of the
    /// search stamp).
    pub fn digest(&self) -> String {
        let groups: Vec<String> = self.synonyms.iter().map(|g| g.join("|")).collect();
        format!("compounds={} synonyms={}", self.compounds, groups.join(";"))
    }
}

/// Lower case without diacritics: how words are compared.
pub fn fold(word: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    word.nfd().filter(|c| !unicode_normalization::char::is_combining_mark(*c)).flat_map(char::to_lowercase).collect()
}

/// Checks the value of `search:` (absent: the defaults). `text` is the
/// whole of site.yaml, for locations.
pub fn resolve(value: Option<&Value>, text: &Arc<str>, diags: &mut Vec<Diagnostic>) -> Settings {
    let mut settings = Settings::default();
    let Some(value) = value.filter(|v| !v.is_null()) else { return settings };
    let start = find_key(text, 0, "search").unwrap_or(0);
    let at = |needle: &str, from: usize| -> std::ops::Range<usize> {
        match text[from..].find(needle) {
            Some(i) => from + i..from + i + needle.len(),
            None => start..start + "search".len(),
        }
    };
    let Some(map) = value.as_mapping() else {
        diags.push(
            Diagnostic::at(FILE, text, at("search", start), "`search` must be a map of settings")
                .with_hint("write `search:` with `synonyms:` and `compounds:` indented under it"),
        );
        return settings;
    };
    for (key, value) in map {
        let name = key.as_str().unwrap_or_default();
        match name {
            "compounds" => match value.as_bool() {
                Some(b) => settings.compounds = b,
                None => diags.push(
                    Diagnostic::at(FILE, text, at("compounds", start), "`search.compounds` must be `true` or `false`")
                        .with_hint("write `compounds: true` (the default) or `compounds: false`"),
                ),
            },
            "synonyms" => settings.synonyms = synonyms(value, text, find_key(text, start, "synonyms").unwrap_or(start), diags),
            _ => {
                let mut d = Diagnostic::at(FILE, text, at(name, start), format!("unknown key `{name}` in `search`"));
                d = match diagnostics::closest(name, KEYS) {
                    Some(s) => d.with_hint(format!("did you mean `{s}`? `search` takes `synonyms` and `compounds`")),
                    None => d.with_hint("`search` takes `synonyms` and `compounds`"),
                };
                diags.push(d);
            }
        }
    }
    settings
}

/// The groups under `synonyms:`, which starts at `from` in the text.
fn synonyms(value: &Value, text: &Arc<str>, from: usize, diags: &mut Vec<Diagnostic>) -> Vec<Vec<String>> {
    let line_of = |from: usize| from..text[from..].find('\n').map_or(text.len(), |i| from + i);
    let Some(list) = value.as_sequence() else {
        diags.push(
            Diagnostic::at(FILE, text, line_of(from), "`search.synonyms` must be a list of groups")
                .with_hint("write each group on its own line, such as `- [manager, leidinggevende]`"),
        );
        return Vec::new();
    };
    // Entries are looked for in the text in order, each after the last.
    let mut cursor = from;
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut groups = Vec::new();
    for (n, group) in list.iter().enumerate() {
        let group_line = next_item(text, cursor);
        let Some(items) = group.as_sequence() else {
            diags.push(
                Diagnostic::at(FILE, text, line_of(group_line), format!("synonym group {} is not a list of words", n + 1))
                    .with_hint("write a group as a list, such as `- [manager, leidinggevende]`"),
            );
            cursor = line_of(group_line).end;
            continue;
        };
        let mut words = Vec::new();
        for item in items {
            let word = match item {
                Value::String(s) => s.trim().to_string(),
                Value::Number(n) => n.to_string(),
                _ => String::new(),
            };
            if word.is_empty() {
                let span = line_of(next_item(text, cursor));
                diags.push(
                    Diagnostic::at(FILE, text, span, format!("synonym group {} has an empty or malformed entry", n + 1))
                        .with_hint("every entry is a word or a phrase, such as `hybride werken`"),
                );
                continue;
            }
            let span = match text[cursor..].find(&word) {
                Some(i) => cursor + i..cursor + i + word.len(),
                None => line_of(group_line),
            };
            cursor = span.end;
            let key = fold(&word);
            match seen.get(&key) {
                Some(&first) if first != n => diags.push(
                    Diagnostic::at(FILE, text, span, format!("`{word}` stands in synonym groups {} and {}", first + 1, n + 1))
                        .with_hint("a word belongs to one group: merge the two groups or remove it from one"),
                ),
                _ => {
                    seen.insert(key, n);
                }
            }
            if !words.iter().any(|w: &String| fold(w) == fold(&word)) {
                words.push(word);
            }
        }
        if words.len() < 2 {
            let what = if items.is_empty() { "is empty" } else { "has only one word" };
            diags.push(
                Diagnostic::at(FILE, text, line_of(group_line), format!("synonym group {} {what}", n + 1))
                    .with_hint("a group names two or more words that find each other, such as `- [manager, leidinggevende]`"),
            );
        }
        cursor = cursor.max(line_of(group_line).end.min(text.len()));
        groups.push(words);
    }
    groups
}

/// The offset of `key:` at the start of a line, at or after `from`.
fn find_key(text: &str, from: usize, key: &str) -> Option<usize> {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.starts_with(':')) {
            return Some(offset + (line.len() - trimmed.len()));
        }
        offset += line.len();
    }
    None
}

/// The offset of the next list item (`- `) at or after `from`, else `from`.
fn next_item(text: &str, from: usize) -> usize {
    let mut offset = from;
    for line in text[from..].split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("- ") || trimmed == "-" || trimmed.starts_with("-\n") {
            return offset + (line.len() - trimmed.len());
        }
        offset += line.len();
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> (Settings, Vec<Diagnostic>) {
        let text: Arc<str> = Arc::from(yaml);
        let value: Value = serde_yaml::from_str(yaml).unwrap();
        let mut diags = Vec::new();
        let s = resolve(value.get("search"), &text, &mut diags);
        (s, diags)
    }

    #[test]
    fn groups_and_compounds_are_read() {
        let (s, d) = parse(
            "title: T\nsearch:\n  compounds: false\n  synonyms:\n    - [manager, leidinggevende]\n    - [thuiswerken, hybride werken]\n",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(!s.compounds);
        assert_eq!(s.synonyms, vec![vec!["manager", "leidinggevende"], vec!["thuiswerken", "hybride werken"]]);
        assert!(parse("title: T\n").0.compounds, "compounds default to true");
    }

    #[test]
    fn problems_are_located_on_their_lines() {
        let yaml = "title: T\nsearch:\n  synonyms:\n    - [manager, leidinggevende]\n    - []\n    - [baas]\n    - [Manager, chef]\n    - werknemer\n  compund: true\n";
        let (_, d) = parse(yaml);
        let lines: Vec<(usize, &str)> = d.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(lines.contains(&(5, "synonym group 2 is empty")), "{lines:?}");
        assert!(lines.contains(&(6, "synonym group 3 has only one word")), "{lines:?}");
        assert!(lines.contains(&(7, "`Manager` stands in synonym groups 1 and 4")), "{lines:?}");
        assert!(lines.contains(&(8, "synonym group 5 is not a list of words")), "{lines:?}");
        assert!(lines.contains(&(9, "unknown key `compund` in `search`")), "{lines:?}");
        let hint = d.iter().find(|d| d.line == 9).and_then(|d| d.hint.clone()).unwrap();
        assert!(hint.contains("did you mean `compounds`"), "{hint}");
    }

    #[test]
    fn compounds_must_be_a_boolean() {
        let (_, d) = parse("title: T\nsearch:\n  compounds: ja\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
    }
}
