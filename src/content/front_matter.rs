//! Stage 3, front matter: a [`SourceFile`] → [`SourceArticle`] (typed
//! metadata, the body and where the body starts).
//!
//! The YAML block is parsed with serde_yaml; every problem in it (unknown
//! key, missing title, bad date, undeclared term…) is reported at once, each
//! at the line of the file where its key or value stands. serde_yaml's own
//! locations are relative to the block, so the block's offset is added.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeZone, Utc};
use serde_yaml::Value;

use super::SourceFile;
use crate::config::SiteConfig;
use crate::diagnostics::{self, Diagnostic};

/// The built-in front matter keys; taxonomy names are allowed besides these.
pub use crate::config::ARTICLE_KEYS as KEYS;

/// A date from front matter: `YYYY-MM-DD` (midnight UTC) or RFC 3339.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Date(pub DateTime<FixedOffset>);

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
            return Some(Date(Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0)?).fixed_offset()));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(s) {
            return Some(Date(dt));
        }
        for fmt in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
            if let Ok(dt) = NaiveDateTime::parse_from_str(s, fmt) {
                return Some(Date(Utc.from_utc_datetime(&dt).fixed_offset()));
            }
        }
        None
    }

    /// `YYYY-MM-DD`, in the date's own offset.
    pub fn ymd(&self) -> String {
        self.0.format("%Y-%m-%d").to_string()
    }

    /// RFC 3339, for feeds.
    pub fn rfc3339(&self) -> String {
        self.0.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
    }

    pub fn timestamp(&self) -> i64 {
        self.0.timestamp()
    }
}

/// Validated front matter.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub date: Date,
    pub updated: Option<Date>,
    pub author: Option<String>,
    pub summary: Option<String>,
    pub slug: Option<String>,
    pub draft: bool,
    pub aliases: Vec<String>,
    /// Term slugs per taxonomy name, in declaration order of the terms.
    pub terms: BTreeMap<String, Vec<String>>,
    pub extra: serde_json::Value,
    /// Who keeps the article true (section 11).
    pub owner: Option<String>,
    /// The last content review; the review clock starts here (else at
    /// `updated`, else at `date`).
    pub reviewed: Option<Date>,
    /// This article's review interval, overriding site.yaml's.
    pub review_interval_months: Option<u32>,
}

#[cfg(test)]
impl FrontMatter {
    /// Front matter with only a title and a date, for unit tests of the
    /// later stages.
    pub fn example(title: &str, date: &str) -> FrontMatter {
        FrontMatter {
            title: title.into(),
            date: Date::parse(date).expect("a valid test date"),
            updated: None,
            author: None,
            summary: None,
            slug: None,
            draft: false,
            aliases: vec![],
            terms: BTreeMap::new(),
            extra: serde_json::Value::Null,
            owner: None,
            reviewed: None,
            review_interval_months: None,
        }
    }
}

/// An article whose front matter is parsed; its body is not rendered yet.
#[derive(Debug, Clone)]
pub struct SourceArticle {
    pub source: SourceFile,
    pub meta: std::sync::Arc<FrontMatter>,
    /// Byte offset of the body in `source.text`.
    pub body_start: usize,
}

impl SourceArticle {
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }
}

/// Where the YAML block and the body lie in a file.
pub(crate) struct Split {
    pub(crate) yaml: Range<usize>,
    pub(crate) body_start: usize,
}

/// Finds the `---` fences. The block starts after the first line.
pub(crate) fn split(text: &str) -> Option<Split> {
    let first_end = text.find('\n')?;
    if text[..first_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_end + 1;
    let mut pos = yaml_start;
    while pos <= text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = text[pos..end].trim_end();
        if line == "---" || line == "..." {
            let body_start = (end + 1).min(text.len());
            return Some(Split { yaml: yaml_start..pos, body_start });
        }
        if end == text.len() {
            break;
        }
        pos = end + 1;
    }
    None
}

/// The top-level keys of a YAML block and the byte range of each key and of
/// its value (up to the next top-level key), in file offsets. Used only to
/// point diagnostics at the right line; the values come from serde_yaml.
pub(crate) fn key_spans(text: &str, yaml: &Range<usize>) -> BTreeMap<String, (Range<usize>, Range<usize>)> {
    let mut keys: Vec<(String, Range<usize>, usize)> = Vec::new();
    let mut pos = yaml.start;
    while pos < yaml.end {
        let end = text[pos..yaml.end].find('\n').map_or(yaml.end, |i| pos + i);
        let line = &text[pos..end];
        let starts_key = line.starts_with(|c: char| !c.is_whitespace() && c != '#' && c != '-');
        if starts_key {
            if let Some(colon) = line.find(':') {
                let key = line[..colon].trim().trim_matches(['"', '\'']).to_string();
                keys.push((key, pos..pos + colon, pos + colon + 1));
            }
        }
        pos = end + 1;
    }
    let mut out = BTreeMap::new();
    for (i, (key, key_span, value_start)) in keys.iter().enumerate() {
        let value_end = keys.get(i + 1).map_or(yaml.end, |k| k.1.start);
        let value_end = text[..value_end].trim_end().len().max(*value_start);
        out.entry(key.clone()).or_insert((key_span.clone(), *value_start..value_end));
    }
    out
}

/// Parses and validates one file's front matter against the site's taxonomies.
/// Returns every problem found, not just the first.
pub fn parse(source: &SourceFile, config: &SiteConfig) -> Result<SourceArticle, Vec<Diagnostic>> {
    let file = source.display_path();
    let text = &source.text;
    let Some(parts) = split(text) else {
        return Err(vec![Diagnostic::at(&file, text, 0..text.find('\n').unwrap_or(text.len()), "the file has no front matter")
            .with_hint("start the file with a `---` line, then `title:` and `date:`, then another `---` line")]);
    };
    let yaml = &text[parts.yaml.clone()];
    let value: Value = if yaml.trim().is_empty() {
        Value::Mapping(Default::default())
    } else if let Some(d) = crate::diagnostics::yaml_too_deep(&file, text, parts.yaml.start, yaml) {
        return Err(vec![d]);
    } else {
        match serde_yaml::from_str(yaml) {
            Ok(v) => v,
            Err(e) => return Err(vec![crate::diagnostics::yaml_error(&file, text, parts.yaml.start, &e)]),
        }
    };
    let Value::Mapping(map) = value else {
        return Err(vec![Diagnostic::at(&file, text, parts.yaml.clone(), "front matter must be `key: value` lines")
            .with_hint("write each setting as `key: value`, such as `title: \"Mijn artikel\"`")]);
    };
    let spans = key_spans(text, &parts.yaml);
    let mut v = Validator { file: &file, text, spans: &spans, diags: Vec::new(), fence: 0..3 };

    let mut fields: BTreeMap<String, &Value> = BTreeMap::new();
    for (k, val) in &map {
        let Some(key) = k.as_str() else {
            v.error_at(0..3, "front matter keys must be words", "write `key: value`");
            continue;
        };
        let known = KEYS.contains(&key) || config.taxonomy(key).is_some();
        if known {
            fields.insert(key.to_string(), val);
        } else {
            let candidates = KEYS.iter().copied().chain(config.taxonomies.iter().map(|t| t.name.as_str()));
            let hint = match diagnostics::closest(key, candidates) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "known keys: {}, {}",
                    KEYS.join(", "),
                    config.taxonomies.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ")
                ),
            };
            let span = v.key_span(key);
            v.error_at(span, format!("unknown front matter key `{key}`"), hint);
        }
    }

    let title = match fields.get("title").map(|x| scalar_string(x)) {
        Some(Some(t)) if !t.trim().is_empty() => t.trim().to_string(),
        Some(_) => {
            v.value_error("title", "the title must be non-empty text", "write `title: \"Your title\"`");
            String::new()
        }
        None => {
            v.error_at(v.fence.clone(), "the front matter has no `title`", "add a line `title: \"Your title\"`");
            String::new()
        }
    };
    let date = match fields.get("date") {
        Some(x) => v.date("date", x),
        None => {
            v.error_at(v.fence.clone(), "the front matter has no `date`", "add a line such as `date: 2026-03-14`");
            None
        }
    };
    let updated = fields.get("updated").and_then(|x| v.date("updated", x));
    let author = v.opt_text(&fields, "author");
    let summary = v.opt_text(&fields, "summary");
    let slug = v.opt_text(&fields, "slug");
    if let Some(s) = &slug {
        if slug::slugify(s) != *s || s.is_empty() {
            v.value_error("slug", format!("`{s}` is not a URL slug"), format!("use `{}`", slug::slugify(s)));
        }
    }
    let draft = match fields.get("draft") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            v.value_error("draft", "`draft` must be `true` or `false`", "write `draft: true` or remove the line");
            false
        }
    };
    let aliases = match fields.get("aliases") {
        None | Some(Value::Null) => Vec::new(),
        Some(x) => match string_list(x) {
            Some(list) => list,
            None => {
                v.value_error("aliases", "`aliases` must be a list of paths", "write `aliases: [\"/oud/pad/\"]`");
                Vec::new()
            }
        },
    };
    for alias in &aliases {
        if alias.contains("..") || alias.contains(['?', '#', '\\']) || alias.trim_matches('/').is_empty() {
            v.value_error("aliases", format!("alias `{alias}` is not a usable path"), "write a path under the site such as `/oud/pad/`");
        }
    }
    let extra = match fields.get("extra") {
        None | Some(Value::Null) => serde_json::Value::Object(Default::default()),
        Some(x @ Value::Mapping(_)) => serde_json::to_value(x).unwrap_or_default(),
        Some(_) => {
            v.value_error("extra", "`extra` must be a map of `key: value`", "write `extra: { key: value }`");
            serde_json::Value::Null
        }
    };
    let owner = v.opt_text(&fields, "owner");
    let reviewed = fields.get("reviewed").and_then(|x| v.date("reviewed", x));
    let review_interval_months = match fields.get("review_interval_months") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) if n.as_u64().is_some_and(|m| (1..=600).contains(&m)) => n.as_u64().map(|m| m as u32),
        Some(_) => {
            v.value_error(
                "review_interval_months",
                "`review_interval_months` must be a whole number of months, at least 1",
                "write `review_interval_months: 6`, or remove the line to use site.yaml's `review.interval_months`",
            );
            None
        }
    };
    let mut terms = BTreeMap::new();
    for tax in &config.taxonomies {
        let list = match fields.get(tax.name.as_str()) {
            None | Some(Value::Null) => Vec::new(),
            Some(x) => match string_list(x) {
                Some(list) => list,
                None => {
                    v.value_error(
                        &tax.name,
                        format!("`{}` must be a list of term slugs", tax.name),
                        format!("write `{}: [{}]`", tax.name, tax.terms.first().map_or("term", |t| t.slug.as_str())),
                    );
                    Vec::new()
                }
            },
        };
        let mut chosen = Vec::new();
        for slug in list {
            if tax.terms.iter().any(|t| t.slug == slug) {
                if !chosen.contains(&slug) {
                    chosen.push(slug);
                }
            } else {
                let hint = match diagnostics::closest(&slug, tax.terms.iter().map(|t| t.slug.as_str())) {
                    Some(s) => format!("did you mean `{s}`? Declare new terms under `{}` in site.yaml", tax.name),
                    None => format!(
                        "declared terms: {}; declare new terms under `{}` in site.yaml",
                        tax.terms.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join(", "),
                        tax.name
                    ),
                };
                let span = v.term_span(&tax.name, &slug);
                v.error_at(span, format!("`{slug}` is not a declared term of `{}`", tax.name), hint);
            }
        }
        // Declaration order, so pages list terms the way site.yaml does.
        chosen.sort_by_key(|s| tax.terms.iter().position(|t| &t.slug == s));
        terms.insert(tax.name.clone(), chosen);
    }

    if !v.diags.is_empty() {
        return Err(v.diags);
    }
    Ok(SourceArticle {
        source: source.clone(),
        meta: std::sync::Arc::new(FrontMatter {
            title,
            date: date.expect("date is present when there are no diagnostics"),
            updated,
            author,
            summary,
            slug,
            draft,
            aliases,
            terms,
            extra,
            owner,
            reviewed,
            review_interval_months,
        }),
        body_start: parts.body_start,
    })
}

struct Validator<'a> {
    file: &'a str,
    text: &'a Arc<str>,
    spans: &'a BTreeMap<String, (Range<usize>, Range<usize>)>,
    diags: Vec<Diagnostic>,
    fence: Range<usize>,
}

impl Validator<'_> {
    fn error_at(&mut self, span: Range<usize>, msg: impl Into<String>, hint: impl Into<String>) {
        self.diags.push(Diagnostic::at(self.file, self.text, span, msg).with_hint(hint));
    }

    fn key_span(&self, key: &str) -> Range<usize> {
        self.spans.get(key).map_or(self.fence.clone(), |s| s.0.clone())
    }

    fn value_span(&self, key: &str) -> Range<usize> {
        match self.spans.get(key) {
            Some((_, value)) => {
                let raw = &self.text[value.clone()];
                let lead = raw.len() - raw.trim_start().len();
                let start = value.start + lead;
                if start >= value.end {
                    self.spans[key].0.clone()
                } else {
                    start..value.end
                }
            }
            None => self.fence.clone(),
        }
    }

    fn value_error(&mut self, key: &str, msg: impl Into<String>, hint: impl Into<String>) {
        let span = self.value_span(key);
        self.error_at(span, msg, hint);
    }

    /// The span of one term inside a taxonomy key's value.
    fn term_span(&self, key: &str, term: &str) -> Range<usize> {
        let value = self.value_span(key);
        // An empty term would be found everywhere without moving on.
        if term.is_empty() {
            return value;
        }
        let raw = &self.text[value.clone()];
        let mut from = 0;
        while let Some(i) = raw[from..].find(term) {
            let start = from + i;
            let end = start + term.len();
            let before = raw[..start].chars().next_back();
            let after = raw[end..].chars().next();
            let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '-' || c == '_'));
            if boundary(before) && boundary(after) {
                return value.start + start..value.start + end;
            }
            from = end;
        }
        value
    }

    fn date(&mut self, key: &str, x: &Value) -> Option<Date> {
        match scalar_string(x).and_then(|s| Date::parse(&s)) {
            Some(d) => Some(d),
            None => {
                self.value_error(
                    key,
                    format!("`{key}` is not a valid date"),
                    "write the date as YYYY-MM-DD, such as `2026-03-14`, or in RFC 3339",
                );
                None
            }
        }
    }

    fn opt_text(&mut self, fields: &BTreeMap<String, &Value>, key: &str) -> Option<String> {
        match fields.get(key) {
            None | Some(Value::Null) => None,
            Some(x) => match scalar_string(x) {
                Some(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
                None => {
                    self.value_error(key, format!("`{key}` must be text"), format!("write `{key}: \"…\"` on one line"));
                    None
                }
            },
        }
    }
}

fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A list of strings, or one string as a list of one.
fn string_list(v: &Value) -> Option<Vec<String>> {
    match v {
        Value::Sequence(items) => items.iter().map(scalar_string).collect(),
        Value::String(s) => Some(vec![s.clone()]),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, Overrides};

    fn site() -> SiteConfig {
        config::parse(
            "title: T\ntaxonomies:\n  - name: pillars\n    title: P\n    terms:\n      - slug: vertrouwen\n        title: V\n      - slug: veiligheid\n        title: W\n",
            &Overrides::default(),
        )
        .unwrap()
    }

    fn src(text: &str) -> SourceFile {
        SourceFile { rel: "a/b.md".into(), text: Arc::from(text) }
    }

    #[test]
    fn parses_valid_front_matter() {
        let a = parse(&src("---\ntitle: \"Hallo\"\ndate: 2026-03-14\npillars: [veiligheid, vertrouwen]\n---\nBody\n"), &site()).unwrap();
        assert_eq!(a.meta.title, "Hallo");
        assert_eq!(a.meta.date.ymd(), "2026-03-14");
        assert_eq!(a.meta.terms["pillars"], vec!["vertrouwen", "veiligheid"]);
        assert_eq!(a.body(), "Body\n");
    }

    #[test]
    fn reports_every_problem_with_its_line() {
        let e = parse(&src("---\ntitel: x\ndate: 14-03-2026\npillars:\n  - vertrouwn\n---\n"), &site()).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(got.contains(&(2, "unknown front matter key `titel`")), "{got:?}");
        assert!(got.contains(&(1, "the front matter has no `title`")), "{got:?}");
        assert!(got.contains(&(3, "`date` is not a valid date")), "{got:?}");
        assert!(got.contains(&(5, "`vertrouwn` is not a declared term of `pillars`")), "{got:?}");
        let term = e.iter().find(|d| d.message.contains("vertrouwn")).unwrap();
        assert_eq!(term.column, 5);
        assert!(term.hint.as_deref().unwrap().contains("did you mean `vertrouwen`?"));
    }

    #[test]
    fn yaml_syntax_errors_are_located_in_the_file() {
        let e = parse(&src("---\ntitle: x\ndate: 2026-01-01\nauthor: [unclosed\n---\n"), &site()).unwrap_err();
        assert!(e[0].line >= 4, "{:?}", e[0]);
        assert!(e[0].message.starts_with("invalid YAML"));
    }

    #[test]
    fn review_keys_are_read_and_checked() {
        let a = parse(
            &src("---\ntitle: T\ndate: 2026-01-01\nowner: \"Team HR\"\nreviewed: 2026-05-02\nreview_interval_months: 6\n---\n"),
            &site(),
        )
        .unwrap();
        assert_eq!(a.meta.owner.as_deref(), Some("Team HR"));
        assert_eq!(a.meta.reviewed.as_ref().map(Date::ymd).as_deref(), Some("2026-05-02"));
        assert_eq!(a.meta.review_interval_months, Some(6));
        let e =
            parse(&src("---\ntitle: T\ndate: 2026-01-01\nreviewed: 2026-13-02\nreview_interval_months: zes\n---\n"), &site()).unwrap_err();
        let got: Vec<(usize, &str)> = e.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(got.contains(&(4, "`reviewed` is not a valid date")), "{got:?}");
        assert!(got.contains(&(5, "`review_interval_months` must be a whole number of months, at least 1")), "{got:?}");
    }

    #[test]
    fn an_empty_term_is_an_error_not_a_hang() {
        // Found by the front_matter fuzz target: `|` makes the value an empty string.
        let e = parse(&src("---\ntitle: x\ndate: 2026-01-01\npillars:e: 2\npillars: #C\n|\n---\nx\n"), &site()).unwrap_err();
        assert!(!e.is_empty());
    }

    #[test]
    fn rfc3339_dates_are_accepted() {
        assert_eq!(Date::parse("2026-03-14T10:00:00+02:00").unwrap().ymd(), "2026-03-14");
        assert!(Date::parse("2026-02-30").is_none());
    }

    #[test]
    fn missing_front_matter_is_line_one() {
        let e = parse(&src("# Kop\n"), &site()).unwrap_err();
        assert_eq!(e[0].line, 1);
    }
}
