//! Stage 5, taxonomy: articles → [`Index`]: each term's articles (newest
//! first), up to five related articles per article, and previous/next within
//! a folder.
//!
//! Related articles share the most terms, then are newest, then sort by
//! title. Articles with the same set of terms share one ranking, so the work
//! grows with the number of distinct term sets, not with pairs of articles.

mod related;

use std::collections::BTreeMap;

use crate::config::SiteConfig;
use crate::site::Article;
pub use crate::site::Index;
pub use related::{Ranking, RELATED};

/// Builds the index. Pure: the same articles give the same index.
pub fn build(config: &SiteConfig, articles: &[Article]) -> Index {
    build_ranked(config, articles).0
}

/// Builds the index and the related-articles ranking it came from, which
/// [`update`] can bring up to date after an edit of one article's terms.
pub fn build_ranked(config: &SiteConfig, articles: &[Article]) -> (Index, Ranking) {
    let mut newest: Vec<usize> = (0..articles.len()).collect();
    newest.sort_by(|&a, &b| Article::newest_first(&articles[a], &articles[b]));
    let mut terms: Vec<Vec<Vec<usize>>> = config.taxonomies.iter().map(|tax| vec![Vec::new(); tax.terms.len()]).collect();
    for &i in &newest {
        for (t, n) in term_positions(config, &articles[i]) {
            terms[t][n].push(i);
        }
    }
    let signature_of: Vec<Vec<u32>> = articles.iter().map(|a| signature(config, a)).collect();
    let ranking = Ranking::new(signature_of, term_count(config), &newest);
    let related = ranking.related();
    let (prev, next) = neighbours(articles);
    (Index { terms, related, prev, next, newest }, ranking)
}

/// The index after article `changed` got other terms, nothing else about
/// any article having changed (dates, titles, URLs and folders are as
/// `index` was built from): its term lists and the ranking are updated in
/// place of a new build, with the same result.
pub fn update(config: &SiteConfig, articles: &[Article], index: &Index, ranking: &mut Ranking, changed: usize) -> Index {
    let mut rank = vec![0usize; articles.len()];
    for (r, &i) in index.newest.iter().enumerate() {
        rank[i] = r;
    }
    let mut terms = index.terms.clone();
    for list in terms.iter_mut().flatten() {
        list.retain(|&i| i != changed);
    }
    for (t, n) in term_positions(config, &articles[changed]) {
        let list = &mut terms[t][n];
        let at = list.partition_point(|&i| rank[i] < rank[changed]);
        list.insert(at, changed);
    }
    ranking.change(changed, signature(config, &articles[changed]));
    Index { terms, related: ranking.related(), prev: index.prev.clone(), next: index.next.clone(), newest: index.newest.clone() }
}

/// (taxonomy, term) positions of an article's declared terms.
fn term_positions<'a>(config: &'a SiteConfig, a: &'a Article) -> impl Iterator<Item = (usize, usize)> + 'a {
    config.taxonomies.iter().enumerate().flat_map(move |(t, tax)| {
        let slugs = a.meta.terms.get(&tax.name).into_iter().flatten();
        slugs.filter_map(move |slug| tax.terms.iter().position(|term| &term.slug == slug).map(|n| (t, n)))
    })
}

/// Global term ids: every declared term numbered in declaration order.
fn term_count(config: &SiteConfig) -> usize {
    config.taxonomies.iter().map(|t| t.terms.len()).sum()
}

/// An article's terms as sorted global term ids.
fn signature(config: &SiteConfig, a: &Article) -> Vec<u32> {
    let offsets: Vec<usize> = config
        .taxonomies
        .iter()
        .scan(0, |acc, t| {
            let o = *acc;
            *acc += t.terms.len();
            Some(o)
        })
        .collect();
    let mut sig: Vec<u32> = term_positions(config, a).map(|(t, n)| (offsets[t] + n) as u32).collect();
    sig.sort_unstable();
    sig
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
    fn updating_one_article_s_terms_gives_what_a_fresh_build_gives() {
        let sets: [&[&str]; 8] = [&["a"], &["a", "b"], &["b", "c"], &["c"], &["a", "b", "c"], &[], &["b"], &["a", "c"]];
        let mut arts: Vec<Article> = (0..60)
            .map(|i| art("x", &format!("t{:03}", (i * 7) % 60), &format!("2026-01-{:02}", 1 + (i * 13) % 28), sets[(i * 3 + i / 8) % 8]))
            .collect();
        let (mut index, mut ranking) = build_ranked(&config(), &arts);
        // A fixed pseudo-random walk: 300 edits, each giving one article a
        // term set (often one nobody else has yet, or the last of its set).
        let mut seed = 7u64;
        for step in 0..300 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let i = (seed >> 33) as usize % arts.len();
            let set = sets[(seed >> 20) as usize % sets.len()];
            let meta =
                FrontMatter { terms: [("p".to_string(), set.iter().map(|s| s.to_string()).collect())].into(), ..(*arts[i].meta).clone() };
            arts[i].meta = std::sync::Arc::new(meta);
            index = update(&config(), &arts, &index, &mut ranking, i);
            let fresh = build(&config(), &arts);
            assert_eq!(index, fresh, "after edit {step} (article {i} → {set:?})");
        }
        assert_eq!(index.related, related_naive(&arts));
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
