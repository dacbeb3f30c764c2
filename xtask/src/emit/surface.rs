//! The client's public surface: resource handles with one method per
//! operation, calling the generated low-level client through the runtime
//! (retries, typed errors, path checks, pagination).
//!
//! Operations are grouped by the part of their operationId before the first
//! `_`, as Apify names them: `webhookDispatch_get` is `get` on
//! `client.webhook_dispatch(id)`, `webhookDispatches_get` is `list` (and
//! `iterate`) on `client.webhook_dispatches()`. Path parameters shared by a
//! group's operations are given to the handle; the rest go to the method.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::docs::doc_attrs;
use super::rust_type;
use crate::model::{Api, Body, Operation, Param, ParamKind, Success, TypeDef, TypeKind, TypeRef};
use crate::names::{self, Unique};

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
            let methods = cx.methods(&group, &[], &format_ident!("Client"), "");
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
        let methods = cx.methods(&group, &shared, &handle, &handle_base);
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

struct Group<'a> {
    key: String,
    operations: Vec<&'a Operation>,
}

impl<'a> Group<'a> {
    /// The path parameters every operation of the group starts with.
    fn shared_path_params(&self) -> Vec<&'a Param> {
        let lists: Vec<Vec<&Param>> = self
            .operations
            .iter()
            .map(|op| {
                op.params
                    .iter()
                    .filter(|p| p.kind == ParamKind::Path)
                    .collect()
            })
            .collect();
        let Some(first) = lists.first() else {
            return Vec::new();
        };
        first
            .iter()
            .enumerate()
            .take_while(|(i, p)| {
                lists
                    .iter()
                    .all(|l| l.get(*i).is_some_and(|q| q.api == p.api && q.ty == p.ty))
            })
            .map(|(_, p)| *p)
            .collect()
    }
}

/// Operations grouped by the part of their operationId before the first
/// `_`; a raw-body variant joins its operation's group.
fn groups<'a>(operations: &'a [Operation], raw_variants: &'a [Operation]) -> Vec<Group<'a>> {
    let mut groups: Vec<Group> = Vec::new();
    for op in operations.iter().chain(raw_variants) {
        let key = match op.id.split_once('_') {
            Some((key, _)) => key.to_string(),
            None => String::new(),
        };
        match groups.iter_mut().find(|g| g.key == key) {
            Some(group) => group.operations.push(op),
            None => groups.push(Group {
                key,
                operations: vec![op],
            }),
        }
    }
    groups
}

/// `webhookDispatches` → "webhook dispatches".
fn words(key: &str) -> String {
    names::snake(key).trim_start_matches("r#").replace('_', " ")
}

struct Cx<'a> {
    models: &'a TokenStream,
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
}

struct Methods {
    methods: TokenStream,
    items: Vec<TokenStream>,
}

/// What a method returns, and how to get it from the decoded body.
struct Returns {
    ty: TokenStream,
    /// Applied to the decoded body (`body`).
    extract: TokenStream,
}

/// A paginated list: its page type and item type.
struct Paging {
    total_is_i64: bool,
    /// The type of the `offset` and `limit` parameters.
    count: TypeRef,
    item: TypeRef,
}

impl Cx<'_> {
    fn owned(&self, ty: &TypeRef) -> TokenStream {
        rust_type(ty, &self.prefix())
    }

    fn prefix(&self) -> TokenStream {
        let models = self.models;
        quote!(#models)
    }

    fn struct_of(&self, ty: &TypeRef) -> Option<&crate::model::Struct> {
        let TypeRef::Named(name) = ty else {
            return None;
        };
        match &self.types.get(name.as_str())?.kind {
            TypeKind::Struct(s) => Some(s),
            TypeKind::Alias(target) => self.struct_of(target),
            _ => None,
        }
    }

    /// `{"data": X}` envelopes are unwrapped: methods return `X`.
    fn envelope(&self, ty: &TypeRef) -> Option<TypeRef> {
        let s = self.struct_of(ty)?;
        match s.fields.as_slice() {
            [data] if data.json == "data" && !data.optional => Some(data.ty.clone()),
            _ => None,
        }
    }

    fn paging(&self, op: &Operation, data: &TypeRef) -> Option<Paging> {
        let int_query = |name: &str| {
            op.params.iter().any(|p| {
                p.kind == ParamKind::Query
                    && p.api == name
                    && matches!(p.ty, TypeRef::I64 | TypeRef::I32 | TypeRef::F64)
            })
        };
        if op.http != "GET" || !int_query("offset") || !int_query("limit") {
            return None;
        }
        let s = self.struct_of(data)?;
        let field = |name: &str| s.fields.iter().find(|f| f.json == name && !f.optional);
        let TypeRef::List(item) = &field("items")?.ty else {
            return None;
        };
        let total = field("total").filter(|f| matches!(f.ty, TypeRef::I32 | TypeRef::I64))?;
        let count_types: Vec<&TypeRef> = op
            .params
            .iter()
            .filter(|p| p.kind == ParamKind::Query && (p.api == "offset" || p.api == "limit"))
            .map(|p| &p.ty)
            .collect();
        if count_types.iter().any(|t| *t != count_types[0]) {
            return None;
        }
        Some(Paging {
            total_is_i64: total.ty == TypeRef::I64,
            count: count_types[0].clone(),
            item: (**item).clone(),
        })
    }

    fn methods(
        &self,
        group: &Group,
        shared: &[&Param],
        handle: &Ident,
        handle_base: &str,
    ) -> Methods {
        // Short names where they are unambiguous within the group.
        let originals: Vec<&Operation> = group
            .operations
            .iter()
            .copied()
            .filter(|op| !op.raw_variant)
            .collect();
        let planned: Vec<(String, String)> = originals
            .iter()
            .map(|op| {
                let action = op
                    .id
                    .split_once('_')
                    .map_or(op.id.as_str(), |(_, rest)| rest);
                let verb = op.http.to_ascii_lowercase();
                let stem = action
                    .strip_suffix(&format!("_{verb}"))
                    .or(if action == verb { Some("") } else { None });
                let short = match stem {
                    Some("") => match verb.as_str() {
                        "get" if self.is_list(op) => "list".to_string(),
                        "get" => "get".into(),
                        "post" => "create".into(),
                        "put" | "patch" => "update".into(),
                        other => other.into(),
                    },
                    Some(stem) => names::snake(stem),
                    None => names::snake(action),
                };
                (short, names::snake(action))
            })
            .collect();
        let mut unique = Unique::default();
        if handle == "Client" {
            CLIENT_METHODS.iter().for_each(|m| unique.reserve(m));
        }
        let mut methods = TokenStream::new();
        let mut items = Vec::new();
        for (op, (short, full)) in originals.iter().zip(&planned) {
            let clashes = planned.iter().filter(|(s, _)| s == short).count() > 1;
            let name = unique.claim(if clashes { full } else { short });
            let (method, extra) = self.method(op, &name, shared, handle, handle_base, &mut unique);
            methods.extend(method);
            items.extend(extra);
            let variants = group
                .operations
                .iter()
                .filter(|v| v.raw_variant && v.id == op.id && v.http == op.http);
            for variant in variants {
                let raw_name = unique.claim(&format!("{name}_raw"));
                let (method, extra) =
                    self.method(variant, &raw_name, shared, handle, handle_base, &mut unique);
                methods.extend(method);
                items.extend(extra);
            }
        }
        Methods { methods, items }
    }

    fn is_list(&self, op: &Operation) -> bool {
        let Success::Json(ty) = &op.success else {
            return false;
        };
        let data = self.envelope(ty).unwrap_or_else(|| ty.clone());
        self.paging(op, &data).is_some()
    }

    fn method(
        &self,
        op: &Operation,
        name: &str,
        shared: &[&Param],
        handle: &Ident,
        handle_base: &str,
        unique: &mut Unique,
    ) -> (TokenStream, Vec<TokenStream>) {
        let method = format_ident!("{}", name);
        let mut items = Vec::new();
        let on_client = handle == "Client";
        let client = if on_client {
            quote!(self)
        } else {
            quote!(self.client)
        };

        // Arguments: path parameters the handle does not hold, required
        // query/header parameters, the body, then the optional ones in an
        // options struct.
        let own: Vec<&Param> = op
            .params
            .iter()
            .filter(|p| {
                !shared
                    .iter()
                    .any(|s| s.api == p.api && p.kind == ParamKind::Path)
            })
            .collect();
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

        let mut args: Vec<TokenStream> = positional
            .iter()
            .map(|p| {
                let n = format_ident!("{}", p.name);
                let t = self.borrowed(&p.ty);
                quote!(#n: #t)
            })
            .collect();
        let body_arg = op.body.as_ref().map(|body| match body {
            Body::Json { ty } | Body::Form { ty } => {
                let t = self.borrowed(ty);
                quote!(body: #t)
            }
            Body::Text { .. } => quote!(body: String),
            Body::Bytes { .. } => quote!(body: bytes::Bytes, content_type: &str),
        });
        args.extend(body_arg);
        if let Some(options_ty) = &options_ty {
            args.push(quote!(options: #options_ty));
        }

        // What progenitor's method takes, in its order.
        let call_args: Vec<TokenStream> = op
            .params
            .iter()
            .map(|p| {
                let n = format_ident!("{}", p.name);
                if shared
                    .iter()
                    .any(|s| s.api == p.api && p.kind == ParamKind::Path)
                {
                    match p.ty {
                        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
                            quote!(self.#n)
                        }
                        _ => quote!(&self.#n),
                    }
                } else if p.kind == ParamKind::Path || p.required {
                    quote!(#n)
                } else {
                    match p.ty {
                        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => {
                            quote!(options.#n)
                        }
                        TypeRef::String => quote!(options.#n.as_deref()),
                        _ => quote!(options.#n.as_ref()),
                    }
                }
            })
            .chain(op.body.as_ref().map(|body| match body {
                Body::Bytes { .. } | Body::Text { .. } => quote!(body.clone()),
                _ => quote!(body),
            }))
            .collect();
        let checks: Vec<TokenStream> = op
            .params
            .iter()
            // Numbers and booleans cannot be empty or dots; every other path
            // parameter (an enum may hold any text) is checked as the text sent.
            .filter(|p| {
                p.kind == ParamKind::Path
                    && !matches!(
                        p.ty,
                        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64
                    )
            })
            .map(|p| {
                let n = format_ident!("{}", p.name);
                let label = p.name.trim_start_matches("r#");
                let held = shared.iter().any(|s| s.api == p.api);
                match (&p.ty, held) {
                    // A held string is a `String`; an argument is a `&str` already.
                    (TypeRef::String, true) => quote!(rt::check_segment(#label, &self.#n)?;),
                    (TypeRef::String, false) => quote!(rt::check_segment(#label, #n)?;),
                    (_, true) => quote!(rt::check_segment(#label, &self.#n.to_string())?;),
                    (_, false) => quote!(rt::check_segment(#label, &#n.to_string())?;),
                }
            })
            .collect();

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

        let returns = self.returns(op);
        let data = match &op.success {
            Success::Json(ty) => Some(self.envelope(ty).unwrap_or_else(|| ty.clone())),
            _ => None,
        };
        let paging = data.as_ref().and_then(|d| self.paging(op, d));
        // Reading one thing (not a page of a list): `None` when it is not there,
        // as Apify's clients answer `undefined`.
        let is_get = op.http == "GET"
            && (name == "get" || name.ends_with("_get"))
            && paging.is_none()
            && matches!(op.success, Success::Json(_) | Success::Bytes);

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
            doc.push_str(
                " `None` when it does not exist (a 404 answer of type `record-not-found`).",
            );
        }
        if op.deprecated {
            doc.push_str("\n\n**Deprecated.**");
        }
        let docs = doc_attrs(Some(&doc));

        let Returns {
            ty: return_ty,
            extract,
        } = returns;
        let body = if is_get {
            quote! {
                #(#checks)*
                #bodies
                match #send {
                    Ok(body) => Ok(Some(#extract)),
                    Err(rt::Error::Api(error)) if error.is_not_found() => Ok(None),
                    Err(error) => Err(error),
                }
            }
        } else {
            let extract = (extract.to_string() != "body").then(|| quote!(.map(|body| #extract)));
            quote! {
                #(#checks)*
                #bodies
                #send #extract
            }
        };
        let return_ty = if is_get {
            quote!(Option<#return_ty>)
        } else {
            return_ty
        };
        let mut tokens = quote! {
            #docs
            pub async fn #method(&self, #(#args),*) -> Result<#return_ty, rt::Error> {
                #body
            }
        };

        if let (Some(paging), Some(options_ty)) = (&paging, &options_ty) {
            let want = if name == "list" {
                "iterate".to_string()
            } else {
                format!("{name}_iterate")
            };
            let iterate = format_ident!("{}", unique.claim(&want));
            let item = rust_type(&paging.item, &self.prefix());
            let total = if paging.total_is_i64 {
                quote!(page.total)
            } else {
                quote!(i64::from(page.total))
            };
            // `offset`/`limit` may be `i32` or (in Apify's spec) `number`
            // parameters; the runtime counts in `i64`.
            let (start, limit, narrow_offset, narrow_limit) = match paging.count {
                TypeRef::I32 => (
                    quote!(options.offset.map_or(0, i64::from)),
                    quote!(options.limit.map(i64::from)),
                    quote!(i32::try_from(offset).unwrap_or(i32::MAX)),
                    quote!(limit: limit.map(|l| i32::try_from(l).unwrap_or(i32::MAX))),
                ),
                TypeRef::F64 => (
                    quote!(options.offset.map_or(0, |n| n as i64)),
                    quote!(options.limit.map(|n| n as i64)),
                    quote!(offset as f64),
                    quote!(limit: limit.map(|l| l as f64)),
                ),
                _ => (
                    quote!(options.offset.unwrap_or(0)),
                    quote!(options.limit),
                    quote!(offset),
                    quote!(limit),
                ),
            };
            // The stream outlives this call, so it owns its arguments.
            let positional_names: Vec<Ident> = positional
                .iter()
                .map(|p| format_ident!("{}", p.name))
                .collect();
            let positional_args: Vec<TokenStream> = positional
                .iter()
                .map(|p| {
                    let n = format_ident!("{}", p.name);
                    match p.ty {
                        TypeRef::String => quote!(#n: impl Into<String>),
                        _ => {
                            let t = self.borrowed(&p.ty);
                            quote!(#n: #t)
                        }
                    }
                })
                .collect();
            let owning: Vec<TokenStream> = positional
                .iter()
                .map(|p| {
                    let n = format_ident!("{}", p.name);
                    match p.ty {
                        TypeRef::String => quote!(let #n: String = #n.into();),
                        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => quote!(),
                        _ => quote!(let #n = #n.clone();),
                    }
                })
                .collect();
            let passing: Vec<TokenStream> = positional
                .iter()
                .map(|p| {
                    let n = format_ident!("{}", p.name);
                    match p.ty {
                        TypeRef::Bool | TypeRef::I32 | TypeRef::I64 | TypeRef::F64 => quote!(#n),
                        _ => quote!(&#n),
                    }
                })
                .collect();
            let doc = doc_attrs(Some(&format!(
                "Every item of [`Self::{method}`], fetching pages as the stream is read.\n\n\
                 Starts at `options.offset` and yields at most `options.limit` items\n\
                 (all of them when unset); each page is one request, retried like any other."
            )));
            // The stream owns a copy of the handle, so it borrows only the
            // client: `client.webhook_dispatches().iterate(..)` can be kept.
            let (owner, lifetime) = if on_client {
                (quote!(self), quote!('_))
            } else {
                (quote!(self.clone()), quote!('a))
            };
            tokens.extend(quote! {
                #doc
                pub fn #iterate(&self, #(#positional_args,)* options: #options_ty)
                    -> impl futures_util::Stream<Item = Result<#item, rt::Error>> + #lifetime
                {
                    let start = #start;
                    let limit = #limit;
                    let handle = #owner;
                    #(#owning)*
                    rt::paginate(start, limit, move |offset, limit| {
                        let options = #options_ty {
                            offset: Some(#narrow_offset),
                            #narrow_limit,
                            ..options.clone()
                        };
                        let handle = handle.clone();
                        #( let #positional_names = #positional_names.clone(); )*
                        async move {
                            let page = handle.#method(#(#passing,)* options).await?;
                            Ok(rt::PageOf { total: #total, items: page.items })
                        }
                    })
                }
            });
        }

        if let Some(options_ty) = &options_ty {
            items.push(self.options_struct(options_ty, &optional, handle, &method));
        }
        (tokens, items)
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

    fn returns(&self, op: &Operation) -> Returns {
        match &op.success {
            Success::Empty => Returns {
                ty: quote!(()),
                extract: quote!(body),
            },
            Success::Bytes => Returns {
                ty: quote!(rt::RawBody),
                extract: quote!(body),
            },
            Success::Json(ty) => match self.envelope(ty) {
                Some(data) => Returns {
                    ty: rust_type(&data, &self.prefix()),
                    extract: quote!(body.data),
                },
                None => Returns {
                    ty: rust_type(ty, &self.prefix()),
                    extract: quote!(body),
                },
            },
        }
    }

    fn options_struct(
        &self,
        name: &Ident,
        params: &[&Param],
        handle: &Ident,
        method: &Ident,
    ) -> TokenStream {
        let doc = format!(" Optional parameters of [`{handle}::{method}`].");
        let fields = params.iter().map(|p| {
            let n = format_ident!("{}", p.name);
            let t = rust_type(&p.ty, &self.prefix());
            let docs = doc_attrs(p.doc.as_deref());
            quote! { #docs pub #n: Option<#t>, }
        });
        let setters = params.iter().map(|p| {
            let n = format_ident!("{}", p.name);
            let doc = format!(" Sets [`Self::{}`].", p.name.trim_start_matches("r#"));
            match p.ty {
                TypeRef::String => quote! {
                    #[doc = #doc]
                    pub fn #n(mut self, value: impl Into<String>) -> Self {
                        self.#n = Some(value.into());
                        self
                    }
                },
                _ => {
                    let t = rust_type(&p.ty, &self.prefix());
                    quote! {
                        #[doc = #doc]
                        pub fn #n(mut self, value: #t) -> Self {
                            self.#n = Some(value);
                            self
                        }
                    }
                }
            }
        });
        quote! {
            #[doc = #doc]
            #[derive(Debug, Clone, Default, PartialEq)]
            pub struct #name {
                #(#fields)*
            }

            impl #name {
                #(#setters)*
            }
        }
    }
}
