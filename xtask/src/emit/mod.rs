//! Stage 5: the model → Rust tokens. Nothing here formats or writes files.
//!
//! `models` writes the models crate; the client is progenitor's low-level
//! client for the operations it writes (`progenitor`), the facts the
//! runtime reads (`facts`) and the public surface (`surface`), joined by
//! [`client`].

pub mod clashes;
pub mod cli;
pub mod crate_docs;
mod docs;
pub mod facts;
pub mod gate;
pub mod mock;
pub mod models;
pub mod progenitor;
mod rust_type;
pub mod surface;

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

use crate::error::Result;
use crate::model::Api;
pub use rust_type::{rust_type, rust_type_text};

/// The client file: the low-level client(s), the facts, the surface. Named
/// types are taken from `models` (a Rust path such as `apify_api_models` or
/// `crate::models`); environment variable names are made from `crate_name`.
/// A generated file's inner `allow`s, each only where the spec needs it:
/// `deprecated` when it deprecates a schema or property (the generated
/// code itself uses them, and is not what the warning is for), and
/// `clippy::type_complexity` when its types nest deep (as its schemas do).
pub fn file_allows(api: &Api) -> TokenStream {
    use crate::model::{BodyKind, TypeKind, TypeRef};
    let mut types: Vec<&TypeRef> = Vec::new();
    for def in &api.types {
        match &def.kind {
            TypeKind::Struct(s) => types.extend(s.fields.iter().map(|f| &f.ty)),
            TypeKind::Union(u) => types.extend(u.variants.iter().map(|v| &v.ty)),
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => types.push(ty),
            TypeKind::Enum(_) => {}
        }
    }
    for op in &api.operations {
        types.extend(op.params.iter().map(|p| &p.ty));
        if let Some(BodyKind::Json(ty) | BodyKind::Form(ty)) = op.body.as_ref().map(|b| &b.kind) {
            types.push(ty);
        }
    }
    // clippy's limit is a score; five containers around a type (and the
    // `Option` of an optional field) pass it.
    let deep = types.iter().any(|ty| ty.levels() >= 5);
    let deprecated = api.types.iter().any(|t| {
        t.deprecated
            || matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.deprecated))
    });
    let mut allows = TokenStream::new();
    if deprecated {
        allows.extend(quote::quote!(#![allow(deprecated, reason = "the spec deprecates some schemas or properties, which the generated code still handles")]));
    }
    if deep {
        allows.extend(quote::quote!(#![allow(clippy::type_complexity, reason = "types nest as deep as the spec's schemas")]));
    }
    allows
}

pub fn client(api: &Api, models: &str, crate_name: &str) -> Result<TokenStream> {
    let mut tokens = client_without_mock(api, models, crate_name)?.into_token_stream();
    tokens.extend(client_mock(api, models, mock::ExamplesTest::Inside).0);
    Ok(tokens)
}

/// The client file's mock module, its last item: emitted (and formatted)
/// apart from the rest, since it is a third of the file.
pub fn client_mock(
    api: &Api,
    models: &str,
    test: mock::ExamplesTest<'_>,
) -> (TokenStream, Option<TokenStream>) {
    let prefix: TokenStream = format!("{models}::").parse().expect("a Rust path");
    mock::mock_module(api, &prefix, test)
}

/// The client file up to its mock module, parsed: progenitor's part
/// arrives parsed and is not parsed again. Each operation's items carry
/// the `cfg` of its features.
pub fn client_without_mock(api: &Api, models: &str, crate_name: &str) -> Result<syn::File> {
    let prefix: TokenStream = format!("{models}::").parse().expect("a Rust path");
    let low = progenitor::generate(api, models)?;
    let mut tokens = file_allows(api);
    if !api.operations.is_empty() {
        let gate = gate::any_operation(api);
        tokens.extend(quote!(
            #gate
            use crate::Client;
        ));
    }
    tokens.extend(facts::facts(api, crate_name, &prefix));
    tokens.extend(surface::surface(api, &prefix, &low.methods));
    let gates = gate::client(api, &low.methods);
    let mut file = crate::format::parse(tokens)?;
    file.items.insert(0, progenitor::module(low));
    gates.apply(&mut file.items, "");
    Ok(file)
}

/// The models file, parsed, each type with the `cfg` of its features.
pub fn models(api: &Api) -> Result<syn::File> {
    let mut file = crate::format::parse(models::models_file(api))?;
    gate::models(api).apply(&mut file.items, "");
    Ok(file)
}
