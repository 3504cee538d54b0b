//! `service_at_locations.csv`: the open data as one table for spreadsheets, a row per service
//! at a location (and one for a service with no place), flattened from the fully nested
//! services. Not a format other software reads back: HSDS JSON is (`write.rs`).

use std::path::Path;

use serde_json::Value;

use super::Error;
use super::service::{Dataset, attending_type};
use super::taxonomy::Taxonomy;
use crate::directory::Directory;
use crate::model::Listing;

/// The columns of `service_at_locations.csv`.
pub const CSV_COLUMNS: &[&str] = &[
    "service_id",
    "service_at_location_id",
    "location_id",
    "name",
    "organization",
    "description",
    "status",
    "url",
    "email",
    "phone",
    "needs",
    "activities",
    "audiences",
    "minimum_age",
    "maximum_age",
    "fees",
    "when",
    "attending",
    "location_type",
    "location_name",
    "address",
    "postcode",
    "latitude",
    "longitude",
    "accessibility",
    "languages",
    "service_areas",
    "assured_date",
    "last_modified",
];

/// Writes `service_at_locations.csv`: a header of [`CSV_COLUMNS`], then the rows of each
/// service ([`rows`]).
pub(super) fn write_csv(data: &Dataset, directory: &Directory, dir: &Path) -> Result<(), Error> {
    let path = dir.join("service_at_locations.csv");
    let err = |source: csv::Error| Error::Csv {
        path: path.clone(),
        source,
    };
    let mut w = csv::Writer::from_path(&path).map_err(err)?;
    w.write_record(CSV_COLUMNS).map_err(err)?;
    for (service, &li) in data.services.iter().zip(&data.listing_index) {
        for row in rows(service, &directory.listings[li]) {
            // Validation refuses control characters and direction overrides; no cell carries
            // one raw whatever the listing held.
            let cells = row
                .iter()
                .map(|cell| crate::text::without_unsafe(cell).into_owned());
            w.write_record(cells).map_err(err)?;
        }
    }
    w.flush().map_err(Error::write(&path))
}

/// A text field of an object, or "" when it has none.
fn str_of(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

/// The rows of one service: one per service at a location, or one with the location's
/// columns empty for a service with no place (a helpline, an area-wide service).
fn rows(service: &Value, l: &Listing) -> Vec<Vec<String>> {
    let labels = |taxonomy: Taxonomy| {
        service["attributes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["link_type"] == taxonomy.link_type())
            .map(|a| str_of(&a["taxonomy_term"], "name"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let join = |key: &str, field: &str| {
        service[key]
            .as_array()
            .into_iter()
            .flatten()
            .map(|x| str_of(x, field))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let common = [
        str_of(service, "id"),
        str_of(service, "name"),
        str_of(&service["organization"], "name"),
        str_of(service, "description"),
        str_of(service, "status"),
        str_of(service, "url"),
        str_of(service, "email"),
        l.contact.phone.clone().unwrap_or_default(),
        labels(Taxonomy::Needs),
        labels(Taxonomy::Activities),
        labels(Taxonomy::Audiences),
        l.min_age.map(|a| a.to_string()).unwrap_or_default(),
        l.max_age.map(|a| a.to_string()).unwrap_or_default(),
        str_of(service, "fees_description"),
        join("schedules", "description"),
        attending_type(l),
    ];
    let tail = [
        join("languages", "name"),
        join("service_areas", "name"),
        str_of(service, "assured_date"),
        str_of(service, "last_modified"),
    ];
    let row = |ids: [String; 2], place: [String; 7]| {
        let mut row = vec![common[0].clone()];
        row.extend(ids);
        row.extend(common[1..].iter().cloned());
        row.extend(place);
        row.extend(tail.iter().cloned());
        row
    };
    let sals = service["service_at_locations"].as_array();
    match sals {
        Some(sals) if !sals.is_empty() => sals
            .iter()
            .map(|sal| {
                let ids = [str_of(sal, "id"), str_of(sal, "location_id")];
                row(ids, place(&sal["location"]))
            })
            .collect(),
        _ => vec![row(Default::default(), Default::default())],
    }
}

/// The columns of a location: type, name, address, postcode, latitude, longitude and
/// accessibility.
fn place(loc: &Value) -> [String; 7] {
    let addr = &loc["addresses"][0];
    let address = [str_of(addr, "address_1"), str_of(addr, "city")]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let num = |key: &str| loc.get(key).map(|v| v.to_string()).unwrap_or_default();
    let access = loc["accessibility"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| str_of(a, "description"))
        .collect::<Vec<_>>()
        .join("; ");
    [
        str_of(loc, "location_type"),
        str_of(loc, "name"),
        address,
        str_of(addr, "postal_code"),
        num("latitude"),
        num("longitude"),
        access,
    ]
}
