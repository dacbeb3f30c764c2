//! The last check before code is written: no two things in the generated
//! code share a name where Rust needs them apart (items of a module, methods
//! of a type, fields of a struct, variants of an enum, arguments of a
//! function). Names are made unique where they are made; this catches a
//! clash that slipped through, as an error, instead of writing a crate that
//! does not compile.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};

/// Checks `file`; `what` names it in the error ("the client").
pub fn check(file: &syn::File, what: &str) -> Result<()> {
    let mut clashes = Vec::new();
    module_items(&file.items, "crate", &mut clashes);
    match clashes.first() {
        None => Ok(()),
        Some(first) => Err(Error::Generate(format!(
            "{what} would not compile: {first}{}. Please report it with the spec.",
            match clashes.len() {
                1 => String::new(),
                n => format!(" (and {} more)", n - 1),
            }
        ))),
    }
}

fn module_items(items: &[syn::Item], module: &str, clashes: &mut Vec<String>) {
    // Types and values are separate namespaces (a unit struct is both).
    let mut types = BTreeSet::new();
    let mut values = BTreeSet::new();
    // Inherent methods per type, across all its `impl` blocks.
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let claim = |set: &mut BTreeSet<String>, name: String, clashes: &mut Vec<String>| {
        if !set.insert(name.clone()) {
            clashes.push(format!("`{module}::{name}` is defined twice"));
        }
    };
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                claim(&mut types, s.ident.to_string(), clashes);
                fields(&s.fields, &format!("{module}::{}", s.ident), clashes);
            }
            syn::Item::Enum(e) => {
                claim(&mut types, e.ident.to_string(), clashes);
                let mut variants = BTreeSet::new();
                for variant in &e.variants {
                    if !variants.insert(variant.ident.to_string()) {
                        clashes.push(format!(
                            "`{module}::{}` has two variants `{}`",
                            e.ident, variant.ident
                        ));
                    }
                    fields(
                        &variant.fields,
                        &format!("{module}::{}::{}", e.ident, variant.ident),
                        clashes,
                    );
                }
            }
            syn::Item::Type(t) => claim(&mut types, t.ident.to_string(), clashes),
            syn::Item::Trait(t) => claim(&mut types, t.ident.to_string(), clashes),
            syn::Item::Fn(f) => {
                claim(&mut values, f.sig.ident.to_string(), clashes);
                arguments(&f.sig, &format!("{module}::{}", f.sig.ident), clashes);
            }
            syn::Item::Const(c) => claim(&mut values, c.ident.to_string(), clashes),
            syn::Item::Static(s) => claim(&mut values, s.ident.to_string(), clashes),
            syn::Item::Mod(m) => {
                claim(&mut types, m.ident.to_string(), clashes);
                if let Some((_, inner)) = &m.content {
                    module_items(inner, &format!("{module}::{}", m.ident), clashes);
                }
            }
            syn::Item::Impl(block) if block.trait_.is_none() => {
                let ty = type_name(&block.self_ty);
                let known = methods.entry(ty.clone()).or_default();
                for item in &block.items {
                    if let syn::ImplItem::Fn(f) = item {
                        let name = f.sig.ident.to_string();
                        if !known.insert(name.clone()) {
                            clashes.push(format!("`{module}::{ty}` has two methods `{name}`"));
                        }
                        arguments(&f.sig, &format!("{module}::{ty}::{name}"), clashes);
                    }
                }
            }
            _ => {}
        }
    }
}

fn fields(fields: &syn::Fields, owner: &str, clashes: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for field in fields.iter().filter_map(|f| f.ident.as_ref()) {
        if !seen.insert(field.to_string()) {
            clashes.push(format!("`{owner}` has two fields `{field}`"));
        }
    }
}

fn arguments(sig: &syn::Signature, owner: &str, clashes: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for input in &sig.inputs {
        if let syn::FnArg::Typed(typed) = input
            && let syn::Pat::Ident(ident) = &*typed.pat
            && !seen.insert(ident.ident.to_string())
        {
            clashes.push(format!("`{owner}` takes two arguments `{}`", ident.ident));
        }
    }
}

/// `Client`, `WebhookDispatchClient<'a>` → `WebhookDispatchClient`.
fn type_name(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(path) => path
            .path
            .segments
            .last()
            .map_or_else(String::new, |s| s.ident.to_string()),
        other => quote::ToTokens::to_token_stream(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clashes(file: syn::File) -> String {
        match check(&file, "the client") {
            Ok(()) => String::new(),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn names_rust_needs_apart_are_checked() {
        assert_eq!(
            clashes(syn::parse_quote! {
                pub struct Client;
                impl Client { pub fn whoami(&self) {} }
                impl Client { pub async fn whoami(&self) {} }
            }),
            "the client would not compile: `crate::Client` has two methods `whoami`. Please report it with the spec."
        );
        let text = clashes(syn::parse_quote! {
            pub fn put(content_type: &str, body: u8, content_type: &str) {}
            pub struct A { x: u8, x: u8 }
            pub enum E { V, V }
            pub mod m { pub type T = u8; pub struct T; }
        });
        assert!(
            text.contains("`crate::put` takes two arguments `content_type`"),
            "{text}"
        );
        assert!(text.contains("(and 3 more)"), "{text}");
        // Types and values are apart; so are methods of different types.
        assert_eq!(
            clashes(syn::parse_quote! {
                pub const ENV: u8 = 0;
                pub struct Env;
                impl A { fn f(&self) {} }
                impl B { fn f(&self) {} }
                impl std::fmt::Debug for A { fn fmt(&self) {} }
                impl A { fn fmt(&self) {} }
            }),
            ""
        );
    }
}
