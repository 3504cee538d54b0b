//! The line scanner of the fast path: the characters the subset allows, the file cut into
//! lines (indentation and kind), and the small pieces of a line the reader needs (keys, `- `
//! items, columns, one-line quoted scalars, what may follow a value).
//!
//! Not for nesting: [`super::read`] builds nodes from these lines.

use std::borrow::Cow;

/// The lines of `text`, if every character is one the subset allows.
pub(super) fn lines(text: &str) -> Option<Vec<Line<'_>>> {
    if !text.chars().all(allowed) {
        return None;
    }
    let mut lines = Vec::with_capacity(64);
    let mut start = 0;
    for piece in text.split('\n') {
        let indent = piece.len() - piece.trim_start_matches(' ').len();
        let rest = &piece[indent..];
        let kind = if rest.is_empty() {
            if piece.is_empty() {
                Kind::Empty
            } else {
                Kind::Spaces
            }
        } else if rest.starts_with('#') {
            Kind::Comment
        } else {
            Kind::Content
        };
        lines.push(Line {
            text: piece,
            start,
            indent,
            kind,
        });
        start += piece.len() + 1;
    }
    if text.ends_with('\n') {
        lines.pop(); // the empty piece after the last line break
    }
    Some(lines)
}

/// Characters the subset allows: printable ASCII, line feeds, and printable non-ASCII other
/// than the ones YAML or its parsers treat specially (NEL, the Unicode line and paragraph
/// separators, the byte order mark, no-break space, non-characters).
fn allowed(c: char) -> bool {
    matches!(c, ' '..='~' | '\n')
        || (c >= '\u{a1}'
            && !matches!(
                c,
                '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
            ))
}

/// What a line holds.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Nothing at all.
    Empty,
    /// Spaces only.
    Spaces,
    /// A comment (after optional spaces).
    Comment,
    Content,
}

/// One line of the file, without its line break.
pub(super) struct Line<'a> {
    pub(super) text: &'a str,
    /// Byte offset of the line in the file.
    pub(super) start: usize,
    /// Leading spaces.
    pub(super) indent: usize,
    pub(super) kind: Kind,
}

/// The column (1-based, in characters) of byte `at` of `line`.
pub(super) fn column(line: &str, at: usize) -> usize {
    let before = &line[..at];
    if before.is_ascii() {
        at + 1
    } else {
        before.chars().count() + 1
    }
}

/// The length of a mapping key (`[A-Za-z0-9_-]+` followed by `:` and a space or the end of
/// the line) at the start of `s`, if there is one.
pub(super) fn key_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if !b.first()?.is_ascii_alphanumeric() && b[0] != b'_' {
        return None;
    }
    let n = b
        .iter()
        .position(|&c| !(c.is_ascii_alphanumeric() || c == b'_' || c == b'-'))?;
    (b[n] == b':' && matches!(b.get(n + 1), None | Some(b' '))).then_some(n)
}

/// True when what follows a value on its line is nothing, or spaces and a comment.
pub(super) fn rest_ok(rest: &str) -> bool {
    let trimmed = rest.trim_start_matches(' ');
    trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
}

/// `- ` or a lone `-` at the indentation of `line`.
pub(super) fn is_item(line: &Line) -> bool {
    let rest = &line.text[line.indent..];
    rest == "-" || rest.starts_with("- ")
}

/// A one-line quoted scalar whose quote is at byte `at`: its value and the byte after the
/// closing quote. Double-quoted scalars with escapes are left to serde-saphyr.
pub(super) fn quoted(text: &str, at: usize) -> Option<(Cow<'_, str>, usize)> {
    let quote = text.as_bytes()[at];
    let body = &text[at + 1..];
    if quote == b'"' {
        let end = body.find(['"', '\\'])?;
        (body.as_bytes()[end] == b'"').then(|| (Cow::Borrowed(&body[..end]), at + end + 2))
    } else {
        let mut value = String::new();
        let mut i = 0;
        loop {
            let end = i + body[i..].find('\'')?;
            value.push_str(&body[i..end]);
            if body.as_bytes().get(end + 1) == Some(&b'\'') {
                value.push('\'');
                i = end + 2;
            } else {
                let value = if value.len() == end {
                    Cow::Borrowed(&body[..end])
                } else {
                    Cow::Owned(value)
                };
                return Some((value, at + end + 2));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_know_their_indentation_and_kind_and_tabs_are_refused() {
        let lines = lines("a: 1\n  # note\n   \n\n  - x\n").unwrap();
        let seen: Vec<(usize, usize, bool, bool)> = lines
            .iter()
            .map(|l| {
                (
                    l.start,
                    l.indent,
                    l.kind == Kind::Content,
                    l.kind == Kind::Empty,
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (0, 0, true, false),
                (5, 2, false, false),
                (14, 3, false, false),
                (18, 0, false, true),
                (19, 2, true, false)
            ]
        );
        assert!(lines[2].kind == Kind::Spaces && lines[1].kind == Kind::Comment);
        assert!(super::lines("a:\tb\n").is_none());
        assert!(super::lines("a: b\r\n").is_none());
    }

    #[test]
    fn keys_are_words_followed_by_a_colon_and_a_space_or_the_end() {
        assert_eq!(key_len("name: x"), Some(4));
        assert_eq!(key_len("by_phone:"), Some(8));
        assert_eq!(key_len("pt-BR: y"), Some(5));
        assert_eq!(key_len("http://x"), None);
        assert_eq!(key_len("-a: x"), None);
        assert_eq!(key_len("name"), None);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(column("name: x", 6), 7);
        assert_eq!(column("é: x", 4), 4);
    }

    #[test]
    fn one_line_quoted_scalars_end_at_their_closing_quote() {
        let (v, end) = quoted(r#"a: "b c" # x"#, 3).unwrap();
        assert_eq!((&*v, end), ("b c", 8));
        let (v, end) = quoted("'It''s' x", 0).unwrap();
        assert_eq!((&*v, end), ("It's", 7));
        assert!(
            quoted(r#""a \" b""#, 0).is_none(),
            "escapes are left to serde-saphyr"
        );
        assert!(quoted("'open", 0).is_none());
    }
}
