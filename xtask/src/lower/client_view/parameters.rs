//! Parameters the client generator can pass.

use serde_json::{Map, Value, json};

use super::Cx;
use crate::names;
use crate::pointer;
use crate::structure::HTTP_METHODS;

/// The client generator tells parameters apart by their Rust name alone, so
/// two that share it (`type` in the path and in the query; `fooBar` and
/// `foo_bar`) would collide. A path parameter's name is only a placeholder
/// in the template, so it is renamed (`{type}` → `{typePath}`), in the path
/// and in every operation under it. Two parameters that are both sent by
/// name cannot be renamed: the later one is left out, with a warning.
pub(super) fn distinct_parameter_names(paths: &mut Map<String, Value>, cx: &mut Cx) {
    let rust = |p: &Value| names::snake(p.get("name").and_then(Value::as_str).unwrap_or_default());
    let is_path = |p: &Value| p.get("in").and_then(Value::as_str) == Some("path");
    let mut renamed = Map::new();
    for (path, mut item) in std::mem::take(paths) {
        let item_at = pointer::push("/paths", &path);
        let mut renames: Vec<(String, String)> = Vec::new();
        for method in HTTP_METHODS {
            let Some(Value::Array(parameters)) =
                item.get_mut(method).and_then(|o| o.get_mut("parameters"))
            else {
                continue;
            };
            let at = pointer::push(&pointer::push(&item_at, method), "parameters");
            // Sent by name: keep the first of each Rust name.
            let mut seen: Vec<String> = Vec::new();
            let mut index = 0;
            parameters.retain(|p| {
                let i = index;
                index += 1;
                if is_path(p) {
                    return true;
                }
                let name = rust(p);
                if seen.contains(&name) {
                    cx.warn(
                        &pointer::push(&at, &i.to_string()),
                        format!("another parameter is also `{name}` in Rust; the client generator cannot take both, so this one is left out"),
                    );
                    return false;
                }
                seen.push(name);
                true
            });
            for p in parameters.iter().filter(|p| is_path(p)) {
                let name = p
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                if seen.contains(&rust(p)) && !renames.iter().any(|(from, _)| *from == name) {
                    let mut to = format!("{name}Path");
                    while seen.contains(&names::snake(&to)) || path.contains(&format!("{{{to}}}")) {
                        to.push('_');
                    }
                    renames.push((name, to));
                }
            }
        }
        if !renames.is_empty() {
            // Documentation and errors show the path as the API spells it.
            for method in HTTP_METHODS {
                if let Some(Value::Object(operation)) = item.get_mut(method) {
                    operation.insert("x-codegen-path".into(), Value::String(path.clone()));
                }
            }
        }
        let mut path = path;
        for (from, to) in &renames {
            path = path.replace(&format!("{{{from}}}"), &format!("{{{to}}}"));
            for method in HTTP_METHODS {
                let Some(Value::Array(parameters)) =
                    item.get_mut(method).and_then(|o| o.get_mut("parameters"))
                else {
                    continue;
                };
                for p in parameters.iter_mut().filter(|p| is_path(p)) {
                    if p.get("name").and_then(Value::as_str) == Some(from) {
                        p["name"] = Value::String(to.clone());
                    }
                }
            }
        }
        renamed.insert(path, item);
    }
    *paths = renamed;
}

/// Names of the component schemas that are strings, numbers or booleans.
pub(super) fn scalar_schemas(doc: &Value) -> Vec<String> {
    let Some(Value::Object(schemas)) = doc.pointer("/components/schemas") else {
        return Vec::new();
    };
    schemas
        .iter()
        .filter(|(_, schema)| is_scalar(schema, &[]))
        .map(|(name, _)| name.clone())
        .collect()
}

fn is_scalar(schema: &Value, named: &[String]) -> bool {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        return named
            .iter()
            .any(|n| reference == format!("#/components/schemas/{n}"));
    }
    if let Some(Value::Array(members)) = schema.get("allOf") {
        return members.len() == 1 && is_scalar(&members[0], named);
    }
    matches!(
        schema.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    ) && schema.get("properties").is_none()
}

/// Path and header parameters travel as text, so they must be strings,
/// numbers or booleans; anything else becomes a string the caller formats
/// (as the parameter's `style` says).
pub(super) fn text_parameters(
    operation: &mut Map<String, Value>,
    scalars: &[String],
    at: &str,
    cx: &mut Cx,
) {
    let Some(Value::Array(parameters)) = operation.get_mut("parameters") else {
        return;
    };
    for (i, parameter) in parameters.iter_mut().enumerate() {
        let place = parameter
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        if !matches!(place.as_str(), "path" | "header") {
            continue;
        }
        let Some(schema) = parameter.get_mut("schema") else {
            continue;
        };
        // A path or header value cannot be null.
        if let Value::Object(object) = schema {
            object.remove("nullable");
        }
        if is_scalar(schema, scalars) {
            continue;
        }
        *schema = json!({"type": "string"});
        let name = parameter
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        cx.warn(
            &pointer::push(&pointer::push(&pointer::push(at, "parameters"), &i.to_string()), "schema"),
            format!("{place} parameter `{name}` is not a string, number or boolean; the generated method takes it as a string, formatted by the caller"),
        );
    }
}
