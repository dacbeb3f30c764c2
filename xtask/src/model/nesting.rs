//! How deep types may hold one another. rustc checks a type by walking the
//! types it holds, and gives up past its recursion limit (128 steps, a few
//! per level): a struct that holds a struct that holds a struct… a hundred
//! levels down does not compile, in the generated crate or in any crate
//! that uses it. So a field that would make its type hold more than
//! [`MAX_LEVELS`] levels of types is typed `serde_json::Value`, with a
//! warning: the value is kept whole, only not typed.

use std::collections::HashMap;

use super::{TypeDef, TypeKind, TypeRef};
use crate::error::Warning;

/// Levels of named types one type may hold, itself included. Real specs
/// stay far below (GitHub's deepest type holds 9).
pub const MAX_LEVELS: usize = 32;

/// Cuts every type's nesting at [`MAX_LEVELS`]; `types` are sorted by name.
pub fn cap(types: &mut [TypeDef], warnings: &mut Vec<Warning>) {
    // Heights first (on the types as they are), then the cuts: a field is
    // cut when what it holds is already as tall as a type may be.
    let mut heights: HashMap<String, usize> = HashMap::new();
    let mut cuts: Vec<(usize, usize)> = Vec::new(); // (type index, field or variant index)
    for i in 0..types.len() {
        height(i, types, &mut heights, &mut Vec::new(), &mut cuts);
    }
    for (t, f) in cuts {
        let def = &mut types[t];
        let (name, ty, at) = match &mut def.kind {
            TypeKind::Struct(s) => {
                let field = &mut s.fields[f];
                field.boxed = false;
                let at = def.at.child("properties").child(&field.json);
                (format!("`{}.{}`", def.name, field.json), &mut field.ty, at)
            }
            TypeKind::Union(u) => {
                let variant = &mut u.variants[f];
                (
                    format!("`{}::{}`", def.name, variant.name),
                    &mut variant.ty,
                    def.at.clone(),
                )
            }
            TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => {
                (format!("`{}`", def.name), ty, def.at.clone())
            }
            TypeKind::Enum(_) => continue,
        };
        *ty = untyped(ty);
        warnings.push(Warning {
            location: at,
            message: format!(
                "{name} would hold types nested more than {MAX_LEVELS} levels deep, more than Rust's compiler checks; it is a `serde_json::Value`"
            ),
        });
    }
}

/// The levels of types `types[i]` holds, itself included, once the cuts
/// (recorded in `cuts`) are made. A type met again on the way (a recursive
/// type, which is boxed or behind a list) counts nothing more.
fn height(
    i: usize,
    types: &[TypeDef],
    heights: &mut HashMap<String, usize>,
    on_the_way: &mut Vec<usize>,
    cuts: &mut Vec<(usize, usize)>,
) -> usize {
    let def = &types[i];
    if let Some(&h) = heights.get(&def.name) {
        return h;
    }
    if on_the_way.contains(&i) {
        return 0;
    }
    on_the_way.push(i);
    let held: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(ty) | TypeKind::Newtype { ty, .. } => vec![ty],
        TypeKind::Enum(_) => Vec::new(),
    };
    let mut tallest = 0;
    for (k, ty) in held.into_iter().enumerate() {
        let mut held_height = 0;
        for target in ty
            .named_types()
            .into_iter()
            .filter_map(|n| index_of(types, n))
        {
            held_height = held_height.max(height(target, types, heights, on_the_way, cuts));
        }
        if held_height >= MAX_LEVELS {
            cuts.push((i, k));
        } else {
            tallest = tallest.max(held_height);
        }
    }
    on_the_way.pop();
    // Aliases are not levels of their own to rustc.
    let own = usize::from(!matches!(def.kind, TypeKind::Alias(_)));
    let h = tallest + own;
    heights.insert(def.name.clone(), h);
    h
}

fn index_of(types: &[TypeDef], name: &str) -> Option<usize> {
    types.binary_search_by(|t| t.name.as_str().cmp(name)).ok()
}

/// `ty` with the lists, maps and options nested below [`MAX_LEVELS`] of
/// them made one `serde_json::Value` (`Vec<Vec<…>>` a hundred deep would
/// not compile either). Iterative: `ty` may nest thousands deep.
pub fn cap_containers(ty: TypeRef) -> TypeRef {
    #[derive(Clone, Copy)]
    enum Level {
        List,
        Map,
        Option,
    }
    let mut levels = Vec::new();
    let mut inner = ty;
    loop {
        let (level, next) = match inner {
            TypeRef::List(next) => (Level::List, next),
            TypeRef::Map(next) => (Level::Map, next),
            TypeRef::Option(next) => (Level::Option, next),
            other => {
                inner = other;
                break;
            }
        };
        if levels.len() == MAX_LEVELS {
            inner = TypeRef::Json;
            break;
        }
        levels.push(level);
        inner = *next;
    }
    while let Some(level) = levels.pop() {
        let boxed = Box::new(inner);
        inner = match level {
            Level::List => TypeRef::List(boxed),
            Level::Map => TypeRef::Map(boxed),
            Level::Option => TypeRef::Option(boxed),
        };
    }
    inner
}

/// `ty` with its named type replaced by a JSON value, keeping whether it
/// is optional (`Option<Vec<A>>` → `Option<serde_json::Value>`).
fn untyped(ty: &TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(untyped(inner))),
        _ => TypeRef::Json,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists(n: usize, inner: TypeRef) -> TypeRef {
        (0..n).fold(inner, |ty, _| TypeRef::List(Box::new(ty)))
    }

    #[test]
    fn containers_nest_at_most_max_levels() {
        let shallow = lists(3, TypeRef::String);
        assert_eq!(cap_containers(shallow.clone()), shallow);
        let at = lists(MAX_LEVELS, TypeRef::String);
        assert_eq!(cap_containers(at.clone()), at);
        assert_eq!(
            cap_containers(lists(MAX_LEVELS + 1, TypeRef::String)),
            lists(MAX_LEVELS, TypeRef::Json)
        );
    }
}
