//! The editorial report (spec section 11): a [`Site`] → [`Report`], what
//! an editor needs to keep the knowledge base true and to see where it is
//! thin. `leidraad report` prints it (text, see [`text`], or JSON: the same
//! struct serialised), and the editorial page renders it.
//!
//! The report depends on a date only through `today`: with `None` (every
//! page of a build) it has due dates but no overdue or due-soon lists, and
//! the page's script marks those against the reader's date. Every list is
//! sorted, so the same site gives the same report.

pub mod text;

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::lifecycle::{self, Status};
use crate::render::views::form_encode;
use crate::site::{Article, Site};

/// Everything the report shows.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Report {
    pub site: String,
    /// The date the overdue and due-soon lists are computed against.
    pub today: Option<String>,
    pub review: ReviewSettings,
    /// Published articles in this run.
    pub articles: usize,
    /// The first two taxonomies against each other (none with fewer than two).
    pub matrix: Option<Matrix>,
    /// Every term of every taxonomy with fewer than two articles.
    pub thin_terms: Vec<ThinTerm>,
    /// Every article with a due date, soonest first.
    pub schedule: Vec<Entry>,
    /// Past their due date on `today`, longest overdue first.
    pub overdue: Vec<Entry>,
    /// Due within `soon_days` of `today`, soonest first.
    pub due_soon: Vec<Entry>,
    /// Articles grouped by owner (owners by name), each group soonest due first.
    pub owners: Vec<OwnerGroup>,
    pub without_owner: Vec<Entry>,
    pub drafts: Vec<Entry>,
    /// Articles that no other article links to.
    pub unlinked: Vec<Entry>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct ReviewSettings {
    /// site.yaml `review.interval_months` (none: only articles with their
    /// own interval have a due date).
    pub interval_months: Option<u32>,
    pub soon_days: u32,
}

/// A taxonomy as one side of the matrix.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Axis {
    pub name: String,
    pub title: String,
    pub terms: Vec<AxisTerm>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct AxisTerm {
    pub slug: String,
    pub title: String,
}

/// Article counts per pair of terms: `cells[row][column]`.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Matrix {
    pub rows: Axis,
    pub columns: Axis,
    pub cells: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct Cell {
    pub count: usize,
    /// The search page filtered on both terms.
    pub search_url: String,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct ThinTerm {
    pub taxonomy: String,
    pub taxonomy_title: String,
    pub slug: String,
    pub title: String,
    pub articles: usize,
    pub url: String,
}

/// One article in a list of the report.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct Entry {
    pub title: String,
    /// The source, from the site root (`articles/a/b.md`).
    pub file: String,
    /// The page's URL (with the base path); none for a draft left out.
    pub url: Option<String>,
    pub owner: Option<String>,
    /// Where the review clock starts (`reviewed`, else `updated`, else `date`).
    pub reviewed: Option<String>,
    pub due: Option<String>,
    /// `overdue`, `soon` or `fine` on `today`; none without `today` or a due date.
    pub status: Option<&'static str>,
    /// Days overdue (for `overdue`) or until due (for `soon` and `fine`).
    pub days: Option<i64>,
}

#[derive(Debug, Clone, Serialize, Hash)]
pub struct OwnerGroup {
    pub owner: String,
    pub articles: Vec<Entry>,
}

/// The report of a site, against `today` when given.
pub fn make(site: &Site, today: Option<NaiveDate>) -> Report {
    let c = &site.config;
    let entries: Vec<Entry> = site.articles.iter().map(|a| entry(site, a, today)).collect();
    let by_due = |list: &mut Vec<Entry>| list.sort_by(|a, b| (&a.due, &a.title, &a.file).cmp(&(&b.due, &b.title, &b.file)));
    let mut schedule: Vec<Entry> = entries.iter().filter(|e| e.due.is_some()).cloned().collect();
    by_due(&mut schedule);
    let of = |status: &str| schedule.iter().filter(|e| e.status == Some(status)).cloned().collect::<Vec<_>>();
    let mut overdue = of("overdue");
    overdue.sort_by(|a, b| b.days.cmp(&a.days).then_with(|| a.title.cmp(&b.title)));
    let due_soon = of("soon");

    let mut groups: BTreeMap<&str, Vec<Entry>> = BTreeMap::new();
    for (a, e) in site.articles.iter().zip(&entries) {
        if let Some(o) = &a.meta.owner {
            groups.entry(o.as_str()).or_default().push(e.clone());
        }
    }
    let owners = groups
        .into_iter()
        .map(|(owner, mut articles)| {
            by_due(&mut articles);
            OwnerGroup { owner: owner.to_string(), articles }
        })
        .collect();
    let by_title = |list: &mut Vec<Entry>| list.sort_by(|a, b| (&a.title, &a.file).cmp(&(&b.title, &b.file)));
    let mut without_owner: Vec<Entry> = entries.iter().filter(|e| e.owner.is_none()).cloned().collect();
    by_title(&mut without_owner);
    let mut drafts: Vec<Entry> = site.articles.iter().zip(&entries).filter(|(a, _)| a.meta.draft).map(|(_, e)| e.clone()).collect();
    drafts.extend(site.drafts.iter().map(|d| Entry {
        title: d.title.clone(),
        file: format!("{}/{}", crate::content::ARTICLES, d.rel),
        url: None,
        owner: d.owner.clone(),
        reviewed: None,
        due: None,
        status: None,
        days: None,
    }));
    by_title(&mut drafts);
    let mut linked = vec![false; site.articles.len()];
    for (i, a) in site.articles.iter().enumerate() {
        a.body.links_to.iter().filter(|&&t| t != i).for_each(|&t| linked[t] = true);
    }
    let mut unlinked: Vec<Entry> = entries.iter().zip(&linked).filter(|(_, l)| !**l).map(|(e, _)| e.clone()).collect();
    by_title(&mut unlinked);

    Report {
        site: c.title.clone(),
        today: today.map(|d| d.to_string()),
        review: ReviewSettings { interval_months: c.review.interval_months, soon_days: c.review.soon_days },
        articles: site.articles.len(),
        matrix: matrix(site),
        thin_terms: thin_terms(site),
        schedule,
        overdue,
        due_soon,
        owners,
        without_owner,
        drafts,
        unlinked,
    }
}

fn entry(site: &Site, a: &Article, today: Option<NaiveDate>) -> Entry {
    let due = lifecycle::due(&a.meta, &site.config.review);
    let status = match (due, today) {
        (Some(d), Some(t)) => Some(lifecycle::status(d.due, t, site.config.review.soon_days)),
        _ => None,
    };
    Entry {
        title: a.meta.title.clone(),
        file: format!("{}/{}", crate::content::ARTICLES, a.rel),
        url: Some(site.config.base_url.path_to(&a.url)),
        owner: a.meta.owner.clone(),
        reviewed: due.map(|d| d.reviewed.to_string()),
        due: due.map(|d| d.due.to_string()),
        status: status.map(|s| match s {
            Status::Overdue(_) => "overdue",
            Status::Soon(_) => "soon",
            Status::Fine => "fine",
        }),
        days: match (status, due, today) {
            (Some(Status::Overdue(n)), _, _) => Some(n),
            (Some(_), Some(d), Some(t)) => Some((d.due - t).num_days()),
            _ => None,
        },
    }
}

/// The first two taxonomies, each article counted in every pair of its terms.
fn matrix(site: &Site) -> Option<Matrix> {
    let c = &site.config;
    let (rows, columns) = (c.taxonomies.first()?, c.taxonomies.get(1)?);
    let axis = |t: &crate::config::Taxonomy| Axis {
        name: t.name.clone(),
        title: t.title.clone(),
        terms: t.terms.iter().map(|term| AxisTerm { slug: term.slug.clone(), title: term.title.clone() }).collect(),
    };
    let mut counts = vec![vec![0usize; columns.terms.len()]; rows.terms.len()];
    let position = |t: &crate::config::Taxonomy, slug: &String| t.terms.iter().position(|term| &term.slug == slug);
    for a in &site.articles {
        let mine = |t: &crate::config::Taxonomy| -> Vec<usize> {
            a.meta.terms.get(&t.name).into_iter().flatten().filter_map(|s| position(t, s)).collect()
        };
        let cols = mine(columns);
        for r in mine(rows) {
            cols.iter().for_each(|&k| counts[r][k] += 1);
        }
    }
    let search = c.base_url.path_to(&format!("{}/", c.search_path()));
    let cells = counts
        .iter()
        .enumerate()
        .map(|(r, row)| {
            row.iter()
                .enumerate()
                .map(|(k, &count)| Cell {
                    count,
                    search_url: format!(
                        "{search}?{}={}&{}={}",
                        rows.name,
                        form_encode(&rows.terms[r].title),
                        columns.name,
                        form_encode(&columns.terms[k].title)
                    ),
                })
                .collect()
        })
        .collect();
    Some(Matrix { rows: axis(rows), columns: axis(columns), cells })
}

/// Terms with fewer than two published articles, in site.yaml's order.
fn thin_terms(site: &Site) -> Vec<ThinTerm> {
    let c = &site.config;
    let mut out = Vec::new();
    for (t, tax) in c.taxonomies.iter().enumerate() {
        for (n, term) in tax.terms.iter().enumerate() {
            let articles = site.index.terms.get(t).and_then(|x| x.get(n)).map_or(0, Vec::len);
            if articles < 2 {
                out.push(ThinTerm {
                    taxonomy: tax.name.clone(),
                    taxonomy_title: tax.title.clone(),
                    slug: term.slug.clone(),
                    title: term.title.clone(),
                    articles,
                    url: c.base_url.path_to(&format!("{}/{}/", tax.path, term.slug)),
                });
            }
        }
    }
    out
}
