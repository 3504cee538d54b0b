//! Links that deceive: a user name before the host, a numeric host, hidden characters in a
//! web link, and `?`, `&`, `=`, `%` or `#` in an email address (each of which changes a
//! `mailto:` link) are errors naming the file, the line and the field; and pages show a
//! link's host as its text, never the raw address.

use super::{check_json, dir_with, listing, only};
use crate::common::Dir;

/// `check` on a listing whose contact has `line`: the one error's code, line and message.
fn refused(line: &str) -> (String, u64, String) {
    let d = dir_with(&listing(&format!("contact:\n  {line}\n")));
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1), "{line}: {diags:#?}");
    let errors: Vec<_> = diags.iter().filter(|d| d["severity"] == "error").collect();
    assert_eq!(errors.len(), 1, "{line}: {diags:#?}");
    let e = errors[0];
    assert_eq!(e["file"], "listings/knit.yaml");
    (
        e["code"].as_str().unwrap().to_string(),
        e["line"].as_u64().unwrap(),
        e["message"].as_str().unwrap().to_string(),
    )
}

#[test]
fn a_user_name_before_the_host_a_numeric_host_or_a_hidden_character_is_refused() {
    let (code, line, message) = refused("website: https://www.nhs.uk@evil.example/");
    assert_eq!((code.as_str(), line), ("E011", 8));
    assert_eq!(
        message,
        "the link in `website` goes to evil.example, whatever comes before the `@`"
    );
    let (code, _, message) = refused("website: http://192.0.2.7/knit");
    assert_eq!(code, "E011");
    assert!(message.contains("numeric address"), "{message}");
    let (code, _, message) = refused("website: \"https://example.org/\\u202Efdp.exe\"");
    assert_eq!(code, "E011");
    assert!(
        message.contains("the link in `website` contains a hidden text-direction control (U+202E)"),
        "{message}"
    );
}

#[test]
fn a_booking_link_is_held_to_the_same_rules() {
    let d = dir_with(&listing(
        "booking: https://book.example.org@evil.example/\n",
    ));
    let (code, diags) = check_json(&d);
    assert_eq!(code, Some(1));
    let e = only(&diags, "E011");
    assert_eq!(e["line"], 7);
    assert!(
        e["message"]
            .as_str()
            .unwrap()
            .starts_with("the link in `booking` goes to evil.example"),
        "{e}"
    );
}

#[test]
fn an_email_that_would_add_recipients_to_a_mailto_link_is_refused() {
    for (email, c) in [
        ("a?bcc=x@example.org", '?'),
        ("a&cc=x@example.org", '&'),
        ("a%0A@example.org", '%'),
        ("a#b@example.org", '#'),
    ] {
        let (code, line, message) = refused(&format!("email: \"{email}\""));
        assert_eq!((code.as_str(), line), ("E012", 8), "{email}");
        assert!(
            message.contains(&format!("has a `{c}` before the @")),
            "{email}: {message}"
        );
    }
}

#[test]
fn the_format_says_which_email_characters_are_refused_and_why() {
    let format = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/FORMAT.md"),
    )
    .unwrap();
    assert!(format.contains("RFC 5322"), "FORMAT.md names the standard");
    for c in signpost::text::MAILTO_CHARACTERS {
        assert!(format.contains(&format!("`{c}`")), "FORMAT.md names `{c}`");
    }
}

#[test]
fn pages_show_a_links_host_as_its_text() {
    let d = Dir::plain(
        "[[sites]]\nid = \"town\"\nname = \"Town\"\npostcode = \"CR0 1AA\"\nborough_wide = true\n",
    );
    d.write(
        "listings/knit.yaml",
        &listing(
            "booking: https://tickets.example.net/knit?session=1\n\
             contact:\n  website: https://www.Example.org/knit/and/natter?utm=x\n",
        ),
    );
    let public = d.path().join("public");
    let out = d.run(&["build", "--out", public.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_to_string(public.join("listings/knit/index.html")).unwrap();
    assert!(
        page.contains(
            r#"<a href="https://www.Example.org/knit/and/natter?utm=x" rel="noopener noreferrer" dir="ltr">www.example.org</a>"#
        ),
        "{page}"
    );
    assert!(
        !page.contains(">https://www.Example.org"),
        "the raw address is not the text"
    );
}
