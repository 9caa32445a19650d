//! Seeded randomness and text for the generated site: a splitmix64 `Rng`
//! (the same numbers everywhere, so a seed gives the same site and edits),
//! Dutch word lists, and the titles, sentences, headings, slugs, dates and
//! relative paths made from them. Headings are ASCII only, so their ids are
//! known; the other text has diacritics and punctuation.

/// splitmix64: small, fast and the same everywhere.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub(super) fn below(&mut self, n: usize) -> usize {
        assert!(n > 0);
        (self.next() % n as u64) as usize
    }
    /// `lo..=hi`.
    pub(super) fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub(super) fn choose<T: Copy>(&mut self, items: &[T]) -> Option<T> {
        (!items.is_empty()).then(|| items[self.below(items.len())])
    }

    /// One of the `|`-separated words of a list.
    pub(super) fn word(&mut self, list: &'static str) -> &'static str {
        let words: Vec<&'static str> = list.split('|').collect();
        words[self.below(words.len())]
    }
}

pub(super) const NOUNS: &str = "gesprek|vertrouwen|feedback|team|doel|afspraak|ruimte|aandacht|rol|verantwoordelijkheid|ontwikkeling|loopbaan|welzijn|verzuim|cultuur|waarde|motivatie|samenwerking|leiderschap|groei|balans|keuze|kader|ritme|vraag|reflectie|inzet|energie|verbinding|veiligheid|resultaat|praktijk|valkuil|signaal|overleg|planning|begeleiding";
pub(super) const ADJECTIVES: &str = "goede|open|eerlijke|heldere|kleine|grote|nieuwe|vaste|echte|rustige|duurzame|gezamenlijke|persoonlijke|praktische|moeilijke|eerste|volgende";
const SUBJECTS: &str = "de leidinggevende|het team|de medewerker|HR|iedereen|de coach|een collega|de organisatie|een nieuwe collega";
const VERBS: &str = "bespreekt|geeft|vraagt|deelt|bouwt|zoekt|maakt|neemt|versterkt|ondersteunt|herkent|benoemt|plant|evalueert";
const PREPOSITIONS: &str = "over|met|voor|naar|bij|zonder|rond";
/// Words with diacritics and punctuation, for the text (never for headings,
/// whose ids the links must know).
const FLAVOUR: &str = "één keer per week|om ideeën te creëren|met goede coördinatie|zonder financiële zorgen|geïnspireerd door de praktijk|coöperatief & eerlijk|privé of zakelijk|bij de reünie|\u{201c}gewoon\u{201d} doen|ook als het 't moeilijkst is";
pub(super) const NAMES: &str =
    "Daan Jansen|Sanne de Vries|Eva Bakker|Noah Visser|Fleur Smit|Sem Meijer|Lotte de Boer|Jesse Mulder|Zoë de Groot|Thijs Bos";
pub(super) const FOLDER_WORDS: &str = "onboarding|welzijn|loopbaan|teamdagen|verlof|mobiliteit|talent|coaching";
pub(super) const SUBFOLDER_WORDS: &str = "basis|verdieping|praktijk|voorbeelden|checklists";
pub(super) const TEMPLATES: &[&str] = &[
    "base.html",
    "article.html",
    "card.html",
    "index.html",
    "term.html",
    "taxonomy.html",
    "404.html",
    "alias.html",
    "atom.xml",
    "sitemap.xml",
    "search.html",
    "components.html",
];

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} de {} {} {} het {}",
        rng.word(SUBJECTS),
        rng.word(VERBS),
        rng.word(ADJECTIVES),
        rng.word(NOUNS),
        rng.word(PREPOSITIONS),
        rng.word(NOUNS)
    );
    if rng.chance(30) {
        s.push_str(", ");
        s.push_str(rng.word(FLAVOUR));
    }
    s.push('.');
    capitalise(&s)
}

pub(super) fn sentences(rng: &mut Rng, lo: usize, hi: usize) -> String {
    let n = rng.range(lo, hi);
    (0..n).map(|_| sentence(rng)).collect::<Vec<_>>().join(" ")
}

pub(super) fn title(rng: &mut Rng) -> String {
    let (a, n1, p, n2) = (rng.word(ADJECTIVES), rng.word(NOUNS), rng.word(PREPOSITIONS), rng.word(NOUNS));
    match rng.below(6) {
        0 => format!("{} & {}", capitalise(n1), n2),
        1 => format!("{}: de {} {}", capitalise(n1), a, n2),
        2 => format!("Het '{a}' {n1}"),
        3 => format!("{} {p} het {n2}, {}", capitalise(n1), rng.word(FLAVOUR)),
        _ => format!("{} {n1} {p} {n2}", capitalise(a)),
    }
}

/// ASCII only, so its id is known: lowercase, runs of other characters `-`.
pub(super) fn heading_text(rng: &mut Rng) -> String {
    format!("{} {}", capitalise(rng.word(ADJECTIVES)), rng.word(NOUNS))
}

pub(super) fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

pub(super) fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

pub(super) type Date = (u32, u32, u32);

pub(super) fn date(rng: &mut Rng) -> Date {
    (rng.range(2023, 2026) as u32, rng.range(1, 12) as u32, rng.range(1, 28) as u32)
}

pub(super) fn later(rng: &mut Rng, d: Date) -> Date {
    let mut u = date(rng);
    while u <= d {
        u.0 += 1;
    }
    u
}

pub(super) fn show_date(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

/// The path of `to` (relative to `articles/`) from a file in `from_folder`.
pub(super) fn relative(from_folder: &str, to: &str) -> String {
    let from: Vec<&str> = from_folder.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from.iter().zip(&to_parts).take_while(|(a, b)| a == b).count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}
