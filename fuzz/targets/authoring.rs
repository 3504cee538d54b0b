//! The authoring tools: `intake` (an "Add our group" issue body → a draft) and `draft` (the
//! answers of `signpost new` → a listing file). Whatever they write must pass `check`.
//!
//! The `intake` target's input is an issue body. The `draft` target's input is the answers
//! of `signpost new`, one `field: value` a line (`name`, `summary`, `need`, `venue`,
//! `postcode`, `address`, `day`, `start`, `end`, `email`, `phone`, `website`, `maintainer`,
//! `organisation`, `description`, `online`, `by_phone`; repeated fields add to a list, a
//! repeated `description` adds a line), made into a draft as `signpost new --name … --need …`
//! makes it.
//!
//! Each draft is written with `draft::write` into the scratch listings folder of the bundled
//! directory (real postcodes and wards). Properties: nothing panics; the text the writer makes
//! is always a listing file (YAML that reads back: a draft it refuses is refused for what its
//! answers say, never E001 "not valid YAML" or a Signpost failure); and a file it writes is
//! read by `check`'s own steps (`listing::load`: size, encoding, parsing; then the same
//! validation, freshness and postcode checks) without an error, with the name, summary,
//! needs and maintainers as answered.

use std::path::Path;
use std::sync::Mutex;

use signpost::diagnostics::{Code, Diagnostic};
use signpost::draft::{self, Draft, Venue};
use signpost::{intake, listing};

use super::{assert_no_internal_error, directory, hook_names, root};

/// Pieces of issue forms.
pub const INTAKE_TOKENS: &[&str] = &[
    "\n",
    "\r\n",
    "\n\n",
    "### ",
    "### Group name\n\n",
    "### Venue name\n\n",
    "### Postcode\n\n",
    "### Days it meets\n\n",
    "### More about the group\n\n",
    "### Start time\n\n",
    "- [X] ",
    "- [x] ",
    "- [ ] ",
    "_No response_",
    "Monday, Thursday",
    "Loneliness and isolation",
    "People can take part online",
    "@",
    ": ",
    "\"",
    "'",
    "|",
    "#",
    "\t",
    "\u{0}",
    "\u{1b}",
    "\u{202e}",
    "\u{feff}",
    "\u{85}",
    "\u{2028}",
    "é",
    "😀",
];

/// Pieces of `signpost new` answers.
pub const DRAFT_TOKENS: &[&str] = &[
    "\n",
    "name: ",
    "summary: ",
    "need: ",
    "venue: ",
    "postcode: CR0 1NX",
    "address: ",
    "day: ",
    "start: ",
    "end: ",
    "email: ",
    "phone: ",
    "website: ",
    "maintainer: ",
    "organisation: ",
    "description: ",
    "online: true",
    "by_phone: true",
    "yes",
    "null",
    "~",
    "- ",
    ": ",
    " #",
    "\"",
    "'",
    "\\",
    "|",
    ">",
    "&a",
    "*a",
    "!!str",
    "{",
    "[",
    ",",
    "\t",
    "\u{0}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{fffe}",
    "é",
    "😀",
];

/// Runs one issue body through `intake` (see the module comment).
pub fn intake(data: &[u8]) {
    let body = super::text(data);
    let dir = directory();
    let context = intake::Context {
        needs: &dir.vocab.needs,
        team: !dir.config.fallback_team().is_empty(),
        maintainer: Some("fuzz-author"),
        today: super::TODAY,
    };
    match intake::parse(&body, &context) {
        Ok(draft) => write_and_check(&draft),
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// Runs one set of `signpost new` answers through `draft` (see the module comment).
pub fn draft(data: &[u8]) {
    let text = super::text(data);
    let needs = &directory().vocab.needs;
    let mut d = Draft {
        reviewed: super::TODAY.to_string(),
        ..Draft::default()
    };
    let (mut venue, mut postcode, mut address) = (None, None, Vec::new());
    for line in text.lines() {
        let Some((key, value)) = line.split_once(": ").or_else(|| line.split_once(':')) else {
            continue;
        };
        let value = value.to_string();
        match key.trim() {
            "name" => d.name = value,
            "summary" => d.summary = value,
            "need" => d.needs.push(draft::need_id(needs, &value)),
            "venue" => venue = Some(value),
            "postcode" => postcode = Some(value),
            "address" => address.push(value),
            "day" => d.days.push(value.trim().to_lowercase()),
            "start" => d.start = Some(value),
            "end" => d.end = Some(value),
            "email" => d.email = Some(value),
            "phone" => d.phone = Some(value),
            "website" => d.website = Some(value),
            "maintainer" => d.maintainers.push(value),
            "organisation" => d.organisation = Some(value),
            "description" => match &mut d.description {
                Some(text) => {
                    text.push('\n');
                    text.push_str(&value);
                }
                None => d.description = Some(value),
            },
            "online" => d.online = value.trim() == "true",
            "by_phone" => d.by_phone = value.trim() == "true",
            _ => {}
        }
    }
    // As `signpost new` does: a venue needs a postcode (clap requires both flags together).
    if let Some(postcode) = postcode {
        d.venue = Some(Venue {
            name: venue.unwrap_or_default(),
            address,
            postcode,
        });
    }
    write_and_check(&d);
}

/// One draft at a time: the targets share the scratch listings folder, and a draft's file is
/// there only while it is checked.
static WRITING: Mutex<()> = Mutex::new(());

/// Removes the file written for a draft, however the check ends.
struct Written<'a>(&'a Path);

impl Drop for Written<'_> {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(self.0);
    }
}

/// Writes `draft` as `signpost new` and `signpost intake` do, and checks what was written as
/// `check` would (see the module comment).
fn write_and_check(d: &Draft) {
    if hook_names(&d.id()) {
        return;
    }
    let directory = directory();
    let _one = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    let path = match draft::write(directory, d, Path::new("")) {
        Ok((path, _, _)) => path,
        Err(draft::Error::Invalid {
            text, diagnostics, ..
        }) => {
            assert_no_internal_error(&diagnostics, &text);
            assert!(
                !diagnostics.iter().any(|x| x.code == Code::YamlSyntax),
                "the writer made text that is not YAML: {diagnostics:?}\n{text}\nfrom {d:?}"
            );
            return;
        }
        Err(draft::Error::Exists { path }) => panic!("{} was left behind", path.display()),
        Err(_) => return,
    };
    let full = directory.root.join(&path);
    let _written = Written(&full);
    let loaded = listing::load(root(), &path).unwrap_or_else(|e| {
        panic!(
            "draft::write wrote {} but check cannot read it: {e:?}\n{}",
            path.display(),
            std::fs::read_to_string(&full).unwrap_or_default()
        )
    });
    let text = std::fs::read_to_string(&full).expect("read the written file");
    let (listing, diagnostics) = directory.check_text(&path, &text);
    let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|x| x.is_error()).collect();
    assert!(
        errors.is_empty() && listing.is_some(),
        "draft::write wrote a file that check refuses: {errors:?}\n{text}\nfrom {d:?}"
    );
    let s = &loaded.source;
    assert_eq!(s.name.value, d.name, "the name as written:\n{text}");
    assert_eq!(
        s.summary.value, d.summary,
        "the summary as written:\n{text}"
    );
    let values = |v: &[listing::Text]| v.iter().map(|t| t.value.clone()).collect::<Vec<_>>();
    assert_eq!(
        values(&s.needs.value),
        d.needs,
        "the needs as written:\n{text}"
    );
    assert_eq!(
        values(s.maintainers.as_ref().map_or(&[][..], |m| &m.value)),
        d.maintainers,
        "the maintainers as written:\n{text}"
    );
}
