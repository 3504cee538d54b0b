//! A new listing from a few plain answers: the fields a person gives `signpost new` or an
//! "Add our group" issue form, written out as a listing file.
//!
//! A [`Draft`] holds the answers as typed; it does not judge them. [`write`] turns it into YAML
//! (with the schema modeline editors use), checks that text with the same code `check` uses
//! (validate and locate, plus a free id), and writes the file only when there are no errors.

use std::fmt::Write as _;
use std::path::{Component, Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::directory::Directory;
use crate::text::slugify;
use crate::vocab::Vocabulary;

/// The answers given as flags; all empty means "ask".
#[derive(Clone, Debug, Default, clap::Args)]
pub struct Answers {
    /// The group's name.
    #[arg(long)]
    pub name: Option<String>,
    /// One line saying what it is, at most 160 characters.
    #[arg(long)]
    pub summary: Option<String>,
    /// What it helps with: a need id from schema/needs.yaml (repeat for more).
    #[arg(long = "need", value_name = "NEED")]
    pub needs: Vec<String>,
    /// The postcode of the place it meets (with --venue).
    #[arg(long, requires = "venue")]
    pub postcode: Option<String>,
    /// The name of the place it meets.
    #[arg(long, requires = "postcode")]
    pub venue: Option<String>,
    /// People can take part online.
    #[arg(long)]
    pub online: bool,
    /// The day it meets each week, e.g. tuesday (repeat for more).
    #[arg(long = "day", value_name = "DAY")]
    pub days: Vec<String>,
    /// Start time, HH:MM.
    #[arg(long)]
    pub start: Option<String>,
    /// End time, HH:MM.
    #[arg(long)]
    pub end: Option<String>,
    /// Contact email.
    #[arg(long)]
    pub email: Option<String>,
    /// Contact phone (a UK number).
    #[arg(long)]
    pub phone: Option<String>,
    /// The group's website, https://…
    #[arg(long)]
    pub website: Option<String>,
    /// GitHub user name of someone in the group (repeat for more).
    #[arg(long = "maintainer", value_name = "HANDLE")]
    pub maintainers: Vec<String>,
}

impl Answers {
    /// No answer given: `signpost new` asks its questions instead.
    pub fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.summary.is_none()
            && self.needs.is_empty()
            && self.postcode.is_none()
            && !self.online
            && self.days.is_empty()
            && self.maintainers.is_empty()
            && self.email.is_none()
            && self.phone.is_none()
            && self.website.is_none()
    }
}

/// The answers for a new listing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Draft {
    pub name: String,
    pub summary: String,
    pub description: Option<String>,
    pub organisation: Option<String>,
    /// Need ids (or whatever was typed, for validation to report).
    pub needs: Vec<String>,
    pub venue: Option<Venue>,
    pub online: bool,
    pub by_phone: bool,
    /// Weekly sessions on these days (lower case), when given.
    pub days: Vec<String>,
    pub start: Option<String>,
    pub end: Option<String>,
    /// With `days`: every 2, 3 or 4 weeks instead of every week, counted from `starting`
    /// (YYYY-MM-DD, the date of one session), as a listing's `every` and `starting`.
    pub every: Option<u8>,
    pub starting: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    /// GitHub user names; empty for a listing the fallback team (`[support] maintainers`)
    /// looks after, when the file has no `maintainers` line.
    pub maintainers: Vec<String>,
    /// Usually today: the group confirms the listing by sending it.
    pub reviewed: String,
}

/// Where a group meets.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Venue {
    pub name: String,
    pub address: Vec<String>,
    pub postcode: String,
}

impl Draft {
    /// The listing id (file name) made from the group's name.
    pub fn id(&self) -> String {
        slugify(&self.name)
    }

    /// The listing file's text. `modeline_path` is the schema's path relative to the file.
    pub fn to_yaml(&self, modeline_path: &str) -> String {
        let mut y = format!("# yaml-language-server: $schema={modeline_path}\n");
        let _ = writeln!(y, "name: {}", scalar(&self.name));
        let _ = writeln!(y, "summary: {}", scalar(&self.summary));
        if let Some(o) = &self.organisation {
            let _ = writeln!(y, "organisation: {}", scalar(o));
        }
        if let Some(d) = &self.description {
            // A `|` block reads best, but holds only printable text: anything else (a control
            // character, a lone carriage return) would make the file not YAML, and text with a
            // forbidden character quoted gets the error naming the field, so both are quoted.
            if d.chars().all(|c| c == '\n' || c == '\t' || printable(c))
                && crate::text::forbidden_char(d, true).is_none()
            {
                y.push_str("description: |\n");
                for line in d.trim().lines().map(str::trim_end) {
                    if line.is_empty() {
                        y.push('\n');
                    } else {
                        let _ = writeln!(y, "  {line}");
                    }
                }
            } else {
                let _ = writeln!(y, "description: {}", quoted(d.trim()));
            }
        }
        let _ = writeln!(y, "needs: {}", list(&self.needs));
        if let Some(v) = &self.venue {
            y.push_str("venues:\n");
            let _ = writeln!(y, "  - name: {}", scalar(&v.name));
            if !v.address.is_empty() {
                let _ = writeln!(y, "    address: {}", list(&v.address));
            }
            let _ = writeln!(y, "    postcode: {}", scalar(&v.postcode));
        }
        if self.online {
            y.push_str("online: true\n");
        }
        if self.by_phone {
            y.push_str("by_phone: true\n");
        }
        if !self.days.is_empty() {
            let _ = writeln!(y, "when:\n  - days: {}", list(&self.days));
            if let Some(n) = self.every.filter(|n| *n > 1) {
                let _ = writeln!(y, "    every: {n}");
                if let Some(date) = &self.starting {
                    let _ = writeln!(y, "    starting: {}", quoted(date));
                }
            }
            if let Some(s) = &self.start {
                let _ = writeln!(y, "    start: {}", quoted(s));
            }
            if let Some(e) = &self.end {
                let _ = writeln!(y, "    end: {}", quoted(e));
            }
        }
        if self.email.is_some() || self.phone.is_some() || self.website.is_some() {
            y.push_str("contact:\n");
            for (key, value) in [
                ("email", &self.email),
                ("phone", &self.phone),
                ("website", &self.website),
            ] {
                if let Some(v) = value {
                    let _ = writeln!(y, "  {key}: {}", scalar(v));
                }
            }
        }
        // None: the directory's fallback team looks after it (`check` says so when there is
        // no team). Never `maintainers: []`, and never a made-up name.
        if !self.maintainers.is_empty() {
            let _ = writeln!(y, "maintainers: {}", list(&self.maintainers));
        }
        match self.reviewed.parse::<jiff::civil::Date>() {
            Ok(d) => {
                let _ = writeln!(y, "reviewed: {d}");
            }
            Err(_) => {
                let _ = writeln!(y, "reviewed: {}", quoted(&self.reviewed));
            }
        }
        y
    }
}

/// A YAML scalar: plain when that reads back as the same text, otherwise double-quoted.
fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && s.chars()
            .next()
            .is_some_and(|c| c.is_alphabetic() || (c.is_ascii_digit() && s.contains(' ')))
        && s.chars()
            .all(|c| c.is_alphanumeric() || " -_.,'()&/@+?!".contains(c))
        && !s.contains(" #")
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        )
        && s.parse::<f64>().is_err();
    if plain { s.to_string() } else { quoted(s) }
}

/// A double-quoted YAML scalar that reads back as `s`: every character YAML does not allow
/// raw in a file, or reads as a line break, is escaped (`\u0000`), so whatever was typed makes a
/// file that parses, and validation judges the text itself.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if printable(c) => out.push(c),
            c => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
        }
    }
    out.push('"');
    out
}

/// A character YAML allows raw in a scalar that is not a line break or tab: printable
/// (YAML 1.2, 5.1) less the byte order mark, and less the breaks of YAML 1.1 (U+0085, U+2028,
/// U+2029). Those left out are all below U+10000, so `\uXXXX` escapes each.
fn printable(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{7e}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

/// A flow list: `[a, b]`.
fn list(items: &[String]) -> String {
    let parts: Vec<String> = items
        .iter()
        .map(|s| {
            if s.contains(',') {
                quoted(s)
            } else {
                scalar(s)
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// A need as typed (an id, a label, or a number in the list shown) → its id; anything else is
/// kept as typed so validation can say what is wrong and suggest the closest need.
pub fn need_id(needs: &Vocabulary, answer: &str) -> String {
    let a = answer.trim();
    if let Ok(n) = a.parse::<usize>()
        && let Some(t) = n.checked_sub(1).and_then(|i| needs.terms.get(i))
    {
        return t.id.clone();
    }
    needs
        .terms
        .iter()
        .find(|t| t.id.eq_ignore_ascii_case(a) || t.label.eq_ignore_ascii_case(a))
        .map_or_else(|| a.to_string(), |t| t.id.clone())
}

/// Why a draft was not written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The listing has errors; nothing was written. `text` is what would have been written.
    #[error(
        "{} was not written: {} to fix first",
        path.display(),
        problems(diagnostics)
    )]
    Invalid {
        path: PathBuf,
        text: String,
        diagnostics: Vec<Diagnostic>,
    },
    /// `--folder` (or `--out`) that is not a plain folder inside the listings folder (a hidden
    /// one is not read by `check`).
    #[error(
        "the folder {} must be a plain folder inside the listings folder",
        folder.display()
    )]
    Folder { folder: PathBuf },
    /// A name with nothing to make an id of.
    #[error("the group's name needs at least one letter or digit")]
    NoId,
    /// The listing's file is already there.
    #[error("{} already exists: edit that file instead", path.display())]
    Exists { path: PathBuf },
    /// The listing's folder cannot be made.
    #[error("cannot create {}: {source}", path.display())]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The listing's file cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl crate::diagnostics::Help for Error {}

/// "1 problem", "3 problems": the errors among `diagnostics`.
fn problems(diagnostics: &[Diagnostic]) -> String {
    let (errors, _) = crate::diagnostics::tally(diagnostics);
    format!("{errors} problem{}", if errors == 1 { "" } else { "s" })
}

/// The path of a draft's file: `listings/<folder>/<id>.yaml`, relative to the root.
pub fn path_for(directory: &Directory, draft: &Draft, folder: &Path) -> Result<PathBuf, Error> {
    // Hidden folders are not read by `check` (W006).
    let hidden = |name: &std::ffi::OsStr| name.to_string_lossy().starts_with('.');
    if folder.components().any(|c| match c {
        Component::Normal(name) => hidden(name),
        Component::CurDir => false,
        _ => true,
    }) {
        return Err(Error::Folder {
            folder: folder.to_path_buf(),
        });
    }
    let id = draft.id();
    if id.is_empty() {
        return Err(Error::NoId);
    }
    Ok(directory
        .config
        .listings
        .join(folder)
        .join(format!("{id}.yaml")))
}

/// Validates the draft as the listing file it would be (its size included), and writes it if
/// it has no errors and its folder is reached without a link. Returns the path written
/// (relative to the root) and any warnings.
pub fn write(
    directory: &Directory,
    draft: &Draft,
    folder: &Path,
) -> Result<(PathBuf, String, Vec<Diagnostic>), Error> {
    let path = path_for(directory, draft, folder)?;
    let full = directory.root.join(&path);
    if full.exists() {
        return Err(Error::Exists { path });
    }
    let text = draft.to_yaml(&crate::schema::modeline_path(&path));
    if let Err(d) = crate::listing::check_path(&directory.root, &path) {
        return Err(Error::Invalid {
            path,
            text,
            diagnostics: vec![d],
        });
    }
    let (listing, diagnostics) = directory.check_text(&path, &text);
    if listing.is_none() || diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid {
            path,
            text,
            diagnostics,
        });
    }
    if let Some(dir) = full.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Create {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    if let Err(source) = std::fs::write(&full, &text) {
        return Err(Error::Write { path: full, source });
    }
    Ok((path, text, diagnostics))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(scalar("Knit and Natter"), "Knit and Natter");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("Tea: and cake"), "\"Tea: and cake\"");
        assert_eq!(scalar("#1 group"), "\"#1 group\"");
        assert_eq!(scalar("0208123456"), "\"0208123456\"");
        assert_eq!(scalar("020 8123 4567"), "020 8123 4567");
        assert_eq!(list(&["a, b".into(), "c".into()]), "[\"a, b\", c]");
        assert_eq!(scalar("3.5"), "\"3.5\"");
        assert_eq!(scalar("a \"quote\""), "\"a \\\"quote\\\"\"");
        assert_eq!(
            scalar("a\u{0}b\u{7f}\u{85}\u{feff}\u{2028}"),
            "\"a\\u0000b\\u007F\\u0085\\uFEFF\\u2028\""
        );
        assert_eq!(scalar("tab\there\r\n"), "\"tab\\there\\u000D\\n\"");
    }

    #[test]
    fn a_draft_with_errors_is_not_written_saying_how_many_to_fix() {
        use crate::diagnostics::{Code, Pos};
        let at = |code| Diagnostic::new(code, Path::new("x.yaml"), Pos::new(1, 1), "m");
        let invalid = |diagnostics| Error::Invalid {
            path: "listings/chess-club.yaml".into(),
            text: String::new(),
            diagnostics,
        };
        assert_eq!(
            invalid(vec![at(Code::BadEmail), at(Code::NoContact)]).to_string(),
            "listings/chess-club.yaml was not written: 1 problem to fix first"
        );
        assert_eq!(
            invalid(vec![at(Code::BadEmail), at(Code::BadPhone)]).to_string(),
            "listings/chess-club.yaml was not written: 2 problems to fix first"
        );
    }
}
