//! Inline operation schemas, reduced to what picks their Rust type.

use serde_json::{Map, Value};

/// Inline schemas in operations (parameters, bodies, responses) are
/// primitives, lists and maps once hoisting has named every other type. The
/// client generator would read validation keywords on them as reasons for
/// other Rust types (`minimum: 0` → `u64`, `uniqueItems` → a set,
/// `format: uuid` → a `uuid` dependency); the server validates values
/// anyway, so only the keywords that pick the Rust type are kept.
pub(super) fn plain_schemas(operation: &mut Map<String, Value>) {
    let mut schemas: Vec<&mut Value> = Vec::new();
    for (key, value) in operation.iter_mut() {
        match (key.as_str(), value) {
            ("parameters", Value::Array(parameters)) => {
                schemas.extend(parameters.iter_mut().filter_map(|p| p.get_mut("schema")));
            }
            ("requestBody", body) => {
                if let Some(Value::Object(content)) = body.get_mut("content") {
                    schemas.extend(content.values_mut().filter_map(|m| m.get_mut("schema")));
                }
            }
            ("responses", Value::Object(responses)) => {
                for response in responses.values_mut() {
                    if let Some(Value::Object(content)) = response.get_mut("content") {
                        schemas.extend(content.values_mut().filter_map(|m| m.get_mut("schema")));
                    }
                }
            }
            _ => {}
        }
    }
    for schema in schemas {
        plain(schema);
    }
}

fn plain(schema: &mut Value) {
    let Value::Object(object) = schema else {
        return;
    };
    const KEEP: &[&str] = &[
        "$ref",
        "type",
        "items",
        "additionalProperties",
        "allOf",
        "nullable",
        "description",
        "format",
    ];
    object.retain(|k, v| {
        KEEP.contains(&k.as_str()) && !(k == "additionalProperties" && v.is_boolean())
    });
    let format_kept = matches!(
        (
            object.get("type").and_then(Value::as_str),
            object.get("format").and_then(Value::as_str)
        ),
        (Some("string"), Some("date-time" | "date" | "binary"))
            | (Some("integer"), Some("int32" | "int64"))
    );
    if !format_kept {
        object.remove("format");
    }
    for key in ["items", "additionalProperties"] {
        if let Some(child) = object.get_mut(key) {
            plain(child);
        }
    }
    if let Some(Value::Array(members)) = object.get_mut("allOf") {
        members.iter_mut().for_each(plain);
    }
}
