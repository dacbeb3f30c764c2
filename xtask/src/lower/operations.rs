//! The client's view of each operation: what the client generator can take,
//! decided here once, so the progenitor input and the model agree.
//!
//! - Method names: each operationId becomes a unique `snake_case` name.
//! - Request bodies: one media type. JSON is preferred; a body offered only
//!   in other types is sent as raw bytes with a content type of the caller's
//!   choosing. A body offered as JSON *and* in other types gets both: the
//!   JSON method here, and a raw-body method from [`raw_view`].
//! - Responses: only success responses are described to the client
//!   generator. Error responses are decoded by the hand-written runtime,
//!   which reads every error body the same way (and survives bodies that are
//!   not JSON at all).

use serde_json::{Map, Value, json};

use super::Cx;
use crate::names::{self, Unique};
use crate::pointer;
use crate::structure::HTTP_METHODS;

pub(super) fn client_view(doc: &mut Value, cx: &mut Cx) {
    if let Some(Value::String(text)) = doc.pointer_mut("/info/description") {
        *text = crate::rustdoc::markdown(text);
    }
    let mut methods = Unique::default();
    let scalars = scalar_schemas(doc);
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    distinct_parameter_names(paths, cx);
    for (path, item) in paths.iter_mut() {
        let item_at = pointer::push("/paths", path);
        for method in HTTP_METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let at = pointer::push(&item_at, method);
            rename(operation, &mut methods, &at, cx);
            // Doc comments are made of these, by progenitor and by the surface.
            for key in ["summary", "description"] {
                if let Some(Value::String(text)) = operation.get_mut(key) {
                    *text = crate::rustdoc::markdown(text);
                }
            }
            if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
                for parameter in parameters {
                    if let Some(Value::String(text)) = parameter.get_mut("description") {
                        *text = crate::rustdoc::markdown(text);
                    }
                }
            }
            let alternatives = match operation.get_mut("requestBody") {
                Some(Value::Object(body)) => request_body(body),
                _ => Vec::new(),
            };
            if !alternatives.is_empty() {
                operation.insert(RAW_ALTERNATIVE.into(), json!(alternatives));
            }
            if let Some(Value::Object(responses)) = operation.get_mut("responses") {
                success_responses(responses, &pointer::push(&at, "responses"), cx);
            }
            plain_schemas(operation);
            text_parameters(operation, &scalars, &at, cx);
        }
    }
}

fn rename(operation: &mut Map<String, Value>, methods: &mut Unique, at: &str, cx: &mut Cx) {
    let id = operation["operationId"]
        .as_str()
        .expect("validated")
        .to_string();
    let want = method_name(&id);
    let method = methods.claim(&want);
    if method != want {
        cx.warn(
            &pointer::push(at, "operationId"),
            format!("operationId `{id}` gives the same method name as another, `{want}`; its method is `{method}`"),
        );
    }
    operation.insert("x-codegen-operation-id".into(), Value::String(id));
    operation.insert("operationId".into(), Value::String(method));
}

/// A method name that progenitor keeps as it is: snake case, no keyword
/// (it would append `_`), no leading digit or underscore (its casing drops
/// or adds those).
fn method_name(operation_id: &str) -> String {
    let name = names::snake(operation_id);
    let name = match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_op"),
        None => name,
    };
    let name = name.trim_start_matches('_');
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) || name.ends_with('_') {
        format!("op_{}", name.trim_end_matches('_'))
    } else {
        name.to_string()
    }
}

fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// Chooses the media type the generated method sends; returns the other
/// media types the body may also be, which a second, raw-body method sends
/// (see [`raw_view`]).
fn request_body(body: &mut Map<String, Value>) -> Vec<String> {
    let Some(Value::Object(content)) = body.get_mut("content") else {
        return Vec::new();
    };
    if content.is_empty() {
        body.remove("content");
        return Vec::new();
    }
    let media: Vec<String> = content.keys().cloned().collect();
    let chosen = media
        .iter()
        .find(|m| is_json(m))
        .map(|m| (m.clone(), "application/json"))
        .or_else(|| {
            media
                .iter()
                .find(|m| essence(m) == "application/x-www-form-urlencoded")
                .map(|m| (m.clone(), "application/x-www-form-urlencoded"))
        })
        .or_else(|| {
            media
                .iter()
                .find(|m| essence(m) == "text/plain" && media.len() == 1)
                .map(|m| (m.clone(), "text/plain"))
        });
    match chosen {
        Some((key, as_media)) => {
            let mut media_type = content.remove(&key).expect("key from this map");
            if let Value::Object(m) = &mut media_type {
                m.remove("encoding");
            }
            let others: Vec<String> = content.keys().cloned().collect();
            content.clear();
            // A body that is sent is not null; a text body is a string.
            let mut media_type = with_schema(media_type);
            if let (Value::Object(m), "text/plain") = (&mut media_type, as_media) {
                m.insert("schema".into(), json!({"type": "string"}));
            }
            if let Some(Value::Object(schema)) = media_type.get_mut("schema") {
                schema.remove("nullable");
            }
            content.insert(as_media.into(), media_type);
            others
        }
        None => {
            // Raw bytes; the caller names the content type.
            content.clear();
            content.insert("application/octet-stream".into(), raw_body(media));
            Vec::new()
        }
    }
}

fn raw_body(content_types: Vec<String>) -> Value {
    json!({
        "schema": {"type": "string", "format": "binary"},
        "x-codegen-content-types": content_types,
    })
}

/// Set on an operation whose body may be sent raw too: the other media types.
const RAW_ALTERNATIVE: &str = "x-codegen-raw-alternative";

/// The operations whose request body the API also takes in other media
/// types than the one the client view chose, as raw-body operations (method
/// name `…_raw`), and nothing else; `None` if there are none. A path and
/// method can hold one operation, so these go to a client of their own.
pub fn raw_view(client_view: &Value) -> Option<Value> {
    let mut doc = client_view.clone();
    let paths = doc.get_mut("paths")?.as_object_mut()?;
    for item in paths.values_mut() {
        let Value::Object(item) = item else { continue };
        for method in HTTP_METHODS {
            let Some(Value::Object(operation)) = item.get_mut(method) else {
                continue;
            };
            let Some(Value::Array(alternatives)) = operation.remove(RAW_ALTERNATIVE) else {
                item.remove(method);
                continue;
            };
            let content_types = alternatives
                .iter()
                .filter_map(|t| t.as_str().map(str::to_string))
                .collect();
            operation.insert("requestBody".into(), json!({"required": true, "content": {"application/octet-stream": raw_body(content_types)}}));
            let id = operation["operationId"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            operation.insert("operationId".into(), Value::String(format!("{id}_raw")));
            operation.insert("x-codegen-raw-variant".into(), Value::Bool(true));
        }
    }
    paths.retain(|_, item| HTTP_METHODS.iter().any(|m| item.get(*m).is_some()));
    (!paths.is_empty()).then_some(doc)
}

fn success_responses(responses: &mut Map<String, Value>, at: &str, cx: &mut Cx) {
    let is_success = |code: &str| code.starts_with('2');
    let has_success = responses.keys().any(|c| is_success(c));
    responses.retain(|code, _| is_success(code) || (!has_success && code == "default"));
    for (code, response) in responses.iter_mut() {
        let Some(Value::Object(content)) = response.get_mut("content") else {
            continue;
        };
        let media: Vec<String> = content.keys().cloned().collect();
        if media.is_empty() {
            continue;
        }
        let json_key = media.iter().find(|m| is_json(m)).cloned();
        match json_key {
            Some(key) if media.len() == 1 => {
                let mut media_type = content.remove(&key).expect("key from this map");
                if let Value::Object(m) = &mut media_type {
                    m.remove("encoding");
                }
                content.insert("application/json".into(), with_schema(media_type));
            }
            _ => {
                if media.len() > 1 {
                    cx.warn(
                        &pointer::push(&pointer::push(at, code), "content"),
                        format!("the response may be any of {}; the generated method returns the body as bytes", media.join(", ")),
                    );
                }
                content.clear();
                content.insert(
                    "application/octet-stream".into(),
                    json!({"schema": {"type": "string", "format": "binary"}}),
                );
            }
        }
    }
}

/// Inline schemas in operations (parameters, bodies, responses) are
/// primitives, lists and maps once hoisting has named every other type. The
/// client generator would read validation keywords on them as reasons for
/// other Rust types (`minimum: 0` → `u64`, `uniqueItems` → a set,
/// `format: uuid` → a `uuid` dependency); the server validates values
/// anyway, so only the keywords that pick the Rust type are kept.
fn plain_schemas(operation: &mut Map<String, Value>) {
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

/// A media type without a schema accepts any value; say so, since the
/// client generator needs a schema to type it.
fn with_schema(mut media_type: Value) -> Value {
    if let Value::Object(m) = &mut media_type {
        m.entry("schema").or_insert_with(|| json!({}));
    }
    media_type
}

/// The client generator tells parameters apart by their Rust name alone, so
/// two that share it (`type` in the path and in the query; `fooBar` and
/// `foo_bar`) would collide. A path parameter's name is only a placeholder
/// in the template, so it is renamed (`{type}` → `{typePath}`), in the path
/// and in every operation under it. Two parameters that are both sent by
/// name cannot be renamed: the later one is left out, with a warning.
fn distinct_parameter_names(paths: &mut Map<String, Value>, cx: &mut Cx) {
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
fn scalar_schemas(doc: &Value) -> Vec<String> {
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
fn text_parameters(operation: &mut Map<String, Value>, scalars: &[String], at: &str, cx: &mut Cx) {
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

#[cfg(test)]
mod tests {
    use super::method_name;

    #[test]
    fn method_names_survive_progenitor_casing() {
        for (id, method) in [
            ("webhookDispatch_get", "webhook_dispatch_get"),
            ("$ref", "ref_op"),
            ("type", "type_op"),
            ("404", "op_404"),
            ("_hidden", "hidden"),
            ("self", "op_self"),
            ("-", "value"),
        ] {
            assert_eq!(method_name(id), method, "{id}");
        }
    }
}
