//! The JSON Schema of the listing format (`schema/listing.schema.json`, printed by `signpost
//! schema`): the shape comes from the listing types (`listing::Source`, through schemars), the
//! allowed values from the vocabularies and the limits from the format, so an editor checks and
//! completes a listing as it is typed. A test keeps the committed file the same as this output.
//!
//! Not for checking listings: that is `validate`'s job, with better messages.

/// The JSON Schema of the listing format, for `schema/listing.schema.json`.
///
/// The types say "a list of strings" for needs, activities and the like; the schema names the
/// allowed values too (from the built-in vocabularies), so editors can offer them as you type.
pub fn json_schema() -> String {
    use serde_json::{Value, json};
    let mut schema = serde_json::to_value(schemars::schema_for!(crate::listing::Source))
        .expect("schema serialises");
    let vocab = crate::vocab::Vocabularies::builtin();
    let ids = |v: &crate::vocab::Vocabulary| v.ids().map(Value::from).collect::<Vec<_>>();
    let fixed = |l: &[(&str, &str)]| l.iter().map(|(id, _)| Value::from(*id)).collect::<Vec<_>>();
    let languages: Vec<Value> = crate::languages::LANGUAGES
        .iter()
        .map(|(c, _)| Value::from(*c))
        .collect();
    let days: Vec<&str> = crate::model::WEEKDAYS.iter().map(|(id, _)| *id).collect();
    let mut set = |pointer: &str, key: &str, value: Value| {
        if let Some(Value::Object(o)) = schema.pointer_mut(pointer) {
            o.insert(key.to_string(), value);
        }
    };
    set("/properties/needs/items", "enum", ids(&vocab.needs).into());
    set(
        "/properties/activities/items",
        "enum",
        ids(&vocab.activities).into(),
    );
    set("/properties/languages/items", "enum", languages.into());
    set(
        "/$defs/Who/properties/audiences/items",
        "enum",
        fixed(crate::vocab::AUDIENCES).into(),
    );
    set(
        "/$defs/Venue/properties/access/items",
        "enum",
        fixed(crate::vocab::ACCESS).into(),
    );
    set("/$defs/Session/properties/days/items", "enum", json!(days));
    set(
        "/$defs/Session/properties/week",
        "enum",
        json!(["first", "second", "third", "fourth", "last", null]),
    );
    set("/properties/reviewed", "format", "date".into());
    for field in ["date", "starting"] {
        set(
            &format!("/$defs/Session/properties/{field}"),
            "pattern",
            r"^\d{4}-\d{2}-\d{2}$".into(),
        );
    }
    set("/$defs/Session/properties/every", "minimum", 1.into());
    set(
        "/$defs/Session/properties/every",
        "maximum",
        crate::listing::MAX_EVERY_WEEKS.into(),
    );
    for field in ["start", "end"] {
        set(
            &format!("/$defs/Session/properties/{field}"),
            "pattern",
            r"^\d{1,2}:\d{2}$".into(),
        );
    }
    set(
        "/properties/name",
        "maxLength",
        crate::listing::MAX_NAME.into(),
    );
    set(
        "/properties/summary",
        "maxLength",
        crate::listing::MAX_SUMMARY.into(),
    );
    let mut s = serde_json::to_string_pretty(&schema).expect("schema serialises");
    s.push('\n');
    s
}

/// The schema's path as seen from a listing file at `path` (relative to the root).
pub fn modeline_path(path: &std::path::Path) -> String {
    let depth = path.components().count().saturating_sub(1);
    format!("{}schema/listing.schema.json", "../".repeat(depth))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_modeline_points_back_to_the_schema() {
        assert_eq!(
            modeline_path(Path::new("listings/x.yaml")),
            "../schema/listing.schema.json"
        );
        assert_eq!(
            modeline_path(Path::new("listings/north/x.yaml")),
            "../../schema/listing.schema.json"
        );
    }
    #[test]
    fn the_schema_names_every_top_level_field() {
        let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
        let props = schema["properties"].as_object().unwrap();
        for field in ["name", "summary", "needs", "venues", "when", "translations"] {
            assert!(props.contains_key(field), "{field}");
        }
        assert_eq!(schema["additionalProperties"], false);
        let needs = schema["properties"]["needs"]["items"]["enum"]
            .as_array()
            .unwrap();
        assert!(needs.contains(&"bereavement".into()));
        let access = &schema["$defs"]["Venue"]["properties"]["access"]["items"]["enum"];
        assert!(access.as_array().unwrap().contains(&"step-free".into()));
        assert_eq!(schema["properties"]["summary"]["maxLength"], 160);
    }
}
