//! Every crate the generator writes compiles without warnings, clippy's
//! included: the valid
//! fixtures', and those of random variations of them that it accepts (a
//! value replaced or removed here and there; the same ones on every run).
//!
//! One more crate checks the generated code's hygiene: its spec names its
//! parameters after every name the fixtures' generated code binds, in
//! every place a parameter goes, so a binding any emitter adds and a
//! parameter can shadow fails here (`tests/fixtures/valid/binding_names`
//! holds the cases known by name).
//!
//! The crates are generated in memory, written to one test workspace
//! (`target/test-workspaces/compile`) and checked with `cargo clippy
//! --offline` and `-D warnings` (features and test code included) against
//! the repository's `Cargo.lock`, in the workspace's target dir (so their
//! dependencies are those the workspace checked, and a crate whose code did
//! not change since the last run is not checked again).

mod common;

use std::collections::BTreeSet;
use std::path::PathBuf;

use common::{accepted_mutants, add_crate, cargo_in, entry, fixtures, relative, workspace_of};
use serde_json::{Value, json};
use syn::visit_mut::VisitMut;

#[test]
fn generated_crates_build_without_warnings() {
    let workspace = common::test_workspace("compile");
    let mut members = Vec::new();
    for dir in fixtures("valid") {
        let name = dir.file_name().unwrap().to_string_lossy().replace('_', "-");
        let spec = xtask::read_spec(&relative(&entry(&dir))).unwrap();
        members.push(add_crate(
            workspace.as_path(),
            &name,
            &format!("fx-{name}"),
            &spec,
        ));
    }
    let fixture_crates: Vec<_> = members.iter().map(|m| workspace.join(m)).collect();
    let bound = bound_names(&fixture_crates);
    assert!(
        ["response", "options", "args", "out", "low", "page_offset"]
            .iter()
            .all(|name| bound.contains(*name)),
        "{bound:?}"
    );
    eprintln!("parameters named after {} bound names", bound.len());
    let entry = workspace.as_path().join("bound.json");
    std::fs::write(&entry, named_after(&bound).to_string()).unwrap();
    let spec = xtask::read_spec(&entry).unwrap();
    members.push(add_crate(workspace.as_path(), "bound", "fx-bound", &spec));
    // `MUTANT_SEED` and `MUTANTS` search further than the default set.
    let seed = std::env::var("MUTANT_SEED")
        .map_or(0x5eed, |s| s.parse().expect("MUTANT_SEED is a number"));
    let count = std::env::var("MUTANTS").map_or(24, |s| s.parse().expect("MUTANTS is a number"));
    for (i, spec) in accepted_mutants(seed, count).into_iter().enumerate() {
        let name = format!("mutant-{i}");
        let entry = workspace.as_path().join(format!("{name}.json"));
        std::fs::write(&entry, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
        let spec = xtask::read_spec(&entry).unwrap();
        members.push(add_crate(
            workspace.as_path(),
            &name,
            &format!("fx-{name}"),
            &spec,
        ));
    }
    workspace_of(workspace.as_path(), &members);
    cargo_in(
        workspace.as_path(),
        &[
            "clippy",
            "--all-features",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    );
}

/// Every name bound in the files generated in the crates at `dirs`
/// (arguments, locals, closure arguments, patterns), without `r#`.
fn bound_names(dirs: &[PathBuf]) -> BTreeSet<String> {
    struct Names(BTreeSet<String>);
    impl VisitMut for Names {
        fn visit_pat_ident_mut(&mut self, pat: &mut syn::PatIdent) {
            self.0
                .insert(pat.ident.to_string().trim_start_matches("r#").to_owned());
            syn::visit_mut::visit_pat_ident_mut(self, pat);
        }
    }
    let mut names = Names(BTreeSet::new());
    // The generated files, not the runtime copied beside them.
    for (path, text) in dirs.iter().flat_map(|dir| common::tree(dir)) {
        let generated = ["client.rs", "models.rs", "generated.rs"]
            .iter()
            .any(|name| path.ends_with(name));
        if generated {
            let mut file = syn::parse_file(std::str::from_utf8(&text).unwrap()).unwrap();
            names.visit_file_mut(&mut file);
        }
    }
    names.0
}

/// A spec whose operations have a parameter named after each of `names`
/// in every place: text in a path (sent by the runtime), a number in a path
/// (sent by progenitor's method), required and optional queries, headers
/// and cookies; with a form body, and in a paged list. A few names share
/// each operation (each in every place), so that the crate holds every
/// name in every place without an operation per name.
fn named_after(names: &BTreeSet<String>) -> Value {
    let names: Vec<&String> = names.iter().collect();
    let string = json!({"type": "string"});
    let number = json!({"type": "integer"});
    let mut paths = serde_json::Map::new();
    for (i, group) in names.chunks(4).enumerate() {
        let parameters = |places: &[(&str, bool, &Value)]| {
            let mut all = Vec::new();
            for &(place, required, schema) in places {
                for name in group {
                    all.push(
                        json!({"name": name, "in": place, "required": required, "schema": schema}),
                    );
                }
            }
            all
        };
        let segments: String = group.iter().map(|name| format!("/{{{name}}}")).collect();
        let form: serde_json::Map<String, Value> = group
            .iter()
            .map(|name| (name.to_string(), json!({"type": "array", "items": string})))
            .collect();
        paths.insert(
            format!("/text/{i}{segments}"),
            json!({"post": {
                "operationId": format!("text{i}_post"),
                "parameters": parameters(&[
                    ("path", true, &string),
                    ("query", true, &string),
                    ("header", false, &string),
                    ("cookie", false, &string),
                ]),
                "requestBody": {"required": true, "content": {"application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "properties": form},
                }}},
                "responses": {"404": {"description": "Not found."}, "200": {"description": "One.",
                    "content": {"application/json": {"schema": string}}}},
            }}),
        );
        let mut paged = parameters(&[
            ("path", true, &number),
            ("query", false, &string),
            ("header", true, &string),
        ]);
        paged.push(json!({"name": "offset", "in": "query", "schema": number}));
        paged.push(json!({"name": "limit", "in": "query", "schema": number}));
        paths.insert(
            format!("/number/{i}{segments}"),
            json!({"get": {
                "operationId": format!("number{i}_get"),
                "parameters": paged,
                "responses": {"200": {"description": "A page.", "content": {"application/json": {"schema": {
                    "type": "object", "required": ["items", "total"],
                    "properties": {"items": {"type": "array", "items": string}, "total": {"type": "integer"}},
                }}}}},
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Bound names", "version": "1"},
        "paths": paths,
    })
}

/// A feature per tag: the fixtures' operations, tagged in turn `Alpha`,
/// `Beta`, both and none, give crates that compile without warnings with
/// no tag and with each tag alone (so with the types, helpers and handles
/// only the other tag uses left out), the mock and its examples test
/// included each time.
#[test]
fn each_tag_alone_builds_without_warnings() {
    let workspace = common::test_workspace("features");
    let mut members = Vec::new();
    for (entry, spec) in common::specs() {
        let name = entry
            .parent()
            .and_then(|dir| dir.file_name())
            .unwrap()
            .to_string_lossy()
            .replace('_', "-");
        let file = workspace.join(format!("{name}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&tagged(&spec)).unwrap()).unwrap();
        let spec = xtask::read_spec(&file).unwrap();
        if spec.api.features.list.len() < 2 {
            // Fewer than two operations.
            continue;
        }
        let member = add_crate(&workspace, &name, &format!("tags-{name}"), &spec);
        let manifest = std::fs::read_to_string(workspace.join(&member).join("Cargo.toml")).unwrap();
        assert!(
            manifest.contains("\ndefault = [\"alpha\", \"beta\"]\n"),
            "{manifest}"
        );
        let client =
            std::fs::read_to_string(workspace.join(&member).join("src/client.rs")).unwrap();
        assert!(client.contains("#[cfg(feature = \"alpha\")]"), "{name}");
        members.push(member);
    }
    assert!(members.len() >= 7, "{members:?}");
    workspace_of(&workspace, &members);
    // Checked: warnings are denied by the manifest, and clippy has read
    // the same code with every tag on in the test above.
    for features in ["mock", "alpha,mock", "beta,mock"] {
        let args = [
            "check",
            "--workspace",
            "--all-targets",
            "--no-default-features",
            "--features",
            features,
        ];
        if let Err(output) = common::cargo_result(&workspace, &args) {
            panic!("with the features {features}:\n{output}");
        }
    }
}

/// `spec` with its operations tagged in turn `Alpha`, `Beta`, both and
/// none (the tags it had replaced).
fn tagged(spec: &Value) -> Value {
    const METHODS: &[&str] = &[
        "get", "put", "post", "delete", "options", "head", "patch", "trace", "query",
    ];
    let mut spec = spec.clone();
    let mut turn = 0;
    let Some(paths) = spec.get_mut("paths").and_then(Value::as_object_mut) else {
        return spec;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, op) in item.iter_mut() {
            let Some(op) = op
                .as_object_mut()
                .filter(|_| METHODS.contains(&method.as_str()))
            else {
                continue;
            };
            let tags = match turn % 4 {
                0 => json!(["Alpha"]),
                1 => json!(["Beta"]),
                2 => json!(["Alpha", "Beta"]),
                _ => json!([]),
            };
            op.insert("tags".into(), tags);
            turn += 1;
        }
    }
    spec
}
