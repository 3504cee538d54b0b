//! Views of a fully nested service that lists use: the one-to-one fields of a service (an item
//! of `GET /services` and of `services.json`), a service at a location with or without its
//! service, and the HSDS page envelope. Not for building services (`service.rs`).

use serde_json::{Map, Value};

/// The one-to-one fields of a service and its organization: an item of `GET /services`.
pub fn service_list_item(service: &Value) -> Value {
    let Value::Object(map) = service else {
        return service.clone();
    };
    Value::Object(
        map.iter()
            .filter(|(_, v)| !v.is_array())
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

/// An item of `GET /service_at_locations`: the service-at-location with its location and
/// service (one-to-one fields only).
pub fn service_at_location_list_item(service: &Value, sal: &Value) -> Value {
    let mut out = Map::new();
    for key in ["id", "service_id", "location_id"] {
        if let Some(v) = sal.get(key) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(location) = sal.get("location") {
        out.insert("location".into(), service_list_item(location));
    }
    out.insert("service".into(), service_list_item(service));
    Value::Object(out)
}

/// `GET /service_at_locations/{id}`: the service-at-location fully nested, with its service
/// (without the service's other service-at-locations), and the service's `name` and `status`
/// at the top level too. The Open Referral UK validator checks this endpoint against the
/// *service* schema (a quirk of ORUK 3.0), which requires `name` and `status`; both schemas
/// allow fields they do not define, so the answer is valid against both.
pub fn service_at_location_full(service: &Value, sal: &Value) -> Value {
    let mut out = sal.as_object().cloned().unwrap_or_default();
    for key in ["name", "status"] {
        if let Some(v) = service.get(key) {
            out.entry(key).or_insert_with(|| v.clone());
        }
    }
    let mut service = service.as_object().cloned().unwrap_or_default();
    service.remove("service_at_locations");
    out.insert("service".into(), Value::Object(service));
    Value::Object(out)
}

/// An HSDS page envelope.
pub fn page(
    contents: Vec<Value>,
    total_items: usize,
    page_number: usize,
    per_page: usize,
) -> Value {
    let total_pages = total_items.div_ceil(per_page.max(1)).max(1);
    serde_json::json!({
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page_number,
        "size": contents.len(),
        "first_page": page_number <= 1,
        "last_page": page_number >= total_pages,
        "empty": contents.is_empty(),
        "contents": contents,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_say_where_they_are() {
        let items = vec![Value::from(1), Value::from(2)];
        let p = page(items, 5, 2, 2);
        assert_eq!(p["total_pages"], 3);
        assert_eq!(
            (p["first_page"].as_bool(), p["last_page"].as_bool()),
            (Some(false), Some(false))
        );
        let empty = page(Vec::new(), 0, 1, 50);
        assert_eq!(empty["total_pages"], 1);
        assert_eq!(empty["empty"], true);
        assert_eq!(empty["last_page"], true);
    }
}
