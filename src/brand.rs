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

use std::path::{Path, PathBuf};

use crate::diagnostics::Help;

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

/// What is wrong with `[theme]` in signpost.toml: a colour that is not one or is too light for
/// text, or a logo that is not a picture, cannot be read, or is too big. Each message names the
/// key; the help line says what to write instead.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// `[theme] colour` that is not `#rgb` or `#rrggbb`.
    #[error("`[theme] colour` is \"{text}\", which is not a hex colour")]
    NotAColour { text: String },
    /// `[theme] colour` without [`MIN_CONTRAST`] against white or the page background.
    #[error(
        "`[theme] colour` \"{text}\" is too light: its contrast is {white:.2}:1 against white and \
         {page:.2}:1 against the page background {}, and text needs at least {MIN_CONTRAST}:1 \
         (WCAG 2.1 AA)",
        PAGE_BACKGROUND.hex()
    )]
    TooLight { text: String, white: f64, page: f64 },
    /// `[theme] logo` in a format browsers do not show in `<img>` ([`LOGO_TYPES`]).
    #[error("`[theme] logo` \"{}\" is not a picture a browser shows", logo.display())]
    NotAPicture { logo: PathBuf },
    /// `[theme] logo` that cannot be read.
    #[error("cannot read `[theme] logo` {}: {source}", path.display())]
    ReadLogo {
        path: PathBuf,
        source: std::io::Error,
    },
    /// `[theme] logo` over [`MAX_LOGO_BYTES`].
    #[error(
        "`[theme] logo` {} is {} KB; every page loads it, so it must be at most {} KB",
        path.display(),
        bytes / 1024,
        MAX_LOGO_BYTES / 1024
    )]
    LogoTooBig { path: PathBuf, bytes: usize },
}

impl Help for Error {
    fn help(&self) -> Option<String> {
        Some(match self {
            Error::NotAColour { .. } => {
                "write it as \"#rrggbb\", e.g. colour = \"#005eb8\"".to_string()
            }
            Error::TooLight { .. } => format!(
                "choose a darker shade; \"#005eb8\" (NHS blue) has {:.2}:1 against white",
                Rgb(0x00, 0x5e, 0xb8).contrast(Rgb(255, 255, 255)),
            ),
            Error::NotAPicture { .. } => {
                format!("use a file ending in .{}", LOGO_TYPES.join(", ."))
            }
            Error::ReadLogo { .. } => "the path is relative to signpost.toml".to_string(),
            Error::LogoTooBig { .. } => "use an SVG, or a smaller PNG".to_string(),
        })
    }
}

/// Checks `[theme] colour`: a hex colour with enough contrast for text against white and the
/// page background. The error names the key and says what to do.
pub fn check_colour(text: &str) -> Result<Rgb, Error> {
    let colour = Rgb::parse(text.trim()).ok_or_else(|| Error::NotAColour {
        text: text.to_string(),
    })?;
    let white = colour.contrast(Rgb(255, 255, 255));
    let page = colour.contrast(PAGE_BACKGROUND);
    if white < MIN_CONTRAST || page < MIN_CONTRAST {
        return Err(Error::TooLight {
            text: text.to_string(),
            white,
            page,
        });
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
pub fn read_logo(root: &Path, logo: &Path) -> Result<(String, Vec<u8>), Error> {
    let ext = logo
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .filter(|e| LOGO_TYPES.contains(&e.as_str()))
        .ok_or_else(|| Error::NotAPicture {
            logo: logo.to_path_buf(),
        })?;
    let path = root.join(logo);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(source) => return Err(Error::ReadLogo { path, source }),
    };
    if bytes.len() as u64 > MAX_LOGO_BYTES {
        return Err(Error::LogoTooBig {
            path,
            bytes: bytes.len(),
        });
    }
    Ok((format!("logo.{ext}"), bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::error_text;

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
        assert_eq!(check_colour("#005eb8").unwrap(), Rgb(0, 0x5e, 0xb8));
        assert_eq!(check_colour("#330072").unwrap(), Rgb(0x33, 0, 0x72));
        let e = error_text(&check_colour("#41b6e6").unwrap_err());
        assert!(
            e.starts_with("error: `[theme] colour` \"#41b6e6\" is too light: its contrast is "),
            "{e}"
        );
        assert!(e.contains(":1 against white"), "{e}");
        assert!(
            e.ends_with(
                "\nhelp: choose a darker shade; \"#005eb8\" (NHS blue) has 6.38:1 against white"
            ),
            "{e}"
        );
        assert_eq!(
            error_text(&check_colour("blue").unwrap_err()),
            "error: `[theme] colour` is \"blue\", which is not a hex colour\n\
             help: write it as \"#rrggbb\", e.g. colour = \"#005eb8\""
        );
    }

    #[test]
    fn a_logo_is_refused_naming_the_file_with_its_cause_and_what_to_use() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path();
        assert_eq!(
            error_text(&read_logo(dir, Path::new("logo.txt")).unwrap_err()),
            "error: `[theme] logo` \"logo.txt\" is not a picture a browser shows\n\
             help: use a file ending in .svg, .png, .webp, .jpg, .jpeg, .gif"
        );
        let e = read_logo(dir, Path::new("missing.svg")).unwrap_err();
        assert!(
            matches!(&e, Error::ReadLogo { source, .. } if source.kind() == std::io::ErrorKind::NotFound)
        );
        let text = error_text(&e);
        assert!(
            text.starts_with(&format!(
                "error: cannot read `[theme] logo` {}: ",
                dir.join("missing.svg").display()
            )),
            "{text}"
        );
        assert!(
            text.ends_with("\nhelp: the path is relative to signpost.toml"),
            "{text}"
        );
        std::fs::write(dir.join("big.png"), vec![0u8; 200 * 1024]).unwrap();
        let text = error_text(&read_logo(dir, Path::new("big.png")).unwrap_err());
        assert!(
            text.ends_with(
                "is 200 KB; every page loads it, so it must be at most 100 KB\n\
                 help: use an SVG, or a smaller PNG"
            ),
            "{text}"
        );
    }
}
