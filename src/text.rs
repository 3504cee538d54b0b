//! The shapes of text values, checked and made the same way everywhere: listing and site ids
//! (slugs), the closest word for "did you mean", ward names as keys, email addresses, web
//! links, UK phone numbers and GitHub user names.
//!
//! Pure functions of a string, with no knowledge of listings, files or the pipeline, so every
//! stage (validation, configuration, authoring, rendering) asks the same question the same way.
//! Not for deciding what a listing field means: that is `validate`'s job.

/// A listing or site id: lower-case ASCII letters and digits in words joined by single
/// hyphens, at most 100 bytes, so it is safe as one segment of a path or an address.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 100
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// A listing id made from any text: lower case, ASCII letters and digits, single hyphens.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// True for a valid GitHub user name: letters, digits and single inner hyphens, at most 39.
pub fn is_github_handle(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 39
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// Ward names compare without case, spaces and the difference between `&` and `and`.
pub fn ward_key(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The closest candidate to `word`, if any is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Why a web link is refused: see [`web_url_problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkProblem {
    /// Not `http://` or `https://` followed by a host with a dot (`javascript:`, `data:`,
    /// `file:`, a bare `example.org`, `https://localhost`, a space or a quote in it).
    NotWeb,
    /// A user name before the host, as in `https://www.nhs.uk@evil.example/`: the link would
    /// go to the host after the `@`, whatever the text before it says.
    UserInfo { host: String },
    /// A numeric host (`http://192.0.2.7/`, `http://[2001:db8::1]/`): nobody can tell whose
    /// it is.
    IpAddress,
    /// A character that is invisible or changes how the rest reads: a text-direction
    /// override, a zero-width character, a control character.
    Hidden(char),
}

/// Only web links to a named host: `http://` or `https://`, a host name with a dot, an
/// optional port, then anything but hidden characters. `javascript:`, `data:`, `file:` and
/// every other scheme are refused, so a listing can never inject script into a page; so are
/// links that read as one place and go to another (a user name before the host, a numeric
/// host, hidden characters).
pub fn web_url_problem(s: &str) -> Option<LinkProblem> {
    if let Some(c) = s.chars().find(|&c| is_hidden_in_link(c)) {
        return Some(LinkProblem::Hidden(c));
    }
    let Some((_, rest)) = split_scheme(s) else {
        return Some(LinkProblem::NotWeb);
    };
    if s.chars()
        .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\\'))
    {
        return Some(LinkProblem::NotWeb);
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some((_, host)) = authority.rsplit_once('@') {
        let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
        return Some(LinkProblem::UserInfo { host });
    }
    if authority.starts_with('[') {
        return Some(LinkProblem::IpAddress);
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let labels_ok = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
    if !port_ok || !labels_ok {
        return Some(LinkProblem::NotWeb);
    }
    // Browsers read a host whose last part is a number (decimal, or 0x hex) as an IPv4
    // address: `1.2.3.4`, `0x7f.1`, `3232235777.0`.
    let last = host.rsplit('.').next().unwrap_or(host);
    let numeric = last.bytes().all(|b| b.is_ascii_digit())
        || last
            .strip_prefix("0x")
            .or_else(|| last.strip_prefix("0X"))
            .is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
    numeric.then_some(LinkProblem::IpAddress)
}

/// True for a web link that [`web_url_problem`] accepts.
pub fn is_web_url(s: &str) -> bool {
    web_url_problem(s).is_none()
}

/// The host of a web link, lower case, as pages show it for the link's text (so the text says
/// where the link goes, whatever else the address holds): `https://Example.org/a?b` →
/// `example.org`. `None` when `s` is not an `http(s)://` link.
pub fn url_host(s: &str) -> Option<String> {
    let (_, rest) = split_scheme(s)?;
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// An address a server is published at, for a configuration or a command-line option:
/// `http://` or `https://`, something after it, and no space, quote, angle bracket, backslash
/// or invisible character. Looser than [`is_web_url`] (a server may be on `localhost` or an
/// IP address), as it comes from whoever runs Signpost, not from a listing.
pub fn is_base_url(s: &str) -> bool {
    split_scheme(s).is_some_and(|(_, rest)| !rest.is_empty())
        && !s.chars().any(|c| {
            c.is_whitespace() || is_hidden_in_link(c) || matches!(c, '"' | '<' | '>' | '\\')
        })
}

/// `http` or `https` (any case) and what follows `://`.
fn split_scheme(s: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = s.split_once("://")?;
    (scheme.eq_ignore_ascii_case("https") || scheme.eq_ignore_ascii_case("http"))
        .then_some((scheme, rest))
}

/// Characters no link may hold: controls, and invisible formatting characters (text-direction
/// marks, overrides and isolates, zero-width spaces and joiners, the byte order mark).
fn is_hidden_in_link(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{feff}')
        || matches!(c, '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}')
}

/// Characters that are legal in an email address (RFC 5322) but change a `mailto:` link: `?`
/// starts headers (`a?bcc=x@example.org` would copy a stranger into every message), `&`
/// separates them, `=` gives their values, `%` escapes characters and `#` ends the address.
/// Real addresses almost never use them, so listings may not.
pub const MAILTO_CHARACTERS: &[char] = &['?', '&', '=', '%', '#'];

/// Why an email address is refused: see [`email_problem`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EmailProblem {
    /// Not `name@domain.tld` (no `@`, two, a space, no dot in the domain, …).
    Shape,
    /// One of [`MAILTO_CHARACTERS`].
    Mailto(char),
}

/// A plain check for `name@domain.tld`: one `@`, printable ASCII with no spaces, a dot in
/// the domain, and none of [`MAILTO_CHARACTERS`].
pub fn email_problem(s: &str) -> Option<EmailProblem> {
    let Some((local, domain)) = s.split_once('@') else {
        return Some(EmailProblem::Shape);
    };
    let shape = !local.is_empty()
        && local.len() <= 64
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && s.chars().all(|c| c.is_ascii_graphic())
        && !s.contains(['<', '>', '"', '(', ')', ',', ';', ':', '\\', '[', ']'])
        && domain
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    if !shape {
        return Some(EmailProblem::Shape);
    }
    local
        .chars()
        .find(|c| MAILTO_CHARACTERS.contains(c))
        .map(EmailProblem::Mailto)
}

/// True for an email address that [`email_problem`] accepts.
pub fn is_email(s: &str) -> bool {
    email_problem(s).is_none()
}

/// A character a listing's text may not hold: a control character (NUL, BEL, ESC, DEL, the C1
/// controls; a tab is fine), a carriage return, a line break or line separator in a one-line
/// field (`multiline` false), or a text-direction override or isolate (U+202A–U+202E,
/// U+2066–U+2069), which makes text read differently from what it is. The first one, if any.
pub fn forbidden_char(s: &str, multiline: bool) -> Option<char> {
    s.chars().find(|&c| match c {
        '\t' => false,
        '\n' | '\u{2028}' | '\u{2029}' => !multiline,
        c => c == '\r' || is_unsafe_char(c),
    })
}

/// Characters that no output may carry raw, whatever validation let through: the control
/// characters but tab, line feed and carriage return (C0, DEL, C1), and the text-direction
/// overrides and isolates. Output formats escape or replace them ([`visible`],
/// `html::escape`, the calendar files, the JSON and CSV writers).
pub fn is_unsafe_char(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `s` with every [`is_unsafe_char`] and carriage return replaced by something a person can
/// see and no terminal, log or page acts on: the control's picture (`␀`, `␛`, `␍`, …, `␡`) or,
/// for the C1 controls and the direction overrides, U+FFFD `�`. Tabs and line feeds are kept.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c == '\r' || is_unsafe_char(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            '\0'..='\u{1f}' if c != '\t' && c != '\n' => {
                char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}')
            }
            '\u{7f}' => '\u{2421}',
            c if is_unsafe_char(c) => '\u{fffd}',
            c => c,
        })
        .collect()
}

/// `s` with every [`is_unsafe_char`] replaced by U+FFFD `�`, for output that keeps line
/// structure as it is (Markdown before it becomes HTML, CSV cells, calendar text).
pub fn without_unsafe(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| if is_unsafe_char(c) { '\u{fffd}' } else { c })
        .collect()
}

/// A plain name for a character [`forbidden_char`] refuses, for error messages:
/// "an escape character (U+001B)".
pub fn describe_char(c: char) -> String {
    let what = match c {
        '\0' => "a NUL character",
        '\u{7}' => "a bell character",
        '\u{8}' => "a backspace",
        '\u{1b}' => "an escape character",
        '\r' => "a carriage return",
        '\n' => "a line break",
        '\u{2028}' => "a line separator",
        '\u{2029}' => "a paragraph separator",
        '\u{7f}' => "a delete character",
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => "a hidden text-direction control",
        '\u{200b}'..='\u{200f}' | '\u{2060}'..='\u{2065}' | '\u{feff}' | '\u{ad}' => {
            "an invisible character"
        }
        _ => "a control character",
    };
    format!("{what} (U+{:04X})", c as u32)
}

/// A UK phone number reduced to its digits (`+44` written as `0`), if it is one: 10 or 11
/// digits starting with 0, or a short national helpline (`116 123`, `111`).
pub fn normalise_phone(s: &str) -> Option<String> {
    let mut digits = String::new();
    let trimmed = s.trim();
    let rest = if let Some(r) = trimmed.strip_prefix("+44") {
        digits.push('0');
        r.trim_start().trim_start_matches("(0)")
    } else {
        trimmed
    };
    for c in rest.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '(' | ')' | '.' => {}
            _ => return None,
        }
    }
    let ok =
        (digits.starts_with('0') && (10..=11).contains(&digits.len()) && !digits.starts_with("00"))
            || (digits.len() == 6 && digits.starts_with("116"))
            || digits == "111"
            || digits == "999";
    ok.then_some(digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_links_only() {
        assert!(is_web_url("https://example.org/knit?x=1"));
        assert!(is_web_url("http://example.org"));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<script>",
            "file:///etc/passwd",
            "example.org",
            "https://",
            "https://exa mple.org",
            "https://localhost",
            "https://\"onmouseover=alert(1).org",
            "https://example.org:port/",
            "https://exa_mple.org/",
            "https://example..org/",
            "https://example.org\\@evil.example/",
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
        assert!(is_web_url("HTTPS://Example.org:8443/café?q=a@b"));
    }

    #[test]
    fn links_that_read_as_one_place_and_go_to_another_are_refused() {
        use LinkProblem::*;
        for (link, problem) in [
            (
                "https://www.nhs.uk@evil.example/",
                UserInfo {
                    host: "evil.example".into(),
                },
            ),
            (
                "https://user:pw@Evil.example:8080/x",
                UserInfo {
                    host: "evil.example".into(),
                },
            ),
            ("http://192.0.2.7/", IpAddress),
            ("http://192.0.2.7:8080", IpAddress),
            ("http://0x7f.1/", IpAddress),
            ("http://[2001:db8::1]/", IpAddress),
            ("https://example.org/\u{202e}fdp.exe", Hidden('\u{202e}')),
            ("https://exa\u{200b}mple.org/", Hidden('\u{200b}')),
            ("https://example.org/\u{1b}[2J", Hidden('\u{1b}')),
        ] {
            assert_eq!(web_url_problem(link), Some(problem), "{link}");
        }
        // A numeric part that is not the last is a name (`1.example.org`).
        assert!(is_web_url("https://1.example.org/"));
        assert!(
            is_web_url("https://example.org/user@home"),
            "an @ after the host"
        );
    }

    #[test]
    fn a_link_is_shown_by_its_host() {
        assert_eq!(
            url_host("https://Example.org/knit?x=1#top").as_deref(),
            Some("example.org")
        );
        assert_eq!(
            url_host("http://www.example.org:8080").as_deref(),
            Some("www.example.org")
        );
        assert_eq!(url_host("mailto:a@b.org"), None);
    }

    #[test]
    fn characters_that_hide_or_control_are_found_and_made_visible() {
        assert_eq!(forbidden_char("Knit and Natter", false), None);
        assert_eq!(forbidden_char("tab\there", false), None);
        assert_eq!(forbidden_char("two\nlines", true), None);
        assert_eq!(forbidden_char("two\nlines", false), Some('\n'));
        assert_eq!(forbidden_char("a\u{2028}b", false), Some('\u{2028}'));
        assert_eq!(forbidden_char("a\rb", true), Some('\r'));
        for c in [
            '\0', '\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{202e}', '\u{2066}',
        ] {
            assert_eq!(forbidden_char(&format!("a{c}b"), true), Some(c), "{c:?}");
        }
        // Arabic and Urdu text may carry direction marks: only overrides and isolates are refused.
        assert_eq!(forbidden_char("مرحبا\u{200f} Knit", false), None);
        assert_eq!(
            visible("red \u{1b}[31m\0 \r\u{7f}\u{9b}\u{202e}\tok\n"),
            "red \u{241b}[31m\u{2400} \u{240d}\u{2421}\u{fffd}\u{fffd}\tok\n"
        );
        assert!(matches!(visible("plain"), std::borrow::Cow::Borrowed(_)));
        assert_eq!(describe_char('\u{1b}'), "an escape character (U+001B)");
        assert_eq!(
            describe_char('\u{202e}'),
            "a hidden text-direction control (U+202E)"
        );
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_email("knit@example.org"));
        assert!(!is_email("knit@example"));
        assert!(!is_email("knit example.org"));
        assert!(!is_email("a@b@c.org"));
        // Legal in RFC 5322, but each would change a mailto: link.
        assert_eq!(
            email_problem("a?bcc=x@example.org"),
            Some(EmailProblem::Mailto('?'))
        );
        for bad in [
            "a&b@example.org",
            "a=b@example.org",
            "a%0a@example.org",
            "a#b@example.org",
        ] {
            assert!(
                matches!(email_problem(bad), Some(EmailProblem::Mailto(_))),
                "{bad}"
            );
        }
        assert!(is_email("jo.bloggs+knit@example.org"));
        assert_eq!(
            normalise_phone("020 8123 4567").as_deref(),
            Some("02081234567")
        );
        assert_eq!(
            normalise_phone("+44 (0)20 8123 4567").as_deref(),
            Some("02081234567")
        );
        assert_eq!(
            normalise_phone("07700 900123").as_deref(),
            Some("07700900123")
        );
        assert_eq!(normalise_phone("116 123").as_deref(), Some("116123"));
        assert_eq!(normalise_phone("12345"), None);
        assert_eq!(normalise_phone("020 CALL NOW"), None);
        assert_eq!(normalise_phone("+1 555 123 4567"), None);
    }

    #[test]
    fn slugs() {
        assert!(is_slug("knit-and-natter"));
        assert!(!is_slug("Knit and Natter"));
        assert!(!is_slug("knit--natter"));
        // Site ids are folders of the output too.
        assert!(is_slug("h83009") && is_slug("croydon-north"));
        assert!(!is_slug("../etc") && !is_slug("A") && !is_slug("") && !is_slug("-x"));
        assert_eq!(slugify("Knit & Natter!"), "knit-natter");
        assert_eq!(
            ward_key("Norbury & Pollards Hill"),
            ward_key("norbury and  pollards hill")
        );
    }
}
