//! Re-branding from `signpost.toml`'s `[theme]` section: a house colour and a logo.
//!
//! The default stylesheet takes its main colour from the CSS custom property `--brand`
//! (`var(--brand, #005eb8)`), so a directory changes it without copying the theme: `build`
//! writes `assets/brand.css` (a `:root` rule, linked before nothing else changes) and copies the
//! logo to `assets/`, where the page header shows it.
//!
//! The colour is checked when the configuration is read. It is used for white text on it (the
//! header, counts) and for links and borders on the page backgrounds, so it must reach the
//! WCAG 2.1 AA contrast for normal text, [`MIN_CONTRAST`], against white and against the
//! theme's page background [`PAGE_BACKGROUND`]. The ratio is computed as WCAG defines it
//! (relative luminance of sRGB colours). This module does not render pages.

use std::path::Path;

/// WCAG 2.1 AA for normal text (success criterion 1.4.3).
pub const MIN_CONTRAST: f64 = 4.5;

/// The default theme's page background (`body` in style.css), the lightest colour links sit on
/// after white.
pub const PAGE_BACKGROUND: Rgb = Rgb(0xf0, 0xf4, 0xf5);

/// Logo formats a browser shows in `<img>` (the pages' CSP allows images from the site only).
pub const LOGO_TYPES: &[&str] = &["svg", "png", "webp", "jpg", "jpeg", "gif"];

/// A logo bigger than this is refused: it would be loaded with every page.
pub const MAX_LOGO_BYTES: u64 = 100 * 1024;

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb` (either case).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let digit = |i: usize| u8::from_str_radix(&hex[i..i + 1], 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0)? * 17, digit(1)? * 17, digit(2)? * 17)),
            6 => {
                let pair = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
                Some(Rgb(pair(0)?, pair(2)?, pair(4)?))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, lower case.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG relative luminance: 0 for black, 1 for white.
    pub fn luminance(self) -> f64 {
        let linear = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * linear(self.0) + 0.7152 * linear(self.1) + 0.0722 * linear(self.2)
    }

    /// WCAG contrast ratio, from 1 (the same) to 21 (black on white).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }
}

/// Checks `[theme] colour`: a hex colour with enough contrast for text against white and the
/// page background. The error names the key and says what to do.
pub fn check_colour(text: &str) -> Result<Rgb, String> {
    let colour = Rgb::parse(text.trim()).ok_or_else(|| {
        format!(
            "`[theme] colour` is \"{text}\", which is not a hex colour\nhelp: write it as \"#rrggbb\", e.g. colour = \"#005eb8\""
        )
    })?;
    let white = colour.contrast(Rgb(255, 255, 255));
    let page = colour.contrast(PAGE_BACKGROUND);
    if white < MIN_CONTRAST || page < MIN_CONTRAST {
        return Err(format!(
            "`[theme] colour` \"{text}\" is too light: its contrast is {white:.2}:1 against white and {page:.2}:1 against the page background {}, and text needs at least {MIN_CONTRAST}:1 (WCAG 2.1 AA)\nhelp: choose a darker shade; \"#005eb8\" (NHS blue) has {:.2}:1 against white",
            PAGE_BACKGROUND.hex(),
            Rgb(0x00, 0x5e, 0xb8).contrast(Rgb(255, 255, 255)),
        ));
    }
    Ok(colour)
}

/// `assets/brand.css`: the custom properties style.css reads.
pub fn stylesheet(colour: Rgb) -> String {
    format!(
        "/* Written by signpost build from [theme] in signpost.toml. */\n:root {{ --brand: {}; }}\n",
        colour.hex()
    )
}

/// Checks `[theme] logo` (relative to the directory root) and reads it: a picture format
/// browsers show, at most [`MAX_LOGO_BYTES`]. Returns the file name to publish it under
/// (`logo.<ext>`) and its bytes.
pub fn read_logo(root: &Path, logo: &Path) -> Result<(String, Vec<u8>), String> {
    let ext = logo
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| LOGO_TYPES.contains(&e.as_str()))
        .ok_or_else(|| {
            format!(
                "`[theme] logo` \"{}\" is not a picture a browser shows\nhelp: use a file ending in .{}",
                logo.display(),
                LOGO_TYPES.join(", .")
            )
        })?;
    let path = root.join(logo);
    let bytes = std::fs::read(&path).map_err(|e| {
        format!(
            "cannot read `[theme] logo` {}: {e}\nhelp: the path is relative to signpost.toml",
            path.display()
        )
    })?;
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(format!(
            "`[theme] logo` {} is {} KB; every page loads it, so it must be at most {} KB\nhelp: use an SVG, or a smaller PNG",
            path.display(),
            bytes.len() / 1024,
            MAX_LOGO_BYTES / 1024
        ));
    }
    Ok((format!("logo.{ext}"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_is_computed_as_wcag_defines_it() {
        let white = Rgb(255, 255, 255);
        let black = Rgb(0, 0, 0);
        assert!((black.contrast(white) - 21.0).abs() < 1e-9);
        assert!((white.contrast(white) - 1.0).abs() < 1e-9);
        // WebAIM's checker: #767676 on white is 4.54:1, #777777 is 4.48:1.
        assert!((Rgb(0x76, 0x76, 0x76).contrast(white) - 4.54).abs() < 0.01);
        assert!((Rgb(0x77, 0x77, 0x77).contrast(white) - 4.48).abs() < 0.01);
    }

    #[test]
    fn colours_parse_in_short_and_long_form() {
        assert_eq!(Rgb::parse("#005EB8"), Some(Rgb(0, 0x5e, 0xb8)));
        assert_eq!(Rgb::parse("#0af"), Some(Rgb(0, 0xaa, 0xff)));
        assert_eq!(Rgb::parse("005eb8"), None);
        assert_eq!(Rgb::parse("#05eb8"), None);
        assert_eq!(Rgb::parse("#00ééb8"), None);
        assert_eq!(Rgb(0, 0x5e, 0xb8).hex(), "#005eb8");
    }

    #[test]
    fn a_light_colour_is_refused_with_its_ratio_and_a_dark_one_is_kept() {
        assert_eq!(check_colour("#005eb8"), Ok(Rgb(0, 0x5e, 0xb8)));
        assert_eq!(check_colour("#330072"), Ok(Rgb(0x33, 0, 0x72)));
        let e = check_colour("#41b6e6").unwrap_err();
        assert!(
            e.contains("`[theme] colour` \"#41b6e6\" is too light"),
            "{e}"
        );
        assert!(e.contains(":1 against white"), "{e}");
        let e = check_colour("blue").unwrap_err();
        assert!(e.contains("not a hex colour"), "{e}");
    }
}
