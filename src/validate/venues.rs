//! Where a group happens: its venues (name, postcode, an optional position, accessibility), the
//! area it serves (the borough, or wards by name), and the rule that a listing says where at
//! all (a venue, online, by phone or an area).
//!
//! Not for looking postcodes up: a postcode here is only parsed; `locate` finds it.

use std::collections::HashMap;

use super::Report;
use super::fields::{fixed_terms, text};
use crate::diagnostics::Code;
use crate::listing::{MAX_NAME, Source, Src};
use crate::model;
use crate::place::{LatLon, Postcode};
use crate::text::ward_key;
use crate::vocab;

/// Where a group happens, validated.
pub(super) struct Places {
    pub venues: Vec<model::Venue>,
    pub area: model::Area,
}

/// The venues and the area, and an error when the listing says nowhere at all.
pub(super) fn places(r: &mut Report, s: &Source, wards: &[String]) -> Places {
    let venues = s.venues.iter().filter_map(|v| venue(r, v)).collect();
    let area = area(r, s.area.as_ref(), wards);
    if s.venues.is_empty() && !s.online && !s.by_phone && !area.borough && area.wards.is_empty() {
        r.add(
            Code::NoPlace,
            s.name.pos,
            "this listing does not say where the group happens",
            "add `venues:` (with a postcode), or `online: true`, `by_phone: true`, or `area: {borough: true}`",
        );
    }
    Places { venues, area }
}

fn venue(r: &mut Report, v: &Src<crate::listing::Venue>) -> Option<model::Venue> {
    let v_pos = v.pos;
    let v = &v.value;
    let name = text(r, &v.name, "venue name", MAX_NAME);
    let postcode = match v.postcode.value.parse::<Postcode>() {
        Ok(p) => Some(p),
        Err(e) => {
            r.add(
                Code::BadPostcode,
                v.postcode.pos,
                e.to_string(),
                "write the full postcode, e.g. `CR0 1NX`",
            );
            None
        }
    };
    let at = position(r, &v.lat, &v.lon);
    let access = v
        .access
        .as_ref()
        .map(|a| fixed_terms(r, a, vocab::ACCESS, "access feature"));
    if v.access.is_none() {
        r.add(
            Code::NoAccessInfo,
            v_pos,
            format!("the venue \"{name}\" gives no accessibility information"),
            "add e.g. `access: [step-free, accessible-toilet]`, or `access: []` if there is none",
        );
    }
    Some(model::Venue {
        name,
        address: v
            .address
            .iter()
            .map(|a| a.value.trim().to_string())
            .collect(),
        postcode: postcode?,
        at,
        access,
    })
}

/// A venue's own position: both `lat` and `lon` or neither, inside the UK.
fn position(r: &mut Report, lat: &Option<Src<f64>>, lon: &Option<Src<f64>>) -> Option<LatLon> {
    match (lat, lon) {
        (None, None) => None,
        (Some(lat), Some(lon)) => {
            let mut ok = true;
            if !(49.0..=61.0).contains(&lat.value) {
                r.add(
                    Code::BadValue,
                    lat.pos,
                    format!("latitude {} is not in the UK", lat.value),
                    "UK latitudes are between 49 and 61, e.g. `lat: 51.3762`",
                );
                ok = false;
            }
            if !(-9.0..=2.5).contains(&lon.value) {
                r.add(
                    Code::BadValue,
                    lon.pos,
                    format!("longitude {} is not in the UK", lon.value),
                    "UK longitudes are between -9 and 2.5, e.g. `lon: -0.0982`",
                );
                ok = false;
            }
            ok.then_some(LatLon {
                lat: lat.value,
                lon: lon.value,
            })
        }
        (Some(one), None) | (None, Some(one)) => {
            r.add(
                Code::MissingField,
                one.pos,
                "give both `lat` and `lon`, or neither",
                "leave both out to use the postcode's position",
            );
            None
        }
    }
}

/// The area served: the borough, or wards named as the ward file names them (any case or
/// punctuation); with no ward names known (`wards` empty), wards are taken as written.
fn area(r: &mut Report, a: Option<&Src<crate::listing::Area>>, wards: &[String]) -> model::Area {
    let Some(a) = a else {
        return model::Area::default();
    };
    let mut out = model::Area {
        borough: a.value.borough,
        wards: Vec::new(),
    };
    let keys: HashMap<String, &String> = wards.iter().map(|w| (ward_key(w), w)).collect();
    for w in &a.value.wards {
        if wards.is_empty() {
            out.wards.push(w.value.trim().to_string());
        } else if let Some(name) = keys.get(&ward_key(&w.value)) {
            out.wards.push((*name).clone());
        } else {
            let help = match crate::text::closest(&w.value, wards.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("the wards are: {}", wards.join(", ")),
            };
            r.add(
                Code::UnknownTerm,
                w.pos,
                format!("unknown ward `{}`", w.value),
                help,
            );
        }
    }
    if !out.borough && a.value.wards.is_empty() {
        r.add(
            Code::BadValue,
            a.pos,
            "`area` names no area",
            "write `borough: true`, or `wards: [...]`",
        );
    }
    out
}
