//! The organisation's own look, from site.yaml (spec section 9): logo,
//! accent colours, extra menu links, footer, "edit this page" link and a
//! free `extra` map, resolved and checked into a [`Brand`].
//!
//! Colours are checked against the default theme's backgrounds for WCAG AA
//! text contrast (4.5:1): a failing colour is an error at its line that
//! names the measured ratio and the nearest colour that passes. Only the
//! light-mode accent and term colours are the author's; the dark-mode
//! variants are derived from them unless `accent_dark` is given (then it is
//! checked too). The theme receives every variant ready to use, so its
//! templates do no colour arithmetic.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::colour::{self, Rgb, AA_TEXT, DARK_BACKGROUNDS, LIGHT_BACKGROUNDS};
use crate::diagnostics::Diagnostic;

/// site.yaml `colors`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColours {
    pub accent: Option<String>,
    pub accent_dark: Option<String>,
}

/// One entry of site.yaml `menu`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMenuItem {
    pub title: String,
    pub url: String,
}

/// The branding keys of site.yaml, as read.
#[derive(Debug, Default)]
pub struct RawBrand {
    pub logo: Option<String>,
    pub colors: Option<RawColours>,
    pub menu: Vec<RawMenuItem>,
    pub footer: Option<String>,
    pub edit_url: Option<String>,
    pub extra: Option<serde_yaml::Value>,
}

/// The resolved branding of a site.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Brand {
    /// The logo's path inside the site's `static/` folder.
    pub logo: Option<String>,
    /// Accent colours for light and dark mode, when the site sets one.
    pub accent: Option<Accent>,
    pub menu: Vec<MenuItem>,
    /// Markdown shown in every page's footer.
    pub footer: String,
    /// The "edit this page" URL with `{path}` in it.
    pub edit_url: Option<String>,
    /// site.yaml `extra`, for templates as `site.extra`.
    pub extra: serde_json::Value,
}

/// An accent colour and what the theme derives from it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Accent {
    pub light: String,
    pub light_hover: String,
    pub dark: String,
    pub dark_hover: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct MenuItem {
    pub title: String,
    /// As written in site.yaml; a path is resolved under base_url by the views.
    pub url: String,
}

/// A term's colour in every form the theme uses: the solid colour (text,
/// borders), a tint (backgrounds) for light and for dark mode.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct TermColour {
    pub light: String,
    pub light_tint: String,
    pub dark: String,
    pub dark_tint: String,
}

/// The tint of a colour: what the theme puts behind text in that colour.
fn tints(c: Rgb) -> (Rgb, Rgb) {
    (c.mix(Rgb(255, 255, 255), 0.88), c.mix(DARK_BACKGROUNDS[0], 0.8))
}

/// A term colour's variants; `None` for a colour that does not parse (that
/// is reported by [`check_term_colour`]).
pub fn term_colour(hex: &str) -> Option<TermColour> {
    let c = Rgb::parse(hex)?;
    let (light_tint, _) = tints(c);
    let dark = colour::nearest_passing(c, &DARK_BACKGROUNDS, AA_TEXT);
    let (_, dark_tint) = tints(dark);
    let dark = colour::nearest_passing(dark, &[dark_tint, DARK_BACKGROUNDS[1]], AA_TEXT);
    Some(TermColour { light: c.hex(), light_tint: light_tint.hex(), dark: dark.hex(), dark_tint: dark_tint.hex() })
}

/// Checks a term colour: a hex colour that reads as text on the page
/// background and on its own tint. Returns the problem and its hint.
pub fn check_term_colour(hex: &str) -> Option<(String, String)> {
    let Some(c) = Rgb::parse(hex) else {
        return Some((format!("`{hex}` is not a CSS hex colour"), "write it as `#rrggbb`, such as `#0f766e`".into()));
    };
    let backgrounds = [LIGHT_BACKGROUNDS[0], LIGHT_BACKGROUNDS[1], tints(c).0];
    contrast_problem(c, &backgrounds, "the page background and the colour's own tint")
}

fn contrast_problem(c: Rgb, backgrounds: &[Rgb], against: &str) -> Option<(String, String)> {
    let ratio = colour::worst_contrast(c, backgrounds);
    if ratio >= AA_TEXT {
        return None;
    }
    let fixed = colour::nearest_passing(c, backgrounds, AA_TEXT);
    Some((
        format!("`{}` has a contrast of {:.2}:1 against {against}; WCAG AA needs 4.5:1 for text", c.hex(), floor2(ratio)),
        format!("the nearest colour that passes is `{}` ({:.2}:1)", fixed.hex(), floor2(colour::worst_contrast(fixed, backgrounds))),
    ))
}

/// Rounds down to two decimals, so a ratio is never shown as passing when it does not.
fn floor2(x: f64) -> f64 {
    (x * 100.0).floor() / 100.0
}

/// Resolves and checks the branding keys; problems are located in `text`.
pub fn resolve(raw: RawBrand, file: &str, text: &Arc<str>, diags: &mut Vec<Diagnostic>) -> Brand {
    let at = |key: &str| line_span(text, key);
    let mut brand = Brand { logo: raw.logo.clone(), footer: raw.footer.unwrap_or_default(), ..Brand::default() };
    if let Some(logo) = &raw.logo {
        if logo.trim().is_empty() || logo.contains("..") || logo.starts_with('/') || logo.contains('\\') {
            diags.push(
                Diagnostic::at(file, text, at("logo"), format!("`{logo}` is not a file name inside `static/`"))
                    .with_hint("put the logo in the site's `static/` folder and write its name, such as `logo: logo.svg`"),
            );
        }
    }
    if let Some(colours) = raw.colors {
        let mut checked = |key: &str, value: &str, backgrounds: &[Rgb], against: &str| -> Option<Rgb> {
            let Some(c) = Rgb::parse(value) else {
                diags.push(
                    Diagnostic::at(file, text, at(key), format!("`{value}` is not a CSS hex colour"))
                        .with_hint("write it as `#rrggbb`, such as `#0b5cad`"),
                );
                return None;
            };
            if let Some((msg, hint)) = contrast_problem(c, backgrounds, against) {
                diags.push(Diagnostic::at(file, text, at(key), msg).with_hint(hint));
                return None;
            }
            Some(c)
        };
        let light = colours.accent.as_deref().and_then(|v| checked("accent", v, &LIGHT_BACKGROUNDS, "the light background"));
        let dark = colours.accent_dark.as_deref().map(|v| checked("accent_dark", v, &DARK_BACKGROUNDS, "the dark background"));
        if colours.accent.is_none() && colours.accent_dark.is_some() {
            diags.push(
                Diagnostic::at(file, text, at("accent_dark"), "`accent_dark` is set without `accent`")
                    .with_hint("set `accent` (light mode) too; `accent_dark` only changes dark mode"),
            );
        }
        if let Some(light) = light {
            let dark = match dark {
                Some(Some(d)) => Some(d),
                Some(None) => None,
                None => Some(colour::nearest_passing(light, &DARK_BACKGROUNDS, AA_TEXT)),
            };
            if let Some(dark) = dark {
                let light_hover = colour::nearest_passing(light.mix(Rgb(0, 0, 0), 0.25), &LIGHT_BACKGROUNDS, AA_TEXT);
                let dark_hover = dark.mix(Rgb(255, 255, 255), 0.3);
                brand.accent =
                    Some(Accent { light: light.hex(), light_hover: light_hover.hex(), dark: dark.hex(), dark_hover: dark_hover.hex() });
            }
        }
    }
    for item in raw.menu {
        if item.title.trim().is_empty() || item.url.trim().is_empty() || !crate::markdown::sanitize::safe_url(&item.url) {
            let span = line_span(text, "menu");
            diags.push(
                Diagnostic::at(file, text, span, format!("menu entry `{}` needs a title and a web address", item.title))
                    .with_hint("write `- { title: \"HR-portaal\", url: \"https://intranet.example.nl/hr/\" }`"),
            );
            continue;
        }
        brand.menu.push(MenuItem { title: item.title.trim().to_string(), url: item.url.trim().to_string() });
    }
    if let Some(url) = raw.edit_url {
        if !crate::markdown::sanitize::safe_url(&url) {
            diags.push(
                Diagnostic::at(file, text, at("edit_url"), "`edit_url` is a script URL")
                    .with_hint("use a web address such as `https://git.example.nl/hr/kb/-/edit/main/{path}`"),
            );
        } else if !url.contains("{path}") {
            diags.push(
                Diagnostic::at(file, text, at("edit_url"), "`edit_url` has no `{path}`")
                    .with_hint("put `{path}` where the article's path goes, such as `https://git.example.nl/hr/kb/-/edit/main/{path}`"),
            );
        } else {
            brand.edit_url = Some(url);
        }
    }
    brand.extra = match raw.extra {
        None | Some(serde_yaml::Value::Null) => serde_json::Value::Object(Default::default()),
        Some(v @ serde_yaml::Value::Mapping(_)) => serde_json::to_value(v).unwrap_or_default(),
        Some(_) => {
            diags.push(
                Diagnostic::at(file, text, at("extra"), "`extra` must be a map of `key: value`").with_hint("write `extra: { key: value }`"),
            );
            serde_json::Value::Object(Default::default())
        }
    };
    brand
}

/// The span of the first line whose key is `key` (`key:` after any
/// indentation or `- `), else of line 1.
pub fn line_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ");
        if trimmed.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            let start = pos + (line.len() - trimmed.len());
            return start..start + key.len();
        }
        pos += line.len();
    }
    0..text.find('\n').unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(yaml: &str, raw: RawBrand) -> (Brand, Vec<Diagnostic>) {
        let text: Arc<str> = Arc::from(yaml);
        let mut d = Vec::new();
        (resolve(raw, "site.yaml", &text, &mut d), d)
    }

    #[test]
    fn a_pale_accent_is_an_error_naming_ratio_and_fix() {
        let raw = RawBrand { colors: Some(RawColours { accent: Some("#7fb2f0".into()), accent_dark: None }), ..RawBrand::default() };
        let (b, d) = run("title: x\ncolors:\n  accent: \"#7fb2f0\"\n", raw);
        assert!(b.accent.is_none());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 3);
        assert!(d[0].message.contains("2.11:1"), "{}", d[0].message);
        let hint = d[0].hint.as_deref().unwrap();
        let fixed = hint.split('`').nth(1).unwrap();
        assert!(colour::worst_contrast(Rgb::parse(fixed).unwrap(), &LIGHT_BACKGROUNDS) >= AA_TEXT, "{hint}");
    }

    #[test]
    fn a_dark_accent_is_derived_that_passes() {
        let raw = RawBrand { colors: Some(RawColours { accent: Some("#0b5cad".into()), accent_dark: None }), ..RawBrand::default() };
        let (b, d) = run("colors:\n  accent: \"#0b5cad\"\n", raw);
        assert!(d.is_empty(), "{d:?}");
        let a = b.accent.unwrap();
        assert_eq!(a.light, "#0b5cad");
        assert!(colour::worst_contrast(Rgb::parse(&a.dark).unwrap(), &DARK_BACKGROUNDS) >= AA_TEXT);
    }

    #[test]
    fn term_colours_are_checked_on_their_tint() {
        assert!(check_term_colour("#0f766e").is_none());
        let (msg, _) = check_term_colour("#f5c542").unwrap();
        assert!(msg.contains("contrast"), "{msg}");
        let tc = term_colour("#0f766e").unwrap();
        let dark = Rgb::parse(&tc.dark).unwrap();
        assert!(colour::contrast(dark, Rgb::parse(&tc.dark_tint).unwrap()) >= AA_TEXT);
    }

    #[test]
    fn edit_url_needs_a_path_placeholder() {
        let (_, d) = run("edit_url: x\n", RawBrand { edit_url: Some("https://x/".into()), ..RawBrand::default() });
        assert_eq!(d[0].line, 1);
        assert!(d[0].message.contains("{path}"));
    }
}
