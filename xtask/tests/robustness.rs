//! Whatever a spec holds, the generator answers with code or with an error
//! naming a place in the spec: it never panics.
//!
//! Each case takes a fixture spec, replaces one value somewhere in it (or
//! removes it), and runs every stage on the result.

mod common;

use std::path::{Path, PathBuf};

use common::{entry, fixtures};
use proptest::prelude::*;
use serde_json::{Value, json};

/// The single-file fixtures, as JSON values.
fn specs() -> Vec<(PathBuf, Value)> {
    fixtures("valid")
        .into_iter()
        .map(|dir| entry(&dir))
        .filter(|entry| std::fs::read_dir(entry.parent().unwrap()).unwrap().count() == 1)
        .map(|entry| {
            let text = std::fs::read_to_string(&entry).unwrap();
            let value = xtask::load::parse(&entry, &text).unwrap();
            (entry, value)
        })
        .collect()
}

/// Every place in `value`, as JSON pointers.
fn places(value: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                places(v, xtask::pointer::push(&at, k), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                places(v, xtask::pointer::push(&at, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

fn replacement() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        any::<bool>().prop_map(|b| Some(json!(b))),
        any::<i64>().prop_map(|n| Some(json!(n))),
        prop::sample::select(vec![
            "",
            "string",
            "object",
            "array",
            "null",
            "#/components/schemas/Nope",
            "$ref",
            "{x}",
            "/a/{b}",
            "date-time",
            "application/json",
            "*/*",
            "ž",
            "Unknown",
            "type",
        ])
        .prop_map(|s| Some(json!(s))),
        Just(Some(json!({}))),
        Just(Some(json!([]))),
        Just(Some(json!({"$ref": "#/components/schemas/Missing"}))),
        Just(Some(json!({"$ref": "#"}))),
        Just(Some(json!({"type": ["string", "object", "null"]}))),
        Just(Some(json!({"anyOf": [{"type": "null"}]}))),
        Just(Some(
            json!({"oneOf": [{"type": "integer"}, {"type": "integer"}]})
        )),
        Just(Some(json!({"enum": [1, "a", null]}))),
    ]
}

fn mutate(spec: &Value, place: &str, with: Option<Value>) -> Value {
    let mut spec = spec.clone();
    let Some((parent, key)) = xtask::pointer::split_last(place) else {
        return with.unwrap_or(Value::Null);
    };
    match (spec.pointer_mut(parent), with) {
        (Some(Value::Object(map)), Some(value)) => {
            map.insert(key, value);
        }
        (Some(Value::Object(map)), None) => {
            map.remove(&key);
        }
        (Some(Value::Array(items)), with) => {
            let i: usize = key.parse().unwrap();
            match with {
                Some(value) => items[i] = value,
                None => {
                    items.remove(i);
                }
            }
        }
        _ => {}
    }
    spec
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_spec_gives_code_or_a_located_error(
        which in any::<prop::sample::Index>(),
        where_ in any::<prop::sample::Index>(),
        with in replacement(),
    ) {
        let specs = specs();
        let (path, spec) = &specs[which.index(specs.len())];
        let mut all = Vec::new();
        places(spec, String::new(), &mut all);
        let place = &all[where_.index(all.len())];
        let mutated = mutate(spec, place, with);

        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("openapi.json");
        std::fs::write(&file, serde_json::to_string_pretty(&mutated).unwrap()).unwrap();
        let outcome = std::panic::catch_unwind(|| match xtask::read_spec(&file) {
            Ok(spec) => xtask::layout::standalone(&spec, "test", Path::new("out"), "x").map(|_| ()),
            Err(error) => Err(error),
        });
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(error)) => {
                let message = error.to_string();
                prop_assert!(!message.contains('\n'), "{message}");
            }
            Err(_) => prop_assert!(false, "panicked on {} with {place} changed:\n{}", path.display(),
                serde_json::to_string_pretty(&mutated).unwrap()),
        }
    }
}
