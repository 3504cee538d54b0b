//! How people and maintainers reach a group: email, phone, web links (the website and the
//! booking link), the warning when there is no way to get in touch, and the maintainers'
//! GitHub user names.
//!
//! The shapes of these values (what an email or a UK phone number looks like) are
//! [`crate::text`]'s; this module only reports them.

use super::Report;
use crate::diagnostics::{Code, Pos};
use crate::listing::{Src, Text};
use crate::model;
use crate::text::{
    EmailProblem, LinkProblem, describe_char, email_problem, forbidden_char, is_github_handle,
    normalise_phone, web_url_problem,
};

/// A web link (`http://` or `https://` to a named host), trimmed; `field` names it in the
/// message. Links that could deceive (a user name before the host, a numeric host, hidden
/// characters) are refused with their own words.
pub(super) fn url(r: &mut Report, t: &Text, field: &str) -> Option<String> {
    let value = t.value.trim();
    let Some(problem) = web_url_problem(value) else {
        return Some(value.to_string());
    };
    let (message, help) = match problem {
        LinkProblem::UserInfo { host } => (
            format!("the link in `{field}` goes to {host}, whatever comes before the `@`"),
            format!(
                "a link with `name@` before its host can pretend to be another site: write the \
                 address of the page itself, e.g. `https://{host}/`"
            ),
        ),
        LinkProblem::IpAddress => (
            format!("the link in `{field}` goes to a numeric address, not a named website"),
            "write the website's name, e.g. `https://example.org/`: nobody can tell whose a \
             numeric address is"
                .to_string(),
        ),
        LinkProblem::Hidden(c) => (
            format!("the link in `{field}` contains {}", describe_char(c)),
            "type the link again, or copy it from the browser's address bar: hidden characters \
             can make a link read as one address and go to another"
                .to_string(),
        ),
        LinkProblem::NotWeb => {
            let help = if value.contains(':') && !value.to_ascii_lowercase().starts_with("http") {
                "only web links are allowed: they must start with https:// (or http://)".to_string()
            } else {
                format!(
                    "write the full address, e.g. `https://{}`",
                    value.trim_start_matches("www.")
                )
            };
            (format!("`{value}` is not a web link (in `{field}`)"), help)
        }
    };
    r.add(Code::BadUrl, t.pos, message, help);
    None
}

/// The email, phone and website that are well formed.
pub(super) fn contact(r: &mut Report, c: Option<&crate::listing::Contact>) -> model::Contact {
    let Some(c) = c else {
        return model::Contact::default();
    };
    let email = c.email.as_ref().and_then(|e| email(r, e));
    let phone = c.phone.as_ref().and_then(|p| phone(r, p));
    let website = c.website.as_ref().and_then(|w| url(r, w, "website"));
    model::Contact {
        email,
        phone,
        website,
    }
}

fn email(r: &mut Report, e: &Text) -> Option<String> {
    let v = e.value.trim().trim_start_matches("mailto:");
    if forbidden_char(v, false).is_some() {
        return None; // reported by `chars`
    }
    match email_problem(v) {
        None => Some(v.to_string()),
        Some(EmailProblem::Shape) => {
            r.add(
                Code::BadEmail,
                e.pos,
                format!("`{}` is not an email address (in `contact.email`)", e.value),
                "write it as name@example.org, with no spaces",
            );
            None
        }
        Some(EmailProblem::Mailto(c)) => {
            r.add(
                Code::BadEmail,
                e.pos,
                format!(
                    "the email address in `contact.email` has a `{c}` before the @, which would \
                     change the email link"
                ),
                "`?`, `&`, `=`, `%` and `#` are allowed in email addresses but almost never \
                 used, and in a link they can add hidden recipients: check the address with \
                 the group",
            );
            None
        }
    }
}

fn phone(r: &mut Report, p: &Text) -> Option<String> {
    if forbidden_char(&p.value, false).is_some() {
        return None; // reported by `chars`
    }
    if normalise_phone(&p.value).is_some() {
        Some(p.value.trim().to_string())
    } else {
        r.add(
            Code::BadPhone,
            p.pos,
            format!("`{}` is not a UK phone number", p.value),
            "write it with the area code, e.g. `020 8123 4567` or `07700 900123`",
        );
        None
    }
}

/// Warns (at the name, `at`) when there is no contact and no booking link.
pub(super) fn reachable(r: &mut Report, contact: &model::Contact, booking: bool, at: Pos) {
    if contact.is_empty() && !booking {
        r.add(
            Code::NoContact,
            at,
            "no email, phone or website: people cannot get in touch",
            "add a `contact:` with at least one of `email`, `phone` or `website`",
        );
    }
}

/// The maintainers that are GitHub user names (a leading `@` dropped). A listing must name one
/// unless the directory has a fallback team (`[support] maintainers`) to look after it.
pub(super) fn maintainers(
    r: &mut Report,
    given: Option<&Src<Vec<Text>>>,
    fallback_team: bool,
) -> Vec<String> {
    let help = "add the GitHub user name of someone in the group, e.g. `maintainers: [jo-bloggs]`, \
                or name a team that looks after listings without one in signpost.toml \
                (`[support] maintainers`)";
    let Some(given) = given else {
        if !fallback_team {
            r.add(
                Code::MissingField,
                Pos::new(1, 1),
                "missing required field `maintainers`: nobody would be able to approve changes \
                 to this listing",
                help,
            );
        }
        return Vec::new();
    };
    if given.value.is_empty() && !fallback_team {
        r.add(
            Code::MissingField,
            given.pos,
            "`maintainers` is empty: nobody would be able to approve changes to this listing",
            help,
        );
    }
    let mut out = Vec::new();
    for m in &given.value {
        let handle = m.value.trim().trim_start_matches('@');
        if is_github_handle(handle) {
            out.push(handle.to_string());
        } else {
            r.add(
                Code::BadValue,
                m.pos,
                format!("`{}` is not a GitHub user name", m.value),
                "GitHub user names have letters, digits and single hyphens, at most 39 characters",
            );
        }
    }
    out
}
