//! "Still correct": a group confirms its listing without editing YAML. The issue form
//! `.github/ISSUE_TEMPLATE/still-correct.yml` (linked, prefilled with the listing's id, from
//! every listing page and every stale reminder) is read here, and the listing's `reviewed:`
//! date is set to today, changing nothing else in the file; the workflow
//! `.github/workflows/still-correct.yml` opens the pull request, which the listing's
//! maintainers or the fallback team approve (CODEOWNERS).
//!
//! Not for other changes to a listing (those go through "Update our listing" and a person),
//! and not for deciding who may approve (CODEOWNERS and branch protection do that).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Help, slash_path};
use crate::listing;

/// The labels of the form's fields, as in `.github/ISSUE_TEMPLATE/still-correct.yml`.
pub mod fields {
    pub const LISTING: &str = "Listing id";
    pub const CONSENT: &str = "Permission";
    /// The consent checkbox's option.
    pub const CONSENT_OPTION: &str =
        "I run this group, or I have its permission to confirm its listing";
}

/// Why a listing could not be confirmed. Each message says what was wrong and nothing was
/// changed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConfirmError {
    /// The body has no "### Listing id" section: some other text, or another form.
    #[error(
        "this is not a \"Still correct\" form: there is no \"### {}\" section",
        fields::LISTING
    )]
    NotTheForm,
    /// The listing id answer is empty.
    #[error("\"{}\" is empty", fields::LISTING)]
    NoId,
    /// The consent checkbox is not ticked (or missing).
    #[error("\"{}\" is not ticked", fields::CONSENT_OPTION)]
    NoConsent,
    /// An id that is not the shape of a listing id.
    #[error("{id:?} is not a listing id (lower-case letters, digits and dashes)")]
    BadId { id: String },
    /// No listing file has this id.
    #[error("there is no listing with the id `{id}`")]
    NoListing { id: String },
    /// Several files have this id (`check` reports it too).
    #[error("more than one listing file has the id `{id}`: {}", .files.join(", "))]
    SeveralListings { id: String, files: Vec<String> },
    /// The listing file does not parse, so its `reviewed` line cannot be found safely.
    #[error("{}:{}: {}", slash_path(&.0.file), .0.pos.line, .0.message)]
    Unreadable(Diagnostic),
    /// The `reviewed:` value is not on one line as written (e.g. a block scalar).
    #[error(
        "{}: cannot find the `reviewed:` date on line {line}",
        slash_path(path)
    )]
    NoReviewedLine { path: PathBuf, line: usize },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl Help for ConfirmError {
    fn help(&self) -> Option<String> {
        match self {
            ConfirmError::NotTheForm => Some(
                "give the body of an issue opened with .github/ISSUE_TEMPLATE/still-correct.yml"
                    .into(),
            ),
            ConfirmError::NoId | ConfirmError::BadId { .. } | ConfirmError::NoListing { .. } => {
                Some(
                    "the id is the last part of the listing page's web address, e.g. \
                     knit-and-natter"
                        .into(),
                )
            }
            ConfirmError::NoConsent => {
                Some("only the group, or someone it asked, can confirm its listing".into())
            }
            ConfirmError::Unreadable(_) => Some(
                "run `signpost check` on the file and fix it by hand first: confirming changes \
                 only the `reviewed` date"
                    .into(),
            ),
            _ => None,
        }
    }
}

/// The listing id asked for in a "Still correct" issue body (GitHub writes each field as
/// `### <label>`, a blank line and the answer; checkboxes as `- [X] option`).
pub fn listing_id(body: &str) -> Result<String, ConfirmError> {
    let mut section: Option<&str> = None;
    let (mut id, mut seen_id, mut consent) = (None, false, false);
    for line in body.lines() {
        if let Some(h) = line.strip_prefix("### ") {
            section = [fields::LISTING, fields::CONSENT]
                .into_iter()
                .find(|l| *l == h.trim());
            seen_id |= section == Some(fields::LISTING);
            continue;
        }
        let line = line.trim();
        match section {
            Some(fields::LISTING) if id.is_none() && !line.is_empty() => {
                id = (line != "_No response_").then(|| line.trim_matches('`').to_string());
                if id.is_none() {
                    section = None;
                }
            }
            Some(fields::CONSENT) => {
                let ticked = line
                    .strip_prefix("- [X] ")
                    .or_else(|| line.strip_prefix("- [x] "));
                consent |= ticked.is_some_and(|t| t.trim() == fields::CONSENT_OPTION);
            }
            _ => {}
        }
    }
    if !seen_id {
        return Err(ConfirmError::NotTheForm);
    }
    let id = id.ok_or(ConfirmError::NoId)?;
    if !consent {
        return Err(ConfirmError::NoConsent);
    }
    let shape = !id.is_empty()
        && id.len() <= 100
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !shape {
        return Err(ConfirmError::BadId { id });
    }
    Ok(id)
}

/// What [`confirm`] did.
#[derive(Debug, PartialEq, Eq)]
pub struct Confirmed {
    /// The listing file, relative to the directory root.
    pub path: PathBuf,
    /// The `reviewed` date it had.
    pub was: String,
    /// False when it already said `today`: the file is unchanged.
    pub changed: bool,
}

/// Sets the `reviewed:` date of the listing `id` to `today`, changing no other byte of the
/// file.
pub fn confirm(
    root: &Path,
    config: &Config,
    id: &str,
    today: Date,
) -> Result<Confirmed, ConfirmError> {
    let files: Vec<PathBuf> = listing::find(root, &root.join(&config.listings))
        .into_iter()
        .filter(|f| listing::id_of(f) == id)
        .collect();
    let path = match files.as_slice() {
        [] => return Err(ConfirmError::NoListing { id: id.into() }),
        [one] => one.clone(),
        _ => {
            return Err(ConfirmError::SeveralListings {
                id: id.into(),
                files: files.iter().map(|f| slash_path(f)).collect(),
            });
        }
    };
    let loaded = listing::load(root, &path).map_err(ConfirmError::Unreadable)?;
    let reviewed = &loaded.source.reviewed;
    let full = root.join(&path);
    let text = std::fs::read_to_string(&full).map_err(|source| ConfirmError::Read {
        path: full.clone(),
        source,
    })?;
    let line = reviewed.pos.line;
    let no_line = || ConfirmError::NoReviewedLine {
        path: path.clone(),
        line,
    };
    // The byte range of the line the value is on (lines end with \n; a \r stays put).
    let start = match line {
        0 => return Err(no_line()),
        1 => 0,
        n => text.match_indices('\n').nth(n - 2).ok_or_else(no_line)?.0 + 1,
    };
    let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let old = &text[start..end];
    let today = today.to_string();
    let was = reviewed.value.trim().to_string();
    let key = old.find("reviewed:").ok_or_else(no_line)? + "reviewed:".len();
    let at = old[key..].find(&was).ok_or_else(no_line)? + key;
    if was == today {
        return Ok(Confirmed {
            path,
            was,
            changed: false,
        });
    }
    let new_line = format!("{}{today}{}", &old[..at], &old[at + was.len()..]);
    let new_text = format!("{}{new_line}{}", &text[..start], &text[end..]);
    // The result must still read as the same listing, with the new date.
    let check = listing::parse(&path, &new_text).map_err(ConfirmError::Unreadable)?;
    if check.source.reviewed.value.trim() != today {
        return Err(no_line());
    }
    std::fs::write(&full, new_text).map_err(|source| ConfirmError::Write {
        path: full.clone(),
        source,
    })?;
    Ok(Confirmed {
        path,
        was,
        changed: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(id: &str, ticked: bool) -> String {
        format!(
            "### {}\n\n{id}\n\n### {}\n\n- [{}] {}\n",
            fields::LISTING,
            fields::CONSENT,
            if ticked { "X" } else { " " },
            fields::CONSENT_OPTION
        )
    }

    #[test]
    fn reads_the_id_and_refuses_what_is_not_the_form() {
        assert_eq!(
            listing_id(&body("knit-and-natter", true)).unwrap(),
            "knit-and-natter"
        );
        assert!(matches!(
            listing_id(&body("knit", false)),
            Err(ConfirmError::NoConsent)
        ));
        assert!(matches!(
            listing_id(&body("_No response_", true)),
            Err(ConfirmError::NoId)
        ));
        assert!(matches!(
            listing_id(&body("../../etc/passwd", true)),
            Err(ConfirmError::BadId { .. })
        ));
        assert!(matches!(
            listing_id("Please confirm knit"),
            Err(ConfirmError::NotTheForm)
        ));
    }
}
