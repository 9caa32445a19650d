//! Every name a run would write, checked before anything is written: what
//! `build` would fail on at write time (or silently overwrite) is found by
//! `check` too, with a location.
//!
//! Takes the site, its page paths and the copied files; gives diagnostics
//! for (1) names no file system or no leidraad output can hold: a segment
//! over 255 bytes, control characters or a backslash, `.`/`..`, names
//! reserved on Windows (`CON`, `NUL`, `COM1`…) and leidraad's own
//! `.leidraad-manifest` and `.leidraad-search`; (2) a file that
//! another output would overwrite or that stands where another needs a
//! folder: an `articles/index.html`, an `articles/atom.xml/` folder, an
//! asset at an article's path.

use std::collections::BTreeMap;

use super::pages::{output_path, Page};
use crate::diagnostics::Diagnostic;
use crate::site::Site;

/// The longest file name (in bytes) that common file systems allow.
pub const MAX_SEGMENT: usize = 255;

/// Names leidraad writes into every output folder itself.
const OWN: [&str; 2] = [crate::output::MANIFEST, crate::search::STAMP];

/// Who writes an output path, and where to point the user.
#[derive(Clone)]
struct Claim {
    what: String,
    at: Locate,
}

#[derive(Clone)]
enum Locate {
    /// An article: its file, at the `slug:` line when it has one.
    Article(usize),
    /// An alias of an article.
    Alias(usize, usize),
    /// A file beside the articles.
    Asset(String),
    /// Something of the theme or site.yaml.
    Generated,
}

/// Problems with the names of every output (see the module docs).
pub fn check(site: &Site, pages: &[Page], copied: impl Iterator<Item = String>) -> Vec<Diagnostic> {
    let assets: std::collections::BTreeSet<&str> = site.assets.iter().map(|a| a.rel.as_str()).collect();
    let mut claims: Vec<(String, Claim)> = pages.iter().map(|&p| (output_path(site, p), claim_of(site, p))).collect();
    for rel in copied {
        let claim = if assets.contains(rel.as_str()) {
            Claim { what: format!("the file `articles/{rel}`"), at: Locate::Asset(rel.clone()) }
        } else {
            Claim { what: format!("the theme's static file `{rel}`"), at: Locate::Generated }
        };
        claims.push((rel, claim));
    }
    let mut diags = Vec::new();
    for (path, claim) in &claims {
        if let Some(problem) = bad_name(path) {
            diags.push(locate(site, claim, format!("{} would be written as `{}`, which {problem}", claim.what, short(path))));
        }
    }
    let mut by_path: BTreeMap<&str, &Claim> = BTreeMap::new();
    for (path, claim) in &claims {
        match by_path.get(path.as_str()) {
            // Pages against pages are reported by `pages::collisions`.
            Some(first) if matches!(claim.at, Locate::Asset(_)) || matches!(first.at, Locate::Asset(_)) => {
                let (mine, other) = if matches!(claim.at, Locate::Asset(_)) { (claim, *first) } else { (*first, claim) };
                diags.push(
                    locate(site, mine, format!("{} and {} would both be written as `{}`", mine.what, other.what, short(path)))
                        .with_hint("rename or move the file; one of the two would silently replace the other"),
                );
            }
            Some(_) => {}
            None => {
                by_path.insert(path, claim);
            }
        }
    }
    // A file where another output needs a folder.
    for (path, claim) in &by_path {
        let mut at = path.len();
        while let Some(i) = path[..at].rfind('/') {
            if let Some(file) = by_path.get(&path[..i]) {
                let (mine, other) = if matches!(claim.at, Locate::Asset(_)) { (*claim, *file) } else { (*file, *claim) };
                diags.push(
                    locate(
                        site,
                        mine,
                        format!("{} needs `{}` to be a folder, but {} is written there", claim.what, short(&path[..i]), file.what),
                    )
                    .with_hint(format!("rename or move one of them; the other is {}", other.what)),
                );
            }
            at = i;
        }
    }
    diags
}

/// What is wrong with an output path, if anything.
pub fn bad_name(path: &str) -> Option<String> {
    if path.contains('\0') {
        return Some("contains a NUL character".into());
    }
    if path.contains(|c: char| c.is_control() || c == '\\') {
        return Some("contains a control character or a backslash".into());
    }
    if OWN.contains(&path.split('/').next().unwrap_or("")) {
        return Some("is a name leidraad keeps for its own files in the output".into());
    }
    for seg in path.split('/') {
        if seg.len() > MAX_SEGMENT {
            return Some(format!("has a part of {} bytes; file systems allow {MAX_SEGMENT}", seg.len()));
        }
        if seg.is_empty() || seg == "." || seg == ".." {
            return Some("has an empty, `.` or `..` part".into());
        }
        if windows_reserved(seg) {
            return Some(format!("has the part `{seg}`, a name Windows reserves for devices"));
        }
    }
    None
}

/// `CON`, `nul.txt`, `COM1`…, and names ending in a dot or space, which
/// Windows cannot create.
fn windows_reserved(seg: &str) -> bool {
    let stem = seg.split('.').next().unwrap_or(seg).to_ascii_uppercase();
    let device = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (stem.len() == 4
            && (stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0');
    device || seg.ends_with('.') || seg.ends_with(' ')
}

fn claim_of(site: &Site, page: Page) -> Claim {
    match page {
        Page::Article(i) => Claim { what: format!("the article `articles/{}`", site.articles[i].rel), at: Locate::Article(i) },
        Page::Alias(i, n) => Claim {
            what: format!("the alias `{}` of `articles/{}`", short(&site.articles[i].meta.aliases[n]), site.articles[i].rel),
            at: Locate::Alias(i, n),
        },
        other => Claim { what: format!("the generated page `{}`", output_path(site, other)), at: Locate::Generated },
    }
}

/// The diagnostic for a claim, at the best place known.
fn locate(site: &Site, claim: &Claim, message: String) -> Diagnostic {
    let d = match &claim.at {
        Locate::Article(i) => {
            let a = &site.articles[*i];
            match a.text.find("\nslug:") {
                Some(at) => Diagnostic::at(&format!("articles/{}", a.rel), &a.text, at + 1..at + 1 + "slug:".len(), message),
                None => Diagnostic::at_line(&format!("articles/{}", a.rel), 1, 1, message),
            }
        }
        Locate::Alias(i, n) => {
            let a = &site.articles[*i];
            let alias = &a.meta.aliases[*n];
            let start = a.text.find(alias.as_str()).unwrap_or(0);
            Diagnostic::at(&format!("articles/{}", a.rel), &a.text, start..start + alias.len(), message)
        }
        Locate::Asset(rel) => Diagnostic::at_line(&format!("articles/{rel}"), 1, 1, message),
        Locate::Generated => Diagnostic::at_line(crate::config::FILE, 1, 1, message),
    };
    d.with_hint("choose a shorter or plainer name (letters, digits, `-`), or remove the file")
}

/// A name as quoted in a message: visible, and cut when very long.
fn short(name: &str) -> String {
    let v = crate::diagnostics::visible(name);
    match v.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &v[..i]),
        None => v,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_no_output_can_hold_are_found() {
        assert_eq!(bad_name("a/b/index.html"), None);
        assert!(bad_name(&format!("{}/index.html", "a".repeat(256))).unwrap().contains("256 bytes"));
        assert!(bad_name("a\0b/index.html").unwrap().contains("NUL"));
        assert!(bad_name(".leidraad-manifest/index.html").is_some());
        assert!(bad_name(".leidraad-search").is_some());
        assert!(bad_name("oud/con/index.html").unwrap().contains("Windows"));
        assert!(bad_name("oud/lpt1.txt").is_some());
        assert_eq!(bad_name("console/index.html"), None);
        assert!(bad_name("a\\b").is_some());
    }
}
