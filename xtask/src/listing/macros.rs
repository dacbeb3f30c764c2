//! Trait impls a crate's own `macro_rules!` write: the models' structs and
//! enums get theirs from `object::reader!` and `object::text_enum!`, and a
//! reviewer should see them as if they were written out.

use std::collections::HashMap;

use proc_macro2::{TokenStream, TokenTree};

use super::resolve::Crate;
use super::text::tidy;

/// Each invocation of a macro the crate defines that implements traits
/// for the type its invocation names first (`object::reader!(Pet, …)`):
/// the module it is in, that type, and the traits.
pub(super) fn macro_impls(krate: &Crate) -> Vec<(usize, syn::Type, Vec<String>)> {
    let mut written: HashMap<String, Vec<String>> = HashMap::new();
    for module in &krate.modules {
        for item in &module.items {
            if let syn::Item::Macro(m) = item
                && m.mac.path.is_ident("macro_rules")
                && let Some(name) = &m.ident
            {
                let traits = traits_for_first_argument(&m.mac.tokens);
                if !traits.is_empty() {
                    written.insert(name.to_string(), traits);
                }
            }
        }
    }
    let mut found = Vec::new();
    for (i, module) in krate.modules.iter().enumerate() {
        for item in &module.items {
            let syn::Item::Macro(m) = item else { continue };
            let Some(name) = m.mac.path.segments.last() else {
                continue;
            };
            let Some(traits) = written.get(&name.ident.to_string()) else {
                continue;
            };
            if let Some(first @ TokenTree::Ident(_)) = m.mac.tokens.clone().into_iter().next()
                && let Ok(ty) = syn::parse2::<syn::Type>(first.into())
            {
                found.push((i, ty, traits.clone()));
            }
        }
    }
    found
}

/// The traits a macro's rules implement `for $…` (its arms' together):
/// `impl<'de> serde::Deserialize<'de> for $name` gives
/// `serde::Deserialize<'de>`. The crate's own traits (`$crate::…`) are
/// private to it and left out.
fn traits_for_first_argument(rules: &TokenStream) -> Vec<String> {
    let mut tokens = Vec::new();
    flatten(rules.clone(), &mut tokens);
    let mut traits = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if !matches!(&tokens[i], TokenTree::Ident(word) if word == "impl") {
            i += 1;
            continue;
        }
        i += 1;
        // The impl's own generics: `<'de>`.
        if matches!(tokens.get(i), Some(TokenTree::Punct(p)) if p.as_char() == '<') {
            let mut depth = 0;
            while let Some(token) = tokens.get(i) {
                i += 1;
                match token {
                    TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
                    TokenTree::Punct(p) if p.as_char() == '>' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
        }
        let start = i;
        while i < tokens.len() && !matches!(&tokens[i], TokenTree::Ident(word) if word == "for") {
            i += 1;
        }
        let for_the_argument =
            matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '$');
        let path: TokenStream = tokens[start..i].iter().cloned().collect();
        if for_the_argument && let Ok(path) = syn::parse2::<syn::Path>(path) {
            let shown = tidy(&path);
            if !traits.contains(&shown) {
                traits.push(shown);
            }
        }
    }
    traits
}

/// The tokens of `stream` with every group opened.
fn flatten(stream: TokenStream, out: &mut Vec<TokenTree>) {
    for token in stream {
        match token {
            TokenTree::Group(group) => flatten(group.stream(), out),
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_traits_a_macro_implements_for_its_argument() {
        let rules: TokenStream = quote::quote! {
            ($name:ident) => {
                impl<'de> serde::Deserialize<'de> for $name {}
                impl $crate::object::Object for $name {}
                impl std::fmt::Display for $name {}
                impl From<$name> for String {}
                $crate::object::text_enum!(@text $name);
            };
            (@text $name:ident) => {
                impl std::fmt::Display for $name {}
                impl From<String> for $name {}
            };
        };
        assert_eq!(
            traits_for_first_argument(&rules),
            [
                "serde::Deserialize<'de>",
                "std::fmt::Display",
                "From<String>"
            ]
        );
    }
}
