//! What progenitor 0.15 does with each row of the README's feature matrix,
//! measured: each row is a small OpenAPI 3.0 document (progenitor reads no
//! 3.1) given to progenitor alone, and the outcome — code, a refusal, or a
//! panic — is a line of the snapshot `progenitor_rows.snap`. A progenitor
//! upgrade that changes any of them fails this test until the snapshot is
//! reviewed; and the README's progenitor column is checked against the
//! outcomes, row by row (`README_ROWS`), so it is not copied by hand.
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
            "content-typed parameter (text)",
            op(
                json!({"parameters": [{"name": "color", "in": "query", "content": {"text/plain": {"schema": s}}}]}),
            ),
        ),
        plain("responses: no content", op(json!({}))),
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
            "responses: JSON beside a wildcard",
            response(json!({"200": {"description": "ok", "content": {
                "application/json": {"schema": object()},
                "*/*": {"schema": s},
            }}})),
        ),
        plain(
            "responses: several media types, none JSON",
            response(json!({"200": {"description": "ok", "content": {
                "text/csv": {"schema": s},
                "text/html": {"schema": s},
            }}})),
        ),
        plain(
            "responses: server-sent events",
            response(json!({"200": {"description": "ok", "content": {
                "text/event-stream": {"schema": object()},
            }}})),
        ),
        plain(
            "responses: JSON lines",
            response(json!({"200": {"description": "ok", "content": {
                "application/x-ndjson": {"schema": object()},
            }}})),
        ),
        plain(
            "responses: JSON or server-sent events",
            response(json!({"200": {"description": "ok", "content": {
                "application/json": {"schema": object()},
                "text/event-stream": {"schema": object()},
            }}})),
        ),
        plain(
            "responses: multipart/mixed",
            response(json!({"200": {"description": "ok", "content": {
                "multipart/mixed": {"schema": array()},
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
            "responses: a list paged by headers",
            op(json!({
                "parameters": [
                    {"name": "offset", "in": "query", "schema": {"type": "integer"}},
                    {"name": "limit", "in": "query", "schema": {"type": "integer"}},
                ],
                "responses": {"200": {
                    "description": "ok",
                    "headers": {"X-Total-Count": {"schema": {"type": "integer"}}},
                    "content": {"application/json": {"schema": {"type": "array", "items": {"type": "string"}}}},
                }},
            })),
        ),
        plain(
            "operation without operationId",
            json!({"responses": {"204": {"description": "ok"}}}),
        ),
        plain("operation deprecated", op(json!({"deprecated": true}))),
        plain("operation tags", op(json!({"tags": ["pets"]}))),
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
            "server variables",
            op(json!({})),
            json!({}),
            json!({"servers": [{"url": "https://{region}.example.com", "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}}]}),
        ),
        (
            "security: OAuth 2",
            op(json!({"security": [{"oauth": []}]})),
            json!({}),
            json!({"securitySchemes": {
                "oauth": {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": "https://example.com/token", "scopes": {}}}},
            }}),
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
            "oneOf of closed objects",
            json!({"oneOf": [
                {"type": "object", "additionalProperties": false, "properties": {"a": {"type": "string"}}},
                {"type": "object", "additionalProperties": false, "properties": {"b": {"type": "string"}}},
            ]}),
        ),
        (
            "oneOf of objects nothing tells apart",
            json!({"oneOf": [
                {"type": "object", "properties": {"a": {"type": "string"}}},
                {"type": "object", "properties": {"b": {"type": "string"}}},
            ]}),
        ),
        (
            "anyOf of objects requiring different properties",
            json!({"anyOf": [{"$ref": "#/components/schemas/C"}, {"$ref": "#/components/schemas/D"}]}),
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
        ("number enum", json!({"type": "number", "enum": [1.5, 2.5]})),
        (
            "one-value enum",
            json!({"type": "string", "enum": ["only"]}),
        ),
        (
            "oneOf of one-value string enums",
            json!({"oneOf": [{"type": "string", "enum": ["a"]}, {"type": "string", "enum": ["b"]}]}),
        ),
        (
            "oneOf of different JSON kinds",
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}]}),
        ),
        (
            "discriminator in an allOf base",
            json!({"$ref": "#/components/schemas/Base"}),
        ),
        (
            "oneOf of schemas extending a discriminated base",
            json!({"oneOf": [{"$ref": "#/components/schemas/Cat"}]}),
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
        schemas["C"] = json!({"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "key": {"type": "string"}}});
        schemas["D"] = json!({"type": "object", "required": ["key"], "properties": {"id": {"type": "string"}, "key": {"type": "string"}}});
        schemas["Base"] = json!({"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}, "discriminator": {"propertyName": "kind"}});
        schemas["Cat"] = json!({"allOf": [{"$ref": "#/components/schemas/Base"}, {"type": "object", "properties": {"lives": {"type": "integer"}}}]});
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
    let mut outcomes = Vec::new();
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
            match k.as_str() {
                "servers" => doc[k] = v.clone(),
                _ => doc["components"][k] = v.clone(),
            }
        }
        let outcome = outcome(doc);
        table.push_str(&format!("{name}: {outcome}\n"));
        outcomes.push((name, outcome));
    }
    std::panic::set_hook(hook);
    insta::assert_snapshot!(table);
    readme_column_says(&outcomes);
}

/// Each row of the README's feature matrix (its first cell), and the probes
/// that measure it; none for what only OpenAPI 3.1 or 3.2 has.
const README_ROWS: &[(&str, &[&str])] = &[
    (
        "path `simple`, string / array / object, explode or not",
        &["path simple (string)", "path simple (array)"],
    ),
    (
        "path `label`, `matrix`, every value, explode or not",
        &["path label", "path matrix"],
    ),
    (
        "query `form`, explode or not, string / array / object",
        &[
            "query form explode (array)",
            "query form no explode (array)",
            "query form explode (object)",
        ],
    ),
    (
        "query `spaceDelimited`, `pipeDelimited` (array, object)",
        &["query spaceDelimited", "query pipeDelimited"],
    ),
    ("query `deepObject` (object)", &["query deepObject"]),
    (
        "header `simple`, string / array / object, explode or not",
        &["header simple (string)", "header simple (array)"],
    ),
    (
        "cookie `form` (explode `false`, or a single value)",
        &["cookie form"],
    ),
    (
        "cookie `form` with `explode: true`, list or object",
        &["cookie form"],
    ),
    ("`allowReserved`", &["query allowReserved"]),
    (
        "`content`-typed parameter, JSON",
        &["content-typed parameter"],
    ),
    (
        "`content`-typed parameter, other media types",
        &["content-typed parameter (text)"],
    ),
    ("JSON", &["body JSON"]),
    (
        "`application/x-www-form-urlencoded`, with `encoding`",
        &["body form-urlencoded"],
    ),
    ("`multipart/form-data`", &["body multipart/form-data"]),
    (
        "raw binary (`application/octet-stream`, `image/png`, …)",
        &["body application/octet-stream", "body image/png"],
    ),
    ("`text/plain`", &["body text/plain"]),
    (
        "several 2xx with different bodies",
        &["responses: several 2xx"],
    ),
    (
        "several media types, one of them JSON",
        &["responses: several media types"],
    ),
    (
        "JSON beside a wildcard (`*/*`)",
        &["responses: JSON beside a wildcard"],
    ),
    (
        "several media types, none JSON",
        &["responses: several media types, none JSON"],
    ),
    (
        "`text/event-stream` (server-sent events)",
        &["responses: server-sent events"],
    ),
    (
        "JSON lines, NDJSON, JSON text sequences",
        &["responses: JSON lines"],
    ),
    (
        "JSON or a stream, by media type",
        &["responses: JSON or server-sent events"],
    ),
    ("`multipart/mixed` answers", &["responses: multipart/mixed"]),
    ("`default` only", &["responses: default only"]),
    ("no content", &["responses: no content"]),
    ("binary bodies", &["responses: binary"]),
    (
        "a list paged by `offset`/`limit`, its total in a response header",
        &["responses: a list paged by headers"],
    ),
    ("response headers", &["responses: headers"]),
    (
        "`oneOf`/`anyOf` with `discriminator` and `mapping`",
        &["oneOf with discriminator and mapping"],
    ),
    (
        "`oneOf`/`anyOf` with `discriminator`, no `mapping`",
        &["oneOf with discriminator, no mapping"],
    ),
    (
        "`oneOf` without discriminator, members fixing one property",
        &["oneOf told apart by a fixed property"],
    ),
    (
        "`oneOf` of one-value string enums",
        &["oneOf of one-value string enums"],
    ),
    (
        "`oneOf`/`anyOf` of members differing in JSON kind",
        &["oneOf of different JSON kinds"],
    ),
    (
        "`oneOf`/`anyOf` of objects told apart by the properties they require",
        &["anyOf of objects requiring different properties"],
    ),
    (
        "`anyOf` of members a value may fit at once (nothing tells them apart)",
        &["anyOf of objects"],
    ),
    (
        "`oneOf` of closed objects (`additionalProperties: false`) allowing different properties",
        &["oneOf of closed objects"],
    ),
    (
        "`oneOf` of members nothing tells apart",
        &["oneOf of objects nothing tells apart"],
    ),
    (
        "`discriminator` in an `allOf` base",
        &["discriminator in an allOf base"],
    ),
    (
        "`oneOf` of schemas extending a discriminated base",
        &["oneOf of schemas extending a discriminated base"],
    ),
    ("`allOf`", &["allOf"]),
    (
        "`additionalProperties` `true` / `false` / schema",
        &[
            "additionalProperties: false",
            "additionalProperties: schema",
        ],
    ),
    ("`readOnly` / `writeOnly`", &["readOnly / writeOnly"]),
    (
        "`deprecated` (schemas, properties, operations)",
        &["deprecated property", "operation deprecated"],
    ),
    ("`const`", &["one-value enum"]),
    ("integer enums", &["numeric enum"]),
    ("enums of other numbers", &["number enum"]),
    ("formats `date`, `date-time`", &["formats"]),
    (
        "formats `uuid`, `uri`, `byte`, `binary` (in JSON)",
        &["formats"],
    ),
    ("`int32` / `int64`", &["formats"]),
    ("3.0 `nullable`, 3.1 type arrays with `null`", &["nullable"]),
    ("3.1 type arrays of several types", &[]),
    ("`prefixItems`", &[]),
    (
        "encoded content (`contentMediaType` JSON with a `contentSchema`; `contentEncoding` base64, base64url or none)",
        &[],
    ),
    ("variables with defaults (and enums)", &["server variables"]),
    (
        "servers of a path or an operation",
        &["servers per operation"],
    ),
    (
        "API key in a header / the query / a cookie",
        &["security: API key in a cookie, basic, bearer (AND / OR)"],
    ),
    (
        "HTTP basic, bearer",
        &["security: API key in a cookie, basic, bearer (AND / OR)"],
    ),
    (
        "OAuth 2, OpenID Connect (the user brings the token)",
        &["security: OAuth 2"],
    ),
    (
        "alternatives (OR), combinations (AND), `security: []`",
        &["security: API key in a cookie, basic, bearer (AND / OR)"],
    ),
    ("no `operationId`", &["operation without operationId"]),
    ("`deprecated`", &["operation deprecated"]),
    ("`tags`", &["operation tags"]),
    ("`callbacks`, `webhooks`", &["operation callbacks"]),
    ("3.1 operation without `responses`", &[]),
    ("`query` operations (`QUERY`), `additionalOperations`", &[]),
    ("`in: querystring`: a form, JSON, other text", &[]),
    ("`itemSchema` (events, JSON lines)", &[]),
    ("`components.mediaTypes`, `$self`", &[]),
    ("a response's `summary`, examples' `dataValue`", &[]),
    (
        "OAuth 2 device authorization flow, `oauth2MetadataUrl`",
        &[],
    ),
    ("`itemEncoding`, `prefixEncoding`", &[]),
    ("discriminator `defaultMapping`", &[]),
    ("tags' `summary`, `parent`", &[]),
    ("tags' `kind`; servers' `name`", &[]),
    ("a `deprecated` security scheme", &[]),
    ("cookie `style: cookie`", &[]),
];

/// The README's progenitor column says what the probes of each row found:
/// each outcome among them ("generates", "refuses the spec", "panics") and
/// no other; a row with no probe, that progenitor reads no 3.1 (or 3.2). Every row
/// of the matrix is in `README_ROWS`, and every probe in some row.
fn readme_column_says(outcomes: &[(&str, String)]) {
    let readme = std::fs::read_to_string("../README.md").unwrap();
    let table = readme
        .split("| feature | this generator | tested by | progenitor 0.15.1 |")
        .nth(1)
        .expect("the README's feature matrix");
    let rows: Vec<Vec<&str>> = table
        .lines()
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.trim_matches('|').split(" | ").map(str::trim).collect())
        .filter(|cells: &Vec<&str>| !cells[0].starts_with("**"))
        .collect();
    let verdict = |outcome: &str| match outcome {
        "generates" => "generates",
        "panics" => "panics",
        _ => "refuses the spec",
    };
    for cells in &rows {
        let (feature, column) = (cells[0], cells[cells.len() - 1]);
        let probes = README_ROWS
            .iter()
            .find(|(row, _)| *row == feature)
            .unwrap_or_else(|| panic!("README row `{feature}` has no probes in README_ROWS"))
            .1;
        if probes.is_empty() {
            assert!(
                column.contains("reads no 3.1") || column.contains("reads no 3.2"),
                "{feature}: {column}"
            );
            continue;
        }
        let found: Vec<&str> = probes
            .iter()
            .map(|probe| {
                let (_, outcome) = outcomes
                    .iter()
                    .find(|(name, _)| name == probe)
                    .unwrap_or_else(|| panic!("no probe `{probe}`"));
                verdict(outcome)
            })
            .collect();
        for said in ["generates", "refuses the spec", "panics"] {
            assert_eq!(
                column.contains(said),
                found.contains(&said),
                "README, row `{feature}`: the progenitor column says `{column}`, its probes found {found:?}"
            );
        }
    }
    assert_eq!(rows.len(), README_ROWS.len(), "README rows");
    for (probe, _) in outcomes {
        assert!(
            README_ROWS.iter().any(|(_, probes)| probes.contains(probe))
                || *probe == "operation without responses",
            "probe `{probe}` measures no README row"
        );
    }
}
