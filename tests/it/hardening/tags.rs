//! YAML tags are refused (E027) wherever they are written, by both readers of listings: the
//! fast path declines them and serde-saphyr's path refuses them, so `!!binary` never publishes
//! decoded text a reviewer could not read in the diff, and `!python/object:…` is never
//! silently accepted.

use std::path::Path;

use super::{check_json, dir_with, listing, only};
use signpost::diagnostics::Code;

#[test]
fn binary_text_is_refused_and_never_published() {
    // "Knit and Natter <script>" in base64.
    let text = listing("").replace(
        "name: Knit and Natter",
        "name: !!binary S25pdCBhbmQgTmF0dGVyIDxzY3JpcHQ+",
    );
    let d = dir_with(&text);
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1));
    let e = only(&diags, "E027");
    assert_eq!(
        (e["line"].as_u64(), e["column"].as_u64()),
        (Some(1), Some(7))
    );
    assert_eq!(
        e["message"],
        "`!!binary` is a YAML tag: listings are plain text, read as written"
    );
    let public = d.path().join("public");
    let out = d.run(&["build", "--out", public.to_str().unwrap()]);
    assert!(out.status.success());
    assert!(
        !public.join("listings/knit").exists(),
        "the listing is left out"
    );
}

#[test]
fn every_kind_of_tag_anywhere_is_refused_at_its_place() {
    let base = listing("");
    for (text, line, column, tag) in [
        (
            format!("{base}notice: !python/object:os.system echo\n"),
            7,
            9,
            "!python/object:os.system",
        ),
        (
            base.replace("online: true", "online: !!bool true"),
            4,
            9,
            "!!bool",
        ),
        (
            base.replace(
                "[loneliness-and-isolation]",
                "[!!str loneliness-and-isolation]",
            ),
            3,
            9,
            "!!str",
        ),
        (format!("{base}!!str example: true\n"), 7, 1, "!!str"),
        (
            format!("{base}contact: !!map\n  email: a@example.org\n"),
            7,
            10,
            "!!map",
        ),
        (
            format!("{base}activities: !local\n  - walking\n"),
            7,
            13,
            "!local",
        ),
        (format!("{base}notice: ! plain\n"), 7, 9, "!"),
        (
            format!("%TAG !e! tag:example.com,2000:\n---\n{base}notice: !e!x y\n"),
            9,
            9,
            "!e!x",
        ),
    ] {
        let d = signpost::listing::parse(Path::new("listings/knit.yaml"), &text).expect_err(&text);
        assert_eq!(d.code, Code::YamlTag, "{text}: {d:?}");
        assert_eq!((d.pos.line, d.pos.column), (line, column), "{text}: {d:?}");
        assert!(
            d.message.starts_with(&format!("`{tag}` is a YAML tag")),
            "{d:?}"
        );
    }
}

#[test]
fn an_exclamation_mark_inside_a_value_is_just_text() {
    for value in ["Knit! and Natter", "\"!!binary\"", "'!important'"] {
        let text = listing("").replace("Knit and Natter", value);
        let loaded = signpost::listing::parse(Path::new("listings/knit.yaml"), &text)
            .unwrap_or_else(|d| panic!("{value}: {d:?}"));
        assert!(loaded.source.name.value.contains('!'));
    }
}
