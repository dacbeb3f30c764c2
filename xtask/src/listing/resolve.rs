//! A crate's modules, and which items its users reach at which paths.

use std::collections::HashSet;
use std::path::Path;

use super::text::attributes;
use crate::error::Result;

pub(super) struct Module {
    pub items: Vec<syn::Item>,
    pub parent: Option<usize>,
    /// Child modules by name.
    pub children: Vec<(String, usize, bool)>,
    /// Attributes a user should see on everything inside (`#[cfg(feature
    /// = "mock")]`).
    pub prefix: String,
}

pub(super) struct Crate {
    pub modules: Vec<Module>,
    /// The trait impls the crate's own macros write, found once (see
    /// [`super::macros::macro_impls`]).
    pub macro_impls: Vec<(usize, syn::Type, Vec<String>)>,
}

/// What a path leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Found {
    Item {
        module: usize,
        index: usize,
    },
    Module(usize),
    /// An item of another crate, by its path there.
    External(String),
}

/// A path a user reaches something at.
pub(super) struct Export {
    pub path: String,
    pub found: Found,
    pub prefix: String,
}

/// One binding of a `use` item: the name it binds (`None` for a glob) and
/// the path it names.
struct Binding {
    name: Option<String>,
    path: Vec<String>,
    public: bool,
}

impl Crate {
    pub fn load(root: &Path) -> Result<Crate> {
        let mut krate = Crate {
            modules: Vec::new(),
            macro_impls: Vec::new(),
        };
        let file = super::read(root)?;
        krate.add_module(String::new(), file.items, None, String::new(), root, true)?;
        krate.macro_impls = super::macros::macro_impls(&krate);
        Ok(krate)
    }

    fn add_module(
        &mut self,
        path: String,
        items: Vec<syn::Item>,
        parent: Option<usize>,
        prefix: String,
        file: &Path,
        root_like: bool,
    ) -> Result<usize> {
        let index = self.modules.len();
        self.modules.push(Module {
            items: Vec::new(),
            parent,
            children: Vec::new(),
            prefix: prefix.clone(),
        });
        let mut kept = Vec::new();
        for item in items {
            if let syn::Item::Mod(m) = &item {
                let name = m.ident.to_string();
                let child_prefix = format!("{prefix}{}", attributes(&m.attrs));
                let public = matches!(m.vis, syn::Visibility::Public(_));
                let child = match &m.content {
                    Some((_, inner)) => self.add_module(
                        format!("{path}::{name}"),
                        inner.clone(),
                        Some(index),
                        child_prefix,
                        // Inline modules' own `mod x;` would be beside the
                        // file in a directory of the module's name.
                        &file.with_extension("").join(&name).with_extension("rs"),
                        false,
                    )?,
                    None => match super::module_file(file, root_like, &name) {
                        Some(child_file) => {
                            let parsed = super::read(&child_file)?;
                            let child_root_like = child_file.ends_with("mod.rs");
                            self.add_module(
                                format!("{path}::{name}"),
                                parsed.items,
                                Some(index),
                                child_prefix,
                                &child_file,
                                child_root_like,
                            )?
                        }
                        None => continue,
                    },
                };
                self.modules[index].children.push((name, child, public));
                continue;
            }
            kept.push(item);
        }
        self.modules[index].items = kept;
        Ok(index)
    }

    /// Every `use` binding of a module.
    fn bindings(&self, module: usize) -> Vec<Binding> {
        let mut out = Vec::new();
        for item in &self.modules[module].items {
            if let syn::Item::Use(u) = item {
                let public = matches!(u.vis, syn::Visibility::Public(_));
                flatten(&u.tree, &mut Vec::new(), public, &mut out);
            }
        }
        out
    }

    /// What `name` means inside `module`.
    fn lookup(&self, module: usize, name: &str, depth: usize) -> Option<Found> {
        if depth > 32 {
            return None;
        }
        let m = &self.modules[module];
        if let Some((_, child, _)) = m.children.iter().find(|(n, _, _)| n == name) {
            return Some(Found::Module(*child));
        }
        if let Some(index) = m
            .items
            .iter()
            .position(|i| ident_of(i).as_deref() == Some(name))
        {
            return Some(Found::Item { module, index });
        }
        let bindings = self.bindings(module);
        for binding in bindings.iter().filter(|b| b.name.as_deref() == Some(name)) {
            if let Some(found) = self.resolve(module, &binding.path, depth + 1) {
                return Some(found);
            }
        }
        for binding in bindings.iter().filter(|b| b.name.is_none()) {
            if let Some(Found::Module(target)) = self.resolve(module, &binding.path, depth + 1)
                && let Some(found) = self.lookup(target, name, depth + 1)
            {
                return Some(found);
            }
        }
        None
    }

    /// What a path written in `module` leads to.
    fn resolve(&self, module: usize, path: &[String], depth: usize) -> Option<Found> {
        let (mut current, rest) = match path.first().map(String::as_str) {
            Some("crate") => (Found::Module(0), &path[1..]),
            Some("self") => (Found::Module(module), &path[1..]),
            Some("super") => (Found::Module(self.modules[module].parent?), &path[1..]),
            Some(first) => match self.lookup(module, first, depth) {
                Some(found) => (found, &path[1..]),
                None => return Some(Found::External(path.join("::"))),
            },
            None => return None,
        };
        for segment in rest {
            current = match current {
                Found::Module(m) => match segment.as_str() {
                    "super" => Found::Module(self.modules[m].parent?),
                    "self" => Found::Module(m),
                    _ => self.lookup(m, segment, depth + 1)?,
                },
                Found::External(outer) => Found::External(format!("{outer}::{segment}")),
                Found::Item { .. } => return None,
            };
        }
        Some(current)
    }

    /// Everything users reach, from the crate's root.
    pub fn exports(&self) -> Vec<Export> {
        let mut out = Vec::new();
        let mut visited = HashSet::new();
        self.exports_of(0, "", "", &mut out, &mut visited);
        out
    }

    /// What is public in `module`, at `at` (the module's own path, or where
    /// a `pub use …::*` puts its items).
    fn exports_of(
        &self,
        module: usize,
        at: &str,
        prefix: &str,
        out: &mut Vec<Export>,
        visited: &mut HashSet<(usize, String)>,
    ) {
        if !visited.insert((module, at.to_string())) {
            return;
        }
        let m = &self.modules[module];
        for (index, item) in m.items.iter().enumerate() {
            if let (true, Some(name)) = (is_public(item), ident_of(item)) {
                out.push(Export {
                    path: format!("{at}::{name}"),
                    found: Found::Item { module, index },
                    prefix: prefix.to_string(),
                });
            }
        }
        for (name, child, public) in &m.children {
            if *public {
                let path = format!("{at}::{name}");
                let child_prefix = self.modules[*child].prefix.clone();
                out.push(Export {
                    path: path.clone(),
                    found: Found::Module(*child),
                    prefix: child_prefix.clone(),
                });
                self.exports_of(*child, &path, &child_prefix, out, visited);
            }
        }
        for binding in self.bindings(module).into_iter().filter(|b| b.public) {
            let Some(found) = self.resolve(module, &binding.path, 0) else {
                continue;
            };
            match (binding.name, found) {
                (None, Found::Module(target)) => {
                    self.exports_of(target, at, prefix, out, visited);
                }
                (None, _) => {}
                (Some(name), Found::Module(target)) => {
                    let path = format!("{at}::{name}");
                    out.push(Export {
                        path: path.clone(),
                        found: Found::Module(target),
                        prefix: prefix.to_string(),
                    });
                    self.exports_of(target, &path, prefix, out, visited);
                }
                (Some(name), found) => out.push(Export {
                    path: format!("{at}::{name}"),
                    found,
                    prefix: prefix.to_string(),
                }),
            }
        }
    }

    /// Every impl block, with its module.
    pub fn impl_blocks(&self) -> impl Iterator<Item = (usize, &syn::ItemImpl)> {
        self.modules.iter().enumerate().flat_map(|(i, m)| {
            m.items.iter().filter_map(move |item| match item {
                syn::Item::Impl(block) => Some((i, block)),
                _ => None,
            })
        })
    }

    /// The type an impl block in `module` is for: where it is defined, and
    /// its name.
    pub fn self_type(&self, module: usize, ty: &syn::Type) -> Option<(usize, String)> {
        let syn::Type::Path(path) = ty else {
            return None;
        };
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        match self.resolve(module, &segments, 0)? {
            Found::Item { module, index } => {
                Some((module, ident_of(&self.modules[module].items[index])?))
            }
            _ => None,
        }
    }
}

fn flatten(tree: &syn::UseTree, prefix: &mut Vec<String>, public: bool, out: &mut Vec<Binding>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten(&p.tree, prefix, public, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            if name == "self" {
                if let Some(last) = prefix.last() {
                    out.push(Binding {
                        name: Some(last.clone()),
                        path: prefix.clone(),
                        public,
                    });
                }
            } else {
                let mut path = prefix.clone();
                path.push(name.clone());
                out.push(Binding {
                    name: Some(name),
                    path,
                    public,
                });
            }
        }
        syn::UseTree::Rename(r) => {
            let mut path = prefix.clone();
            let ident = r.ident.to_string();
            if ident != "self" {
                path.push(ident);
            }
            out.push(Binding {
                name: Some(r.rename.to_string()),
                path,
                public,
            });
        }
        syn::UseTree::Glob(_) => out.push(Binding {
            name: None,
            path: prefix.clone(),
            public,
        }),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten(tree, prefix, public, out);
            }
        }
    }
}

fn ident_of(item: &syn::Item) -> Option<String> {
    Some(match item {
        syn::Item::Struct(i) => i.ident.to_string(),
        syn::Item::Enum(i) => i.ident.to_string(),
        syn::Item::Fn(i) => i.sig.ident.to_string(),
        syn::Item::Type(i) => i.ident.to_string(),
        syn::Item::Const(i) => i.ident.to_string(),
        syn::Item::Static(i) => i.ident.to_string(),
        syn::Item::Trait(i) => i.ident.to_string(),
        _ => return None,
    })
}

fn is_public(item: &syn::Item) -> bool {
    let vis = match item {
        syn::Item::Struct(i) => &i.vis,
        syn::Item::Enum(i) => &i.vis,
        syn::Item::Fn(i) => &i.vis,
        syn::Item::Type(i) => &i.vis,
        syn::Item::Const(i) => &i.vis,
        syn::Item::Static(i) => &i.vis,
        syn::Item::Trait(i) => &i.vis,
        _ => return false,
    };
    matches!(vis, syn::Visibility::Public(_))
}
