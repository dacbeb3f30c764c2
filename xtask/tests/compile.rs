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
        let out = workspace.path().join(&name);
        let files = layout::standalone(
            &spec,
            "cargo xtask codegen (test)",
            &out,
            &format!("fx-{name}"),
        )
        .unwrap();
        output::write(&files).unwrap();
        // Members of the test workspace, not workspaces of their own.
        let manifest = out.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap()
            .replace("\n[workspace]\n", "\n");
        std::fs::write(&manifest, text).unwrap();
        members.push(format!("{name:?}"));
    }
    for (i, spec) in accepted_mutants(0x5eed, 24).into_iter().enumerate() {
        let name = format!("mutant-{i}");
        let dir = workspace.path().join(&name);
        std::fs::create_dir_all(&dir).unwrap();
        let entry = dir.join("openapi.json");
        std::fs::write(&entry, serde_json::to_string_pretty(&spec).unwrap()).unwrap();
        let spec = xtask::read_spec(&entry).unwrap();
        let out = dir.join("crate");
        let files = layout::standalone(&spec, "cargo xtask codegen (test)", &out, &name).unwrap();
        output::write(&files).unwrap();
        let manifest = out.join("Cargo.toml");
        let text = std::fs::read_to_string(&manifest)
            .unwrap()
            .replace("\n[workspace]\n", "\n");
        std::fs::write(&manifest, text).unwrap();
        members.push(format!("\"{name}/crate\""));
    }
    std::fs::write(
        workspace.path().join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
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
