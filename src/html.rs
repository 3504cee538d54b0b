//! HTML escaping, the one way the project writes text into markup, by hand and through the
//! templates (`render` installs [`escape_io`] as tera's escape function, so a card filled in
//! from a stamp reads exactly as one rendered by the template): the same five characters,
//! with the same entities, as tera escapes them, and every character no page may carry raw
//! (the control characters but tab, line feed and carriage return, and the text-direction
//! overrides and isolates: [`crate::text::is_unsafe_char`]) replaced by U+FFFD `�`.
//! Validation refuses such characters in listings; this is the net under it.

/// What each byte starts: 0 nothing to do, 1 an ASCII character to replace, 2 a possible C1
/// control (`0xC2`), 3 a possible direction override or isolate (`0xE2`).
const CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 0x20 {
        if b != b'\t' as usize && b != b'\n' as usize && b != b'\r' as usize {
            t[b] = 1;
        }
        b += 1;
    }
    t[b'&' as usize] = 1;
    t[b'<' as usize] = 1;
    t[b'>' as usize] = 1;
    t[b'"' as usize] = 1;
    t[b'\'' as usize] = 1;
    t[0x7f] = 1;
    t[0xc2] = 2;
    t[0xe2] = 3;
    t
};

const REPLACEMENT: &str = "\u{fffd}";

/// Calls `emit` with the pieces of `text` escaped, in order.
fn escape_pieces<E>(text: &str, mut emit: impl FnMut(&str) -> Result<(), E>) -> Result<(), E> {
    let bytes = text.as_bytes();
    let mut done = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (with, len) = match CLASS[b as usize] {
            0 => {
                i += 1;
                continue;
            }
            1 => (
                match b {
                    b'&' => "&amp;",
                    b'<' => "&lt;",
                    b'>' => "&gt;",
                    b'"' => "&quot;",
                    b'\'' => "&#39;",
                    _ => REPLACEMENT,
                },
                1,
            ),
            2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => (REPLACEMENT, 2),
            3 if matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9))
            ) =>
            {
                (REPLACEMENT, 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        emit(&text[done..i])?;
        emit(with)?;
        i += len;
        done = i;
    }
    emit(&text[done..])
}

/// `text` escaped for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// `text` escaped onto the end of `out`.
pub fn escape_into(out: &mut String, text: &str) {
    let _ = escape_pieces(text, |piece| {
        out.push_str(piece);
        Ok::<(), std::convert::Infallible>(())
    });
}

/// `text` escaped onto `out`: tera's escape function for every template (see the module
/// documentation).
pub fn escape_io(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    escape_pieces(text, |piece| out.write_all(piece.as_bytes()))
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
    fn it_escapes_printable_text_as_tera_does() {
        let every: String = (1u8..128)
            .map(char::from)
            .filter(|&c| !crate::text::is_unsafe_char(c))
            .chain([
                'é', '€', '😀', '\u{a0}', '\u{2028}', '\u{200f}', '\u{2065}', '\u{202f}',
            ])
            .collect();
        let mut tera = Vec::new();
        tera::escape_html(&every, &mut tera).unwrap();
        assert_eq!(escape(&every), String::from_utf8(tera).unwrap());
    }

    #[test]
    fn characters_no_page_may_carry_are_replaced() {
        for c in (0u32..0x3000)
            .chain([0xfeff, 0x1f600])
            .filter_map(char::from_u32)
        {
            let text = format!("a{c}b");
            let escaped = escape(&text);
            if crate::text::is_unsafe_char(c) {
                assert_eq!(escaped, "a\u{fffd}b", "{c:?}");
            } else {
                assert!(!escaped.contains('\u{fffd}') || c == '\u{fffd}', "{c:?}");
            }
        }
        let mut io = Vec::new();
        escape_io("<\u{1b}[31m\u{202e}>", &mut io).unwrap();
        assert_eq!(
            String::from_utf8(io).unwrap(),
            "&lt;\u{fffd}[31m\u{fffd}&gt;"
        );
    }
}
