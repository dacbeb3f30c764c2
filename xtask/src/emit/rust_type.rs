use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::model::TypeRef;

/// The Rust type for a [`TypeRef`]; named types are prefixed with
/// `models` (`apify_api_models::`, `crate::models::`, or nothing).
pub fn rust_type(ty: &TypeRef, models: &TokenStream) -> TokenStream {
    match ty {
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F64 => quote!(f64),
        TypeRef::String => quote!(String),
        TypeRef::DateTime => quote!(chrono::DateTime<chrono::Utc>),
        TypeRef::Date => quote!(chrono::NaiveDate),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::JsonObject => quote!(serde_json::Map<String, serde_json::Value>),
        TypeRef::Named(name) => {
            let name = format_ident!("{}", name);
            quote!(#models #name)
        }
        TypeRef::List(item) => {
            let item = rust_type(item, models);
            quote!(Vec<#item>)
        }
        TypeRef::Tuple(members) => {
            let members = members.iter().map(|member| rust_type(member, models));
            quote!((#(#members,)*))
        }
        TypeRef::Map(value) => {
            let value = rust_type(value, models);
            quote!(std::collections::BTreeMap<String, #value>)
        }
        TypeRef::Option(inner) => {
            let inner = rust_type(inner, models);
            quote!(Option<#inner>)
        }
    }
}

/// The Rust type of a [`TypeRef`] as text, for messages and help: named
/// types without a path (`Vec<Pet>`, `Option<chrono::NaiveDate>`).
pub fn rust_type_text(ty: &TypeRef) -> String {
    rust_type(ty, &TokenStream::new())
        .to_string()
        .replace(" :: ", "::")
        .replace(" < ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_rust_writes_them() {
        let pets = TypeRef::List(Box::new(TypeRef::Named("Pet".into())));
        assert_eq!(rust_type_text(&pets), "Vec<Pet>");
        let map = TypeRef::Map(Box::new(TypeRef::Option(Box::new(pets))));
        assert_eq!(
            rust_type_text(&map),
            "std::collections::BTreeMap<String, Option<Vec<Pet>>>"
        );
        assert_eq!(
            rust_type_text(&TypeRef::DateTime),
            "chrono::DateTime<chrono::Utc>"
        );
    }
}
