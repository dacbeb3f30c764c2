//! Generates a models crate and a client crate from an OpenAPI
//! description (the workspace's, or any other).
//!
//! The stages, each a module: [`load`] reads files, [`bundle`] resolves
//! `$ref`s into one document, [`validate`] checks it, [`lower`] turns OpenAPI
//! 3.1 into the 3.0 that `openapiv3` reads, gives every operation an id and
//! names every inline type, [`model`] builds the typed model of the API that
//! every emitter reads, [`emit`] turns it into tokens, [`format`](mod@format)
//! into text and [`output`] into files. [`config`] holds the conventions a
//! spec's shapes do not state.

pub mod base;
pub mod bench;
pub mod bundle;
pub mod config;
pub mod diff;
pub mod emit;
pub mod error;
pub mod format;
pub mod layout;
pub mod listing;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod pointer;
pub mod rustdoc;
pub mod stack;
pub mod structure;
pub mod synthetic;
pub mod validate;

use std::path::Path;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;

use crate::config::Config;
use crate::error::{Error, Result, Warning};
use crate::model::Api;

/// A spec read, checked, lowered and modelled.
pub struct Spec {
    /// The lowered document, as `openapiv3` reads it.
    pub openapi: OpenAPI,
    pub api: Api,
    /// Everything lowered with loss, renamed or left out, sorted and
    /// without repeats.
    pub warnings: Vec<Warning>,
}

/// Runs every stage up to the model for the spec whose entry file is
/// `entry`, with no config.
pub fn read_spec(entry: &Path) -> Result<Spec> {
    read_spec_with(entry, &Config::default())
}

/// Runs every stage up to the model, with the conventions `config` sets.
pub fn read_spec_with(entry: &Path, config: &Config) -> Result<Spec> {
    // Every stage walks the document recursively; a spec may nest as deep
    // as `load::limits` allows, whoever calls.
    stack::deep(|| read_spec_here(entry, config))
}

fn read_spec_here(entry: &Path, config: &Config) -> Result<Spec> {
    let mut bundle = bundle::bundle(entry)?;
    validate::validate(&bundle.doc, &bundle.origins)?;
    let in_spec = count_operations(&bundle.doc);
    lower::lower(&mut bundle)?;
    let openapi = parse::parse_openapi(&bundle.doc, &bundle.origins)?;
    let mut warnings = std::mem::take(&mut bundle.warnings);
    let api = model::build(&openapi, config, &bundle.origins, &mut warnings)?;
    warnings.sort();
    warnings.dedup();
    if api.operations.len() + api.skipped != in_spec {
        return Err(Error::Generate(format!(
            "the spec has {in_spec} operations but {} were modelled and {} left out; every operation must be one or the other",
            api.operations.len(),
            api.skipped
        )));
    }
    Ok(Spec {
        openapi,
        api,
        warnings,
    })
}

fn count_operations(doc: &serde_json::Value) -> usize {
    let Some(serde_json::Value::Object(paths)) = doc.get("paths") else {
        return 0;
    };
    paths
        .values()
        .map(|item| structure::operations(item).len())
        .sum()
}

/// The models file's tokens.
pub fn models_tokens(spec: &Spec) -> TokenStream {
    emit::models::models_file(&spec.api)
}

/// The client file's tokens; named types are taken from `models` (a Rust
/// path such as `apify_api_models` or `crate::models`), environment
/// variables are named after `crate_name` unless the config names them.
pub fn client_tokens(spec: &Spec, models: &str, crate_name: &str) -> Result<TokenStream> {
    emit::client(&spec.api, models, crate_name)
}

/// The command line's tokens, for the program `bin`; `same_crate`: the
/// client is in the same crate (a standalone crate).
pub fn cli_tokens(spec: &Spec, bin: &str, same_crate: bool) -> TokenStream {
    emit::cli::commands(&spec.api, bin, same_crate)
}
