//! Shared by the generator's tests.

#![allow(dead_code, reason = "each test file uses a different part")]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// A path relative to the xtask crate (the tests' working directory), so
/// that paths in messages and snapshots are the same on every machine.
pub fn relative(path: &Path) -> PathBuf {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_path_buf()
}

/// The entry file of a fixture directory (`openapi.yaml` or `openapi.json`).
pub fn entry(dir: &Path) -> PathBuf {
    ["openapi.yaml", "openapi.json"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{} has no openapi.yaml or openapi.json", dir.display()))
}

/// The fixture directories under `tests/fixtures/<kind>`, sorted.
pub fn fixtures(kind: &str) -> Vec<PathBuf> {
    let base = Path::new("tests/fixtures").join(kind);
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Every file under `dir` with its contents, for "nothing changed" checks.
pub fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let contents = std::fs::read(&path).unwrap();
                files.push((path, contents));
            }
        }
    }
    files.sort();
    files
}

/// A copy of the directory `from` at `to`, files and subdirectories.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

pub fn xtask() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
}

/// The single-file fixtures, as JSON values.
pub fn specs() -> Vec<(PathBuf, Value)> {
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
pub fn places(value: &Value, at: String, out: &mut Vec<String>) {
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

pub fn mutate(spec: &Value, place: &str, with: Option<Value>) -> Value {
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

/// Names that are hard to make identifiers of.
pub const TRICKY_NAMES: &[&str] = &[
    "Self", "self", "gen", "type", "123", "a-b", "ž", "", "fooBar", "foo_bar", "Unknown", "extra",
    "r#x", "$ref", "{id}",
];

/// `spec` with the key at `place` (an object member) renamed to `to`,
/// keeping its place among its siblings.
pub fn rename_key(spec: &Value, place: &str, to: &str) -> Value {
    let mut spec = spec.clone();
    let Some((parent, key)) = xtask::pointer::split_last(place) else {
        return spec;
    };
    if let Some(Value::Object(map)) = spec.pointer_mut(parent) {
        if map.contains_key(to) {
            return spec;
        }
        let renamed = std::mem::take(map)
            .into_iter()
            .map(|(k, v)| {
                if k == key {
                    (to.to_string(), v)
                } else {
                    (k, v)
                }
            })
            .collect();
        *map = renamed;
    }
    spec
}

/// `count` specs the generator accepts, each a single-file fixture with one
/// to three values replaced or removed, or keys renamed; the same ones for
/// the same `seed`.
pub fn accepted_mutants(seed: u64, count: usize) -> Vec<Value> {
    let replacements = [
        None,
        Some(json!({})),
        Some(json!([])),
        Some(json!("string")),
        Some(json!(0)),
        Some(json!(true)),
        Some(json!({"type": ["string", "object", "null"]})),
        Some(json!({"anyOf": [{"type": "null"}, {"type": "integer"}]})),
        Some(json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})),
        Some(json!({"enum": ["a", "b", "a"]})),
        Some(json!({"type": "object", "properties": {"type": {"type": "string"}}})),
        Some(
            json!({"type": "array", "items": {"type": "array", "items": {"type": "string", "format": "date-time"}}}),
        ),
        Some(json!({"const": "x"})),
        Some(
            json!({"type": "object", "additionalProperties": {"type": "integer", "nullable": true}}),
        ),
        Some(json!({"type": "integer", "format": "int32"})),
        Some(json!({"nullable": true})),
        Some(json!({"type": "string", "enum": ["1", "2"]})),
    ];
    let specs = specs();
    // A small generator of its own, so the mutants do not change with a
    // dependency's version.
    let mut state = seed;
    let mut next = |below: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % below
    };
    let dir = tempfile::tempdir().unwrap();
    let mut accepted = Vec::new();
    while accepted.len() < count {
        let mut spec = specs[next(specs.len())].1.clone();
        for _ in 0..1 + next(3) {
            let mut all = Vec::new();
            places(&spec, String::new(), &mut all);
            let place = all[1 + next(all.len() - 1)].clone();
            spec = if next(4) == 0 {
                rename_key(&spec, &place, TRICKY_NAMES[next(TRICKY_NAMES.len())])
            } else {
                mutate(
                    &spec,
                    &place,
                    replacements[next(replacements.len())].clone(),
                )
            };
        }
        let file = dir.path().join("openapi.json");
        std::fs::write(&file, serde_json::to_string(&spec).unwrap()).unwrap();
        if xtask::read_spec(&file).is_ok() {
            accepted.push(spec);
        }
    }
    accepted
}

/// The repository's root, as the workspace's own builds name it.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask is in the repository")
        .to_path_buf()
}

/// The directory of the test workspace `name` (`target/test-workspaces/`),
/// made if missing. It is kept between runs: files are rewritten only when
/// they change, so a crate whose code did not change is not checked again.
pub fn test_workspace(name: &str) -> PathBuf {
    let dir = root().join("target/test-workspaces").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Dependencies every crate of a test workspace gets for its tests: the
/// wire checks' (a runtime for their servers, and the mock server). Their
/// lines are the workspace manifest's, tokio with the features the
/// workspace's own tests turn on, so that the generated crates resolve
/// their dependencies as the workspace does and reuse what it built
/// instead of building them again.
fn dev_dependencies() -> String {
    let line = |name: &str| {
        xtask::layout::workspace_dependency(name)
            .unwrap_or_else(|| panic!("the workspace manifest has no `{name}`"))
    };
    let tokio = line("tokio");
    let features = "\"io-util\", \"macros\", \"net\", \"rt-multi-thread\", \"sync\", \"time\"";
    let tokio = tokio.replace("\"rt\", \"time\"", features);
    assert!(
        tokio.contains("rt-multi-thread"),
        "tokio's features moved: {tokio}"
    );
    format!(
        "\n[dev-dependencies]\n{tokio}\n{}\n{}\n",
        line("tokio-rustls"),
        line("wiremock")
    )
}

/// Writes `spec`'s crate, named `crate_name`, into `workspace/name` as a
/// member of a test workspace (not a workspace of its own), with the
/// [`dev_dependencies`] and warnings denied; files left from an earlier run that the crate no
/// longer has are removed. Returns the member's path.
pub fn add_crate(workspace: &Path, name: &str, crate_name: &str, spec: &xtask::Spec) -> String {
    let out = workspace.join(name);
    let mut files =
        xtask::layout::standalone(spec, "cargo xtask codegen (test)", &out, crate_name).unwrap();
    let manifest = files
        .iter_mut()
        .find(|file| file.path == out.join("Cargo.toml"))
        .expect("a manifest");
    // Warnings denied in the manifest rather than by `RUSTFLAGS`, which
    // would make every dependency build apart from the workspace's.
    manifest.contents = manifest.contents.replace("\n[workspace]\n", "\n")
        + &dev_dependencies()
        + "\n[lints.rust]\nwarnings = \"deny\"\n";
    xtask::output::write(&files).unwrap();
    if out.exists() {
        for (path, _) in tree(&out) {
            if !files.iter().any(|file| file.path == path) {
                std::fs::remove_file(path).unwrap();
            }
        }
    }
    name.to_string()
}

/// Makes `dir` a workspace of `members` that builds offline with the
/// repository's `Cargo.lock` and its profiles (with the same profiles,
/// dependencies built for the workspace are reused).
pub fn workspace_of(dir: &Path, members: &[String]) {
    let root = root();
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let profiles = &manifest[manifest
        .find("\n[profile.")
        .expect("the workspace's profiles")..];
    let text = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n{profiles}",
        members
            .iter()
            .map(|m| format!("{m:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap();
    // Written only when changed: cargo counts the workspace manifest as a
    // source of every member.
    xtask::output::write(&[
        xtask::output::OutputFile {
            path: dir.join("Cargo.toml"),
            contents: text,
        },
        xtask::output::OutputFile {
            path: dir.join("Cargo.lock"),
            contents: lock,
        },
    ])
    .unwrap();
}

/// Runs `cargo <args>` offline over the test workspace `dir`, in the
/// workspace's target dir; panics with the output when it fails.
pub fn cargo_in(dir: &Path, args: &[&str]) {
    let mut args = args.to_vec();
    // Before the arguments cargo passes on, if any.
    let at = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    args.insert(at, "--workspace");
    if let Err(output) = cargo_result(dir, &args) {
        panic!("cargo {} failed:\n{output}", args.join(" "));
    }
}

/// Runs `cargo <args>` offline in `dir` as [`cargo_in`] does; `Err` holds
/// its output when it fails.
pub fn cargo_result(dir: &Path, args: &[&str]) -> Result<(), String> {
    let root = root();
    // Cargo's own flags go after the subcommand, before anything passed on.
    let (subcommand, rest) = args.split_first().expect("a cargo subcommand");
    let mut cargo = std::process::Command::new(env!("CARGO"));
    // What `cargo test` tells this test about its own package: a build
    // script that reads one of these (ring's reads `CARGO_MANIFEST_DIR`)
    // would otherwise be built apart from the workspace's.
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let package = [
            "CARGO_PKG_",
            "CARGO_MANIFEST_",
            "CARGO_CRATE_",
            "CARGO_PRIMARY_",
        ]
        .iter()
        .any(|prefix| key.starts_with(prefix));
        if package || key == "CARGO_TARGET_TMPDIR" {
            cargo.env_remove(&*key);
        }
    }
    let output = cargo
        .arg(subcommand)
        .args(["--offline", "--quiet"])
        .args(rest)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", root.join("target"))
        // Dozens of generated crates, built to be checked, not debugged:
        // without debug info and incremental state they build faster and
        // take a fraction of the disk (their dependencies are built as
        // the workspace's, whatever these say).
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    if output.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
