//! What the runtime reads about this API: `crate::API` (servers, security
//! schemes, error shape, not-found rule, each operation's facts),
//! `crate::ENV` and `DEFAULT_BASE_URL`, and the error type's Rust type.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::rust_type;
use crate::model::{Api, KeyPlace, Operation, Payload, SchemeKind, Status, Success};

/// The facts, for a crate named `crate_name` (environment variable names
/// are made from it), with named types under `models`.
pub fn facts(api: &Api, crate_name: &str, models: &TokenStream) -> TokenStream {
    let env = api.conventions.env.resolve(crate_name);
    let takes = |kind: fn(&SchemeKind) -> bool| api.security.iter().any(|s| kind(&s.kind));
    let name_if = |taken: bool, name: &String| {
        if taken {
            quote!(Some(#name))
        } else {
            quote!(None)
        }
    };
    let base_url = &env.base_url;
    let token = name_if(takes(|k| *k == SchemeKind::Bearer), &env.token);
    let basic = takes(|k| *k == SchemeKind::Basic);
    let (username, password) = (name_if(basic, &env.username), name_if(basic, &env.password));
    let api_key = name_if(
        takes(|k| matches!(k, SchemeKind::ApiKey { .. })),
        &env.api_key,
    );
    let default_base_url = match &api.default_base_url {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    let default_base_url_const = api.default_base_url.as_ref().map(|url| {
        quote! {
            /// Where requests go unless configured otherwise: the API
            /// description's server.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let schemes = api.security.iter().map(|scheme| {
        let name = &scheme.name;
        let kind = match &scheme.kind {
            SchemeKind::Bearer => quote!(rt::SchemeKind::Bearer),
            SchemeKind::Basic => quote!(rt::SchemeKind::Basic),
            SchemeKind::ApiKey { place, name } => {
                let place = match place {
                    KeyPlace::Header => quote!(rt::KeyPlace::Header),
                    KeyPlace::Query => quote!(rt::KeyPlace::Query),
                    KeyPlace::Cookie => quote!(rt::KeyPlace::Cookie),
                };
                quote!(rt::SchemeKind::ApiKey { place: #place, name: #name })
            }
        };
        quote!(rt::Scheme { name: #name, kind: #kind })
    });
    let shape = &api.conventions.errors;
    let optional = |text: &Option<String>| match text {
        Some(text) => quote!(Some(#text)),
        None => quote!(None),
    };
    let (kind_at, message_at) = (optional(&shape.kind), optional(&shape.message));
    let not_found = &api.conventions.not_found;
    let status = not_found.status;
    let error_types = &not_found.error_types;
    let error_type = rust_type(&shape.kind_type, models);

    let operation_consts = api.operations.iter().map(operation);
    let operations = (!api.operations.is_empty()).then(|| {
        let gate = super::gate::any_operation(api);
        quote! {
            /// What the runtime needs to know about each operation.
            pub(crate) mod ops {
                #gate
                use crate::runtime as rt;
                #(#operation_consts)*
            }
        }
    });

    quote! {
        use crate::runtime as rt;

        /// The `type` of API errors: typed where the API description lists
        /// the values, kept as text where it does not.
        pub type ApiErrorType = #error_type;

        #default_base_url_const

        /// The environment variables [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) reads.
        pub const ENV: rt::Env = rt::Env {
            base_url: #base_url,
            token: #token,
            username: #username,
            password: #password,
            api_key: #api_key,
        };

        /// What the runtime knows about this API.
        pub(crate) static API: rt::Api = rt::Api {
            default_base_url: #default_base_url,
            schemes: &[#(#schemes),*],
            errors: rt::ErrorShape { kind: #kind_at, message: #message_at },
            not_found: rt::NotFound { status: #status, error_types: &[#(#error_types),*] },
        };

        #operations
    }
}

/// The name of an operation's `rt::Operation` constant in `ops`.
pub fn const_name(op: &Operation) -> proc_macro2::Ident {
    format_ident!("{}", op.name.to_uppercase())
}

fn operation(op: &Operation) -> TokenStream {
    let name = const_name(op);
    let (id, method, path) = (&op.id, op.method.http(), &op.path.raw);
    let security = op
        .security
        .iter()
        .map(|alternative| quote!(&[#(#alternative),*]));
    let accept = match accept(op) {
        Some(accept) => quote!(Some(#accept)),
        None => quote!(None),
    };
    let upgrade = op.success == Success::Upgrade;
    let server = match &op.server {
        Some(url) => quote!(Some(#url)),
        None => quote!(None),
    };
    quote! {
        pub(crate) const #name: rt::Operation = rt::Operation {
            id: #id,
            method: #method,
            path: #path,
            security: &[#(#security),*],
            accept: #accept,
            upgrade: #upgrade,
            server: #server,
        };
    }
}

/// The media types of the success responses, JSON first (none when one
/// holds a character a header cannot).
fn accept(op: &Operation) -> Option<String> {
    let has_success = op.responses.iter().any(|r| r.status.is_success());
    let mut media: Vec<(bool, &str)> = op
        .responses
        .iter()
        .filter(|r| r.status.is_success() || (!has_success && r.status == Status::Default))
        .flat_map(|r| &r.content)
        // A streaming twin asks for its stream, an `…_as` twin for the
        // media type it is given; the method, for the rest.
        .filter(|c| {
            op.success == Success::Stream || crate::model::Framing::of(&c.media_type).is_none()
        })
        .filter(|c| !op.alternates.contains(&c.media_type))
        .map(|c| {
            (
                !matches!(c.payload, Payload::Json(_)),
                c.media_type.as_str(),
            )
        })
        .collect();
    media.sort_by_key(|(not_json, _)| *not_json);
    let mut seen = Vec::new();
    for (_, m) in media {
        if !seen.contains(&m) {
            seen.push(m);
        }
    }
    // The runtime sends it as a static header value: only what a header
    // can hold (visible ASCII, spaces and tabs) is written.
    let accept = seen.join(", ");
    let valid = accept
        .bytes()
        .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
    (!seen.is_empty() && valid).then_some(accept)
}
