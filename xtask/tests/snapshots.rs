//! The generated code, snapshotted: any change to it fails here until the
//! new snapshot is reviewed (`cargo insta review`) and accepted.
//!
//! What each snapshot says is said once. The workspace's generated files
//! are their own snapshot: committed beside the hand-written code, and
//! compared here with what `cargo xtask codegen` would write. Each valid
//! fixture's snapshots hold its warnings, models and client without what
//! every client has (progenitor's scaffolding, the facts' fixed parts):
//! those are the items of the client generated for a spec without
//! operations or schemas, snapshotted once.

mod common;

use std::path::Path;

use common::relative;
use quote::ToTokens;
use xtask::layout;

fn warnings(spec: &xtask::Spec) -> String {
    let lines: Vec<String> = spec
        .warnings
        .iter()
        .map(|w| format!("warning: {w}\n"))
        .collect();
    if lines.is_empty() {
        "(no warnings)\n".into()
    } else {
        lines.concat()
    }
}

/// The workspace's spec has no warning, and its committed generated files
/// are exactly what `cargo xtask codegen` writes for it.
#[test]
fn the_workspace_files_are_what_codegen_writes() {
    let config = xtask::config::Config::read(Path::new("../spec/codegen.yaml")).unwrap();
    let spec = xtask::read_spec_with(Path::new("../spec/openapi.yaml"), &config).unwrap();
    assert!(spec.warnings.is_empty(), "{}", warnings(&spec));
    for file in layout::workspace(&spec).unwrap() {
        let committed = std::fs::read_to_string(Path::new("..").join(&file.path))
            .unwrap()
            .replace("\r\n", "\n");
        assert!(
            committed == file.contents,
            "{} is not what `cargo xtask codegen` writes for spec/; run it",
            file.path.display()
        );
    }
}

/// A standalone crate's file `path` for the spec at `entry`.
fn generated(spec: &xtask::Spec, entry: &Path, name: &str, path: &str) -> String {
    let command = format!(
        "cargo xtask codegen --spec {} --out <out>",
        relative(entry).display()
    );
    let out = Path::new("out");
    layout::standalone(spec, &command, out, &format!("fx-{name}"))
        .unwrap()
        .into_iter()
        .find(|f| f.path == out.join(path))
        .unwrap()
        .contents
}

/// The client generated for a spec without operations or schemas: what
/// every client has.
fn common_client() -> syn::File {
    let dir = tempfile::tempdir().unwrap();
    let entry = dir.path().join("openapi.yaml");
    std::fs::write(
        &entry,
        "openapi: 3.0.3\ninfo: {title: Common, version: \"1\"}\npaths: {}\n",
    )
    .unwrap();
    let spec = xtask::read_spec(&entry).unwrap();
    syn::parse_file(&generated(&spec, &entry, "common", "src/client.rs")).unwrap()
}

/// `items` without those that are in `common` as they are; a module both
/// have keeps only its own items.
fn specific(items: Vec<syn::Item>, common: &[syn::Item]) -> Vec<syn::Item> {
    let text = |item: &syn::Item| item.to_token_stream().to_string();
    let common_texts: Vec<String> = common.iter().map(text).collect();
    items
        .into_iter()
        .filter(|item| !common_texts.contains(&text(item)))
        .map(|item| match item {
            syn::Item::Mod(mut module) => {
                let twin = common.iter().find_map(|c| match c {
                    syn::Item::Mod(c) if c.ident == module.ident => c.content.as_ref(),
                    _ => None,
                });
                if let (Some((_, own)), Some((_, theirs))) = (&mut module.content, twin) {
                    *own = specific(std::mem::take(own), theirs);
                }
                syn::Item::Mod(module)
            }
            other => other,
        })
        .collect()
}

#[test]
fn every_client_has_these() {
    insta::assert_snapshot!("common_client", prettyplease::unparse(&common_client()));
}

/// Each valid fixture: its warnings, models, what its client has that
/// every client does not, and its README (the crate's documentation).
#[test]
fn valid_fixtures() {
    let common = common_client().items;
    insta::glob!("fixtures/valid/*/openapi.{yaml,json}", |entry| {
        let entry = relative(entry);
        let name = entry
            .parent()
            .and_then(Path::file_name)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let spec = xtask::read_spec(&entry).unwrap_or_else(|e| panic!("{name}: {e}"));
        let client = syn::parse_file(&generated(&spec, &entry, &name, "src/client.rs")).unwrap();
        let client = syn::File {
            items: specific(client.items, &common),
            ..client
        };
        insta::assert_snapshot!("warnings", warnings(&spec));
        insta::assert_snapshot!("models", generated(&spec, &entry, &name, "src/models.rs"));
        insta::assert_snapshot!("client", prettyplease::unparse(&client));
        insta::assert_snapshot!("readme", generated(&spec, &entry, &name, "README.md"));
    });
}
