//! Loading listing files: `listings/**/*.yaml` → [`Source`] values that keep every field's
//! position in the file.
//!
//! This module reads and parses; it does not judge. The types here say what a listing file may
//! contain (unknown fields, wrong types, duplicate keys, YAML tags and YAML bombs are refused
//! here, with the exact line), but whether a postcode exists or a need is in the vocabulary is
//! decided by `validate`. Most leaf values are kept as text with their position, so that one
//! bad value does not hide the problems in the rest of the file.
//!
//! The format is documented for volunteers in `schema/FORMAT.md`; `schema/listing.schema.json`
//! is generated from these types (`signpost schema`), so editors can autocomplete listings.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use crate::diagnostics::{Code, Diagnostic, Pos};
use crate::model::{BankHolidays, Joining, Per, Status};
use crate::text::closest;

mod fast;
mod files;

pub use files::{Found, read_shown, scan};

/// E028 when `display` (relative to `root`) goes through a symbolic link or names something
/// that is not a plain file: checked before a listing is read, and before a tool writes one
/// (so nothing is written through a link, out of the repository).
pub fn check_path(root: &Path, display: &Path) -> Result<(), Diagnostic> {
    files::check_plain(root, display)
}

/// Longest name, in characters.
pub const MAX_NAME: usize = 80;
/// Longest summary, in characters.
pub const MAX_SUMMARY: usize = 160;

/// The most weeks a session's `every` may give: a group that meets less often than this is
/// better described as monthly or by its dates.
pub const MAX_EVERY_WEEKS: i64 = 12;

/// Listing files larger than this are refused before parsing (E018).
pub const MAX_FILE_BYTES: u64 = 64 * 1024;

/// The fields every listing must have.
const TOP_LEVEL_REQUIRED: &[&str] = &["name", "summary", "needs", "reviewed"];

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Src<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Src<T> {
    pub fn new(value: T, pos: Pos) -> Src<T> {
        Src { value, pos }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Src<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        Ok(Src {
            value: spanned.value,
            pos: pos_of(&spanned.referenced),
        })
    }
}

impl<T: JsonSchema> JsonSchema for Src<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

fn pos_of(location: &serde_saphyr::Location) -> Pos {
    Pos {
        line: location.line() as usize,
        column: location.column() as usize,
        len: location.span().byte_len().unwrap_or(0) as usize,
    }
}

/// Text with its position.
pub type Text = Src<String>;

/// A listing exactly as written in its file (see `schema/FORMAT.md`).
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(
    title = "Signpost listing",
    description = "One community group or service. See schema/FORMAT.md."
)]
pub struct Source {
    /// The group's name, at most 80 characters.
    pub name: Text,
    /// One line shown in lists, at most 160 characters.
    pub summary: Text,
    /// As long as you like; Markdown.
    #[serde(default)]
    pub description: Option<Text>,
    /// Who runs it.
    #[serde(default)]
    pub organisation: Option<Text>,
    /// What it helps with: ids from schema/needs.yaml.
    pub needs: Src<Vec<Text>>,
    /// What happens: ids from schema/activities.yaml.
    #[serde(default)]
    pub activities: Vec<Text>,
    /// Who it is for.
    #[serde(default)]
    pub who: Option<Who>,
    /// Languages spoken, as ISO 639-1 codes such as `en`, `so`, `ar`.
    #[serde(default)]
    pub languages: Vec<Text>,
    /// What it costs.
    #[serde(default)]
    pub cost: Option<Src<Cost>>,
    /// How to join: `self`, `professional` (a referral is needed) or `either`.
    #[serde(default)]
    pub joining: Option<Src<Joining>>,
    /// A web link to book.
    #[serde(default)]
    pub booking: Option<Text>,
    /// The places it meets.
    #[serde(default)]
    pub venues: Vec<Src<Venue>>,
    /// Take part online.
    #[serde(default)]
    pub online: bool,
    /// A phone service (helpline, telephone befriending).
    #[serde(default)]
    pub by_phone: bool,
    /// An area it serves without a venue to go to.
    #[serde(default)]
    pub area: Option<Src<Area>>,
    /// The sessions.
    #[serde(default)]
    pub when: Vec<Src<Session>>,
    /// Stops in school holidays.
    #[serde(default)]
    pub term_time_only: bool,
    /// People book a time.
    #[serde(default)]
    pub by_appointment: bool,
    /// `closed` (the default: no sessions on bank holidays) or `open`.
    #[serde(default)]
    pub bank_holidays: Option<Src<BankHolidays>>,
    /// How to get in touch.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// GitHub user names of the people who may change this listing. Required unless the
    /// directory names a team that looks after listings without one (`[support] maintainers`).
    #[serde(default)]
    pub maintainers: Option<Src<Vec<Text>>>,
    /// The date the group last checked this listing is right (YYYY-MM-DD).
    pub reviewed: Text,
    /// `active` (the default), `paused` or `closed`.
    #[serde(default)]
    pub status: Option<Src<Status>>,
    /// A notice shown on the page; required when paused.
    #[serde(default)]
    pub notice: Option<Text>,
    /// A made-up example listing.
    #[serde(default)]
    pub example: bool,
    /// Translations of the name, summary and description, by language code.
    #[serde(default)]
    pub translations: BTreeMap<String, Src<Translation>>,
}

/// Who a group is for.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Who {
    /// Youngest age in years.
    #[serde(default)]
    pub min_age: Option<Src<i64>>,
    /// Oldest age in years.
    #[serde(default)]
    pub max_age: Option<Src<i64>>,
    /// Who it is especially for; leave out for everyone.
    #[serde(default)]
    pub audiences: Vec<Text>,
}

/// What a group costs.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    /// It costs nothing.
    #[serde(default)]
    pub free: bool,
    /// A price in pounds.
    #[serde(default)]
    pub amount: Option<Src<f64>>,
    /// What the amount is for.
    #[serde(default)]
    pub per: Option<Src<Per>>,
    /// People pay what they can.
    #[serde(default)]
    pub pay_what_you_can: bool,
    /// Discounts, in words.
    #[serde(default)]
    pub concessions: Option<Text>,
}

/// A place a group meets.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Venue {
    /// The venue's name.
    pub name: Text,
    /// Address lines, without the postcode.
    #[serde(default)]
    pub address: Vec<Text>,
    /// A UK postcode.
    pub postcode: Text,
    /// Latitude, when the postcode's centre is not close enough.
    #[serde(default)]
    pub lat: Option<Src<f64>>,
    /// Longitude, when the postcode's centre is not close enough.
    #[serde(default)]
    pub lon: Option<Src<f64>>,
    /// Accessibility features.
    #[serde(default)]
    pub access: Option<Vec<Text>>,
}

/// An area a group serves.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Area {
    /// Serves the whole borough.
    #[serde(default)]
    pub borough: bool,
    /// Serves these wards, by name.
    #[serde(default)]
    pub wards: Vec<Text>,
}

/// One kind of session: weekly on some days, every few weeks (with `every` and `starting`),
/// monthly (with `week`), or once (with `date`).
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// Days of the week, such as `[monday, thursday]`.
    #[serde(default)]
    pub days: Vec<Text>,
    /// For sessions every few weeks: the number of weeks from one to the next (2 for every
    /// other week, fortnightly), with `starting`.
    #[serde(default)]
    pub every: Option<Src<i64>>,
    /// With `every`: the date of one session (YYYY-MM-DD), the first or any since, which
    /// tells the weeks it meets; none is shown before it.
    #[serde(default)]
    pub starting: Option<Text>,
    /// For monthly sessions: `first`, `second`, `third`, `fourth` or `last`.
    #[serde(default)]
    pub week: Option<Text>,
    /// A one-off date, YYYY-MM-DD.
    #[serde(default)]
    pub date: Option<Text>,
    /// Start time, "HH:MM".
    #[serde(default)]
    pub start: Option<Text>,
    /// End time, "HH:MM".
    #[serde(default)]
    pub end: Option<Text>,
}

/// How to get in touch.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default)]
    pub email: Option<Text>,
    #[serde(default)]
    pub phone: Option<Text>,
    #[serde(default)]
    pub website: Option<Text>,
}

/// A listing's own text in another language.
#[derive(Clone, Debug, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    #[serde(default)]
    pub name: Option<Text>,
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub description: Option<Text>,
}

/// A listing file that parsed: its id, path (relative to the directory root), text and content.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub id: String,
    pub path: PathBuf,
    pub source: Source,
}

/// The listing files under `dir`, sorted, as paths relative to `root` when possible: the
/// files of [`scan`], without its problems (for commands that only read listings).
pub fn find(root: &Path, dir: &Path) -> Vec<PathBuf> {
    scan(root, dir).files
}

/// The listing id for a file: its name without the extension.
pub fn id_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads and parses one listing file. `display` is the path shown in diagnostics. A symbolic
/// link, or a file that is not a plain one, is refused before it is opened (E028).
pub fn load(root: &Path, display: &Path) -> Result<Loaded, Diagnostic> {
    let full = root.join(display);
    let file_error = |code, msg: String| Diagnostic::new(code, display, Pos::new(1, 1), msg);
    // Never open a link (it could lead out of the repository) or a FIFO (it would wait).
    check_path(root, display)?;
    // One open and one read: at most one byte more than the limit, to tell "too large".
    let mut bytes = Vec::with_capacity(4096);
    std::fs::File::open(&full)
        .and_then(|f| {
            std::io::Read::read_to_end(&mut std::io::Read::take(f, MAX_FILE_BYTES + 1), &mut bytes)
        })
        .map_err(|e| file_error(Code::Unreadable, format!("cannot read this file: {e}")))?;
    check_size(display, bytes.len())?;
    let text = String::from_utf8(bytes).map_err(|_| {
        file_error(Code::Unreadable, "this file is not UTF-8 text".into()).help(
            "save the file as UTF-8 (most editors have this under \"Save as\" or \"Encoding\")",
        )
    })?;
    parse(display, &text)
}

/// E018 when a listing of `bytes` bytes is over [`MAX_FILE_BYTES`]: for files read from disk,
/// and for text a tool is about to write (so nothing written is refused for its size).
pub fn check_size(display: &Path, bytes: usize) -> Result<(), Diagnostic> {
    if bytes as u64 <= MAX_FILE_BYTES {
        return Ok(());
    }
    let kb = MAX_FILE_BYTES / 1024;
    Err(Diagnostic::new(
        Code::FileTooLarge,
        display,
        Pos::new(1, 1),
        format!("this file is over {kb} KB; a listing may be at most {kb} KB"),
    )
    .help("a listing describes one group: move long text to the group's own website"))
}

/// Parses listing text. Public so tests and `intake` can parse text that is not on disk.
///
/// Most listings are read by the fast path (`fast`); anything it is not sure about, and
/// every file with a problem, is read by serde-saphyr, which words the diagnostics. Debug
/// builds read every file the fast path accepts with serde-saphyr too, and panic if the two
/// disagree, so every test that parses a listing also checks the fast path.
pub fn parse(display: &Path, text: &str) -> Result<Loaded, Diagnostic> {
    let source = match fast::parse(text) {
        Some(source) => {
            #[cfg(debug_assertions)]
            {
                let slow: Result<Source, _> = serde_saphyr::from_str_with_options(text, options());
                match slow {
                    Ok(slow) => assert_eq!(source, slow, "the fast path misread {text:?}"),
                    Err(e) => panic!("the fast path accepted {text:?}, which is wrong: {e}"),
                }
            }
            source
        }
        None => {
            if let Some(d) = tag_diagnostic(display, text) {
                return Err(d);
            }
            serde_saphyr::from_str_with_options(text, options())
                .map_err(|e| yaml_diagnostic(display, text, &e))?
        }
    };
    Ok(Loaded {
        id: id_of(display),
        path: display.to_path_buf(),
        source,
    })
}

/// E027 at the first YAML tag in `text` (`!!binary`, `!!str`, `!python/object:…`, any `!…`,
/// on a value or a key), if there is one. A listing is read exactly as written: `!!binary`
/// would publish text nobody can read in the file, and other tags ask a program to build
/// something. Only the slow path needs this: the fast path never reads a tag (see `fast`).
/// Text the YAML parser cannot read is left to serde-saphyr, which words that problem.
fn tag_diagnostic(display: &Path, text: &str) -> Option<Diagnostic> {
    use serde_saphyr::granit_parser::{Event, Parser};
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let (Event::Scalar(_, _, _, Some(tag))
        | Event::SequenceStart(_, _, Some(tag))
        | Event::MappingStart(_, _, Some(tag))) = event
        else {
            continue;
        };
        let written = tag.original();
        let at = span.tag_start.unwrap_or(span.start);
        let pos = Pos {
            line: at.line(),
            column: at.col() + 1,
            len: written.len(),
        };
        let help = if written == "!!binary" {
            "write the text itself instead of encoding it: everyone reviewing a listing must be \
             able to read it"
                .to_string()
        } else {
            format!(
                "delete `{written}`; if a value must stay words (like `no` or `10:00`), put it in quotes"
            )
        };
        return Some(
            Diagnostic::new(
                Code::YamlTag,
                display,
                pos,
                format!("`{written}` is a YAML tag: listings are plain text, read as written"),
            )
            .help(help),
        );
    }
    None
}

/// Strict parsing with small budgets: a listing is a small file, so anything deeply nested or
/// alias-heavy is an attack or a mistake, and is refused fast.
fn options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_depth = 24;
    budget.max_nodes = 20_000;
    budget.max_events = 50_000;
    budget.max_aliases = 64;
    budget.max_anchors = 64;
    budget.max_total_scalar_bytes = 2 * MAX_FILE_BYTES as usize;
    budget.max_documents = 1;
    let mut alias_limits = serde_saphyr::options::AliasLimits::default();
    alias_limits.max_total_replayed_events = 5_000;
    alias_limits.max_replay_stack_depth = 8;
    alias_limits.max_alias_expansions_per_anchor = 32;
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options.alias_limits = alias_limits;
    options.strict_booleans = true;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    options.with_snippet = false;
    options
}

/// Turns a parse error into a diagnostic with a code, a plain message and a position: a
/// problem with the fields of a mapping, a value of the wrong type, a file too complex to be a
/// listing, or else a problem with the document as a whole.
fn yaml_diagnostic(display: &Path, text: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let located = error.without_snippet();
    let pos = located
        .location()
        .map(|l| pos_of(&l))
        .unwrap_or(Pos::new(1, 1));
    let at = |code, msg: String| Diagnostic::new(code, display, pos, msg);
    let error = original(error);
    field_problem(error, text, &at)
        .or_else(|| type_problem(error, &at))
        .or_else(|| complexity_problem(error, &at))
        .unwrap_or_else(|| document_problem(error, text, &at))
}

/// The error itself, out of the wrappers serde-saphyr puts around it (a source snippet, the
/// places of an alias and its anchor), so that it is worded by what it is.
fn original(mut error: &serde_saphyr::Error) -> &serde_saphyr::Error {
    loop {
        error = match error {
            serde_saphyr::Error::WithSnippet { error, .. } => error,
            serde_saphyr::Error::AliasError { error, .. } => error,
            other => return other,
        };
    }
}

/// Makes a diagnostic at the error's position.
type At<'a> = dyn Fn(Code, String) -> Diagnostic + 'a;

/// An unknown field (with the closest allowed one), a missing one, or one written twice.
fn field_problem(error: &serde_saphyr::Error, text: &str, at: &At) -> Option<Diagnostic> {
    use serde_saphyr::Error as E;
    Some(match error {
        E::SerdeUnknownField {
            field, expected, ..
        } => {
            let d = at(Code::UnknownField, format!("unknown field `{field}`"));
            match closest(field, expected.iter().copied()) {
                Some(best) => d.help(format!("did you mean `{best}`?")),
                None => d.help(format!(
                    "the fields allowed here are: {}",
                    expected.join(", ")
                )),
            }
        }
        E::SerdeMissingField { field, .. } => {
            let mut d = at(
                Code::MissingField,
                format!("missing required field `{field}`"),
            )
            .help(format!(
                "add a line `{field}: ...`; see schema/FORMAT.md for what to write"
            ));
            // serde reports where the mapping ended; a field missing from the whole listing
            // is better pointed at from the top of the file.
            let top_level = TOP_LEVEL_REQUIRED.contains(field)
                && !text.lines().any(|l| l.starts_with(&format!("{field}:")));
            if d.pos.line == 0 || top_level {
                d.pos = Pos::new(1, 1);
            }
            d
        }
        E::DuplicateMappingKey { key, .. } => at(
            Code::DuplicateKey,
            format!(
                "`{}` is written twice here",
                key.as_deref().unwrap_or("this key")
            ),
        )
        .help("keep one of them and delete the other"),
        _ => return None,
    })
}

/// A value of the wrong type or an unknown choice, with what to write instead.
fn type_problem(error: &serde_saphyr::Error, at: &At) -> Option<Diagnostic> {
    use serde_saphyr::Error as E;
    Some(match error {
        E::SerdeInvalidType {
            unexpected,
            expected,
            ..
        }
        | E::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => at(
            Code::WrongType,
            format!("expected {expected}, found {unexpected}"),
        )
        .help(type_help(expected)),
        E::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            let d = at(Code::WrongType, format!("`{variant}` is not allowed here"));
            match closest(variant, expected.iter().copied()) {
                Some(best) => d.help(format!(
                    "did you mean `{best}`? (allowed: {})",
                    expected.join(", ")
                )),
                None => d.help(format!("write one of: {}", expected.join(", "))),
            }
        }
        E::InvalidScalar { ty, .. } => {
            let what = match *ty {
                t if t.starts_with('i') || t.starts_with('u') => "a whole number",
                t if t.starts_with('f') => "a number",
                "bool" => "`true` or `false`",
                t => t,
            };
            at(Code::WrongType, format!("expected {what} here")).help(type_help(ty))
        }
        E::Unexpected { expected, .. } => {
            at(Code::WrongType, format!("expected {expected} here")).help(type_help(expected))
        }
        E::InvalidBooleanStrict { .. } => {
            at(Code::WrongType, "expected `true` or `false`".to_string())
                .help("write `true` or `false` (not yes/no/on/off)")
        }
        _ => return None,
    })
}

/// A file over the parser's budgets or alias limits (refused for safety), in words for the
/// people who write listings (E019), never the parser's own names for its limits. Several
/// documents in one file trip the budget before anything else, so that is worded here too
/// (E001, as in [`document_problem`]).
fn complexity_problem(error: &serde_saphyr::Error, at: &At) -> Option<Diagnostic> {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    const ALIASES: &str = "write values out in full instead of using anchors and aliases (& and *)";
    const SIMPLE: &str = "listings are simple: a few levels of indentation, and values written out";
    let (code, message, help) = match error {
        E::Budget { breach, .. } => match breach {
            B::Documents { .. } => return Some(several_documents(at)),
            B::Aliases { .. }
            | B::Anchors { .. }
            | B::AliasAnchorRatio { .. }
            | B::MergeKeys { .. } => (
                Code::TooComplex,
                "this file uses too many YAML anchors (&) or aliases (*)",
                ALIASES,
            ),
            B::ScalarBytes { .. } => (
                Code::TooComplex,
                "this file's text would be far too long once its YAML aliases (*) are written out",
                ALIASES,
            ),
            B::Depth { .. } => (
                Code::TooComplex,
                "this file is nested too deeply to be a listing",
                SIMPLE,
            ),
            B::Nodes { .. } | B::Events { .. } => (
                Code::TooComplex,
                "this file has far more values than a listing has",
                "a listing describes one group: move long lists to the group's own website",
            ),
            _ => (
                Code::TooComplex,
                "this file is too complex to be a listing",
                SIMPLE,
            ),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. }
        | E::RecursiveReferencesRequireWeakTypes { .. } => (
            Code::TooComplex,
            "this file uses too many YAML aliases (*)",
            ALIASES,
        ),
        _ => return None,
    };
    Some(at(code, message.to_string()).help(help))
}

/// E001: a listing file holds one listing.
fn several_documents(at: &At) -> Diagnostic {
    at(
        Code::YamlSyntax,
        "a listing file holds one listing, but this one has several YAML documents (`---`)"
            .to_string(),
    )
    .help("put each listing in its own file")
}

/// Several documents, an empty file, nesting too deep, or any other YAML syntax error.
fn document_problem(error: &serde_saphyr::Error, text: &str, at: &At) -> Diagnostic {
    use serde_saphyr::Error as E;
    match error {
        E::MultipleDocuments { .. } => several_documents(at),
        E::Eof { .. } if text.trim().is_empty() => {
            let mut d = at(Code::MissingField, "this file is empty".to_string())
                .help("start from a copy of another listing, or run `signpost new`");
            d.pos = Pos::new(1, 1);
            d
        }
        other if other.to_string().contains("recursion limit") => at(
            Code::TooComplex,
            "this file is nested too deeply to be a listing".to_string(),
        )
        .help("listings are simple: a few levels of indentation at most"),
        other => {
            let message = other.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .trim()
                .to_string();
            at(Code::YamlSyntax, format!("YAML syntax error: {message}")).help(
                "check the indentation (use spaces, not tabs) and that text containing `: ` or `#` is in quotes",
            )
        }
    }
}

fn type_help(expected: &str) -> String {
    if expected.contains("sequence") || expected.contains("Vec") {
        "write a list, e.g. `[one, two]` or one `- item` per line".to_string()
    } else if expected.contains("bool") {
        "write `true` or `false`".to_string()
    } else if expected.contains("i64") || expected.contains("integer") || expected.contains("f64") {
        "write a number, without quotes or units".to_string()
    } else if expected.contains("struct") || expected.contains("map") {
        "this field has parts of its own: see the example in schema/FORMAT.md".to_string()
    } else {
        "see schema/FORMAT.md for what this field takes".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "name: Knit\nsummary: A knitting group\nneeds: [loneliness-and-isolation]\nmaintainers: [jo]\nreviewed: 2026-10-01\nonline: true\n";

    fn parse_str(text: &str) -> Result<Loaded, Diagnostic> {
        parse(Path::new("listings/knit.yaml"), text)
    }

    #[test]
    fn a_minimal_listing_parses_with_positions() {
        let l = parse_str(MINIMAL).unwrap();
        assert_eq!(l.id, "knit");
        assert_eq!(l.source.name.value, "Knit");
        assert_eq!(l.source.name.pos.line, 1);
        assert_eq!(l.source.name.pos.column, 7);
        assert_eq!(l.source.reviewed.pos.line, 5);
        assert_eq!(l.source.needs.value[0].pos.line, 3);
    }

    #[test]
    fn unquoted_times_and_dates_stay_text() {
        let text =
            format!("{MINIMAL}when:\n  - days: [tuesday]\n    start: 10:00\n    end: 12:30\n");
        let l = parse_str(&text).unwrap();
        assert_eq!(
            l.source.when[0].value.start.as_ref().unwrap().value,
            "10:00"
        );
        assert_eq!(l.source.reviewed.value, "2026-10-01");
    }

    #[test]
    fn unknown_fields_suggest_the_closest() {
        let d = parse_str(&format!("{MINIMAL}sumary: x\n")).unwrap_err();
        assert_eq!(d.code, Code::UnknownField);
        assert_eq!(d.pos.line, 7);
        assert_eq!(d.help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let d = parse_str(&format!("{MINIMAL}name: Again\n")).unwrap_err();
        assert_eq!(d.code, Code::DuplicateKey);
        assert_eq!(d.pos.line, 7);
    }

    #[test]
    fn yes_is_not_a_boolean() {
        let d = parse_str(&MINIMAL.replace("online: true", "online: yes")).unwrap_err();
        assert_eq!(d.code, Code::WrongType, "{d:?}");
        assert_eq!(d.pos.line, 6);
    }

    #[test]
    fn an_empty_file_is_told_so() {
        let d = parse_str("  \n").unwrap_err();
        assert_eq!(
            (d.code, d.pos, d.message.as_str()),
            (Code::MissingField, Pos::new(1, 1), "this file is empty")
        );
    }

    #[test]
    fn a_missing_top_level_field_is_pointed_at_from_the_top() {
        let d = parse_str(&MINIMAL.replace("reviewed: 2026-10-01\n", "")).unwrap_err();
        assert_eq!(
            (d.code, d.pos),
            (Code::MissingField, Pos::new(1, 1)),
            "{d:?}"
        );
        assert_eq!(d.message, "missing required field `reviewed`");
        let d = parse_str(&format!("{MINIMAL}venues:\n  - name: Hall\n")).unwrap_err();
        assert_eq!(d.message, "missing required field `postcode`");
        assert_ne!(d.pos.line, 1, "{d:?}");
    }

    #[test]
    fn alias_bombs_and_deep_nesting_are_refused() {
        // The classic billion laughs: ten levels of ten aliases each.
        let mut bomb = String::from("name: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10u8 {
            let (prev, cur) = ((b'a' + i - 1) as char, (b'a' + i) as char);
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("k{cur}: &{cur} [{refs}]\n"));
        }
        assert!(parse_str(&bomb).is_err());
        // Many aliases of a string in a field that takes a list of strings.
        let refs = vec!["*a"; 200].join(", ");
        let aliases = format!("name: Knit\nsummary: &a lol\nactivities: [{refs}]\n");
        let d = parse_str(&aliases).unwrap_err();
        assert_eq!(d.code, Code::TooComplex, "{d:?}");
        // Deep nesting stops at the first value of the wrong shape, long before any depth matters.
        let nested = format!("name: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let d = parse_str(&nested).unwrap_err();
        assert_eq!((d.code, d.pos.line), (Code::WrongType, 1), "{d:?}");
    }
}
