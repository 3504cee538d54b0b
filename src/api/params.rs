//! The query string, read and checked: pagination, the filters `/services` and
//! `/service_at_locations` share (with ORUK's meanings), and the representation asked for
//! (`format`, `full`, `minimal`). A bad value is an [`Error::BadParameter`] that names it.

use std::collections::HashMap;

use axum::extract::Query;
use axum::extract::rejection::QueryRejection;
use jiff::Timestamp;
use jiff::civil::{Time, Weekday};

use super::index::ServiceEntry;
use super::router::{Error, bad};
use crate::locate::Gazetteer;
use crate::model::WEEKDAYS;
use crate::place::{LatLon, Postcode};

/// Results per page when `per_page` is not given, and the most a client may ask for.
pub const DEFAULT_PER_PAGE: usize = 50;
pub const MAX_PER_PAGE: usize = 1000;

/// The largest `proximity` accepted, in metres.
pub const MAX_PROXIMITY: f64 = 100_000.0;

/// The query string, first value of each name.
pub(super) struct Params(HashMap<String, String>);

impl Params {
    pub(super) fn from(
        query: Result<Query<Vec<(String, String)>>, QueryRejection>,
    ) -> Result<Params, Error> {
        let Query(pairs) =
            query.map_err(|e| bad("query", format!("cannot read the query string: {e}")))?;
        let mut map = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_insert(v);
        }
        Ok(Params(map))
    }

    /// A present, non-empty value.
    pub(super) fn get(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(|s| s.trim()).filter(|s| !s.is_empty())
    }

    fn number<T: std::str::FromStr>(&self, name: &str, what: &str) -> Result<Option<T>, Error> {
        self.get(name)
            .map(|s| {
                s.parse::<T>()
                    .map_err(|_| bad(name, format!("`{name}` must be {what}, not {s:?}")))
            })
            .transpose()
    }

    pub(super) fn pagination(&self) -> Result<(usize, usize), Error> {
        let page = self
            .number::<usize>("page", "a whole number from 1")?
            .unwrap_or(1);
        if page == 0 {
            return Err(bad("page", "`page` must be a whole number from 1"));
        }
        let per_page = self
            .number::<usize>(
                "per_page",
                &format!("a whole number from 1 to {MAX_PER_PAGE}"),
            )?
            .unwrap_or(DEFAULT_PER_PAGE);
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(bad(
                "per_page",
                format!("`per_page` must be a whole number from 1 to {MAX_PER_PAGE}"),
            ));
        }
        Ok((page, per_page))
    }

    pub(super) fn boolean(&self, name: &str) -> Result<bool, Error> {
        match self.get(name) {
            None => Ok(false),
            Some("true" | "1") => Ok(true),
            Some("false" | "0") => Ok(false),
            Some(s) => Err(bad(
                name,
                format!("`{name}` must be true or false, not {s:?}"),
            )),
        }
    }

    fn time(&self, name: &str) -> Result<Option<Time>, Error> {
        self.get(name)
            .map(|s| {
                let t = s.trim_end_matches('Z');
                Time::strptime("%H:%M:%S", t)
                    .or_else(|_| Time::strptime("%H:%M", t))
                    .map_err(|_| {
                        bad(
                            name,
                            format!("`{name}` must be a time such as 09:30, not {s:?}"),
                        )
                    })
            })
            .transpose()
    }

    /// Where to measure from and how far: `postcode` (a known, live postcode) and
    /// `proximity` (metres, more than 0 and at most [`MAX_PROXIMITY`], only with a postcode).
    pub(super) fn origin(
        &self,
        gazetteer: &Gazetteer,
    ) -> Result<(Option<LatLon>, Option<f64>), Error> {
        let from = match self.get("postcode") {
            None => None,
            Some(text) => {
                let postcode: Postcode = text.parse().map_err(|e| {
                    bad(
                        "postcode",
                        format!("`postcode` {text:?} is not a UK postcode: {e}"),
                    )
                })?;
                let place = gazetteer
                    .lookup(&postcode)
                    .filter(|p| !p.terminated)
                    .ok_or_else(|| bad("postcode", format!("unknown postcode {postcode}")))?;
                Some(place.at)
            }
        };
        let proximity = self.number::<f64>("proximity", "a distance in metres")?;
        if let Some(m) = proximity {
            if !(m > 0.0 && m <= MAX_PROXIMITY) {
                return Err(bad(
                    "proximity",
                    format!("`proximity` must be more than 0 and at most {MAX_PROXIMITY} metres"),
                ));
            }
            if from.is_none() {
                return Err(bad(
                    "postcode",
                    "`proximity` needs a `postcode` to measure from",
                ));
            }
        }
        Ok((from, proximity))
    }
}

/// The filters `/services` and `/service_at_locations` share.
pub(super) struct ServiceFilter {
    pub(super) search: Vec<String>,
    /// The language `search` is typed in (ISO 639-1), a Signpost extension: it lets Polish and
    /// Somali words be read as such (see the README's API section).
    pub(super) lang: Option<String>,
    taxonomy_term_id: Option<String>,
    taxonomy_id: Option<String>,
    organization_id: Option<String>,
    minimum_age: Option<f64>,
    maximum_age: Option<f64>,
    day: Option<Weekday>,
    start_time: Option<Time>,
    end_time: Option<Time>,
    modified_after: Option<Timestamp>,
}

/// A day as the API takes it: its id (`monday`) or its iCalendar code (`MO`, the id's first
/// two letters), in any case.
fn parse_day(s: &str) -> Option<Weekday> {
    let lower = s.to_lowercase();
    WEEKDAYS
        .iter()
        .find(|(id, _)| lower == *id || id.get(..2) == Some(lower.as_str()))
        .map(|(_, day)| *day)
}

impl ServiceFilter {
    pub(super) fn parse(p: &Params) -> Result<ServiceFilter, Error> {
        let age = |name: &str| -> Result<Option<f64>, Error> {
            let v = p.number::<f64>(name, "a number of years")?;
            match v {
                Some(a) if !(0.0..=150.0).contains(&a) => {
                    Err(bad(name, format!("`{name}` must be from 0 to 150 years")))
                }
                _ => Ok(v),
            }
        };
        let day = p
            .get("day")
            .map(|s| {
                parse_day(s).ok_or_else(|| {
                    bad(
                        "day",
                        format!("`day` must be a day such as monday or MO, not {s:?}"),
                    )
                })
            })
            .transpose()?;
        let modified_after = p
            .get("modified_after")
            .map(|s| {
                s.parse::<Timestamp>()
                    .or_else(|_| {
                        s.parse::<jiff::civil::DateTime>()
                            .or_else(|_| s.parse::<jiff::civil::Date>().map(|d| d.to_datetime(Time::midnight())))
                            .and_then(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC))
                            .map(|z| z.timestamp())
                    })
                    .map_err(|_| {
                        bad(
                            "modified_after",
                            format!("`modified_after` must be a date or date-time such as 2026-10-01T00:00:00Z, not {s:?}"),
                        )
                    })
            })
            .transpose()?;
        Ok(ServiceFilter {
            search: p
                .get("search")
                .map(|s| {
                    s.to_lowercase()
                        .split_whitespace()
                        .map(String::from)
                        .collect()
                })
                .unwrap_or_default(),
            lang: p
                .get("lang")
                .map(|l| {
                    let l = l.to_lowercase();
                    if l.len() == 2 && l.bytes().all(|b| b.is_ascii_lowercase()) {
                        Ok(l)
                    } else {
                        Err(bad(
                            "lang",
                            format!(
                                "`lang` must be a two-letter language code such as pl, not {l:?}"
                            ),
                        ))
                    }
                })
                .transpose()?,
            taxonomy_term_id: p.get("taxonomy_term_id").map(str::to_lowercase),
            taxonomy_id: p.get("taxonomy_id").map(str::to_lowercase),
            organization_id: p.get("organization_id").map(str::to_lowercase),
            minimum_age: age("minimum_age")?,
            maximum_age: age("maximum_age")?,
            day,
            start_time: p.time("start_time")?,
            end_time: p.time("end_time")?,
            modified_after,
        })
    }

    /// True when no filter is set: every service matches.
    pub(super) fn is_empty(&self) -> bool {
        self.search.is_empty() && self.only_search()
    }

    /// True when no filter but `search` is set.
    pub(super) fn only_search(&self) -> bool {
        self.taxonomy_term_id.is_none()
            && self.taxonomy_id.is_none()
            && self.organization_id.is_none()
            && self.minimum_age.is_none()
            && self.maximum_age.is_none()
            && self.day.is_none()
            && self.start_time.is_none()
            && self.end_time.is_none()
            && self.modified_after.is_none()
    }

    /// Everything but `search` (see [`Api::select`]). ORUK's meanings: `minimum_age`: the service's minimum age is at least this;
    /// `maximum_age`: its maximum age is at most this; `day`, `start_time`, `end_time`: one
    /// session on that day, starting at or after and ending at or before those times.
    pub(super) fn matches(&self, s: &ServiceEntry) -> bool {
        if let Some(t) = &self.taxonomy_term_id
            && !s.term_ids.iter().any(|id| id == t)
        {
            return false;
        }
        if let Some(t) = &self.taxonomy_id
            && !s.taxonomy_ids.iter().any(|id| id == t)
        {
            return false;
        }
        if let Some(o) = &self.organization_id
            && &s.organization_id != o
        {
            return false;
        }
        if let Some(min) = self.minimum_age
            && !s.min_age.is_some_and(|a| f64::from(a) >= min)
        {
            return false;
        }
        if let Some(max) = self.maximum_age
            && !s.max_age.is_some_and(|a| f64::from(a) <= max)
        {
            return false;
        }
        if self.day.is_some() || self.start_time.is_some() || self.end_time.is_some() {
            let ok = s.sessions.iter().any(|session| {
                self.day.is_none_or(|d| session.days.contains(&d))
                    && self
                        .start_time
                        .is_none_or(|t| session.start.is_some_and(|s| s >= t))
                    && self
                        .end_time
                        .is_none_or(|t| session.end.is_some_and(|e| e <= t))
            });
            if !ok {
                return false;
            }
        }
        if let Some(after) = self.modified_after
            && s.modified < after
        {
            return false;
        }
        true
    }
}

/// What each item of `/services` and `/service_at_locations` holds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Items {
    /// The one-to-one fields (the default).
    List,
    /// Fully nested, as `/services/{id}` and `/service_at_locations/{id}` answer.
    Full,
    /// `id` and `last_modified` only (`/services`).
    Minimal,
}

/// How a list is answered: the HSDS 3.1 parameters `format` (`json`, the default, or `ndjson`:
/// one item per line, every result, no envelope or pages), `full` and `minimal` (booleans).
/// Lines of `ndjson` are fully nested unless `minimal` is true.
#[derive(Clone, Copy, Debug)]
pub(super) struct Representation {
    pub(super) items: Items,
    pub(super) ndjson: bool,
}

impl Representation {
    /// `minimal` is read only where HSDS defines it (`/services`).
    pub(super) fn parse(p: &Params, with_minimal: bool) -> Result<Representation, Error> {
        let ndjson = match p.get("format") {
            None | Some("json") => false,
            Some("ndjson") => true,
            Some(other) => {
                return Err(bad(
                    "format",
                    format!("`format` must be json or ndjson, not {other:?}"),
                ));
            }
        };
        let full = p.boolean("full")?;
        let minimal = with_minimal && p.boolean("minimal")?;
        if full && minimal {
            return Err(bad(
                "minimal",
                "`minimal` and `full` cannot both be true: choose one",
            ));
        }
        let items = if minimal {
            Items::Minimal
        } else if full || ndjson {
            Items::Full
        } else {
            Items::List
        };
        Ok(Representation { items, ndjson })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_names_or_icalendar_codes() {
        assert_eq!(parse_day("Tuesday"), Some(Weekday::Tuesday));
        assert_eq!(parse_day("TU"), Some(Weekday::Tuesday));
        assert_eq!(parse_day("su"), Some(Weekday::Sunday));
        assert_eq!(parse_day("funday"), None);
    }
}
