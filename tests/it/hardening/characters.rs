//! Characters that cannot be seen (control characters, carriage returns, line breaks in
//! one-line fields, direction overrides) are refused in every text field with an error naming
//! the file, the line and the field; and whatever gets through another way (the directory's
//! own configuration, or a message that echoes a value) never reaches a terminal, a CI log or
//! a page raw.

use super::{check_json, dir_with, listing};
use crate::common::Dir;

/// A listing with `extra` lines: the E026 errors as (line, message).
fn hidden(text: &str) -> Vec<(u64, String)> {
    let d = dir_with(text);
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1), "{text:?}: {diags:#?}");
    diags
        .iter()
        .filter(|d| d["code"] == "E026")
        .inspect(|d| assert_eq!(d["file"], "listings/knit.yaml"))
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_text_field_refuses_control_characters_naming_the_field() {
    let base = listing("");
    let cases: Vec<(String, u64, &str)> = vec![
        (
            base.replace("name: Knit and Natter", "name: \"Knit \\e[31mand Natter\""),
            1,
            "`name` contains an escape character (U+001B)",
        ),
        (
            base.replace(
                "summary: A friendly knitting group.",
                "summary: \"Two\\nlines: a friendly knitting group.\"",
            ),
            2,
            "`summary` is one line, but this value has a line break (U+000A)",
        ),
        (
            format!("{base}description: \"Bring \\0 your needles\"\n"),
            7,
            "`description` contains a NUL character (U+0000)",
        ),
        (
            format!("{base}description: \"Carriage\\rreturn\"\n"),
            7,
            "`description` contains a carriage return (U+000D)",
        ),
        (
            format!("{base}organisation: \"Ring \\a the bell\"\n"),
            7,
            "`organisation` contains a bell character (U+0007)",
        ),
        (
            format!(
                "{base}venues:\n  - name: \"Hall \u{202e}llaH\"\n    postcode: CR0 1AA\n    access: [step-free]\n"
            ),
            8,
            "`venues[0].name` contains a hidden text-direction control (U+202E)",
        ),
        (
            format!("{base}contact:\n  email: \"knit\\e@example.org\"\n"),
            8,
            "`contact.email` contains an escape character (U+001B)",
        ),
        (
            format!("{base}translations:\n  fr:\n    name: \"Tricot\\x7f\"\n"),
            9,
            "`translations.fr.name` contains a delete character (U+007F)",
        ),
        (
            format!("{base}when:\n  - days: [tuesday]\n    start: \"10:00\\u2066\"\n"),
            9,
            "`when[0].start` contains a hidden text-direction control (U+2066)",
        ),
    ];
    for (text, line, message) in cases {
        let found = hidden(&text);
        assert_eq!(found, vec![(line, message.to_string())], "{text}");
    }
}

#[test]
fn tabs_and_the_direction_marks_of_right_to_left_text_are_fine() {
    let d = dir_with(&listing(
        "description: \"Bring\\tyour needles.\\nSecond line.\"\ntranslations:\n  ar:\n    name: \"حياكة\u{200f} Knit\"\n",
    ));
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(0), "{diags:#?}");
}

/// True when `bytes` hold a character no terminal, log or page should get raw.
fn has_unsafe(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .chars()
        .any(|c| c == '\r' || signpost::text::is_unsafe_char(c))
}

#[test]
fn check_never_writes_a_control_character_to_a_terminal_or_a_ci_log() {
    // An escape sequence in the name and in an unknown need (whose message echoes it), a
    // carriage return and a direction override.
    let d = dir_with(
        &listing("")
            .replace(
                "name: Knit and Natter",
                "name: \"Knit\\e]8;;https://evil.example\\a\\r\u{202e}\"",
            )
            .replace("[loneliness-and-isolation]", "[\"lonely\\e[2J\"]"),
    );
    for format in ["human", "github", "json"] {
        let out = d.run(&["check", "--format", format]);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            !has_unsafe(&out.stdout),
            "{format}: {:?}",
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !has_unsafe(&out.stderr),
            "{format}: {:?}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(all.contains("E026"), "{format}: {all}");
        assert!(
            all.contains('\u{241b}'),
            "{format}: the escape is shown as ␛: {all}"
        );
    }
    // GitHub annotations: one line per problem, the escape shown, never acted on.
    let out = d.run(&["check", "--format", "github"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning ")),
        "{text}"
    );
}

#[test]
fn pages_never_carry_a_control_character_whatever_the_configuration_says() {
    let d = Dir::plain(
        "[[sites]]\nid = \"town\"\nname = \"Town \\u001b[31m\\u202e\"\npostcode = \"CR0 1AA\"\nborough_wide = true\n",
    );
    let toml = std::fs::read_to_string(d.path().join("signpost.toml")).unwrap();
    std::fs::write(
        d.path().join("signpost.toml"),
        toml.replace(
            "title = \"Test\"",
            "title = \"Test \\u0000\\u0007\\u009b\\u2066\"",
        ),
    )
    .unwrap();
    d.write("listings/knit.yaml", &listing(""));
    let public = d.path().join("public");
    let out = d.run(&["build", "--out", public.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages = 0;
    for entry in walkdir(&public) {
        let name = entry.to_string_lossy().to_string();
        if name.ends_with(".html") || name.ends_with(".ics") {
            let bytes = std::fs::read(&entry).unwrap();
            assert!(!has_unsafe(&bytes), "{name}");
            pages += 1;
        }
    }
    assert!(pages > 10, "{pages} pages");
    let home = std::fs::read_to_string(public.join("town/index.html")).unwrap();
    assert!(
        home.contains("Town \u{fffd}[31m\u{fffd}"),
        "shown as �, not dropped"
    );
}

/// Every file under `dir`.
fn walkdir(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walkdir(&path));
        } else {
            out.push(path);
        }
    }
    out
}
