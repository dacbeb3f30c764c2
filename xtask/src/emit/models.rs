//! The models file: one Rust type per named schema, serde-ready.
//!
//! Every type keeps what the spec does not describe, so that decoding and
//! re-encoding a value gives back the same JSON: structs keep unknown fields
//! in a flattened map, enums keep unknown values as text, discriminated
//! unions keep unknown kinds as JSON.

use std::collections::HashSet;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{doc_attrs, from_spec, with_note};
use super::gate;
use super::rust_type;
use crate::model::{Api, ContentEncoding, Field, Struct, TypeDef, TypeKind, Union, Variant};

pub fn models_file(api: &Api) -> TokenStream {
    let items = api.types.iter().map(type_def);
    // Which of serde's derives the file uses: structs derive `Serialize`
    // and, unless `object::reader!` writes it, `Deserialize`.
    let derives = |t: &TypeDef, reading: bool| match &t.kind {
        TypeKind::Struct(s) => !reading || !read_by_hand(s),
        TypeKind::Newtype { .. } => true,
        TypeKind::Union(u) => {
            u.tag.is_none() && !u.all_that_fit && u.variants.iter().all(|v| v.keys.is_none())
        }
        _ => false,
    };
    // Each import with the features of the types that use it.
    let users = |uses: &dyn Fn(&TypeDef) -> bool| -> Option<Vec<String>> {
        let mut features = api
            .types
            .iter()
            .filter(|t| uses(t))
            .map(|t| api.features.of_type(&t.name))
            .peekable();
        features.peek()?;
        Some(gate::any_of(features))
    };
    let serialize = users(&|t| derives(t, false));
    let deserialize = users(&|t| derives(t, true));
    let uses = match (deserialize, serialize) {
        (Some(d), Some(s)) if d == s => {
            let gate = gate::attr(&d);
            quote! { #gate use serde::{Deserialize, Serialize}; }
        }
        (d, s) => {
            let d = d
                .map(|d| gate::attr(&d))
                .map(|d| quote! { #d use serde::Deserialize; });
            let s = s
                .map(|s| gate::attr(&s))
                .map(|s| quote! { #s use serde::Serialize; });
            quote! { #d #s }
        }
    };
    let allow = super::file_allows(api);
    let encoded = encoded_helpers(api);
    // The module whose macros write structs' readers (see `reader`) and
    // open enums' conversions, beside this file.
    let object = users(&|t| match &t.kind {
        TypeKind::Struct(s) => read_by_hand(s),
        TypeKind::Enum(_) => true,
        _ => false,
    })
    .map(|features| {
        let gate = gate::attr(&features);
        quote! { #gate use super::object; }
    });
    quote! {
        #allow
        #uses
        #object
        #(#items)*
        #encoded
    }
}

/// The module of `serde(with)` helpers a field's encoding and optionality
/// call for.
fn encoded_module(encoding: ContentEncoding, optional: bool) -> String {
    let name = encoding.key();
    match optional {
        true => format!("{name}_option"),
        false => name.to_owned(),
    }
}

/// Reading and writing properties whose string is the JSON text of a typed
/// value (`contentMediaType`), encoded or not (`contentEncoding`): only the
/// helpers the fields use, so none is unused.
fn encoded_helpers(api: &Api) -> Option<TokenStream> {
    // Each helper with the features of the types whose fields use it.
    let mut used: std::collections::BTreeMap<(ContentEncoding, bool), Vec<&[String]>> =
        Default::default();
    for t in &api.types {
        let TypeKind::Struct(s) = &t.kind else {
            continue;
        };
        for f in &s.fields {
            if let Some(encoded) = f.encoded {
                let features = api.features.of_type(&t.name);
                used.entry((encoded, f.optional))
                    .or_default()
                    .push(features);
            }
        }
    }
    if used.is_empty() {
        return None;
    }
    let gate_all = gate::attr(&gate::any_of(used.values().flatten().copied()));
    let modules = used.iter().map(|(&(encoding, optional), features)| {
        let module = format_ident!("{}", encoded_module(encoding, optional));
        let gate = gate::attr(&gate::any_of(features.iter().copied()));
        let engine = match encoding {
            ContentEncoding::Json => quote!(None),
            ContentEncoding::Base64 => quote!(Some(&::base64::alphabet::STANDARD)),
            ContentEncoding::Base64Url => quote!(Some(&::base64::alphabet::URL_SAFE)),
        };
        match optional {
            false => quote! {
                #gate
                pub(super) mod #module {
                    pub fn serialize<T: serde::Serialize, S: serde::Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
                        super::write(value, #engine, serializer)
                    }
                    pub fn deserialize<'de, T: serde::de::DeserializeOwned, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
                        super::read(&<String as serde::Deserialize>::deserialize(deserializer)?, #engine)
                    }
                }
            },
            true => quote! {
                #gate
                pub(super) mod #module {
                    pub fn serialize<T: serde::Serialize, S: serde::Serializer>(value: &Option<T>, serializer: S) -> Result<S::Ok, S::Error> {
                        match value {
                            Some(value) => super::write(value, #engine, serializer),
                            None => serializer.serialize_none(),
                        }
                    }
                    pub fn deserialize<'de, T: serde::de::DeserializeOwned, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
                        match <Option<String> as serde::Deserialize>::deserialize(deserializer)? {
                            Some(text) => super::read(&text, #engine).map(Some),
                            None => Ok(None),
                        }
                    }
                }
            },
        }
    });
    Some(quote! {
        /// Properties whose string is the JSON text of a typed value, in
        /// base64 where the spec says so: read and written as the value.
        /// (`::base64` is the crate; `base64` here, a helper module.)
        #gate_all
        mod encoded {
            use ::base64::Engine as _;

            fn engine(alphabet: &::base64::alphabet::Alphabet) -> ::base64::engine::GeneralPurpose {
                // Padding is written, and read whether it is there or not.
                let config = ::base64::engine::GeneralPurposeConfig::new()
                    .with_decode_padding_mode(::base64::engine::DecodePaddingMode::Indifferent);
                ::base64::engine::GeneralPurpose::new(alphabet, config)
            }

            fn write<T: serde::Serialize, S: serde::Serializer>(
                value: &T,
                alphabet: Option<&::base64::alphabet::Alphabet>,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                let text = serde_json::to_string(value).map_err(serde::ser::Error::custom)?;
                match alphabet {
                    Some(alphabet) => serializer.serialize_str(&engine(alphabet).encode(text)),
                    None => serializer.serialize_str(&text),
                }
            }

            fn read<T: serde::de::DeserializeOwned, E: serde::de::Error>(
                text: &str,
                alphabet: Option<&::base64::alphabet::Alphabet>,
            ) -> Result<T, E> {
                let bytes = match alphabet {
                    Some(alphabet) => engine(alphabet).decode(text).map_err(E::custom)?,
                    None => text.as_bytes().to_vec(),
                };
                serde_json::from_slice(&bytes).map_err(E::custom)
            }

            #(#modules)*
        }
    })
}

fn type_def(def: &TypeDef) -> TokenStream {
    let note = def.deprecated.then_some("**Deprecated.**");
    let mut docs = doc_attrs(with_note(from_spec(def.doc.as_deref()).as_deref(), note).as_deref());
    if def.deprecated {
        docs.extend(quote!(#[deprecated]));
    }
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct(s) => structure(&docs, &name, s),
        TypeKind::Enum(variants) => open_enum(&docs, &name, variants),
        TypeKind::Union(u) if u.tag.is_some() => tagged_union(&docs, &name, u),
        TypeKind::Union(u) if u.all_that_fit => all_that_fit(&docs, &name, u),
        TypeKind::Union(u) => untagged_union(&docs, &name, u),
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &TokenStream::new());
            quote! {
                #docs
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype { ty, boxed } => {
            let ty = variant_type(ty, *boxed);
            quote! {
                #docs
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    }
}

fn structure(docs: &TokenStream, name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(field);
    let extra = format_ident!("{}", s.extra);
    // With nothing required, `..Default::default()` builds one (a request
    // body, say) from just the fields that matter.
    let default = s
        .fields
        .iter()
        .all(|f| f.optional)
        .then(|| quote!(Default,));
    let new = constructor(name, s);
    let by_hand = read_by_hand(s);
    let derived = (!by_hand).then(|| quote!(, Deserialize));
    let reader = by_hand.then(|| reader(name, s));
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq, Serialize #derived)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            /// Fields the spec does not list, kept so that re-encoding loses nothing.
            #[serde(flatten)]
            pub #extra: serde_json::Map<String, serde_json::Value>,
        }

        #new

        #reader
    }
}

/// Whether a struct's `Deserialize` is written out (see [`reader`]) rather
/// than derived: all but those with a field read through `serde(with)`.
fn read_by_hand(s: &Struct) -> bool {
    s.fields.iter().all(|f| f.encoded.is_none())
}

/// A struct's `Deserialize`, not derived: serde's derive for a struct that
/// keeps the keys it does not list (`flatten`) is large, and checking it
/// was most of what `cargo check` spent on a generated crate (Oxide's
/// Nexus: 5.6 s with it, 3.9 s without). The struct names its fields and
/// their keys to the `object::reader!` macro; the rest is the crate's
/// `object` module (`crates/apify-api-models/src/object.rs`), which reads
/// as the derive does. A macro, not the impls written out: they were most
/// of a models file, and codegen parses and formats every line it writes.
fn reader(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|f| {
        let field = format_ident!("{}", f.name);
        let key = &f.json;
        quote!(#field(#key))
    });
    let extra = format_ident!("{}", s.extra);
    quote! {
        object::reader!(#name, #extra #(, #fields)*);
    }
}

/// `new(required fields…)`: the struct with every optional field unset.
/// Structs are `#[non_exhaustive]`, so that a field the API adds is no
/// breaking change; this is how code outside the crate makes one.
fn constructor(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let required: Vec<&Field> = s.fields.iter().filter(|f| !f.optional).collect();
    // A field named `_1` (from `+1`) is fine; an argument of that name is
    // one that reads as unused (and clippy says so): arguments get a word.
    let mut taken: HashSet<String> = required.iter().map(|f| f.name.clone()).collect();
    let arg_names: Vec<String> = required
        .iter()
        .map(|f| {
            if !f.name.starts_with('_') {
                return f.name.clone();
            }
            let mut arg = format!("value{}", f.name);
            while taken.contains(&arg) {
                arg.push('_');
            }
            taken.insert(arg.clone());
            arg
        })
        .collect();
    let args = required.iter().zip(&arg_names).map(|(f, arg)| {
        let n = format_ident!("{}", arg);
        let ty = rust_type(&f.ty, &TokenStream::new());
        quote!(#n: #ty)
    });
    let arg_of = |f: &Field| {
        let i = required.iter().position(|r| r.name == f.name)?;
        Some(format_ident!("{}", arg_names[i]))
    };
    let inits = s.fields.iter().map(|f| {
        let n = format_ident!("{}", f.name);
        match (f.optional, f.boxed, arg_of(f)) {
            (false, true, Some(arg)) => quote!(#n: Box::new(#arg)),
            (false, false, Some(arg)) if arg == n => quote!(#n),
            (false, false, Some(arg)) => quote!(#n: #arg),
            _ => quote!(#n: None),
        }
    });
    let extra = format_ident!("{}", s.extra);
    let doc = if required.is_empty() {
        " A value with every field unset.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.json)).collect();
        format!(
            " A value with the required {}, and every other field unset.",
            names.join(", ")
        )
    };
    // The spec decides how many fields are required.
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#args),*) -> Self {
                Self {
                    #(#inits,)*
                    #extra: serde_json::Map::new(),
                }
            }
        }
    }
}

fn field(f: &Field) -> TokenStream {
    let note = f.deprecated.then_some("**Deprecated.**");
    let mut docs = doc_attrs(with_note(from_spec(f.doc.as_deref()).as_deref(), note).as_deref());
    if f.deprecated {
        docs.extend(quote!(#[deprecated]));
    }
    let name = format_ident!("{}", f.name);
    let mut ty = rust_type(&f.ty, &TokenStream::new());
    if f.boxed {
        ty = quote!(Box<#ty>);
    }
    if f.optional {
        ty = quote!(Option<#ty>);
    }
    let mut serde = Vec::new();
    if f.name.trim_start_matches("r#") != f.json {
        let json = &f.json;
        serde.push(quote!(rename = #json));
    }
    if f.skip_if_none {
        serde.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if let Some(encoding) = f.encoded {
        let with = format!("encoded::{}", encoded_module(encoding, f.optional));
        serde.push(quote!(with = #with));
    }
    let serde = (!serde.is_empty()).then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #docs
        #serde
        pub #name: #ty,
    }
}

/// An enum of the spec's strings that keeps any other: its values are
/// written out here, the conversions every such enum has are
/// `object::text_enum!`'s.
fn open_enum(docs: &TokenStream, name: &proc_macro2::Ident, variants: &[Variant]) -> TokenStream {
    let idents: Vec<_> = variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<&str> = variants.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = values.iter().map(|v| format!(" `{v}`"));
    let serde = enum_serde(name, variants.iter().any(|v| v.numeric));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #( #[doc = #variant_docs] #idents, )*
            /// A value the spec does not list, kept as it was sent.
            Unknown(String),
        }

        impl #name {
            /// The value as it appears in JSON.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#idents => #values, )*
                    Self::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#idents, )*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        #serde
    }
}

/// The impls every open enum shares (`object::text_enum!`): JSON as its
/// text, or, for an enumeration of integers, as a number.
fn enum_serde(name: &proc_macro2::Ident, numeric: bool) -> TokenStream {
    if numeric {
        quote!(object::text_enum!(#name, number);)
    } else {
        quote!(object::text_enum!(#name);)
    }
}

fn variant_type(ty: &crate::model::TypeRef, boxed: bool) -> TokenStream {
    let ty = rust_type(ty, &TokenStream::new());
    if boxed { quote!(Box<#ty>) } else { ty }
}

// Unions allow `clippy::large_enum_variant`: boxing the spec's larger
// members would make every user unbox them, for a size no API value makes
// matter.
fn tagged_union(docs: &TokenStream, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let tag = u.tag.as_deref().expect("tagged");
    let idents: Vec<_> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let values: Vec<&str> = u
        .variants
        .iter()
        .map(|v| v.tag_value.as_deref().unwrap_or_default())
        .collect();
    let variant_docs: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let doc = std::iter::once(v.tag_value.as_deref().unwrap_or_default())
                .chain(v.also.iter().map(String::as_str))
                .map(|value| format!("`{tag}: \"{value}\"`"))
                .collect::<Vec<_>>()
                .join(" or ");
            let doc = format!(" {doc}");
            quote!(#[doc = #doc])
        })
        .collect();
    let also = u.variants.iter().map(|v| &v.also);
    let fallback = Fallback {
        name: format_ident!("Unknown"),
        doc: " A kind the spec does not list, kept as it was sent.",
    };
    let unknown = &fallback.name;
    let read = quote! {
        let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
        match tag.as_deref() {
            #( Some(#values #(| #also)*) => serde_json::from_value(value).map(Self::#idents).map_err(serde::de::Error::custom), )*
            _ => Ok(Self::#unknown(value)),
        }
    };
    union_enum(docs, name, u, &variant_docs, &fallback, read)
}

/// The variant of a union enum that keeps a value no member takes.
struct Fallback {
    name: proc_macro2::Ident,
    doc: &'static str,
}

/// A union enum whose values are read from their JSON value by `read`
/// (with `value` in scope) and written as the member they hold.
fn union_enum(
    docs: &TokenStream,
    name: &proc_macro2::Ident,
    u: &Union,
    variant_docs: &[TokenStream],
    fallback: &Fallback,
    read: TokenStream,
) -> TokenStream {
    let idents: Vec<_> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", v.name))
        .collect();
    let types = u.variants.iter().map(|v| variant_type(&v.ty, v.boxed));
    let Fallback {
        name: other,
        doc: other_doc,
    } = fallback;
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #idents(#types), )*
            #[doc = #other_doc]
            #other(serde_json::Value),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #( Self::#idents(value) => serde::Serialize::serialize(value, serializer), )*
                    Self::#other(value) => serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #read
            }
        }
    }
}

fn untagged_union(docs: &TokenStream, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    if u.variants.iter().any(|v| v.keys.is_some()) {
        return closed_union(docs, name, u);
    }
    let idents = u.variants.iter().map(|v| format_ident!("{}", v.name));
    let types = u.variants.iter().map(|v| variant_type(&v.ty, v.boxed));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #idents(#types), )*
            /// A value of a kind the spec does not list, kept as it was sent.
            Other(serde_json::Value),
        }
    }
}

/// A union whose object members allow only the properties they list: each
/// is tried (in order) only for an object whose keys it allows.
fn closed_union(docs: &TokenStream, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let attempts = u.variants.iter().map(|v| {
        let (ident, ty) = (format_ident!("{}", v.name), variant_type(&v.ty, v.boxed));
        let fits = v.keys.as_ref().map(|keys| {
            quote! {
                value.as_object().is_some_and(|object| object.keys().all(|key| [#(#keys),*].contains(&key.as_str())))
                    &&
            }
        });
        quote! {
            if #fits let Ok(member) = <#ty as serde::Deserialize>::deserialize(&value) {
                return Ok(Self::#ident(member));
            }
        }
    });
    let fallback = Fallback {
        name: format_ident!("Other"),
        doc: " A value of a kind the spec does not list, kept as it was sent.",
    };
    let other = &fallback.name;
    let read = quote! {
        #(#attempts)*
        Ok(Self::#other(value))
    };
    let variant_docs = vec![TokenStream::new(); u.variants.len()];
    union_enum(docs, name, u, &variant_docs, &fallback, read)
}

/// An `anyOf` whose members overlap: the value read as each member it
/// fits. Each member keeps the fields it does not list, so any one of them
/// writes the whole value back; together they write the union of what
/// they read.
fn all_that_fit(docs: &TokenStream, name: &proc_macro2::Ident, u: &Union) -> TokenStream {
    let mut unique = crate::names::Unique::default();
    let fields: Vec<_> = u
        .variants
        .iter()
        .map(|v| format_ident!("{}", unique.claim(&crate::names::snake(&v.name))))
        .collect();
    let types: Vec<_> = u
        .variants
        .iter()
        .map(|v| variant_type(&v.ty, v.boxed))
        .collect();
    let field_docs = u
        .variants
        .iter()
        .map(|v| format!(" The value read as `{}`, when it fits.", v.name));
    let none = format!(
        "the value fits none of {}",
        u.variants
            .iter()
            .map(|v| format!("`{}`", v.name))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let blank = (!docs.is_empty()).then(|| quote!(#[doc = ""]));
    quote! {
        #docs
        #blank
        /// Each member of the `anyOf` that the value fits (at least one).
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name {
            #( #[doc = #field_docs] pub #fields: Option<#types>, )*
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let parts = [ #( self.#fields.as_ref().map(serde_json::to_value).transpose() ),* ];
                let mut merged: Option<serde_json::Value> = None;
                for part in parts {
                    match (&mut merged, part.map_err(serde::ser::Error::custom)?) {
                        (Some(serde_json::Value::Object(into)), Some(serde_json::Value::Object(from))) => {
                            for (key, value) in from {
                                into.entry(key).or_insert(value);
                            }
                        }
                        (None, part) => merged = part,
                        _ => {}
                    }
                }
                serde::Serialize::serialize(&merged, serializer)
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let this = Self {
                    #( #fields: <#types as serde::Deserialize>::deserialize(&value).ok(), )*
                };
                if #( this.#fields.is_none() )&&* {
                    return Err(serde::de::Error::custom(#none));
                }
                Ok(this)
            }
        }
    }
}
