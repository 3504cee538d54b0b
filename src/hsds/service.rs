//! A listing as a fully nested HSDS service: its organisation, contacts and phones, the
//! service at each location (venues, online), areas, languages, costs, eligibility, schedules
//! (`schedules.rs`) and the attributes that link it to taxonomy terms. Builds values only:
//! writing them is `write.rs`, and what lists show of them is `views.rs`.

use std::collections::HashMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::Value;

use super::obj::Obj;
use super::schedules::schedules;
use super::taxonomy::{Taxonomy, Term, lower_first, terms};
use super::{History, format_timestamp, organization_id, path_key, service_id, uuid};
use crate::directory::Directory;
use crate::model::{Joining, Listing, Per, Status, Venue};
use crate::vocab;

/// Everything the export and the API publish, built once from a directory.
pub struct Dataset {
    /// Fully nested services, in listing id order.
    pub services: Vec<Value>,
    /// The listing each service came from (index into `Directory::listings`), same order.
    pub listing_index: Vec<usize>,
    pub taxonomies: Vec<Value>,
    pub terms: Vec<Term>,
}

/// What the per-service builder needs from the directory.
struct Context<'a> {
    directory: &'a Directory,
    terms: HashMap<(Taxonomy, &'a str), &'a Term>,
    history: &'a History,
}

/// The indexes (into `Directory::listings`) of the listings to publish.
fn published(directory: &Directory) -> Vec<usize> {
    directory
        .listings
        .iter()
        .enumerate()
        .filter(|(_, l)| !directory.is_expired(l) && l.status != Status::Closed)
        .map(|(i, _)| i)
        .collect()
}

/// Builds every published service, in parallel.
pub fn dataset(directory: &Directory, history: &History) -> Dataset {
    let listing_index = published(directory);
    let services = build_services(directory, history, |_, service| service);
    Dataset {
        services,
        listing_index,
        taxonomies: Taxonomy::ALL.iter().map(|t| t.to_json()).collect(),
        terms: terms(&directory.vocab),
    }
}

/// Builds every published service in parallel and hands each to `f` with its listing, so a
/// caller can keep what it needs (the API keeps serialised text) without holding every
/// service as a JSON value at once. Results are in listing id order.
pub fn build_services<T: Send>(
    directory: &Directory,
    history: &History,
    f: impl Fn(&Listing, Value) -> T + Sync,
) -> Vec<T> {
    let terms = terms(&directory.vocab);
    let context = Context {
        directory,
        terms: terms
            .iter()
            .map(|t| ((t.taxonomy, t.code.as_str()), t))
            .collect(),
        history,
    };
    published(directory)
        .par_iter()
        .map(|&i| {
            let listing = &directory.listings[i];
            f(listing, context.service(listing))
        })
        .collect()
}

/// One listing as a fully nested HSDS service (for a single listing; [`dataset`] builds all).
pub fn service(directory: &Directory, listing: &Listing, history: &History) -> Value {
    let terms = terms(&directory.vocab);
    let context = Context {
        directory,
        terms: terms
            .iter()
            .map(|t| ((t.taxonomy, t.code.as_str()), t))
            .collect(),
        history,
    };
    context.service(listing)
}

type Part<'a> = &'a dyn Fn(&str, &str) -> String;

impl Context<'_> {
    /// A listing as a fully nested service: its one-to-one fields, then each list of its
    /// parts. `part(kind, what)` is the UUID of one part, from the listing's key.
    fn service(&self, l: &Listing) -> Value {
        let key = path_key(l);
        let id = service_id(l);
        let part = |kind: &str, what: &str| uuid(kind, &format!("{key}#{what}"));
        let org_name = l.organisation.as_deref().unwrap_or(&l.name);
        let attending = attending_type(l);
        Obj::new(id.clone())
            .s("organization_id", organization_id(org_name))
            .s("name", &l.name)
            .s("description", description(l))
            .opt("url", l.contact.website.clone())
            .opt("email", l.contact.email.clone())
            .s("status", status(l.status))
            .s("application_process", application_process(l))
            .opt("fees_description", fees_description(l))
            .opt("eligibility_description", eligibility(l))
            .num("minimum_age", l.min_age.map(f64::from))
            .num("maximum_age", l.max_age.map(f64::from))
            .s("assured_date", l.reviewed.to_string())
            .opt("alert", l.notice.clone())
            .s(
                "last_modified",
                format_timestamp(self.history.last_modified(l)),
            )
            .arr("phones", phones(l, &id, &part))
            .arr("schedules", schedules(l, &id, &attending, &part))
            .arr("service_areas", self.areas(l, &id, &part))
            .arr("service_at_locations", self.locations(l, &id, &part))
            .arr("languages", languages(l, &id, &part))
            .obj("organization", Some(self.organization(org_name)))
            .arr("cost_options", cost_options(l, &part))
            .arr("contacts", contacts(l, &id, &part))
            .arr("attributes", self.attributes(l, &id, &part))
            .done()
    }

    /// The organisation that runs the service (the listing's `organisation`, or the group
    /// itself), with an id from its name so one organisation's services share it.
    fn organization(&self, name: &str) -> Value {
        Obj::new(organization_id(name))
            .s("name", name)
            .s(
                "description",
                format!(
                    "{name} runs groups or services listed in {}.",
                    self.directory.config.title
                ),
            )
            .done()
    }

    /// Where the service is: a service-at-location per venue, and one for online.
    fn locations(&self, l: &Listing, id: &str, part: Part) -> Vec<Value> {
        let mut sals: Vec<Value> = l
            .venues
            .iter()
            .enumerate()
            .map(|(i, venue)| self.venue(id, i, venue, part))
            .collect();
        if l.online {
            let location_id = part("location", "online");
            let location = Obj::new(location_id.clone())
                .s("location_type", "virtual")
                .s("name", "Online")
                .opt("url", l.contact.website.clone())
                .s("description", format!("{} online.", l.name))
                .done();
            sals.push(
                Obj::new(part("service_at_location", "online"))
                    .s("service_id", id)
                    .s("location_id", location_id)
                    .obj("location", Some(location))
                    .done(),
            );
        }
        sals
    }

    /// The areas the service covers: the whole borough, or its wards.
    fn areas(&self, l: &Listing, id: &str, part: Part) -> Vec<Value> {
        let area = &self.directory.config.area;
        let mut areas = Vec::new();
        if l.area.borough {
            areas.push(
                Obj::new(part("service_area", "borough"))
                    .s("service_id", id)
                    .s("name", area)
                    .s("description", format!("The whole of {area}."))
                    .done(),
            );
        }
        for ward in &l.area.wards {
            areas.push(
                Obj::new(part("service_area", &format!("ward:{ward}")))
                    .s("service_id", id)
                    .s("name", ward)
                    .s("description", format!("The {ward} ward of {area}."))
                    .done(),
            );
        }
        areas
    }

    /// An attribute per need, activity and audience, with its taxonomy term.
    fn attributes(&self, l: &Listing, id: &str, part: Part) -> Vec<Value> {
        let mut attributes = Vec::new();
        for (taxonomy, codes) in [
            (Taxonomy::Needs, &l.needs),
            (Taxonomy::Activities, &l.activities),
            (Taxonomy::Audiences, &l.audiences),
        ] {
            for code in codes {
                let Some(term) = self.terms.get(&(taxonomy, code.as_str())) else {
                    continue; // validation guarantees every code is in the vocabulary
                };
                attributes.push(
                    Obj::new(part("attribute", &format!("{}/{code}", taxonomy.key())))
                        .s("link_id", id)
                        .s("link_type", taxonomy.link_type())
                        .s("link_entity", "service")
                        .s("taxonomy_term_id", term.id())
                        .obj("taxonomy_term", Some(term.to_json()))
                        .done(),
                );
            }
        }
        attributes
    }

    fn venue(&self, service_id: &str, i: usize, venue: &Venue, part: Part) -> Value {
        let what = format!("venue-{i}");
        let location_id = part("location", &what);
        let area = &self.directory.config.area;
        let (address_1, city) = match venue.address.as_slice() {
            [] => (venue.name.clone(), area.clone()),
            [one] => (one.clone(), area.clone()),
            [first @ .., last] => (first.join(", "), last.clone()),
        };
        let address = Obj::new(part("address", &what))
            .s("location_id", &location_id)
            .s("address_1", address_1)
            .s("city", city)
            .s("state_province", area)
            .s("postal_code", venue.postcode.to_string())
            .s("country", "GB")
            .s("address_type", "physical")
            .done();
        let accessibility = venue
            .access
            .iter()
            .flatten()
            .map(|feature| {
                Obj::new(part("accessibility", &format!("{what}/{feature}")))
                    .s("location_id", &location_id)
                    .s(
                        "description",
                        vocab::label(vocab::ACCESS, feature).unwrap_or(feature),
                    )
                    .done()
            })
            .collect();
        let location = Obj::new(location_id.clone())
            .s("location_type", "physical")
            .s("name", &venue.name)
            .num("latitude", venue.at.map(|p| round6(p.lat)))
            .num("longitude", venue.at.map(|p| round6(p.lon)))
            .arr("addresses", vec![address])
            .arr("accessibility", accessibility)
            .done();
        Obj::new(part("service_at_location", &what))
            .s("service_id", service_id)
            .s("location_id", location_id)
            .obj("location", Some(location))
            .done()
    }
}

/// The service's phone number, as a phone of the service.
fn phones(l: &Listing, id: &str, part: Part) -> Vec<Value> {
    l.contact
        .phone
        .iter()
        .map(|number| {
            Obj::new(part("phone", "contact"))
                .s("service_id", id)
                .s("number", number.as_str())
                .s("type", "voice")
                .done()
        })
        .collect()
}

/// One contact with the email and phone, when the listing has either.
fn contacts(l: &Listing, id: &str, part: Part) -> Vec<Value> {
    if l.contact.email.is_none() && l.contact.phone.is_none() {
        return Vec::new();
    }
    let contact_id = part("contact", "contact");
    let contact_phones = l
        .contact
        .phone
        .iter()
        .map(|number| {
            Obj::new(part("phone", "contact-phone"))
                .s("contact_id", &contact_id)
                .s("number", number.as_str())
                .s("type", "voice")
                .done()
        })
        .collect();
    vec![
        Obj::new(contact_id)
            .s("service_id", id)
            .opt("email", l.contact.email.clone())
            .arr("phones", contact_phones)
            .done(),
    ]
}

/// The languages the group is run in, by ISO 639-1 code with the English name.
fn languages(l: &Listing, id: &str, part: Part) -> Vec<Value> {
    l.languages
        .iter()
        .map(|code| {
            Obj::new(part("language", code))
                .s("service_id", id)
                .opt("name", crate::languages::name(code))
                .s("code", code)
                .done()
        })
        .collect()
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

fn status(s: Status) -> &'static str {
    match s {
        Status::Active => "active",
        Status::Paused => "temporarily closed",
        Status::Closed => "defunct",
    }
}

/// The summary, then the description as plain text.
fn description(l: &Listing) -> String {
    match l.description.as_deref().map(markdown_to_text) {
        Some(text) if !text.is_empty() => format!("{}\n\n{text}", l.summary),
        _ => l.summary.clone(),
    }
}

/// Markdown → plain text: paragraphs separated by a blank line, list items on their own lines,
/// links as "text (address)".
pub fn markdown_to_text(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = String::new();
    let mut links: Vec<String> = Vec::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak => out.push(' '),
            Event::HardBreak => out.push('\n'),
            Event::Start(Tag::Item) => out.push_str("- "),
            Event::Start(Tag::Link { dest_url, .. }) => links.push(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = links.pop() {
                    let _ = write!(out, " ({url})");
                }
            }
            Event::End(TagEnd::Item) => out.push('\n'),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::List(_)) => {
                while out.ends_with('\n') {
                    out.pop();
                }
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    out.trim().to_string()
}

fn application_process(l: &Listing) -> String {
    let mut text = match l.joining {
        Joining::SelfReferral => "Just come along, or get in touch first.".to_string(),
        Joining::Professional => {
            "By referral: ask your GP, social prescribing link worker or another professional to \
             refer you."
                .to_string()
        }
        Joining::Either => {
            "Come along or get in touch yourself, or ask your GP, social prescribing link worker \
             or another professional to refer you."
                .to_string()
        }
    };
    if l.by_appointment {
        text.push_str(" By appointment.");
    }
    if let Some(url) = &l.booking {
        let _ = write!(text, " Book at {url}");
    }
    text
}

fn per_text(per: Per) -> &'static str {
    match per {
        Per::Session => "per session",
        Per::Week => "per week",
        Per::Month => "per month",
        Per::Term => "per term",
        Per::Year => "per year",
        Per::Course => "per course",
    }
}

fn fees_description(l: &Listing) -> Option<String> {
    let c = &l.cost;
    let mut parts = Vec::new();
    if c.free {
        parts.push("Free".to_string());
    }
    if let Some(amount) = c.amount {
        let per = c.per.map(per_text).unwrap_or_default();
        let price = crate::model::pounds(amount);
        parts.push(format!("{price} {per}").trim().to_string());
    }
    if c.pay_what_you_can {
        parts.push("Pay what you can".to_string());
    }
    if let Some(concessions) = &c.concessions {
        parts.push(concessions.clone());
    }
    (!parts.is_empty()).then(|| parts.join(". ") + ".")
}

fn cost_options(l: &Listing, part: Part) -> Vec<Value> {
    let c = &l.cost;
    let service_id = service_id(l);
    let option = |what: &str| Obj::new(part("cost_option", what)).s("service_id", &service_id);
    let mut out = Vec::new();
    if c.free {
        out.push(
            option("free")
                .s("option", "Free")
                .s("currency", "GBP")
                .num("amount", Some(0.0))
                .done(),
        );
    }
    if let Some(amount) = c.amount {
        out.push(
            option("amount")
                .s("currency", "GBP")
                .num("amount", Some(amount))
                .opt("amount_description", c.per.map(per_text))
                .done(),
        );
    }
    if c.pay_what_you_can {
        out.push(
            option("pay-what-you-can")
                .s("option", "Pay what you can")
                .s("currency", "GBP")
                .done(),
        );
    }
    if let Some(concessions) = &c.concessions {
        out.push(
            option("concessions")
                .s("option", "Concessions")
                .s("amount_description", concessions)
                .done(),
        );
    }
    out
}

fn eligibility(l: &Listing) -> Option<String> {
    let mut parts = Vec::new();
    if !l.audiences.is_empty() {
        let who: Vec<String> = l
            .audiences
            .iter()
            .map(|a| lower_first(vocab::label(vocab::AUDIENCES, a).unwrap_or(a)))
            .collect();
        parts.push(format!(
            "Especially for {}.",
            crate::i18n::builtin_english().join_and(&who)
        ));
    }
    match (l.min_age, l.max_age) {
        (Some(min), Some(max)) => parts.push(format!("Ages {min} to {max}.")),
        (Some(min), None) => parts.push(format!("Ages {min} and over.")),
        (None, Some(max)) => parts.push(format!("Ages up to {max}.")),
        (None, None) => {}
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// How people take part: "In person or online", "By phone", "In your area".
pub(super) fn attending_type(l: &Listing) -> String {
    let mut ways = Vec::new();
    if l.has_venue() {
        ways.push("in person");
    }
    if l.online {
        ways.push("online");
    }
    if l.by_phone {
        ways.push("by phone");
    }
    if ways.is_empty() && (l.area.borough || !l.area.wards.is_empty()) {
        ways.push("in your area");
    }
    let text = ways.join(" or ");
    let mut c = text.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_plain_text() {
        let text = markdown_to_text(
            "Bring a project.\n\n**No need to book**, just [come](https://x.org) along.\n\n- tea\n- cake\n",
        );
        assert_eq!(
            text,
            "Bring a project.\n\nNo need to book, just come (https://x.org) along.\n\n- tea\n- cake"
        );
    }
}
