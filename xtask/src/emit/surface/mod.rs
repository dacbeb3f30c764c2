//! The client's public surface: resource handles with one method per
//! operation, calling the generated low-level client through the runtime
//! (retries, typed errors, path checks, pagination).
//!
//! Operations are grouped by the part of their operationId before the first
//! `_`, as Apify names them: `webhookDispatch_get` is `get` on
//! `client.webhook_dispatch(id)`, `webhookDispatches_get` is `list` (and
//! `iterate`) on `client.webhook_dispatches()`. Path parameters shared by a
//! group's operations are given to the handle; the rest go to the method.
//!
//! `groups` finds the resources and names their methods, `method` writes one
//! operation's method (with `iterate` for lists and `options` for optional
//! parameters), `shapes` reads the models for envelopes and pages.

mod groups;
mod iterate;
mod method;
mod options;
mod shapes;

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::rust_type;
use crate::model::{Api, TypeDef, TypeKind, TypeRef};
use crate::names::{self, Unique};
use groups::groups;

/// Methods the runtime's `Client` has; generated accessors must differ.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "raw", "clone", "fmt"];

pub fn surface(api: &Api, models: &TokenStream) -> TokenStream {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let cx = Cx {
        models,
        types: &types,
    };

    let error_type = match types.get("ErrorType") {
        Some(TypeDef {
            kind: TypeKind::Enum(_),
            ..
        }) => quote!(#models ErrorType),
        _ => quote!(String),
    };

    let mut accessors = Unique::default();
    CLIENT_METHODS.iter().for_each(|m| accessors.reserve(m));
    let mut handle_names = Unique::default();
    for reserved in [
        "Client",
        "ClientBuilder",
        "Error",
        "ApiError",
        "ApiErrorType",
        "Operation",
    ] {
        handle_names.reserve(reserved);
    }

    let mut root_methods = Vec::new();
    let mut items = Vec::new();
    for group in groups(&api.operations, &api.raw_variants) {
        if group.key.is_empty() {
            let methods = groups::methods(&cx, &group, &[], &format_ident!("Client"), "");
            root_methods.push(methods.methods);
            items.extend(methods.items);
            continue;
        }
        let accessor = format_ident!("{}", accessors.claim(&names::snake(&group.key)));
        let handle_base = names::pascal(&group.key, "R");
        let handle = format_ident!("{}", handle_names.claim(&format!("{handle_base}Client")));
        let shared = group.shared_path_params();
        let fields: Vec<Ident> = shared.iter().map(|p| format_ident!("{}", p.name)).collect();
        let field_types: Vec<TokenStream> = shared.iter().map(|p| cx.owned(&p.ty)).collect();
        let arg_types: Vec<TokenStream> = shared
            .iter()
            .map(|p| match p.ty {
                TypeRef::String => quote!(impl Into<String>),
                _ => cx.owned(&p.ty),
            })
            .collect();
        let conversions: Vec<TokenStream> = shared
            .iter()
            .map(|p| {
                let name = format_ident!("{}", p.name);
                match p.ty {
                    TypeRef::String => quote!(#name: #name.into()),
                    _ => quote!(#name),
                }
            })
            .collect();
        let what = if shared.is_empty() {
            format!("Operations on {}", words(&group.key))
        } else {
            format!("Operations on one {}", words(&group.key))
        };
        let accessor_doc = format!(" {what} (see [`{handle}`]).");
        let handle_doc = format!(" {what}. Made by [`Client::{accessor}`].");
        let methods = groups::methods(&cx, &group, &shared, &handle, &handle_base);
        let method_tokens = methods.methods;
        items.extend(methods.items);
        root_methods.push(quote! {
            #[doc = #accessor_doc]
            pub fn #accessor(&self, #(#fields: #arg_types),*) -> #handle<'_> {
                #handle { client: self, #(#conversions),* }
            }
        });
        items.push(quote! {
            #[doc = #handle_doc]
            #[derive(Debug, Clone)]
            pub struct #handle<'a> {
                client: &'a Client,
                #(#fields: #field_types,)*
            }

            impl<'a> #handle<'a> {
                #method_tokens
            }
        });
    }

    let client_impl = (!root_methods.is_empty()).then(|| {
        quote! {
            impl Client {
                #(#root_methods)*
            }
        }
    });
    let uses = (!api.operations.is_empty()).then(|| {
        quote! {
            use crate::runtime as rt;
            use crate::Client;
        }
    });
    quote! {
        #uses

        /// The `error.type` of API errors: typed where the API description
        /// lists the value, kept as text where it does not.
        pub type ApiErrorType = #error_type;

        #client_impl

        #(#items)*
    }
}

/// `webhookDispatches` → "webhook dispatches".
fn words(key: &str) -> String {
    names::snake(key).trim_start_matches("r#").replace('_', " ")
}

struct Cx<'a> {
    models: &'a TokenStream,
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
}

impl Cx<'_> {
    fn owned(&self, ty: &TypeRef) -> TokenStream {
        rust_type(ty, &self.prefix())
    }

    fn prefix(&self) -> TokenStream {
        let models = self.models;
        quote!(#models)
    }

    /// How a method takes an argument of this type.
    fn borrowed(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
                rust_type(ty, &self.prefix())
            }
            TypeRef::String => quote!(&str),
            other => {
                let t = rust_type(other, &self.prefix());
                quote!(&#t)
            }
        }
    }
}
