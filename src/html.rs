//! HTML escaping, the one way the project writes text into markup by hand: the same five
//! characters, with the same entities, as tera escapes what a template prints (so a card
//! filled in from a stamp reads exactly as one rendered by the template).

/// `text` escaped for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `text` escaped onto the end of `out`.
pub fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escape("<b>\"Tom\" & 'Jerry'</b>"),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;"
        );
    }

    #[test]
    fn it_escapes_as_tera_does() {
        let every: String = (1u8..128).map(char::from).chain(['é', '€', '😀']).collect();
        let mut tera = Vec::new();
        tera::escape_html(&every, &mut tera).unwrap();
        assert_eq!(escape(&every), String::from_utf8(tera).unwrap());
    }
}
