//! The editorial report as plain text for an 80-column terminal: no
//! colour, no line longer than [`WIDTH`] characters. The matrix names its
//! columns by number with a legend below it, and is cut into blocks of
//! columns when the second taxonomy has more terms than fit beside the
//! row titles; long titles are shortened with `…`.

use std::fmt::Write;

use super::{Entry, Matrix, Report};

/// The widest line the report prints.
pub const WIDTH: usize = 80;
/// Row titles of the matrix are cut to this many characters.
const ROW_TITLE: usize = 30;
/// Each matrix column is this wide.
const COLUMN: usize = 4;
/// The mark of an empty matrix cell.
pub const EMPTY: &str = "-";

/// The whole report.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let on = r.today.as_deref().map_or_else(String::new, |t| format!(", on {t}"));
    line(&mut out, &format!("Editorial report: {}, {} articles{on}", r.site, r.articles));
    let interval =
        r.review.interval_months.map_or_else(|| "only articles with review_interval_months".to_string(), |m| format!("every {m} months"));
    line(&mut out, &format!("Reviews: {interval}; due soon: within {} days", r.review.soon_days));
    if let Some(m) = &r.matrix {
        matrix(&mut out, m);
    }
    heading(&mut out, "Terms with fewer than two articles", r.thin_terms.len());
    for t in &r.thin_terms {
        line(&mut out, &format!("  {:>2}  {}: {}", t.articles, t.taxonomy_title, t.title));
    }
    if r.today.is_some() {
        heading(&mut out, "Overdue for review", r.overdue.len());
        for e in &r.overdue {
            dated(&mut out, &format!("{} days late", e.days.unwrap_or(0)), e);
        }
        heading(&mut out, &format!("Due within {} days", r.review.soon_days), r.due_soon.len());
        for e in &r.due_soon {
            dated(&mut out, &format!("in {} days", e.days.unwrap_or(0)), e);
        }
    }
    heading(&mut out, "Articles by owner", r.owners.len());
    for g in &r.owners {
        line(&mut out, &format!("  {} ({})", g.owner, g.articles.len()));
        for e in &g.articles {
            let due = e.due.as_deref().map_or_else(|| "no due date".to_string(), |d| format!("due {d}"));
            line(&mut out, &format!("    {due:<14}  {}", e.title));
        }
    }
    for (title, list) in
        [("Articles without an owner", &r.without_owner), ("Drafts", &r.drafts), ("Articles no other article links to", &r.unlinked)]
    {
        heading(&mut out, title, list.len());
        for e in list {
            line(&mut out, &format!("  {}", e.title));
            line(&mut out, &format!("      {}", e.file));
        }
    }
    out
}

/// The matrix, in blocks of as many columns as fit.
fn matrix(out: &mut String, m: &Matrix) {
    let _ = writeln!(out);
    line(out, &format!("COVERAGE: {} X {}", m.rows.title, m.columns.title).to_uppercase());
    line(out, &format!("Articles per pair of terms ({EMPTY}: none); columns numbered below."));
    let per_block = ((WIDTH - ROW_TITLE - 1) / COLUMN).max(1);
    let n = m.columns.terms.len();
    for start in (0..n.max(1)).step_by(per_block) {
        let end = (start + per_block).min(n);
        let mut head = format!("{:<width$} ", "", width = ROW_TITLE);
        for k in start..end {
            head.push_str(&format!("{:>COLUMN$}", k + 1));
        }
        let _ = writeln!(out);
        line(out, head.trim_end());
        for (r, term) in m.rows.terms.iter().enumerate() {
            let mut row = format!("{:<width$} ", cut(&term.title, ROW_TITLE), width = ROW_TITLE);
            for cell in &m.cells[r][start..end] {
                let v = if cell.count == 0 { EMPTY.to_string() } else { cell.count.to_string() };
                row.push_str(&format!("{v:>COLUMN$}"));
            }
            line(out, row.trim_end());
        }
    }
    let _ = writeln!(out);
    for (k, term) in m.columns.terms.iter().enumerate() {
        line(out, &format!("{:>4}  {}", k + 1, term.title));
    }
}

fn heading(out: &mut String, title: &str, n: usize) {
    let _ = writeln!(out);
    line(out, &format!("{} ({n})", title.to_uppercase()));
}

/// An article with its due date, a status figure, title, owner and file.
fn dated(out: &mut String, figure: &str, e: &Entry) {
    line(out, &format!("  {}  {figure:>12}  {}", e.due.as_deref().unwrap_or(""), e.title));
    let owner = e.owner.as_deref().unwrap_or("no owner");
    line(out, &format!("      {}, {owner}", e.file));
}

/// One line, cut to [`WIDTH`].
fn line(out: &mut String, s: &str) {
    out.push_str(&cut(s, WIDTH));
    out.push('\n');
}

/// `s` with at most `max` characters; a cut text ends in `…`.
pub fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_keeps_short_text_and_marks_a_cut() {
        assert_eq!(cut("kort", 10), "kort");
        assert_eq!(cut("Psychologische veiligheid", 10), "Psycholog…");
        assert_eq!(cut("Psychologische veiligheid", 10).chars().count(), 10);
    }
}
