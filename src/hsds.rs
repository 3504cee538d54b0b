//! Open data: a [`Directory`] as Open Referral UK / HSDS 3.1 objects (fully nested services,
//! taxonomies and taxonomy terms), and the files `signpost export` and `signpost build` write.
//!
//! The mapping from listing fields to HSDS fields is documented in `schema/FORMAT.md` ("How it
//! maps to Open Referral UK"). Every id is a UUID v5 in the [`NAMESPACE`], derived from the
//! listing's path (and, for the parts of a service, what the part is), so ids are stable across
//! builds and machines. Optional fields that are empty are left out, never `null`.
//!
//! This module only builds JSON values and writes files; answering HTTP requests is `api`.
//! Only published listings are exported (see [`Directory::published`]): expired and closed
//! listings are left out, as on the sites.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use jiff::civil::{Time, Weekday};
use rayon::prelude::*;
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::directory::Directory;
use crate::model::{Joining, Listing, Per, Repeat, Session, Status, Venue};
use crate::vocab::{self, Vocabulary};

/// The namespace of every Signpost UUID: itself the UUID v5 of the project's repository address
/// in the URL namespace. Never change it: every published id depends on it.
pub const NAMESPACE: Uuid = Uuid::from_u128(0x81dd87c2_e710_5070_bfcc_36d6ca832557);

/// The HSDS version the objects follow, and the Open Referral UK profile they also validate
/// against (see `tests/schemas/PROVENANCE.md`).
pub const HSDS_VERSION: &str = "3.1";
pub const ORUK_PROFILE: &str = "https://github.com/OpenReferralUK/uk-profile";

/// The UUID of a thing: `kind` says what it is (`service`, `location`...), `key` which one.
pub fn uuid(kind: &str, key: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("signpost:{kind}:{key}").as_bytes()).to_string()
}

/// The key of a listing: its path relative to the directory root, with `/` separators.
fn path_key(listing: &Listing) -> String {
    listing
        .path
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The UUID of a listing's service.
pub fn service_id(listing: &Listing) -> String {
    uuid("service", &path_key(listing))
}

/// The UUID of an organisation, from its name (case and spacing do not matter).
pub fn organization_id(name: &str) -> String {
    uuid("organization", &normalise_name(name))
}

fn normalise_name(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// When each listing last changed, by path relative to the directory root.
///
/// This is the hook for git history: the module that reads it fills `modified`; a listing
/// missing from it (and every listing until then) uses its `reviewed` date at midnight UTC.
#[derive(Clone, Debug, Default)]
pub struct History {
    pub modified: HashMap<PathBuf, Timestamp>,
}

impl History {
    /// The last change of every listing file, from the directory's git history (none without
    /// git), at midnight UTC of the author's date.
    pub fn of(directory: &Directory) -> History {
        let modified = directory
            .listings
            .iter()
            .filter_map(|l| {
                let changed = directory.file_history(l)?.changed();
                let at = changed.to_zoned(jiff::tz::TimeZone::UTC).ok()?.timestamp();
                Some((l.path.clone(), at))
            })
            .collect();
        History { modified }
    }

    /// When the listing last changed: from history when known, else its `reviewed` date.
    pub fn last_modified(&self, listing: &Listing) -> Timestamp {
        self.modified
            .get(&listing.path)
            .copied()
            .unwrap_or_else(|| {
                listing
                    .reviewed
                    .to_zoned(jiff::tz::TimeZone::UTC)
                    .map(|z| z.timestamp())
                    .unwrap_or(Timestamp::UNIX_EPOCH)
            })
    }
}

/// `2026-10-01T00:00:00.000Z`: RFC 3339 with milliseconds, as HSDS asks.
pub fn format_timestamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

// ---------------------------------------------------------------------------------------------
// A small builder that leaves out empty values, so no exported value is ever null.

#[derive(Default)]
struct Obj(Map<String, Value>);

impl Obj {
    fn new(id: String) -> Obj {
        let mut o = Obj::default();
        o.0.insert("id".into(), Value::String(id));
        o
    }
    fn s(mut self, key: &str, value: impl Into<String>) -> Obj {
        self.0.insert(key.into(), Value::String(value.into()));
        self
    }
    fn opt(self, key: &str, value: Option<impl Into<String>>) -> Obj {
        match value {
            Some(v) => self.s(key, v),
            None => self,
        }
    }
    /// A number; whole numbers are written without a decimal point.
    fn num(mut self, key: &str, value: Option<f64>) -> Obj {
        let number = value.and_then(|x| {
            if x.fract() == 0.0 && x.abs() < 1e15 {
                Some(serde_json::Number::from(x as i64))
            } else {
                serde_json::Number::from_f64(x)
            }
        });
        if let Some(n) = number {
            self.0.insert(key.into(), Value::Number(n));
        }
        self
    }
    fn arr(mut self, key: &str, values: Vec<Value>) -> Obj {
        if !values.is_empty() {
            self.0.insert(key.into(), Value::Array(values));
        }
        self
    }
    fn obj(mut self, key: &str, value: Option<Value>) -> Obj {
        if let Some(v) = value {
            self.0.insert(key.into(), v);
        }
        self
    }
    fn done(self) -> Value {
        Value::Object(self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Taxonomies

/// The three Signpost taxonomies, in the order they are published.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Taxonomy {
    Needs,
    Activities,
    Audiences,
}

impl Taxonomy {
    pub const ALL: [Taxonomy; 3] = [Taxonomy::Needs, Taxonomy::Activities, Taxonomy::Audiences];

    /// The short key used in ids and `code`s.
    pub fn key(self) -> &'static str {
        match self {
            Taxonomy::Needs => "needs",
            Taxonomy::Activities => "activities",
            Taxonomy::Audiences => "audiences",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Taxonomy::Needs => "Signpost needs",
            Taxonomy::Activities => "Signpost activities",
            Taxonomy::Audiences => "Signpost audiences",
        }
    }

    fn description(self) -> &'static str {
        match self {
            Taxonomy::Needs => {
                "What a group or service helps with, in everyday words, as used for social \
                 prescribing in Signpost (schema/needs.yaml)."
            }
            Taxonomy::Activities => {
                "What happens at a group (schema/activities.yaml). Where a term has a term_uri it \
                 is the matching concept of the OpenActive Activity List: contains the OpenActive \
                 Activity List, (c) OpenActive, CC BY 4.0 \
                 (https://creativecommons.org/licenses/by/4.0/)."
            }
            Taxonomy::Audiences => {
                "Who a group is especially for. A group with none of these is for everyone."
            }
        }
    }

    /// The `link_type` of attributes that use this taxonomy.
    fn link_type(self) -> &'static str {
        match self {
            Taxonomy::Needs => "need",
            Taxonomy::Activities => "activity",
            Taxonomy::Audiences => "audience",
        }
    }

    pub fn id(self) -> String {
        uuid("taxonomy", self.key())
    }

    /// The HSDS `taxonomy` object.
    pub fn to_json(self) -> Value {
        Obj::new(self.id())
            .s("name", self.name())
            .s("description", self.description())
            .done()
    }
}

/// The UUID of a term of a taxonomy.
pub fn term_id(taxonomy: Taxonomy, code: &str) -> String {
    uuid("taxonomy_term", &format!("{}/{code}", taxonomy.key()))
}

/// One term, ready to publish.
#[derive(Clone, Debug)]
pub struct Term {
    pub taxonomy: Taxonomy,
    pub code: String,
    pub name: String,
    pub description: String,
    pub uri: Option<String>,
    /// Search synonyms (not published in HSDS; used by the API's interim search).
    pub synonyms: Vec<String>,
}

impl Term {
    pub fn id(&self) -> String {
        term_id(self.taxonomy, &self.code)
    }

    /// The HSDS `taxonomy_term` object.
    pub fn to_json(&self) -> Value {
        Obj::new(self.id())
            .s("code", &self.code)
            .s("name", &self.name)
            .s("description", &self.description)
            .s("taxonomy", self.taxonomy.name())
            .s("taxonomy_id", self.taxonomy.id())
            .opt("term_uri", self.uri.clone())
            .s("language", "en")
            .done()
    }
}

/// Every term of the three taxonomies: needs, then activities, then audiences, each in
/// vocabulary order.
pub fn terms(vocab: &crate::vocab::Vocabularies) -> Vec<Term> {
    let from = |taxonomy, v: &Vocabulary| {
        v.terms
            .iter()
            .map(move |t| Term {
                taxonomy,
                code: t.id.clone(),
                name: t.label.clone(),
                description: t.description.clone(),
                uri: t.uri.clone(),
                synonyms: t.synonyms.clone(),
            })
            .collect::<Vec<_>>()
    };
    let mut out = from(Taxonomy::Needs, &vocab.needs);
    out.extend(from(Taxonomy::Activities, &vocab.activities));
    out.extend(vocab::AUDIENCES.iter().map(|(id, label)| Term {
        taxonomy: Taxonomy::Audiences,
        code: (*id).to_string(),
        name: (*label).to_string(),
        description: format!("Groups and services especially for {}.", lower_first(label)),
        uri: None,
        synonyms: Vec::new(),
    }));
    out
}

fn lower_first(s: &str) -> String {
    // "LGBTQ+ people" and "British ..." keep their capitals; ordinary words do not.
    let first = s.split_whitespace().next().unwrap_or("");
    if first.chars().filter(|c| c.is_uppercase()).count() > 1 {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------------
// Services

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

impl Context<'_> {
    fn service(&self, l: &Listing) -> Value {
        let key = path_key(l);
        let id = service_id(l);
        let part = |kind: &str, what: &str| uuid(kind, &format!("{key}#{what}"));
        let org_name = l.organisation.as_deref().unwrap_or(&l.name);
        let organization = Obj::new(organization_id(org_name))
            .s("name", org_name)
            .s(
                "description",
                format!(
                    "{org_name} runs groups or services listed in {}.",
                    self.directory.config.title
                ),
            )
            .done();

        let phones: Vec<Value> = l
            .contact
            .phone
            .iter()
            .map(|number| {
                Obj::new(part("phone", "contact"))
                    .s("service_id", &id)
                    .s("number", number.as_str())
                    .s("type", "voice")
                    .done()
            })
            .collect();
        let contacts = if l.contact.email.is_some() || l.contact.phone.is_some() {
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
                    .s("service_id", &id)
                    .opt("email", l.contact.email.clone())
                    .arr("phones", contact_phones)
                    .done(),
            ]
        } else {
            Vec::new()
        };

        let attending = attending_type(l);
        let schedules = schedules(l, &id, &attending, &part);

        let mut sals: Vec<Value> = l
            .venues
            .iter()
            .enumerate()
            .map(|(i, venue)| self.venue(&id, i, venue, &part))
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
                    .s("service_id", &id)
                    .s("location_id", location_id)
                    .obj("location", Some(location))
                    .done(),
            );
        }

        let mut areas = Vec::new();
        if l.area.borough {
            areas.push(
                Obj::new(part("service_area", "borough"))
                    .s("service_id", &id)
                    .s("name", &self.directory.config.area)
                    .s(
                        "description",
                        format!("The whole of {}.", self.directory.config.area),
                    )
                    .done(),
            );
        }
        for ward in &l.area.wards {
            areas.push(
                Obj::new(part("service_area", &format!("ward:{ward}")))
                    .s("service_id", &id)
                    .s("name", ward)
                    .s(
                        "description",
                        format!("The {ward} ward of {}.", self.directory.config.area),
                    )
                    .done(),
            );
        }

        let languages = l
            .languages
            .iter()
            .map(|code| {
                Obj::new(part("language", code))
                    .s("service_id", &id)
                    .opt("name", crate::languages::name(code))
                    .s("code", code)
                    .done()
            })
            .collect();

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
                        .s("link_id", &id)
                        .s("link_type", taxonomy.link_type())
                        .s("link_entity", "service")
                        .s("taxonomy_term_id", term.id())
                        .obj("taxonomy_term", Some(term.to_json()))
                        .done(),
                );
            }
        }

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
            .arr("phones", phones)
            .arr("schedules", schedules)
            .arr("service_areas", areas)
            .arr("service_at_locations", sals)
            .arr("languages", languages)
            .obj("organization", Some(organization))
            .arr("cost_options", cost_options(l, &part))
            .arr("contacts", contacts)
            .arr("attributes", attributes)
            .done()
    }

    fn venue(
        &self,
        service_id: &str,
        i: usize,
        venue: &Venue,
        part: &dyn Fn(&str, &str) -> String,
    ) -> Value {
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

fn cost_options(l: &Listing, part: &dyn Fn(&str, &str) -> String) -> Vec<Value> {
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
        parts.push(format!("Especially for {}.", join_and(&who)));
    }
    match (l.min_age, l.max_age) {
        (Some(min), Some(max)) => parts.push(format!("Ages {min} to {max}.")),
        (Some(min), None) => parts.push(format!("Ages {min} and over.")),
        (None, Some(max)) => parts.push(format!("Ages up to {max}.")),
        (None, None) => {}
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn attending_type(l: &Listing) -> String {
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

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Monday => "Monday",
        Weekday::Tuesday => "Tuesday",
        Weekday::Wednesday => "Wednesday",
        Weekday::Thursday => "Thursday",
        Weekday::Friday => "Friday",
        Weekday::Saturday => "Saturday",
        Weekday::Sunday => "Sunday",
    }
}

/// `HH:MM`, the form HSDS's `opens_at` and `closes_at` describe (local UK time).
pub fn hhmm(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

fn schedules(
    l: &Listing,
    service_id: &str,
    attending: &str,
    part: &dyn Fn(&str, &str) -> String,
) -> Vec<Value> {
    let mut notes = Vec::new();
    if l.term_time_only {
        notes.push("Term time only: no sessions in school holidays.");
    }
    if l.by_appointment {
        notes.push("By appointment.");
    }
    let notes = (!notes.is_empty()).then(|| notes.join(" "));
    let mut out: Vec<Value> = l
        .sessions
        .iter()
        .enumerate()
        .map(|(i, session)| {
            let o = Obj::new(part("schedule", &i.to_string())).s("service_id", service_id);
            let o = match &session.repeat {
                Repeat::Once(date) => o
                    .s("dtstart", date.to_string())
                    .s("valid_from", date.to_string())
                    .s("valid_to", date.to_string()),
                weekly_or_monthly => match weekly_or_monthly.recurrence() {
                    Some((freq, byday)) => o
                        .s("freq", freq)
                        .num("interval", Some(1.0))
                        .s("byday", byday),
                    None => o,
                },
            };
            o.opt("opens_at", session.start.map(hhmm))
                .opt("closes_at", session.end.map(hhmm))
                .s("description", session_text(session))
                .opt("schedule_link", l.booking.clone())
                .s("attending_type", attending)
                .opt("notes", notes.clone())
                .done()
        })
        .collect();
    if out.is_empty() && l.by_appointment {
        out.push(
            Obj::new(part("schedule", "by-appointment"))
                .s("service_id", service_id)
                .s("description", "By appointment.")
                .opt("schedule_link", l.booking.clone())
                .s("attending_type", attending)
                .opt("notes", notes)
                .done(),
        );
    }
    out
}

/// "Every Tuesday and Thursday, 10:00 to 12:00", "The first Monday of the month, ...",
/// "Saturday 12 December 2026, ...".
pub fn session_text(session: &Session) -> String {
    let days = |days: &[Weekday]| {
        join_and(
            &days
                .iter()
                .map(|d| day_name(*d).to_string())
                .collect::<Vec<_>>(),
        )
    };
    let mut text = match &session.repeat {
        Repeat::Weekly(d) => format!("Every {}", days(d)),
        Repeat::Monthly(n, d) => {
            let nth = match n {
                1 => "first",
                2 => "second",
                3 => "third",
                4 => "fourth",
                _ => "last",
            };
            format!("The {nth} {} of the month", days(d))
        }
        Repeat::Once(date) => date.strftime("%A %-d %B %Y").to_string(),
    };
    match (session.start, session.end) {
        (Some(s), Some(e)) => {
            let _ = write!(text, ", {} to {}", hhmm(s), hhmm(e));
        }
        (Some(s), None) => {
            let _ = write!(text, ", from {}", hhmm(s));
        }
        (None, Some(e)) => {
            let _ = write!(text, ", until {}", hhmm(e));
        }
        (None, None) => {}
    }
    text
}

// ---------------------------------------------------------------------------------------------
// Views of a service used by lists

/// The one-to-one fields of a service and its organization: an item of `GET /services`.
pub fn service_list_item(service: &Value) -> Value {
    let Value::Object(map) = service else {
        return service.clone();
    };
    Value::Object(
        map.iter()
            .filter(|(_, v)| !v.is_array())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// An item of `GET /service_at_locations`: the service-at-location with its location and
/// service (one-to-one fields only).
pub fn service_at_location_list_item(service: &Value, sal: &Value) -> Value {
    let mut out = Map::new();
    for key in ["id", "service_id", "location_id"] {
        if let Some(v) = sal.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(location) = sal.get("location") {
        out.insert("location".into(), service_list_item(location));
    }
    out.insert("service".into(), service_list_item(service));
    Value::Object(out)
}

/// `GET /service_at_locations/{id}`: the service-at-location fully nested, with its service
/// (without the service's other service-at-locations).
pub fn service_at_location_full(service: &Value, sal: &Value) -> Value {
    let mut out = sal.as_object().cloned().unwrap_or_default();
    let mut service = service.as_object().cloned().unwrap_or_default();
    service.remove("service_at_locations");
    out.insert("service".into(), Value::Object(service));
    Value::Object(out)
}

/// An HSDS page envelope.
pub fn page(
    contents: Vec<Value>,
    total_items: usize,
    page_number: usize,
    per_page: usize,
) -> Value {
    let total_pages = total_items.div_ceil(per_page.max(1)).max(1);
    serde_json::json!({
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": contents.len(),
        "first_page": page_number <= 1,
        "last_page": page_number >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

// ---------------------------------------------------------------------------------------------
// Files

/// What `signpost export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// `services/<id>.json`, `services.json`, `taxonomies.json`, `taxonomy_terms.json`.
    Hsds,
    /// `services.ndjson`: one fully nested service per line.
    Ndjson,
    /// `service_at_locations.csv`: one row per service at a location, for spreadsheets.
    Csv,
}

/// Writes the HSDS files of a directory into `out_dir`, over what is there: for `signpost
/// build`, which publishes them under `public/api/` in an output of its own that it swaps in
/// whole and clears of files it did not write again. Returns the number of services written.
pub fn write_static(directory: &Directory, out_dir: &Path) -> Result<usize, String> {
    let terms = terms(&directory.vocab);
    std::fs::create_dir_all(out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    write_files(
        directory,
        &History::of(directory),
        Format::Hsds,
        &terms,
        out_dir,
    )
}

/// Writes `format` into `out_dir` atomically: everything goes to a new folder beside it, which
/// then replaces `out_dir` in one rename, so readers never see half an export. Returns the
/// number of services written.
pub fn write(
    directory: &Directory,
    history: &History,
    format: Format,
    out_dir: &Path,
) -> Result<usize, String> {
    let terms = terms(&directory.vocab);
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    let name = out_dir
        .file_name()
        .ok_or_else(|| format!("{} is not a folder name", out_dir.display()))?
        .to_string_lossy()
        .into_owned();
    if out_dir.exists() && !replaceable(out_dir) {
        return Err(format!(
            "{} exists and is not an earlier export\nhelp: choose an empty or new folder",
            out_dir.display()
        ));
    }
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    std::fs::create_dir_all(&temp).map_err(|e| format!("cannot create {}: {e}", temp.display()))?;
    let count = match write_files(directory, history, format, &terms, &temp) {
        Ok(n) => n,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(e);
        }
    };
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if out_dir.exists() {
        std::fs::rename(out_dir, &old)
            .map_err(|e| format!("cannot move {} aside: {e}", out_dir.display()))?;
    }
    std::fs::rename(&temp, out_dir)
        .map_err(|e| format!("cannot move the export into {}: {e}", out_dir.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(count)
}

/// The files of `format` and the attribution, into the folder `dir`, over what is there.
/// Returns the number of services written.
fn write_files(
    directory: &Directory,
    history: &History,
    format: Format,
    terms: &[Term],
    dir: &Path,
) -> Result<usize, String> {
    let n = match format {
        Format::Hsds => write_hsds(directory, history, terms, dir)?,
        Format::Ndjson => {
            let data = dataset(directory, history);
            write_ndjson(&data, dir)?;
            data.services.len()
        }
        Format::Csv => {
            let data = dataset(directory, history);
            write_csv(&data, directory, dir)?;
            data.services.len()
        }
    };
    write_attribution(directory, terms, dir)?;
    Ok(n)
}

/// `ATTRIBUTION.md`: the directory's attribution file (see `attribution` in signpost.toml) and
/// the OpenActive Activity List's, when term URIs from it are published; and `LICENCE.md`, the
/// licence named in `[open_data]`.
fn write_attribution(directory: &Directory, terms: &[Term], dir: &Path) -> Result<(), String> {
    let mut text = String::new();
    if let Some(attribution) = &directory.attribution {
        text = attribution.clone();
        if !text.ends_with('\n') {
            text.push('\n');
        }
    }
    if terms.iter().any(|t| {
        t.uri
            .as_deref()
            .is_some_and(|u| u.contains("openactive.io"))
    }) {
        text.push_str(
            "Contains the OpenActive Activity List, (c) OpenActive, CC BY 4.0 \
             (https://creativecommons.org/licenses/by/4.0/).\n",
        );
    }
    if let Some(open) = &directory.config.open_data {
        let licence = format!(
            "# Licence\n\nThis open data is published by {} under the {} ({}).\n\
             Attribution: see ATTRIBUTION.md.\n",
            directory.config.title, open.licence, open.licence_url
        );
        let path = dir.join("LICENCE.md");
        std::fs::write(&path, licence)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    if text.is_empty() {
        return Ok(());
    }
    let path = dir.join("ATTRIBUTION.md");
    std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// An empty folder, or one that holds an earlier export, may be replaced.
fn replaceable(dir: &Path) -> bool {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return false;
    };
    let empty = entries.next().is_none();
    empty
        || [
            "services.json",
            "services.ndjson",
            "service_at_locations.csv",
        ]
        .iter()
        .any(|f| dir.join(f).is_file())
}

/// Writes `value` as compact JSON (as APIs serve it: indenting made a national export a
/// third larger), ending in a newline.
fn write_json(path: &Path, value: &Value) -> Result<(), String> {
    let file =
        std::fs::File::create(path).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    serde_json::to_writer(&mut w, value)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    w.write_all(b"\n")
        .and_then(|_| w.flush())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Each service is written as soon as it is built and only its list item is kept for
/// `services.json`: holding every fully nested service at once was most of a national-scale
/// build's memory (100,000 services, 3.4 GB peak).
fn write_hsds(
    directory: &Directory,
    history: &History,
    terms: &[Term],
    dir: &Path,
) -> Result<usize, String> {
    let services = dir.join("services");
    std::fs::create_dir_all(&services)
        .map_err(|e| format!("cannot create {}: {e}", services.display()))?;
    let items = build_services(directory, history, |_, s| {
        let id = s["id"].as_str().unwrap_or_default();
        write_json(&services.join(format!("{id}.json")), &s).map(|()| service_list_item(&s))
    })
    .into_iter()
    .collect::<Result<Vec<Value>, String>>()?;
    let n = items.len();
    write_json(&dir.join("services.json"), &page(items, n, 1, n))?;
    let taxonomies: Vec<Value> = Taxonomy::ALL.iter().map(|t| t.to_json()).collect();
    let t = taxonomies.len();
    write_json(&dir.join("taxonomies.json"), &page(taxonomies, t, 1, t))?;
    let terms: Vec<Value> = terms.iter().map(Term::to_json).collect();
    let t = terms.len();
    write_json(&dir.join("taxonomy_terms.json"), &page(terms, t, 1, t))?;
    Ok(n)
}

fn write_ndjson(data: &Dataset, dir: &Path) -> Result<(), String> {
    let path = dir.join("services.ndjson");
    let file = std::fs::File::create(&path)
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    let mut w = std::io::BufWriter::new(file);
    for s in &data.services {
        serde_json::to_writer(&mut w, s)
            .map_err(|e| e.to_string())
            .and_then(|_| w.write_all(b"\n").map_err(|e| e.to_string()))
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    w.flush()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The columns of `service_at_locations.csv`.
pub const CSV_COLUMNS: &[&str] = &[
    "service_id",
    "service_at_location_id",
    "location_id",
    "name",
    "organization",
    "description",
    "status",
    "url",
    "email",
    "phone",
    "needs",
    "activities",
    "audiences",
    "minimum_age",
    "maximum_age",
    "fees",
    "when",
    "attending",
    "location_type",
    "location_name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "accessibility",
    "languages",
    "service_areas",
    "assured_date",
    "last_modified",
];

fn write_csv(data: &Dataset, directory: &Directory, dir: &Path) -> Result<(), String> {
    let path = dir.join("service_at_locations.csv");
    let err = |e: csv::Error| format!("cannot write {}: {e}", path.display());
    let mut w = csv::Writer::from_path(&path).map_err(err)?;
    w.write_record(CSV_COLUMNS).map_err(err)?;
    for (service, &li) in data.services.iter().zip(&data.listing_index) {
        let l = &directory.listings[li];
        let str_of =
            |v: &Value, key: &str| v.get(key).and_then(Value::as_str).unwrap_or("").to_string();
        let labels = |taxonomy: Taxonomy| {
            service["attributes"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|a| a["link_type"] == taxonomy.link_type())
                .map(|a| str_of(&a["taxonomy_term"], "name"))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let join = |key: &str, field: &str| {
            service[key]
                .as_array()
                .into_iter()
                .flatten()
                .map(|x| str_of(x, field))
                .collect::<Vec<_>>()
                .join("; ")
        };
        let common = [
            str_of(service, "id"),
            str_of(service, "name"),
            str_of(&service["organization"], "name"),
            str_of(service, "description"),
            str_of(service, "status"),
            str_of(service, "url"),
            str_of(service, "email"),
            l.contact.phone.clone().unwrap_or_default(),
            labels(Taxonomy::Needs),
            labels(Taxonomy::Activities),
            labels(Taxonomy::Audiences),
            l.min_age.map(|a| a.to_string()).unwrap_or_default(),
            l.max_age.map(|a| a.to_string()).unwrap_or_default(),
            str_of(service, "fees_description"),
            join("schedules", "description"),
            attending_type(l),
        ];
        let tail = [
            join("languages", "name"),
            join("service_areas", "name"),
            str_of(service, "assured_date"),
            str_of(service, "last_modified"),
        ];
        let sals = service["service_at_locations"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if sals.is_empty() {
            // A service with no place (a helpline, an area-wide service) still gets a row.
            let mut row = vec![common[0].clone(), String::new(), String::new()];
            row.extend(common[1..].iter().cloned());
            row.extend(std::iter::repeat_n(String::new(), 7));
            row.extend(tail.iter().cloned());
            w.write_record(&row).map_err(err)?;
            continue;
        }
        for sal in &sals {
            let loc = &sal["location"];
            let addr = &loc["addresses"][0];
            let address = [str_of(addr, "address_1"), str_of(addr, "city")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ");
            let num = |key: &str| loc.get(key).map(|v| v.to_string()).unwrap_or_default();
            let access = loc["accessibility"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| str_of(a, "description"))
                .collect::<Vec<_>>()
                .join("; ");
            let mut row = vec![
                common[0].clone(),
                str_of(sal, "id"),
                str_of(sal, "location_id"),
            ];
            row.extend(common[1..].iter().cloned());
            row.extend([
                str_of(loc, "location_type"),
                str_of(loc, "name"),
                address,
                str_of(addr, "postal_code"),
                num("latitude"),
                num("longitude"),
                access,
            ]);
            row.extend(tail.iter().cloned());
            w.write_record(&row).map_err(err)?;
        }
    }
    w.flush()
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn ids_are_uuid_v5_in_the_signpost_namespace_and_never_change() {
        // Pinned: changing the namespace or the key format would change every published id.
        assert_eq!(
            NAMESPACE,
            Uuid::new_v5(
                &Uuid::NAMESPACE_URL,
                b"https://github.com/signpost-directory/signpost"
            )
        );
        let id = uuid("service", "listings/norbury/youth-loft-homework-club.yaml");
        assert_eq!(
            id,
            uuid("service", "listings/norbury/youth-loft-homework-club.yaml")
        );
        assert_eq!(Uuid::parse_str(&id).unwrap().get_version_num(), 5);
        assert_ne!(
            id,
            uuid("location", "listings/norbury/youth-loft-homework-club.yaml")
        );
        assert_eq!(
            organization_id("Friends of  Thornton Heath Library"),
            organization_id("friends of thornton heath library")
        );
        assert_eq!(
            term_id(Taxonomy::Needs, "bereavement"),
            "418c217b-9df2-59e8-b659-315d818bf76f"
        );
    }

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

    #[test]
    fn sessions_read_naturally() {
        let t = |h, m| Time::new(h, m, 0, 0).unwrap();
        let weekly = Session {
            repeat: Repeat::Weekly(vec![Weekday::Tuesday, Weekday::Thursday]),
            start: Some(t(10, 0)),
            end: Some(t(12, 0)),
        };
        assert_eq!(
            session_text(&weekly),
            "Every Tuesday and Thursday, 10:00 to 12:00"
        );
        let monthly = Session {
            repeat: Repeat::Monthly(-1, vec![Weekday::Friday]),
            start: Some(t(18, 30)),
            end: None,
        };
        assert_eq!(
            session_text(&monthly),
            "The last Friday of the month, from 18:30"
        );
        let once = Session {
            repeat: Repeat::Once(date(2026, 12, 12)),
            start: None,
            end: None,
        };
        assert_eq!(session_text(&once), "Saturday 12 December 2026");
    }

    #[test]
    fn pages_say_where_they_are() {
        let items = vec![Value::from(1), Value::from(2)];
        let p = page(items, 5, 2, 2);
        assert_eq!(p["total_pages"], 3);
        assert_eq!(
            (p["first_page"].as_bool(), p["last_page"].as_bool()),
            (Some(false), Some(false))
        );
        let empty = page(Vec::new(), 0, 1, 50);
        assert_eq!(empty["total_pages"], 1);
        assert_eq!(empty["empty"], true);
        assert_eq!(empty["last_page"], true);
    }
}
