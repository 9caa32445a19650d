//! Related articles (spec section 5): up to [`RELATED`] per article, most
//! shared terms first, then newest, then title.
//!
//! Articles with the same set of terms share one ranking: a [`Ranking`]
//! keeps, per distinct term set, its members (newest first) and its best
//! `RELATED + 1` candidates (one of them may be the article itself, so that
//! many always suffice). Term sets are bitsets, so comparing two is a few
//! `popcount`s; sets are ranked in parallel.
//!
//! The dev server keeps the ranking between runs. When one article's terms
//! change ([`Ranking::change`]) only the sets whose best list held that
//! article are ranked again; every other set only checks whether the
//! article, with its new terms, now belongs in its list. The result is the
//! ranking a fresh build makes (a test compares the two after random edits).

use std::collections::BTreeMap;

use rayon::prelude::*;

/// How many related articles a page shows.
pub const RELATED: usize = 5;

/// A candidate: (shared terms, rank in the newest-first order, article).
type Candidate = (u32, usize, usize);

/// One distinct term set.
#[derive(Debug, Clone)]
struct Group {
    bits: Vec<u64>,
    /// Every article with exactly this term set, newest first.
    members: Vec<usize>,
    /// The best `RELATED + 1` candidates for this set, best first.
    best: Vec<Candidate>,
}

/// The related-articles ranking of a site.
#[derive(Debug, Clone)]
pub struct Ranking {
    /// Each article's term ids, sorted.
    signature_of: Vec<Vec<u32>>,
    /// Each article's position in the newest-first order.
    rank: Vec<usize>,
    /// u64 words per bitset.
    words: usize,
    groups: BTreeMap<Vec<u32>, Group>,
}

/// Whether `a` ranks before `b`: more shared terms, then newer.
fn better(a: &Candidate, b: &Candidate) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

impl Ranking {
    /// Ranks every term set. `signature_of[i]` is article i's sorted term
    /// ids (below `term_count`), `newest` every article newest first.
    pub fn new(signature_of: Vec<Vec<u32>>, term_count: usize, newest: &[usize]) -> Ranking {
        let mut rank = vec![0usize; signature_of.len()];
        for (r, &i) in newest.iter().enumerate() {
            rank[i] = r;
        }
        let words = term_count / 64 + 1;
        let mut groups: BTreeMap<Vec<u32>, Group> = BTreeMap::new();
        for &i in newest {
            let sig = &signature_of[i];
            groups
                .entry(sig.clone())
                .or_insert_with(|| Group { bits: bits(sig, words), members: Vec::new(), best: Vec::new() })
                .members
                .push(i);
        }
        let mut ranking = Ranking { signature_of, rank, words, groups };
        let bests: Vec<Vec<Candidate>> =
            ranking.groups.values().collect::<Vec<_>>().par_iter().map(|g| ranking.best_for(&g.bits)).collect();
        for (g, best) in ranking.groups.values_mut().zip(bests) {
            g.best = best;
        }
        ranking
    }

    /// The best candidates for a term set, from every set's first
    /// `RELATED + 1` members (members come newest first, so the rest of a
    /// set can never do better).
    fn best_for(&self, mine: &[u64]) -> Vec<Candidate> {
        let mut best: Vec<Candidate> = Vec::with_capacity(RELATED + 2);
        for other in self.groups.values() {
            let shared: u32 = mine.iter().zip(&other.bits).map(|(a, b)| (a & b).count_ones()).sum();
            if shared == 0 {
                continue;
            }
            for &m in other.members.iter().take(RELATED + 1) {
                let cand = (shared, self.rank[m], m);
                if best.len() > RELATED && !better(&cand, &best[RELATED]) {
                    break;
                }
                insert(&mut best, cand);
            }
        }
        best
    }

    /// Each article's related articles.
    pub fn related(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.signature_of.len()];
        for g in self.groups.values() {
            for &i in &g.members {
                out[i] = g.best.iter().map(|c| c.2).filter(|&j| j != i).take(RELATED).collect();
            }
        }
        out
    }

    /// Moves one article to a new term set (its rank unchanged) and brings
    /// every set's best list up to date.
    pub fn change(&mut self, article: usize, signature: Vec<u32>) {
        let old = std::mem::replace(&mut self.signature_of[article], signature.clone());
        if old == signature {
            return;
        }
        if let Some(g) = self.groups.get_mut(&old) {
            g.members.retain(|&m| m != article);
            if g.members.is_empty() {
                self.groups.remove(&old);
            }
        }
        let words = self.words;
        let rank = &self.rank;
        let created = !self.groups.contains_key(&signature);
        let g = self.groups.entry(signature.clone()).or_insert_with(|| Group {
            bits: bits(&signature, words),
            members: Vec::new(),
            best: Vec::new(),
        });
        let at = g.members.partition_point(|&m| rank[m] < rank[article]);
        g.members.insert(at, article);
        let new_bits = g.bits.clone();

        // Sets whose list held the article are ranked again (its old place
        // may now go to another); the others take it in where it now beats
        // their last candidate.
        let stale: Vec<Vec<u32>> = self
            .groups
            .iter()
            .filter(|(sig, g)| (created && **sig == signature) || g.best.iter().any(|c| c.2 == article))
            .map(|(sig, _)| sig.clone())
            .collect();
        let fresh: Vec<(Vec<u32>, Vec<Candidate>)> =
            stale.par_iter().map(|sig| (sig.clone(), self.best_for(&self.groups[sig].bits))).collect();
        let cand_rank = self.rank[article];
        for (sig, g) in self.groups.iter_mut() {
            if stale.binary_search(sig).is_ok() {
                continue;
            }
            let shared: u32 = g.bits.iter().zip(&new_bits).map(|(a, b)| (a & b).count_ones()).sum();
            let cand = (shared, cand_rank, article);
            if shared > 0 && (g.best.len() <= RELATED || better(&cand, &g.best[RELATED])) {
                insert(&mut g.best, cand);
            }
        }
        for (sig, best) in fresh {
            if let Some(g) = self.groups.get_mut(&sig) {
                g.best = best;
            }
        }
    }
}

/// Puts a candidate in its place in a best-first list of at most `RELATED + 1`.
fn insert(best: &mut Vec<Candidate>, cand: Candidate) {
    let at = best.iter().position(|x| better(&cand, x)).unwrap_or(best.len());
    best.insert(at, cand);
    best.truncate(RELATED + 1);
}

fn bits(sig: &[u32], words: usize) -> Vec<u64> {
    let mut b = vec![0u64; words];
    for &t in sig {
        b[t as usize / 64] |= 1 << (t % 64);
    }
    b
}
