//! The `#[cfg(feature = …)]` of what a Cargo feature compiles (see
//! `model::Features`): written on items by name once a file is parsed, so
//! that the emitters, which write many items per operation and per type,
//! need not know of features.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

use super::progenitor::Method;
use crate::model::Api;

/// `#[cfg(feature = "a")]`, `#[cfg(any(feature = "a", feature = "b"))]`;
/// nothing when `features` is empty (compiled always).
pub fn attr(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// [`attr`] as text, for documentation (`None` when compiled always).
pub fn text(features: &[String]) -> Option<String> {
    let each: Vec<String> = features
        .iter()
        .map(|f| format!("feature = {f:?}"))
        .collect();
    match each.as_slice() {
        [] => None,
        [one] => Some(format!("#[cfg({one})]")),
        many => Some(format!("#[cfg(any({}))]", many.join(", "))),
    }
}

/// The features that compile something each of `sets` needs: empty (always)
/// when one of them is compiled always.
pub fn any_of<'a>(sets: impl IntoIterator<Item = &'a [String]>) -> Vec<String> {
    let mut all: Vec<String> = Vec::new();
    for set in sets {
        if set.is_empty() {
            return Vec::new();
        }
        all.extend(set.iter().cloned());
    }
    all.sort();
    all.dedup();
    all
}

/// Items' features by their names: `Type` (the type and every `impl` of
/// it, or a macro invocation whose first argument it is), `Type::method`
/// (a method of an `impl` block), `module::Name` inside modules.
#[derive(Default)]
pub struct Gates {
    by_name: HashMap<String, Vec<String>>,
}

impl Gates {
    /// Gates the item named `name` by `features` (nothing when empty).
    pub fn add(&mut self, name: String, features: &[String]) {
        if !features.is_empty() {
            self.by_name.insert(name, features.to_vec());
        }
    }

    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Writes each named item's `cfg` into `items` (in module `path`, `""`
    /// at the top).
    pub fn apply(&self, items: &mut [syn::Item], path: &str) {
        if self.is_empty() {
            return;
        }
        for item in items {
            if let syn::Item::Mod(module) = item {
                if let Some((_, inner)) = &mut module.content {
                    self.apply(inner, &format!("{path}{}::", module.ident));
                }
                continue;
            }
            if let syn::Item::Impl(block) = item {
                let Some(ty) = self_type(&block.self_ty) else {
                    continue;
                };
                if let Some(features) = self.by_name.get(&format!("{path}{ty}")) {
                    gate(&mut block.attrs, features);
                    continue;
                }
                // An `impl` whose every method is gated is gated by them
                // all (the client's, when every operation is).
                let mut gated: Vec<&[String]> = Vec::new();
                for inner in &mut block.items {
                    if let syn::ImplItem::Fn(f) = inner {
                        let name = format!("{path}{ty}::{}", f.sig.ident);
                        if let Some(features) = self.by_name.get(&name) {
                            gate(&mut f.attrs, features);
                            gated.push(features);
                        }
                    }
                }
                if !gated.is_empty() && gated.len() == block.items.len() {
                    gate(&mut block.attrs, &any_of(gated));
                }
                continue;
            }
            let Some((name, attrs)) = named(item) else {
                continue;
            };
            if let Some(features) = self.by_name.get(&format!("{path}{name}")) {
                gate(attrs, features);
            }
        }
    }
}

/// The client file's gated items: each operation's methods (progenitor's
/// in `raw`, the surface's on the client or its handle) and its types and
/// facts; each resource handle and its accessor, by its operations.
pub fn client(api: &Api, low: &[Option<Method>]) -> Gates {
    let mut gates = Gates::default();
    // Each handle's operations' features, gathered on the way.
    let mut handles: Vec<Vec<&[String]>> = vec![Vec::new(); api.resources.len()];
    for (op, low) in api.operations.iter().zip(low) {
        let features = &op.features;
        let owner = match op.surface.resource {
            Some(index) => {
                handles[index].push(features);
                api.resources[index].handle.as_str()
            }
            None => "Client",
        };
        for method in op.surface.methods() {
            gates.add(format!("{owner}::{method}"), features);
        }
        for ty in op.surface.types() {
            gates.add(ty.clone(), features);
        }
        if let Some(low) = low {
            gates.add(format!("raw::Client::{}", low.name), features);
        }
        gates.add(format!("ops::{}", super::facts::const_name(op)), features);
    }
    for (resource, features) in api.resources.iter().zip(handles) {
        let features = any_of(features);
        gates.add(resource.handle.clone(), &features);
        gates.add(format!("Client::{}", resource.accessor), &features);
    }
    gates
}

/// The `cfg` of what every operation needs (the client's import, the
/// runtime's in `ops`): nothing when one operation is compiled always.
pub fn any_operation(api: &Api) -> TokenStream {
    attr(&any_of(
        api.operations.iter().map(|op| op.features.as_slice()),
    ))
}

/// The models file's gated types (with their `impl`s).
pub fn models(api: &Api) -> Gates {
    let mut gates = Gates::default();
    for (name, features) in &api.features.types {
        gates.add(name.clone(), features);
    }
    gates
}

fn cfg(features: &[String]) -> syn::Attribute {
    let attr = attr(features);
    syn::parse_quote!(#attr)
}

/// Adds `features`' `cfg` to `attrs`, after the item's documentation and
/// before its other attributes (derives read what `cfg` leaves).
fn gate(attrs: &mut Vec<syn::Attribute>, features: &[String]) {
    let at = attrs
        .iter()
        .position(|a| !a.path().is_ident("doc"))
        .unwrap_or(attrs.len());
    attrs.insert(at, cfg(features));
}

/// The last segment of an `impl`'s type: `Name` of `Name<'a>`, `x::Name`.
fn self_type(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// An item's name and attributes; a macro invocation is named by its first
/// identifier (`object::reader!(Name, …)`).
fn named(item: &mut syn::Item) -> Option<(String, &mut Vec<syn::Attribute>)> {
    let (ident, attrs) = match item {
        syn::Item::Struct(i) => (i.ident.to_string(), &mut i.attrs),
        syn::Item::Enum(i) => (i.ident.to_string(), &mut i.attrs),
        syn::Item::Type(i) => (i.ident.to_string(), &mut i.attrs),
        syn::Item::Const(i) => (i.ident.to_string(), &mut i.attrs),
        syn::Item::Fn(i) => (i.sig.ident.to_string(), &mut i.attrs),
        syn::Item::Macro(i) => {
            let first = i.mac.tokens.clone().into_iter().find_map(|t| match t {
                proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
                _ => None,
            })?;
            (first, &mut i.attrs)
        }
        _ => return None,
    };
    Some((ident, attrs))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(names: &[&str]) -> Vec<String> {
        names.iter().map(|n| n.to_string()).collect()
    }

    #[test]
    fn items_are_gated_by_name_in_their_module_and_impl() {
        let mut gates = Gates::default();
        gates.add("Pet".into(), &features(&["pets"]));
        gates.add("Client::list_pets".into(), &features(&["pets", "store"]));
        gates.add("ops::LIST_PETS".into(), &features(&["pets"]));
        gates.add("Always".into(), &[]);
        let mut file: syn::File = syn::parse_quote! {
            pub struct Pet;
            impl<'de> serde::Deserialize<'de> for Pet {}
            object::reader!(Pet, extra);
            pub struct Always;
            impl Client {
                pub fn list_pets(&self) {}
                pub fn other(&self) {}
            }
            mod ops {
                const LIST_PETS: u8 = 0;
                const OTHER: u8 = 0;
            }
            const LIST_PETS: u8 = 0;
        };
        gates.apply(&mut file.items, "");
        let text = prettyplease::unparse(&file);
        let gated: Vec<&str> = text
            .lines()
            .zip(text.lines().skip(1))
            .filter(|(line, _)| line.contains("#[cfg("))
            .map(|(line, next)| {
                if line.contains("any(") {
                    "any"
                } else {
                    next.trim()
                }
            })
            .collect();
        assert_eq!(
            gated,
            [
                "pub struct Pet;",
                "impl<'de> serde::Deserialize<'de> for Pet {}",
                "object::reader!(Pet, extra);",
                "any",
                "const LIST_PETS: u8 = 0;",
            ],
            "{text}"
        );
        assert!(text.contains(r#"#[cfg(any(feature = "pets", feature = "store"))]"#));
        // The same, as documentation writes it.
        let both = super::text(&features(&["pets", "store"])).unwrap();
        assert!(text.contains(&both), "{both}");
        assert_eq!(
            super::text(&features(&["pets"])).unwrap(),
            r#"#[cfg(feature = "pets")]"#
        );
        assert_eq!(super::text(&[]), None);
    }

    #[test]
    fn any_of_is_always_when_one_is() {
        let (a, b) = (features(&["b", "a"]), features(&["a", "c"]));
        assert_eq!(any_of([a.as_slice(), b.as_slice()]), ["a", "b", "c"]);
        assert!(any_of([a.as_slice(), &[]]).is_empty());
    }
}
