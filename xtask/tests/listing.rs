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
