//! progenitor's input, made from the model: an OpenAPI 3.0 document with
//! the operations progenitor writes (`limits`), in forms it takes.
//!
//! - Operations are named by their method names (`naming`), which
//!   progenitor keeps.
//! - Path placeholders are the parameters' Rust names, so progenitor's
//!   names for them differ from its names for the others (it keys
//!   parameters by wire name and names arguments by its casing of it), and
//!   two spec paths never become one.
//! - Every schema is written from the model's Rust type, so progenitor's
//!   argument types are the model's; named types are replaced by the models'
//!   own (progenitor sees only their names).
//! - Every success response is a raw stream: the runtime reads and decodes
//!   bodies, so an operation with several kinds of success is as simple
//!   for progenitor as any other.

use serde_json::{Map, Value, json};

use super::naming::input_name;
use crate::error::{Error, Result};
use crate::model::{Api, BodyKind, Operation, Param, ParamLocation, TypeRef};

/// The document for `operations`, each named by its method name.
pub fn document(api: &Api, operations: &[(&Operation, String)]) -> Result<openapiv3::OpenAPI> {
    let mut paths = Map::new();
    for (op, method) in operations {
        let path = op.path.render(|wire| {
            op.params
                .iter()
                .find(|p| p.location == ParamLocation::Path && p.wire == wire)
                .map_or_else(|| wire.to_string(), input_name)
        });
        let item = paths
            .entry(path)
            .or_insert_with(|| Value::Object(Map::new()));
        item[op.method.key()] = operation(op, method);
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

fn operation(op: &Operation, method: &str) -> Value {
    let mut out = json!({"operationId": method});
    for (key, text) in [("summary", &op.summary), ("description", &op.description)] {
        if let Some(text) = text {
            out[key] = Value::String(crate::rustdoc::markdown(text));
        }
    }
    out["parameters"] = op.params.iter().map(parameter).collect();
    if let Some(body) = &op.body {
        let (media, schema) = match &body.kind {
            BodyKind::Json(ty) => ("application/json", schema(ty)),
            BodyKind::Text => ("text/plain", json!({"type": "string"})),
            BodyKind::Form(_) | BodyKind::Bytes { .. } => {
                unreachable!("progenitor is given no form or binary body (see `limits`)")
            }
        };
        out["requestBody"] = json!({"required": true, "content": {media: {"schema": schema}}});
    }
    out["responses"] = json!({"2XX": {
        "description": "Success; the body is read and decoded by the runtime.",
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }});
    out
}

fn parameter(p: &Param) -> Value {
    let mut out = json!({
        "name": input_name(p),
        "in": p.location.key(),
        "required": p.required,
        "schema": schema(&p.ty),
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
        // Never asked for: progenitor writes no operation that sends or
        // answers a tuple itself (`limits::writes`).
        TypeRef::Tuple(_) => json!({"type": "array"}),
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
