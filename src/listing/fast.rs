//! The fast path for reading listing files: the plain subset of YAML that listings are written
//! in (block mappings and sequences indented with spaces, one-line `[a, b]` lists, plain and
//! quoted one-line scalars, `|` text blocks, comments), read straight into a [`Source`].
//!
//! It is an optimisation, not a second YAML parser to trust: [`parse`] answers `None` for
//! anything it is not sure about — any YAML outside the subset (anchors, tags, flow mappings,
//! folded or chomped blocks, multi-line plain or quoted scalars, tabs, control characters,
//! documents markers...) and any file that would not deserialize (an unknown, repeated or
//! missing field, a value of the wrong kind, a null) — and [`super::parse`] then hands the text
//! to serde-saphyr, which reads it and words every diagnostic. When it answers `Some`, the
//! `Source` is the one serde-saphyr gives, positions included: in debug builds (so in every
//! test) [`super::parse`] reads each file both ways and panics if they differ.
//!
//! Positions follow serde-saphyr's: a scalar points at its first character (the quote of a
//! quoted one) with its length in bytes as written; a `[...]` list at its `[` (length 1); an
//! indented block list at its first `-` (length 0); a mapping at its first key (length 0); a
//! `|` block at its first non-empty line, its length running to the first character of what
//! follows it. Columns count characters.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::{Area, Contact, Cost, Session, Source, Src, Text, Translation, Venue, Who};
use crate::diagnostics::Pos;

/// Files with more scalars than this are left to serde-saphyr and its budgets.
const MAX_SCALARS: usize = 2_000;

/// Reads `text` if it is in the subset and is a valid listing; `None` otherwise.
pub(super) fn parse(text: &str) -> Option<Source> {
    if !text.chars().all(allowed) {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    let mut start = 0;
    for piece in text.split('\n') {
        let indent = piece.len() - piece.trim_start_matches(' ').len();
        let rest = &piece[indent..];
        let kind = if rest.is_empty() {
            if piece.is_empty() {
                Kind::Empty
            } else {
                Kind::Spaces
            }
        } else if rest.starts_with('#') {
            Kind::Comment
        } else {
            Kind::Content
        };
        lines.push(Line {
            text: piece,
            start,
            indent,
            kind,
        });
        start += piece.len() + 1;
    }
    if text.ends_with('\n') {
        lines.pop(); // the empty piece after the last line break
    }
    let mut p = Parser {
        text,
        lines,
        next: 0,
        scalars: 0,
    };
    let first = p.peek()?;
    if p.lines[first].indent != 0 {
        return None;
    }
    let root = p.map(0, None)?;
    if p.peek().is_some() {
        return None;
    }
    source(root)
}

/// Characters the subset allows: printable ASCII, line feeds, and printable non-ASCII other
/// than the ones YAML or its parsers treat specially (NEL, the Unicode line and paragraph
/// separators, the byte order mark, no-break space, non-characters).
fn allowed(c: char) -> bool {
    matches!(c, ' '..='~' | '\n')
        || (c >= '\u{a1}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Nothing at all.
    Empty,
    /// Spaces only.
    Spaces,
    /// A comment (after optional spaces).
    Comment,
    Content,
}

struct Line<'a> {
    text: &'a str,
    /// Byte offset of the line in the file.
    start: usize,
    /// Leading spaces.
    indent: usize,
    kind: Kind,
}

/// A YAML node of the subset.
enum Node<'a> {
    Scalar {
        value: Cow<'a, str>,
        /// Plain (unquoted, not a block): the only style where `null` means null.
        plain: bool,
        pos: Pos,
    },
    /// `pos` is `None` for a block list not indented under its key, whose position
    /// serde-saphyr reports differently: such a list cannot be a `Src<Vec<_>>` here.
    Seq {
        items: Vec<Node<'a>>,
        pos: Option<Pos>,
    },
    Map {
        entries: Vec<(&'a str, Node<'a>)>,
        pos: Pos,
    },
}

struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    /// The next line to read.
    next: usize,
    scalars: usize,
}

/// The column (1-based, in characters) of byte `at` of `line`.
fn column(line: &str, at: usize) -> usize {
    let before = &line[..at];
    if before.is_ascii() {
        at + 1
    } else {
        before.chars().count() + 1
    }
}

/// The length of a mapping key (`[A-Za-z0-9_-]+` followed by `:` and a space or the end of
/// the line) at the start of `s`, if there is one.
fn key_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphanumeric() && b[0] != b'_' {
        return None;
    }
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))?;
    (b[n] == b':' && matches!(b.get(n + 1), None | Some(b' '))).then_some(n)
}

/// True when what follows a value on its line is nothing, or spaces and a comment.
fn rest_ok(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// `- ` or a lone `-` at the indentation of `line`.
fn is_item(line: &Line) -> bool {
    let rest = &line.text[line.indent..];
    rest == "-" || rest.starts_with("- ")
}

impl<'a> Parser<'a> {
    /// The next line with content (skipping empty and comment lines), made the next to read.
    fn peek(&mut self) -> Option<usize> {
        while let Some(line) = self.lines.get(self.next) {
            if line.kind == Kind::Content {
                return Some(self.next);
            }
            self.next += 1;
        }
        None
    }

    fn scalar(&mut self, value: Cow<'a, str>, plain: bool, pos: Pos) -> Option<Node<'a>> {
        self.scalars += 1;
        (self.scalars <= MAX_SCALARS).then_some(Node::Scalar { value, plain, pos })
    }

    /// A block mapping whose keys are at column `indent` (0-based). `first`: the line and
    /// byte offset of a first key already found (after the `- ` of a list item).
    fn map(&mut self, indent: usize, first: Option<(usize, usize)>) -> Option<Node<'a>> {
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut pos = None;
        if let Some((li, at)) = first {
            self.next = li + 1;
            let (key, at, value) = self.entry(li, at, indent)?;
            pos = Some(at);
            entries.push((key, value));
        }
        while let Some(li) = self.peek() {
            let line = &self.lines[li];
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.next = li + 1;
            let (key, at, value) = self.entry(li, indent, indent)?;
            pos.get_or_insert(at);
            entries.push((key, value));
        }
        Some(Node::Map { entries, pos: pos? })
    }

    /// One `key: value` whose key starts at byte `at` of line `li`, in a mapping at column
    /// `indent`. The line is already consumed.
    fn entry(&mut self, li: usize, at: usize, indent: usize) -> Option<(&'a str, Pos, Node<'a>)> {
        let text = self.lines[li].text;
        let len = key_len(&text[at..])?;
        let key = &text[at..at + len];
        let key_pos = Pos::new(li + 1, column(text, at));
        let after = at + len + 1;
        let value_at = after + (text.len() - after - text[after..].trim_start_matches(' ').len());
        let rest = &text[value_at..];
        let value = if rest.is_empty() || rest.starts_with('#') {
            // The value is on the following lines.
            let next = self
                .peek()
                .map(|n| (self.lines[n].indent, is_item(&self.lines[n])));
            match next {
                Some((child, true)) if child > indent => self.seq(child, true)?,
                Some((child, false)) if child > indent => self.map(child, None)?,
                Some((child, true)) if child == indent => self.seq(indent, false)?,
                _ => return None, // null
            }
        } else {
            let value = self.inline(li, value_at, indent, true)?;
            // Nothing may continue the value on a more indented line.
            if let Some(n) = self.peek()
                && self.lines[n].indent > indent
            {
                return None;
            }
            value
        };
        Some((key, key_pos, value))
    }

    /// A block list whose `-` are at column `indent`. `indented`: deeper than its key (else
    /// at the key's own column).
    fn seq(&mut self, indent: usize, indented: bool) -> Option<Node<'a>> {
        let mut items = Vec::new();
        let mut pos = None;
        while let Some(li) = self.peek() {
            let line = &self.lines[li];
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !is_item(line) {
                if indented {
                    return None;
                }
                break; // the next key of the mapping that holds this list
            }
            let text = line.text;
            pos.get_or_insert(Pos::new(li + 1, indent + 1));
            self.next = li + 1;
            let at = text.len() - text[indent + 1..].trim_start_matches(' ').len();
            let rest = &text[at..];
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with("- ") || rest == "-" {
                return None;
            }
            let item = if key_len(rest).is_some() {
                self.map(at, Some((li, at)))?
            } else {
                let item = self.inline(li, at, indent, false)?;
                if let Some(n) = self.peek()
                    && self.lines[n].indent > indent
                {
                    return None;
                }
                item
            };
            items.push(item);
        }
        Some(Node::Seq {
            items,
            pos: pos.filter(|_| indented),
        })
    }

    /// A value that starts at byte `at` of line `li` (already consumed): a one-line scalar or
    /// `[...]` list, or (when `block` allows) a `|` block on the following lines, more
    /// indented than `indent`.
    fn inline(&mut self, li: usize, at: usize, indent: usize, block: bool) -> Option<Node<'a>> {
        let text = self.lines[li].text;
        let rest = &text[at..];
        let line = li + 1;
        match rest.as_bytes()[0] {
            b'[' => {
                let (node, end) = self.flow_seq(text, at, line)?;
                rest_ok(&text[end..]).then_some(node)
            }
            b'"' | b'\'' => {
                let (value, end) = quoted(text, at)?;
                let pos = Pos {
                    line,
                    column: column(text, at),
                    len: end - at,
                };
                if !rest_ok(&text[end..]) {
                    return None;
                }
                self.scalar(value, false, pos)
            }
            b'|' if block && rest_ok(&rest[1..]) => self.literal(indent),
            b'-' if rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) => {
                self.plain(text, at, line)
            }
            b'-' | b'{' | b'}' | b']' | b',' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'|'
            | b'>' | b'?' | b':' | b'#' => None,
            _ => self.plain(text, at, line),
        }
    }

    /// A plain scalar from byte `at` to the end of the line or a comment.
    fn plain(&mut self, text: &'a str, at: usize, line: usize) -> Option<Node<'a>> {
        let rest = &text[at..];
        let end = rest.find(" #").unwrap_or(rest.len());
        let value = rest[..end].trim_end_matches(' ');
        if value.contains(": ") || value.ends_with(':') {
            return None;
        }
        let pos = Pos {
            line,
            column: column(text, at),
            len: value.len(),
        };
        self.scalar(Cow::Borrowed(value), true, pos)
    }

    /// A one-line `[a, "b", 'c']` list whose `[` is at byte `at`; the list and the byte after
    /// its `]`.
    fn flow_seq(&mut self, text: &'a str, at: usize, line: usize) -> Option<(Node<'a>, usize)> {
        let b = text.as_bytes();
        let skip = |mut i: usize| {
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            i
        };
        let mut items = Vec::new();
        let mut i = skip(at + 1);
        if b.get(i) == Some(&b']') {
            i += 1;
        } else {
            loop {
                let start = i;
                let (value, plain, end) = match *b.get(i)? {
                    b'"' | b'\'' => {
                        let (value, end) = quoted(text, i)?;
                        (value, false, end)
                    }
                    b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*'
                    | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
                    _ => {
                        let len = text[i..].find([',', ']']).unwrap_or(text.len() - i);
                        let value = text[i..i + len].trim_end_matches(' ');
                        if value.contains(['#', ':', '[', '{', '}']) {
                            return None;
                        }
                        (Cow::Borrowed(value), true, i + value.len())
                    }
                };
                let pos = Pos {
                    line,
                    column: column(text, start),
                    len: end - start,
                };
                items.push(self.scalar(value, plain, pos)?);
                i = skip(end);
                match b.get(i)? {
                    b',' => i = skip(i + 1),
                    b']' => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
                if b.get(i) == Some(&b']') {
                    return None; // a trailing comma
                }
            }
        }
        let pos = Pos {
            line,
            column: column(text, at),
            len: 1,
        };
        Some((
            Node::Seq {
                items,
                pos: Some(pos),
            },
            i,
        ))
    }

    /// A `|` block (literal, one final line break kept) on the lines after the current one,
    /// more indented than `indent`.
    fn literal(&mut self, indent: usize) -> Option<Node<'a>> {
        let lines = &self.lines;
        let mut k = self.next;
        let mut leading = 0;
        while k < lines.len() && lines[k].kind == Kind::Empty {
            leading += 1;
            k += 1;
        }
        let first = k;
        let content = lines.get(first)?.indent;
        if content <= indent || lines[first].kind == Kind::Spaces {
            return None;
        }
        let mut last = first;
        while let Some(line) = lines.get(k) {
            match line.kind {
                Kind::Empty => {}
                Kind::Spaces => return None,
                _ if line.indent >= content => last = k,
                _ => break,
            }
            k += 1;
        }
        if let Some(after) = lines.get(k)
            && (after.indent > indent || after.kind == Kind::Comment)
        {
            return None;
        }
        let mut value = "\n".repeat(leading);
        for line in &lines[first..=last] {
            if line.kind != Kind::Empty {
                value.push_str(&line.text[content..]);
            }
            value.push('\n');
        }
        let from = lines[first].start + content;
        // serde-saphyr's span runs to where the next token starts.
        let to = lines.get(k).map_or(self.text.len(), |l| l.start + l.indent);
        let pos = Pos {
            line: first + 1,
            column: content + 1,
            len: to - from,
        };
        self.next = k;
        self.scalar(Cow::Owned(value), false, pos)
    }
}

/// A one-line quoted scalar whose quote is at byte `at`: its value and the byte after the
/// closing quote. Double-quoted scalars with escapes are left to serde-saphyr.
fn quoted(text: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let quote = text.as_bytes()[at];
    let body = &text[at + 1..];
    if quote == b'"' {
        let end = body.find(['"', '\\'])?;
        (body.as_bytes()[end] == b'"').then(|| (Cow::Borrowed(&body[..end]), at + end + 2))
    } else {
        let mut value = String::new();
        let mut i = 0;
        loop {
            let end = i + body[i..].find('\'')?;
            value.push_str(&body[i..end]);
            if body.as_bytes().get(end + 1) == Some(&b'\'') {
                value.push('\'');
                i = end + 2;
            } else {
                let value = if value.len() == end {
                    Cow::Borrowed(&body[..end])
                } else {
                    Cow::Owned(value)
                };
                return Some((value, at + end + 2));
            }
        }
    }
}

// From nodes to the listing types. Any value of the wrong kind, unknown or repeated key, or
// missing required field gives `None`.

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
    "contact",
    "maintainers",
    "reviewed",
    "status",
    "notice",
    "example",
    "translations",
];

fn source(node: Node) -> Option<Source> {
    let (entries, _) = fields(node, SOURCE)?;
    let (mut name, mut summary, mut needs, mut maintainers, mut reviewed) =
        (None, None, None, None, None);
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
        contact: None,
        maintainers: Src::new(Vec::new(), Pos::default()),
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
            "contact" => s.contact = Some(contact(v)?),
            "maintainers" => maintainers = Some(texts_at(v)?),
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
    s.maintainers = maintainers?;
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
    let names = ["days", "week", "date", "start", "end"];
    let (entries, pos) = fields(node, &names)?;
    let mut s = Session {
        days: Vec::new(),
        week: None,
        date: None,
        start: None,
        end: None,
    };
    for (i, v) in entries {
        match i {
            0 => s.days = texts(v)?,
            1 => s.week = Some(text(v)?),
            2 => s.date = Some(text(v)?),
            3 => s.start = Some(text(v)?),
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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn slow(text: &str) -> Option<Source> {
        serde_saphyr::from_str_with_options(text, super::super::options()).ok()
    }

    /// Reads `text` both ways; true when the fast path took it (and then read it the same).
    fn same(text: &str) -> bool {
        match parse(text) {
            Some(fast) => {
                assert_eq!(Some(fast), slow(text), "the fast path misread {text:?}");
                true
            }
            None => false,
        }
    }

    /// Every construct the fast path reads, in one listing.
    const FULL: &str = r#"# yaml-language-server: $schema=../../schema/listing.schema.json
name: "Friendly Drop-in"
summary: A welcoming hub, with tea [and cake] for all.   # a comment
description: |
  Come along.

  - tea and coffee
    # not a comment
  - **no need to book**: just come


organisation: 'It''s ours: Café Été 😀'
needs: [substance-use, "homelessness" ,'carers']
activities:
  - chair-based-exercise
  - "walking"
languages: []
who:
  min_age: 0
  max_age: 99
  audiences: [carers]
cost:
  free: false
  amount: 3.50
  per: session
  pay_what_you_can: true
  concessions: "£1 for under-16s"
joining: self
booking: https://example.org/book?x=1#top
venues:
  - name: "Community Hall"
    address: ["Friendly Road", Élan, x]
    postcode: L14 0AJ
    lat: 51.5
    lon: -0.1
    access: [step-free, accessible-toilet]
  -   name: Church
      postcode: CR0 1AA
      access:
      - hearing-loop
when:
  - days: [saturday, sunday]
    start: "10:00"
    end: 11:30
  - week: first
    days:
      - monday
    start: 9:00
  - date: 2026-12-01
online: true
by_phone: false
area:
  borough: true
  wards:
    - Norbury
term_time_only: false
by_appointment: true
contact:
  email: hello@example.org
  phone: 020 7946 0209
  website: https://example.org/x
maintainers:
  - volunteer-2209
  - jo
reviewed: 2026-10-16
status: paused
notice: |
    Closed for the summer.
example: true
translations:
  fr:
    name: Café Été
    description: |
      Venez !
  no:
    summary: x
  pt-BR:
    summary: 'y'
"#;

    #[test]
    fn listings_as_people_write_them_are_read_the_same_as_serde_saphyr() {
        assert!(same(FULL));
        let minimal = "name: Knit\nsummary: A knitting group\nneeds: [loneliness-and-isolation]\nmaintainers: [jo]\nreviewed: 2026-10-01\nonline: true";
        assert!(same(minimal), "no line break at the end");
        assert!(same(&format!("{minimal}\n\n# the end\n")));
        assert!(same(&format!("{minimal}\ndescription: |\n  a\n\n  b")));
        assert!(same(&format!("{minimal}\ndescription: |\n\n  a\n\n")));
        assert!(same(&format!(
            "{minimal}\ncost:\n  amount: 3\n  per: week\n"
        )));
        assert!(same(&format!(
            "{minimal}\nvenues:\n- name: x\n  postcode: CR0 1AA\n"
        )));
    }

    #[test]
    fn the_bundled_and_fixture_listings_take_the_fast_path() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = crate::listing::find(repo, &repo.join("listings"));
        files.extend(crate::listing::find(
            repo,
            &repo.join("tests/fixtures/valid"),
        ));
        files.extend(crate::listing::find(
            repo,
            &repo.join("tests/fixtures/warnings"),
        ));
        assert!(files.len() > 100);
        for file in files {
            let text = std::fs::read_to_string(repo.join(&file)).unwrap();
            assert!(same(&text), "{} is left to serde-saphyr", file.display());
        }
    }

    #[test]
    fn synthetic_listings_take_the_fast_path() {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let districts = crate::synth::read_districts(&repo.join(crate::synth::DISTRICTS)).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("synth");
        let today = "2026-11-22".parse().unwrap();
        crate::synth::generate(&districts, 300, 10, &out, 7, today).unwrap();
        for file in crate::listing::find(&out, &out.join("listings")) {
            let text = std::fs::read_to_string(out.join(&file)).unwrap();
            assert!(same(&text), "{} is left to serde-saphyr", file.display());
        }
    }

    #[test]
    fn what_the_subset_leaves_out_goes_to_serde_saphyr() {
        let base = "name: Knit\nsummary: A knitting group\nneeds: [loneliness-and-isolation]\nmaintainers: [jo]\nreviewed: 2026-10-01\nonline: true\n";
        for extra in [
            "notice: \"a \\\" b\"\n",          // escapes
            "notice: >\n  folded\n",           // folded block
            "notice: |-\n  chomped\n",         // chomping indicator
            "notice: a\n  continued\n",        // multi-line plain
            "notice: \"a\n  b\"\n",            // multi-line quoted
            "notice: &a x\n",                  // anchor
            "notice: !!str x\n",               // tag
            "cost: {free: true}\n",            // flow mapping
            "notice:\n",                       // null
            "notice: ~\n",                     // null
            "notice: a: b\n",                  // not a scalar
            "example: yes\n",                  // not a boolean
            "example: True\n",                 // a boolean serde-saphyr reads, not the fast path
            "who:\n  min_age: 018\n",          // leading zero
            "who:\n  min_age: \"18\"\n",       // quoted number
            "cost:\n  amount: .5\n",           // unusual number
            "cost:\n  per: fortnight\n",       // unknown variant
            "organisation: a\torganisation\n", // tab
            "sumary: typo\n",                  // unknown field
            "name: Again\n",                   // duplicate
            "needs:\n- a\n",                   // duplicate, compact list
            "activities: [a,\n  b]\n",         // multi-line flow
            "activities: [a, ]\n",             // trailing comma
            "activities: [a: b]\n",            // flow mapping in a list
            "notice: |\n  a\n# comment\n",     // a comment right after a block
            "notice: |\n  a\n  \n",            // spaces-only line in a block
            "---\n",
            "...\n",
        ] {
            let text = format!("{base}{extra}");
            assert_eq!(parse(&text), None, "{text:?}");
        }
        assert_eq!(parse("\u{feff}name: x\n"), None);
        assert_eq!(parse("name: x\r\nsummary: y\r\n"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("# only a comment\n"), None);
    }

    /// Every line of a listing, mangled in many ways: the fast path either declines or reads
    /// exactly what serde-saphyr reads.
    #[test]
    fn mangled_listings_are_declined_or_read_the_same() {
        const SPLICES: &[&str] = &[
            " ", "  ", "#", " #", " # x", ":", ": ", "- ", "-", "[", "]", ",", "\"", "'", "''",
            "|", ">", "&a ", "*a", "!", "%", "@", "`", "{", "}", "?", "~", "null", "true", "0",
            "-1", "1.5", "é", "😀", "\u{202e}", "\u{a0}", "\\", "\n", "\n  ", "\n#", "\n\n",
        ];
        let lines: Vec<&str> = FULL.lines().collect();
        let mut taken = 0;
        for i in 0..lines.len() {
            let line = lines[i];
            let indent = line.len() - line.trim_start().len();
            let colon = line.find(": ").map_or(line.len(), |c| c + 2);
            for at in [0, indent, colon, line.len()] {
                for splice in SPLICES {
                    let mut changed: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                    changed[i] = format!("{}{splice}{}", &line[..at], &line[at..]);
                    taken += usize::from(same(&(changed.join("\n") + "\n")));
                }
            }
            // The line deleted, doubled, and indented one space more or less.
            let mut changed: Vec<&str> = lines.clone();
            changed.remove(i);
            same(&(changed.join("\n") + "\n"));
            changed.insert(i, line);
            changed.insert(i, line);
            same(&(changed.join("\n") + "\n"));
            let more = format!(" {line}");
            let less = line.strip_prefix(' ').unwrap_or(line);
            for l in [more.as_str(), less] {
                let mut changed = lines.clone();
                changed[i] = l;
                same(&(changed.join("\n") + "\n"));
            }
        }
        assert!(taken > 500, "the fast path took only {taken} variants");
    }
}
