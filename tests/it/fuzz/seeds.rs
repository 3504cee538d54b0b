//! The committed seed corpora, `fuzz/corpus/<target>/`: how they are made from the bundled
//! listings and the test fixtures (`write_seed_corpora`, run by hand after the listing format
//! or the fixtures change), and the checks that they and the fuzz crate stay in step with the
//! targets (every target has a corpus, a cargo-fuzz binary and a `[[bin]]`; the corpora and
//! regression fixtures stay small).
//!
//! ```sh
//! cargo test --locked --test it fuzz::seeds::write_seed_corpora -- --ignored
//! ```
//!
//! Each seed file is named by the FNV-1a hash of its bytes, so a seed made twice is kept once.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use signpost::intake::fields;
use signpost::listing::{self, Source};
use signpost::vocab::Vocabularies;

use super::{MAX_CORPORA_BYTES, fuzz_dir, targets};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.yaml` file under `dir`, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

/// The shape of a listing file: each field's indentation, name and kind of value (text inside
/// a `|` block is not a field). Two listings of the same shape exercise the parsers alike.
fn shape(text: &str) -> BTreeSet<String> {
    text.lines()
        .filter_map(|l| {
            let indent = l.len() - l.trim_start().len();
            let rest = l.trim_start();
            let item = rest.starts_with("- ");
            let rest = rest.trim_start_matches("- ");
            let (key, value) = rest.split_once(':')?;
            if key.is_empty() || !key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                return None;
            }
            let kind = match value.trim_start().chars().next() {
                Some('[') => "list",
                Some('"') => "double",
                Some('\'') => "single",
                Some('|') => "block",
                Some(c) if c.is_ascii_digit() => "number",
                Some(_) => "plain",
                None => "",
            };
            Some(format!("{indent}:{item}:{key}:{kind}"))
        })
        .collect()
}

/// The bundled listings that, together, have every shape any of them has: greedily, the one
/// adding the most new shapes first.
fn varied_listings() -> Vec<(PathBuf, String)> {
    let mut left: Vec<(PathBuf, String, BTreeSet<String>)> = yaml_files(&repo().join("listings"))
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("read a listing");
            let s = shape(&text);
            (p, text, s)
        })
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    loop {
        let best = left
            .iter()
            .enumerate()
            .map(|(i, (_, _, s))| (s.difference(&seen).count(), std::cmp::Reverse(i)))
            .max();
        match best {
            Some((n, std::cmp::Reverse(i))) if n > 0 => {
                let (p, text, s) = left.remove(i);
                seen.extend(s);
                out.push((p, text));
            }
            _ => break,
        }
    }
    out
}

/// The bundled listings, parsed.
fn sources() -> Vec<Source> {
    yaml_files(&repo().join("listings"))
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            listing::parse(p, &text).ok().map(|l| l.source)
        })
        .collect()
}

/// A listing's answers to `signpost new`, as the `draft` target reads them.
fn draft_answers(s: &Source) -> String {
    let mut out = vec![
        format!("name: {}", s.name.value),
        format!("summary: {}", s.summary.value),
    ];
    out.extend(s.needs.value.iter().map(|n| format!("need: {}", n.value)));
    if let Some(v) = s.venues.first() {
        out.push(format!("venue: {}", v.value.name.value));
        out.push(format!("postcode: {}", v.value.postcode.value));
        out.extend(
            v.value
                .address
                .iter()
                .map(|a| format!("address: {}", a.value)),
        );
    }
    if let Some(w) = s.when.first() {
        out.extend(w.value.days.iter().map(|d| format!("day: {}", d.value)));
        out.extend(w.value.start.iter().map(|t| format!("start: {}", t.value)));
        out.extend(w.value.end.iter().map(|t| format!("end: {}", t.value)));
    }
    if let Some(c) = &s.contact {
        out.extend(c.email.iter().map(|e| format!("email: {}", e.value)));
        out.extend(c.phone.iter().map(|e| format!("phone: {}", e.value)));
        out.extend(c.website.iter().map(|e| format!("website: {}", e.value)));
    }
    out.extend(
        s.maintainers
            .iter()
            .flat_map(|m| &m.value)
            .map(|m| format!("maintainer: {}", m.value)),
    );
    out.extend(
        s.organisation
            .iter()
            .map(|o| format!("organisation: {}", o.value)),
    );
    if let Some(d) = &s.description {
        out.extend(d.value.lines().map(|l| format!("description: {l}")));
    }
    if s.online {
        out.push("online: true".into());
    }
    if s.by_phone {
        out.push("by_phone: true".into());
    }
    out.join("\n") + "\n"
}

/// A listing as the body of an "Add our group" issue, as GitHub writes it.
fn issue_body(s: &Source, vocab: &Vocabularies) -> String {
    let answer = |a: Option<String>| a.unwrap_or_else(|| "_No response_".into());
    let ticked = |on: bool, option: &str| format!("- [{}] {option}", if on { "X" } else { " " });
    let needs: Vec<String> = vocab
        .needs
        .terms
        .iter()
        .map(|t| ticked(s.needs.value.iter().any(|n| n.value == t.id), &t.label))
        .collect();
    let venue = s.venues.first().map(|v| &v.value);
    let session = s.when.first().map(|w| &w.value);
    let days = session.map(|w| {
        w.days
            .iter()
            .map(|d| {
                let mut c = d.value.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect::<String>())
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join(", ")
    });
    let contact = s.contact.clone().unwrap_or_default();
    let sections: Vec<(&str, String)> = vec![
        (fields::CONSENT, ticked(true, fields::CONSENT_OPTION)),
        (fields::NAME, s.name.value.clone()),
        (fields::SUMMARY, s.summary.value.clone()),
        (fields::NEEDS, needs.join("\n")),
        (
            fields::DESCRIPTION,
            answer(s.description.as_ref().map(|d| d.value.clone())),
        ),
        (
            fields::ORGANISATION,
            answer(s.organisation.as_ref().map(|o| o.value.clone())),
        ),
        (fields::VENUE, answer(venue.map(|v| v.name.value.clone()))),
        (
            fields::ADDRESS,
            answer(venue.map(|v| {
                v.address
                    .iter()
                    .map(|a| a.value.clone())
                    .collect::<Vec<_>>()
                    .join(",\n")
            })),
        ),
        (
            fields::POSTCODE,
            answer(venue.map(|v| v.postcode.value.clone())),
        ),
        (
            fields::REMOTE,
            format!(
                "{}\n{}",
                ticked(s.online, fields::ONLINE_OPTION),
                ticked(s.by_phone, fields::PHONE_OPTION)
            ),
        ),
        (fields::DAYS, answer(days)),
        (
            fields::START,
            answer(session.and_then(|w| w.start.as_ref().map(|t| t.value.clone()))),
        ),
        (
            fields::END,
            answer(session.and_then(|w| w.end.as_ref().map(|t| t.value.clone()))),
        ),
        (fields::EMAIL, answer(contact.email.map(|e| e.value))),
        (fields::PHONE, answer(contact.phone.map(|e| e.value))),
        (fields::WEBSITE, answer(contact.website.map(|e| e.value))),
        (
            fields::MAINTAINER,
            answer(
                s.maintainers
                    .as_ref()
                    .and_then(|m| m.value.first())
                    .map(|m| format!("@{}", m.value)),
            ),
        ),
    ];
    sections
        .iter()
        .map(|(label, answer)| format!("### {label}\n\n{answer}\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The request targets written in the API tests (tests/it/api.rs), and each bundled
/// service's own path.
fn api_requests() -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("tests/it/api.rs")).expect("read api.rs");
    let mut out: Vec<String> = text
        .split('"')
        .skip(1)
        .step_by(2)
        .filter(|s| s.starts_with('/') && !s.contains(' '))
        .map(str::to_string)
        .collect();
    let outcome = signpost::directory::load(
        repo(),
        &signpost::directory::Options {
            paths: Vec::new(),
            today: Some(targets::TODAY.parse().expect("a date")),
        },
    )
    .expect("load the bundled directory");
    for l in outcome.directory.listings.iter().take(5) {
        out.push(format!("/services/{}", signpost::hsds::service_id(l)));
    }
    out
}

/// Replaces `fuzz/corpus/<target>/` with `seeds` (deduplicated by content).
fn write_corpus(target: &str, seeds: impl IntoIterator<Item = Vec<u8>>) {
    let dir = fuzz_dir().join("corpus").join(target);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the corpus folder");
    for seed in seeds {
        let name = format!("{:016x}", signpost::hash::fnv1a(&seed));
        std::fs::write(dir.join(name), seed).expect("write a seed");
    }
}

/// Remakes every seed corpus (see the module comment). Ignored: it changes tracked files.
#[test]
#[ignore = "writes fuzz/corpus/: run by hand when the listing format or the fixtures change"]
fn write_seed_corpora() {
    let fixtures = repo().join("tests/fixtures");
    let vocab = Vocabularies::builtin();
    let sources = sources();

    // listing: the bundled listings of every shape, and every fixture listing that is small.
    let mut listings: Vec<Vec<u8>> = varied_listings()
        .into_iter()
        .map(|(_, t)| t.into_bytes())
        .collect();
    for p in yaml_files(&fixtures) {
        let bytes = std::fs::read(&p).expect("read a fixture");
        if bytes.len() <= 4096 {
            listings.push(bytes);
        }
    }
    write_corpus("listing", listings);

    // postcode: every venue postcode, and the fixtures' postcode tables.
    let mut postcodes: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| s.venues.iter().map(|v| v.value.postcode.value.clone()))
        .collect();
    for csv in ["build/postcodes.csv", "data/postcodes.csv"] {
        let text = std::fs::read_to_string(fixtures.join(csv)).expect("read a postcode table");
        postcodes.extend(
            text.lines()
                .skip(1)
                .filter_map(|l| l.split(',').next())
                .map(|p| p.trim_matches('"').to_string()),
        );
    }
    postcodes.extend(["GIR 0AA", "cr01nx", " SW16  4NL ", "CR0 1N", "ZZ99 9ZZ"].map(String::from));
    write_corpus("postcode", postcodes.into_iter().map(String::into_bytes));

    // sessions: every session of the bundled listings, one a line of each field.
    let mut sessions: BTreeSet<String> = BTreeSet::new();
    for s in &sources {
        for w in &s.when {
            let w = &w.value;
            let field =
                |t: &Option<listing::Text>| t.as_ref().map_or(String::new(), |t| t.value.clone());
            sessions.insert(format!(
                "{}\n{}\n{}\n{}\n{}\n",
                w.days
                    .iter()
                    .map(|d| d.value.as_str())
                    .collect::<Vec<_>>()
                    .join(","),
                field(&w.start),
                field(&w.end),
                field(&w.week),
                field(&w.date)
            ));
        }
    }
    write_corpus("sessions", sessions.into_iter().map(String::into_bytes));

    write_corpus("api", api_requests().into_iter().map(String::into_bytes));

    // search: the queries and texts the JavaScript comparison uses, and every name and summary.
    let mut texts: BTreeSet<String> = crate::search_js::QUERIES
        .iter()
        .chain(crate::search_js::TEXTS)
        .map(|s| s.to_string())
        .collect();
    texts.extend(
        crate::search_js::PAIRS
            .iter()
            .map(|(a, b)| format!("{a}\t{b}")),
    );
    for s in &sources {
        texts.insert(s.name.value.clone());
        texts.insert(s.summary.value.clone());
    }
    write_corpus("search", texts.into_iter().map(String::into_bytes));

    // intake: the fixture bodies, and the bundled listings of every shape as issue bodies.
    let mut bodies: Vec<Vec<u8>> = std::fs::read_dir(fixtures.join("intake"))
        .expect("read the intake fixtures")
        .map(|e| std::fs::read(e.expect("an entry").path()).expect("read a body"))
        .collect();
    let varied: BTreeSet<String> = varied_listings()
        .iter()
        .filter_map(|(p, t)| listing::parse(p, t).ok())
        .map(|l| l.source.name.value)
        .collect();
    bodies.extend(
        sources
            .iter()
            .filter(|s| varied.contains(&s.name.value))
            .take(8)
            .map(|s| issue_body(s, &vocab).into_bytes()),
    );
    write_corpus("intake", bodies);

    // draft: the bundled listings of every shape as the answers to `signpost new`.
    write_corpus(
        "draft",
        sources
            .iter()
            .filter(|s| varied.contains(&s.name.value))
            .map(|s| draft_answers(s).into_bytes()),
    );
}

/// Every target has a seed corpus, a cargo-fuzz binary that runs it, a `[[bin]]` for it in
/// fuzz/Cargo.toml and its `max_len` in fuzz/nightly.sh; the corpora and regression fixtures
/// stay small.
#[test]
fn the_fuzz_crate_and_corpora_match_the_targets() {
    let manifest = std::fs::read_to_string(fuzz_dir().join("Cargo.toml")).expect("fuzz/Cargo.toml");
    let nightly = std::fs::read_to_string(fuzz_dir().join("nightly.sh")).expect("fuzz/nightly.sh");
    for t in targets::ALL {
        let file = fuzz_dir().join(format!("fuzz_targets/{}.rs", t.name));
        let body =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(
            body.contains(&format!("targets::target(\"{}\")", t.name)),
            "{} does not run the `{}` target",
            file.display(),
            t.name
        );
        assert!(
            manifest.contains(&format!("name = \"{}\"", t.name))
                && manifest.contains(&format!("path = \"fuzz_targets/{}.rs\"", t.name)),
            "fuzz/Cargo.toml has no [[bin]] for `{}`",
            t.name
        );
        assert!(
            fuzz_dir().join("corpus").join(t.name).is_dir(),
            "no fuzz/corpus/{}/",
            t.name
        );
        let limit = format!("max_len={}", t.max_len);
        assert!(
            nightly
                .lines()
                .filter_map(|l| l.split_once(')'))
                .any(
                    |(pattern, rest)| pattern.split('|').any(|n| n.trim() == t.name)
                        && rest.contains(&limit)
                ),
            "fuzz/nightly.sh does not give `{}` -max_len {}",
            t.name,
            t.max_len
        );
    }
    let mut total = 0;
    for kind in ["corpus", "regressions"] {
        for e in walkdir::WalkDir::new(fuzz_dir().join(kind)) {
            let e = e.expect("a corpus entry");
            if e.file_type().is_file() {
                total += e.metadata().expect("metadata").len();
            }
        }
    }
    assert!(
        total <= MAX_CORPORA_BYTES,
        "the committed corpora and regression fixtures are {total} bytes, over {MAX_CORPORA_BYTES}: \
         keep them small"
    );
}
