//! The public API of each generated crate, one line per item, as a reviewer
//! reads it first: a spec change (or a runtime change) that changes what
//! users see fails here until the new listing is reviewed and accepted.

use std::path::Path;

fn listing(krate: &str, name: &str) -> String {
    let root = Path::new("../crates").join(krate).join("src/lib.rs");
    xtask::listing::crate_listing(&root, name)
        .unwrap()
        .join("\n")
}

#[test]
fn the_models_crate() {
    insta::assert_snapshot!(
        "apify-api-models",
        listing("apify-api-models", "apify_api_models")
    );
}

#[test]
fn the_client_crate() {
    insta::assert_snapshot!(
        "apify-api-client",
        listing("apify-api-client", "apify_api_client")
    );
}

#[test]
fn the_command_line() {
    let config = xtask::config::Config::read(Path::new("../spec/codegen.yaml")).unwrap();
    let spec = xtask::read_spec_with(Path::new("../spec/openapi.yaml"), &config).unwrap();
    insta::assert_snapshot!(
        "apify-api-cli",
        xtask::listing::cli_listing(&spec.api, xtask::layout::CLI_BIN).join("\n")
    );
}

/// GitHub folds what `.gitattributes` marks generated: every file codegen
/// writes, and no hand-written one, so a review starts from the listings.
#[test]
fn generated_files_are_folded_in_review_and_nothing_else() {
    let spec = xtask::read_spec(Path::new("../spec/openapi.yaml")).unwrap();
    let generated: Vec<String> = xtask::layout::workspace(&spec)
        .unwrap()
        .into_iter()
        .map(|f| f.path.to_string_lossy().into_owned())
        .collect();
    let hand_written = [
        "crates/apify-api-client/src/lib.rs",
        "crates/apify-api-client/src/runtime/client.rs",
        "crates/apify-api-cli/src/runtime.rs",
        "xtask/tests/snapshots/listing__apify-api-client.snap",
        "spec/openapi.yaml",
    ];
    let marked = |path: &str| {
        let out = std::process::Command::new("git")
            .args(["check-attr", "linguist-generated", "--", path])
            .current_dir("..")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout)
            .trim_end()
            .ends_with(": true")
    };
    for path in &generated {
        assert!(marked(path), "{path} is not marked linguist-generated");
    }
    for path in hand_written {
        assert!(!marked(path), "{path} is marked linguist-generated");
    }
}
