//! progenitor's input, made from the model: an OpenAPI 3.0 document with
//! exactly what progenitor should generate, in forms it takes.
//!
//! - Operations are named by their method name, which progenitor keeps.
//! - Path placeholders are the parameters' Rust names, so progenitor's
//!   names for them differ from its names for the others (it keys
//!   parameters by wire name and names arguments by its casing of it), and
//!   two spec paths never become one.
//! - Every schema is written from the model's Rust type, so progenitor's
//!   argument types are the model's; named types are replaced by the models'
//!   own (progenitor sees only their names).
//! - Every success response is a raw stream (or a protocol switch): the
//!   runtime reads and decodes bodies, so an operation with several kinds of
//!   success is as simple for progenitor as any other.
//! - Request bodies are the one media type the model chose, or raw bytes for
//!   the raw-body twins and for forms (which the runtime writes).
//! - Parameters the runtime writes in their style are left out; a styled
//!   path parameter is a string (the runtime's placeholder).

use serde_json::{Map, Value, json};

use crate::error::{Error, Result};
use crate::model::{Api, BodyKind, Operation, Param, ParamLocation, Success, TypeRef};

/// Which of an operation's methods the document is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// The operation as the model describes it.
    Main,
    /// Its raw-body twin: the body as bytes.
    RawBody,
}

pub fn document(
    api: &Api,
    operations: &[&Operation],
    variant: Variant,
) -> Result<openapiv3::OpenAPI> {
    let mut paths = Map::new();
    for op in operations {
        let path = op.path.render(|name| placeholder(op, name));
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[op.method.key()] = operation(op, variant);
    }
    let schemas: Map<String, Value> = api
        .types
        .iter()
        .map(|t| (t.name.clone(), json!({})))
        .collect();
    let mut info = json!({"title": api.title, "version": api.version});
    if let Some(description) = &api.description {
        info["description"] = Value::String(crate::rustdoc::markdown(description));
    }
    let doc = json!({
        "openapi": "3.0.3",
        "info": info,
        "paths": paths,
        "components": {"schemas": schemas},
    });
    serde_json::from_value(doc).map_err(|e| {
        Error::Generate(format!(
            "the client generator's input could not be made: {e}"
        ))
    })
}

/// The name progenitor is given for path parameter `wire` of `op`: its
/// Rust name (unique in the operation), unless another parameter is sent by
/// that name.
pub fn placeholder(op: &Operation, wire: &str) -> String {
    let sent_by_name = |name: &str| {
        op.params
            .iter()
            .any(|p| p.location != ParamLocation::Path && p.wire == name)
    };
    let rust = op
        .params
        .iter()
        .find(|p| p.location == ParamLocation::Path && p.wire == wire)
        .map_or(wire, |p| p.name.trim_start_matches("r#"));
    let mut name = rust.to_string();
    while sent_by_name(&name) {
        name.push_str("_path");
    }
    name
}

fn operation(op: &Operation, variant: Variant) -> Value {
    let mut out = json!({"operationId": op.name});
    for (key, text) in [("summary", &op.summary), ("description", &op.description)] {
        if let Some(text) = text {
            out[key] = Value::String(crate::rustdoc::markdown(text));
        }
    }
    // The runtime writes styled parameters; a styled path parameter stays
    // in the template, and progenitor's method is given a placeholder text
    // for it that the runtime replaces.
    out["parameters"] = op
        .params
        .iter()
        .filter(|p| !p.styled || p.location == ParamLocation::Path)
        .map(|p| parameter(op, p))
        .collect();
    if let Some(body) = &op.body {
        let (media, schema) = match (&body.kind, variant) {
            (_, Variant::RawBody) | (BodyKind::Bytes { .. }, _) => (
                "application/octet-stream",
                json!({"type": "string", "format": "binary"}),
            ),
            (BodyKind::Json(ty), Variant::Main) => ("application/json", schema(ty)),
            // The runtime writes forms (progenitor's encoder takes no lists).
            (BodyKind::Form(_), Variant::Main) => (
                "application/octet-stream",
                json!({"type": "string", "format": "binary"}),
            ),
            (BodyKind::Text, Variant::Main) => ("text/plain", json!({"type": "string"})),
        };
        out["requestBody"] = json!({"required": true, "content": {media: {"schema": schema}}});
    }
    out["responses"] = match op.success {
        Success::Upgrade => json!({"101": {"description": "Switching protocols."}}),
        _ => json!({"2XX": {
            "description": "Success; the body is read and decoded by the runtime.",
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }}),
    };
    out
}

fn parameter(op: &Operation, p: &Param) -> Value {
    let name = match p.location {
        ParamLocation::Path => placeholder(op, &p.wire),
        _ => p.wire.clone(),
    };
    let ty = if p.styled { &TypeRef::String } else { &p.ty };
    let mut out = json!({
        "name": name,
        "in": p.location.key(),
        "required": p.required,
        "schema": schema(ty),
    });
    if let Some(doc) = &p.doc {
        out["description"] = Value::String(crate::rustdoc::markdown(doc));
    }
    out
}

/// The schema progenitor (typify) turns into exactly `ty`'s Rust type.
pub fn schema(ty: &TypeRef) -> Value {
    match ty {
        TypeRef::Bool => json!({"type": "boolean"}),
        TypeRef::I32 => json!({"type": "integer", "format": "int32"}),
        TypeRef::I64 => json!({"type": "integer", "format": "int64"}),
        TypeRef::F64 => json!({"type": "number", "format": "double"}),
        TypeRef::String => json!({"type": "string"}),
        TypeRef::DateTime => json!({"type": "string", "format": "date-time"}),
        TypeRef::Date => json!({"type": "string", "format": "date"}),
        TypeRef::Json => json!({}),
        TypeRef::JsonObject => json!({"type": "object"}),
        TypeRef::Named(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
        TypeRef::List(item) => json!({"type": "array", "items": schema(item)}),
        TypeRef::Map(value) => json!({"type": "object", "additionalProperties": schema(value)}),
        TypeRef::Option(inner) => match schema(inner) {
            Value::Object(mut object) if !object.contains_key("$ref") && !object.is_empty() => {
                object.insert("nullable".into(), Value::Bool(true));
                Value::Object(object)
            }
            // A reference cannot have siblings in 3.0; `{}` is already nullable.
            Value::Object(object) if object.is_empty() => Value::Object(object),
            reference => json!({"allOf": [reference], "nullable": true}),
        },
    }
}
