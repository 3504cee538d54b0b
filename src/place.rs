//! Places as values: a UK [`Postcode`] and a WGS84 point ([`LatLon`]).
//!
//! This module is for carrying a postcode or a point through the pipeline: parsing and
//! normalising a postcode once (`"cr01aa"` → `CR0 1AA`), packing it into an integer that sorts
//! like its text, and measuring the distance between two points. Every stage that handles
//! places (`model`, `validate`, `locate`, `sites`, `select`, `search`, `api`, `insight`) uses
//! these types.
//!
//! It is not for finding where a postcode is or whether it exists: that is the gazetteer's job
//! (`locate`), which reads the postcode files. Nor for converting grid references: see
//! `locate::osgb36_to_wgs84`.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

// ---------------------------------------------------------------------------
// Postcode
// ---------------------------------------------------------------------------

/// A UK postcode, parsed once and always valid. Normalised: upper case, one
/// space before the 3-char inward code.
///
/// For carrying a postcode through the pipeline and using it as a key: it is
/// a `Copy` integer inside, so comparing, hashing and sorting are cheap.
/// Ordering is the alphabetical order of the normalised text (`CR0 1AA` <
/// `CR0 2AA` < `CR2 6AA` < `CR44 1AA`), not the "natural" district order.
///
/// Not for deciding whether a postcode exists: `ZZ9 9ZZ` has a valid shape and
/// parses; ask the gazetteer (`locate::Gazetteer`) whether it is known. Only the shape is checked:
/// an outward code `A9`, `A99`, `AA9`, `AA99`, `A9A` or `AA9A`, then an inward
/// code of a digit and two letters. The Girobank postcode `GIR 0AA` is
/// accepted too.
///
/// ```
/// use signpost::place::Postcode;
/// let p: Postcode = " se254aa ".parse().unwrap();
/// assert_eq!(p.to_string(), "SE25 4AA");
/// assert_eq!(p.outward(), "SE25");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Postcode(u64);

// Packing: seven 6-bit slots, most significant first — four for the outward
// code (padded at the end with 0) and three for the inward code. Slot values:
// 0 = padding, 1..=10 = '0'..='9', 11..=36 = 'A'..='Z', so padding sorts
// before every character and integer order is text order.
const SLOT_BITS: u32 = 6;
const SLOT_MASK: u64 = (1 << SLOT_BITS) - 1;
const OUTWARD_SLOTS: usize = 4;
const INWARD_SLOTS: usize = 3;
const KEY_BITS: u32 = SLOT_BITS * (OUTWARD_SLOTS + INWARD_SLOTS) as u32;
const KEY_MASK: u64 = (1 << KEY_BITS) - 1;

impl Postcode {
    /// The outward code (the part before the space), e.g. `"CR0"` or `"SE25"`.
    pub fn outward(&self) -> String {
        let (text, len) = self.text();
        let outward_len = len - INWARD_SLOTS - 1;
        String::from_utf8_lossy(&text[..outward_len]).into_owned()
    }

    /// Normalised text in a stack buffer: (bytes, length used).
    fn text(&self) -> ([u8; 8], usize) {
        let mut out = [0u8; 8];
        let mut len = 0;
        for slot in 0..OUTWARD_SLOTS + INWARD_SLOTS {
            if slot == OUTWARD_SLOTS {
                out[len] = b' ';
                len += 1;
            }
            let shift = SLOT_BITS * (OUTWARD_SLOTS + INWARD_SLOTS - 1 - slot) as u32;
            let value = (self.0 >> shift) & SLOT_MASK;
            if value != 0 {
                out[len] = slot_char(value);
                len += 1;
            }
        }
        (out, len)
    }

    /// Parses raw bytes (as they come out of a CSV field), accepting what
    /// [`Postcode::from_str`] accepts; allocates only to describe a failure.
    pub fn parse_bytes(raw: &[u8]) -> Result<Postcode, PostcodeError> {
        Postcode::parse_packed(raw).map_err(|problem| PostcodeError::new(raw, problem))
    }

    /// The parser itself, without allocating.
    fn parse_packed(raw: &[u8]) -> Result<Postcode, Problem> {
        let text = raw.trim_ascii();
        if text.is_empty() {
            return Err(Problem::Empty);
        }
        if !text
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b.is_ascii_whitespace())
        {
            return Err(Problem::Characters);
        }
        if text.len() < 5 {
            return Err(Problem::TooShort);
        }
        // Every byte is ASCII (checked above), so counting from the end in
        // bytes counts characters and cannot cut one.
        let (outward, inward) = text.split_at(text.len() - INWARD_SLOTS);
        let outward = outward.trim_ascii_end();
        if outward.iter().any(u8::is_ascii_whitespace) {
            return Err(Problem::Spacing);
        }
        let is_digit = |b: u8| b.is_ascii_digit();
        let is_letter = |b: u8| b.is_ascii_alphabetic();
        if !(is_digit(inward[0]) && is_letter(inward[1]) && is_letter(inward[2])) {
            return Err(Problem::Inward);
        }
        let girobank = outward.eq_ignore_ascii_case(b"GIR") && inward.eq_ignore_ascii_case(b"0AA");
        let shape_ok = match *outward {
            [a, b] => is_letter(a) && is_digit(b),
            [a, b, c] => {
                is_letter(a)
                    && ((is_digit(b) && (is_digit(c) || is_letter(c)))
                        || (is_letter(b) && is_digit(c)))
            }
            [a, b, c, d] => {
                is_letter(a) && is_letter(b) && is_digit(c) && (is_digit(d) || is_letter(d))
            }
            _ => false,
        };
        if !(shape_ok || girobank) {
            return Err(Problem::Outward);
        }
        let mut key = 0u64;
        for slot in 0..OUTWARD_SLOTS {
            key = (key << SLOT_BITS) | outward.get(slot).map_or(0, |&b| char_slot(b));
        }
        for &b in inward {
            key = (key << SLOT_BITS) | char_slot(b);
        }
        Ok(Postcode(key))
    }

    /// The packed form: an integer under 2^42 whose order is the postcode
    /// order. For compact storage (the gazetteer's sorted arrays and its
    /// cache files); [`Postcode::from_key`] turns it back.
    #[inline]
    pub fn key(self) -> u64 {
        self.0
    }

    /// Rebuilds a postcode from its packed form, checking that it is one
    /// [`Postcode::parse_bytes`] could have produced (for keys read from
    /// files, which are input).
    pub fn from_key(key: u64) -> Option<Postcode> {
        if key & !KEY_MASK != 0 {
            return None;
        }
        // Every slot must hold a character or padding, padding only at the end
        // of the outward code, and the text must parse back to the same key.
        let mut seen_padding = false;
        for slot in 0..OUTWARD_SLOTS + INWARD_SLOTS {
            let shift = SLOT_BITS * (OUTWARD_SLOTS + INWARD_SLOTS - 1 - slot) as u32;
            let value = (key >> shift) & SLOT_MASK;
            if value > 36 || (value == 0 && slot >= OUTWARD_SLOTS) {
                return None;
            }
            if value == 0 {
                seen_padding = true;
            } else if seen_padding && slot < OUTWARD_SLOTS {
                return None;
            }
        }
        let candidate = Postcode(key);
        let (text, len) = candidate.text();
        match Postcode::parse_packed(&text[..len]) {
            Ok(parsed) if parsed == candidate => Some(candidate),
            _ => None,
        }
    }

    /// Rebuilds a postcode from a key that [`Postcode::key`] gave (or
    /// [`Postcode::from_key`] checked), without checking it again: for the
    /// gazetteer handing back the keys it stores.
    #[inline]
    pub(crate) fn from_trusted_key(key: u64) -> Postcode {
        debug_assert!(key & !KEY_MASK == 0, "not a packed postcode: {key:#x}");
        Postcode(key)
    }

    /// The packed keys of every postcode with this one's outward code (all of
    /// `CR0` for `CR0 9ZZ`), as a half-open range: in key order a district is
    /// one run, and `CR4` and `CR44` are different runs.
    pub fn outward_keys(&self) -> Range<u64> {
        let inward_bits = SLOT_BITS * INWARD_SLOTS as u32;
        let low = self.0 >> inward_bits << inward_bits;
        low..low + (1 << inward_bits)
    }

    /// True for Northern Ireland's postcodes (the `BT` area), which ONS
    /// files give Irish Grid references rather than British National Grid ones.
    pub fn in_northern_ireland(self) -> bool {
        let (text, _) = self.text();
        text.starts_with(b"BT")
    }
}

fn char_slot(b: u8) -> u64 {
    match b.to_ascii_uppercase() {
        d @ b'0'..=b'9' => u64::from(d - b'0') + 1,
        l @ b'A'..=b'Z' => u64::from(l - b'A') + 11,
        _ => unreachable!("callers check the byte is ASCII alphanumeric"),
    }
}

fn slot_char(value: u64) -> u8 {
    match value {
        1..=10 => b'0' + (value - 1) as u8,
        11..=36 => b'A' + (value - 11) as u8,
        _ => b'?',
    }
}

impl FromStr for Postcode {
    type Err = PostcodeError;

    /// Accepts any case and any spacing between the outward and inward codes:
    /// `"cr0 1aa"`, `"CR01AA"`, `"SE254AA"`, `" SW16  4NL "`.
    fn from_str(s: &str) -> Result<Postcode, PostcodeError> {
        Postcode::parse_bytes(s.as_bytes())
    }
}

impl fmt::Display for Postcode {
    /// The normalised form: `"CR0 1AA"`, `"SE25 4AA"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (text, len) = self.text();
        // Every byte is ASCII by construction.
        f.pad(std::str::from_utf8(&text[..len]).unwrap_or("?"))
    }
}

impl fmt::Debug for Postcode {
    /// `Postcode("CR0 1AA")`, so test failures show the postcode, not its packing.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Postcode(\"{self}\")")
    }
}

/// Why some text is not a UK postcode: the variant says which part is wrong,
/// and the message ends with what a postcode looks like. Each variant holds
/// the rejected text ([`PostcodeError::input`]).
///
/// For showing to whoever typed the postcode. Not for telling "unknown
/// postcode" apart from "malformed postcode": a well-formed postcode that no
/// file knows is not an error here (that is `locate::Gazetteer::lookup`'s answer).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PostcodeError {
    /// Nothing, or only spaces.
    #[error("\"{input}\" is not a UK postcode: it is empty; {EXPECTED}")]
    Empty { input: String },
    /// Something other than ASCII letters, digits and spaces.
    #[error(
        "\"{input}\" is not a UK postcode: it has characters other than letters, digits and \
         spaces; {EXPECTED}"
    )]
    Characters { input: String },
    /// Fewer than five letters and digits.
    #[error(
        "\"{input}\" is not a UK postcode: it is too short for an outward and an inward code; \
         {EXPECTED}"
    )]
    TooShort { input: String },
    /// A space inside the outward code.
    #[error(
        "\"{input}\" is not a UK postcode: a space is only allowed before the last three \
         characters; {EXPECTED}"
    )]
    Spacing { input: String },
    /// The inward code (the last three characters) is not a digit and two letters.
    #[error(
        "\"{input}\" is not a UK postcode: the last three characters should be a digit then \
         two letters; {EXPECTED}"
    )]
    Inward { input: String },
    /// The outward code is not one of the shapes `A9`, `A99`, `AA9`, `AA99`, `A9A`, `AA9A`.
    #[error(
        "\"{input}\" is not a UK postcode: the part before the last three characters should be \
         one or two letters, a digit, then optionally a digit or letter; {EXPECTED}"
    )]
    Outward { input: String },
}

/// The end of every [`PostcodeError`] message.
const EXPECTED: &str = "expected something like \"CR0 1AA\" or \"SE25 4AA\"";

/// Which check a text failed, before any allocation: the parser's own answer,
/// turned into a [`PostcodeError`] only when someone wants to see it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    Empty,
    Characters,
    TooShort,
    Spacing,
    Inward,
    Outward,
}

impl PostcodeError {
    fn new(input: &[u8], problem: Problem) -> PostcodeError {
        const MAX_SHOWN: usize = 40;
        let mut input = String::from_utf8_lossy(input).into_owned();
        // Cut in characters, never inside one: the text may be anybody's.
        if input.chars().count() > MAX_SHOWN {
            input = input.chars().take(MAX_SHOWN).chain("…".chars()).collect();
        }
        match problem {
            Problem::Empty => PostcodeError::Empty { input },
            Problem::Characters => PostcodeError::Characters { input },
            Problem::TooShort => PostcodeError::TooShort { input },
            Problem::Spacing => PostcodeError::Spacing { input },
            Problem::Inward => PostcodeError::Inward { input },
            Problem::Outward => PostcodeError::Outward { input },
        }
    }

    /// The text that was rejected (cut short if it was very long).
    pub fn input(&self) -> &str {
        match self {
            PostcodeError::Empty { input }
            | PostcodeError::Characters { input }
            | PostcodeError::TooShort { input }
            | PostcodeError::Spacing { input }
            | PostcodeError::Inward { input }
            | PostcodeError::Outward { input } => input,
        }
    }
}

// ---------------------------------------------------------------------------
// Coordinates
// ---------------------------------------------------------------------------

/// A point as WGS84 latitude and longitude in decimal degrees (north and east
/// positive) — what web maps, GeoJSON and GPS use.
///
/// Not for British National Grid eastings/northings; convert those with
/// `locate::osgb36_to_wgs84`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    pub lat: f64,
    pub lon: f64,
}

impl LatLon {
    /// Great-circle (haversine) distance to `other` in metres, on a sphere of
    /// the Earth's mean radius. Good to about 0.5 % — fine for "how far is the
    /// group from me"; not for surveying.
    pub fn distance_metres(self, other: LatLon) -> f64 {
        const MEAN_EARTH_RADIUS_M: f64 = 6_371_008.8;
        let (phi1, phi2) = (self.lat.to_radians(), other.lat.to_radians());
        let d_phi = phi2 - phi1;
        let d_lambda = (other.lon - self.lon).to_radians();
        let h =
            (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
        2.0 * MEAN_EARTH_RADIUS_M * h.sqrt().min(1.0).asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pc(s: &str) -> Postcode {
        s.parse().unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn postcodes_are_normalised_to_upper_case_with_one_space() {
        for (input, normal) in [
            ("cr0 1aa", "CR0 1AA"),
            ("CR01AA", "CR0 1AA"),
            ("SE254AA", "SE25 4AA"),
            (" SW16  4NL ", "SW16 4NL"),
            ("m1 1ae", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("w1a1aa", "W1A 1AA"),
            ("EC1A 1BB", "EC1A 1BB"),
            ("CR0\t2TB", "CR0 2TB"),
            ("gir 0aa", "GIR 0AA"),
        ] {
            assert_eq!(pc(input).to_string(), normal, "{input:?}");
        }
    }

    #[test]
    fn outward_code_is_the_part_before_the_space() {
        assert_eq!(pc("cr0 1aa").outward(), "CR0");
        assert_eq!(pc("SE254AA").outward(), "SE25");
        assert_eq!(pc("W1A 1AA").outward(), "W1A");
        assert_eq!(pc("M1 1AE").outward(), "M1");
    }

    #[test]
    fn non_postcodes_are_rejected_with_a_message_naming_the_input() {
        for input in [
            "",
            "   ",
            "CR0",
            "hello",
            "CR0 1A",
            "12345",
            "CR0 XYZ",
            "C R0 1AA",
            "CR0 1AA!",
            "ABCD 1AA",
            "1CR 1AA",
            "CR 1AA",
            "CR0 11A",
            "CR0 1AAA",
            "CRO 1AA",
            "CR000 1AA",
            "É1 1AA",
        ] {
            let err = input.parse::<Postcode>().expect_err(input);
            let message = err.to_string();
            assert!(
                message.starts_with(&format!("\"{input}\" is not a UK postcode: ")),
                "{message}"
            );
            assert!(
                message.contains("expected something like \"CR0 1AA\""),
                "{message}"
            );
            assert_eq!(err.input(), input);
        }
    }

    #[test]
    fn rejection_says_which_part_is_wrong() {
        let err = "CR0 XYZ".parse::<Postcode>().unwrap_err();
        assert!(matches!(err, PostcodeError::Inward { .. }), "{err:?}");
        let message = err.to_string();
        assert_eq!(
            message,
            "\"CR0 XYZ\" is not a UK postcode: the last three characters should be a digit then two \
             letters; expected something like \"CR0 1AA\" or \"SE25 4AA\""
        );
        assert!(
            "".parse::<Postcode>()
                .unwrap_err()
                .to_string()
                .contains("it is empty")
        );
        assert!(
            "CR0"
                .parse::<Postcode>()
                .unwrap_err()
                .to_string()
                .contains("too short")
        );
    }

    #[test]
    fn characters_of_any_width_anywhere_are_refused_without_panicking() {
        // Listing files and form fields are anybody's text: a multi-byte character at any
        // position (including where the outward and inward codes are split), a look-alike
        // space, or bytes that are not UTF-8 at all (a CSV cell) are refused, never sliced.
        let plain = "SE25 4AA";
        for odd in ['é', '€', '😀', '\u{a0}', '\u{3000}', '\u{301}'] {
            for at in 0..=plain.len() {
                let text = format!("{}{odd}{}", &plain[..at], &plain[at..]);
                let err = text.parse::<Postcode>().expect_err(&text);
                assert!(
                    matches!(err, PostcodeError::Characters { .. }),
                    "{text:?}: {err:?}"
                );
                assert_eq!(err.input(), text);
            }
        }
        for raw in [
            &b"CR0 1A\xff"[..],
            b"\xe2\x82",
            b"CR0\xc2 1AA",
            b"\xff\xfe\xfd\xfc\xfb",
        ] {
            let err = Postcode::parse_bytes(raw).expect_err("not UTF-8");
            assert!(matches!(err, PostcodeError::Characters { .. }), "{err:?}");
            assert!(err.input().contains('\u{fffd}'), "{:?}", err.input());
        }
    }

    #[test]
    fn a_long_rejected_text_is_cut_between_characters() {
        for unit in ["a", "é", "€", "😀"] {
            let text = unit.repeat(100);
            let err = text.parse::<Postcode>().unwrap_err();
            let shown = err.input();
            assert_eq!(shown.chars().count(), 41, "{shown}");
            assert!(shown.ends_with('…'));
            assert!(text.starts_with(shown.trim_end_matches('…')));
        }
    }

    #[test]
    fn postcode_order_is_text_order() {
        let texts = [
            "CR0 1AA", "CR0 2AA", "CR2 6AA", "CR44 1AA", "CR4 9ZZ", "SE1 1AA", "SE25 4AA",
            "SE2 9AA", "B1 1AA", "BR1 1AA", "W1A 1AA", "W12 1AA",
        ];
        let mut by_postcode: Vec<Postcode> = texts.iter().map(|t| pc(t)).collect();
        by_postcode.sort();
        let mut by_text = texts.to_vec();
        by_text.sort();
        let shown: Vec<String> = by_postcode.iter().map(|p| p.to_string()).collect();
        assert_eq!(shown, by_text);
    }

    #[test]
    fn packed_keys_round_trip_and_garbage_is_refused() {
        for t in ["CR0 1AA", "SE25 4AA", "W1A 1AA", "M1 1AE", "GIR 0AA"] {
            assert_eq!(Postcode::from_key(pc(t).key()), Some(pc(t)));
        }
        assert_eq!(Postcode::from_key(0), None);
        assert_eq!(Postcode::from_key(u64::MAX), None);
        assert_eq!(Postcode::from_key(pc("CR0 1AA").key() | 1 << 50), None);
        // "C" + padding + "R0" is not a packed form parse_bytes makes.
        let gap = (char_slot(b'C') << 36)
            | (char_slot(b'R') << 24)
            | (char_slot(b'0') << 18)
            | (pc("CR0 1AA").key() & 0x3ffff);
        assert_eq!(Postcode::from_key(gap), None);
    }

    #[test]
    fn distance_is_roughly_right() {
        let croydon = LatLon {
            lat: 51.3762,
            lon: -0.0982,
        };
        let london_bridge = LatLon {
            lat: 51.5079,
            lon: -0.0877,
        };
        let d = croydon.distance_metres(london_bridge);
        assert!((14_600.0..14_700.0).contains(&d), "{d}");
        assert_eq!(croydon.distance_metres(croydon), 0.0);
    }
}
