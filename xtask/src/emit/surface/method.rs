//! One operation's method on its resource handle.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Cx;
use super::shapes::Returns;
use crate::emit::docs::doc_attrs;
use crate::model::{Body, Operation, Param, ParamKind, Success, TypeRef};
use crate::names::{self, Unique};

/// How an operation's parameters reach its method.
pub(super) struct Signature<'a> {
    /// Path parameters the handle does not hold, and required query and
    /// header parameters, in the order the generated client takes them.
    pub positional: Vec<&'a Param>,
    /// Optional query and header parameters, in an options struct.
    pub optional: Vec<&'a Param>,
    pub options_ty: Option<Ident>,
}

impl<'a> Signature<'a> {
    fn new(op: &'a Operation, shared: &[&Param], handle_base: &str, name: &str) -> Self {
        let own: Vec<&Param> = op.params.iter().filter(|p| !is_held(p, shared)).collect();
        let positional: Vec<&Param> = own
            .iter()
            .copied()
            .filter(|p| p.kind == ParamKind::Path || p.required)
            .collect();
        let optional: Vec<&Param> = own
            .iter()
            .copied()
            .filter(|p| p.kind != ParamKind::Path && !p.required)
            .collect();
        let options_ty = (!optional.is_empty())
            .then(|| format_ident!("{}{}Options", handle_base, names::pascal(name, "M")));
        Signature {
            positional,
            optional,
            options_ty,
        }
    }
}

/// A path parameter the resource handle holds.
fn is_held(p: &Param, shared: &[&Param]) -> bool {
    p.kind == ParamKind::Path && shared.iter().any(|s| s.api == p.api)
}

fn is_copy(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64
    )
}

/// The method for `op` named `name` (and its `iterate` twin for a list),
/// and the items it needs beside the handle (its options struct).
pub(super) fn method(
    cx: &Cx,
    op: &Operation,
    name: &str,
    shared: &[&Param],
    handle: &Ident,
    handle_base: &str,
    unique: &mut Unique,
) -> (TokenStream, Vec<TokenStream>) {
    let method = format_ident!("{}", name);
    let on_client = handle == "Client";
    let client = if on_client {
        quote!(self)
    } else {
        quote!(self.client)
    };
    let signature = Signature::new(op, shared, handle_base, name);

    let data = match &op.success {
        Success::Json(ty) => Some(cx.envelope(ty).unwrap_or_else(|| ty.clone())),
        _ => None,
    };
    let paging = data.as_ref().and_then(|d| cx.paging(op, d));
    // Reading one thing (not a page of a list): `None` when it is not there,
    // as Apify's clients answer `undefined`.
    let is_get = op.http == "GET"
        && (name == "get" || name.ends_with("_get"))
        && paging.is_none()
        && matches!(op.success, Success::Json(_) | Success::Bytes);

    let args = arguments(cx, op, &signature);
    let checks = path_checks(op, shared);
    let (bodies, send) = send(op, &client, &call_arguments(op, shared));
    let docs = doc_attrs(Some(&doc_text(op, is_get)));
    let Returns {
        ty: return_ty,
        extract,
    } = cx.returns(op);
    let (return_ty, body) = if is_get {
        let body = quote! {
            #(#checks)*
            #bodies
            match #send {
                Ok(body) => Ok(Some(#extract)),
                Err(rt::Error::Api(error)) if error.is_not_found() => Ok(None),
                Err(error) => Err(error),
            }
        };
        (quote!(Option<#return_ty>), body)
    } else {
        let extract = (extract.to_string() != "body").then(|| quote!(.map(|body| #extract)));
        let body = quote! {
            #(#checks)*
            #bodies
            #send #extract
        };
        (return_ty, body)
    };
    let mut tokens = quote! {
        #docs
        pub async fn #method(&self, #(#args),*) -> Result<#return_ty, rt::Error> {
            #body
        }
    };

    if let (Some(paging), Some(options_ty)) = (&paging, &signature.options_ty) {
        let want = if name == "list" {
            "iterate".to_string()
        } else {
            format!("{name}_iterate")
        };
        let iterate = format_ident!("{}", unique.claim(&want));
        tokens.extend(super::iterate::iterate(
            cx,
            &iterate,
            &method,
            paging,
            &signature.positional,
            options_ty,
            on_client,
        ));
    }

    let mut items = Vec::new();
    if let Some(options_ty) = &signature.options_ty {
        items.push(cx.options_struct(options_ty, &signature.optional, handle, &method));
    }
    (tokens, items)
}

/// The method's arguments: positional ones, the body, then the options.
fn arguments(cx: &Cx, op: &Operation, signature: &Signature) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = signature
        .positional
        .iter()
        .map(|p| {
            let n = format_ident!("{}", p.name);
            let t = cx.borrowed(&p.ty);
            quote!(#n: #t)
        })
        .collect();
    let body_arg = op.body.as_ref().map(|body| match body {
        Body::Json { ty } | Body::Form { ty } => {
            let t = cx.borrowed(ty);
            quote!(body: #t)
        }
        Body::Text { .. } => quote!(body: String),
        Body::Bytes { .. } => quote!(body: bytes::Bytes, content_type: &str),
    });
    args.extend(body_arg);
    if let Some(options_ty) = &signature.options_ty {
        args.push(quote!(options: #options_ty));
    }
    args
}

/// What the generated client's method takes, in its order.
fn call_arguments(op: &Operation, shared: &[&Param]) -> Vec<TokenStream> {
    op.params
        .iter()
        .map(|p| {
            let n = format_ident!("{}", p.name);
            if is_held(p, shared) {
                if is_copy(&p.ty) {
                    quote!(self.#n)
                } else {
                    quote!(&self.#n)
                }
            } else if p.kind == ParamKind::Path || p.required {
                quote!(#n)
            } else {
                match p.ty {
                    TypeRef::String => quote!(options.#n.as_deref()),
                    ref ty if is_copy(ty) => quote!(options.#n),
                    _ => quote!(options.#n.as_ref()),
                }
            }
        })
        .chain(op.body.as_ref().map(|body| match body {
            Body::Bytes { .. } | Body::Text { .. } => quote!(body.clone()),
            _ => quote!(body),
        }))
        .collect()
}

/// Checks that each path parameter can be sent (see `runtime::path`).
/// Numbers and booleans cannot be empty or dots; every other path parameter
/// (an enum may hold any text) is checked as the text sent.
fn path_checks(op: &Operation, shared: &[&Param]) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.kind == ParamKind::Path && !is_copy(&p.ty))
        .map(|p| {
            let n = format_ident!("{}", p.name);
            let label = p.name.trim_start_matches("r#");
            match (&p.ty, is_held(p, shared)) {
                // A held string is a `String`; an argument is a `&str` already.
                (TypeRef::String, true) => quote!(rt::check_segment(#label, &self.#n)?;),
                (TypeRef::String, false) => quote!(rt::check_segment(#label, #n)?;),
                (_, true) => quote!(rt::check_segment(#label, &self.#n.to_string())?;),
                (_, false) => quote!(rt::check_segment(#label, &#n.to_string())?;),
            }
        })
        .collect()
}

/// The expression that sends the operation through the runtime, and what
/// must be set up before it (the raw-body client for a raw-body variant).
fn send(
    op: &Operation,
    client: &TokenStream,
    call_args: &[TokenStream],
) -> (Option<TokenStream>, TokenStream) {
    let raw_method = format_ident!("{}", op.method);
    // A raw-body variant is an operation of the second generated client.
    let bodies = op.raw_variant.then(|| {
        quote! {
            let bodies = raw_bodies::Client::new_with_client(
                raw::ClientInfo::<()>::baseurl(&#client.raw),
                raw::ClientInfo::<()>::client(&#client.raw).clone(),
            );
        }
    });
    let call = if op.raw_variant {
        quote!(bodies.#raw_method(#(#call_args),*))
    } else {
        quote!(#client.raw.#raw_method(#(#call_args),*))
    };
    let call = match op.success {
        Success::Bytes => quote!(|| async { rt::collect_body(#call.await?).await }),
        _ => quote!(|| #call),
    };
    let (id, http, path) = (&op.id, &op.http, &op.path);
    let send = quote! {
        #client.send(rt::Operation { id: #id, method: #http, path: #path }, #call)
    };
    let send = match &op.body {
        Some(Body::Bytes { .. }) => quote!(rt::with_content_type(content_type, #send).await),
        _ => quote!(#send.await),
    };
    (bodies, send)
}

/// The method's documentation: the spec's summary and description, then
/// what the method sends and answers.
fn doc_text(op: &Operation, is_get: bool) -> String {
    let (id, http, path) = (&op.id, &op.http, &op.path);
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(summary.trim_end_matches('.'));
        doc.push_str(".\n\n");
    }
    if let Some(description) = &op.description {
        doc.push_str(description.trim_end());
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{http} {path}` (`{id}`)."));
    if let Some(Body::Bytes { content_types }) = &op.body {
        let accepted: Vec<String> = content_types.iter().map(|t| format!("`{t}`")).collect();
        doc.push_str(&format!(
            " `content_type` is the media type of `body`; the API accepts {}.",
            accepted.join(", ")
        ));
    }
    if is_get {
        doc.push_str(" `None` when it does not exist (a 404 answer of type `record-not-found`).");
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated.**");
    }
    doc
}
