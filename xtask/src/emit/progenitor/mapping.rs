//! Which argument of progenitor's method is which parameter, read from the
//! method progenitor generated rather than assumed from its ordering rule.
//!
//! progenitor's positional methods take path parameters, query and header
//! parameters and the body in an order of its choosing, under names of its
//! casing. Its method bodies say what each argument is: a path argument is
//! encoded into the URL (`encode_path(&x.to_string())`, in template order),
//! a query argument is sent as `QueryParam::new("wire", &x)`, a header
//! argument is appended as `header_map.append("wire", …)`. Every argument
//! is matched to a model parameter that way, and every parameter to an
//! argument, or generation stops: two parameters of one type can never be
//! passed in each other's place.

use std::collections::BTreeMap;

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

use crate::error::{Error, Result};
use crate::model::{Operation, ParamLocation};

/// What one argument of a progenitor method is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// The operation's parameter at this index of `Operation::params`.
    Param(usize),
    Body,
}

/// For each operation (by method name), its method's arguments in order.
pub type Calls = BTreeMap<String, Vec<Arg>>;

/// Reads the arguments of every operation's method in `file`.
pub fn read(file: &syn::File, operations: &[&Operation]) -> Result<Calls> {
    let methods: BTreeMap<String, &syn::ImplItemFn> = client_impls(file)
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some((f.sig.ident.to_string(), f)),
            _ => None,
        })
        .collect();
    let mut calls = Calls::new();
    for op in operations {
        let method = methods.get(&op.name).ok_or_else(|| {
            Error::Generate(format!(
                "progenitor generated no method `{}` for operation `{}`",
                op.name, op.id
            ))
        })?;
        calls.insert(op.name.clone(), arguments(method, op)?);
    }
    Ok(calls)
}

/// progenitor's `impl Client` blocks.
pub fn client_impls(file: &syn::File) -> impl Iterator<Item = &syn::ItemImpl> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
            _ => None,
        })
        .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")))
}

fn arguments(method: &syn::ImplItemFn, op: &Operation) -> Result<Vec<Arg>> {
    let fail = |problem: String| {
        Error::Generate(format!(
            "progenitor's method `{}` for operation `{}` cannot be called safely: {problem}",
            op.name, op.id
        ))
    };
    let uses = Uses::read(method.block.to_token_stream());
    let path_params: Vec<usize> = (0..op.params.len())
        .filter(|&i| op.params[i].location == ParamLocation::Path)
        .collect();
    if uses.path.len() != path_params.len() {
        return Err(fail(format!(
            "its URL has {} parameters, the path {}",
            uses.path.len(),
            path_params.len()
        )));
    }
    let mut args = Vec::new();
    for input in method.sig.inputs.iter().skip(1) {
        let syn::FnArg::Typed(typed) = input else {
            return Err(fail("it has a second receiver".into()));
        };
        let syn::Pat::Ident(ident) = &*typed.pat else {
            return Err(fail("an argument is not a plain name".into()));
        };
        let name = ident.ident.to_string();
        let found = |location: ParamLocation, wire: &str| {
            op.params
                .iter()
                .position(|p| p.location == location && p.wire == wire)
        };
        let arg = if let Some(i) = uses.path.iter().position(|n| *n == name) {
            Arg::Param(path_params[i])
        } else if let Some((wire, _)) = uses.query.iter().find(|(_, n)| *n == name) {
            Arg::Param(found(ParamLocation::Query, wire).ok_or_else(|| {
                fail(format!(
                    "it sends a query parameter `{wire}` the operation does not have"
                ))
            })?)
        } else if let Some((wire, _)) = uses.header.iter().find(|(_, n)| *n == name) {
            Arg::Param(found(ParamLocation::Header, wire).ok_or_else(|| {
                fail(format!(
                    "it sends a header `{wire}` the operation does not have"
                ))
            })?)
        } else if name == "body" && op.body.is_some() {
            Arg::Body
        } else {
            return Err(fail(format!(
                "its argument `{name}` is not used as any parameter"
            )));
        };
        if args.contains(&arg) {
            return Err(fail(format!(
                "two arguments send the same parameter (`{name}`)"
            )));
        }
        args.push(arg);
    }
    let sent = op
        .params
        .iter()
        .filter(|p| !p.styled || p.location == ParamLocation::Path)
        .count();
    let expected = sent + usize::from(op.body.is_some());
    if args.len() != expected {
        return Err(fail(format!(
            "it takes {} arguments for {expected} parameters and body",
            args.len()
        )));
    }
    Ok(args)
}

/// How a method body uses its arguments.
#[derive(Debug, Default, PartialEq)]
struct Uses {
    /// Arguments encoded into the URL, in the order they first appear.
    path: Vec<String>,
    /// (wire name, argument) of query parameters.
    query: Vec<(String, String)>,
    /// (wire name, argument) of headers.
    header: Vec<(String, String)>,
}

/// A token of a flattened stream: groups become open and close marks.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Punct(char),
    Str(String),
    Open(char),
    Close,
    Other,
}

impl Uses {
    fn read(tokens: TokenStream) -> Uses {
        let mut flat = Vec::new();
        flatten(tokens, &mut flat);
        let mut uses = Uses::default();
        let ident = |i: usize| match flat.get(i) {
            Some(Tok::Ident(name)) => Some(name.clone()),
            _ => None,
        };
        let text = |i: usize| match flat.get(i) {
            Some(Tok::Str(text)) => Some(text.clone()),
            _ => None,
        };
        let is = |i: usize, tok: Tok| flat.get(i) == Some(&tok);
        for i in 0..flat.len() {
            // encode_path ( & NAME . to_string (a path may use one twice)
            if ident(i).as_deref() == Some("encode_path")
                && is(i + 1, Tok::Open('('))
                && is(i + 2, Tok::Punct('&'))
                && let Some(name) = ident(i + 3)
                && !uses.path.contains(&name)
            {
                uses.path.push(name);
            }
            // QueryParam :: new ( "wire" , & NAME )
            if ident(i).as_deref() == Some("QueryParam")
                && ident(i + 3).as_deref() == Some("new")
                && is(i + 4, Tok::Open('('))
                && let (Some(wire), true, Some(name)) =
                    (text(i + 5), is(i + 7, Tok::Punct('&')), ident(i + 8))
            {
                uses.query.push((wire, name));
            }
            // header_map . append ( "wire" , NAME . to_string
            if ident(i).as_deref() == Some("header_map")
                && ident(i + 2).as_deref() == Some("append")
                && is(i + 3, Tok::Open('('))
                && let (Some(wire), Some(name)) = (text(i + 4), ident(i + 6))
            {
                let name = if name == "value" {
                    // `if let Some(value) = NAME { header_map.append("wire", value…) }`
                    optional_header_binding(&flat, i).unwrap_or(name)
                } else {
                    name
                };
                uses.header.push((wire, name));
            }
        }
        uses
    }
}

/// For `Some ( value ) = NAME { … header_map …`: NAME, the argument behind
/// `value` at position `at`.
fn optional_header_binding(flat: &[Tok], at: usize) -> Option<String> {
    let start = at.saturating_sub(16);
    (start..at).rev().find_map(|i| {
        match (
            &flat[i],
            flat.get(i + 1),
            flat.get(i + 2),
            flat.get(i + 3),
            flat.get(i + 4),
            flat.get(i + 5),
        ) {
            (
                Tok::Ident(some),
                Some(Tok::Open('(')),
                Some(Tok::Ident(value)),
                Some(Tok::Close),
                Some(Tok::Punct('=')),
                Some(Tok::Ident(name)),
            ) if some == "Some" && value == "value" => Some(name.clone()),
            _ => None,
        }
    })
}

fn flatten(tokens: TokenStream, out: &mut Vec<Tok>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => out.push(Tok::Ident(ident.to_string())),
            TokenTree::Punct(punct) => out.push(Tok::Punct(punct.as_char())),
            TokenTree::Literal(literal) => {
                match syn::parse_str::<syn::LitStr>(&literal.to_string()) {
                    Ok(text) => out.push(Tok::Str(text.value())),
                    Err(_) => out.push(Tok::Other),
                }
            }
            TokenTree::Group(group) => {
                let open = match group.delimiter() {
                    Delimiter::Parenthesis => '(',
                    Delimiter::Brace => '{',
                    Delimiter::Bracket => '[',
                    Delimiter::None => ' ',
                };
                out.push(Tok::Open(open));
                flatten(group.stream(), out);
                out.push(Tok::Close);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_matched_by_what_the_body_does_with_them() {
        // Argument names that say nothing, in an order that is not the
        // parameters': each is matched by where progenitor sends it.
        let block: TokenStream = quote::quote! {{
            let url = format!("{}/items/{}/logs", self.baseurl, encode_path(&b.to_string()));
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
            header_map.append("x-trace", c.to_string().try_into()?);
            if let Some(value) = e {
                header_map.append("x-opt", value.to_string().try_into()?);
            }
            let request = self.client.get(url)
                .query(&progenitor_client::QueryParam::new("offset", &a))
                .query(&progenitor_client::QueryParam::new("limit", &d))
                .build()?;
        }};
        let uses = Uses::read(block);
        assert_eq!(uses.path, ["b"]);
        assert_eq!(
            uses.query,
            [("offset".into(), "a".into()), ("limit".into(), "d".into())]
        );
        assert_eq!(
            uses.header,
            [("x-trace".into(), "c".into()), ("x-opt".into(), "e".into())]
        );
    }
}
