//! The low-level client: progenitor's methods for the operations it writes
//! exactly as the spec asks (`limits`), generated from a document made from
//! the model (`input`) and using the models' types. Everything this
//! generator knows about progenitor is in this module: its settings, its
//! limits, its naming (`naming`), and the signatures of the methods it
//! generates (`signature`), which are all that is read of its output.

mod input;
mod limits;
mod naming;
mod signature;

use std::panic::AssertUnwindSafe;

use progenitor_impl::{
    GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl,
};
use quote::quote;

use crate::error::{Error, Result};
use crate::model::{Api, Operation, TypeKind, is_scalar};
pub use signature::{Arg, Method};

/// progenitor's client, parsed (it is read for its methods' signatures,
/// and joins the client file's syntax tree as it is: parsing it again
/// there showed in a small spec's codegen), and its method for each
/// operation it writes.
pub struct Generated {
    pub file: syn::File,
    /// By the operation's index in `Api::operations`: progenitor's method
    /// for it, or `None` where the runtime builds its requests.
    pub methods: Vec<Option<Method>>,
}

/// Generates the low-level client for the operations progenitor writes,
/// with every named type taken from `models` (`apify_api_models`,
/// `crate::models`).
pub fn generate(api: &Api, models: &str) -> Result<Generated> {
    let written: Vec<&Operation> = api
        .operations
        .iter()
        .filter(|op| limits::writes(op, &api.types))
        .collect();
    let names = naming::method_names(&written);
    let operations: Vec<(&Operation, String)> = written.into_iter().zip(names).collect();

    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Positional)
        .with_tag(TagStyle::Merged)
        .with_hooks(HooksMode::Expected)
        .with_inner_type(quote!(crate::runtime::Inner))
        .with_map_type("::std::collections::BTreeMap");
    for def in &api.types {
        let path = format!("{models}::{}", def.name);
        // Path and header values are written with `to_string`.
        let scalar = is_scalar(&crate::model::TypeRef::Named(def.name.clone()), &api.types);
        let impls = match &def.kind {
            TypeKind::Enum(_) => vec![TypeImpl::FromStr, TypeImpl::Display],
            _ if scalar => vec![TypeImpl::Display],
            _ => Vec::new(),
        };
        settings.with_replacement(&def.name, &path, impls.clone().into_iter());
        // typify looks replacements up by its own casing of the name.
        let typify_name = heck::ToPascalCase::to_pascal_case(def.name.as_str());
        if typify_name != def.name {
            settings.with_replacement(typify_name, &path, impls.into_iter());
        }
    }

    let spec = input::document(api, &operations)?;
    let mut generator = Generator::new(&settings);
    // The input is made to be what progenitor takes; should it still panic,
    // that is an error of this generator, reported as one. (The panic's own
    // message also goes to the process's panic hook, which is not ours to
    // replace.)
    let tokens = std::panic::catch_unwind(AssertUnwindSafe(|| generator.generate_tokens(&spec)))
        .map_err(|panic| {
            Error::Generate(format!(
                "the client generator (progenitor) stopped: {}. Please report it with the spec.",
                panic_message(&panic)
            ))
        })?
        .map_err(|e| {
            Error::Generate(format!(
                "the client generator (progenitor) refused its input: {e}"
            ))
        })?;
    let file: syn::File = syn::parse2(tokens).map_err(|e| {
        Error::Generate(format!("progenitor produced code that does not parse: {e}"))
    })?;
    let read = signature::read(&file, &operations)?;
    let count = operation_methods(&file);
    if count != operations.len() {
        return Err(Error::Generate(format!(
            "progenitor generated {count} operation methods for {} operations; no operation may be skipped",
            operations.len()
        )));
    }
    let mut read = read.into_iter();
    let methods = api
        .operations
        .iter()
        .map(|op| {
            operations
                .iter()
                .any(|(written, _)| std::ptr::eq(*written, op))
                .then(|| read.next().expect("one method per written operation"))
        })
        .collect();
    Ok(Generated { file, methods })
}

fn panic_message(payload: &Box<dyn std::any::Any + Send>) -> String {
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a panic without a message".into());
    // Errors are one paragraph; panic messages may hold pretty-printed values.
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Methods of progenitor's `impl Client` blocks other than its constructors.
fn operation_methods(file: &syn::File) -> usize {
    signature::client_impls(file)
        .flat_map(|block| &block.items)
        .filter(|item| matches!(item, syn::ImplItem::Fn(f) if f.sig.ident != "new" && f.sig.ident != "new_with_client"))
        .count()
}

/// progenitor's client as the crate's private module `raw`. The runtime
/// makes one of its clients per call (see `runtime::progenitor`), so its
/// constructors and the helpers it generates are not all used.
pub fn module(generated: Generated) -> syn::Item {
    let mut module: syn::ItemMod = syn::parse_quote! {
        /// The low-level client, as progenitor generates it: one method per
        /// operation it writes exactly as the API description asks.
        #[allow(dead_code, unreachable_pub)]
        pub(crate) mod raw {}
    };
    let syn::File { attrs, items, .. } = generated.file;
    module.attrs.extend(attrs);
    module.content = Some((Default::default(), items));
    syn::Item::Mod(module)
}

#[cfg(test)]
mod tests {
    use super::operation_methods;

    #[test]
    fn operation_methods_counts_what_progenitor_generates_for_operations() {
        let file: syn::File = syn::parse_quote! {
            pub struct Client;
            impl Client {
                pub fn new(baseurl: &str) -> Self { todo!() }
                pub fn new_with_client(baseurl: &str, client: ()) -> Self { todo!() }
            }
            impl ClientInfo<()> for Client { fn baseurl(&self) -> &str { "" } }
            impl Client {
                pub async fn item_get(&self) {}
                pub async fn items_get(&self) {}
            }
            impl Other { pub fn not_counted(&self) {} }
        };
        assert_eq!(operation_methods(&file), 2);
    }
}
