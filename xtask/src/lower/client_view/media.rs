//! Which media type each body and response is sent and read as.

use serde_json::{Map, Value, json};

use super::Cx;
use crate::pointer;
use crate::structure::HTTP_METHODS;

fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// Chooses the media type the generated method sends; returns the other
/// media types the body may also be, which a second, raw-body method sends
/// (see [`raw_view`]).
pub(super) fn request_body(body: &mut Map<String, Value>) -> Vec<String> {
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
pub(super) const RAW_ALTERNATIVE: &str = "x-codegen-raw-alternative";

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

pub(super) fn success_responses(responses: &mut Map<String, Value>, at: &str, cx: &mut Cx) {
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
                        format!("the response may be any of {}; the generated method returns the body as it comes, with its content type", media.join(", ")),
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

/// A media type without a schema accepts any value; say so, since the
/// client generator needs a schema to type it.
fn with_schema(mut media_type: Value) -> Value {
    if let Value::Object(m) = &mut media_type {
        m.entry("schema").or_insert_with(|| json!({}));
    }
    media_type
}
