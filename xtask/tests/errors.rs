//! Malformed specs: each fails with one paragraph naming the file and JSON
//! pointer and saying what to do. The messages are snapshots.

mod common;

use common::{entry, fixtures, relative};

#[test]
fn malformed_fixtures_fail_with_a_located_message() {
    let dirs = fixtures("invalid");
    assert!(dirs.len() >= 15, "only {} malformed fixtures", dirs.len());
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let message = match xtask::read_spec(&relative(&entry(&dir))) {
            Ok(_) => panic!("{name}: the spec was accepted"),
            Err(error) => error.to_string(),
        };
        assert!(
            !message.contains('\n'),
            "{name}: not one paragraph: {message}"
        );
        let (location, _) = message.split_once(": ").unwrap();
        assert!(
            location.starts_with("tests/fixtures/invalid/") && location.contains('#'),
            "{name}: no file and pointer in {message}"
        );
        assert!(
            !message.contains(env!("CARGO_MANIFEST_DIR")),
            "{name}: machine-specific path in {message}"
        );
        insta::assert_snapshot!(name, message);
    }
}
