//! From nodes to the listing types ([`Source`] and its parts), with the same field names,
//! required fields and value shapes as the serde derive in [`crate::listing`]. Any value of the
//! wrong kind, unknown or repeated key, or missing required field gives `None`.
//!
//! Not for reading YAML: [`super::read`] gives the nodes.

use std::collections::BTreeMap;

use super::read::Node;
use crate::diagnostics::Pos;
use crate::listing::{Area, Contact, Cost, Session, Source, Src, Text, Translation, Venue, Who};

fn text(node: Node) -> Option<Text> {
    match node {
        Node::Scalar { value, plain, pos } => {
            let null = plain && matches!(&*value, "~" | "null" | "Null" | "NULL");
            (!null).then(|| Src::new(value.into_owned(), pos))
        }
        _ => None,
    }
}

/// A plain scalar's text and position.
fn plain_scalar<'n>(node: &'n Node) -> Option<(&'n str, Pos)> {
    match node {
        Node::Scalar {
            value,
            plain: true,
            pos,
        } => Some((value, *pos)),
        _ => None,
    }
}

fn boolean(node: Node) -> Option<bool> {
    match plain_scalar(&node)?.0 {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

fn integer(node: Node) -> Option<Src<i64>> {
    let (s, pos) = plain_scalar(&node)?;
    let ok =
        s == "0" || (s.len() <= 15 && !s.starts_with('0') && s.bytes().all(|b| b.is_ascii_digit()));
    Some(Src::new(s.parse().ok().filter(|_| ok)?, pos))
}

fn number(node: Node) -> Option<Src<f64>> {
    let (s, pos) = plain_scalar(&node)?;
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let ok = s.len() <= 24
        && !whole.is_empty()
        && (whole == "0" || !whole.starts_with('0'))
        && !fraction.is_empty()
        && whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit());
    Some(Src::new(s.parse().ok().filter(|_| ok)?, pos))
}

/// A plain scalar naming a variant of the enum `T`, by the names its serde derive gives it,
/// so that both readers accept exactly the same words.
fn choice<T: serde::de::DeserializeOwned>(node: Node) -> Option<Src<T>> {
    use serde::de::value::{Error, StrDeserializer};
    let (s, pos) = plain_scalar(&node)?;
    let value = T::deserialize(StrDeserializer::<Error>::new(s)).ok()?;
    Some(Src::new(value, pos))
}

fn texts(node: Node) -> Option<Vec<Text>> {
    match node {
        Node::Seq { items, .. } => items.into_iter().map(text).collect(),
        _ => None,
    }
}

fn texts_at(node: Node) -> Option<Src<Vec<Text>>> {
    match node {
        Node::Seq {
            items,
            pos: Some(pos),
        } => Some(Src::new(
            items.into_iter().map(text).collect::<Option<_>>()?,
            pos,
        )),
        _ => None,
    }
}

fn list<T>(node: Node, item: impl Fn(Node) -> Option<T>) -> Option<Vec<T>> {
    match node {
        Node::Seq { items, .. } => items.into_iter().map(item).collect(),
        _ => None,
    }
}

/// A mapping's entries (each key at most once, all among `fields`) and position.
fn fields<'a>(node: Node<'a>, fields: &[&str]) -> Option<(Vec<(usize, Node<'a>)>, Pos)> {
    let Node::Map { entries, pos } = node else {
        return None;
    };
    let mut seen = 0u64;
    let mut out = Vec::with_capacity(entries.len());
    for (key, value) in entries {
        let i = fields.iter().position(|f| *f == key)?;
        if seen & (1 << i) != 0 {
            return None;
        }
        seen |= 1 << i;
        out.push((i, value));
    }
    Some((out, pos))
}

const SOURCE: &[&str] = &[
    "name",
    "summary",
    "description",
    "organisation",
    "needs",
    "activities",
    "who",
    "languages",
    "cost",
    "joining",
    "booking",
    "venues",
    "online",
    "by_phone",
    "area",
    "when",
    "term_time_only",
    "by_appointment",
    "bank_holidays",
    "contact",
    "maintainers",
    "reviewed",
    "status",
    "notice",
    "example",
    "translations",
];

/// The whole listing from the file's top mapping.
pub(super) fn source(node: Node) -> Option<Source> {
    let (entries, _) = fields(node, SOURCE)?;
    let (mut name, mut summary, mut needs, mut reviewed) = (None, None, None, None);
    let mut s = Source {
        name: Src::new(String::new(), Pos::default()),
        summary: Src::new(String::new(), Pos::default()),
        description: None,
        organisation: None,
        needs: Src::new(Vec::new(), Pos::default()),
        activities: Vec::new(),
        who: None,
        languages: Vec::new(),
        cost: None,
        joining: None,
        booking: None,
        venues: Vec::new(),
        online: false,
        by_phone: false,
        area: None,
        when: Vec::new(),
        term_time_only: false,
        by_appointment: false,
        bank_holidays: None,
        contact: None,
        maintainers: None,
        reviewed: Src::new(String::new(), Pos::default()),
        status: None,
        notice: None,
        example: false,
        translations: BTreeMap::new(),
    };
    for (i, v) in entries {
        match SOURCE[i] {
            "name" => name = Some(text(v)?),
            "summary" => summary = Some(text(v)?),
            "description" => s.description = Some(text(v)?),
            "organisation" => s.organisation = Some(text(v)?),
            "needs" => needs = Some(texts_at(v)?),
            "activities" => s.activities = texts(v)?,
            "who" => s.who = Some(who(v)?),
            "languages" => s.languages = texts(v)?,
            "cost" => s.cost = Some(cost(v)?),
            "joining" => s.joining = Some(choice(v)?),
            "booking" => s.booking = Some(text(v)?),
            "venues" => s.venues = list(v, venue)?,
            "online" => s.online = boolean(v)?,
            "by_phone" => s.by_phone = boolean(v)?,
            "area" => s.area = Some(area(v)?),
            "when" => s.when = list(v, session)?,
            "term_time_only" => s.term_time_only = boolean(v)?,
            "by_appointment" => s.by_appointment = boolean(v)?,
            "bank_holidays" => s.bank_holidays = Some(choice(v)?),
            "contact" => s.contact = Some(contact(v)?),
            "maintainers" => s.maintainers = Some(texts_at(v)?),
            "reviewed" => reviewed = Some(text(v)?),
            "status" => s.status = Some(choice(v)?),
            "notice" => s.notice = Some(text(v)?),
            "example" => s.example = boolean(v)?,
            "translations" => s.translations = translations(v)?,
            _ => unreachable!("every field is handled"),
        }
    }
    s.name = name?;
    s.summary = summary?;
    s.needs = needs?;
    s.reviewed = reviewed?;
    Some(s)
}

fn who(node: Node) -> Option<Who> {
    let mut w = Who {
        min_age: None,
        max_age: None,
        audiences: Vec::new(),
    };
    for (i, v) in fields(node, &["min_age", "max_age", "audiences"])?.0 {
        match i {
            0 => w.min_age = Some(integer(v)?),
            1 => w.max_age = Some(integer(v)?),
            _ => w.audiences = texts(v)?,
        }
    }
    Some(w)
}

fn cost(node: Node) -> Option<Src<Cost>> {
    let names = ["free", "amount", "per", "pay_what_you_can", "concessions"];
    let (entries, pos) = fields(node, &names)?;
    let mut c = Cost::default();
    for (i, v) in entries {
        match i {
            0 => c.free = boolean(v)?,
            1 => c.amount = Some(number(v)?),
            2 => c.per = Some(choice(v)?),
            3 => c.pay_what_you_can = boolean(v)?,
            _ => c.concessions = Some(text(v)?),
        }
    }
    Some(Src::new(c, pos))
}

fn venue(node: Node) -> Option<Src<Venue>> {
    let names = ["name", "address", "postcode", "lat", "lon", "access"];
    let (entries, pos) = fields(node, &names)?;
    let (mut name, mut postcode) = (None, None);
    let (mut address, mut lat, mut lon, mut access) = (Vec::new(), None, None, None);
    for (i, v) in entries {
        match i {
            0 => name = Some(text(v)?),
            1 => address = texts(v)?,
            2 => postcode = Some(text(v)?),
            3 => lat = Some(number(v)?),
            4 => lon = Some(number(v)?),
            _ => access = Some(texts(v)?),
        }
    }
    let venue = Venue {
        name: name?,
        address,
        postcode: postcode?,
        lat,
        lon,
        access,
    };
    Some(Src::new(venue, pos))
}

fn area(node: Node) -> Option<Src<Area>> {
    let (entries, pos) = fields(node, &["borough", "wards"])?;
    let mut a = Area::default();
    for (i, v) in entries {
        match i {
            0 => a.borough = boolean(v)?,
            _ => a.wards = texts(v)?,
        }
    }
    Some(Src::new(a, pos))
}

fn session(node: Node) -> Option<Src<Session>> {
    let names = ["days", "every", "starting", "week", "date", "start", "end"];
    let (entries, pos) = fields(node, &names)?;
    let mut s = Session {
        days: Vec::new(),
        every: None,
        starting: None,
        week: None,
        date: None,
        start: None,
        end: None,
    };
    for (i, v) in entries {
        match i {
            0 => s.days = texts(v)?,
            1 => s.every = Some(integer(v)?),
            2 => s.starting = Some(text(v)?),
            3 => s.week = Some(text(v)?),
            4 => s.date = Some(text(v)?),
            5 => s.start = Some(text(v)?),
            _ => s.end = Some(text(v)?),
        }
    }
    Some(Src::new(s, pos))
}

fn contact(node: Node) -> Option<Contact> {
    let mut c = Contact::default();
    for (i, v) in fields(node, &["email", "phone", "website"])?.0 {
        match i {
            0 => c.email = Some(text(v)?),
            1 => c.phone = Some(text(v)?),
            _ => c.website = Some(text(v)?),
        }
    }
    Some(c)
}

fn translations(node: Node) -> Option<BTreeMap<String, Src<Translation>>> {
    let Node::Map { entries, .. } = node else {
        return None;
    };
    let mut out = BTreeMap::new();
    for (key, value) in entries {
        if matches!(key, "null" | "Null" | "NULL") {
            return None;
        }
        let (entries, pos) = fields(value, &["name", "summary", "description"])?;
        let mut t = Translation {
            name: None,
            summary: None,
            description: None,
        };
        for (i, v) in entries {
            match i {
                0 => t.name = Some(text(v)?),
                1 => t.summary = Some(text(v)?),
                _ => t.description = Some(text(v)?),
            }
        }
        if out.insert(key.to_string(), Src::new(t, pos)).is_some() {
            return None;
        }
    }
    Some(out)
}
