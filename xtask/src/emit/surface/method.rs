//! One operation's methods: the method itself, its raw-body twin, the
//! stream of a paged list; and the items they need (options struct, enum of
//! success cases).
//!
//! A method is one expression: it sends the operation through the method
//! progenitor wrote for it, or as an `rt::Call` given each parameter and
//! the body, then decodes the answer. It binds no name of its own beside
//! the parameters but the closure arguments of `names::BOUND`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Place, Surface, twins};
use crate::emit::docs::doc_attrs;
use crate::emit::progenitor::{Arg, Method};
use crate::model::{
    BodyKind, ContentEncoding, Framing, Operation, Param, ParamLocation, ParamStyle, RequestBody,
    Success, TypeRef,
};
use crate::names::bound;

/// Which of the operation's methods is being written.
#[derive(Clone, Copy, PartialEq)]
enum Which {
    Main,
    RawBody,
    /// The items of a sequential answer (the main method, when that is all
    /// the operation answers).
    Stream,
    /// The bytes of a media type the caller names.
    As,
    /// The answer with the headers the response declares.
    WithHeaders,
}

pub(super) fn methods(
    cx: &Surface,
    op: &Operation,
    low: Option<&Method>,
    place: &Place,
) -> (TokenStream, Vec<TokenStream>) {
    let main = match op.success {
        Success::Stream => Which::Stream,
        _ => Which::Main,
    };
    let mut tokens = method(cx, op, low, place, main);
    if op.surface.raw_method.is_some() {
        tokens.extend(method(cx, op, None, place, Which::RawBody));
    }
    if op.surface.stream_method.is_some() {
        tokens.extend(method(cx, op, None, place, Which::Stream));
    }
    if op.surface.as_method.is_some() {
        tokens.extend(method(cx, op, None, place, Which::As));
    }
    if op.surface.headers_method.is_some() {
        tokens.extend(method(cx, op, low, place, Which::WithHeaders));
    }
    if let (Some(paging), Some(iterate), Some(options)) = (
        &op.conventions.paging,
        &op.surface.iterate,
        &op.surface.options,
    ) {
        tokens.extend(super::iterate::iterate(
            cx,
            op,
            paging,
            &format_ident!("{iterate}"),
            &positional(op, place),
            &format_ident!("{options}"),
            place,
        ));
    }
    let mut items = Vec::new();
    if let Some(options) = &op.surface.options {
        items.push(cx.options_struct(op, &format_ident!("{options}"), place));
    }
    if let (Success::Several(cases), Some(name)) = (&op.success, &op.surface.response_enum) {
        items.push(cx.success_enum(op, &format_ident!("{name}"), cases, place));
    }
    if let (Some(name), Some(method)) = (&op.surface.media_enum, &op.surface.as_method) {
        items.push(twins::media_enum(
            op,
            &format_ident!("{name}"),
            method,
            place,
        ));
    }
    if let (Some(name), Some(method)) = (&op.surface.headers_struct, &op.surface.headers_method) {
        items.push(twins::headers_struct(
            cx,
            op,
            &format_ident!("{name}"),
            method,
            place,
        ));
    }
    (tokens, items)
}

/// Parameters the method takes one by one: path parameters the handle
/// does not hold, and the other required parameters.
pub(crate) fn positional<'a>(op: &'a Operation, place: &Place) -> Vec<&'a Param> {
    op.params
        .iter()
        .filter(|p| place.held(p).is_none() && p.required)
        .collect()
}

/// The body a method sends: the operation's, or for its raw-body twin
/// bytes in any of the media types the operation also takes.
fn sent_body(body: &RequestBody, which: Which) -> BodyKind {
    match which {
        Which::Main | Which::Stream | Which::As | Which::WithHeaders => body.kind.clone(),
        Which::RawBody => BodyKind::Bytes {
            content_types: body.raw_alternatives.clone(),
        },
    }
}

fn method(
    cx: &Surface,
    op: &Operation,
    low: Option<&Method>,
    place: &Place,
    which: Which,
) -> TokenStream {
    let name = match which {
        Which::Main => &op.surface.method,
        Which::RawBody => op.surface.raw_method.as_ref().expect("a raw-body twin"),
        Which::Stream => op
            .surface
            .stream_method
            .as_ref()
            .unwrap_or(&op.surface.method),
        Which::As => op.surface.as_method.as_ref().expect("an `_as` twin"),
        Which::WithHeaders => op
            .surface
            .headers_method
            .as_ref()
            .expect("a `_with_headers` twin"),
    };
    let method = format_ident!("{name}");
    let body = op.body.as_ref().map(|body| sent_body(body, which));
    let mut args = arguments(cx, op, place, body.as_ref());
    let (return_ty, value) = match (which, low) {
        (Which::Stream, _) => twins::items(cx, op, as_call(op, place, body.as_ref())),
        (Which::As, _) => {
            let (media, ty) = (
                bound("media_type"),
                format_ident!("{}", op.surface.media_enum.as_ref().expect("a media enum")),
            );
            // Before the options, which stay last.
            let at = args.len() - usize::from(op.surface.options.is_some());
            args.insert(at, quote!(#media: #ty));
            let call = as_call(op, place, body.as_ref());
            (
                quote!(rt::RawBody),
                quote!(#call.accept(#media.as_str()).send().await.map(rt::Response::into_raw)),
            )
        }
        (_, Some(low)) => answer(cx, op, through_progenitor(op, low, place), which),
        (_, None) => answer(cx, op, sent(op, as_call(op, place, body.as_ref())), which),
    };
    let docs = doc_attrs(Some(&doc_text(cx, op, body.as_ref(), which)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let many = allow_many_arguments(args.len());
    quote! {
        #docs
        #deprecated
        #many
        pub async fn #method(&self, #(#args),*) -> Result<#return_ty, rt::Error> {
            #value
        }
    }
}

/// Clippy's allowance for a method of `arguments` arguments besides its
/// receiver (which clippy counts too): the spec decides how many
/// parameters are required.
pub(super) fn allow_many_arguments(arguments: usize) -> Option<TokenStream> {
    (arguments + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]))
}

/// What the method answers, and the expression that makes it from `send`
/// (a `Result` of the response, or of the upgraded connection).
fn answer(
    cx: &Surface,
    op: &Operation,
    send: TokenStream,
    which: Which,
) -> (TokenStream, TokenStream) {
    // How the answer is made from the response: a function, and whether it
    // can fail.
    let (ty, decode, fallible) = match &op.success {
        // The upgraded connection is the answer.
        Success::Upgrade if op.conventions.none_on_not_found => {
            return (quote!(Option<reqwest::Upgraded>), quote!(rt::found(#send)));
        }
        Success::Upgrade => return (quote!(reqwest::Upgraded), send),
        Success::Empty => (quote!(()), quote!(drop), false),
        Success::Bytes => (quote!(rt::RawBody), quote!(rt::Response::into_raw), false),
        Success::Json(ty) => {
            let body_ty = cx.owned(ty);
            match &op.conventions.envelope {
                Some(envelope) => {
                    let field = format_ident!("{}", envelope.field);
                    (
                        cx.owned(&envelope.ty),
                        quote!(|response| response.json::<#body_ty>().map(|body| body.#field)),
                        true,
                    )
                }
                None => (
                    body_ty.clone(),
                    quote!(|response| response.json::<#body_ty>()),
                    true,
                ),
            }
        }
        Success::Several(_) => {
            let name = super::response_enum(op);
            (quote!(#name), quote!(#name::decode), true)
        }
        Success::Stream => unreachable!("a stream is answered by `items`"),
        Success::JsonOrBytes(ty) => {
            let ty = cx.owned(ty);
            (
                quote!(rt::JsonOr<#ty>),
                quote!(|response| response.json_or::<#ty>()),
                true,
            )
        }
    };
    // The twin answers the body beside the headers, read first (the body
    // takes the response).
    let (ty, decode, fallible) = match (&op.surface.headers_struct, which) {
        (Some(headers), Which::WithHeaders) => {
            let headers = format_ident!("{headers}");
            let decode = match (&op.success, fallible) {
                (_, true) => decode,
                (Success::Empty, false) => quote!(|_| Ok(())),
                (_, false) => quote!(|response| Ok((#decode)(response))),
            };
            (
                quote!(rt::WithHeaders<#ty, #headers>),
                quote!(|response| response.with_headers(#headers::read, #decode)),
                true,
            )
        }
        _ => (ty, decode, fallible),
    };
    if op.conventions.none_on_not_found {
        let value = if fallible {
            quote!(rt::found(#send)?.map(#decode).transpose())
        } else {
            quote!(Ok(rt::found(#send)?.map(#decode)))
        };
        (quote!(Option<#ty>), value)
    } else if fallible {
        (ty, quote!(#send.and_then(#decode)))
    } else {
        (ty, quote!(#send.map(#decode)))
    }
}

/// The method's arguments: positional ones, the body, then the options.
fn arguments(
    cx: &Surface,
    op: &Operation,
    place: &Place,
    body: Option<&BodyKind>,
) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = positional(op, place)
        .into_iter()
        .map(|p| {
            let n = format_ident!("{}", p.name);
            let t = cx.borrowed(&p.ty);
            quote!(#n: #t)
        })
        .collect();
    let (body_arg, content_type) = (bound("body"), bound("content_type"));
    match body {
        Some(BodyKind::Bytes { .. }) => {
            args.push(quote!(#body_arg: bytes::Bytes));
            args.push(quote!(#content_type: &str));
        }
        Some(BodyKind::Json(ty) | BodyKind::Form(ty)) => {
            let t = cx.borrowed(ty);
            args.push(quote!(#body_arg: #t));
        }
        Some(BodyKind::Text) => args.push(quote!(#body_arg: &str)),
        None => {}
    }
    if let Some(options) = &op.surface.options {
        let (options, ty) = (bound("options"), format_ident!("{options}"));
        args.push(quote!(#options: #ty));
    }
    args
}

/// Sends the operation through progenitor's method, passing what it takes
/// in the order its signature names.
fn through_progenitor(op: &Operation, low: &Method, place: &Place) -> TokenStream {
    let client = place.client();
    let operation = super::operation_const(op);
    let (low_arg, method) = (bound("low"), format_ident!("{}", low.name));
    let (body, options) = (bound("body"), bound("options"));
    let args = low.args.iter().map(|arg| match arg {
        Arg::Body => match &op.body.as_ref().expect("a body argument").kind {
            BodyKind::Text => quote!(#body.to_owned()),
            _ => quote!(#body),
        },
        Arg::Param(i) => {
            let p = &op.params[*i];
            let n = format_ident!("{}", p.name);
            if let Some(field) = place.held(p) {
                if p.ty.is_copy() {
                    quote!(self.#field)
                } else {
                    quote!(&self.#field)
                }
            } else if p.required {
                quote!(#n)
            } else {
                match p.ty {
                    TypeRef::String => quote!(#options.#n.as_deref()),
                    ref ty if ty.is_copy() => quote!(#options.#n),
                    _ => quote!(#options.#n.as_ref()),
                }
            }
        }
    });
    quote! {
        #client.low(#operation).send(|#low_arg| #low_arg.#method(#(#args),*)).await
    }
}

/// The operation as a call the runtime builds: each parameter in its place
/// and style, then the body.
fn as_call(op: &Operation, place: &Place, body: Option<&BodyKind>) -> TokenStream {
    let client = place.client();
    let operation = super::operation_const(op);
    let params = op.params.iter().map(|p| param(p, place));
    let (body_arg, content_type) = (bound("body"), bound("content_type"));
    let body = body.map(|kind| match kind {
        BodyKind::Json(_) => quote!(.json(#body_arg)),
        BodyKind::Text => quote!(.text(#body_arg)),
        BodyKind::Bytes { .. } => quote!(.bytes(#body_arg, #content_type)),
        BodyKind::Form(_) => {
            let encoding = op.body.iter().flat_map(|b| &b.form_encoding).map(|e| {
                let property = &e.property;
                let style = style(e.style);
                let explode = e.explode;
                quote!((#property, #style, #explode))
            });
            quote!(.form(#body_arg, &[#(#encoding),*]))
        }
    });
    quote! {
        #client.call(#operation) #(#params)* #body
    }
}

/// Sends an `rt::Call` and awaits its answer, read whole (or the upgraded
/// connection).
fn sent(op: &Operation, call: TokenStream) -> TokenStream {
    match op.success {
        Success::Upgrade => quote!(#call.send_upgrade().await),
        _ => quote!(#call.send().await),
    }
}

/// One parameter's step of an `rt::Call`.
fn param(p: &Param, place: &Place) -> TokenStream {
    let wire = &p.wire;
    let n = format_ident!("{}", p.name);
    let options = bound("options");
    // A reference to the value, and the value if it has one.
    let (reference, present) = match place.held(p) {
        Some(field) => (quote!(&self.#field), quote!(Some(&self.#field))),
        None if p.required => {
            let reference = if p.ty.is_copy() {
                quote!(&#n)
            } else {
                quote!(#n)
            };
            (reference.clone(), quote!(Some(#reference)))
        }
        None => (quote!(), quote!(#options.#n.as_ref())),
    };
    let (style, explode) = (style(p.style), p.explode);
    if let Some(encoding) = p.encoded {
        // The value travels as the string that encodes it.
        let encoding = format_ident!(
            "{}",
            match encoding {
                ContentEncoding::Json => "Json",
                ContentEncoding::Base64 => "Base64",
                ContentEncoding::Base64Url => "Base64Url",
            }
        );
        return match p.location {
            ParamLocation::Header => {
                quote!(.header_encoded(#wire, #present, rt::Encoding::#encoding))
            }
            _ => quote!(.query_encoded(#wire, #present, rt::Encoding::#encoding)),
        };
    }
    match p.location {
        ParamLocation::Path if p.written_plain() && !explode => quote!(.path(#wire, #reference)),
        ParamLocation::Path => quote!(.path_in(#wire, #reference, #style, #explode)),
        ParamLocation::Query if p.allow_reserved => {
            quote!(.query_reserved(#wire, #present, #style, #explode))
        }
        ParamLocation::Query if p.written_plain() && explode => quote!(.query(#wire, #present)),
        ParamLocation::Query => quote!(.query_in(#wire, #present, #style, #explode)),
        ParamLocation::Header if p.written_plain() && !explode => quote!(.header(#wire, #present)),
        ParamLocation::Header => quote!(.header_in(#wire, #present, #style, #explode)),
        ParamLocation::QueryString => quote!(.query_string(#present, #style)),
        ParamLocation::Cookie if p.written_plain() => quote!(.cookie(#wire, #present)),
        ParamLocation::Cookie => quote!(.cookie_in(#wire, #present, #style)),
    }
}

fn style(style: ParamStyle) -> TokenStream {
    let variant = format_ident!(
        "{}",
        match style {
            ParamStyle::Simple => "Simple",
            ParamStyle::Label => "Label",
            ParamStyle::Matrix => "Matrix",
            ParamStyle::Form => "Form",
            ParamStyle::SpaceDelimited => "SpaceDelimited",
            ParamStyle::PipeDelimited => "PipeDelimited",
            ParamStyle::DeepObject => "DeepObject",
            ParamStyle::Json => "Json",
        }
    );
    quote!(rt::Style::#variant)
}

/// The method's documentation: the spec's summary and description, then
/// what the method sends and answers.
fn doc_text(cx: &Surface, op: &Operation, body: Option<&BodyKind>, which: Which) -> String {
    let (id, http, path) = (&op.id, op.method.http(), &op.path.raw);
    let mut doc = String::new();
    if let Some(summary) = &op.summary {
        doc.push_str(
            crate::rustdoc::markdown(summary)
                .trim_end()
                .trim_end_matches('.'),
        );
        doc.push_str(".\n\n");
    }
    if let Some(description) = &op.description {
        doc.push_str(crate::rustdoc::markdown(description).trim_end());
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{http} {path}` (`{id}`)."));
    if let Some(BodyKind::Bytes { content_types }) = body {
        let types: Vec<String> = content_types.iter().map(|t| format!("`{t}`")).collect();
        doc.push_str(&format!(
            " `content_type` is the media type of `body`; the API accepts {}.",
            types.join(", ")
        ));
    }
    if op.conventions.none_on_not_found {
        let rule = &cx.api.conventions.not_found;
        let kinds: Vec<String> = rule.error_types.iter().map(|t| format!("`{t}`")).collect();
        let of_type = if kinds.is_empty() {
            String::new()
        } else {
            format!(" of type {}", kinds.join(" or "))
        };
        doc.push_str(&format!(
            " `None` when it does not exist (a {} answer{of_type}).",
            rule.status
        ));
    }
    if which == Which::WithHeaders {
        doc.push_str(" Answers the body with the headers the response declares.");
    }
    if which == Which::As {
        doc.push_str(
            " Answers the body in the media type `media_type` names, with its content type.",
        );
    }
    if let (Which::Stream, Some(stream)) = (which, &op.stream) {
        let each = match stream.framing {
            Framing::Events => "event",
            Framing::Lines => "line",
            Framing::JsonSeq => "JSON text",
            Framing::Multipart => "part",
        };
        doc.push_str(&format!(
            " Answers the `{}` stream: each {each} decoded as it arrives.",
            stream.media_type
        ));
    }
    if op.deprecated {
        doc.push_str("\n\n**Deprecated.**");
    }
    doc
}
