//! Every crate the generator writes compiles without warnings: the valid
//! fixtures', and those of random variations of them that it accepts (a
//! value replaced or removed here and there; the same ones on every run).
//!
//! The crates are generated in memory, written to one temporary workspace
//! and built with `cargo build --offline` and `-D warnings` against the
//! repository's `Cargo.lock`, in `target/fixture-crates` (so dependencies
//! are built once and reused between runs).

mod common;

use std::path::Path;

use common::{accepted_mutants, entry, fixtures, relative};
use xtask::{layout, output};

#[test]
fn generated_crates_build_without_warnings() {
    let workspace = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for dir in fixtures("valid") {
        let name = dir.file_name().unwrap().to_string_lossy().replace('_', "-");
        let spec = xtask::read_spec(&relative(&entry(&dir))).unwrap();
        members.push(add_crate(workspace.path(), &name, &spec));
    }
    // `MUTANT_SEED` and `MUTANTS` search further than the default set.
    let seed = std::env::var("MUTANT_SEED")
        .map_or(0x5eed, |s| s.parse().expect("MUTANT_SEED is a number"));
    let count = std::env::var("MUTANTS").map_or(24, |s| s.parse().expect("MUTANTS is a number"));
    for (i, spec) in accepted_mutants(seed, count).into_iter().enumerate() {
        let name = format!("mutant-{i}");
        let entry = workspace.path().join(format!("{name}.json"));
        std::fs::write(&entry, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
        let spec = xtask::read_spec(&entry).unwrap();
        members.push(add_crate(workspace.path(), &name, &spec));
    }
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members
                .iter()
                .map(|m| format!("{m:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::copy(root.join("Cargo.lock"), workspace.path().join("Cargo.lock")).unwrap();

    let build = std::process::Command::new(env!("CARGO"))
        .args(["build", "--offline", "--workspace", "--quiet"])
        .current_dir(workspace.path())
        .env("CARGO_TARGET_DIR", root.join("target/fixture-crates"))
        .env("RUSTFLAGS", "-D warnings")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "the generated crates do not build:\n{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

/// Writes `spec`'s crate into `workspace/name` as a member of the test
/// workspace (not a workspace of its own); returns the member's path.
fn add_crate(workspace: &Path, name: &str, spec: &xtask::Spec) -> String {
    let out = workspace.join(name);
    let files = layout::standalone(
        spec,
        "cargo xtask codegen (test)",
        &out,
        &format!("fx-{name}"),
    )
    .unwrap();
    output::write(&files).unwrap();
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest)
        .unwrap()
        .replace("\n[workspace]\n", "\n");
    std::fs::write(&manifest, text).unwrap();
    name.to_string()
}
