//! Located content diagnostics: what a stage reports about the user's files.
//!
//! A [`Diagnostic`] names a file (relative to the site root), a 1-based line
//! and column, the offending text and a hint. Stages collect them as values
//! and return them beside their output; the pipeline stops before writing if
//! any error was collected. Rendering uses `codespan-reporting`, so messages
//! look like rustc's.

use std::ops::Range;
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::{Files, SimpleFile};
use codespan_reporting::term::{self, termcolor::WriteColor};

/// How bad a diagnostic is: errors fail the build, warnings are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one file, at one place.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line of the file (not of the YAML block).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    pub message: String,
    /// What to do about it, such as "did you mean `title`?".
    pub hint: Option<String>,
    /// The file's text and the byte range of the offending text, for the snippet.
    #[serde(skip)]
    pub source: Option<(Arc<str>, Range<usize>)>,
}

impl Diagnostic {
    /// An error at a byte range of a file's text; line and column are derived.
    pub fn at(file: &str, text: &Arc<str>, span: Range<usize>, message: impl Into<String>) -> Self {
        let span = clamp_span(text, span);
        let (line, column) = line_col(text, span.start);
        Diagnostic {
            severity: Severity::Error,
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            hint: None,
            source: Some((text.clone(), span)),
        }
    }

    /// An error at a line of a file whose text is not available (or not text).
    pub fn at_line(file: &str, line: usize, column: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Error, file: file.to_string(), line, column, message: message.into(), hint: None, source: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The offending text, when the diagnostic has a span.
    pub fn offending_text(&self) -> Option<&str> {
        self.source.as_ref().map(|(text, span)| &text[span.clone()])
    }

    /// One line: `file:line:col: error: message (hint)`, for logs and the
    /// live-reload event stream.
    pub fn one_line(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut s = format!("{}:{}:{}: {kind}: {}", visible(&self.file), self.line, self.column, shown(&self.message));
        if let Some(hint) = &self.hint {
            s.push_str(&format!(" (help: {})", shown(hint)));
        }
        s
    }

    /// Writes the rustc-style rendering (snippet, caret, help) to `out`.
    pub fn emit(&self, out: &mut dyn WriteColor) {
        let config = term::Config::default();
        let base = match self.severity {
            Severity::Error => CsDiagnostic::error(),
            Severity::Warning => CsDiagnostic::warning(),
        };
        let mut diag = base.with_message(shown(&self.message));
        if let Some(hint) = &self.hint {
            diag = diag.with_notes(vec![format!("help: {}", shown(hint))]);
        }
        let rendered = match &self.source {
            Some((text, span)) => {
                let (line, span) = snippet(text, span.clone());
                let file = Shown { file: SimpleFile::new(visible(&self.file), line), line: self.line, column: self.column };
                let diag = diag.with_labels(vec![Label::primary((), span)]);
                term::emit(out, &config, &file, &diag).is_ok()
            }
            None => false,
        };
        if !rendered {
            let _ = writeln!(out, "{}", self.one_line());
        }
    }

    /// The rendering of [`Diagnostic::emit`] without colours, as a string.
    pub fn render_plain(&self) -> String {
        let mut buf = codespan_reporting::term::termcolor::NoColor::new(Vec::new());
        self.emit(&mut buf);
        String::from_utf8_lossy(&buf.into_inner()).into_owned()
    }
}

/// Characters of a source line shown around the offending column; a longer
/// line is cut, with `…` where text was left out.
const SNIPPET_CHARS: usize = 160;

/// `s` with every character that could change a terminal or hide text made
/// visible: control characters (ESC, BEL, newlines…) and bidirectional
/// overrides become `\u{…}` escapes. Tabs stay.
pub fn visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a character is escaped by [`visible`].
fn hidden(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A message or hint as printed: visible, and cut at a sane length (a
/// message may quote a whole line of the user's file).
fn shown(s: &str) -> String {
    let v = visible(s);
    match v.char_indices().nth(SNIPPET_CHARS * 2) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v,
    }
}

/// The text codespan shows for a span: the span's first line only, made
/// visible and cut to [`SNIPPET_CHARS`] around the span's start, with the
/// span mapped into it.
fn snippet(text: &str, span: Range<usize>) -> (String, Range<usize>) {
    let span = clamp_span(text, span);
    let start_of_line = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let end_of_line = text[span.start..].find('\n').map_or(text.len(), |i| span.start + i);
    let line = &text[start_of_line..end_of_line];
    let (col, end) = (span.start - start_of_line, span.end.min(end_of_line).max(span.start) - start_of_line);
    // The window, in bytes of `line`, on character boundaries.
    let before = line[..col].char_indices().rev().nth(SNIPPET_CHARS / 3).map_or(0, |(i, _)| i);
    let after = line[col..].char_indices().nth(SNIPPET_CHARS - (col - before).min(SNIPPET_CHARS / 3)).map_or(line.len(), |(i, _)| col + i);
    let mut out = String::new();
    if before > 0 {
        out.push('…');
    }
    let begin = out.len();
    let (mut new_start, mut new_end) = (None, None);
    for (i, c) in line[before..after].char_indices() {
        let at = before + i;
        if at == col {
            new_start = Some(out.len());
        }
        if at == end {
            new_end = Some(out.len());
        }
        if hidden(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    let new_start = new_start.unwrap_or(if col >= after { out.len() } else { begin });
    let new_end = new_end.unwrap_or(out.len()).max(new_start);
    if after < line.len() {
        out.push('…');
    }
    out.push('\n');
    (out, new_start..new_end)
}

/// One shown line of a file, named by its real line and column (the line
/// shown may be cut and escaped, so codespan cannot count them itself).
struct Shown {
    file: SimpleFile<String, String>,
    line: usize,
    column: usize,
}

impl<'a> Files<'a> for Shown {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<String, codespan_reporting::files::Error> {
        Ok(self.file.name().clone())
    }

    fn source(&'a self, _: ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.file.source())
    }

    fn line_index(&'a self, id: (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        self.file.line_index(id, byte_index)
    }

    fn line_number(&'a self, _: (), line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line + line_index)
    }

    fn column_number(&'a self, _: (), _: usize, _: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.column)
    }

    fn line_range(&'a self, id: (), line_index: usize) -> Result<Range<usize>, codespan_reporting::files::Error> {
        self.file.line_range(id, line_index)
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of the start of a 1-based line (the end of text if past it).
pub fn line_start(text: &str, line: usize) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line - 2).map_or(text.len(), |(i, _)| i + 1)
}

/// A "did you mean" suggestion: the closest candidate, if it is close enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|(score, _)| *score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

fn clamp_span(text: &str, span: Range<usize>) -> Range<usize> {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    start..end
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Prints every diagnostic to stderr, errors first, in a stable order.
pub fn print_all(diagnostics: &[Diagnostic]) {
    use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
    let choice = if std::io::IsTerminal::is_terminal(&std::io::stderr()) { ColorChoice::Auto } else { ColorChoice::Never };
    let mut out = StandardStream::stderr(choice);
    for d in diagnostics {
        d.emit(&mut out);
    }
}

/// Sorts diagnostics by file, line and column, so output is deterministic.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics
        .sort_by(|a, b| (a.severity, &a.file, a.line, a.column, &a.message).cmp(&(b.severity, &b.file, b.line, b.column, &b.message)));
}

/// Turns a serde_yaml error into a located diagnostic. `offset` is the byte
/// offset of the YAML text in the file (front matter starts after `---`).
pub fn yaml_error(file: &str, file_text: &Arc<str>, offset: usize, e: &serde_yaml::Error) -> Diagnostic {
    let msg = e.to_string();
    // serde_yaml appends " at line L column C" to its message; the location is
    // reported separately, so strip it.
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let start = match e.location() {
        Some(loc) => offset + loc.index(),
        None => offset,
    };
    let end = file_text[start.min(file_text.len())..].find('\n').map_or(file_text.len(), |i| start + i);
    let mut d = Diagnostic::at(file, file_text, start..end, format!("invalid YAML: {msg}"));
    let yaml_end = file_text[offset.min(file_text.len())..].find("\n---").map_or(file_text.len(), |i| offset + i);
    if let Some(span) = duplicate_key(&msg).and_then(|k| second_key(&file_text[..yaml_end], offset, &k)) {
        let key = file_text[span.clone()].to_string();
        d = Diagnostic::at(file, file_text, span, format!("the key `{key}` appears twice in the same block"))
            .with_hint("keep one of the two; YAML allows each key once per block");
        return d;
    }
    if let Some((field, expected)) = unknown_field(&msg) {
        // serde_yaml names the map a nested key is in: "review: unknown field …".
        d.message = match msg.split_once(": unknown field") {
            Some((path, _)) => format!("unknown key `{field}` in `{path}`"),
            None => format!("unknown key `{field}`"),
        };
        let key_end = start + field.len();
        d.source = Some((file_text.clone(), start..key_end.min(file_text.len())));
        d.hint = Some(match closest(&field, expected.iter().map(String::as_str)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => format!("known keys here: {}", expected.join(", ")),
        });
    } else if msg.contains("missing field") {
        d.hint = Some("add the missing key".into());
    } else if let Some(line) = unclosed_quote_line(&file_text[offset.min(file_text.len())..start.min(file_text.len())]) {
        let line = line_col(file_text, offset).0 + line - 1;
        d.hint = Some(format!("a quote opened on line {line} is not closed; close it with the same quote character"));
    } else {
        d.hint = Some("check the indentation, the `key: value` form and the quotes on this line".into());
    }
    d
}

/// The deepest nesting YAML may have in site.yaml and front matter. The
/// parser's time grows faster than linearly with depth (16,000 levels took
/// over a second); real files need a handful.
pub const MAX_YAML_DEPTH: usize = 64;

/// An error at the first place where YAML nests deeper than
/// [`MAX_YAML_DEPTH`], counted before parsing: open `[`/`{` outside quotes
/// and comments, plus the block levels a line can open (each needs at
/// least one more space of indentation, or a `- ` on the same line).
/// `offset` is where `yaml` starts in `file_text`.
pub fn yaml_too_deep(file: &str, file_text: &Arc<str>, offset: usize, yaml: &str) -> Option<Diagnostic> {
    let mut flow = 0usize;
    let mut at = offset;
    for line in yaml.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = &line[indent..];
        let mut dashes = 0;
        while let Some(r) = rest.strip_prefix("- ").or_else(|| rest.strip_prefix("? ")) {
            dashes += 1;
            rest = r.trim_start_matches(' ');
        }
        let mut quote: Option<char> = None;
        let mut deepest = 0;
        let mut prev = ' ';
        for c in line.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') if prev == ' ' || prev == '[' || prev == '{' || prev == ',' || prev == ':' => quote = Some(c),
                (None, '#') if prev == ' ' => break,
                (None, '[' | '{') => {
                    flow += 1;
                    deepest = deepest.max(flow);
                }
                (None, ']' | '}') => flow = flow.saturating_sub(1),
                _ => {}
            }
            prev = c;
        }
        let depth = (indent + dashes).max(deepest);
        if depth > MAX_YAML_DEPTH {
            let end = at + line.trim_end().len();
            return Some(
                Diagnostic::at(file, file_text, at..end.min(at + 80), format!("YAML nested more than {MAX_YAML_DEPTH} levels deep"))
                    .with_hint("flatten the structure; leidraad's settings need only a few levels"),
            );
        }
        at += line.len();
    }
    None
}

/// The 1-based line (within `yaml`) of the first line with an odd number of
/// double quotes, the usual cause of "unexpected end of stream".
fn unclosed_quote_line(yaml: &str) -> Option<usize> {
    yaml.lines().position(|l| (l.matches('"').count() - l.matches("\\\"").count()) % 2 == 1).map(|i| i + 1)
}

/// The key of serde's "duplicate field `x`" message.
fn duplicate_key(msg: &str) -> Option<String> {
    let rest = &msg[msg.find("duplicate field `")? + "duplicate field `".len()..];
    Some(rest[..rest.find('`')?].to_string())
}

/// The span of the second `key:` in the same block of `text` (from
/// `offset`): same indentation as an earlier one, with no line indented
/// less in between.
fn second_key(text: &str, offset: usize, key: &str) -> Option<Range<usize>> {
    let mut seen: Vec<usize> = Vec::new(); // indentations of earlier `key:` lines, innermost last
    let mut at = offset;
    for line in text[offset.min(text.len())..].split_inclusive('\n') {
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        let (indent, body, item) = match body.strip_prefix("- ") {
            Some(b) => (indent + 2 + b.len() - b.trim_start().len(), b.trim_start(), true),
            None => (indent, body, false),
        };
        if !body.is_empty() && !body.starts_with('#') {
            // A new list item starts a new block at its own indentation.
            seen.retain(|&i| i < indent || (i == indent && !item));
            if body.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) {
                if seen.contains(&indent) {
                    let start = at + line.len() - body.len();
                    return Some(start..start + key.len());
                }
                seen.push(indent);
            }
        }
        at += line.len();
    }
    None
}

/// Reads serde's "unknown field `x`, expected one of `a`, `b`" message.
fn unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = &msg[msg.find("unknown field `")? + "unknown field `".len()..];
    let end = rest.find('`')?;
    let field = rest[..end].to_string();
    let expected = rest[end..].split('`').skip(2).step_by(2).map(String::from).collect();
    Some((field, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçd\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(line_start(text, 2), 3);
    }

    #[test]
    fn closest_suggests_near_words_only() {
        assert_eq!(closest("titel", ["title", "date"]), Some("title"));
        assert_eq!(closest("zzzzzz", ["title", "date"]), None);
    }

    #[test]
    fn terminal_controls_and_bidi_overrides_are_shown_escaped() {
        let text: Arc<str> = Arc::from("---\ntitle: a\x1b]0;pwned\x07b\u{202e}c\n---\n");
        let d = Diagnostic::at("articles/\x1b[31mx\ny.md", &text, 11..20, "bad `\x1b[2J`").with_hint("\u{202e}hint");
        for s in [d.render_plain(), d.one_line()] {
            assert!(!s.contains(['\x1b', '\x07', '\u{202e}']), "{s:?}");
            assert!(s.contains("articles/\\u{1b}[31mx\\u{a}y.md:2:"), "{s}");
        }
        assert!(d.render_plain().contains("a\\u{1b}]0;pwned\\u{7}b\\u{202e}c"), "{}", d.render_plain());
    }

    #[test]
    fn a_very_long_line_is_cut_around_the_column() {
        let long = format!("---\ntitle: {}BAD{}\n---\n", "x".repeat(500_000), "y".repeat(500_000));
        let at = long.find("BAD").unwrap();
        let text: Arc<str> = Arc::from(long.as_str());
        let s = Diagnostic::at("articles/a.md", &text, at..at + 3, "bad").render_plain();
        assert!(s.len() < 2_000, "{} bytes", s.len());
        assert!(s.contains("xxBADyy") && s.contains('…'), "{s}");
        assert!(s.contains("articles/a.md:2:500008"), "{s}");
        let caret = s.lines().find(|l| l.contains("^^^")).unwrap();
        let line = s.lines().find(|l| l.contains("BAD")).unwrap();
        let chars_before = |l: &str, at: usize| l[..at].chars().count();
        assert_eq!(chars_before(caret, caret.find('^').unwrap()), chars_before(line, line.find("BAD").unwrap()), "{s}");
    }

    #[test]
    fn a_duplicate_key_is_reported_at_its_second_place() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            title: String,
            list: Vec<Item>,
        }
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            name: String,
        }
        let yaml = "title: a\nlist:\n  - name: x\n  - name: y\n    name: z\n";
        let e = serde_yaml::from_str::<T>(yaml).unwrap_err();
        let d = yaml_error("site.yaml", &Arc::from(yaml), 0, &e);
        assert_eq!((d.line, d.column, d.message.as_str()), (5, 5, "the key `name` appears twice in the same block"));
        let yaml = "title: a\nlist: []\ntitle: b\n";
        let e = serde_yaml::from_str::<T>(yaml).unwrap_err();
        let d = yaml_error("site.yaml", &Arc::from(yaml), 0, &e);
        assert_eq!((d.line, d.column), (3, 1));
    }

    #[test]
    fn deep_yaml_is_refused_before_parsing() {
        let text: Arc<str> = Arc::from(format!("a:\n  b: {}1{}\n", "[".repeat(100_000), "]".repeat(100_000)));
        let start = std::time::Instant::now();
        let d = yaml_too_deep("site.yaml", &text, 0, &text).unwrap();
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!((d.line, d.column), (2, 1));
        let block: String = (0..200).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect();
        assert_eq!(yaml_too_deep("f", &Arc::from(block.as_str()), 0, &block).unwrap().line, 66);
        let dashes = format!("x: {}1\n", "- ".repeat(100));
        assert!(yaml_too_deep("f", &Arc::from(dashes.as_str()), 0, &dashes).is_none(), "`- ` after a key is a plain scalar");
        let ok = "title: \"[[[[\"\nlist: [a, [b, {c: d}]] # [[[[\n";
        assert!(yaml_too_deep("f", &Arc::from(ok), 0, ok).is_none());
    }

    #[test]
    fn rendering_names_file_and_line() {
        let text: Arc<str> = Arc::from("---\ntitel: x\n---\n");
        let d = Diagnostic::at("articles/a.md", &text, 4..9, "unknown key `titel`").with_hint("did you mean `title`?");
        let s = d.render_plain();
        assert!(s.contains("articles/a.md:2:1"), "{s}");
        assert!(s.contains("did you mean `title`?"), "{s}");
    }
}
