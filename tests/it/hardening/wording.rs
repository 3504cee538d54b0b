//! The words volunteers see for files the YAML reader refuses: a YAML bomb, aliases that
//! expand to too much text, deep nesting and several documents in one file each get a code from
//! the README's table and a sentence for people, never the parser's debug text; and the
//! format's documentation states the limits `check` enforces.

use super::{check_json, dir_with, listing};

/// `check` on `text`: the one error's code, message and help.
fn error_of(text: &str) -> (String, String, String) {
    let d = dir_with(text);
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1), "{diags:#?}");
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{diags:#?}");
    let d = errors[0];
    let words = |k: &str| d[k].as_str().unwrap_or_default().to_string();
    (words("code"), words("message"), words("help"))
}

/// No Rust debug text, parser names or advice that does not fit.
fn for_people(message: &str, help: &str) {
    for text in [message, help] {
        for bad in [
            "{",
            "}",
            "Breach",
            "budget",
            "Documents",
            "ScalarBytes",
            "::",
        ] {
            assert!(!text.contains(bad), "{bad:?} in {text:?}");
        }
    }
    assert!(!help.contains("indentation (use spaces"), "{help}");
}

#[test]
fn yaml_bombs_are_e019_in_words() {
    // Anchors by the dozen.
    let anchors: Vec<String> = (0..80).map(|i| format!("&a{i} walking")).collect();
    let anchors = listing("") + &format!("activities: [{}]\n", anchors.join(", "));
    // A long text repeated by aliases until it is far over the size a listing may be.
    let long = "x".repeat(4_000);
    let expanding = listing("").replace(
        "summary: A friendly knitting group.",
        &format!("summary: &a {long}"),
    ) + &format!("activities: [{}]\n", vec!["*a"; 40].join(", "));
    let aliases = listing("").replace("summary: A", "summary: &a A")
        + &format!("activities: [{}]\n", vec!["*a"; 200].join(", "));
    for (text, words) in [
        (anchors, "too many YAML anchors (&) or aliases (*)"),
        (
            expanding,
            "far too long once its YAML aliases (*) are written out",
        ),
        (aliases, "too many YAML"),
    ] {
        let (code, message, help) = error_of(&text);
        assert_eq!(code, "E019", "{message}");
        assert!(message.contains(words), "{message}");
        assert!(help.contains("anchors and aliases (& and *)"), "{help}");
        for_people(&message, &help);
    }
}

#[test]
fn several_documents_in_one_file_are_said_so() {
    let text = format!("{}---\n{}", listing(""), listing(""));
    let (code, message, help) = error_of(&text);
    assert_eq!(code, "E001");
    assert_eq!(
        message,
        "a listing file holds one listing, but this one has several YAML documents (`---`)"
    );
    assert_eq!(help, "put each listing in its own file");
    for_people(&message, &help);
}

#[test]
fn the_format_states_the_limits_check_enforces() {
    let format = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/FORMAT.md"),
    )
    .unwrap();
    let limit = signpost::listing::MAX_NAME;
    assert!(
        format.contains(&format!("`name` (at most {limit} characters)")),
        "FORMAT.md states the venue name's limit"
    );
    let venue = |name: &str| {
        listing(&format!(
            "venues:\n  - name: {name}\n    postcode: CR0 1AA\n    access: [step-free]\n"
        ))
    };
    let d = dir_with(&venue(&"v".repeat(limit)));
    assert_eq!(check_json(&d).0, Some(0));
    let (code, message, _) = error_of(&venue(&"v".repeat(limit + 1)));
    assert_eq!(code, "E016", "{message}");
    // Every code the refusals table names is one check has.
    for code in [
        "E001", "E011", "E012", "E016", "E018", "E019", "E026", "E027", "E028", "W006",
    ] {
        assert!(
            format.contains(&format!("| {code}")),
            "FORMAT.md's table has {code}"
        );
        assert!(
            signpost::diagnostics::Code::ALL
                .iter()
                .any(|c| c.as_str() == code),
            "{code}"
        );
    }
}
