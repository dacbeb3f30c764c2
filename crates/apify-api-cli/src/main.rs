//! `apify-api`: the Apify API's webhook dispatches from the command line,
//! one command per operation, generated from `spec/` by `cargo xtask
//! codegen`. `apify-api --help` lists the commands.
//!
//! ```text
//! APIFY_TOKEN=… apify-api webhook-dispatch-get --dispatch-id Zib4xbZsmvZeK55ua
//! APIFY_TOKEN=… apify-api webhook-dispatches-get --all --desc | head
//! ```
//!
//! Configuration comes from the environment (`APIFY_TOKEN`,
//! `APIFY_API_BASE_URL`) and `--base-url`; `RUST_LOG=debug` prints each
//! call and attempt to stderr.

#[rustfmt::skip]
mod generated;
// The runtime serves every API; which helpers a command line uses depends
// on its operations (this one sends no request bodies, for one).
#[allow(dead_code, reason = "the runtime serves every API")]
mod runtime;

use apify_api_client as client;

fn main() -> std::process::ExitCode {
    generated::main()
}
