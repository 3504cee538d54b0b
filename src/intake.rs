//! "Add our group" issue forms → a [`Draft`]: reads the Markdown body GitHub writes when
//! someone submits `.github/ISSUE_TEMPLATE/add-group.yml`, so a workflow can open a pull request
//! for a group that never touches git.
//!
//! GitHub renders each form field as `### <label>`, a blank line and the answer; an empty
//! answer is `_No response_`; checkboxes are `- [X] option` (ticked) or `- [ ] option`; a
//! dropdown with several choices is `Monday, Thursday`. Only the labels in [`fields`] start a
//! section, so an answer may itself contain `###`. Anything that does not look like the form —
//! a missing or repeated section, an empty required answer, an option the form does not have —
//! is an [`IntakeError`] saying what is wrong; validation of the answers is left to
//! [`crate::draft::write`].

use std::fmt;

use crate::draft::{Draft, Venue, need_id};
use crate::vocab::Vocabulary;

/// The label of each form field, as in `.github/ISSUE_TEMPLATE/add-group.yml`.
pub mod fields {
    pub const CONSENT: &str = "Permission";
    pub const NAME: &str = "Group name";
    pub const SUMMARY: &str = "One-line summary";
    pub const NEEDS: &str = "What does it help with?";
    pub const DESCRIPTION: &str = "More about the group";
    pub const ORGANISATION: &str = "Who runs it?";
    pub const VENUE: &str = "Venue name";
    pub const ADDRESS: &str = "Venue address";
    pub const POSTCODE: &str = "Postcode";
    pub const REMOTE: &str = "Online or by phone";
    pub const DAYS: &str = "Days it meets";
    pub const START: &str = "Start time";
    pub const END: &str = "End time";
    pub const EMAIL: &str = "Email";
    pub const PHONE: &str = "Phone";
    pub const WEBSITE: &str = "Website";
    pub const MAINTAINER: &str = "GitHub user name";

    /// Every label, in form order.
    pub const ALL: &[&str] = &[
        CONSENT,
        NAME,
        SUMMARY,
        NEEDS,
        DESCRIPTION,
        ORGANISATION,
        VENUE,
        ADDRESS,
        POSTCODE,
        REMOTE,
        DAYS,
        START,
        END,
        EMAIL,
        PHONE,
        WEBSITE,
        MAINTAINER,
    ];

    /// The options of the consent checkbox and the online/phone checkboxes.
    pub const CONSENT_OPTION: &str = "I run this group, or I have its permission to list it";
    pub const ONLINE_OPTION: &str = "People can take part online";
    pub const PHONE_OPTION: &str = "It is a phone service (a helpline, telephone befriending)";
    /// The options of the days dropdown.
    pub const DAY_OPTIONS: &[&str] = &[
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
}

/// Why an issue body could not be read.
#[derive(Debug, PartialEq)]
pub struct IntakeError(pub String);

impl fmt::Display for IntakeError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The sections of a body: `(label, answer)` with `_No response_` as `None`.
fn sections(body: &str) -> Result<Vec<(&'static str, Option<String>)>, IntakeError> {
    let mut out: Vec<(&'static str, Vec<&str>)> = Vec::new();
    for line in body.lines() {
        let heading = line
            .strip_prefix("### ")
            .map(str::trim)
            .and_then(|h| fields::ALL.iter().find(|l| **l == h));
        match heading {
            Some(label) => {
                if out.iter().any(|(l, _)| l == label) {
                    return Err(IntakeError(format!(
                        "the section \"### {label}\" appears twice"
                    )));
                }
                out.push((label, Vec::new()));
            }
            None => {
                if let Some((_, lines)) = out.last_mut() {
                    lines.push(line);
                } else if !line.trim().is_empty() {
                    // Text before the first section: allowed (people add a note), ignored.
                }
            }
        }
    }
    if out.is_empty() {
        return Err(IntakeError(format!(
            "this is not an \"Add our group\" form: there is no \"### {}\" section",
            fields::NAME
        )));
    }
    Ok(out
        .into_iter()
        .map(|(label, lines)| {
            let text = lines.join("\n").trim().replace("\r\n", "\n");
            let answer = (!text.is_empty() && text != "_No response_").then_some(text);
            (label, answer)
        })
        .collect())
}

/// The ticked options of a checkboxes answer; an option the form does not have is an error.
fn ticked(label: &str, answer: Option<&str>, options: &[&str]) -> Result<Vec<String>, IntakeError> {
    let mut out = Vec::new();
    for line in answer
        .unwrap_or("")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        let (checked, text) = if let Some(t) = line
            .strip_prefix("- [X] ")
            .or_else(|| line.strip_prefix("- [x] "))
        {
            (true, t.trim())
        } else if let Some(t) = line.strip_prefix("- [ ] ") {
            (false, t.trim())
        } else {
            return Err(IntakeError(format!(
                "the answer to \"{label}\" should be a list of \"- [X] option\" lines, not {line:?}"
            )));
        };
        if !options.iter().any(|o| o.eq_ignore_ascii_case(text)) {
            return Err(IntakeError(format!(
                "\"{text}\" is not one of the options of \"{label}\""
            )));
        }
        if checked {
            out.push(text.to_string());
        }
    }
    Ok(out)
}

/// Reads an "Add our group" issue body. `maintainer` is used when the form's GitHub user name
/// is left empty (a workflow passes the author); `today` becomes `reviewed`.
pub fn parse(
    body: &str,
    needs: &Vocabulary,
    maintainer: Option<&str>,
    today: &str,
) -> Result<Draft, IntakeError> {
    use fields::*;
    let sections = sections(body)?;
    let get = |label: &str| -> Option<String> {
        sections
            .iter()
            .find(|(l, _)| *l == label)
            .and_then(|(_, a)| a.clone())
    };
    let missing: Vec<&str> = [CONSENT, NAME, SUMMARY, NEEDS]
        .into_iter()
        .filter(|l| !sections.iter().any(|(s, _)| s == l))
        .collect();
    if !missing.is_empty() {
        return Err(IntakeError(format!(
            "the form is missing the section{} {}: was the issue body edited?",
            if missing.len() == 1 { "" } else { "s" },
            missing
                .iter()
                .map(|l| format!("\"### {l}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if ticked(CONSENT, get(CONSENT).as_deref(), &[CONSENT_OPTION])?.is_empty() {
        return Err(IntakeError(format!(
            "\"{CONSENT_OPTION}\" is not ticked: we only list groups with their permission"
        )));
    }
    let required = |label: &str| {
        get(label).ok_or_else(|| IntakeError(format!("\"{label}\" is empty, and it is required")))
    };
    let name = required(NAME)?;
    let summary = required(SUMMARY)?;
    let labels: Vec<&str> = needs.terms.iter().map(|t| t.label.as_str()).collect();
    let needs: Vec<String> = ticked(NEEDS, get(NEEDS).as_deref(), &labels)?
        .iter()
        .map(|label| need_id(needs, label))
        .collect();
    if needs.is_empty() {
        return Err(IntakeError(format!(
            "nothing is ticked under \"{NEEDS}\": tick at least one"
        )));
    }
    let remote = ticked(
        REMOTE,
        get(REMOTE).as_deref(),
        &[ONLINE_OPTION, PHONE_OPTION],
    )?;
    let venue = match (get(VENUE), get(POSTCODE)) {
        (Some(name), Some(postcode)) => Some(Venue {
            name,
            address: get(ADDRESS)
                .unwrap_or_default()
                .lines()
                .map(|l| l.trim().trim_end_matches(',').to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            postcode: postcode.to_uppercase(),
        }),
        (None, None) => None,
        (Some(_), None) => {
            return Err(IntakeError(format!(
                "\"{VENUE}\" is given but \"{POSTCODE}\" is empty: both are needed for a venue"
            )));
        }
        (None, Some(_)) => {
            return Err(IntakeError(format!(
                "\"{POSTCODE}\" is given but \"{VENUE}\" is empty: both are needed for a venue"
            )));
        }
    };
    let mut days = Vec::new();
    for d in get(DAYS).unwrap_or_default().split(',').map(str::trim) {
        if d.is_empty() {
            continue;
        }
        if !DAY_OPTIONS.iter().any(|o| o.eq_ignore_ascii_case(d)) {
            return Err(IntakeError(format!(
                "\"{d}\" is not one of the options of \"{DAYS}\""
            )));
        }
        days.push(d.to_lowercase());
    }
    let maintainer = get(MAINTAINER)
        .map(|m| m.trim().trim_start_matches('@').to_string())
        .or_else(|| maintainer.map(str::to_string))
        .ok_or_else(|| {
            IntakeError(format!(
                "\"{MAINTAINER}\" is empty and no --maintainer was given"
            ))
        })?;
    Ok(Draft {
        name,
        summary,
        description: get(DESCRIPTION),
        organisation: get(ORGANISATION),
        needs,
        venue,
        online: remote.iter().any(|r| r.eq_ignore_ascii_case(ONLINE_OPTION)),
        by_phone: remote.iter().any(|r| r.eq_ignore_ascii_case(PHONE_OPTION)),
        start: if days.is_empty() { None } else { get(START) },
        end: if days.is_empty() { None } else { get(END) },
        days,
        email: get(EMAIL),
        phone: get(PHONE),
        website: get(WEBSITE),
        maintainers: vec![maintainer],
        reviewed: today.to_string(),
    })
}
