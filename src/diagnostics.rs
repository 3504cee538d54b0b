//! Problems found in listings and how they are shown to people.
//!
//! A [`Diagnostic`] is one problem: a severity, a stable [`Code`], a message, the file and
//! position it points at, and a `help` line that says what to do next. Every stage that can
//! find a problem (loading, validation, geocoding) produces these; this module only collects
//! and renders them, as rustc-style text with the source line and a caret
//! (annotate-snippets), as JSON, or as GitHub Actions annotations. In every format, the
//! characters of messages, paths and source lines that a terminal or a log would act on
//! (escape sequences, carriage returns, direction overrides) are shown as pictures
//! ([`crate::text::visible`]), never written raw.
//!
//! It is not for deciding *whether* something is wrong: that is `validate`'s job.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::text::visible;

/// An error that stops a command, as every layer's error type shows it to people: its message
/// (`Display`), the chain of causes (`std::error::Error::source`), and an optional line saying
/// what to do next.
///
/// Each layer has one error type (`thiserror`, naming the path, the action and the source);
/// this trait adds the help line, so [`error_text`] prints every layer's errors the same way.
/// Problems *in listings* are not errors but [`Diagnostic`]s: a command reports them and goes on.
pub trait Help: std::error::Error {
    /// What to do about it, in plain words, if there is something to say.
    fn help(&self) -> Option<String> {
        None
    }
}

/// An error as printed: `error: <message>`, a `caused by: <source>` line for each cause in the
/// chain, and `help: <what to do>` when the error has a help line.
pub fn error_text(error: &dyn Help) -> String {
    let mut out = format!("error: {error}");
    let mut cause = error.source();
    while let Some(c) = cause {
        // A layer's message often repeats its source's; print each new piece once.
        let text = c.to_string();
        if !out.contains(&text) {
            write!(out, "\n  caused by: {text}").unwrap();
        }
        cause = c.source();
    }
    if let Some(help) = error.help() {
        write!(out, "\nhelp: {help}").unwrap();
    }
    out
}

/// How bad a problem is. Errors leave a listing out and make `check` fail; warnings do neither.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a source file: 1-based line and column (in characters), and the length in bytes
/// of the thing pointed at (0 when unknown: the caret then covers one character).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

impl Pos {
    pub const fn new(line: usize, column: usize) -> Pos {
        Pos {
            line,
            column,
            len: 0,
        }
    }
}

macro_rules! codes {
    ($( $name:ident = $code:literal, $sev:ident, $doc:literal; )*) => {
        /// Every problem Signpost reports has a stable code, documented in the README.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( #[doc = $doc] $name, )* }

        impl Code {
            /// All codes, in order, for the documentation table.
            pub const ALL: &'static [Code] = &[ $( Code::$name, )* ];

            /// The code as printed, e.g. `E012`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$name => $code, )* }
            }

            /// The severity this code is reported with.
            pub fn severity(self) -> Severity {
                match self { $( Code::$name => Severity::$sev, )* }
            }

            /// One line saying what the code means.
            pub fn describe(self) -> &'static str {
                match self { $( Code::$name => $doc, )* }
            }
        }
    };
}

codes! {
    YamlSyntax = "E001", Error, "The file is not valid YAML.";
    UnknownField = "E002", Error, "A field name that the listing format does not have (often a typo).";
    DuplicateKey = "E003", Error, "The same field is written twice in one place.";
    WrongType = "E004", Error, "A value of the wrong kind, such as words where a number or true/false is expected.";
    MissingField = "E005", Error, "A required field is missing.";
    UnknownNeed = "E006", Error, "A need that is not in the needs vocabulary (schema/needs.yaml).";
    UnknownTerm = "E007", Error, "An activity, audience, access feature, language or ward that Signpost does not know.";
    BadPostcode = "E008", Error, "Something that is not a UK postcode.";
    UnknownPostcode = "E009", Error, "A postcode that is not in the postcode files (a typo, or a very new postcode).";
    TerminatedPostcode = "E010", Error, "A postcode that Royal Mail no longer uses.";
    BadUrl = "E011", Error, "A web link that is not an http:// or https:// address of a named website, or one that could deceive: a user name before the host (`https://www.nhs.uk@evil.example/`), a numeric host, hidden characters.";
    BadEmail = "E012", Error, "An email address that is not well formed, or has `?`, `&`, `=`, `%` or `#` before the @ (legal, but rare, and they change a mailto: link).";
    BadPhone = "E013", Error, "A phone number that is not a UK number.";
    BadTime = "E014", Error, "A time that is not HH:MM, or a session that ends before it starts.";
    BadAge = "E015", Error, "An age that is impossible, or a minimum age above the maximum.";
    TooLong = "E016", Error, "A name or summary longer than its limit.";
    DuplicateId = "E017", Error, "Two listings with the same file name (id), or the same name at the same postcode.";
    FileTooLarge = "E018", Error, "A listing file over the size limit.";
    TooComplex = "E019", Error, "A file that is nested too deeply, has far more values than a listing has, or uses too many YAML anchors and aliases (refused for safety).";
    BadDate = "E020", Error, "A date that is not YYYY-MM-DD, or is in the future where it cannot be.";
    NoPlace = "E021", Error, "No venue, online, by_phone or area: nobody could tell where the group happens.";
    BadValue = "E022", Error, "A value that is not allowed here (for example a cost with no amount).";
    BadId = "E023", Error, "A file name that cannot be used as a listing id.";
    Unreadable = "E024", Error, "A file that cannot be read (permissions, or not UTF-8 text).";
    Internal = "E025", Error, "Signpost itself failed on this listing (a bug): the listing is left out, the others are published.";
    HiddenCharacter = "E026", Error, "A character that cannot be seen in a text field: a control character (NUL, bell, escape, …), a carriage return, a line break in a one-line field, or a hidden text-direction override.";
    YamlTag = "E027", Error, "A YAML tag (`!!binary`, `!!str`, `!something`): listings are plain text, written as they are read.";
    NotPlainFile = "E028", Error, "Something in the listings folder that is not a plain file: a symbolic link (to anything), a FIFO or a device. Listings are plain files in the repository.";
    ReviewOld = "W001", Warning, "The listing was last confirmed (its `reviewed` date, or a change by one of its maintainers) longer ago than `stale_months` (6 by default): pages say it may be out of date.";
    NoContact = "W002", Warning, "No email, phone or website: people cannot get in touch.";
    NoAccessInfo = "W003", Warning, "A venue without accessibility information.";
    LeftOut = "W004", Warning, "The listing is left out of the sites: last confirmed longer ago than `expired_months` (12 by default).";
    NearDuplicate = "W005", Warning, "The listing looks like another one (a similar name or summary at a venue close by): it may be the same group twice.";
    HiddenFile = "W006", Warning, "A YAML file or a folder in the listings folder whose name starts with a dot: it is not read.";
    CalendarEnding = "W007", Warning, "A calendar the directory uses ends soon: the bank holidays file within 12 months, or the school terms in signpost.toml within 3 months. After it ends, no day is skipped.";
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub code: Code,
    pub message: String,
    pub file: PathBuf,
    pub pos: Pos,
    /// What to do about it, in plain words.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, file: &Path, pos: Pos, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code,
            message: message.into(),
            file: file.to_path_buf(),
            pos,
            help: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    pub fn is_error(&self) -> bool {
        self.severity() == Severity::Error
    }
}

/// How `check` prints its findings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ProblemFormat {
    /// rustc-style text with the source line and a caret.
    Human,
    /// A JSON array of {severity, code, message, file, line, column, help}.
    Json,
    /// GitHub Actions workflow commands, shown as annotations on a pull request.
    Github,
}

/// Renders diagnostics. `source` gives the text of a file (for the snippet), when it can be read.
pub fn render(
    diagnostics: &[Diagnostic],
    format: ProblemFormat,
    color: bool,
    source: &dyn Fn(&Path) -> Option<String>,
) -> String {
    match format {
        ProblemFormat::Human => render_human(diagnostics, color, source),
        ProblemFormat::Json => render_json(diagnostics),
        ProblemFormat::Github => render_github(diagnostics),
    }
}

fn render_human(
    diagnostics: &[Diagnostic],
    color: bool,
    source: &dyn Fn(&Path) -> Option<String>,
) -> String {
    use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    let mut cached: Option<(PathBuf, Option<String>)> = None;
    for d in diagnostics {
        if cached.as_ref().is_none_or(|(p, _)| p != &d.file) {
            cached = Some((d.file.clone(), source(&d.file)));
        }
        let text = cached.as_ref().and_then(|(_, t)| t.as_deref());
        let level = match d.severity() {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = visible(&d.file.display().to_string()).into_owned();
        let message = visible(&d.message);
        let title = level
            .clone()
            .primary_title(message.as_ref())
            .id(d.code.as_str());
        let mut group = annotate_snippets::Group::with_title(title);
        let snippet = text.and_then(|t| {
            let range = byte_range(t, d.pos)?;
            let (start_line, window, range) = window(t, d.pos.line, range);
            let (window, range) = visible_window(window, range);
            Some((start_line, window, range))
        });
        match &snippet {
            Some((start_line, window, range)) => {
                group = group.element(
                    Snippet::source(window.as_str())
                        .line_start(*start_line)
                        .path(path.as_str())
                        .annotation(AnnotationKind::Primary.span(range.clone())),
                );
            }
            None => {
                group = group.element(annotate_snippets::Origin::path(path.as_str()));
            }
        }
        let help = d.help.as_deref().map(visible);
        if let Some(help) = &help {
            group = group.element(Level::HELP.message(help.as_ref()));
        }
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// The byte range in `text` that `pos` points at, if the position is inside the text.
fn byte_range(text: &str, pos: Pos) -> Option<std::ops::Range<usize>> {
    if pos.line == 0 {
        return None;
    }
    let line_start = if pos.line == 1 {
        0
    } else {
        text.match_indices('\n').nth(pos.line - 2)?.0 + 1
    };
    let line = text[line_start..].split('\n').next().unwrap_or("");
    let col = pos.column.max(1) - 1;
    let offset = line
        .char_indices()
        .nth(col)
        .map(|(i, _)| i)
        .unwrap_or(line.len());
    let start = line_start + offset;
    let rest = &line[offset..];
    let len = if pos.len > 0 {
        // A length from a parser counts bytes; never end inside a character.
        let mut len = pos.len.min(rest.len());
        while !rest.is_char_boundary(len) {
            len -= 1;
        }
        len
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    Some(start..start + len)
}

/// Cuts a few lines around `line` out of `text` so that huge files don't reach the renderer,
/// and moves `range` to match.
fn window(
    text: &str,
    line: usize,
    range: std::ops::Range<usize>,
) -> (usize, &str, std::ops::Range<usize>) {
    let first = line.saturating_sub(2).max(1);
    let start = if first == 1 {
        0
    } else {
        text.match_indices('\n')
            .nth(first - 2)
            .map_or(0, |(i, _)| i + 1)
    };
    let end = text[range.end..]
        .match_indices('\n')
        .nth(1)
        .map_or(text.len(), |(i, _)| range.end + i);
    (
        first,
        &text[start..end],
        range.start - start..range.end - start,
    )
}

/// The snippet's text with its characters made [`visible`] (so a listing's escape sequences
/// never reach the terminal), and `range` moved to match.
fn visible_window(window: &str, range: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    let shown = visible(window);
    if shown.len() == window.len() {
        return (shown.into_owned(), range);
    }
    let moved = |at: usize| visible(&window[..at]).len();
    (shown.into_owned(), moved(range.start)..moved(range.end))
}

/// One problem as `--format json` writes it: its texts [`visible`], like every other format.
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    code: &'static str,
    message: Cow<'a, str>,
    file: String,
    line: usize,
    column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Cow<'a, str>>,
}

fn render_json(diagnostics: &[Diagnostic]) -> String {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            severity: d.severity(),
            code: d.code.as_str(),
            message: visible(&d.message),
            file: visible(&slash_path(&d.file)).into_owned(),
            line: d.pos.line,
            column: d.pos.column,
            help: d.help.as_deref().map(visible),
        })
        .collect();
    let mut s = serde_json::to_string_pretty(&items).expect("diagnostics serialise");
    s.push('\n');
    s
}

fn render_github(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let kind = match d.severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = format!("{} {}", d.code.as_str(), visible(&d.message));
        if let Some(help) = &d.help {
            let _ = write!(message, "\nhelp: {}", visible(help));
        }
        let _ = writeln!(
            out,
            "::{kind} file={},line={},col={},title={}::{}",
            escape_property(&visible(&slash_path(&d.file))),
            d.pos.line.max(1),
            d.pos.column.max(1),
            escape_property(&format!("{} {}", d.code.as_str(), d.code.describe())),
            escape_data(&message)
        );
    }
    out
}

/// Paths in reports use forward slashes, whatever the platform.
pub fn slash_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Counts of errors and warnings, for the summary line.
pub fn tally(diagnostics: &[Diagnostic]) -> (usize, usize) {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    (errors, diagnostics.len() - errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag() -> Diagnostic {
        Diagnostic::new(
            Code::UnknownPostcode,
            Path::new("listings/a.yaml"),
            Pos {
                line: 2,
                column: 11,
                len: 7,
            },
            "unknown postcode \"CR0 9ZZ\"",
        )
        .help("check the postcode on Royal Mail's postcode finder")
    }

    #[test]
    fn human_output_shows_code_location_caret_and_help() {
        let text = "name: Knit\npostcode: CR0 9ZZ\nsummary: x\n".to_string();
        let out = render(&[diag()], ProblemFormat::Human, false, &|_| {
            Some(text.clone())
        });
        assert!(
            out.contains("error[E009]: unknown postcode \"CR0 9ZZ\""),
            "{out}"
        );
        assert!(out.contains("listings/a.yaml:2:11"), "{out}");
        assert!(out.contains("postcode: CR0 9ZZ"), "{out}");
        assert!(out.contains("^^^^^^^"), "{out}");
        assert!(out.contains("help: check the postcode"), "{out}");
    }

    #[test]
    fn human_output_survives_positions_outside_the_text() {
        let mut d = diag();
        d.pos = Pos::new(99, 3);
        let out = render(&[d], ProblemFormat::Human, false, &|_| {
            Some("a: b\n".into())
        });
        assert!(out.contains("listings/a.yaml"), "{out}");
    }

    #[test]
    fn json_output_has_the_documented_fields() {
        let out = render(&[diag()], ProblemFormat::Json, false, &|_| None);
        let v: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v[0]["severity"], "error");
        assert_eq!(v[0]["code"], "E009");
        assert_eq!(v[0]["file"], "listings/a.yaml");
        assert_eq!(v[0]["line"], 2);
        assert_eq!(v[0]["column"], 11);
    }

    #[test]
    fn github_output_is_one_escaped_command_per_problem() {
        let mut d = diag();
        d.message = "bad: 100%\nsecond line".into();
        let out = render(&[d], ProblemFormat::Github, false, &|_| None);
        assert_eq!(out.lines().count(), 1, "{out}");
        assert!(
            out.starts_with("::error file=listings/a.yaml,line=2,col=11,title=E009"),
            "{out}"
        );
        assert!(out.contains("bad: 100%25%0Asecond line"), "{out}");
    }
}
