//! Closed compounds, split with the site's own vocabulary: no dictionary.
//!
//! A word is split where both sides are words the site also uses on their
//! own ("teamcultuur" → "team" + "cultuur" when the site says "team" and
//! "cultuur"), allowing the Dutch linking letters -s-, -e- and -en- between
//! them ("leiderschapsontwikkeling" → "leiderschaps" + "ontwikkeling"). A
//! part may also be another form of a word of the site ("gesprek" when the
//! site says "gesprekken"); a part after the first may not be an ending that
//! makes words ("-baar", "-heid", "-lijk"). Parts are at least
//! [`MIN_PART`] letters long, not counting linking letters, so "inwerken"
//! (in + werken), "beleid" and "aanspreken" (aan + spreken) stay whole. A
//! split into two parts is preferred to one into more; among those, the
//! longest first part.

use std::collections::{HashMap, HashSet};

use pagefind_stem::{Algorithm, Stemmer};

/// The fewest letters a part may have.
pub const MIN_PART: usize = 4;

/// Linking letters allowed between two parts, tried in this order.
const LINKS: [&str; 4] = ["", "s", "en", "e"];

/// Endings that make a word of another word ("eigenlijk", "bereikbaar",
/// "betrokkenheid"): a part that starts with one is no word of its own.
const SUFFIXES: [&str; 10] = ["baar", "heid", "lijk", "zaam", "loos", "schap", "achtig", "matig", "erde", "eren"];

/// Splits words into parts that the site uses on their own.
pub struct Splitter<'a> {
    words: &'a HashSet<String>,
    stems: HashSet<String>,
    stemmer: Option<Stemmer>,
}

/// The stemmer Pagefind uses for the language, if it has one.
pub fn stemmer(language: &str) -> Option<Stemmer> {
    match language {
        "nl" => Some(Stemmer::create(Algorithm::Dutch)),
        "en" => Some(Stemmer::create(Algorithm::English)),
        _ => None,
    }
}

impl<'a> Splitter<'a> {
    /// A splitter over `words`: the site's words, folded (lower case, no
    /// diacritics), each of which stands on its own somewhere in the text.
    pub fn new(words: &'a HashSet<String>, language: &str) -> Self {
        let stemmer = stemmer(language);
        let stems = match &stemmer {
            Some(s) => words.iter().filter(|w| w.chars().count() >= MIN_PART).map(|w| s.stem(w).into_owned()).collect(),
            None => HashSet::new(),
        };
        Splitter { words, stems, stemmer }
    }

    /// Whether `head`, the start of a word, is a word the site uses, as it
    /// is or as another form of it ("thuiswerk" when the site says
    /// "thuiswerken").
    fn is_word(&self, head: &str) -> bool {
        head.chars().count() >= MIN_PART && (self.words.contains(head) || self.same_stem(head))
    }

    /// Whether a word of the site has the stem of `part`, a stem at most
    /// three letters shorter than the part and at least [`MIN_PART`] long.
    fn same_stem(&self, part: &str) -> bool {
        self.stemmer.as_ref().is_some_and(|s| {
            let stem = s.stem(part);
            stem.len() >= MIN_PART && stem.len() + 3 >= part.len() && self.stems.contains(stem.as_ref())
        })
    }

    /// Whether `tail`, the end of a word, stands on its own in the site's
    /// text: as it is, or as another form of it ("gesprek" when the site
    /// says "gesprekken"), and is not an ending such as "-baar".
    fn stands_alone(&self, tail: &str) -> bool {
        if tail.chars().count() < MIN_PART || SUFFIXES.iter().any(|s| tail.starts_with(s)) {
            return false;
        }
        self.words.contains(tail) || self.same_stem(tail)
    }

    /// The parts of a folded word, linking letters kept with the part before
    /// them, or `None` when it is not a compound of the site's words.
    pub fn split<'w>(&self, word: &'w str) -> Option<Vec<&'w str>> {
        if word.chars().count() < 2 * MIN_PART || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        self.split_from(word, 3)
    }

    fn split_from<'w>(&self, word: &'w str, depth: usize) -> Option<Vec<&'w str>> {
        let bounds: Vec<usize> = word.char_indices().map(|(i, _)| i).skip(MIN_PART).collect();
        let mut best: Option<Vec<&'w str>> = None;
        // Longest first part first; two parts beat more.
        for &cut in bounds.iter().rev() {
            let head = &word[..cut];
            if !self.is_word(head) {
                continue;
            }
            for link in LINKS {
                let Some(rest) = word[cut..].strip_prefix(link) else { continue };
                if rest.chars().count() < MIN_PART {
                    continue;
                }
                let first = &word[..cut + link.len()];
                if self.stands_alone(rest) {
                    return Some(vec![first, rest]);
                }
                if best.is_none() && depth > 1 {
                    if let Some(more) = self.split_from(rest, depth - 1) {
                        best = Some(std::iter::once(first).chain(more).collect());
                    }
                }
            }
        }
        best
    }
}

/// Splits every word of `words` that is a compound: word → its parts.
pub fn split_all(words: &HashSet<String>, language: &str) -> HashMap<String, Vec<String>> {
    use rayon::prelude::*;
    let splitter = Splitter::new(words, language);
    let list: Vec<&String> = words.iter().collect();
    list.par_iter().filter_map(|w| splitter.split(w).map(|parts| ((*w).clone(), parts.into_iter().map(str::to_string).collect()))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "team cultuur teamcultuur leiderschap ontwikkeling leiderschapsontwikkeling \
        personeel personeelsbeleid beleid verder werken inwerken spreken aanspreken aan in \
        functioneringsgesprek gesprekken functionering talent talentontwikkeling boeken boekenkast kast \
        verderop medewerker mede werker vertrouwen eigen eigenlijk lijk bereik bereikbaar baar betrokken betrokkenheid";

    fn words() -> HashSet<String> {
        TEXT.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn true_compounds_are_split_at_the_linking_letters() {
        let words = words();
        let s = Splitter::new(&words, "nl");
        assert_eq!(s.split("teamcultuur"), Some(vec!["team", "cultuur"]));
        assert_eq!(s.split("leiderschapsontwikkeling"), Some(vec!["leiderschaps", "ontwikkeling"]));
        assert_eq!(s.split("personeelsbeleid"), Some(vec!["personeels", "beleid"]));
        assert_eq!(s.split("talentontwikkeling"), Some(vec!["talent", "ontwikkeling"]));
        assert_eq!(s.split("boekenkast"), Some(vec!["boeken", "kast"]));
        // "gesprek" stands on its own through "gesprekken", which has its stem.
        assert_eq!(s.split("functioneringsgesprek"), Some(vec!["functionerings", "gesprek"]));
        assert_eq!(s.split("medewerker"), Some(vec!["mede", "werker"]));
    }

    #[test]
    fn look_alikes_stay_whole() {
        let words = words();
        let s = Splitter::new(&words, "nl");
        for word in [
            "beleid",
            "verder",
            "inwerken",
            "aanspreken",
            "vertrouwen",
            "verderop",
            "leiderschap",
            "ontwikkeling",
            "eigenlijk",
            "bereikbaar",
            "betrokkenheid",
        ] {
            assert_eq!(s.split(word), None, "{word}");
        }
    }

    #[test]
    fn parts_must_stand_on_their_own() {
        let few: HashSet<String> = ["leiderschapsontwikkeling", "ontwikkeling"].iter().map(|s| s.to_string()).collect();
        assert_eq!(Splitter::new(&few, "nl").split("leiderschapsontwikkeling"), None);
        let all = split_all(&words(), "nl");
        assert_eq!(all.get("teamcultuur"), Some(&vec!["team".to_string(), "cultuur".to_string()]));
        assert!(!all.contains_key("inwerken"));
    }
}
