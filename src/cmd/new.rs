//! `signpost new`: write a new listing file from a few plain questions asked in the terminal
//! (or from flags), validated before it is written.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use super::Error;
use crate::diagnostics::{self, ProblemFormat};
use crate::directory::{self, Directory, Options};
use crate::draft::{self, Answers, Draft, Venue};

pub fn run(root: &Path, answers: Answers, folder: &Path) -> Result<ExitCode, Error> {
    let outcome = directory::load(root, &Options::default())?;
    let dir = outcome.directory;
    let draft = if answers.is_empty() {
        ask(&dir, &mut std::io::stdin().lock(), &mut std::io::stderr())?
    } else {
        from_flags(&dir, answers)?
    };
    Ok(write_and_report(&dir, &draft, folder))
}

/// Writes a draft, printing the path on stdout, or the problems on stderr (exit 1).
pub fn write_and_report(dir: &Directory, draft: &Draft, folder: &Path) -> ExitCode {
    match draft::write(dir, draft, folder) {
        Ok((path, _, warnings)) => {
            let text = std::fs::read_to_string(dir.root.join(&path)).unwrap_or_default();
            eprint!(
                "{}",
                diagnostics::render(&warnings, ProblemFormat::Human, false, &|_| Some(
                    text.clone()
                ))
            );
            eprintln!("wrote {}", path.display());
            println!("{}", diagnostics::slash_path(&path));
            ExitCode::SUCCESS
        }
        Err(error) => {
            if let draft::Error::Invalid {
                text, diagnostics, ..
            } = &error
            {
                eprint!(
                    "{}",
                    diagnostics::render(diagnostics, ProblemFormat::Human, false, &|_| Some(
                        text.clone()
                    ))
                );
            }
            eprintln!("{}", diagnostics::error_text(&error));
            ExitCode::FAILURE
        }
    }
}

fn from_flags(dir: &Directory, a: Answers) -> Result<Draft, Error> {
    let mut missing = Vec::new();
    if a.name.is_none() {
        missing.push("--name");
    }
    if a.summary.is_none() {
        missing.push("--summary");
    }
    if a.needs.is_empty() {
        missing.push("--need");
    }
    // With a fallback team (`[support] maintainers`) a listing may name no maintainer.
    if a.maintainers.is_empty() && dir.config.fallback_team().is_empty() {
        missing.push("--maintainer");
    }
    if a.postcode.is_none() && !a.online {
        missing.push("--postcode and --venue, or --online");
    }
    if !missing.is_empty() {
        return Err(Error::Missing(missing));
    }
    Ok(Draft {
        name: a.name.unwrap_or_default(),
        summary: a.summary.unwrap_or_default(),
        needs: a
            .needs
            .iter()
            .map(|n| draft::need_id(&dir.vocab.needs, n))
            .collect(),
        venue: a.postcode.map(|postcode| Venue {
            name: a.venue.unwrap_or_default(),
            address: Vec::new(),
            postcode,
        }),
        online: a.online,
        days: a.days.iter().map(|d| d.trim().to_lowercase()).collect(),
        start: a.start,
        end: a.end,
        email: a.email,
        phone: a.phone,
        website: a.website,
        maintainers: a.maintainers,
        reviewed: dir.today.to_string(),
        ..Draft::default()
    })
}

/// Asks the questions one by one on `out`, reading answers from `input`.
fn ask(dir: &Directory, input: &mut dyn BufRead, out: &mut dyn Write) -> Result<Draft, Error> {
    let mut q = Questions { input, out };
    q.say("A new listing: answer a few questions (press Enter to skip the optional ones).\n")?;
    let name = q.required("Group name")?;
    let summary = q.required("One line saying what it is (at most 160 characters)")?;
    q.say("\nWhat does it help with?\n")?;
    for (i, t) in dir.vocab.needs.terms.iter().enumerate() {
        q.say(&format!("  {:>2}. {} ({})\n", i + 1, t.label, t.id))?;
    }
    let needs = q.required("Numbers or ids, separated by commas")?;
    let needs = needs
        .split([',', ' '])
        .filter(|s| !s.trim().is_empty())
        .map(|n| draft::need_id(&dir.vocab.needs, n))
        .collect();
    let place = q.required("\nWhere does it meet? A postcode, or \"online\"")?;
    let (venue, online) = if place.eq_ignore_ascii_case("online") {
        (None, true)
    } else {
        let name = q.required("Name of the place (e.g. Thornton Heath Library)")?;
        (
            Some(Venue {
                name,
                address: Vec::new(),
                postcode: place.to_uppercase(),
            }),
            false,
        )
    };
    let days = q.optional("Day it meets each week, e.g. tuesday (Enter if it varies)")?;
    let days: Vec<String> = days
        .unwrap_or_default()
        .split([',', ' '])
        .filter(|s| !s.is_empty())
        .map(str::to_lowercase)
        .collect();
    let (start, end) = if days.is_empty() {
        (None, None)
    } else {
        (
            q.optional("Start time, HH:MM (e.g. 10:00)")?,
            q.optional("End time, HH:MM (e.g. 12:00)")?,
        )
    };
    let email = q.optional("\nContact email")?;
    let phone = q.optional("Contact phone")?;
    let website = q.optional("Website")?;
    let maintainers = if dir.config.fallback_team().is_empty() {
        vec![q.required("\nYour GitHub user name (you will approve changes to this listing)")?]
    } else {
        // The team looks after a listing without one: never a made-up name.
        q.optional(
            "\nYour GitHub user name, if you have one (you will approve changes to this listing; \
             leave empty and the directory's team looks after it)",
        )?
        .into_iter()
        .collect()
    };
    Ok(Draft {
        name,
        summary,
        needs,
        venue,
        online,
        days,
        start,
        end,
        email,
        phone,
        website,
        maintainers: maintainers
            .iter()
            .map(|m| m.trim_start_matches('@').to_string())
            .collect(),
        reviewed: dir.today.to_string(),
        ..Draft::default()
    })
}

struct Questions<'a> {
    input: &'a mut dyn BufRead,
    out: &'a mut dyn Write,
}

impl Questions<'_> {
    fn say(&mut self, text: &str) -> Result<(), Error> {
        self.out
            .write_all(text.as_bytes())
            .and_then(|_| self.out.flush())
            .map_err(Error::Ask)
    }

    fn optional(&mut self, question: &str) -> Result<Option<String>, Error> {
        self.say(&format!("{question}: "))?;
        let mut line = String::new();
        let n = self.input.read_line(&mut line).map_err(Error::Ask)?;
        if n == 0 {
            return Err(Error::AnswersEnded);
        }
        let answer = line.trim();
        Ok((!answer.is_empty()).then(|| answer.to_string()))
    }

    fn required(&mut self, question: &str) -> Result<String, Error> {
        loop {
            if let Some(a) = self.optional(question)? {
                return Ok(a);
            }
            self.say("  (this one is needed)\n")?;
        }
    }
}
