//! The `mock` module (behind the crate's `mock` feature): a typed stub per
//! operation on the hand-written mock server (`runtime::mock`), and example
//! values of the models for fixtures.
//!
//! A stub matches its operation's method and path; `with_<parameter>`
//! narrows it to one value of a path, query or header parameter; its
//! answers are typed (`returns` takes what the client's method answers,
//! wrapped in the API's envelope as the API would), or errors of the API's
//! shape, or bare statuses; several answers are given in order.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::gate;
use super::rust_type;
use crate::model::{
    Api, Operation, Param, ParamLocation, Payload, Status, Success, TypeDef, TypeKind, TypeRef,
    examples, find_type,
};
use crate::names::{self, Unique};

/// Where the test that the examples fit their types goes.
#[derive(Clone, Copy)]
pub enum ExamplesTest<'a> {
    /// A unit test inside the module: for a crate whose unit tests are
    /// built anyway (the workspace's client, with its runtime's).
    Inside,
    /// A test file of its own calling the examples through the crate named
    /// here: a standalone crate has no unit tests of its own, so `cargo
    /// test` builds its library once.
    Apart(&'a Ident),
}

/// The client's mock module and, for [`ExamplesTest::Apart`], the test
/// file (`tests/spec_examples.rs`) that its examples fit their types.
pub fn mock_module(
    api: &Api,
    models: &TokenStream,
    test: ExamplesTest<'_>,
) -> (TokenStream, Option<TokenStream>) {
    let stubs = api.operations.iter().map(|op| stub(api, op, models));
    let markers = api.operations.iter().map(|op| {
        let marker = marker(op);
        let doc = format!(" `{} {}` (`{}`).", op.method.http(), op.path.raw, op.id);
        let gate = gate::attr(&op.features);
        quote! {
            #[doc = #doc]
            #gate
            pub struct #marker;
        }
    });
    let methods = api.operations.iter().map(|op| {
        let method = format_ident!("{}", op.surface.mock);
        let stub = format_ident!("{}", op.surface.stub);
        let (http, path) = (op.method.http(), &op.path.raw);
        let doc = format!(
            " Stubs `{http} {path}` (`{}`): its requests are answered as the stub says once it is mounted.",
            op.id
        );
        let gate = gate::attr(&op.features);
        quote! {
            #[doc = #doc]
            #gate
            pub fn #method(&self) -> #stub<'_> {
                #stub::new(self, #http, #path)
            }
        }
    });
    let (examples, example_calls) = example_fns(api, models);
    let calls = |path: TokenStream| -> Vec<TokenStream> {
        example_calls
            .iter()
            .map(|(name, gate)| quote!(#gate let _ = #path::#name();))
            .collect()
    };
    let apart = match test {
        ExamplesTest::Apart(krate) => Some(examples_test(&calls(quote!(#krate::mock::examples)))),
        ExamplesTest::Inside => None,
    };
    let inside = apart.is_none() && !example_calls.is_empty();
    let tests = inside.then(|| {
        let calls = calls(quote!(super::examples));
        quote! {
            #[cfg(test)]
            mod tests {
                #[test]
                fn the_examples_fit_their_types() {
                    #(#calls)*
                }
            }
        }
    });
    let module = quote! {
        /// A local mock of the API for tests (the `mock` feature): start one,
        /// take a [`Client`](crate::Client) of it with `client()`, and mount a
        /// typed stub per operation.
        #[cfg(feature = "mock")]
        pub mod mock {
            pub use crate::runtime::mock::{MockApi, Stub, Typed, error_body};

            impl MockApi {
                #(#methods)*
            }

            #(#stubs)*

            /// The operations the stubs are of, as types: each stub type is
            /// a [`Typed`] stub of one of them.
            pub mod operations {
                #(#markers)*
            }

            /// Example values of the models, for fixtures: from the spec's
            /// examples where it gives them.
            pub mod examples {
                #(#examples)*
            }

            #tests
        }
    };
    (module, apart)
}

/// The type that marks `op`'s stubs: the stub's name without `Stub`.
fn marker(op: &Operation) -> Ident {
    let name = op
        .surface
        .stub
        .strip_suffix("Stub")
        .unwrap_or(&op.surface.stub);
    format_ident!("{name}")
}

/// Methods every stub has (`runtime::mock::Typed`'s): an operation's own
/// must differ. (`layout`'s tests check this against the runtime.)
pub const STUB_METHODS: &[&str] = &[
    "new", "with", "error", "status", "answer", "delay", "expect", "mount",
];

/// An operation's stub: its marker, the stub type it names, and what only
/// it matches and answers.
fn stub(api: &Api, op: &Operation, models: &TokenStream) -> TokenStream {
    let stub = format_ident!("{}", op.surface.stub);
    let marker = marker(op);
    let mut unique = Unique::default();
    STUB_METHODS
        .iter()
        .chain(&[
            "returns",
            "returns_bytes",
            "returns_items",
            "succeeds",
            "not_found",
        ])
        .for_each(|m| unique.reserve(m));
    let matchers: Vec<TokenStream> = op
        .params
        .iter()
        .filter_map(|p| matcher(api, p, models, &mut unique))
        .collect();
    let answers = answers(api, op, models, &mut unique);
    let (http, path, id) = (op.method.http(), &op.path.raw, &op.id);
    let doc = format!(
        " A stub of `{http} {path}` (`{id}`). Made by [`MockApi::{}`].",
        op.surface.mock
    );
    let gate = gate::attr(&op.features);
    quote! {
        #[doc = #doc]
        #gate
        pub type #stub<'m> = Typed<'m, operations::#marker>;

        #gate
        impl #stub<'_> {
            #(#matchers)*
            #answers
        }
    }
}

/// `with_<name>`: only requests with this value of a parameter (text,
/// integers, booleans and enums, in the place's plain style; other values
/// are not matched on).
fn matcher(api: &Api, p: &Param, models: &TokenStream, unique: &mut Unique) -> Option<TokenStream> {
    // A value in a style of its own is not the text matched on.
    if !p.written_plain() {
        return None;
    }
    // The value's type, and it as text (`&str`) for a path segment.
    let (ty, text) = match &p.ty {
        TypeRef::String => (quote!(&str), quote!(value)),
        TypeRef::I32 | TypeRef::I64 | TypeRef::Bool => {
            let ty = rust_type(&p.ty, models);
            (ty, quote!(&value.to_string()))
        }
        TypeRef::Named(name) => match find_type(&api.types, name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => {
                let ty = rust_type(&p.ty, models);
                (quote!(&#ty), quote!(value.as_str()))
            }
            _ => return None,
        },
        _ => return None,
    };
    let method = format_ident!(
        "{}",
        unique.claim(&crate::names::joined(
            "with",
            p.name.trim_start_matches("r#")
        ))
    );
    let wire = &p.wire;
    let (call, doc) = match p.location {
        ParamLocation::Path => (
            quote!(path_param(#wire, #text)),
            format!(" Only requests whose path parameter `{wire}` is `value`."),
        ),
        ParamLocation::Query => (
            quote!(query(#wire, value)),
            format!(" Only requests whose query parameter `{wire}` is `value`."),
        ),
        ParamLocation::Header => (
            quote!(header(#wire, value)),
            format!(" Only requests whose header `{wire}` is `value`."),
        ),
        ParamLocation::Cookie | ParamLocation::QueryString => return None,
    };
    Some(quote! {
        #[doc = #doc]
        pub fn #method(self, value: #ty) -> Self {
            self.with(|stub| stub.#call)
        }
    })
}

/// The typed success answers, and `not_found` where the method answers
/// `None` for one.
fn answers(api: &Api, op: &Operation, models: &TokenStream, unique: &mut Unique) -> TokenStream {
    let status = success_status(op);
    let mut out = TokenStream::new();
    match &op.success {
        Success::Empty => out.extend(quote! {
            /// Answers with success and no body.
            pub fn succeeds(self) -> Self {
                self.with(|stub| stub.status(#status))
            }
        }),
        // JSON beside other media types is answered as JSON too
        // (`returns_bytes` answers the others); only `Json` has an envelope.
        Success::Json(ty) | Success::JsonOrBytes(ty) => {
            let (ty, wrap) = match &op.conventions.envelope {
                Some(envelope) => {
                    let json = &envelope.json;
                    (
                        envelope.ty.clone(),
                        quote!(serde_json::json!({ #json: value })),
                    )
                }
                None => (ty.clone(), quote!(value)),
            };
            let ty = rust_type(&ty, models);
            let doc = match &op.conventions.envelope {
                Some(envelope) => format!(
                    " Answers with `value` as the method returns it (in the API's `{}` envelope on the wire), status {status}.",
                    envelope.json
                ),
                None => format!(" Answers with `value`, status {status}."),
            };
            out.extend(quote! {
                #[doc = #doc]
                pub fn returns(self, value: &#ty) -> Self {
                    let value = serde_json::to_value(value).unwrap_or_default();
                    self.with(|stub| stub.json(#status, #wrap))
                }
            });
        }
        Success::Bytes => out.extend(quote! {
            /// Answers with `body`, labelled `content_type`.
            pub fn returns(self, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
                self.with(|stub| stub.bytes(#status, body, content_type))
            }
        }),
        Success::Several(cases) => {
            for case in cases {
                let status = match case.status {
                    Status::Code(code) => code,
                    _ => 200,
                };
                let method = format_ident!(
                    "{}",
                    unique.claim(&format!(
                        "returns_{}",
                        names::snake(&case.variant).trim_start_matches("r#")
                    ))
                );
                let doc = doc_attrs(Some(&format!(
                    "Answers as `{status}` does{}.",
                    if case.doc.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", case.doc.trim_end_matches('.'))
                    }
                )));
                out.extend(match &case.payload {
                    None => quote! {
                        #doc
                        pub fn #method(self) -> Self {
                            self.with(|stub| stub.status(#status))
                        }
                    },
                    Some(Payload::Json(ty) | Payload::JsonOrBytes(ty)) => {
                        let ty = rust_type(ty, models);
                        quote! {
                            #doc
                            pub fn #method(self, value: &#ty) -> Self {
                                self.with(|stub| stub.json(#status, serde_json::to_value(value).unwrap_or_default()))
                            }
                        }
                    }
                    Some(Payload::Bytes) => quote! {
                        #doc
                        pub fn #method(self, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
                            self.with(|stub| stub.bytes(#status, body, content_type))
                        }
                    },
                });
            }
        }
        Success::Upgrade | Success::Stream => {}
    }
    if matches!(op.success, Success::JsonOrBytes(_)) || !op.alternates.is_empty() {
        let doc = format!(
            " Answers with `body`, labelled `content_type`, status {status}: a media type other than JSON."
        );
        out.extend(quote! {
            #[doc = #doc]
            pub fn returns_bytes(self, body: impl Into<Vec<u8>>, content_type: &str) -> Self {
                self.with(|stub| stub.bytes(#status, body, content_type))
            }
        });
    }
    if let Some(stream) = &op.stream {
        let ty = rust_type(&stream.item, models);
        let media = &stream.media_type;
        let doc = format!(
            " Answers with `items`, status {status}, as a stream of `{media}`: each item as the streaming method decodes it."
        );
        out.extend(quote! {
            #[doc = #doc]
            pub fn returns_items(self, items: &[#ty]) -> Self {
                let items = items.iter().map(|item| serde_json::to_value(item).unwrap_or_default()).collect();
                self.with(|stub| stub.items(#status, #media, items))
            }
        });
    }
    if op.conventions.none_on_not_found {
        let rule = &api.conventions.not_found;
        let status = rule.status;
        let kind = rule
            .error_types
            .first()
            .cloned()
            .unwrap_or_else(|| "not-found".into());
        out.extend(quote! {
            /// Answers "not found", as the API does (the method answers `None`).
            pub fn not_found(self) -> Self {
                self.with(|stub| stub.error(#status, #kind, "not found"))
            }
        });
    }
    out
}

/// The status a success answer has: the first success the spec lists.
fn success_status(op: &Operation) -> u16 {
    op.responses
        .iter()
        .find_map(|r| match r.status {
            Status::Code(code) if r.status.is_success() => Some(code),
            _ => None,
        })
        .unwrap_or(200)
}

/// The integration test of a standalone crate (`tests/spec_examples.rs`)
/// that each example fits its type, by `calls` to them through the
/// crate's name. A spec without examples gets the file without
/// a test, so that no test is left calling examples that are gone.
fn examples_test(calls: &[TokenStream]) -> TokenStream {
    let test = (!calls.is_empty()).then(|| {
        quote! {
            #[test]
            fn the_examples_fit_their_types() {
                #(#calls)*
            }
        }
    });
    quote! {
        //! The spec's examples fit the types generated for them.
        #![cfg(feature = "mock")]

        #test
    }
}

/// The models with an example, each with it and its function's name.
fn with_examples(api: &Api) -> impl Iterator<Item = (&TypeDef, serde_json::Value, Ident)> {
    let mut unique = Unique::default();
    api.types.iter().filter_map(move |def| {
        // Plain aliases (`Id = String`) are not models of their own.
        if matches!(&def.kind, TypeKind::Alias(_)) {
            return None;
        }
        let example = examples::example(&TypeRef::Named(def.name.clone()), &api.types)?;
        let name = format_ident!("{}", unique.claim(&names::snake(&def.name)));
        Some((def, example, name))
    })
}

/// `pub fn <model>() -> <Model>` per model an example can be built for,
/// and their names with the `cfg` of the model's features.
fn example_fns(api: &Api, models: &TokenStream) -> (Vec<TokenStream>, Vec<(Ident, TokenStream)>) {
    let mut fns = Vec::new();
    let mut names_made = Vec::new();
    for (def, example, name) in with_examples(api) {
        let ty = TypeRef::Named(def.name.clone());
        let rust = rust_type(&ty, models);
        let text = example.to_string();
        let doc = format!(" An example `{}`.", def.name);
        let expect = format!("the spec's example fits `{}`", def.name);
        let gate = gate::attr(api.features.of_type(&def.name));
        fns.push(quote! {
            #[doc = #doc]
            #gate
            pub fn #name() -> #rust {
                serde_json::from_str(#text).expect(#expect)
            }
        });
        names_made.push((name, gate));
    }
    (fns, names_made)
}
