//! The site's vocabulary: every word of the indexed article text with how
//! often it occurs, the compounds among them, and the synonym groups
//! resolved against them. Written beside Pagefind's bundle as [`FILE`] for
//! the search page, which uses it to correct typos ("Bedoelde je …"), to
//! split a compound query into words the site uses, and to search a word's
//! synonyms.
//!
//! [`prepare`] reads the article pages a run wrote, and writes the copies
//! Pagefind indexes (see [`super::pages`]) into another folder.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use super::settings::{fold, Settings};
use super::{compounds, pages};

/// The vocabulary file, in the bundle folder.
pub const FILE: &str = "leidraad-search.json";

/// Words shorter than this are left out of the file (no typo is corrected
/// to them, and they are not worth a synonym lookup).
const MIN_WORD: usize = 3;
/// Longer words are left out too (run-together tokens, URLs).
const MAX_WORD: usize = 40;

/// The words of a site's indexed text.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// Folded word → occurrences.
    pub counts: HashMap<String, u32>,
    /// Folded compound → its parts (linking letters kept with the part
    /// before them).
    pub splits: HashMap<String, Vec<String>>,
}

/// A synonym group as the search page uses it.
#[derive(Debug, Serialize)]
struct Group<'a> {
    /// What is searched for: the group's words and phrases as declared.
    say: &'a [String],
    /// Folded words of the site that mean a member: the members themselves
    /// and every word of the text with a member's stem ("werknemers").
    forms: Vec<String>,
}

#[derive(Debug, Serialize)]
struct File<'a> {
    version: u32,
    /// Sorted.
    words: Vec<&'a str>,
    /// How often each word of `words` occurs.
    counts: Vec<u32>,
    compounds: BTreeMap<&'a str, &'a [String]>,
    synonyms: Vec<Group<'a>>,
}

/// Reads `pages` (paths under `site_dir`), returns their vocabulary and
/// writes into `copy_dir` the pages Pagefind is to index: each page cut down
/// to what Pagefind reads (see [`pages::Outline`]), with its compounds
/// marked when `settings.compounds` is on. Pages of
/// `copy_dir` that are not in `pages` are removed.
pub fn prepare(site_dir: &Path, pages: &[String], copy_dir: &Path, settings: &Settings, language: &str) -> Result<Vocabulary, String> {
    let read = |rel: &String| std::fs::read_to_string(site_dir.join(rel)).map_err(|e| format!("reading {rel}: {e}"));
    // Per page, where its long words are (for the marks), and all counts.
    let (counts, long) = pages
        .par_iter()
        .map(|rel| -> Result<_, String> {
            let mut counts = HashMap::new();
            let found = pages::count_words(&read(rel)?, &mut counts).map_err(|e| format!("reading {rel}: {e}"))?;
            Ok((counts, vec![found]))
        })
        .try_reduce(
            || (HashMap::new(), Vec::new()),
            |(mut a, mut la), (b, lb)| {
                let (mut a, b) = if a.len() >= b.len() { (a, b) } else { (b, std::mem::take(&mut a)) };
                for (w, n) in b {
                    *a.entry(w).or_insert(0) += n;
                }
                la.extend(lb);
                Ok((a, la))
            },
        )?;
    let t = std::time::Instant::now();
    let splits = if settings.compounds {
        let words: HashSet<String> = counts.keys().filter(|w| w.chars().count() <= MAX_WORD).cloned().collect();
        compounds::split_all(&words, language)
    } else {
        HashMap::new()
    };
    if std::env::var_os("LEIDRAAD_TIMINGS").is_some() {
        eprintln!("search: {} words counted, {} compounds split in {:.2?}", counts.len(), splits.len(), t.elapsed());
    }
    let keep: HashSet<&str> = pages.iter().map(String::as_str).collect();
    for stale in crate::output::list_files(copy_dir).unwrap_or_default() {
        if !keep.contains(stale.as_str()) {
            std::fs::remove_file(copy_dir.join(&stale)).map_err(|e| format!("cleaning {}: {e}", copy_dir.display()))?;
        }
    }
    pages.par_iter().zip(long.par_iter()).try_for_each(|(rel, (long, outline))| {
        let html = read(rel)?;
        let page = pages::copy_for_index(&html, long, outline.as_ref(), &splits);
        let target = copy_dir.join(rel);
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("writing {}: {e}", dir.display()))?;
        }
        crate::output::write_if_changed(&target, page.as_bytes()).map_err(|e| format!("writing {}: {e}", target.display()))
    })?;
    Ok(Vocabulary { counts, splits })
}

impl Vocabulary {
    /// The file the search page reads: [`Vocabulary::to_json`], gzipped
    /// (Pagefind's own files are gzipped too; the name stays `.json` so
    /// that every server knows its type, and the page tells gzip from JSON
    /// by its first bytes).
    pub fn to_file(&self, settings: &Settings, language: &str) -> Vec<u8> {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        let json = self.to_json(settings, language);
        match gz.write_all(&json).and_then(|()| gz.finish()) {
            Ok(bytes) => bytes,
            Err(_) => json,
        }
    }

    /// The vocabulary as JSON (same vocabulary and settings, same bytes).
    pub fn to_json(&self, settings: &Settings, language: &str) -> Vec<u8> {
        let mut words: Vec<&str> =
            self.counts.keys().map(String::as_str).filter(|w| (MIN_WORD..=MAX_WORD).contains(&w.chars().count())).collect();
        words.sort_unstable();
        let counts = words.iter().map(|w| self.counts[*w]).collect();
        let compounds = self.splits.iter().map(|(w, parts)| (w.as_str(), parts.as_slice())).collect();
        let file = File { version: 1, words, counts, compounds, synonyms: self.groups(settings, language) };
        serde_json::to_vec(&file).unwrap_or_default()
    }

    /// Each synonym group with the site's words that mean one of its members.
    fn groups<'a>(&self, settings: &'a Settings, language: &str) -> Vec<Group<'a>> {
        let stemmer = compounds::stemmer(language);
        let stem = |w: &str| stemmer.as_ref().map_or_else(|| w.to_string(), |s| s.stem(w).into_owned());
        let mut by_stem: HashMap<String, Vec<&str>> = HashMap::new();
        for word in self.counts.keys() {
            by_stem.entry(stem(word)).or_default().push(word);
        }
        settings
            .synonyms
            .iter()
            .map(|say| {
                let mut forms: Vec<String> = say.iter().map(|w| fold(w)).collect();
                for member in forms.clone().iter().filter(|m| !m.contains(' ')) {
                    forms.extend(by_stem.get(&stem(member)).into_iter().flatten().map(|w| w.to_string()));
                }
                forms.sort_unstable();
                forms.dedup();
                Group { say, forms }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synonym_groups_cover_the_inflected_words_of_the_site() {
        let counts = HashMap::from([("werknemers".to_string(), 3), ("medewerker".to_string(), 2), ("team".to_string(), 5)]);
        let vocab = Vocabulary { counts, splits: HashMap::new() };
        let settings = Settings {
            synonyms: vec![vec!["Werknemer".into(), "medewerker".into()], vec!["thuiswerken".into(), "hybride werken".into()]],
            compounds: true,
        };
        let json: serde_json::Value = serde_json::from_slice(&vocab.to_json(&settings, "nl")).unwrap();
        assert_eq!(json["synonyms"][0]["say"], serde_json::json!(["Werknemer", "medewerker"]));
        assert_eq!(json["synonyms"][0]["forms"], serde_json::json!(["medewerker", "werknemer", "werknemers"]));
        assert_eq!(json["synonyms"][1]["forms"], serde_json::json!(["hybride werken", "thuiswerken"]));
        assert_eq!(json["words"], serde_json::json!(["medewerker", "team", "werknemers"]));
        assert_eq!(json["counts"], serde_json::json!([2, 5, 3]));
    }
}
