//! Generated crates on the wire. Each `tests/wire/<name>/` holds a spec and
//! `check.rs`, a test written against the public API of the crate generated
//! from it; the checks talk to local servers (see `tests/wire/README.md`).
//!
//! The crates are generated in memory, written to one test workspace
//! (`target/test-workspaces/wire`) with their checks as tests, and tested
//! with `cargo test --offline` against the repository's `Cargo.lock`, in the
//! workspace's target dir (so their dependencies are those the workspace
//! built for its own tests). `WIRE_ONLY` (a comma-separated list of fixture
//! names) runs only those.

mod common;

use common::{add_crate, cargo_in, workspace_of};
use xtask::config::Config;

/// The README's examples written for the crate of fixture `name`: each
/// Rust block after a `<!-- wire/<name>: <file> -->` line, to be compiled
/// as test `<file>` of that crate.
fn readme_examples(name: &str) -> Vec<(String, String)> {
    let readme = std::fs::read_to_string("../README.md").unwrap();
    let marker = format!("<!-- wire/{name}: ");
    readme
        .split(&marker)
        .skip(1)
        .map(|rest| {
            let (file, rest) = rest.split_once(" -->").expect("a closed marker");
            let code = rest
                .split_once("```rust,ignore\n")
                .and_then(|(_, code)| code.split_once("```"))
                .expect("a Rust block after the marker")
                .0;
            (file.to_owned(), code.to_owned())
        })
        .collect()
}

#[test]
fn generated_crates_send_what_their_specs_say() {
    let workspace = common::test_workspace("wire");
    let mut members = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir("tests/wire")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 3, "{dirs:?}");
    // `WIRE_ONLY=features,unions`: only those, while working on them.
    let only = std::env::var("WIRE_ONLY").ok();
    if let Some(only) = &only {
        dirs.retain(|dir| only.split(',').any(|name| dir.ends_with(name)));
    }
    let mut examples = 0;
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        // `{PORT}`: a port free now, for a server the check starts.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let text = std::fs::read_to_string(dir.join("openapi.yaml"))
            .unwrap()
            .replace("{PORT}", &port.to_string());
        let specs = workspace.as_path().join("specs").join(&name);
        std::fs::create_dir_all(&specs).unwrap();
        let entry = specs.join("openapi.yaml");
        std::fs::write(&entry, text).unwrap();
        let config = match dir.join("codegen.yaml") {
            path if path.exists() => Config::read(&path).unwrap(),
            _ => Config::default(),
        };
        let spec = xtask::read_spec_with(&entry, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
        let member = add_crate(
            workspace.as_path(),
            &name,
            &format!("wire-{}", name.replace('_', "-")),
            &spec,
        );
        let crate_dir = workspace.as_path().join(&member);
        std::fs::create_dir_all(crate_dir.join("tests")).unwrap();
        std::fs::copy(dir.join("check.rs"), crate_dir.join("tests/check.rs")).unwrap();
        for (file, code) in readme_examples(&name) {
            examples += 1;
            std::fs::write(
                crate_dir.join("tests").join(file),
                format!("//! The README's example.\n#![allow(dead_code)]\n{code}"),
            )
            .unwrap();
        }
        members.push(member);
    }
    assert!(
        examples >= 2 || only.is_some(),
        "the README's stream and paging examples are compiled here"
    );
    workspace_of(workspace.as_path(), &members);
    cargo_in(workspace.as_path(), &["test", "--all-features"]);
}
