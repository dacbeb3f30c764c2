//! Every crate the generator writes compiles without warnings: the valid
//! fixtures', and those of random variations of them that it accepts (a
//! value replaced or removed here and there; the same ones on every run).
//!
//! The crates are generated in memory, written to one temporary workspace
//! and built with `cargo build --offline` and `-D warnings` against the
//! repository's `Cargo.lock`, in `target/fixture-crates` (so dependencies
//! are built once and reused between runs).

mod common;

use common::{accepted_mutants, add_crate, cargo_in, entry, fixtures, relative, workspace_of};

#[test]
fn generated_crates_build_without_warnings() {
    let workspace = tempfile::tempdir().unwrap();
    let mut members = Vec::new();
    for dir in fixtures("valid") {
        let name = dir.file_name().unwrap().to_string_lossy().replace('_', "-");
        let spec = xtask::read_spec(&relative(&entry(&dir))).unwrap();
        members.push(add_crate(
            workspace.path(),
            &name,
            &format!("fx-{name}"),
            &spec,
        ));
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
        members.push(add_crate(
            workspace.path(),
            &name,
            &format!("fx-{name}"),
            &spec,
        ));
    }
    workspace_of(workspace.path(), &members);
    cargo_in(workspace.path(), &["build", "--all-features"]);
}
