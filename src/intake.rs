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

use crate::diagnostics::Help;
use crate::draft::{Draft, Venue, need_id};
use crate::model::WEEKDAYS;
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
    pub const OFTEN: &str = "How often";
    pub const STARTING: &str = "Date of one session";
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
        OFTEN,
        STARTING,
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
}

/// Why an issue body could not be read as an "Add our group" form. Each message names the
/// section (by its label) and says what is wrong with it.
#[derive(Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum IntakeError {
    /// No section of the form at all: some other text, or another form.
    #[error(
        "this is not an \"Add our group\" form: there is no \"### {}\" section",
        fields::NAME
    )]
    NotTheForm,
    /// A section written twice.
    #[error("the section \"### {label}\" appears twice")]
    RepeatedSection { label: &'static str },
    /// Sections every form has are missing.
    #[error(
        "the form is missing the section{} {}: was the issue body edited?",
        if .labels.len() == 1 { "" } else { "s" },
        .labels.iter().map(|l| format!("\"### {l}\"")).collect::<Vec<_>>().join(", ")
    )]
    MissingSections { labels: Vec<&'static str> },
    /// A checkboxes answer with a line that is not a checkbox.
    #[error("the answer to \"{label}\" should be a list of \"- [X] option\" lines, not {line:?}")]
    NotCheckboxes { label: &'static str, line: String },
    /// A checkbox or dropdown option the form does not have.
    #[error("\"{option}\" is not one of the options of \"{label}\"")]
    UnknownOption { label: &'static str, option: String },
    /// Every few weeks, without the date of one session to count from.
    #[error(
        "\"{}\" is \"{often}\" but \"{}\" is empty: it is needed to count the weeks from",
        fields::OFTEN,
        fields::STARTING
    )]
    NoStarting { often: String },
    /// The consent checkbox is not ticked.
    #[error(
        "\"{}\" is not ticked: we only list groups with their permission",
        fields::CONSENT_OPTION
    )]
    NoConsent,
    /// A required answer is empty.
    #[error("\"{label}\" is empty, and it is required")]
    Required { label: &'static str },
    /// No need is ticked.
    #[error("nothing is ticked under \"{}\": tick at least one", fields::NEEDS)]
    NoNeeds,
    /// A venue name without a postcode, or a postcode without a venue name.
    #[error("\"{given}\" is given but \"{missing}\" is empty: both are needed for a venue")]
    HalfVenue {
        given: &'static str,
        missing: &'static str,
    },
    /// No maintainer in the form, no fallback team and none given on the command line.
    #[error(
        "\"{}\" is empty, signpost.toml names no fallback team and no --maintainer was given",
        fields::MAINTAINER
    )]
    NoMaintainer,
    /// The answers would make a listing file over the size `check` allows.
    #[error(
        "the listing would be {} KB, over the {} KB a listing file may be: \"{label}\" alone \
         is {chars} characters",
        bytes.div_ceil(1024),
        crate::listing::MAX_FILE_BYTES / 1024
    )]
    TooLarge {
        bytes: usize,
        label: &'static str,
        chars: usize,
    },
}

impl Help for IntakeError {
    /// Where the form comes from, when the body is not one; how to give a maintainer.
    fn help(&self) -> Option<String> {
        match self {
            IntakeError::NotTheForm => Some(
                "give the body of an issue opened with .github/ISSUE_TEMPLATE/add-group.yml".into(),
            ),
            IntakeError::NoMaintainer => Some(
                "pass the issue author's GitHub user name with --maintainer, or name a team in \
                 signpost.toml (`[support] maintainers`)"
                    .into(),
            ),
            IntakeError::TooLarge { label, .. } => Some(format!(
                "ask the group to shorten \"{label}\": a listing describes one group, and long \
                 text belongs on the group's own website"
            )),
            _ => None,
        }
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
                    return Err(IntakeError::RepeatedSection { label });
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
        return Err(IntakeError::NotTheForm);
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
fn ticked(
    label: &'static str,
    answer: Option<&str>,
    options: &[&str],
) -> Result<Vec<String>, IntakeError> {
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
            return Err(IntakeError::NotCheckboxes {
                label,
                line: line.to_string(),
            });
        };
        if !options.iter().any(|o| o.eq_ignore_ascii_case(text)) {
            return Err(IntakeError::UnknownOption {
                label,
                option: text.to_string(),
            });
        }
        if checked {
            out.push(text.to_string());
        }
    }
    Ok(out)
}

/// A body read into its sections, with the sections every form has and consent given.
struct Form {
    sections: Vec<(&'static str, Option<String>)>,
}

impl Form {
    /// The sections of `body`; the consent, name, summary and needs sections must be there,
    /// and consent ticked.
    fn read(body: &str) -> Result<Form, IntakeError> {
        use fields::*;
        let form = Form {
            sections: sections(body)?,
        };
        let labels: Vec<&'static str> = [CONSENT, NAME, SUMMARY, NEEDS]
            .into_iter()
            .filter(|l| !form.sections.iter().any(|(s, _)| s == l))
            .collect();
        if !labels.is_empty() {
            return Err(IntakeError::MissingSections { labels });
        }
        if form.ticked(CONSENT, &[CONSENT_OPTION])?.is_empty() {
            return Err(IntakeError::NoConsent);
        }
        Ok(form)
    }

    /// The answer under `label`, if the section is there and answered.
    fn get(&self, label: &str) -> Option<String> {
        self.sections
            .iter()
            .find(|(l, _)| *l == label)
            .and_then(|(_, a)| a.clone())
    }

    /// The answer under `label`, which must not be empty.
    fn required(&self, label: &'static str) -> Result<String, IntakeError> {
        self.get(label).ok_or(IntakeError::Required { label })
    }

    /// The ticked options under `label`.
    fn ticked(&self, label: &'static str, options: &[&str]) -> Result<Vec<String>, IntakeError> {
        ticked(label, self.get(label).as_deref(), options)
    }

    /// The ids of the ticked needs (the form shows their labels); at least one.
    fn needs(&self, vocabulary: &Vocabulary) -> Result<Vec<String>, IntakeError> {
        let labels: Vec<&str> = vocabulary.terms.iter().map(|t| t.label.as_str()).collect();
        let needs: Vec<String> = self
            .ticked(fields::NEEDS, &labels)?
            .iter()
            .map(|label| need_id(vocabulary, label))
            .collect();
        if needs.is_empty() {
            return Err(IntakeError::NoNeeds);
        }
        Ok(needs)
    }

    /// The venue: a name and a postcode, or neither.
    fn venue(&self) -> Result<Option<Venue>, IntakeError> {
        use fields::{ADDRESS, POSTCODE, VENUE};
        match (self.get(VENUE), self.get(POSTCODE)) {
            (Some(name), Some(postcode)) => Ok(Some(Venue {
                name,
                address: self
                    .get(ADDRESS)
                    .unwrap_or_default()
                    .lines()
                    .map(|l| l.trim().trim_end_matches(',').to_string())
                    .filter(|l| !l.is_empty())
                    .collect(),
                postcode: postcode.to_uppercase(),
            })),
            (None, None) => Ok(None),
            (Some(_), None) => Err(IntakeError::HalfVenue {
                given: VENUE,
                missing: POSTCODE,
            }),
            (None, Some(_)) => Err(IntakeError::HalfVenue {
                given: POSTCODE,
                missing: VENUE,
            }),
        }
    }

    /// The days chosen in the dropdown (`Monday, Thursday`: the form's options are the
    /// [`WEEKDAYS`] ids with a capital), as listings write them.
    fn days(&self) -> Result<Vec<String>, IntakeError> {
        let mut days = Vec::new();
        for d in self
            .get(fields::DAYS)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
        {
            if d.is_empty() {
                continue;
            }
            let Some((id, _)) = WEEKDAYS.iter().find(|(id, _)| id.eq_ignore_ascii_case(d)) else {
                return Err(IntakeError::UnknownOption {
                    label: fields::DAYS,
                    option: d.to_string(),
                });
            };
            days.push(id.to_string());
        }
        Ok(days)
    }

    /// How many weeks apart the sessions are (`Every week` → 1, `Every 2 weeks` → 2, up to
    /// 4, the dropdown's options), and the date to count them from, needed when it is more
    /// than one; the date's shape and weekday are checked with the rest of the listing.
    fn often(&self) -> Result<(Option<u8>, Option<String>), IntakeError> {
        let Some(often) = self.get(fields::OFTEN) else {
            return Ok((None, None));
        };
        let weeks = match often.trim().to_ascii_lowercase().as_str() {
            "every week" => 1,
            "every 2 weeks" => 2,
            "every 3 weeks" => 3,
            "every 4 weeks" => 4,
            _ => {
                return Err(IntakeError::UnknownOption {
                    label: fields::OFTEN,
                    option: often,
                });
            }
        };
        if weeks == 1 {
            return Ok((None, None));
        }
        match self.get(fields::STARTING) {
            Some(date) => Ok((Some(weeks), Some(date.trim().to_string()))),
            None => Err(IntakeError::NoStarting { often }),
        }
    }

    /// The draft is no larger than a listing file may be ([`crate::listing::MAX_FILE_BYTES`]),
    /// else the error names the longest answer, so `check` never refuses what intake writes
    /// for its size (E018).
    fn fits(&self, draft: &Draft) -> Result<(), IntakeError> {
        // The longest schema path a listing's first line can have, with room to spare.
        let bytes = draft.to_yaml(&"../".repeat(16)).len();
        if bytes as u64 <= crate::listing::MAX_FILE_BYTES {
            return Ok(());
        }
        let (label, chars) = self
            .sections
            .iter()
            .map(|(label, answer)| (*label, answer.as_deref().map_or(0, |a| a.chars().count())))
            .max_by_key(|(_, chars)| *chars)
            .unwrap_or((fields::DESCRIPTION, 0));
        Err(IntakeError::TooLarge {
            bytes,
            label,
            chars,
        })
    }

    /// The maintainers: the form's GitHub user name (a leading `@` dropped); else none when
    /// the directory has a fallback team (it looks after the listing); else `fallback` (the
    /// issue's author).
    fn maintainers(&self, team: bool, fallback: Option<&str>) -> Result<Vec<String>, IntakeError> {
        match self.get(fields::MAINTAINER) {
            Some(m) => Ok(vec![m.trim().trim_start_matches('@').to_string()]),
            None if team => Ok(Vec::new()),
            None => fallback
                .map(|f| vec![f.to_string()])
                .ok_or(IntakeError::NoMaintainer),
        }
    }
}

/// What `parse` needs besides the body.
pub struct Context<'a> {
    pub needs: &'a Vocabulary,
    /// The directory names a fallback team (`[support] maintainers`): a form without a GitHub
    /// user name gives a listing the team looks after.
    pub team: bool,
    /// Used when the form's GitHub user name is empty and there is no team (a workflow passes
    /// the author).
    pub maintainer: Option<&'a str>,
    /// Becomes `reviewed`.
    pub today: &'a str,
}

/// Reads an "Add our group" issue body.
pub fn parse(body: &str, context: &Context) -> Result<Draft, IntakeError> {
    let Context {
        needs,
        team,
        maintainer,
        today,
    } = *context;
    use fields::*;
    let form = Form::read(body)?;
    let name = form.required(NAME)?;
    let summary = form.required(SUMMARY)?;
    let needs = form.needs(needs)?;
    let remote = form.ticked(REMOTE, &[ONLINE_OPTION, PHONE_OPTION])?;
    let venue = form.venue()?;
    let days = form.days()?;
    let (every, starting) = if days.is_empty() {
        (None, None)
    } else {
        form.often()?
    };
    let maintainers = form.maintainers(team, maintainer)?;
    let has = |option: &str| remote.iter().any(|r| r.eq_ignore_ascii_case(option));
    let draft = Draft {
        name,
        summary,
        description: form.get(DESCRIPTION),
        organisation: form.get(ORGANISATION),
        needs,
        venue,
        online: has(ONLINE_OPTION),
        by_phone: has(PHONE_OPTION),
        start: if days.is_empty() {
            None
        } else {
            form.get(START)
        },
        end: if days.is_empty() { None } else { form.get(END) },
        days,
        every,
        starting,
        email: form.get(EMAIL),
        phone: form.get(PHONE),
        website: form.get(WEBSITE),
        maintainers,
        reviewed: today.to_string(),
    };
    form.fits(&draft)?;
    Ok(draft)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A form with the required sections answered, plus `extra` sections.
    fn body(extra: &str) -> String {
        format!(
            "### Permission\n\n- [X] {}\n\n### Group name\n\nKnit\n\n### One-line summary\n\nWe knit.\n\n### What does it help with?\n\n- [X] Loneliness and isolation\n- [ ] Housing\n\n{extra}",
            fields::CONSENT_OPTION
        )
    }

    fn read(body: &str) -> Result<Draft, IntakeError> {
        let vocab = crate::vocab::Vocabularies::builtin();
        parse(
            body,
            &Context {
                needs: &vocab.needs,
                team: false,
                maintainer: Some("author"),
                today: "2026-11-22",
            },
        )
    }

    #[test]
    fn a_form_becomes_a_draft() {
        let draft = read(&body(
            "### Days it meets\n\nTuesday, thursday\n\n### Start time\n\n10:00\n\n### Venue name\n\nHall\n\n### Postcode\n\ncr7 7je\n",
        ))
        .unwrap();
        assert_eq!(draft.name, "Knit");
        assert_eq!(draft.needs, ["loneliness-and-isolation"]);
        assert_eq!(draft.days, ["tuesday", "thursday"]);
        assert_eq!(draft.start.as_deref(), Some("10:00"));
        assert_eq!(draft.venue.unwrap().postcode, "CR7 7JE");
        assert_eq!(draft.maintainers, ["author"]);
    }

    #[test]
    fn every_few_weeks_needs_the_date_of_one_session() {
        let days =
            "### Days it meets\n\nTuesday\n\n### Venue name\n\nHall\n\n### Postcode\n\nCR7 7JE\n\n";
        let draft = read(&body(&format!(
            "{days}### How often\n\nEvery 2 weeks\n\n### Date of one session\n\n2026-12-01\n"
        )))
        .unwrap();
        assert_eq!(
            (draft.every, draft.starting.as_deref()),
            (Some(2), Some("2026-12-01"))
        );
        let yaml = draft.to_yaml("../schema/listing.schema.json");
        assert!(
            yaml.contains("  - days: [tuesday]\n    every: 2\n    starting: \"2026-12-01\"\n"),
            "{yaml}"
        );
        // Every week is the listing's default: nothing is written.
        let weekly = read(&body(&format!(
            "{days}### How often\n\nEvery week\n\n### Date of one session\n\n_No response_\n"
        )))
        .unwrap();
        assert_eq!((weekly.every, weekly.starting), (None, None));
        assert!(matches!(
            read(&body(&format!("{days}### How often\n\nEvery 3 weeks\n"))),
            Err(IntakeError::NoStarting { .. })
        ));
        assert!(matches!(
            read(&body(&format!("{days}### How often\n\nFortnightly-ish\n"))),
            Err(IntakeError::UnknownOption { .. })
        ));
    }

    #[test]
    fn without_a_user_name_the_fallback_team_looks_after_it_else_the_author() {
        let vocab = crate::vocab::Vocabularies::builtin();
        let with = |team, maintainer| {
            parse(
                &body("### Venue name\n\nHall\n\n### Postcode\n\nCR7 7JE\n"),
                &Context {
                    needs: &vocab.needs,
                    team,
                    maintainer,
                    today: "2026-11-22",
                },
            )
        };
        // A team: no maintainers line, whoever opened the issue; and never `[]`.
        let draft = with(true, Some("author")).unwrap();
        assert!(draft.maintainers.is_empty());
        let yaml = draft.to_yaml("../schema/listing.schema.json");
        assert!(!yaml.contains("maintainers"), "{yaml}");
        assert_eq!(with(false, Some("author")).unwrap().maintainers, ["author"]);
        assert!(matches!(with(false, None), Err(IntakeError::NoMaintainer)));
        // The form's own user name comes first.
        let named = parse(
            &body("### GitHub user name\n\n@jo-bloggs\n"),
            &Context {
                needs: &vocab.needs,
                team: true,
                maintainer: Some("author"),
                today: "2026-11-22",
            },
        );
        assert_eq!(named.unwrap().maintainers, ["jo-bloggs"]);
    }

    #[test]
    fn each_way_a_body_is_not_the_form_has_its_error() {
        use IntakeError as E;
        let cases: [(String, IntakeError); 6] = [
            ("Hello\n".into(), E::NotTheForm),
            (
                body("### Group name\n\nAgain\n"),
                E::RepeatedSection {
                    label: fields::NAME,
                },
            ),
            (
                "### Group name\n\nKnit\n".into(),
                E::MissingSections {
                    labels: vec![fields::CONSENT, fields::SUMMARY, fields::NEEDS],
                },
            ),
            (
                body("### Days it meets\n\nMonday, Someday\n"),
                E::UnknownOption {
                    label: fields::DAYS,
                    option: "Someday".into(),
                },
            ),
            (
                body("### Postcode\n\nCR7 7JE\n"),
                E::HalfVenue {
                    given: fields::POSTCODE,
                    missing: fields::VENUE,
                },
            ),
            (
                body("").replace("- [X] Loneliness", "- [ ] Loneliness"),
                E::NoNeeds,
            ),
        ];
        for (body, error) in cases {
            assert_eq!(read(&body).unwrap_err(), error, "{body}");
        }
        assert_eq!(
            E::MissingSections {
                labels: vec![fields::NEEDS]
            }
            .to_string(),
            "the form is missing the section \"### What does it help with?\": was the issue body edited?"
        );
    }
}
