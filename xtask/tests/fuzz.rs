//! Random specs made from OpenAPI's own grammar — schemas that nest,
//! compose and refer to each other (in cycles too), parameters in every
//! place and style, bodies and responses of every media type, security,
//! servers — with a few values then broken at random. Each must end in a
//! crate or in one error naming the spec file, within a time bound: a case
//! that takes longer counts as a hang, and fails the run.
//!
//! `cargo test` runs a fixed number of cases. `.ci/run` runs it for a fixed
//! time: `FUZZ_SECONDS=60`. `FUZZ_SEED=<n>` draws other cases;
//! `FUZZ_CASE_SECONDS` changes the time bound of one case (default 20 s, a
//! hundred times what the slowest case takes in a debug build). A failing
//! case is written to `target/tmp/fuzz-failure.json`.

mod common;

use std::path::Path;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{TRICKY_NAMES, mutate, places, rename_key};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Map, Value, json};

/// Schema names the generated specs define (`S0`…`S4`), and refer to
/// (`S5`, now and then: a dangling reference).
const SCHEMAS: usize = 5;

/// Names for parameters, properties and schemas: ordinary ones, tricky
/// ones, the names the generated code binds beside parameters
/// (`names::BOUND`, `names::OPTIONS_METHODS`), and Rust's keywords.
fn names() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec![
            "id", "name", "kind", "type", "createdAt", "created_at", "items", "data",
            "value", "limit", "offset", "x-rate", "2fa", "ünï", "a b", "_", "Option",
            "String", "Result", "crate", "async",
        ]),
        1 => prop::sample::select(TRICKY_NAMES),
        1 => prop::sample::select(xtask::names::BOUND),
        1 => prop::sample::select(xtask::names::OPTIONS_METHODS),
        1 => prop::sample::select(xtask::names::KEYWORDS),
    ]
    .prop_map(str::to_owned)
}

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::sample::select(vec![
            "string", "integer", "number", "boolean", "object", "array", "null"
        ])
        .prop_map(|t| json!({ "type": t })),
        (
            prop::sample::select(vec!["string", "integer", "number"]),
            prop::sample::select(vec![
                "date",
                "date-time",
                "uuid",
                "byte",
                "binary",
                "int32",
                "int64",
                "uri",
                "float",
                "double",
                "email",
                "unknown-format",
            ]),
        )
            .prop_map(|(t, f)| json!({ "type": t, "format": f })),
        prop_oneof![19 => 0..SCHEMAS, 1 => Just(SCHEMAS)]
            .prop_map(|k| json!({ "$ref": format!("#/components/schemas/S{k}") })),
        prop::collection::vec(
            prop_oneof![
                names().prop_map(Value::String),
                any::<i32>().prop_map(Value::from),
                Just(Value::Null),
            ],
            0..4
        )
        .prop_map(|values| json!({ "enum": values })),
        Just(json!({})),
        Just(json!({ "const": "fixed" })),
        Just(json!({ "type": ["string", "null"] })),
        Just(json!({ "type": "string", "nullable": true })),
        Just(
            json!({ "type": "integer", "minimum": -9223372036854775809.0, "maximum": 18446744073709551615u64 })
        ),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            (
                prop::collection::btree_map(names(), inner.clone(), 0..4),
                any::<prop::sample::Index>(),
                prop_oneof![
                    Just(None),
                    any::<bool>().prop_map(|b| Some(json!(b))),
                    inner.clone().prop_map(Some)
                ],
            )
                .prop_map(|(properties, required, additional)| {
                    let required: Vec<&String> = properties
                        .keys()
                        .take(required.index(properties.len() + 1))
                        .collect();
                    let mut schema = json!({
                        "type": "object",
                        "properties": properties,
                        "required": required,
                    });
                    if let Some(additional) = additional {
                        schema["additionalProperties"] = additional;
                    }
                    schema
                }),
            inner
                .clone()
                .prop_map(|items| json!({ "type": "array", "items": items })),
            (
                prop::sample::select(vec!["oneOf", "anyOf", "allOf"]),
                prop::collection::vec(inner.clone(), 1..4),
                prop::option::of(prop::option::of(names())),
            )
                .prop_map(|(how, members, discriminator)| {
                    let mut schema = json!({ how: members });
                    if let Some(mapping) = discriminator {
                        schema["discriminator"] = json!({ "propertyName": "kind" });
                        if let Some(name) = mapping {
                            schema["discriminator"]["mapping"] =
                                json!({ name: "#/components/schemas/S0" });
                        }
                    }
                    schema
                }),
            inner.clone().prop_map(|s| json!({ "not": s })),
            inner
                .clone()
                .prop_map(|s| json!({ "type": "array", "prefixItems": [s], "readOnly": true })),
            // A tuple of a fixed length, a member of it nested.
            inner.clone().prop_map(|s| json!({
                "type": "array",
                "prefixItems": [s.clone(), {"type": "array", "prefixItems": [s], "maxItems": 1, "minItems": 1}],
                "items": false,
                "minItems": 2,
            })),
            inner.prop_map(|s| json!({ "allOf": [s], "deprecated": true, "writeOnly": true })),
        ]
    })
}

fn media_type() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "application/json",
        "application/problem+json",
        "text/plain",
        "application/octet-stream",
        "multipart/form-data",
        "application/x-www-form-urlencoded",
        "*/*",
        "image/png",
    ])
}

fn content() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(media_type(), schema(), 1..3).prop_map(|media| {
        Value::Object(
            media
                .into_iter()
                .map(|(media, schema)| (media.to_owned(), json!({ "schema": schema })))
                .collect(),
        )
    })
}

fn parameter(path_names: Vec<String>) -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["path", "query", "header", "cookie"]),
        names(),
        any::<prop::sample::Index>(),
        prop::option::of(any::<prop::sample::Index>()),
        prop::option::of(any::<bool>()),
        any::<bool>(),
        schema(),
    )
        .prop_map(
            move |(place, name, which, style, explode, required, schema)| {
                let name = match place {
                    "path" if !path_names.is_empty() => {
                        path_names[which.index(path_names.len())].clone()
                    }
                    _ => name,
                };
                // What each place allows, and now and then what it does not.
                let styles: &[&str] = match place {
                    "path" => &["simple", "label", "matrix"],
                    "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                    "header" => &["simple"],
                    _ => &["form"],
                };
                let style = style.map(|i| match i.index(20) {
                    0 => "deepObject",
                    i => styles[i % styles.len()],
                });
                let mut parameter = json!({
                    "name": name, "in": place, "required": place == "path" || required,
                    "schema": schema,
                });
                if let Some(style) = style {
                    parameter["style"] = json!(style);
                }
                if let Some(explode) = explode {
                    parameter["explode"] = json!(explode);
                }
                parameter
            },
        )
}

fn responses() -> impl Strategy<Value = Value> {
    prop::collection::btree_map(
        prop::sample::select(vec![
            "200", "201", "202", "204", "2XX", "101", "301", "400", "404", "429", "500", "default",
        ]),
        prop::option::of(content()),
        0..4,
    )
    .prop_map(|responses| {
        Value::Object(
            responses
                .into_iter()
                .map(|(status, content)| {
                    let mut response = json!({ "description": "an answer" });
                    if let Some(content) = content {
                        response["content"] = content;
                    }
                    (status.to_owned(), response)
                })
                .collect(),
        )
    })
}

fn operation(path_names: Vec<String>) -> impl Strategy<Value = Value> {
    (
        prop::option::of(prop_oneof![
            names(),
            prop::sample::select(vec!["thing_get", "thing_list", "thingGet", "get"])
                .prop_map(str::to_owned),
        ]),
        prop::collection::vec(parameter(path_names), 0..4),
        prop::option::of((content(), any::<bool>())),
        responses(),
        prop::option::of(prop::sample::select(vec![
            json!([]),
            json!([{ "bearer": [] }]),
            json!([{ "key": [] }, { "basic": [] }]),
            json!([{ "key": [], "cookie": [] }]),
            json!([{ "oauth": ["read"] }]),
            json!([{ "missing": [] }]),
        ])),
        any::<bool>(),
    )
        .prop_map(|(id, parameters, body, responses, security, deprecated)| {
            let mut operation = json!({ "responses": responses, "parameters": parameters });
            if let Some(id) = id {
                operation["operationId"] = json!(id);
            }
            if let Some((content, required)) = body {
                operation["requestBody"] = json!({ "content": content, "required": required });
            }
            if let Some(security) = security {
                operation["security"] = security;
            }
            if deprecated {
                operation["deprecated"] = json!(true);
            }
            operation
        })
}

/// A path template, the names of its placeholders, and its operations.
fn path_item() -> impl Strategy<Value = (String, Value)> {
    prop::collection::vec(
        prop_oneof![
            2 => names().prop_map(|n| n.replace(['/', '{', '}'], "")),
            1 => names().prop_map(|n| format!("{{{n}}}")),
            1 => Just("{id}.json".to_owned()),
        ],
        0..4,
    )
    .prop_flat_map(|segments| {
        let template = format!("/{}", segments.join("/"));
        let placeholders: Vec<String> = segments
            .iter()
            .filter_map(|s| {
                let start = s.find('{')?;
                Some(s[start + 1..s.find('}')?].to_owned())
            })
            .collect();
        (
            Just(template),
            prop::collection::btree_map(
                prop::sample::select(vec![
                    "get", "put", "post", "delete", "patch", "head", "options", "trace",
                ]),
                operation(placeholders),
                1..3,
            ),
        )
    })
    .prop_map(|(template, operations)| {
        let item: Map<String, Value> = operations
            .into_iter()
            .map(|(method, operation)| (method.to_owned(), operation))
            .collect();
        (template, Value::Object(item))
    })
}

fn security_schemes() -> Value {
    json!({
        "bearer": { "type": "http", "scheme": "bearer" },
        "basic": { "type": "http", "scheme": "basic" },
        "key": { "type": "apiKey", "in": "header", "name": "X-Key" },
        "cookie": { "type": "apiKey", "in": "cookie", "name": "session" },
        "oauth": { "type": "oauth2", "flows": { "clientCredentials": {
            "tokenUrl": "https://auth.example.com/token", "scopes": { "read": "read" } } } },
    })
}

/// Which shape a generated spec takes beyond its random parts: a hostile
/// extreme, kept small enough for a debug build.
fn extreme() -> impl Strategy<Value = Option<(&'static str, usize)>> {
    prop::option::weighted(
        0.2,
        (
            prop::sample::select(vec!["alias-chain", "nested", "alias-cycle"]),
            1usize..200,
        ),
    )
}

fn spec() -> impl Strategy<Value = Value> {
    (
        prop::sample::select(vec!["3.0.3", "3.1.0"]),
        prop::collection::vec(schema(), SCHEMAS),
        prop::collection::vec(path_item(), 0..5),
        prop::sample::select(vec![
            json!([]),
            json!([{ "url": "https://api.example.com/v1" }]),
            json!([{ "url": "/relative" }]),
            json!([{ "url": "https://{region}.example.com", "variables": {
                "region": { "default": "eu", "enum": ["eu", "us"] } } }]),
        ]),
        prop::option::of(prop::sample::select(vec![
            json!([{ "bearer": [] }]),
            json!([{ "key": [] }]),
            json!([]),
        ])),
        extreme(),
    )
        .prop_map(|(version, schemas, paths, servers, security, extreme)| {
            let mut schemas: Map<String, Value> = schemas
                .into_iter()
                .enumerate()
                .map(|(i, s)| (format!("S{i}"), s))
                .collect();
            match extreme {
                Some(("alias-chain", links)) => {
                    for i in 0..links {
                        schemas.insert(
                            format!("Chain{i}"),
                            json!({ "$ref": format!("#/components/schemas/Chain{}", i + 1) }),
                        );
                    }
                    schemas.insert(format!("Chain{links}"), json!({ "type": "object" }));
                }
                Some(("alias-cycle", links)) => {
                    for i in 0..=links {
                        let next = (i + 1) % (links + 1);
                        schemas.insert(
                            format!("Cycle{i}"),
                            json!({ "$ref": format!("#/components/schemas/Cycle{next}") }),
                        );
                    }
                }
                Some((_, levels)) => {
                    let mut deep = json!({ "type": "string" });
                    for _ in 0..levels {
                        deep = json!({ "type": "object", "properties": { "next": deep } });
                    }
                    schemas.insert("Deep".into(), deep);
                }
                None => {}
            }
            let mut spec = json!({
                "openapi": version,
                "info": { "title": "Fuzzed", "version": "1" },
                "servers": servers,
                "paths": Value::Object(paths.into_iter().collect()),
                "components": { "schemas": schemas, "securitySchemes": security_schemes() },
            });
            if let Some(security) = security {
                spec["security"] = security;
            }
            spec
        })
}

/// A broken value: what a careless edit leaves.
fn breakage() -> impl Strategy<Value = (prop::sample::Index, Option<Value>, Option<&'static str>)> {
    (
        any::<prop::sample::Index>(),
        prop_oneof![
            Just(None),
            Just(Some(Value::Null)),
            Just(Some(json!("string"))),
            Just(Some(json!(0))),
            Just(Some(json!({}))),
            Just(Some(json!([]))),
            Just(Some(json!({ "$ref": "#/components/schemas/S0" }))),
            Just(Some(json!({ "$ref": "#" }))),
        ],
        prop::option::weighted(0.3, prop::sample::select(TRICKY_NAMES)),
    )
}

fn case() -> impl Strategy<Value = Value> {
    (spec(), prop::collection::vec(breakage(), 0..3)).prop_map(|(mut spec, breakages)| {
        for (where_, with, rename) in breakages {
            let mut all = Vec::new();
            places(&spec, String::new(), &mut all);
            let place = &all[where_.index(all.len())];
            spec = match rename {
                Some(to) => rename_key(&spec, place, to),
                None => mutate(&spec, place, with),
            };
        }
        spec
    })
}

/// Whether one case made a crate (`true`) or one located error (`false`);
/// how it ended otherwise.
fn check(spec: &Value) -> Result<bool, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_string_pretty(spec).unwrap()).unwrap();
    let outcome = std::panic::catch_unwind(|| match xtask::read_spec(&file) {
        Ok(spec) => xtask::stack::deep(|| {
            xtask::layout::standalone(&spec, "fuzz", Path::new("out"), "fuzzed")
                .map(|_| true)
                .map_err(|e| format!("read, then refused: {e}"))
        }),
        Err(error) => {
            let message = error.to_string();
            if message.contains('\n') || !message.contains("openapi.json") {
                Err(format!("not one located line: {message}"))
            } else {
                Ok(false)
            }
        }
    });
    outcome.unwrap_or_else(|_| Err("panicked".into()))
}

fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    Some(
        value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a number")),
    )
}

#[test]
fn random_specs_end_in_code_or_one_located_error_in_bounded_time() {
    let seed = env_number("FUZZ_SEED").unwrap_or(0);
    let deadline = env_number("FUZZ_SECONDS").map(|s| Instant::now() + Duration::from_secs(s));
    let cases = if deadline.is_some() { u64::MAX } else { 60 };
    let bound = Duration::from_secs(env_number("FUZZ_CASE_SECONDS").unwrap_or(20));

    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = case();
    let (mut accepted, mut slowest) = (0, Duration::ZERO);
    let mut ran = 0;
    while ran < cases && deadline.is_none_or(|d| Instant::now() < d) {
        let spec = strategy.new_tree(&mut runner).unwrap().current();
        let started = Instant::now();
        let (done, outcome) = mpsc::channel();
        let worker = spec.clone();
        std::thread::spawn(move || {
            let _ = done.send(check(&worker));
        });
        let failure = match outcome.recv_timeout(bound) {
            Ok(Ok(generated)) => {
                accepted += usize::from(generated);
                None
            }
            Ok(Err(failure)) => Some(failure),
            Err(_) => Some(format!("no answer within {bound:?}: a hang")),
        };
        if let Some(failure) = failure {
            let saved = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failure.json");
            std::fs::write(&saved, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
            panic!(
                "case {ran} of FUZZ_SEED={seed}: {failure}\nthe spec: {}",
                saved.display()
            );
        }
        slowest = slowest.max(started.elapsed());
        ran += 1;
    }
    eprintln!(
        "fuzz: FUZZ_SEED={seed}: {ran} cases, {accepted} generated a crate, the rest one located error; slowest {slowest:?}"
    );
    assert!(ran > 0, "no case ran");
}
