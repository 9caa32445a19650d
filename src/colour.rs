//! CSS hex colours and WCAG 2.1 contrast: parsing `#rgb`/`#rrggbb`, the
//! contrast ratio of two colours, and the nearest colour of the same hue
//! that reaches a ratio against a background (darker on a light background,
//! lighter on a dark one). Used to check site.yaml's brand and term colours
//! and to derive the dark-mode accent and the tints the theme needs.
//!
//! Written here rather than taken from a crate: it is forty lines of the
//! WCAG formulas, and the colour crates bring far more than we use.

/// An sRGB colour, 8 bits per channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

/// The contrast WCAG 2.1 AA asks of normal text.
pub const AA_TEXT: f64 = 4.5;

/// The backgrounds of the default theme that text colours are used on: the
/// page background and the cards (light), and the darkest and lightest
/// surfaces of dark mode. A colour must pass against the worst of a set.
pub const LIGHT_BACKGROUNDS: [Rgb; 2] = [Rgb(0xfb, 0xfa, 0xf7), Rgb(0xff, 0xff, 0xff)];
pub const DARK_BACKGROUNDS: [Rgb; 2] = [Rgb(0x14, 0x17, 0x1c), Rgb(0x24, 0x2a, 0x33)];

impl Rgb {
    /// Parses `#rgb` or `#rrggbb` (any case).
    pub fn parse(s: &str) -> Option<Rgb> {
        let hex = s.trim().strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let d = |i: usize, n: usize| u8::from_str_radix(&hex[i..i + n], 16).ok();
        match hex.len() {
            3 => Some(Rgb(d(0, 1)? * 17, d(1, 1)? * 17, d(2, 1)? * 17)),
            6 => Some(Rgb(d(0, 2)?, d(2, 2)?, d(4, 2)?)),
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Relative luminance (WCAG 2.1).
    pub fn luminance(self) -> f64 {
        let lin = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * lin(self.0) + 0.7152 * lin(self.1) + 0.0722 * lin(self.2)
    }

    /// The mix of `self` and `other`, `t` of the way to `other`.
    pub fn mix(self, other: Rgb, t: f64) -> Rgb {
        let m = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round().clamp(0.0, 255.0) as u8;
        Rgb(m(self.0, other.0), m(self.1, other.1), m(self.2, other.2))
    }
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The lowest contrast of `c` against any of `backgrounds`.
pub fn worst_contrast(c: Rgb, backgrounds: &[Rgb]) -> f64 {
    backgrounds.iter().map(|&b| contrast(c, b)).fold(f64::INFINITY, f64::min)
}

/// The colour nearest to `c` on the way to black (light backgrounds) or to
/// white (dark ones) that reaches `ratio` against every background: `c`
/// itself when it already does. Steps of 1/255 keep it as close as can be.
pub fn nearest_passing(c: Rgb, backgrounds: &[Rgb], ratio: f64) -> Rgb {
    let dark_bg = backgrounds.iter().map(|b| b.luminance()).sum::<f64>() / backgrounds.len().max(1) as f64 <= 0.18;
    let target = if dark_bg { Rgb(255, 255, 255) } else { Rgb(0, 0, 0) };
    (0..=255).map(|i| c.mix(target, f64::from(i) / 255.0)).find(|&x| worst_contrast(x, backgrounds) >= ratio).unwrap_or(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_long_hex() {
        assert_eq!(Rgb::parse("#0b5cad"), Some(Rgb(0x0b, 0x5c, 0xad)));
        assert_eq!(Rgb::parse("#FFF"), Some(Rgb(255, 255, 255)));
        assert_eq!(Rgb::parse("0b5cad"), None);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#ggg"), None);
    }

    #[test]
    fn contrast_matches_the_wcag_reference_values() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        // #767676 on white is the classic 4.54:1.
        assert!((contrast(Rgb(0x76, 0x76, 0x76), Rgb(255, 255, 255)) - 4.54).abs() < 0.01);
        assert_eq!(contrast(Rgb(9, 9, 9), Rgb(9, 9, 9)), 1.0);
    }

    #[test]
    fn the_nearest_passing_colour_passes_and_keeps_passing_colours() {
        let pale = Rgb::parse("#7fb2f0").unwrap();
        let fixed = nearest_passing(pale, &LIGHT_BACKGROUNDS, AA_TEXT);
        assert!(worst_contrast(fixed, &LIGHT_BACKGROUNDS) >= AA_TEXT);
        assert!(worst_contrast(fixed.mix(pale, 0.05), &LIGHT_BACKGROUNDS) < AA_TEXT + 0.3, "{}", fixed.hex());
        let dark = Rgb::parse("#0b5cad").unwrap();
        assert_eq!(nearest_passing(dark, &LIGHT_BACKGROUNDS, AA_TEXT), dark);
        let on_dark = nearest_passing(dark, &DARK_BACKGROUNDS, AA_TEXT);
        assert!(worst_contrast(on_dark, &DARK_BACKGROUNDS) >= AA_TEXT);
        assert!(on_dark.luminance() > dark.luminance());
    }
}
