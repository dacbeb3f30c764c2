//! Stage 5: the model → Rust tokens. Nothing here formats or writes files.
//!
//! `models` writes the models crate; the client is progenitor's low-level
//! client (`progenitor`), the facts the runtime reads (`facts`) and the
//! public surface (`surface`), joined by [`client`].

pub mod clashes;
pub mod cli;
mod docs;
pub mod facts;
pub mod mock;
pub mod models;
pub mod progenitor;
mod rust_type;
pub mod surface;

use proc_macro2::TokenStream;
use quote::quote;

use crate::error::Result;
use crate::model::{Api, Operation};
pub use rust_type::rust_type;

/// The client file: the low-level client(s), the facts, the surface. Named
/// types are taken from `models` (a Rust path such as `apify_api_models` or
/// `crate::models`); environment variable names are made from `crate_name`.
/// `#![allow(deprecated)]` for a generated file, when the spec deprecates
/// a schema or a property: the generated code itself uses them (derives,
/// constructors, the command line) and is not what the warning is for.
pub fn allow_deprecated(api: &Api) -> Option<TokenStream> {
    let deprecated = api.types.iter().any(|t| {
        t.deprecated
            || matches!(&t.kind, crate::model::TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
    });
    deprecated.then(|| {
        quote::quote!(#![allow(deprecated, reason = "the spec deprecates some schemas or properties, which the generated code still handles")])
    })
}

pub fn client(api: &Api, models: &str, crate_name: &str) -> Result<TokenStream> {
    let prefix: TokenStream = format!("{models}::").parse().expect("a Rust path");
    let all: Vec<&Operation> = api.operations.iter().collect();
    let main = progenitor::generate(api, &all, progenitor::Variant::Main, models)?;
    let twins: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| op.surface.raw_method.is_some())
        .collect();
    let raw_bodies = if twins.is_empty() {
        None
    } else {
        Some(progenitor::generate(
            api,
            &twins,
            progenitor::Variant::RawBody,
            models,
        )?)
    };
    let mut tokens = allow_deprecated(api).unwrap_or_default();
    tokens.extend(progenitor::module(
        "raw",
        "The low-level client, one method per operation, as progenitor\n\
         generates it. Prefer [`Client`](crate::Client): it adds retries,\n\
         typed errors and path checks on top.",
        &main,
        false,
    ));
    if let Some(raw_bodies) = &raw_bodies {
        tokens.extend(progenitor::module(
            "raw_bodies",
            "Operations whose body the API takes in other media types than the\n\
             one [`raw`] sends, with the body as bytes and a content type.",
            raw_bodies,
            true,
        ));
    }
    if !api.operations.is_empty() {
        tokens.extend(quote!(
            use crate::Client;
        ));
    }
    tokens.extend(facts::facts(api, crate_name, &prefix));
    let empty = progenitor::Calls::new();
    let low = surface::LowLevel {
        main: &main.calls,
        raw_bodies: raw_bodies.as_ref().map_or(&empty, |r| &r.calls),
    };
    tokens.extend(surface::surface(api, &prefix, &low));
    tokens.extend(mock::mock_module(api, &prefix));
    Ok(tokens)
}
