//! Stage 1, config: `site.yaml` plus command-line overrides → [`SiteConfig`].
//!
//! `RawConfig` is the serde shape of the file (unknown keys rejected); the
//! resolved [`SiteConfig`] has a normalised base URL, a known language and
//! taxonomies whose term descriptions are rendered Markdown. Problems are
//! returned as located [`Diagnostic`]s, never printed here.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{self, Diagnostic};

/// The file name of the site configuration, relative to the root.
pub const FILE: &str = "site.yaml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_base_url")]
    base_url: String,
    #[serde(default = "default_language")]
    language: String,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default)]
    taxonomies: Vec<RawTaxonomy>,
    logo: Option<String>,
    colors: Option<crate::brand::RawColours>,
    #[serde(default)]
    menu: Vec<crate::brand::RawMenuItem>,
    footer: Option<String>,
    edit_url: Option<String>,
    extra: Option<serde_yaml::Value>,
    /// Checked by [`crate::search::settings::resolve`], which locates its problems.
    #[serde(default)]
    search: Option<serde_yaml::Value>,
    /// Publish raw HTML in articles as written (default: sanitised).
    #[serde(default)]
    raw_html: bool,
    review: Option<RawReview>,
    #[serde(default)]
    editorial_page: bool,
}

/// `review:` in site.yaml (spec section 11).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReview {
    interval_months: Option<u32>,
    soon_days: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaxonomy {
    name: String,
    title: String,
    path: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    display: Display,
    #[serde(default)]
    terms: Vec<RawTerm>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    slug: String,
    title: String,
    #[serde(default)]
    description: String,
    color: Option<String>,
}

fn default_base_url() -> String {
    "/".into()
}
fn default_language() -> String {
    "nl".into()
}
fn default_theme() -> String {
    "default".into()
}

/// The built-in front matter keys of an article; a taxonomy may not take
/// one of these names, since its terms are listed under its name.
pub const ARTICLE_KEYS: [&str; 12] =
    ["title", "date", "updated", "author", "summary", "slug", "draft", "aliases", "extra", "owner", "reviewed", "review_interval_months"];

/// The "due soon" window when site.yaml's `review.soon_days` is absent.
pub const DEFAULT_SOON_DAYS: u32 = 30;

/// The languages the theme and the search stemmer know.
pub const LANGUAGES: [&str; 2] = ["nl", "en"];

/// The resolved site configuration.
#[derive(Debug, Clone, Serialize)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    pub base_url: BaseUrl,
    pub language: String,
    pub theme: String,
    pub taxonomies: Vec<Taxonomy>,
    /// Logo, colours, menu, footer, edit link and `extra` (spec section 9).
    pub brand: crate::brand::Brand,
    /// The `search:` key: synonyms and compounds.
    pub search: crate::search::Settings,
    /// Raw HTML in articles is published as written, not sanitised.
    pub raw_html: bool,
    /// The review settings (section 11).
    pub review: Review,
    /// Whether `build` writes the editorial page (`serve` always does).
    pub editorial_page: bool,
}

/// site.yaml `review:`: the default review interval (none: an article is
/// due only when it sets its own `review_interval_months`) and the window
/// in which an article counts as due soon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    pub interval_months: Option<u32>,
    pub soon_days: u32,
}

/// A declared taxonomy: its front matter key, title, URL segment and terms.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Taxonomy {
    pub name: String,
    pub title: String,
    pub path: String,
    /// Markdown source of the taxonomy's description.
    pub description: String,
    /// How the theme shows this taxonomy's terms on cards and articles.
    pub display: Display,
    pub terms: Vec<Term>,
}

/// How a taxonomy's terms are shown (site.yaml `display`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Display {
    /// Plain badges.
    #[default]
    Badges,
    /// Each term a colour (its `color`, else the theme's palette), on
    /// badges and as the accent of cards.
    #[serde(alias = "color")]
    Colour,
    /// Listed above the article's title ("Voor: …").
    Audience,
}

/// A declared term.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub slug: String,
    pub title: String,
    /// Markdown source of the description.
    pub description: String,
    /// A CSS hex colour (`#0f766e`) for `display: colour`.
    pub color: Option<String>,
}

/// The base URL, split into what pages need: a path prefix for links and,
/// when the URL is absolute, the origin for feeds and the sitemap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BaseUrl {
    /// `https://host` without a trailing slash, or empty for a path-only URL.
    pub origin: String,
    /// The path, always starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses `https://host/sub/`, `/sub/` or `sub` (missing slashes are added).
    pub fn parse(raw: &str) -> Result<BaseUrl, String> {
        let raw = raw.trim();
        let (origin, path) = match raw.find("://") {
            Some(i) => {
                let scheme = &raw[..i];
                if scheme != "http" && scheme != "https" {
                    return Err(format!("base_url must use http or https, not `{scheme}`"));
                }
                let rest = &raw[i + 3..];
                let slash = rest.find('/').unwrap_or(rest.len());
                if slash == 0 {
                    return Err("base_url has no host".into());
                }
                (format!("{}://{}", scheme, &rest[..slash]), &rest[slash..])
            }
            None => (String::new(), raw),
        };
        if path.contains(['?', '#', ' ']) {
            return Err("base_url must not contain `?`, `#` or spaces".into());
        }
        let mut p = String::from("/");
        p.push_str(path.trim_matches('/'));
        if !p.ends_with('/') {
            p.push('/');
        }
        Ok(BaseUrl { origin, path: p })
    }

    pub fn is_absolute(&self) -> bool {
        !self.origin.is_empty()
    }

    /// The URL of a site-relative path (`a/b/`), as a root-relative path.
    pub fn path_to(&self, rel: &str) -> String {
        format!("{}{}", self.path, rel.trim_start_matches('/'))
    }

    /// The absolute URL of a site-relative path, or the path when the base
    /// URL has no origin.
    pub fn permalink(&self, rel: &str) -> String {
        format!("{}{}", self.origin, self.path_to(rel))
    }
}

impl SiteConfig {
    pub fn taxonomy(&self, name: &str) -> Option<&Taxonomy> {
        self.taxonomies.iter().find(|t| t.name == name)
    }

    /// The editorial page's URL segment for the site's language.
    pub fn editorial_path(&self) -> &'static str {
        if self.language == "en" {
            "editorial"
        } else {
            "redactie"
        }
    }

    /// The search page's URL segment for the site's language.
    pub fn search_path(&self) -> &'static str {
        if self.language == "en" {
            "search"
        } else {
            "zoeken"
        }
    }
}

/// Options that override site.yaml from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub base_url: Option<String>,
}

/// Reads and resolves `<root>/site.yaml`.
pub fn load(root: &Path, overrides: &Overrides) -> Result<SiteConfig, Vec<Diagnostic>> {
    let path = root.join(FILE);
    let text = match std::fs::read(&path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let bytes = e.as_bytes();
                let line = crate::content::first_bad_utf8_line(bytes);
                return Err(vec![
                    Diagnostic::at_line(FILE, line, 1, "site.yaml is not valid UTF-8").with_hint("save the file with UTF-8 encoding")
                ]);
            }
        },
        Err(e) => {
            return Err(vec![Diagnostic::at_line(FILE, 1, 1, format!("cannot read site.yaml: {e}"))
                .with_hint("run `leidraad init DIR` to create a site, or pass --root")]);
        }
    };
    let config = parse(&text, overrides)?;
    if let Some(logo) = &config.brand.logo {
        if !root.join("static").join(logo).is_file() {
            let text: Arc<str> = Arc::from(text.as_str());
            return Err(vec![Diagnostic::at(
                FILE,
                &text,
                crate::brand::line_span(&text, "logo"),
                format!("the logo `static/{logo}` does not exist"),
            )
            .with_hint(format!("put the logo file at `static/{logo}` in the site, or correct the name"))]);
        }
    }
    Ok(config)
}

/// Parses site.yaml's text; all problems are reported at once where possible.
pub fn parse(text: &str, overrides: &Overrides) -> Result<SiteConfig, Vec<Diagnostic>> {
    let text: Arc<str> = Arc::from(text);
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::at_line(FILE, 1, 1, "site.yaml is empty")
            .with_hint("it needs at least `title:`; see the README's site.yaml reference")]);
    }
    if let Some(d) = diagnostics::yaml_too_deep(FILE, &text, 0, &text) {
        return Err(vec![d]);
    }
    let raw: RawConfig = match serde_yaml::from_str(&text) {
        Ok(raw) => raw,
        Err(e) => return Err(vec![diagnostics::yaml_error(FILE, &text, 0, &e)]),
    };
    let mut diags = Vec::new();
    let key_span = |needle: &str| find_span(&text, needle);

    let base_raw = overrides.base_url.clone().unwrap_or(raw.base_url.clone());
    let base_url = match BaseUrl::parse(&base_raw) {
        Ok(b) => b,
        Err(msg) => {
            diags.push(
                Diagnostic::at(FILE, &text, key_span("base_url"), msg)
                    .with_hint("use an absolute URL such as `https://intranet.example.nl/hr/` or a path such as `/hr/`"),
            );
            BaseUrl::parse("/").expect("`/` is a valid base URL")
        }
    };
    if !LANGUAGES.contains(&raw.language.as_str()) {
        let mut d =
            Diagnostic::at(FILE, &text, key_span("language"), format!("unknown language `{}`", raw.language)).with_hint("use `nl` or `en`");
        if let Some(s) = diagnostics::closest(&raw.language, LANGUAGES) {
            d = d.with_hint(format!("did you mean `{s}`? (leidraad knows `nl` and `en`)"));
        }
        diags.push(d);
    }
    let review = match &raw.review {
        Some(r) => Review { interval_months: r.interval_months, soon_days: r.soon_days.unwrap_or(DEFAULT_SOON_DAYS) },
        None => Review { interval_months: None, soon_days: DEFAULT_SOON_DAYS },
    };
    if review.interval_months == Some(0) {
        diags.push(Diagnostic::at(FILE, &text, key_span("interval_months"), "`review.interval_months` must be at least 1").with_hint(
            "write the number of months between reviews, such as `interval_months: 12`, or remove `review:` to turn reviews off",
        ));
    }
    if raw.title.trim().is_empty() {
        diags.push(Diagnostic::at(FILE, &text, key_span("title"), "the site title is empty").with_hint("give the site a title"));
    }

    let mut names = BTreeSet::new();
    let mut paths = BTreeSet::new();
    let mut taxonomies = Vec::new();
    for raw_tax in raw.taxonomies {
        let name_span = key_span(&format!("name: {}", raw_tax.name));
        if !is_key(&raw_tax.name) {
            diags.push(
                Diagnostic::at(FILE, &text, name_span.clone(), format!("taxonomy name `{}` is not a valid front matter key", raw_tax.name))
                    .with_hint("use lowercase letters, digits and `_`, such as `pillars`"),
            );
        }
        if ARTICLE_KEYS.contains(&raw_tax.name.as_str()) {
            diags.push(
                Diagnostic::at(FILE, &text, name_span.clone(), format!("taxonomy name `{}` is a built-in front matter key", raw_tax.name))
                    .with_hint("choose another name"),
            );
        }
        if !names.insert(raw_tax.name.clone()) {
            diags.push(
                Diagnostic::at(FILE, &text, name_span.clone(), format!("taxonomy `{}` is declared twice", raw_tax.name))
                    .with_hint("remove one of them"),
            );
        }
        let path = raw_tax.path.clone().unwrap_or_else(|| slug::slugify(&raw_tax.name));
        if path.is_empty() || slug::slugify(&path) != path {
            diags.push(
                Diagnostic::at(FILE, &text, key_span(&format!("path: {path}")), format!("taxonomy path `{path}` is not a URL slug"))
                    .with_hint(format!("use `{}`", slug::slugify(&path))),
            );
        } else if !paths.insert(path.clone()) {
            diags.push(
                Diagnostic::at(FILE, &text, key_span(&format!("path: {path}")), format!("taxonomy path `{path}` is used twice"))
                    .with_hint("give every taxonomy its own path"),
            );
        }
        let mut slugs = BTreeSet::new();
        let mut terms = Vec::new();
        for t in raw_tax.terms {
            let span = key_span(&format!("slug: {}", t.slug));
            if t.slug.is_empty() || slug::slugify(&t.slug) != t.slug {
                diags.push(
                    Diagnostic::at(FILE, &text, span.clone(), format!("term slug `{}` is not a URL slug", t.slug))
                        .with_hint(format!("use `{}`", slug::slugify(&t.slug))),
                );
            }
            if !slugs.insert(t.slug.clone()) {
                diags.push(
                    Diagnostic::at(FILE, &text, span, format!("term `{}` is declared twice in `{}`", t.slug, raw_tax.name))
                        .with_hint("remove one of them"),
                );
            }
            if let Some((msg, hint)) = t.color.as_deref().and_then(crate::brand::check_term_colour) {
                let c = t.color.as_deref().unwrap_or_default();
                diags.push(Diagnostic::at(FILE, &text, key_span(c), msg).with_hint(hint));
            }
            terms.push(Term { slug: t.slug, title: t.title, description: t.description, color: t.color });
        }
        taxonomies.push(Taxonomy {
            name: raw_tax.name,
            title: raw_tax.title,
            path,
            description: raw_tax.description,
            display: raw_tax.display,
            terms,
        });
    }
    let raw_brand = crate::brand::RawBrand {
        logo: raw.logo,
        colors: raw.colors,
        menu: raw.menu,
        footer: raw.footer,
        edit_url: raw.edit_url,
        extra: raw.extra,
    };
    let brand = crate::brand::resolve(raw_brand, FILE, &text, &mut diags);
    let search = crate::search::settings::resolve(raw.search.as_ref(), &text, &mut diags);
    if !diags.is_empty() {
        return Err(diags);
    }
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        language: raw.language,
        theme: raw.theme,
        taxonomies,
        brand,
        search,
        raw_html: raw.raw_html,
        review,
        editorial_page: raw.editorial_page,
    })
}

fn is_key(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The span of the first occurrence of `needle` in the text, or of line 1.
fn find_span(text: &str, needle: &str) -> std::ops::Range<usize> {
    match text.find(needle) {
        Some(i) => i..i + needle.len(),
        None => 0..text.find('\n').unwrap_or(text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "title: T\ntaxonomies:\n  - name: pillars\n    title: Pijlers\n    path: pijlers\n    terms:\n      - slug: a\n        title: A\n";

    #[test]
    fn parses_a_minimal_site() {
        let c = parse(MINIMAL, &Overrides::default()).unwrap();
        assert_eq!(c.base_url.path, "/");
        assert_eq!(c.taxonomies[0].terms[0].slug, "a");
    }

    #[test]
    fn base_urls_are_normalised() {
        let b = BaseUrl::parse("https://x.nl/hr/leidraad").unwrap();
        assert_eq!(b.origin, "https://x.nl");
        assert_eq!(b.path, "/hr/leidraad/");
        assert_eq!(b.permalink("a/"), "https://x.nl/hr/leidraad/a/");
        assert_eq!(BaseUrl::parse("sub").unwrap().path, "/sub/");
        assert!(BaseUrl::parse("ftp://x").is_err());
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let text = format!("{MINIMAL}titel: x\n");
        let e = parse(&text, &Overrides::default()).unwrap_err();
        assert_eq!(e[0].line, 9);
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn review_settings_default_and_unknown_keys_are_located() {
        let c = parse(MINIMAL, &Overrides::default()).unwrap();
        assert_eq!(c.review, Review { interval_months: None, soon_days: 30 });
        assert!(!c.editorial_page);
        let c = parse(&format!("{MINIMAL}review:\n  interval_months: 6\neditorial_page: true\n"), &Overrides::default()).unwrap();
        assert_eq!(c.review, Review { interval_months: Some(6), soon_days: 30 });
        assert!(c.editorial_page);
        let e = parse(&format!("{MINIMAL}review:\n  interval_months: 6\n  soon_dag: 10\n"), &Overrides::default()).unwrap_err();
        assert_eq!((e[0].line, e[0].message.as_str()), (11, "unknown key `soon_dag` in `review`"));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `soon_days`?"));
        let e = parse(&format!("{MINIMAL}review:\n  interval_months: 0\n"), &Overrides::default()).unwrap_err();
        assert_eq!(e[0].line, 10);
    }

    #[test]
    fn bad_language_is_an_error() {
        let text = format!("{MINIMAL}language: de\n");
        let e = parse(&text, &Overrides::default()).unwrap_err();
        assert!(e[0].message.contains("unknown language"));
        assert_eq!(e[0].line, 9);
    }
}
