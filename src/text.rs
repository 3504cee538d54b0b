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

/// Only web links: `http://` or `https://` with a host. `javascript:`, `data:`, `file:` and
/// every other scheme are refused, so a listing can never inject script into a page.
pub fn is_web_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    let Some(rest) = rest else { return false };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    host.contains('.')
        && !host.starts_with('.')
        && !host.ends_with('.')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && !s
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// A plain check for `name@domain.tld`: one `@`, no spaces, a dot in the domain.
pub fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
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
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
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
        ] {
            assert!(!is_web_url(bad), "{bad}");
        }
    }

    #[test]
    fn emails_and_phones() {
        assert!(is_email("knit@example.org"));
        assert!(!is_email("knit@example"));
        assert!(!is_email("knit example.org"));
        assert!(!is_email("a@b@c.org"));
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
