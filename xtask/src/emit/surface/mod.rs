//! The client's public surface: methods on the client (and on resource
//! handles, where the config groups operations), each sending its
//! operation through the runtime (retries, typed errors, path checks) —
//! by progenitor's method where it writes the operation, else as a call
//! the runtime builds — and decoding the answer; pagination.
//!
//! Every name and convention comes from the model (`Operation::surface`,
//! `Operation::conventions`, `Api::resources`); `method` writes one
//! operation's method, `iterate` the stream of a paged list, `options` the
//! struct of optional parameters, `success` the enum of success cases.

mod iterate;
mod method;
mod options;
mod success;
mod twins;

pub(crate) use method::positional;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::progenitor::Method;
use super::rust_type;
use crate::model::{Api, Operation, Param, Resource, TypeRef};
use crate::names::{self, bound};

/// The surface of `api`; `low` is progenitor's method for each operation
/// it writes (by the operation's index).
pub fn surface(api: &Api, models: &TokenStream, low: &[Option<Method>]) -> TokenStream {
    let cx = Surface { api, models };
    let mut root_methods = Vec::new();
    let mut items = Vec::new();
    let mut handle_methods: Vec<Vec<TokenStream>> = vec![Vec::new(); api.resources.len()];
    let mut accessor_made = vec![false; api.resources.len()];
    for (op, low) in api.operations.iter().zip(low) {
        let place = match op.surface.resource {
            Some(index) => {
                let resource = &api.resources[index];
                if !accessor_made[index] {
                    accessor_made[index] = true;
                    root_methods.push(accessor(&cx, resource));
                }
                Place::Handle(resource)
            }
            None => Place::Client,
        };
        let (methods, extra) = method::methods(&cx, op, low.as_ref(), &place);
        match op.surface.resource {
            Some(index) => handle_methods[index].push(methods),
            None => root_methods.push(methods),
        }
        items.extend(extra);
    }
    for (resource, methods) in api.resources.iter().zip(handle_methods) {
        items.push(handle(&cx, resource, &methods));
    }

    let client_impl = (!root_methods.is_empty()).then(|| {
        quote! {
            impl Client {
                #(#root_methods)*
            }
        }
    });
    quote! {
        #client_impl

        #(#items)*
    }
}

/// Where an operation's method is.
pub(crate) enum Place<'a> {
    Client,
    Handle(&'a Resource),
}

impl Place<'_> {
    /// The expression for the client from inside the method.
    fn client(&self) -> TokenStream {
        match self {
            Place::Client => quote!(self),
            Place::Handle(_) => {
                let client = bound("client");
                quote!(self.#client)
            }
        }
    }

    /// The handle's field holding path parameter `p`, if it holds it.
    fn held(&self, p: &Param) -> Option<Ident> {
        match self {
            Place::Handle(resource) if p.location == crate::model::ParamLocation::Path => resource
                .shared
                .iter()
                .find(|s| s.wire == p.wire)
                .map(|s| format_ident!("{}", s.name)),
            _ => None,
        }
    }

    fn type_name(&self) -> Ident {
        match self {
            Place::Client => format_ident!("Client"),
            Place::Handle(resource) => format_ident!("{}", resource.handle),
        }
    }
}

/// `client.webhook_dispatch(id)`.
fn accessor(cx: &Surface, resource: &Resource) -> TokenStream {
    let accessor = format_ident!("{}", resource.accessor);
    let handle = format_ident!("{}", resource.handle);
    let fields: Vec<Ident> = resource
        .shared
        .iter()
        .map(|p| format_ident!("{}", p.name))
        .collect();
    let arg_types = resource.shared.iter().map(|p| match p.ty {
        TypeRef::String => quote!(impl Into<String>),
        _ => cx.owned(&p.ty),
    });
    let conversions = resource.shared.iter().map(|p| {
        let name = format_ident!("{}", p.name);
        match p.ty {
            TypeRef::String => quote!(#name: #name.into()),
            _ => quote!(#name),
        }
    });
    let doc = format!(" {} (see [`{handle}`]).", what(resource));
    let client = bound("client");
    quote! {
        #[doc = #doc]
        pub fn #accessor(&self, #(#fields: #arg_types),*) -> #handle<'_> {
            #handle { #client: self, #(#conversions),* }
        }
    }
}

/// The handle type and its methods.
fn handle(cx: &Surface, resource: &Resource, methods: &[TokenStream]) -> TokenStream {
    let handle = format_ident!("{}", resource.handle);
    let accessor = format_ident!("{}", resource.accessor);
    let fields = resource.shared.iter().map(|p| {
        let name = format_ident!("{}", p.name);
        let ty = cx.owned(&p.ty);
        quote!(#name: #ty,)
    });
    let doc = format!(" {}. Made by [`Client::{accessor}`].", what(resource));
    let client = bound("client");
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone)]
        pub struct #handle<'a> {
            #client: &'a Client,
            #(#fields)*
        }

        impl<'a> #handle<'a> {
            #(#methods)*
        }
    }
}

/// "Operations on webhook dispatches" / "Operations on one webhook dispatch".
fn what(resource: &Resource) -> String {
    let words = names::snake(&resource.key)
        .trim_start_matches("r#")
        .replace('_', " ");
    if resource.shared.is_empty() {
        format!("Operations on {words}")
    } else {
        format!("Operations on one {words}")
    }
}

pub(super) struct Surface<'a> {
    pub api: &'a Api,
    pub models: &'a TokenStream,
}

impl Surface<'_> {
    fn owned(&self, ty: &TypeRef) -> TokenStream {
        rust_type(ty, self.models)
    }

    /// How a method takes an argument of this type (as progenitor's methods
    /// take it: small copies by value, text as `&str`, the rest by reference).
    fn borrowed(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::String => quote!(&str),
            ty if ty.is_copy() => self.owned(ty),
            other => {
                let t = self.owned(other);
                quote!(&#t)
            }
        }
    }
}

/// The enum of `op`'s success cases (it has several).
pub(crate) fn response_enum(op: &Operation) -> Ident {
    format_ident!(
        "{}",
        op.surface
            .response_enum
            .as_ref()
            .expect("named with the cases")
    )
}

/// `&ops::NAME`: the operation's facts.
fn operation_const(op: &Operation) -> TokenStream {
    let name = super::facts::const_name(op);
    quote!(&ops::#name)
}
