//! What progenitor 0.15 does with each row of the README's feature matrix,
//! measured: each row is a small OpenAPI 3.0 document (progenitor reads no
//! 3.1) given to progenitor alone, and the outcome — code, a refusal, or a
//! panic — is a line of the snapshot `progenitor_rows.snap`. A progenitor
//! upgrade that changes any of them fails this test until the snapshot (and
//! the README's column) is reviewed.
//!
//! "generates" means only that: whether the code sends what the spec says
//! is what the wire tests check for this project's client.

use progenitor_impl::{GenerationSettings, Generator};
use serde_json::{Value, json};

fn op(extra: Value) -> Value {
    let mut op = json!({"operationId": "probe", "responses": {"204": {"description": "ok"}}});
    for (k, v) in extra.as_object().unwrap() {
        op[k] = v.clone();
    }
    op
}

fn param(location: &str, style: &str, explode: bool, schema: Value) -> Value {
    let mut p = json!({"name": "color", "in": location, "required": true, "style": style, "explode": explode, "schema": schema});
    if location != "path" {
        p["required"] = json!(false);
    }
    op(json!({ "parameters": [p] }))
}

fn body(media: &str, schema: Value) -> Value {
    op(json!({"requestBody": {"required": true, "content": {media: {"schema": schema}}}}))
}

fn response(responses: Value) -> Value {
    op(json!({ "responses": responses }))
}

fn schema_row(schema: Value) -> (Value, Value) {
    (
        response(
            json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/T"}}}}}),
        ),
        json!({ "T": schema }),
    )
}

fn array() -> Value {
    json!({"type": "array", "items": {"type": "string"}})
}

fn object() -> Value {
    json!({"type": "object", "properties": {"R": {"type": "integer"}}})
}

/// Rows: (name, operation at `/probe/{color}` or `/probe`, component schemas,
/// extra top-level members).
fn rows() -> Vec<(&'static str, Value, Value, Value)> {
    let s = json!({"type": "string"});
    let none = json!({});
    let plain = |name, op| (name, op, json!({}), json!({}));
    let mut rows = vec![
        plain(
            "path simple (string)",
            param("path", "simple", false, s.clone()),
        ),
        plain(
            "path simple (array)",
            param("path", "simple", false, array()),
        ),
        plain("path label", param("path", "label", false, s.clone())),
        plain("path matrix", param("path", "matrix", true, s.clone())),
        plain(
            "query form explode (array)",
            param("query", "form", true, array()),
        ),
        plain(
            "query form no explode (array)",
            param("query", "form", false, array()),
        ),
        plain(
            "query form explode (object)",
            param("query", "form", true, object()),
        ),
        plain(
            "query spaceDelimited",
            param("query", "spaceDelimited", false, array()),
        ),
        plain(
            "query pipeDelimited",
            param("query", "pipeDelimited", false, array()),
        ),
        plain(
            "query deepObject",
            param("query", "deepObject", true, object()),
        ),
        plain(
            "header simple (string)",
            param("header", "simple", false, s.clone()),
        ),
        plain(
            "header simple (array)",
            param("header", "simple", false, array()),
        ),
        plain("cookie form", param("cookie", "form", false, s.clone())),
        plain(
            "query allowReserved",
            op(
                json!({"parameters": [{"name": "color", "in": "query", "allowReserved": true, "schema": s}]}),
            ),
        ),
        plain(
            "content-typed parameter",
            op(
                json!({"parameters": [{"name": "color", "in": "query", "content": {"application/json": {"schema": object()}}}]}),
            ),
        ),
        plain("body JSON", body("application/json", object())),
        plain(
            "body form-urlencoded",
            body("application/x-www-form-urlencoded", object()),
        ),
        plain(
            "body multipart/form-data",
            body(
                "multipart/form-data",
                json!({"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}),
            ),
        ),
        plain(
            "body application/octet-stream",
            body(
                "application/octet-stream",
                json!({"type": "string", "format": "binary"}),
            ),
        ),
        plain(
            "body image/png",
            body("image/png", json!({"type": "string", "format": "binary"})),
        ),
        plain("body text/plain", body("text/plain", s.clone())),
        plain(
            "responses: several 2xx",
            response(json!({
                "200": {"description": "ok", "content": {"application/json": {"schema": object()}}},
                "201": {"description": "ok", "content": {"application/json": {"schema": array()}}},
            })),
        ),
        plain(
            "responses: several media types",
            response(json!({"200": {"description": "ok", "content": {
                "application/json": {"schema": object()},
                "text/csv": {"schema": s},
            }}})),
        ),
        plain(
            "responses: default only",
            response(
                json!({"default": {"description": "any", "content": {"application/json": {"schema": object()}}}}),
            ),
        ),
        plain(
            "responses: binary",
            response(
                json!({"200": {"description": "ok", "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}}}}),
            ),
        ),
        plain(
            "responses: headers",
            response(
                json!({"200": {"description": "ok", "headers": {"X-Rate": {"schema": {"type": "integer"}}}}}),
            ),
        ),
        plain(
            "operation without operationId",
            json!({"responses": {"204": {"description": "ok"}}}),
        ),
        plain("operation deprecated", op(json!({"deprecated": true}))),
        plain(
            "operation callbacks",
            op(
                json!({"callbacks": {"done": {"{$request.body#/url}": {"post": {"responses": {"200": {"description": "ok"}}}}}}}),
            ),
        ),
        plain(
            "operation without responses",
            json!({"operationId": "probe", "responses": {}}),
        ),
        (
            "servers per operation",
            op(json!({"servers": [{"url": "https://other.example.com"}]})),
            json!({}),
            json!({}),
        ),
        (
            "security: API key in a cookie, basic, bearer (AND / OR)",
            op(json!({"security": [{"cookie": [], "basic": []}, {"bearer": []}]})),
            json!({}),
            json!({"securitySchemes": {
                "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
                "basic": {"type": "http", "scheme": "basic"},
                "bearer": {"type": "http", "scheme": "bearer"},
            }}),
        ),
    ];
    for (name, schema) in [
        (
            "oneOf with discriminator and mapping",
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                   "discriminator": {"propertyName": "kind", "mapping": {"a": "#/components/schemas/A", "b": "#/components/schemas/B"}}}),
        ),
        (
            "oneOf with discriminator, no mapping",
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}],
                   "discriminator": {"propertyName": "kind"}}),
        ),
        (
            "oneOf told apart by a fixed property",
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}),
        ),
        (
            "anyOf of objects",
            json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}),
        ),
        (
            "allOf",
            json!({"allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"x": {"type": "string"}}}]}),
        ),
        (
            "additionalProperties: false",
            json!({"type": "object", "additionalProperties": false, "properties": {"x": {"type": "string"}}}),
        ),
        (
            "additionalProperties: schema",
            json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        ),
        (
            "readOnly / writeOnly",
            json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "readOnly": true}, "pw": {"type": "string", "writeOnly": true}}}),
        ),
        (
            "deprecated property",
            json!({"type": "object", "properties": {"old": {"type": "string", "deprecated": true}}}),
        ),
        (
            "numeric enum",
            json!({"type": "integer", "enum": [1, 2, 3]}),
        ),
        (
            "formats",
            json!({"type": "object", "properties": {
                "d": {"type": "string", "format": "date"}, "t": {"type": "string", "format": "date-time"},
                "u": {"type": "string", "format": "uuid"}, "b": {"type": "string", "format": "byte"},
                "i": {"type": "integer", "format": "int32"}, "l": {"type": "string", "format": "uri"}}}),
        ),
        (
            "nullable",
            json!({"type": "object", "properties": {"x": {"type": "string", "nullable": true}}}),
        ),
    ] {
        let (op, mut schemas) = schema_row(schema);
        schemas["A"] = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["a"]}, "x": {"type": "string"}}});
        schemas["B"] = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string", "enum": ["b"]}, "y": {"type": "integer"}}});
        rows.push((name, op, schemas, none.clone()));
    }
    rows
}

fn outcome(doc: Value) -> String {
    let spec: openapiv3::OpenAPI = match serde_json::from_value(doc) {
        Ok(spec) => spec,
        Err(e) => return format!("not read: {e}"),
    };
    let generated = std::panic::catch_unwind(|| {
        Generator::new(&GenerationSettings::default())
            .generate_tokens(&spec)
            .map(|_| ())
    });
    match generated {
        Ok(Ok(())) => "generates".into(),
        Ok(Err(e)) => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("").trim();
            format!("refuses: {}", first.chars().take(90).collect::<String>())
        }
        Err(_) => "panics".into(),
    }
}

#[test]
fn what_progenitor_does_with_each_row() {
    // Panics are part of what is measured; keep their messages out of the log.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let mut table = String::new();
    for (name, operation, schemas, components) in rows() {
        let path = if operation["parameters"][0]["in"] == "path" {
            "/probe/{color}"
        } else {
            "/probe"
        };
        let mut doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "Probe", "version": "1"},
            "paths": { path: { "get": operation } },
            "components": { "schemas": schemas },
        });
        for (k, v) in components.as_object().unwrap() {
            doc["components"][k] = v.clone();
        }
        table.push_str(&format!("{name}: {}\n", outcome(doc)));
    }
    std::panic::set_hook(hook);
    insta::assert_snapshot!(table);
}
