//! One source for each answer's shape: the Rust type. Its JSON schema (sent to the
//! model) is derived from it with schemars, made strict the way OpenAI-compatible
//! structured output expects (every object closed, every property required, optional
//! values nullable), and the same schema checks the answer before serde reads it, so
//! what the model is asked for and what Onno accepts cannot drift apart.

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::wire::Schema;

/// An answer type: its shape and limits are declared on the type (serde for the shape,
/// `#[schemars(length(..), range(..))]` for the limits); [`Reply::check`] is only for
/// what a schema cannot say, such as text that is blank once trimmed.
pub trait Reply: DeserializeOwned + JsonSchema {
    /// The schema's name in the request (`response_format.json_schema.name`).
    const NAME: &'static str;

    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}

/// The strict JSON schema of `T`, named [`Reply::NAME`].
pub fn schema_of<T: Reply>() -> Schema {
    let mut settings = SchemaSettings::draft2020_12();
    settings.inline_subschemas = true;
    settings.meta_schema = None;
    let mut schema = settings
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value();
    make_strict(&mut schema);
    Schema {
        name: T::NAME,
        schema,
    }
}

/// Closes every object and requires every property; drops what costs tokens and
/// says nothing to the model (titles, doc comments, number formats such as "double").
fn make_strict(schema: &mut Value) {
    let Some(object) = schema.as_object_mut() else {
        return;
    };
    for noise in ["title", "description", "format", "$schema"] {
        object.remove(noise);
    }
    if let Some(Value::Object(properties)) = object.get("properties") {
        let names: Vec<Value> = properties.keys().cloned().map(Value::String).collect();
        object.insert("required".into(), Value::Array(names));
        object.insert("additionalProperties".into(), Value::Bool(false));
    }
    if let Some(Value::Object(properties)) = object.get_mut("properties") {
        properties.values_mut().for_each(make_strict);
    }
    if let Some(items) = object.get_mut("items") {
        make_strict(items);
    }
    for list in ["anyOf", "oneOf"] {
        if let Some(Value::Array(options)) = object.get_mut(list) {
            options.iter_mut().for_each(make_strict);
        }
    }
}

/// Checks `value` against `schema` (the subset [`schema_of`] produces: types, enums,
/// closed objects with required properties, arrays and their item counts, string
/// lengths in characters, number ranges). The problem names where it is, and never
/// quotes the text itself.
pub fn validate(schema: &Value, value: &Value) -> Result<(), String> {
    check_at(schema, value, "the answer")
}

fn check_at(schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let Some(schema) = schema.as_object() else {
        return Ok(());
    };
    if let Some(Value::Array(options)) = schema.get("anyOf").or_else(|| schema.get("oneOf"))
        && !options.iter().any(|o| check_at(o, value, at).is_ok())
    {
        return Err(format!("{at} matches none of the allowed shapes"));
    }
    if let Some(types) = schema.get("type") {
        check_type(types, value, at)?;
    }
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.contains(value)
    {
        let names: Vec<String> = allowed.iter().map(Value::to_string).collect();
        return Err(format!("{at} must be one of {}", names.join(", ")));
    }
    match value {
        Value::Object(fields) => check_object(schema, fields, at),
        Value::Array(items) => check_array(schema, items, at),
        Value::String(text) => check_length(schema, text, at),
        Value::Number(n) => check_range(schema, n.as_f64().unwrap_or(f64::NAN), at),
        _ => Ok(()),
    }
}

fn check_type(types: &Value, value: &Value, at: &str) -> Result<(), String> {
    let fits = |t: &Value| match t.as_str() {
        Some("object") => value.is_object(),
        Some("array") => value.is_array(),
        Some("string") => value.is_string(),
        Some("number") => value.is_number(),
        Some("integer") => value.is_i64() || value.is_u64(),
        Some("boolean") => value.is_boolean(),
        Some("null") => value.is_null(),
        _ => true,
    };
    let ok = match types {
        Value::Array(list) => list.iter().any(fits),
        single => fits(single),
    };
    if ok {
        Ok(())
    } else {
        Err(format!("{at} must be of type {types}"))
    }
}

fn check_object(
    schema: &Map<String, Value>,
    fields: &Map<String, Value>,
    at: &str,
) -> Result<(), String> {
    let properties = schema.get("properties").and_then(Value::as_object);
    if let Some(Value::Array(required)) = schema.get("required") {
        for name in required.iter().filter_map(Value::as_str) {
            if !fields.contains_key(name) {
                return Err(format!("missing field `{name}` in {at}"));
            }
        }
    }
    for (name, value) in fields {
        match properties.and_then(|p| p.get(name)) {
            Some(property) => check_at(property, value, &format!("`{name}`"))?,
            None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                return Err(format!("unknown field `{name}` in {at}"));
            }
            None => {}
        }
    }
    Ok(())
}

fn check_array(schema: &Map<String, Value>, items: &[Value], at: &str) -> Result<(), String> {
    let count = items.len() as u64;
    if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
        && count > max
    {
        return Err(format!("{at} has {count} items; at most {max}"));
    }
    if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
        && count < min
    {
        return Err(format!("{at} has {count} items; at least {min}"));
    }
    if let Some(item) = schema.get("items") {
        for value in items {
            check_at(item, value, &format!("an item of {at}"))?;
        }
    }
    Ok(())
}

fn check_length(schema: &Map<String, Value>, text: &str, at: &str) -> Result<(), String> {
    let len = text.chars().count() as u64;
    let min = schema.get("minLength").and_then(Value::as_u64);
    let max = schema.get("maxLength").and_then(Value::as_u64);
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        let bounds = format!(
            "{} to {}",
            min.unwrap_or(0),
            max.map_or("any".into(), |m| m.to_string())
        );
        return Err(format!("{at} is {len} characters; {bounds} expected"));
    }
    Ok(())
}

fn check_range(schema: &Map<String, Value>, n: f64, at: &str) -> Result<(), String> {
    let min = schema.get("minimum").and_then(Value::as_f64);
    let max = schema.get("maximum").and_then(Value::as_f64);
    if n.is_nan() || min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        let show = |b: Option<f64>| b.map_or(String::new(), |b| b.to_string());
        return Err(format!("{at} is {n}, outside {}..{}", show(min), show(max)));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Answer {
        #[schemars(length(max = 2))]
        items: Vec<Item>,
    }

    #[derive(Debug, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    struct Item {
        #[schemars(length(min = 3, max = 10))]
        text: String,
        owner: Option<String>,
        #[schemars(range(min = 0, max = 1))]
        confidence: f64,
    }

    impl Reply for Answer {
        const NAME: &'static str = "answer";
    }

    #[test]
    fn the_schema_is_strict_the_way_structured_output_wants_it() {
        let schema = schema_of::<Answer>();
        assert_eq!(schema.name, "answer");
        let item = &schema.schema["properties"]["items"]["items"];
        assert_eq!(schema.schema["additionalProperties"], false);
        assert_eq!(item["additionalProperties"], false);
        // The optional owner is required and nullable: strict mode has no optional fields.
        let mut required: Vec<&str> = item["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        required.sort();
        assert_eq!(required, ["confidence", "owner", "text"]);
        assert_eq!(
            item["properties"]["owner"]["type"],
            serde_json::json!(["string", "null"])
        );
        assert_eq!(schema.schema["properties"]["items"]["maxItems"], 2);
        assert_eq!(item["properties"]["confidence"]["maximum"], 1.0);
        assert!(item["properties"]["confidence"].get("format").is_none());
        assert!(schema.schema.get("title").is_none());
    }

    #[test]
    fn every_limit_in_the_schema_is_checked() {
        let schema = schema_of::<Answer>().schema;
        let ok =
            serde_json::json!({"items": [{"text": "call Bo", "owner": null, "confidence": 0.5}]});
        assert_eq!(validate(&schema, &ok), Ok(()));
        let read: Answer = crate::parse(&format!("Here it is: {ok}")).unwrap();
        let item = &read.items[0];
        assert_eq!(
            (item.text.as_str(), item.owner.as_deref(), item.confidence),
            ("call Bo", None, 0.5)
        );
        let cases = [
            (
                r#"{"items": [{"text": "abc", "owner": null, "confidence": 0.5},{"text": "abc", "owner": null, "confidence": 0.5},{"text": "abc", "owner": null, "confidence": 0.5}]}"#,
                "3 items; at most 2",
            ),
            (
                r#"{"items": [{"text": "ab", "owner": null, "confidence": 0.5}]}"#,
                "2 characters; 3 to 10",
            ),
            (
                r#"{"items": [{"text": "abcdefghijk", "owner": null, "confidence": 0.5}]}"#,
                "11 characters",
            ),
            (
                r#"{"items": [{"text": "abc", "owner": null, "confidence": 1.5}]}"#,
                "`confidence` is 1.5, outside 0..1",
            ),
            (
                r#"{"items": [{"text": "abc", "confidence": 0.5}]}"#,
                "missing field `owner`",
            ),
            (
                r#"{"items": [{"text": "abc", "owner": 3, "confidence": 0.5}]}"#,
                "`owner` must be of type",
            ),
            (r#"{"items": [], "extra": 1}"#, "unknown field `extra`"),
        ];
        for (answer, problem) in cases {
            let value: Value = serde_json::from_str(answer).unwrap();
            let err = validate(&schema, &value).unwrap_err();
            assert!(err.contains(problem), "{answer}: {err}");
        }
    }
}
