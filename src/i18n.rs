//! Interface text in several languages.
//!
//! Each language is one flat TOML file of `key = "text"` in the theme's `i18n/` folder
//! (`themes/default/i18n/<code>.toml`), compiled in and overridable like the templates. English
//! is complete by definition; a key missing from another language falls back to English, so a
//! half-finished translation never breaks a build. `{name}` in a text marks a value filled in
//! later: templates use the `fill` filter (`{{ t.walk_minutes | fill(n=card.walk) }}`), Rust
//! uses [`Strings::fill`].
//!
//! [`Strings`] also puts together the sentences Signpost builds from listing data (session
//! times, age ranges, dates), so they read in the page's language.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use jiff::civil::{Date, Time, Weekday};

use crate::model::{Repeat, Session};

/// The languages the default theme has interface text for: (ISO 639-1 code, file text).
pub const BUILTIN: &[(&str, &str)] = &[
    ("en", include_str!("../themes/default/i18n/en.toml")),
    ("so", include_str!("../themes/default/i18n/so.toml")),
    ("ar", include_str!("../themes/default/i18n/ar.toml")),
    ("bn", include_str!("../themes/default/i18n/bn.toml")),
    ("ur", include_str!("../themes/default/i18n/ur.toml")),
    ("pl", include_str!("../themes/default/i18n/pl.toml")),
];

/// The English interface text the default theme ships (`themes/default/i18n/en.toml`, compiled
/// in), parsed once: for text that is always English whatever the site's theme, such as the
/// open data (`hsds`). Pages use their theme's strings instead (see `render`).
pub fn builtin_english() -> &'static Strings {
    static EN: OnceLock<Strings> = OnceLock::new();
    EN.get_or_init(|| {
        // Compiled in and parsed by a test (`every_builtin_language_parses_…`): cannot fail.
        Strings::parse("en", BUILTIN[0].1, None).expect("the built-in English text parses")
    })
}

/// Keys with these prefixes name vocabulary terms (`need.<id>`, `audience.<id>`,
/// `access.<id>`, `activity.<id>`) and languages (`language.<code>`): English takes their
/// labels from the vocabularies and [`crate::languages`], so only the other languages have
/// them.
const VOCABULARY_KEYS: &[&str] = &["need.", "audience.", "access.", "activity.", "language."];

/// Interface text (`i18n/<code>.toml`) that cannot be used: not TOML of `key = "text"`, or a
/// key English does not have (a typo, which would otherwise never show).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("in the `{lang}` interface text: {source}")]
    Toml {
        lang: String,
        source: toml::de::Error,
    },
    #[error("the `{lang}` interface text has a key `{key}` that English does not have")]
    UnknownKey { lang: String, key: String },
}

impl crate::diagnostics::Help for Error {
    fn help(&self) -> Option<String> {
        match self {
            Error::UnknownKey { .. } => {
                Some("check its spelling against themes/default/i18n/en.toml".into())
            }
            Error::Toml { .. } => None,
        }
    }
}

/// The interface text of one language, with English beneath it.
#[derive(Debug, Clone)]
pub struct Strings {
    /// ISO 639-1 code.
    pub lang: String,
    map: BTreeMap<String, String>,
    /// The same texts as a template value, made once.
    value: tera::Value,
}

impl Strings {
    /// Parses one language's file over the English texts (`english` is `None` for English).
    pub fn parse(lang: &str, text: &str, english: Option<&Strings>) -> Result<Strings, Error> {
        let own: BTreeMap<String, String> = toml::from_str(text).map_err(|source| Error::Toml {
            lang: lang.to_string(),
            source,
        })?;
        let mut map = english.map(|e| e.map.clone()).unwrap_or_default();
        if let Some(e) = english
            && let Some(k) = own.keys().find(|k| {
                !e.map.contains_key(*k) && !VOCABULARY_KEYS.iter().any(|p| k.starts_with(p))
            })
        {
            return Err(Error::UnknownKey {
                lang: lang.to_string(),
                key: k.clone(),
            });
        }
        map.extend(own);
        let value = tera::Value::from_serializable(&map);
        Ok(Strings {
            lang: lang.to_string(),
            map,
            value,
        })
    }

    /// The text for `key` (the key itself when no language has it, so a gap shows up on the
    /// page instead of failing the build).
    pub fn get<'s>(&'s self, key: &'s str) -> &'s str {
        self.map.get(key).map_or(key, String::as_str)
    }

    /// The text for `key`, when this language (or English) has it.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.map.get(key).map(String::as_str)
    }

    /// The label of a vocabulary term in this language (`kind` is "need", "audience",
    /// "access" or "activity"; or "language" with an ISO 639-1 code), or `None` when only the
    /// English label exists.
    pub fn term(&self, kind: &str, id: &str) -> Option<&str> {
        self.lookup(&format!("{kind}.{id}"))
    }

    /// The text for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(self.get(key), values)
    }

    /// Every text, as a template value (cheap to clone).
    pub fn value(&self) -> tera::Value {
        self.value.clone()
    }

    /// Whether any text holds one of `chars`.
    pub fn holds(&self, chars: &[char]) -> bool {
        self.map.values().any(|v| v.contains(chars))
    }

    /// Whether the language is written right to left.
    pub fn rtl(&self) -> bool {
        self.get("direction") == "rtl"
    }

    /// The language's name in that language.
    pub fn name(&self) -> &str {
        self.get("language_name")
    }

    /// "a", "a and b", "a, b and c".
    pub fn join_and(&self, items: &[impl AsRef<str>]) -> String {
        match items {
            [] => String::new(),
            [one] => one.as_ref().to_string(),
            [init @ .., last] => format!(
                "{} {} {}",
                init.iter()
                    .map(|s| s.as_ref())
                    .collect::<Vec<_>>()
                    .join(self.get("list_separator")),
                self.get("and"),
                last.as_ref()
            ),
        }
    }

    /// What someone may type in this language to name a search concept: each translated need
    /// and audience label (`need.<id>` → `n:<id>`, `audience.<id>` → `au:<id>`), each word of
    /// four or more letters that only one of those labels uses ("murugo", from "Geeri iyo
    /// murugo", names bereavement; a word several labels share names none), and the names of
    /// the days (`d:mon`…). The static search index adds them to its synonyms, so a query
    /// typed in the page's language finds the groups for that need, audience or day.
    pub fn search_phrases(&self) -> Vec<(String, String)> {
        const DAYS: [(&str, &str); 7] = [
            ("monday", "mon"),
            ("tuesday", "tue"),
            ("wednesday", "wed"),
            ("thursday", "thu"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ];
        let labels: Vec<(&str, String)> = self
            .map
            .iter()
            .filter_map(|(key, text)| {
                let (kind, id) = key.split_once('.')?;
                let prefix = match kind {
                    "need" => "n",
                    "audience" => "au",
                    _ => return None,
                };
                Some((text.as_str(), format!("{prefix}:{id}")))
            })
            .collect();
        let mut uses: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
        for (text, concept) in &labels {
            for word in crate::analysis::words(text) {
                if word.chars().count() >= 4 && !crate::analysis::is_stop_word(&word) {
                    uses.entry(word).or_default().insert(concept);
                }
            }
        }
        let mut out: Vec<(String, String)> = labels
            .iter()
            .map(|(text, concept)| (text.to_string(), concept.clone()))
            .collect();
        for (word, concepts) in uses {
            if let [concept] = Vec::from_iter(concepts)[..] {
                out.push((word, concept.to_string()));
            }
        }
        for (key, day) in DAYS {
            if let Some(name) = self.lookup(key) {
                out.push((name.to_string(), format!("d:{day}")));
            }
        }
        out.sort();
        out.dedup();
        out
    }

    pub fn weekday(&self, d: Weekday) -> &str {
        self.get(match d {
            Weekday::Monday => "monday",
            Weekday::Tuesday => "tuesday",
            Weekday::Wednesday => "wednesday",
            Weekday::Thursday => "thursday",
            Weekday::Friday => "friday",
            Weekday::Saturday => "saturday",
            Weekday::Sunday => "sunday",
        })
    }

    /// "12 December 2026".
    pub fn long_date(&self, d: Date) -> String {
        let month = format!("month_{}", d.month());
        self.fill(
            "long_date",
            &[
                ("day", &d.day().to_string()),
                ("month", self.get(&month)),
                ("year", &d.year().to_string()),
            ],
        )
    }

    /// "Saturday 12 December 2026".
    pub fn dated(&self, d: Date) -> String {
        self.fill(
            "dated",
            &[
                ("weekday", self.weekday(d.weekday())),
                ("date", &self.long_date(d)),
            ],
        )
    }

    /// A session in words: "Every Tuesday, 10:00 to 12:00", "Every other Thursday, from
    /// 18:00", "First Saturday of the month, from 14:00", "Saturday 12 December 2026, 13:00 to
    /// 15:00". The one wording of sessions:
    /// pages use it in the page's language, open data in English ([`builtin_english`]).
    pub fn session(&self, s: &Session) -> String {
        let days = |ds: &[Weekday]| {
            self.join_and(&ds.iter().map(|d| self.weekday(*d)).collect::<Vec<_>>())
        };
        let when = match &s.repeat {
            Repeat::Weekly(ds) => self.fill("every", &[("days", &days(ds))]),
            Repeat::Interval {
                weeks: 1, days: ds, ..
            } => self.fill("every", &[("days", &days(ds))]),
            Repeat::Interval {
                weeks: 2, days: ds, ..
            } => self.fill("every_other", &[("days", &days(ds))]),
            Repeat::Interval {
                weeks, days: ds, ..
            } => self.fill(
                "every_weeks",
                &[("n", &weeks.to_string()), ("days", &days(ds))],
            ),
            Repeat::Monthly(n, ds) => {
                let nth = match n {
                    1 => "nth_1",
                    2 => "nth_2",
                    3 => "nth_3",
                    4 => "nth_4",
                    _ => "nth_last",
                };
                self.fill(
                    "nth_of_month",
                    &[("nth", self.get(nth)), ("days", &days(ds))],
                )
            }
            Repeat::Once(d) => self.dated(*d),
        };
        let (start, end) = (s.start.map(clock), s.end.map(clock));
        match (start.as_deref(), end.as_deref()) {
            (Some(a), Some(b)) => {
                self.fill("time_range", &[("when", &when), ("start", a), ("end", b)])
            }
            (Some(a), None) => self.fill("time_from", &[("when", &when), ("start", a)]),
            (None, Some(b)) => self.fill("time_until", &[("when", &when), ("end", b)]),
            (None, None) => when,
        }
    }
}

/// `text` with each `{name}` replaced by its value; unknown names are left as they are.
pub fn fill(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match values.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// "09:30": a time of day as pages and open data write it (HSDS's `opens_at` and `closes_at`
/// take the same `HH:MM`, local UK time).
pub fn clock(t: Time) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// The template filter `fill`: `{{ t.key | fill(name=value, …) }}`.
pub fn fill_filter(val: tera::StringInput, kwargs: tera::Kwargs, _: &tera::State) -> tera::Value {
    let values: Vec<(String, String)> = kwargs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let pairs: Vec<(&str, &str)> = values
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    tera::Value::from(fill(val.as_str(), &pairs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn english() -> Strings {
        Strings::parse("en", BUILTIN[0].1, None).unwrap()
    }

    #[test]
    fn fills_named_values_and_keeps_unknown_ones() {
        assert_eq!(fill("{n} min walk", &[("n", "7")]), "7 min walk");
        assert_eq!(fill("{a} and {b}", &[("b", "x")]), "{a} and x");
        assert_eq!(fill("no close {brace", &[]), "no close {brace");
    }

    #[test]
    fn other_languages_fall_back_to_english_and_reject_unknown_keys() {
        let en = english();
        let pl = Strings::parse("pl", "and = \"i\"\n", Some(&en)).unwrap();
        assert_eq!(pl.join_and(&["a", "b", "c"]), "a, b i c");
        assert_eq!(pl.get("near_you"), "Near you");
        let err = Strings::parse("pl", "nera_you = \"x\"\n", Some(&en)).unwrap_err();
        assert_eq!(
            crate::diagnostics::error_text(&err),
            "error: the `pl` interface text has a key `nera_you` that English does not have\n\
             help: check its spelling against themes/default/i18n/en.toml"
        );
    }

    #[test]
    fn every_builtin_language_parses_with_only_known_keys() {
        let en = english();
        for (code, text) in &BUILTIN[1..] {
            let s = Strings::parse(code, text, Some(&en)).unwrap();
            // Every English text is translated, apart from the vocabulary labels English
            // takes from the vocabularies.
            let own: BTreeMap<String, String> = toml::from_str(text).unwrap();
            let missing: Vec<&String> = en.map.keys().filter(|k| !own.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{code} lacks {missing:?}");
            assert!(s.term("need", "bereavement").is_some(), "{code}");
        }
        assert!(Strings::parse("ar", BUILTIN[2].1, Some(&en)).unwrap().rtl());
        assert!(Strings::parse("ur", BUILTIN[4].1, Some(&en)).unwrap().rtl());
    }

    #[test]
    fn dates_read_naturally() {
        let en = english();
        let d = jiff::civil::date(2026, 12, 12);
        assert_eq!(en.long_date(d), "12 December 2026");
        assert_eq!(en.dated(d), "Saturday 12 December 2026");
        assert!(!en.rtl());
    }

    #[test]
    fn sessions_read_as_sentences() {
        let en = builtin_english();
        let t = |h, m| Some(jiff::civil::time(h, m, 0, 0));
        let weekly = Session {
            repeat: Repeat::Weekly(vec![Weekday::Monday, Weekday::Wednesday, Weekday::Friday]),
            start: t(9, 30),
            end: t(11, 0),
        };
        assert_eq!(
            en.session(&weekly),
            "Every Monday, Wednesday and Friday, 09:30 to 11:00"
        );
        let monthly = Session {
            repeat: Repeat::Monthly(-1, vec![Weekday::Tuesday]),
            start: t(18, 0),
            end: None,
        };
        assert_eq!(
            en.session(&monthly),
            "Last Tuesday of the month, from 18:00"
        );
        let first = Session {
            repeat: Repeat::Monthly(1, vec![Weekday::Saturday]),
            start: None,
            end: t(12, 0),
        };
        assert_eq!(
            en.session(&first),
            "First Saturday of the month, until 12:00"
        );
        let once = Session {
            repeat: Repeat::Once(jiff::civil::date(2026, 12, 12)),
            start: None,
            end: None,
        };
        assert_eq!(en.session(&once), "Saturday 12 December 2026");
        let every = |weeks| Session {
            repeat: Repeat::Interval {
                weeks,
                from: jiff::civil::date(2026, 11, 26),
                days: vec![Weekday::Thursday],
            },
            start: t(18, 0),
            end: t(20, 0),
        };
        assert_eq!(
            en.session(&every(2)),
            "Every other Thursday, 18:00 to 20:00"
        );
        assert_eq!(
            en.session(&every(3)),
            "Every 3 weeks on Thursday, 18:00 to 20:00"
        );
        assert_eq!(en.session(&every(1)), "Every Thursday, 18:00 to 20:00");
        let pl = Strings::parse("pl", BUILTIN[5].1, Some(&english())).unwrap();
        assert!(
            pl.session(&weekly).contains("09:30"),
            "{}",
            pl.session(&weekly)
        );
        assert_ne!(pl.session(&weekly), en.session(&weekly));
    }
}
