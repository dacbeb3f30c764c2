//! The generated code, snapshotted: any change to it fails here until the
//! new snapshot is reviewed (`cargo insta review`) and accepted.

mod common;

use std::path::Path;

use common::{entry, fixtures, relative};
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

/// The workspace's own spec, as `cargo xtask codegen` writes it.
#[test]
fn the_workspace_spec() {
    let spec = xtask::read_spec(Path::new("../spec/openapi.yaml")).unwrap();
    assert!(spec.warnings.is_empty(), "{}", warnings(&spec));
    let files = layout::workspace(&spec).unwrap();
    insta::assert_snapshot!("spec_models", files[0].contents);
    insta::assert_snapshot!("spec_client", files[1].contents);
    insta::assert_snapshot!("spec_cli", files[2].contents);
}

/// Each valid fixture: its warnings, models and client.
#[test]
fn valid_fixtures() {
    for dir in fixtures("valid") {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let spec =
            xtask::read_spec(&relative(&entry(&dir))).unwrap_or_else(|e| panic!("{name}: {e}"));
        let command = format!(
            "cargo xtask codegen --spec {} --out <out>",
            relative(&entry(&dir)).display()
        );
        let files =
            layout::standalone(&spec, &command, Path::new("out"), &format!("fx-{name}")).unwrap();
        let file = |path: &str| {
            &files
                .iter()
                .find(|f| f.path == Path::new("out").join(path))
                .unwrap()
                .contents
        };
        insta::assert_snapshot!(format!("{name}__warnings"), warnings(&spec));
        insta::assert_snapshot!(format!("{name}__models"), file("src/models.rs"));
        insta::assert_snapshot!(format!("{name}__client"), file("src/client.rs"));
    }
}
