//! Recursive types. An alias that refers to itself (through lists, maps or
//! other aliases) becomes a newtype, since Rust aliases cannot recurse. A
//! struct that contains itself (directly or through other types, without a
//! list or map in between) would have infinite size, so the fields that
//! close such a loop are boxed.

use std::collections::{HashMap, HashSet};

use super::{TypeDef, TypeKind, TypeRef};

pub fn box_cycles(types: &mut [TypeDef]) {
    let edges: HashMap<String, Vec<String>> = types
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                direct_targets(&t.kind)
                    .into_iter()
                    .map(str::to_string)
                    .collect(),
            )
        })
        .collect();
    for def in types.iter_mut() {
        let name = def.name.clone();
        let closes_loop = |ty: &TypeRef| {
            let ty = match ty {
                TypeRef::Option(inner) => inner,
                other => other,
            };
            match ty {
                TypeRef::Named(target) => reaches(target, &name, &edges, &mut HashSet::new()),
                _ => false,
            }
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = closes_loop(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = closes_loop(&variant.ty);
                }
            }
            TypeKind::Newtype { ty, boxed } => *boxed = closes_loop(ty),
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

pub fn name_recursive_aliases(types: &mut [TypeDef]) {
    // alias → the aliases it mentions anywhere in its type.
    let edges: HashMap<String, Vec<String>> = types
        .iter()
        .filter_map(|t| match &t.kind {
            TypeKind::Alias(ty) => Some((
                t.name.clone(),
                ty.named_types().into_iter().map(str::to_owned).collect(),
            )),
            _ => None,
        })
        .collect();
    let recursive: Vec<String> = edges
        .keys()
        .filter(|name| {
            edges[name.as_str()].iter().any(|next| {
                edges.contains_key(next) && reaches(next, name, &edges, &mut HashSet::new())
            })
        })
        .cloned()
        .collect();
    for def in types.iter_mut() {
        if recursive.contains(&def.name)
            && let TypeKind::Alias(ty) = &def.kind
        {
            def.kind = TypeKind::Newtype {
                ty: ty.clone(),
                boxed: false,
            };
        }
    }
}

/// Types held by value (not behind a list or map).
fn direct_targets(kind: &TypeKind) -> Vec<&str> {
    // A tuple holds its members by value too.
    fn named(ty: &TypeRef) -> Vec<&str> {
        match ty {
            TypeRef::Named(n) => vec![n.as_str()],
            TypeRef::Option(inner) => named(inner),
            TypeRef::Tuple(members) => members.iter().flat_map(named).collect(),
            _ => Vec::new(),
        }
    }
    match kind {
        TypeKind::Struct(s) => s.fields.iter().flat_map(|f| named(&f.ty)).collect(),
        TypeKind::Union(u) => u.variants.iter().flat_map(|v| named(&v.ty)).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => named(ty),
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn reaches(
    from: &str,
    to: &str,
    edges: &HashMap<String, Vec<String>>,
    seen: &mut HashSet<String>,
) -> bool {
    if from == to {
        return true;
    }
    if !seen.insert(from.to_string()) {
        return false;
    }
    edges
        .get(from)
        .is_some_and(|next| next.iter().any(|n| reaches(n, to, edges, seen)))
}
