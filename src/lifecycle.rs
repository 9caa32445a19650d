//! Content lifecycle (spec section 11): when each article is due for
//! review, and the warnings `check` and `build` give about it.
//!
//! An article's review clock starts at `reviewed` (else `updated`, else
//! `date`) and runs for its `review_interval_months` (else site.yaml's
//! `review.interval_months`); with neither, the article has no due date.
//! Everything here is a pure function of the site model and a date passed
//! in (`--today`, or the local date read once by the command line): pages
//! never depend on it, only diagnostics and the editorial report do.

use chrono::{Months, NaiveDate};

use crate::config::Review;
use crate::content::front_matter::FrontMatter;
use crate::diagnostics::Diagnostic;
use crate::site::Article;

/// An article's review schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Due {
    /// The front matter key the clock starts at: `reviewed`, `updated` or `date`.
    pub from_key: &'static str,
    /// The date the clock starts at.
    pub reviewed: NaiveDate,
    pub interval_months: u32,
    /// `reviewed` + `interval_months` (the last day of the month when the
    /// day does not exist there: 31 August + 6 months is 28 February).
    pub due: NaiveDate,
}

/// Where an article stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Past its due date by this many days (at least 1).
    Overdue(i64),
    /// Due within the "soon" window: in this many days (0 is today).
    Soon(i64),
    /// Due later than the window.
    Fine,
}

/// The review schedule of one article, if it has one.
pub fn due(meta: &FrontMatter, review: &Review) -> Option<Due> {
    let interval_months = meta.review_interval_months.or(review.interval_months)?;
    let (from_key, date) = match (&meta.reviewed, &meta.updated) {
        (Some(r), _) => ("reviewed", r),
        (None, Some(u)) => ("updated", u),
        (None, None) => ("date", &meta.date),
    };
    let reviewed = date.0.date_naive();
    let due = reviewed.checked_add_months(Months::new(interval_months)).unwrap_or(NaiveDate::MAX);
    Some(Due { from_key, reviewed, interval_months, due })
}

/// Where a due date stands on `today`, with a window of `soon_days`.
pub fn status(due: NaiveDate, today: NaiveDate, soon_days: u32) -> Status {
    let days = (due - today).num_days();
    if days < 0 {
        Status::Overdue(-days)
    } else if days <= i64::from(soon_days) {
        Status::Soon(days)
    } else {
        Status::Fine
    }
}

/// The local date, read once per command (never by the render stage).
pub fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// `--today`'s value: `YYYY-MM-DD`.
pub fn parse_today(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD, such as 2026-12-04"))
}

/// "214 days (about 7 months)", "1 day".
pub fn span(days: i64) -> String {
    let d = if days == 1 { "1 day".to_string() } else { format!("{days} days") };
    if days >= 60 {
        format!("{d} (about {} months)", (days as f64 / 30.44).round() as i64)
    } else {
        d
    }
}

/// A warning per overdue article and, with `soon`, per article due within
/// the window, each at the line of the key its review clock starts at.
pub fn warnings(articles: &[Article], review: &Review, today: NaiveDate, soon: bool) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for a in articles {
        let Some(d) = due(&a.meta, review) else { continue };
        let owner = a.meta.owner.as_deref().map_or_else(|| "no owner".to_string(), |o| format!("owner: {o}"));
        let message = match status(d.due, today, review.soon_days) {
            Status::Overdue(days) => {
                format!("\"{}\" is overdue for review: due {}, {} ago ({owner})", a.meta.title, d.due, span(days))
            }
            Status::Soon(0) if soon => format!("\"{}\" is due for review today, {} ({owner})", a.meta.title, d.due),
            Status::Soon(days) if soon => format!("\"{}\" is due for review on {}, in {} ({owner})", a.meta.title, d.due, span(days)),
            _ => continue,
        };
        let mut hint = format!("review the article, then set `reviewed: {today}` in its front matter");
        if a.meta.owner.is_none() {
            hint.push_str(" and give it an `owner:`");
        }
        let file = format!("{}/{}", crate::content::ARTICLES, a.rel);
        diags.push(Diagnostic::at(&file, &a.text, key_span(&a.text, d.from_key), message).with_hint(hint).warning());
    }
    diags
}

/// The span of a top-level front matter key (`reviewed:` at the start of a
/// line), or of the first line when it is not found.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let needle = format!("\n{key}:");
    match text.find(&needle) {
        Some(i) => i + 1..i + needle.len() - 1,
        None => 0..text.find('\n').unwrap_or(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::front_matter::Date;

    fn ymd(s: &str) -> NaiveDate {
        parse_today(s).unwrap()
    }

    #[test]
    fn the_clock_starts_at_reviewed_then_updated_then_date() {
        let review = Review { interval_months: Some(12), soon_days: 30 };
        let mut m = FrontMatter::example("T", "2025-01-31");
        assert_eq!(due(&m, &review).map(|d| (d.from_key, d.due)), Some(("date", ymd("2026-01-31"))));
        m.updated = Date::parse("2025-03-01");
        assert_eq!(due(&m, &review).map(|d| (d.from_key, d.due)), Some(("updated", ymd("2026-03-01"))));
        m.reviewed = Date::parse("2025-08-31");
        m.review_interval_months = Some(6);
        assert_eq!(due(&m, &review).map(|d| (d.from_key, d.due)), Some(("reviewed", ymd("2026-02-28"))));
    }

    #[test]
    fn without_an_interval_there_is_no_due_date() {
        let review = Review { interval_months: None, soon_days: 30 };
        let mut m = FrontMatter::example("T", "2020-01-01");
        assert_eq!(due(&m, &review), None);
        m.review_interval_months = Some(3);
        assert_eq!(due(&m, &review).map(|d| d.due), Some(ymd("2020-04-01")));
    }

    #[test]
    fn status_counts_days_both_ways() {
        let due = ymd("2026-06-30");
        assert_eq!(status(due, ymd("2026-07-02"), 30), Status::Overdue(2));
        assert_eq!(status(due, ymd("2026-06-30"), 30), Status::Soon(0));
        assert_eq!(status(due, ymd("2026-05-31"), 30), Status::Soon(30));
        assert_eq!(status(due, ymd("2026-05-30"), 30), Status::Fine);
        assert_eq!(span(1), "1 day");
        assert_eq!(span(214), "214 days (about 7 months)");
    }
}
