//! The public API of a crate, one line per item: what a reviewer of a spec
//! change reads first. Read from the crate's source (generated and
//! hand-written alike) with syn, as its users see it: items of public
//! modules and whatever `pub use` re-exports, with their public paths;
//! struct fields and enum variants; methods and trait impls (derived ones,
//! and those the crate's own macros write, too) of the types that are
//! public. Lines are sorted, so the listing is
//! deterministic and its diff short.

mod macros;
mod resolve;
mod text;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use resolve::{Crate, Found};
use text::{attributes, inherited_attributes, signature, tidy};

/// The listing of the crate whose root file is `root` (`src/lib.rs`),
/// named `name` (`apify_api_client`).
pub fn crate_listing(root: &Path, name: &str) -> Result<Vec<String>> {
    let krate = Crate::load(root)?;
    let mut lines = BTreeSet::new();
    for export in krate.exports() {
        let path = format!("{name}{}", export.path);
        let prefix = export.prefix.clone();
        match export.found {
            Found::Item { module, index } => {
                let item = &krate.modules[module].items[index];
                item_lines(&krate, module, item, &path, &prefix, &mut lines);
            }
            Found::Module(_) => {
                lines.insert(format!("{prefix}pub mod {path}"));
            }
            Found::External(target) => {
                lines.insert(format!("{prefix}pub use {path} = {target}"));
            }
        }
    }
    Ok(lines.into_iter().collect())
}

/// Where `module` of a crate rooted at `root` is on disk (`mod name;`).
pub(crate) fn module_file(parent: &Path, is_root_like: bool, name: &str) -> Option<PathBuf> {
    let dir = if is_root_like {
        parent.parent()?.to_path_buf()
    } else {
        parent.with_extension("")
    };
    [
        dir.join(format!("{name}.rs")),
        dir.join(name).join("mod.rs"),
    ]
    .into_iter()
    .find(|p| p.exists())
}

fn item_lines(
    krate: &Crate,
    module: usize,
    item: &syn::Item,
    path: &str,
    prefix: &str,
    lines: &mut BTreeSet<String>,
) {
    // `#[cfg]` and `#[doc(hidden)]` hold for what is inside an item too;
    // `#[non_exhaustive]` and `#[deprecated]` say something of it alone.
    let attrs = item_attrs(item);
    let own = format!("{prefix}{}", attributes(attrs));
    let prefix = format!("{prefix}{}", inherited_attributes(attrs));
    let prefix = prefix.as_str();
    match item {
        syn::Item::Struct(s) => {
            lines.insert(format!("{own}pub struct {path}{}", generics(&s.generics)));
            for (i, field) in s.fields.iter().enumerate() {
                if !is_pub(&field.vis) {
                    continue;
                }
                let name = field
                    .ident
                    .as_ref()
                    .map_or_else(|| i.to_string(), |n| n.to_string());
                lines.insert(format!(
                    "{prefix}pub field {path}::{name}: {}",
                    tidy(&field.ty)
                ));
            }
            derives(&s.attrs, path, prefix, lines);
            impls(krate, module, &s.ident.to_string(), path, prefix, lines);
        }
        syn::Item::Enum(e) => {
            lines.insert(format!("{own}pub enum {path}{}", generics(&e.generics)));
            for variant in &e.variants {
                let fields = match &variant.fields {
                    syn::Fields::Unit => String::new(),
                    syn::Fields::Unnamed(f) => format!(
                        "({})",
                        f.unnamed
                            .iter()
                            .map(|f| tidy(&f.ty))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    syn::Fields::Named(f) => format!(
                        " {{ {} }}",
                        f.named
                            .iter()
                            .map(|f| format!("{}: {}", f.ident.as_ref().unwrap(), tidy(&f.ty)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                lines.insert(format!(
                    "{prefix}{}pub variant {path}::{}{fields}",
                    attributes(&variant.attrs),
                    variant.ident
                ));
            }
            derives(&e.attrs, path, prefix, lines);
            impls(krate, module, &e.ident.to_string(), path, prefix, lines);
        }
        syn::Item::Fn(f) => {
            lines.insert(format!("{own}{}", signature(&f.sig, path)));
        }
        syn::Item::Type(t) => {
            lines.insert(format!(
                "{own}pub type {path}{} = {}",
                generics(&t.generics),
                tidy(&t.ty)
            ));
            // Methods of an alias's own impl blocks (a mock's typed stub).
            impls(krate, module, &t.ident.to_string(), path, prefix, lines);
        }
        syn::Item::Const(c) => {
            lines.insert(format!("{own}pub const {path}: {}", tidy(&c.ty)));
        }
        syn::Item::Static(s) => {
            lines.insert(format!("{own}pub static {path}: {}", tidy(&s.ty)));
        }
        syn::Item::Trait(t) => {
            lines.insert(format!("{own}pub trait {path}"));
            for item in &t.items {
                if let syn::TraitItem::Fn(f) = item {
                    lines.insert(format!(
                        "{prefix}{}",
                        signature(&f.sig, &format!("{path}::"))
                    ));
                }
            }
        }
        _ => {}
    }
}

/// `impl Debug for P`… for each derived trait.
fn derives(attrs: &[syn::Attribute], path: &str, prefix: &str, lines: &mut BTreeSet<String>) {
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            let name = meta
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            lines.insert(format!("{prefix}impl {name} for {path}"));
            Ok(())
        });
    }
}

/// The public methods and trait impls of the type `name` defined in
/// `module`, from every impl block of the crate that is for it.
fn impls(
    krate: &Crate,
    module: usize,
    name: &str,
    path: &str,
    prefix: &str,
    lines: &mut BTreeSet<String>,
) {
    for (block_module, block) in krate.impl_blocks() {
        if krate.self_type(block_module, &block.self_ty) != Some((module, name.to_string())) {
            continue;
        }
        let block_prefix = format!("{prefix}{}", attributes(&block.attrs));
        match &block.trait_ {
            Some((trait_path, _)) => {
                lines.insert(format!(
                    "{block_prefix}impl {} for {path}",
                    tidy(trait_path)
                ));
            }
            None => {
                for item in &block.items {
                    match item {
                        syn::ImplItem::Fn(f) if is_pub(&f.vis) => {
                            lines.insert(format!(
                                "{block_prefix}{}{}",
                                attributes(&f.attrs),
                                signature(&f.sig, &format!("{path}::"))
                            ));
                        }
                        syn::ImplItem::Const(c) if is_pub(&c.vis) => {
                            lines.insert(format!(
                                "{block_prefix}pub const {path}::{}: {}",
                                c.ident,
                                tidy(&c.ty)
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
    }
    for (invoked_in, ty, traits) in &krate.macro_impls {
        if krate.self_type(*invoked_in, ty) != Some((module, name.to_string())) {
            continue;
        }
        for tr in traits {
            lines.insert(format!("{prefix}impl {tr} for {path}"));
        }
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn generics(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        tidy(generics)
    }
}

fn item_attrs(item: &syn::Item) -> &[syn::Attribute] {
    match item {
        syn::Item::Struct(i) => &i.attrs,
        syn::Item::Enum(i) => &i.attrs,
        syn::Item::Fn(i) => &i.attrs,
        syn::Item::Type(i) => &i.attrs,
        syn::Item::Const(i) => &i.attrs,
        syn::Item::Static(i) => &i.attrs,
        syn::Item::Trait(i) => &i.attrs,
        syn::Item::Mod(i) => &i.attrs,
        _ => &[],
    }
}

/// The command line's interface: each command, and each flag with its kind.
pub fn cli_listing(api: &crate::model::Api, bin: &str) -> Vec<String> {
    crate::emit::cli::interface(api, bin)
}

/// Errors reading a crate's files name the file.
fn read(path: &Path) -> Result<syn::File> {
    let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
    syn::parse_file(&text).map_err(|e| {
        Error::Generate(format!(
            "{} cannot be read as Rust: {e}",
            crate::error::display_path(path)
        ))
    })
}
