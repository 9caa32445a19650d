//! Stage 5, taxonomy: articles → [`Index`]: each term's articles (newest
//! first), up to five related articles per article, and previous/next within
//! a folder.
//!
//! Related articles share the most terms, then are newest, then sort by
//! title. Articles with the same set of terms share one ranking, so the work
//! grows with the number of distinct term sets, not with pairs of articles.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::site::Article;
pub use crate::site::Index;

/// How many related articles a page shows (spec section 5).
pub const RELATED: usize = 5;

/// Builds the index. Pure: the same articles give the same index.
pub fn build(config: &SiteConfig, articles: &[Article]) -> Index {
    let mut newest: Vec<usize> = (0..articles.len()).collect();
    newest.sort_by(|&a, &b| Article::newest_first(&articles[a], &articles[b]));
    let mut rank = vec![0usize; articles.len()];
    for (r, &i) in newest.iter().enumerate() {
        rank[i] = r;
    }

    // Global term ids: (taxonomy, term) in declaration order.
    let mut term_ids: HashMap<(&str, &str), u32> = HashMap::new();
    let mut terms: Vec<Vec<Vec<usize>>> = Vec::new();
    for tax in &config.taxonomies {
        terms.push(vec![Vec::new(); tax.terms.len()]);
        for t in &tax.terms {
            let id = term_ids.len() as u32;
            term_ids.insert((tax.name.as_str(), t.slug.as_str()), id);
        }
    }
    let mut signature_of: Vec<Vec<u32>> = Vec::with_capacity(articles.len());
    for &i in &newest {
        let a = &articles[i];
        for (ti, tax) in config.taxonomies.iter().enumerate() {
            for slug in a.meta.terms.get(&tax.name).into_iter().flatten() {
                if let Some(pos) = tax.terms.iter().position(|t| &t.slug == slug) {
                    terms[ti][pos].push(i);
                }
            }
        }
    }
    for a in articles {
        let mut sig: Vec<u32> = a
            .meta
            .terms
            .iter()
            .flat_map(|(tax, slugs)| slugs.iter().filter_map(|s| term_ids.get(&(tax.as_str(), s.as_str())).copied()))
            .collect();
        sig.sort_unstable();
        signature_of.push(sig);
    }

    let related = related(&signature_of, &rank, &newest);
    let (prev, next) = neighbours(articles);
    Index { terms, related, prev, next, newest }
}

/// Related articles, computed per distinct term set: articles with the
/// same terms share one ranking. Term sets are bitsets, so comparing two is
/// a few `popcount`s, and each set keeps only its best candidates in a
/// small sorted list. Sets are ranked in parallel.
fn related(signature_of: &[Vec<u32>], rank: &[usize], newest: &[usize]) -> Vec<Vec<usize>> {
    // Groups of articles with the same signature, each newest first.
    let mut groups: BTreeMap<&[u32], Vec<usize>> = BTreeMap::new();
    for &i in newest {
        groups.entry(&signature_of[i]).or_default().push(i);
    }
    let words = signature_of.iter().flatten().max().map_or(0, |&m| m as usize / 64 + 1);
    let bits = |sig: &[u32]| {
        let mut b = vec![0u64; words];
        for &t in sig {
            b[t as usize / 64] |= 1 << (t % 64);
        }
        b
    };
    // Each group's bitset and its first RELATED+1 members: one of them may be
    // the article itself, so that many always suffice.
    let sets: Vec<(Vec<u64>, &[usize])> =
        groups.iter().map(|(sig, members)| (bits(sig), &members[..members.len().min(RELATED + 1)])).collect();
    let ranked: Vec<Vec<usize>> = sets
        .par_iter()
        .map(|(mine, _)| {
            // The best RELATED+1 candidates as (shared terms, rank, article), best first.
            let mut best: Vec<(u32, usize, usize)> = Vec::with_capacity(RELATED + 2);
            for (other, members) in &sets {
                let shared: u32 = mine.iter().zip(other).map(|(a, b)| (a & b).count_ones()).sum();
                if shared == 0 {
                    continue;
                }
                for &m in members.iter() {
                    let cand = (shared, rank[m], m);
                    let better = |x: &(u32, usize, usize)| cand.0 > x.0 || (cand.0 == x.0 && cand.1 < x.1);
                    if best.len() > RELATED && !better(&best[RELATED]) {
                        // Members come newest first: the rest rank lower still.
                        break;
                    }
                    let at = best.iter().position(better).unwrap_or(best.len());
                    best.insert(at, cand);
                    best.truncate(RELATED + 1);
                }
            }
            best.into_iter().map(|(_, _, m)| m).collect()
        })
        .collect();
    let mut out = vec![Vec::new(); signature_of.len()];
    for ((_, members), ranked) in groups.iter().zip(&ranked) {
        for &i in members {
            out[i] = ranked.iter().copied().filter(|&j| j != i).take(RELATED).collect();
        }
    }
    out
}

/// Previous and next within a folder, ordered by date, then title.
fn neighbours(articles: &[Article]) -> (Vec<Option<usize>>, Vec<Option<usize>>) {
    let mut folders: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, a) in articles.iter().enumerate() {
        folders.entry(a.folder.as_str()).or_default().push(i);
    }
    let mut prev = vec![None; articles.len()];
    let mut next = vec![None; articles.len()];
    for list in folders.values_mut() {
        list.sort_by(|&a, &b| {
            let (x, y) = (&articles[a], &articles[b]);
            x.meta
                .date
                .timestamp()
                .cmp(&y.meta.date.timestamp())
                .then_with(|| x.meta.title.cmp(&y.meta.title))
                .then_with(|| x.url.cmp(&y.url))
        });
        for w in list.windows(2) {
            next[w[0]] = Some(w[1]);
            prev[w[1]] = Some(w[0]);
        }
    }
    (prev, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{self, Overrides};
    use crate::content::front_matter::FrontMatter;

    fn config() -> SiteConfig {
        config::parse(
            "title: T\ntaxonomies:\n  - name: p\n    title: P\n    terms:\n      - {slug: a, title: A}\n      - {slug: b, title: B}\n      - {slug: c, title: C}\n",
            &Overrides::default(),
        )
        .unwrap()
    }

    fn art(folder: &str, title: &str, date: &str, terms: &[&str]) -> Article {
        Article {
            rel: format!("{folder}/{title}.md"),
            text: std::sync::Arc::from(""),
            folder: folder.into(),
            slug: title.into(),
            url: format!("{folder}/{title}/"),
            meta: std::sync::Arc::new(FrontMatter {
                terms: [("p".to_string(), terms.iter().map(|s| s.to_string()).collect())].into(),
                ..FrontMatter::example(title, date)
            }),
            body: Default::default(),
            summary: String::new(),
        }
    }

    /// The obvious quadratic definition, to check the grouped one against.
    fn related_naive(arts: &[Article]) -> Vec<Vec<usize>> {
        (0..arts.len())
            .map(|i| {
                let mine = &arts[i].meta.terms["p"];
                let mut c: Vec<(usize, usize)> = (0..arts.len())
                    .filter(|&j| j != i)
                    .map(|j| (arts[j].meta.terms["p"].iter().filter(|t| mine.contains(t)).count(), j))
                    .filter(|(n, _)| *n > 0)
                    .collect();
                c.sort_by(|x, y| y.0.cmp(&x.0).then_with(|| Article::newest_first(&arts[x.1], &arts[y.1])));
                c.into_iter().take(RELATED).map(|(_, j)| j).collect()
            })
            .collect()
    }

    #[test]
    fn related_matches_the_pairwise_definition() {
        let sets: [&[&str]; 8] = [&["a"], &["a", "b"], &["b", "c"], &["c"], &["a", "b", "c"], &[], &["b"], &["a", "c"]];
        let arts: Vec<Article> = (0..120)
            .map(|i| {
                art(
                    if i % 2 == 0 { "x" } else { "y" },
                    &format!("t{:03}", (i * 7) % 120),
                    &format!("2026-01-{:02}", 1 + (i * 13) % 28),
                    sets[(i * 3 + i / 8) % 8],
                )
            })
            .collect();
        let idx = build(&config(), &arts);
        assert_eq!(idx.related, related_naive(&arts));
    }

    #[test]
    fn terms_list_newest_first_and_neighbours_follow_dates() {
        let arts =
            vec![art("x", "oud", "2025-01-01", &["a"]), art("x", "nieuw", "2026-01-01", &["a"]), art("y", "ander", "2025-06-01", &["b"])];
        let idx = build(&config(), &arts);
        assert_eq!(idx.terms[0][0], vec![1, 0]);
        assert_eq!(idx.terms[0][2], Vec::<usize>::new());
        assert_eq!((idx.prev[1], idx.next[0]), (Some(0), Some(1)));
        assert_eq!((idx.prev[2], idx.next[2]), (None, None));
        assert_eq!(idx.newest, vec![1, 2, 0]);
    }
}
