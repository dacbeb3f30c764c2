//! Whatever a spec holds, the generator answers with code or with an error
//! naming a place in the spec: it never panics.
//!
//! Each case takes a fixture spec, replaces one value somewhere in it (or
//! removes it, or renames its key to a name hard to make an identifier of),
//! and runs every stage on the result.

mod common;

use std::path::Path;

use common::{TRICKY_NAMES, mutate, places, rename_key, specs};
use proptest::prelude::*;
use serde_json::{Value, json};

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

/// One case: the spec `which`, changed at `where_` (`with` put there, or its
/// key renamed to `rename`), read and generated.
fn case(
    which: prop::sample::Index,
    where_: prop::sample::Index,
    with: Option<Value>,
    rename: Option<&str>,
) -> Result<(), TestCaseError> {
    let specs = specs();
    let (path, spec) = &specs[which.index(specs.len())];
    let mut all = Vec::new();
    places(spec, String::new(), &mut all);
    let place = &all[where_.index(all.len())];
    let mutated = match rename {
        Some(to) => rename_key(spec, place, to),
        None => mutate(spec, place, with),
    };

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_string_pretty(&mutated).unwrap()).unwrap();
    // Only reading may refuse a spec: once it is read, lowering must have
    // made it something every later stage can take.
    let outcome = std::panic::catch_unwind(|| match xtask::read_spec(&file) {
        Ok(spec) => Ok(
            xtask::layout::standalone(&spec, "test", Path::new("out"), "x")
                .map(|_| ())
                .map_err(|e| e.to_string()),
        ),
        Err(error) => Err(error.to_string()),
    });
    match outcome {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(refused))) => prop_assert!(
            false,
            "read, then refused: {refused}\nspec: {}",
            serde_json::to_string_pretty(&mutated).unwrap()
        ),
        Ok(Err(message)) => prop_assert!(!message.contains('\n'), "{message}"),
        Err(_) => prop_assert!(
            false,
            "panicked on {} with {place} changed:\n{}",
            path.display(),
            serde_json::to_string_pretty(&mutated).unwrap()
        ),
    }
    Ok(())
}

/// What one case is made of: which spec, where in it, and what is put
/// there (a value, nothing, or a new name for the key).
fn inputs() -> impl Strategy<
    Value = (
        prop::sample::Index,
        prop::sample::Index,
        Option<Value>,
        Option<&'static str>,
    ),
> {
    (
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        replacement(),
        prop::option::weighted(0.25, prop::sample::select(TRICKY_NAMES)),
    )
}

// Two halves of the same 400 random cases, run side by side by the test
// threads (each case is single-threaded work). Both draw from the same
// strategies, so the seeds kept in `robustness.proptest-regressions`
// replay the same cases in each.
proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn a_mutated_spec_gives_code_or_a_located_error((which, where_, with, rename) in inputs()) {
        case(which, where_, with, rename)?;
    }

    #[test]
    fn another_mutated_spec_gives_code_or_a_located_error(
        (which, where_, with, rename) in inputs(),
    ) {
        case(which, where_, with, rename)?;
    }
}
