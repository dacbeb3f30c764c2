//! Generates the Apify API models and client crates from an OpenAPI
//! description.
//!
//! The stages, each a module: [`load`] reads files, [`bundle`] resolves
//! `$ref`s into one document, [`validate`] checks it, [`lower`] turns OpenAPI
//! 3.1 into the 3.0 that `openapiv3` reads and names every inline type,
//! [`model`] builds the small model of types and operations, [`emit`] turns
//! it into tokens, [`format`](mod@format) into text and [`output`] into files.

pub mod bench;
pub mod bundle;
pub mod emit;
pub mod error;
pub mod format;
pub mod layout;
pub mod load;
pub mod lower;
pub mod model;
pub mod names;
pub mod output;
pub mod parse;
pub mod pointer;
pub mod rustdoc;
pub mod structure;
pub mod validate;

use std::path::Path;

use openapiv3::OpenAPI;
use proc_macro2::TokenStream;

use crate::error::{Error, Result, Warning};
use crate::model::Api;

/// A spec read, checked, lowered and modelled.
pub struct Spec {
    /// The client view, as `openapiv3` reads it (what progenitor is given).
    pub openapi: OpenAPI,
    /// The raw-body view (see [`lower::raw_view`]), if any operation has one.
    pub raw_bodies: Option<OpenAPI>,
    pub api: Api,
    /// Everything lowered with loss or renamed, sorted and without repeats.
    pub warnings: Vec<Warning>,
}

/// Runs every stage up to the model for the spec whose entry file is `entry`.
pub fn read_spec(entry: &Path) -> Result<Spec> {
    let mut bundle = bundle::bundle(entry)?;
    validate::validate(&bundle.doc, &bundle.origins)?;
    let in_spec = count_operations(&bundle.doc);
    lower::lower(&mut bundle)?;
    let openapi = parse::parse_openapi(&bundle.doc, &bundle.origins)?;
    let raw_bodies = lower::raw_view(&bundle.doc)
        .map(|doc| parse::parse_openapi(&doc, &bundle.origins))
        .transpose()?;
    let mut warnings = std::mem::take(&mut bundle.warnings);
    let api = model::build(
        &openapi,
        raw_bodies.as_ref(),
        &bundle.origins,
        &mut warnings,
    )?;
    warnings.sort();
    warnings.dedup();
    if api.operations.len() != in_spec {
        return Err(Error::Generate(format!(
            "the spec has {in_spec} operations but {} were modelled; no operation may be skipped",
            api.operations.len()
        )));
    }
    Ok(Spec {
        openapi,
        raw_bodies,
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
        .map(|item| {
            structure::HTTP_METHODS
                .iter()
                .filter(|m| item.get(**m).is_some())
                .count()
        })
        .sum()
}

/// The models file's tokens.
pub fn models_tokens(spec: &Spec) -> TokenStream {
    emit::models::models_file(&spec.api)
}

/// The client file's tokens; named types are taken from `models` (a Rust
/// path such as `apify_api_models` or `crate::models`).
pub fn client_tokens(spec: &Spec, models: &str) -> Result<TokenStream> {
    let raw = emit::client::raw_client(&spec.openapi, &spec.api, models)?;
    let prefix: TokenStream = format!("{models}::").parse().expect("a Rust path");
    let mut tokens = emit::client::raw_module(raw);
    if let Some(raw_bodies) = &spec.raw_bodies {
        let raw = emit::client::raw_bodies_client(raw_bodies, &spec.api, models)?;
        tokens.extend(emit::client::raw_bodies_module(raw));
    }
    tokens.extend(emit::surface::surface(&spec.api, &prefix));
    Ok(tokens)
}
