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
    // Row titles cut to the same text would be ambiguous: then rows are
    // lettered (A, B, …) with a legend, like the columns.
    let cut_titles: Vec<String> = m.rows.terms.iter().map(|t| cut(&t.title, ROW_TITLE)).collect();
    let mut unique = cut_titles.clone();
    unique.sort();
    unique.dedup();
    let lettered = unique.len() < cut_titles.len();
    let labels: Vec<String> = if lettered { (0..cut_titles.len()).map(row_letter).collect() } else { cut_titles };
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
        for (r, label) in labels.iter().enumerate() {
            let mut row = format!("{label:<width$} ", width = ROW_TITLE);
            for cell in &m.cells[r][start..end] {
                let v = if cell.count == 0 { EMPTY.to_string() } else { cell.count.to_string() };
                row.push_str(&format!("{v:>COLUMN$}"));
            }
            line(out, row.trim_end());
        }
    }
    let _ = writeln!(out);
    if lettered {
        for (label, term) in labels.iter().zip(&m.rows.terms) {
            line(out, &format!("{label:>4}  {}", term.title));
        }
    }
    for (k, term) in m.columns.terms.iter().enumerate() {
        line(out, &format!("{:>4}  {}", k + 1, term.title));
    }
}

/// A, B, … Z, AA, AB, …: the label of row `i` in a lettered matrix.
fn row_letter(i: usize) -> String {
    let letter = |n: usize| char::from(b'A' + (n % 26) as u8);
    if i < 26 {
        letter(i).to_string()
    } else {
        format!("{}{}", letter(i / 26 - 1), letter(i))
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
    use super::super::{Axis, AxisTerm, Cell, Matrix, ReviewSettings};
    use super::*;

    fn axis(name: &str, n: usize) -> Axis {
        let terms = (0..n)
            .map(|i| AxisTerm { slug: format!("t{i}"), title: format!("Een heel lange termtitel nummer {i} die niet past") })
            .collect();
        Axis { name: name.into(), title: name.into(), terms }
    }

    #[test]
    fn a_wide_matrix_is_cut_into_blocks_that_fit_80_columns() {
        let (rows, columns) = (axis("pijlers", 3), axis("competenties", 15));
        let cells = (0..3).map(|r| (0..15).map(|k| Cell { count: (r * k) % 4, search_url: String::new() }).collect()).collect();
        let report = Report {
            site: "Kennisbank".into(),
            today: None,
            review: ReviewSettings { interval_months: None, soon_days: 30 },
            articles: 0,
            matrix: Some(Matrix { rows, columns, cells }),
            thin_terms: vec![],
            schedule: vec![],
            overdue: vec![],
            due_soon: vec![],
            owners: vec![],
            without_owner: vec![],
            drafts: vec![],
            unlinked: vec![],
        };
        let text = render(&report);
        assert!(text.lines().all(|l| l.chars().count() <= WIDTH), "{text}");
        // Columns 1-12, then 13-15, each block with all three rows; the row
        // titles would be cut to the same text, so the rows are lettered.
        let heads: Vec<&str> =
            text.lines().filter(|l| l.split_whitespace().count() > 1 && l.split_whitespace().all(|w| w.parse::<u32>().is_ok())).collect();
        assert_eq!(heads.len(), 2, "{text}");
        assert!(heads[0].trim_start().starts_with("1 ") && heads[0].ends_with("12"), "{heads:?}");
        assert!(heads[1].trim_start().starts_with("13 ") && heads[1].ends_with("15"), "{heads:?}");
        let row_b: Vec<&str> = text.lines().filter(|l| l.starts_with("B ")).collect();
        assert_eq!(row_b.len(), 2, "{text}");
        assert_eq!(row_b[0].split_whitespace().skip(1).collect::<Vec<_>>(), ["-", "1", "2", "3", "-", "1", "2", "3", "-", "1", "2", "3"]);
        assert!(text.contains("\n   B  Een heel lange termtitel nummer 1 die niet past\n"), "{text}");
        assert!(text.contains("\n  15  Een heel lange termtitel nummer 14 die niet past\n"), "{text}");
        assert!(!text.contains("OVERDUE"), "no overdue list without a date");
        assert_eq!((row_letter(0), row_letter(25), row_letter(26)), ("A".into(), "Z".into(), "AA".into()));
    }

    #[test]
    fn cut_keeps_short_text_and_marks_a_cut() {
        assert_eq!(cut("kort", 10), "kort");
        assert_eq!(cut("Psychologische veiligheid", 10), "Psycholog…");
        assert_eq!(cut("Psychologische veiligheid", 10).chars().count(), 10);
    }
}
