//! One operation's methods: the method itself, its raw-body twin, the
//! stream of a paged list; and the items they need (options struct, enum of
//! success cases).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Cx, Place, TextKind, is_copy};
use crate::emit::docs::doc_attrs;
use crate::emit::progenitor::Arg;
use crate::model::{BodyKind, Operation, Param, ParamLocation, Success, TypeRef};

/// Which of the operation's methods is being written.
#[derive(Clone, Copy, PartialEq)]
enum Which {
    Main,
    RawBody,
}

pub(super) fn methods(cx: &Cx, op: &Operation, place: &Place) -> (TokenStream, Vec<TokenStream>) {
    let mut tokens = method(cx, op, place, Which::Main);
    if op.surface.raw_method.is_some() {
        tokens.extend(method(cx, op, place, Which::RawBody));
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
    (tokens, items)
}

/// Parameters the method takes one by one: path parameters the handle
/// does not hold, and required query, header and cookie parameters.
pub(crate) fn positional<'a>(op: &'a Operation, place: &Place) -> Vec<&'a Param> {
    op.params
        .iter()
        .filter(|p| place.held(p).is_none() && (p.location == ParamLocation::Path || p.required))
        .collect()
}

fn method(cx: &Cx, op: &Operation, place: &Place, which: Which) -> TokenStream {
    let name = match which {
        Which::Main => &op.surface.method,
        Which::RawBody => op.surface.raw_method.as_ref().expect("a raw-body twin"),
    };
    let method = format_ident!("{name}");
    let client = place.client();
    let args = arguments(cx, op, place, which);
    let checks = path_checks(cx, op, place);
    let call_args = call_arguments(cx, op, place, which);
    let low_name = format_ident!("{}", op.name);
    let operation = cx.operation_const(op);
    let (setup, call) = match which {
        Which::Main => (None, quote!(#client.raw.#low_name(#(#call_args),*))),
        // A path and method hold one operation, so the raw-body twins are
        // methods of a second low-level client on the same connections.
        Which::RawBody => (
            Some(quote! {
                let raw_client = raw_bodies::Client::new_with_client(
                    raw::ClientInfo::baseurl(&#client.raw),
                    raw::ClientInfo::client(&#client.raw).clone(),
                    raw::ClientInfo::inner(&#client.raw).clone(),
                );
            }),
            quote!(raw_client.#low_name(#(#call_args),*)),
        ),
    };
    let mut send = match op.success {
        Success::Upgrade => quote!(#client.send_upgrade(#operation, || #call)),
        _ => quote!(#client.send(#operation, || #call)),
    };
    let styled = styled(op, place);
    if styled.is_some() {
        send = quote!(rt::with_styled(styled, #send));
    }
    let mut form = None;
    if which == Which::Main
        && let Some(body) = &op.body
        && let BodyKind::Form(_) = body.kind
    {
        send = quote!(rt::with_content_type("application/x-www-form-urlencoded", #send));
        let encoding = body.form_encoding.iter().map(|e| {
            let property = &e.property;
            let style = format_ident!("{}", style_variant(e.style));
            let explode = e.explode;
            quote!((#property, rt::Style::#style, #explode))
        });
        form = Some(quote!(let form = rt::form_body(body, &[#(#encoding),*])?;));
    }
    if which == Which::RawBody
        || matches!(
            op.body,
            Some(crate::model::RequestBody {
                kind: BodyKind::Bytes { .. },
                ..
            })
        )
    {
        send = quote!(rt::with_content_type(content_type, #send));
    }
    let Decode {
        value,
        ty,
        fallible,
    } = decode(cx, op);
    let (return_ty, body) = if op.conventions.none_on_not_found {
        let found = if fallible {
            quote!(#value.map(Some))
        } else {
            quote!(Ok(Some(#value)))
        };
        (
            quote!(Option<#ty>),
            quote! {
                match #send.await {
                    Ok(response) => #found,
                    Err(rt::Error::Api(error)) if error.is_not_found() => Ok(None),
                    Err(error) => Err(error),
                }
            },
        )
    } else if op.success == Success::Empty {
        (
            ty,
            quote! {
                #send.await?;
                Ok(())
            },
        )
    } else {
        let value = if fallible { value } else { quote!(Ok(#value)) };
        (
            ty,
            quote! {
                let response = #send.await?;
                #value
            },
        )
    };
    let docs = doc_attrs(Some(&doc_text(cx, op, which)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // The spec decides how many parameters are required. (Each argument
    // is `name: type`; counted with the receiver, as clippy counts.)
    let count: usize = args
        .iter()
        .map(|arg| arg.to_string().matches(" : ").count())
        .sum::<usize>()
        + 1;
    let many = (count > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        #docs
        #deprecated
        #many
        pub async fn #method(&self, #(#args),*) -> Result<#return_ty, rt::Error> {
            #(#checks)*
            #styled
            #form
            #setup
            #body
        }
    }
}

/// How the method's answer is made from `response`.
struct Decode {
    value: TokenStream,
    ty: TokenStream,
    /// `value` is a `Result`.
    fallible: bool,
}

fn decode(cx: &Cx, op: &Operation) -> Decode {
    let (value, ty, fallible) = match &op.success {
        // The body is of no interest (see `method`).
        Success::Empty => (quote!(()), quote!(()), false),
        Success::Bytes => (quote!(response.into_raw()), quote!(rt::RawBody), false),
        Success::Upgrade => (quote!(response), quote!(reqwest::Upgraded), false),
        Success::Json(ty) => {
            let body_ty = cx.owned(ty);
            match &op.conventions.envelope {
                Some(envelope) => {
                    let field = format_ident!("{}", envelope.field);
                    (
                        quote!(response.json::<#body_ty>().map(|body| body.#field)),
                        cx.owned(&envelope.ty),
                        true,
                    )
                }
                None => (quote!(response.json::<#body_ty>()), body_ty, true),
            }
        }
        Success::Several(_) => {
            let name = format_ident!(
                "{}",
                op.surface
                    .response_enum
                    .as_ref()
                    .expect("named with the cases")
            );
            (quote!(#name::decode(response)), quote!(#name), true)
        }
    };
    Decode {
        value,
        ty,
        fallible,
    }
}

/// The method's arguments: positional ones, the body, then the options.
fn arguments(cx: &Cx, op: &Operation, place: &Place, which: Which) -> Vec<TokenStream> {
    let mut args: Vec<TokenStream> = positional(op, place)
        .into_iter()
        .map(|p| {
            let n = format_ident!("{}", p.name);
            let t = cx.borrowed(&p.ty);
            quote!(#n: #t)
        })
        .collect();
    if let Some(body) = &op.body {
        args.push(match (&body.kind, which) {
            (_, Which::RawBody) | (BodyKind::Bytes { .. }, _) => {
                quote!(body: bytes::Bytes, content_type: &str)
            }
            (BodyKind::Json(ty) | BodyKind::Form(ty), Which::Main) => {
                let t = cx.borrowed(ty);
                quote!(body: #t)
            }
            (BodyKind::Text, Which::Main) => quote!(body: &str),
        });
    }
    if let Some(options) = &op.surface.options {
        let options = format_ident!("{options}");
        args.push(quote!(options: #options));
    }
    args
}

/// What the low-level method takes, in the order it takes it (read from
/// the method progenitor generated).
fn call_arguments(cx: &Cx, op: &Operation, place: &Place, which: Which) -> Vec<TokenStream> {
    let calls = match which {
        Which::Main => cx.low.main,
        Which::RawBody => cx.low.raw_bodies,
    };
    let order = &calls[&op.name];
    order
        .iter()
        .map(|arg| match arg {
            Arg::Body => match (&op.body.as_ref().expect("a body argument").kind, which) {
                (BodyKind::Json(_), Which::Main) => quote!(body),
                // Cheap: `Bytes` is reference-counted.
                (BodyKind::Form(_), Which::Main) => quote!(form.clone()),
                (BodyKind::Text, Which::Main) => quote!(body.to_owned()),
                // Cheap: `Bytes` is reference-counted.
                _ => quote!(body.clone()),
            },
            Arg::Param(i) => {
                let p = &op.params[*i];
                let n = format_ident!("{}", p.name);
                if p.styled {
                    let placeholder = placeholder(*i);
                    quote!(#placeholder)
                } else if let Some(field) = place.held(p) {
                    if is_copy(&p.ty) {
                        quote!(self.#field)
                    } else {
                        quote!(&self.#field)
                    }
                } else if p.location == ParamLocation::Path || p.required {
                    quote!(#n)
                } else {
                    match p.ty {
                        TypeRef::String => quote!(options.#n.as_deref()),
                        ref ty if is_copy(ty) => quote!(options.#n),
                        _ => quote!(options.#n.as_ref()),
                    }
                }
            }
        })
        .collect()
}

/// The text progenitor's method is given for the styled path parameter
/// at `index`, which the runtime replaces with the parameter as written:
/// unreserved characters only, so it reaches the URL as it is.
fn placeholder(index: usize) -> String {
    format!("~styled~{index}~")
}

/// `let styled = rt::Styled::default()…;`: the parameters the runtime
/// writes in their style (see `runtime::style`), if the operation has any.
fn styled(op: &Operation, place: &Place) -> Option<TokenStream> {
    let parts: Vec<TokenStream> = op
        .params
        .iter()
        .enumerate()
        .filter(|(_, p)| p.styled)
        .map(|(i, p)| {
            let n = format_ident!("{}", p.name);
            let wire = &p.wire;
            let reference = match place.held(p) {
                Some(field) => quote!(&self.#field),
                None => quote!(&#n),
            };
            // Held and positional values are there; optional ones may be.
            let value =
                if place.held(p).is_some() || p.location == ParamLocation::Path || p.required {
                    quote!(Some(#reference))
                } else {
                    quote!(options.#n.as_ref())
                };
            let style = format_ident!("{}", style_variant(p.style));
            let explode = p.explode;
            match p.location {
                ParamLocation::Path => {
                    let placeholder = placeholder(i);
                    quote!(.path(#placeholder, #wire, #reference, rt::Style::#style, #explode)?)
                }
                ParamLocation::Query if p.allow_reserved => {
                    quote!(.query_reserved(#wire, #value, rt::Style::#style, #explode)?)
                }
                ParamLocation::Query => quote!(.query(#wire, #value, rt::Style::#style, #explode)?),
                ParamLocation::Header => {
                    quote!(.header(#wire, #value, rt::Style::#style, #explode)?)
                }
                ParamLocation::Cookie => quote!(.cookie(#wire, #value, rt::Style::#style)?),
            }
        })
        .collect();
    (!parts.is_empty()).then(|| quote!(let styled = rt::Styled::default() #(#parts)*;))
}

fn style_variant(style: crate::model::ParamStyle) -> &'static str {
    use crate::model::ParamStyle as S;
    match style {
        S::Simple => "Simple",
        S::Label => "Label",
        S::Matrix => "Matrix",
        S::Form => "Form",
        S::SpaceDelimited => "SpaceDelimited",
        S::PipeDelimited => "PipeDelimited",
        S::DeepObject => "DeepObject",
        S::Json => "Json",
    }
}

/// Checks that each path parameter can be sent (see `runtime::path`).
/// Numbers and booleans cannot be empty or dots; every other path parameter
/// (an enum may hold any text) is checked as the text sent.
fn path_checks(cx: &Cx, op: &Operation, place: &Place) -> Vec<TokenStream> {
    op.params
        .iter()
        .filter(|p| p.location == ParamLocation::Path && !is_copy(&p.ty) && !p.styled)
        .map(|p| {
            let label = p.name.trim_start_matches("r#");
            // A held value is a field; an argument is a reference already.
            let (value, reference) = match place.held(p) {
                Some(field) => (quote!(self.#field), quote!(&self.#field)),
                None => {
                    let n = format_ident!("{}", p.name);
                    (quote!(#n), quote!(#n))
                }
            };
            let text = match cx.text_kind(&p.ty) {
                TextKind::Str => reference,
                TextKind::Enum => quote!(#value.as_str()),
                TextKind::Display => quote!(&#value.to_string()),
            };
            quote!(rt::check_segment(#label, #text)?;)
        })
        .collect()
}

/// The method's documentation: the spec's summary and description, then
/// what the method sends and answers.
fn doc_text(cx: &Cx, op: &Operation, which: Which) -> String {
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
    let accepted = match (&op.body, which) {
        (Some(body), Which::RawBody) => Some(&body.raw_alternatives),
        (
            Some(crate::model::RequestBody {
                kind: BodyKind::Bytes { content_types },
                ..
            }),
            Which::Main,
        ) => Some(content_types),
        _ => None,
    };
    if let Some(types) = accepted {
        let types: Vec<String> = types.iter().map(|t| format!("`{t}`")).collect();
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
    if op.deprecated {
        doc.push_str("\n\n**Deprecated.**");
    }
    doc
}
