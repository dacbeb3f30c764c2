//! Which argument of each progenitor method is which parameter, read from
//! the method's signature: progenitor names each argument by its casing of
//! the parameter's name in its input (`naming::argument_name`), and the
//! body `body`. Every argument must be one parameter and every parameter
//! one argument, or generation stops; the compiler checks each argument's
//! type where the call is written. Nothing here reads a method's body.

use std::collections::BTreeMap;

use super::naming::{argument_name, input_name};
use crate::error::{Error, Result};
use crate::model::Operation;

/// What one argument of a progenitor method is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arg {
    /// The operation's parameter at this index of `Operation::params`.
    Param(usize),
    Body,
}

/// progenitor's method for one operation: its name, and its arguments in
/// order.
#[derive(Debug, Clone)]
pub struct Method {
    pub name: String,
    pub args: Vec<Arg>,
}

/// Reads the method named `name` of each operation in `file`.
pub fn read(file: &syn::File, operations: &[(&Operation, String)]) -> Result<Vec<Method>> {
    let signatures: BTreeMap<String, &syn::Signature> = client_impls(file)
        .flat_map(|block| &block.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(f) => Some((f.sig.ident.to_string(), &f.sig)),
            _ => None,
        })
        .collect();
    operations
        .iter()
        .map(|(op, name)| {
            let signature = signatures.get(name).ok_or_else(|| {
                Error::Generate(format!(
                    "progenitor generated no method `{name}` for operation `{}`",
                    op.id
                ))
            })?;
            Ok(Method {
                name: name.clone(),
                args: arguments(signature, op)?,
            })
        })
        .collect()
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

fn arguments(signature: &syn::Signature, op: &Operation) -> Result<Vec<Arg>> {
    let fail = |problem: String| {
        Error::Generate(format!(
            "progenitor's method `{}` for operation `{}` cannot be called safely: {problem}",
            signature.ident, op.id
        ))
    };
    let expected: Vec<(String, Arg)> = op
        .params
        .iter()
        .enumerate()
        .map(|(i, p)| (argument_name(&input_name(p)), Arg::Param(i)))
        .chain(op.body.as_ref().map(|_| ("body".to_string(), Arg::Body)))
        .collect();
    let mut args = Vec::new();
    for input in signature.inputs.iter().skip(1) {
        let syn::FnArg::Typed(typed) = input else {
            return Err(fail("it has a second receiver".into()));
        };
        let syn::Pat::Ident(ident) = &*typed.pat else {
            return Err(fail("an argument is not a plain name".into()));
        };
        let name = ident.ident.to_string();
        let Some((_, arg)) = expected.iter().find(|(expected, _)| *expected == name) else {
            return Err(fail(format!(
                "its argument `{name}` is not any parameter's name"
            )));
        };
        if args.contains(arg) {
            return Err(fail(format!("two arguments are named `{name}`")));
        }
        args.push(*arg);
    }
    if args.len() != expected.len() {
        return Err(fail(format!(
            "it takes {} arguments for {} parameters and body",
            args.len(),
            expected.len()
        )));
    }
    Ok(args)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_matched_by_name_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let entry = dir.path().join("openapi.yaml");
        std::fs::write(
            &entry,
            r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /items/{itemId}:
    get:
      operationId: item_get
      parameters:
        - {name: itemId, in: path, required: true, schema: {type: integer}}
        - {name: X-Trace, in: header, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer}}
      responses: {"204": {description: done}}
"#,
        )
        .unwrap();
        let spec = crate::read_spec(&entry).unwrap();
        let op = &spec.api.operations[0];
        // The model orders them path, query, header.
        let signature: syn::Signature = syn::parse_quote! {
            fn op(&self, x_trace: Option<&str>, item_id: i64, limit: Option<i64>)
        };
        assert_eq!(
            arguments(&signature, op).unwrap(),
            [Arg::Param(2), Arg::Param(0), Arg::Param(1)]
        );
        let missing: syn::Signature = syn::parse_quote! { fn op(&self, limit: Option<i64>) };
        assert!(arguments(&missing, op).is_err());
        let unknown: syn::Signature = syn::parse_quote! {
            fn op(&self, limit: Option<i64>, item_id: i64, x_trace: &str, other: u8)
        };
        assert!(arguments(&unknown, op).is_err());
        let twice: syn::Signature = syn::parse_quote! {
            fn op(&self, limit: Option<i64>, limit: Option<i64>, item_id: i64)
        };
        assert!(arguments(&twice, op).is_err());
    }
}
