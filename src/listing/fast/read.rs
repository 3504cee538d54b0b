//! The reader of the fast path: block mappings and lists by indentation, one-line `[...]`
//! lists, plain and quoted scalars and `|` blocks, from the scanned lines into [`Node`]s with
//! serde-saphyr's positions. Anything outside the subset gives `None`.
//!
//! Not for the listing's fields: [`super::convert`] turns nodes into a `Source`.

use std::borrow::Cow;

use super::MAX_SCALARS;
use super::scan::{Kind, Line, column, is_item, key_len, quoted, rest_ok};
use crate::diagnostics::Pos;

/// A YAML node of the subset.
pub(super) enum Node<'a> {
    Scalar {
        value: Cow<'a, str>,
        /// Plain (unquoted, not a block): the only style where `null` means null.
        plain: bool,
        pos: Pos,
    },
    /// `pos` is `None` for a block list not indented under its key, whose position
    /// serde-saphyr reports differently: such a list cannot be a `Src<Vec<_>>` here.
    Seq {
        items: Vec<Node<'a>>,
        pos: Option<Pos>,
    },
    Map {
        entries: Vec<(&'a str, Node<'a>)>,
        pos: Pos,
    },
}

/// Reads nodes from the lines of one file.
pub(super) struct Parser<'a> {
    text: &'a str,
    lines: Vec<Line<'a>>,
    /// The next line to read.
    next: usize,
    /// Scalars read so far, held to [`MAX_SCALARS`].
    scalars: usize,
}

impl<'a> Parser<'a> {
    /// A reader at the first line of `text`, cut into `lines` by [`super::scan::lines`].
    pub(super) fn new(text: &'a str, lines: Vec<Line<'a>>) -> Parser<'a> {
        Parser {
            text,
            lines,
            next: 0,
            scalars: 0,
        }
    }

    /// The whole file: one mapping at column 0, and nothing after it.
    pub(super) fn document(mut self) -> Option<Node<'a>> {
        let first = self.peek()?;
        if self.lines[first].indent != 0 {
            return None;
        }
        let root = self.map(0, None)?;
        if self.peek().is_some() {
            return None;
        }
        Some(root)
    }

    /// The next line with content (skipping empty and comment lines), made the next to read.
    fn peek(&mut self) -> Option<usize> {
        while let Some(line) = self.lines.get(self.next) {
            if line.kind == Kind::Content {
                return Some(self.next);
            }
            self.next += 1;
        }
        None
    }

    fn scalar(&mut self, value: Cow<'a, str>, plain: bool, pos: Pos) -> Option<Node<'a>> {
        self.scalars += 1;
        (self.scalars <= MAX_SCALARS).then_some(Node::Scalar { value, plain, pos })
    }

    /// A block mapping whose keys are at column `indent` (0-based). `first`: the line and
    /// byte offset of a first key already found (after the `- ` of a list item).
    fn map(&mut self, indent: usize, first: Option<(usize, usize)>) -> Option<Node<'a>> {
        let mut entries: Vec<(&'a str, Node<'a>)> = Vec::new();
        let mut pos = None;
        if let Some((li, at)) = first {
            self.next = li + 1;
            let (key, at, value) = self.entry(li, at, indent)?;
            pos = Some(at);
            entries.push((key, value));
        }
        while let Some(li) = self.peek() {
            let line = &self.lines[li];
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            self.next = li + 1;
            let (key, at, value) = self.entry(li, indent, indent)?;
            pos.get_or_insert(at);
            entries.push((key, value));
        }
        Some(Node::Map { entries, pos: pos? })
    }

    /// One `key: value` whose key starts at byte `at` of line `li`, in a mapping at column
    /// `indent`. The line is already consumed.
    fn entry(&mut self, li: usize, at: usize, indent: usize) -> Option<(&'a str, Pos, Node<'a>)> {
        let text = self.lines[li].text;
        let len = key_len(&text[at..])?;
        let key = &text[at..at + len];
        let key_pos = Pos::new(li + 1, column(text, at));
        let after = at + len + 1;
        let value_at = after + (text.len() - after - text[after..].trim_start_matches(' ').len());
        let rest = &text[value_at..];
        let value = if rest.is_empty() || rest.starts_with('#') {
            // The value is on the following lines.
            let next = self
                .peek()
                .map(|n| (self.lines[n].indent, is_item(&self.lines[n])));
            match next {
                Some((child, true)) if child > indent => self.seq(child, true)?,
                Some((child, false)) if child > indent => self.map(child, None)?,
                Some((child, true)) if child == indent => self.seq(indent, false)?,
                _ => return None, // null
            }
        } else {
            let value = self.inline(li, value_at, indent, true)?;
            // Nothing may continue the value on a more indented line.
            if let Some(n) = self.peek()
                && self.lines[n].indent > indent
            {
                return None;
            }
            value
        };
        Some((key, key_pos, value))
    }

    /// A block list whose `-` are at column `indent`. `indented`: deeper than its key (else
    /// at the key's own column).
    fn seq(&mut self, indent: usize, indented: bool) -> Option<Node<'a>> {
        let mut items = Vec::new();
        let mut pos = None;
        while let Some(li) = self.peek() {
            let line = &self.lines[li];
            if line.indent < indent {
                break;
            }
            if line.indent > indent {
                return None;
            }
            if !is_item(line) {
                if indented {
                    return None;
                }
                break; // the next key of the mapping that holds this list
            }
            let text = line.text;
            pos.get_or_insert(Pos::new(li + 1, indent + 1));
            self.next = li + 1;
            let at = text.len() - text[indent + 1..].trim_start_matches(' ').len();
            let rest = &text[at..];
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with("- ") || rest == "-" {
                return None;
            }
            let item = if key_len(rest).is_some() {
                self.map(at, Some((li, at)))?
            } else {
                let item = self.inline(li, at, indent, false)?;
                if let Some(n) = self.peek()
                    && self.lines[n].indent > indent
                {
                    return None;
                }
                item
            };
            items.push(item);
        }
        Some(Node::Seq {
            items,
            pos: pos.filter(|_| indented),
        })
    }

    /// A value that starts at byte `at` of line `li` (already consumed): a one-line scalar or
    /// `[...]` list, or (when `block` allows) a `|` block on the following lines, more
    /// indented than `indent`.
    fn inline(&mut self, li: usize, at: usize, indent: usize, block: bool) -> Option<Node<'a>> {
        let text = self.lines[li].text;
        let rest = &text[at..];
        let line = li + 1;
        match rest.as_bytes()[0] {
            b'[' => {
                let (node, end) = self.flow_seq(text, at, line)?;
                rest_ok(&text[end..]).then_some(node)
            }
            b'"' | b'\'' => {
                let (value, end) = quoted(text, at)?;
                let pos = Pos {
                    line,
                    column: column(text, at),
                    len: end - at,
                };
                if !rest_ok(&text[end..]) {
                    return None;
                }
                self.scalar(value, false, pos)
            }
            b'|' if block && rest_ok(&rest[1..]) => self.literal(indent),
            b'-' if rest.as_bytes().get(1).is_some_and(u8::is_ascii_digit) => {
                self.plain(text, at, line)
            }
            b'-' | b'{' | b'}' | b']' | b',' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b'|'
            | b'>' | b'?' | b':' | b'#' => None,
            _ => self.plain(text, at, line),
        }
    }

    /// A plain scalar from byte `at` to the end of the line or a comment.
    fn plain(&mut self, text: &'a str, at: usize, line: usize) -> Option<Node<'a>> {
        let rest = &text[at..];
        let end = rest.find(" #").unwrap_or(rest.len());
        let value = rest[..end].trim_end_matches(' ');
        if value.contains(": ") || value.ends_with(':') {
            return None;
        }
        let pos = Pos {
            line,
            column: column(text, at),
            len: value.len(),
        };
        self.scalar(Cow::Borrowed(value), true, pos)
    }

    /// A one-line `[a, "b", 'c']` list whose `[` is at byte `at`; the list and the byte after
    /// its `]`.
    fn flow_seq(&mut self, text: &'a str, at: usize, line: usize) -> Option<(Node<'a>, usize)> {
        let b = text.as_bytes();
        let skip = |mut i: usize| {
            while b.get(i) == Some(&b' ') {
                i += 1;
            }
            i
        };
        let mut items = Vec::new();
        let mut i = skip(at + 1);
        if b.get(i) == Some(&b']') {
            i += 1;
        } else {
            loop {
                let start = i;
                let (value, plain, end) = match *b.get(i)? {
                    b'"' | b'\'' => {
                        let (value, end) = quoted(text, i)?;
                        (value, false, end)
                    }
                    b'-' | b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*'
                    | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
                    _ => {
                        let len = text[i..].find([',', ']']).unwrap_or(text.len() - i);
                        let value = text[i..i + len].trim_end_matches(' ');
                        if value.contains(['#', ':', '[', '{', '}']) {
                            return None;
                        }
                        (Cow::Borrowed(value), true, i + value.len())
                    }
                };
                let pos = Pos {
                    line,
                    column: column(text, start),
                    len: end - start,
                };
                items.push(self.scalar(value, plain, pos)?);
                i = skip(end);
                match b.get(i)? {
                    b',' => i = skip(i + 1),
                    b']' => {
                        i += 1;
                        break;
                    }
                    _ => return None,
                }
                if b.get(i) == Some(&b']') {
                    return None; // a trailing comma
                }
            }
        }
        let pos = Pos {
            line,
            column: column(text, at),
            len: 1,
        };
        Some((
            Node::Seq {
                items,
                pos: Some(pos),
            },
            i,
        ))
    }

    /// A `|` block (literal, one final line break kept) on the lines after the current one,
    /// more indented than `indent`.
    fn literal(&mut self, indent: usize) -> Option<Node<'a>> {
        let lines = &self.lines;
        let mut k = self.next;
        let mut leading = 0;
        while k < lines.len() && lines[k].kind == Kind::Empty {
            leading += 1;
            k += 1;
        }
        let first = k;
        let content = lines.get(first)?.indent;
        if content <= indent || lines[first].kind == Kind::Spaces {
            return None;
        }
        let mut last = first;
        while let Some(line) = lines.get(k) {
            match line.kind {
                Kind::Empty => {}
                Kind::Spaces => return None,
                _ if line.indent >= content => last = k,
                _ => break,
            }
            k += 1;
        }
        if let Some(after) = lines.get(k)
            && (after.indent > indent || after.kind == Kind::Comment)
        {
            return None;
        }
        let mut value = "\n".repeat(leading);
        for line in &lines[first..=last] {
            if line.kind != Kind::Empty {
                value.push_str(&line.text[content..]);
            }
            value.push('\n');
        }
        let from = lines[first].start + content;
        // serde-saphyr's span runs to where the next token starts.
        let to = lines.get(k).map_or(self.text.len(), |l| l.start + l.indent);
        let pos = Pos {
            line: first + 1,
            column: content + 1,
            len: to - from,
        };
        self.next = k;
        self.scalar(Cow::Owned(value), false, pos)
    }
}
