//! The postcode parser (`place::Postcode`): the text of the input, and its first eight bytes as
//! a packed key.
//!
//! Properties: parsing never panics; a postcode prints in the normal form (outward code, one
//! space, inward code), which parses back to the same postcode, in any case and with or
//! without the space; its packed key turns back into it; its outward code starts what it
//! prints; a key that `from_key` accepts is that postcode's key; a rejected text's error holds
//! the text and a message.

use signpost::place::Postcode;

/// Shapes and near-shapes of postcodes.
pub const TOKENS: &[&str] = &[
    " ", "  ", "\t", "\n", "0", "9", "A", "Z", "a", "GIR", "0AA", "CR0", "SE25", "W1A", "EC1A",
    "BT1", "1AA", "é", "\u{a0}", "\u{3000}", "Ｃ", "\u{0}", "-",
];

/// Runs one input (see the module comment).
pub fn run(data: &[u8]) {
    match Postcode::parse_bytes(data) {
        Ok(p) => well_formed(p, data),
        Err(e) => {
            assert!(!e.to_string().is_empty());
            let _ = e.input();
        }
    }
    let text = super::text(data);
    if let Ok(p) = text.parse::<Postcode>() {
        well_formed(p, data);
    }
    let mut key = [0u8; 8];
    let n = data.len().min(8);
    key[..n].copy_from_slice(&data[..n]);
    let key = u64::from_le_bytes(key);
    if let Some(p) = Postcode::from_key(key) {
        assert_eq!(p.key(), key, "{p:?}");
        well_formed(p, data);
    }
}

/// The properties of a postcode that parsed.
fn well_formed(p: Postcode, data: &[u8]) {
    let printed = p.to_string();
    let (outward, inward) = printed
        .split_once(' ')
        .unwrap_or_else(|| panic!("{printed:?} has no space; input {data:?}"));
    assert!(
        (2..=4).contains(&outward.len()) && inward.len() == 3,
        "{printed:?} from {data:?}"
    );
    assert!(
        printed
            .bytes()
            .all(|b| b == b' ' || b.is_ascii_digit() || b.is_ascii_uppercase()),
        "{printed:?} from {data:?}"
    );
    assert_eq!(p.outward(), outward, "{printed:?}");
    for again in [
        printed.clone(),
        printed.to_ascii_lowercase(),
        printed.replace(' ', ""),
        format!("  {}  ", printed.replace(' ', "   ")),
    ] {
        assert_eq!(
            again.parse::<Postcode>().ok(),
            Some(p),
            "{again:?} from {data:?}"
        );
    }
    assert_eq!(Postcode::from_key(p.key()), Some(p), "{printed:?}");
    assert!(p.outward_keys().contains(&p.key()), "{printed:?}");
    let _ = p.in_northern_ireland();
}
