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
use codespan_reporting::files::SimpleFile;
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
        let mut s = format!("{}:{}:{}: {kind}: {}", self.file, self.line, self.column, self.message);
        if let Some(hint) = &self.hint {
            s.push_str(&format!(" (help: {hint})"));
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
        let mut diag = base.with_message(&self.message);
        if let Some(hint) = &self.hint {
            diag = diag.with_notes(vec![format!("help: {hint}")]);
        }
        let rendered = match &self.source {
            Some((text, span)) => {
                let file = SimpleFile::new(self.file.as_str(), text.as_ref());
                let diag = diag.with_labels(vec![Label::primary((), span.clone())]);
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

/// The 1-based line (within `yaml`) of the first line with an odd number of
/// double quotes, the usual cause of "unexpected end of stream".
fn unclosed_quote_line(yaml: &str) -> Option<usize> {
    yaml.lines().position(|l| (l.matches('"').count() - l.matches("\\\"").count()) % 2 == 1).map(|i| i + 1)
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
    fn rendering_names_file_and_line() {
        let text: Arc<str> = Arc::from("---\ntitel: x\n---\n");
        let d = Diagnostic::at("articles/a.md", &text, 4..9, "unknown key `titel`").with_hint("did you mean `title`?");
        let s = d.render_plain();
        assert!(s.contains("articles/a.md:2:1"), "{s}");
        assert!(s.contains("did you mean `title`?"), "{s}");
    }
}
