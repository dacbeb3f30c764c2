//! Example values of the models, for test fixtures: a schema's own
//! `example` where it gives one, else one built from its properties'
//! examples (and, for a required property without one, the simplest value
//! of its type).

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::{TypeDef, TypeKind, TypeRef, find_type};

/// Values an example may be built of, at most: a fixture is read by people,
/// and a type nested a thousand levels deep would otherwise give examples
/// whose sizes add up quadratically.
pub const MAX_NODES: usize = 1_000;

/// An example of a value of `ty`; `None` when none can be built (a type
/// that holds itself without a way out, a union without an example, one
/// larger than [`MAX_NODES`]).
pub fn example(ty: &TypeRef, types: &[TypeDef]) -> Option<Value> {
    let mut walk = Walk {
        on_the_way: HashSet::new(),
        budget: MAX_NODES,
    };
    build(ty, types, &mut walk)
}

struct Walk {
    /// The named types being built, to stop at a loop.
    on_the_way: HashSet<String>,
    /// Values that may still be built.
    budget: usize,
}

fn build(ty: &TypeRef, types: &[TypeDef], walk: &mut Walk) -> Option<Value> {
    walk.budget = walk.budget.checked_sub(1)?;
    Some(match ty {
        TypeRef::Bool => json!(false),
        TypeRef::I32 | TypeRef::I64 => json!(0),
        TypeRef::F64 => json!(0.0),
        TypeRef::String => json!(""),
        TypeRef::DateTime => json!("2024-01-01T00:00:00Z"),
        TypeRef::Date => json!("2024-01-01"),
        TypeRef::Json => Value::Null,
        TypeRef::JsonObject | TypeRef::Map(_) => json!({}),
        TypeRef::List(_) => json!([]),
        TypeRef::Tuple(members) => Value::Array(
            members
                .iter()
                .map(|member| build(member, types, walk))
                .collect::<Option<_>>()?,
        ),
        TypeRef::Option(_) => Value::Null,
        TypeRef::Named(name) => {
            if walk.on_the_way.contains(name) {
                return None;
            }
            let def = find_type(types, name)?;
            if let Some(example) = &def.example {
                return Some(example.clone());
            }
            walk.on_the_way.insert(name.clone());
            let value = named(def, types, walk);
            walk.on_the_way.remove(name);
            return value;
        }
    })
}

fn named(def: &TypeDef, types: &[TypeDef], walk: &mut Walk) -> Option<Value> {
    match &def.kind {
        TypeKind::Struct(s) => {
            let mut object = Map::new();
            for field in &s.fields {
                let value = match &field.example {
                    Some(example) => Some(example.clone()),
                    // An optional field is shown only when it has an example
                    // of its own or one can be built.
                    None => build(&field.ty, types, walk),
                };
                // An encoded property's example is its text on the wire.
                let value = match (field.encoded, value) {
                    (Some(encoding), Some(value))
                        if field.example.is_none() && !value.is_null() =>
                    {
                        Some(Value::String(encoding.encode(&value)))
                    }
                    (_, value) => value,
                };
                match value {
                    Some(value) if !(field.optional && value.is_null()) => {
                        object.insert(field.json.clone(), value);
                    }
                    Some(_) | None if field.optional => {}
                    _ => return None,
                }
            }
            Some(Value::Object(object))
        }
        TypeKind::Enum(variants) => variants.first().map(|v| match v.numeric {
            true => serde_json::from_str(&v.value).unwrap_or_else(|_| json!(v.value)),
            false => json!(v.value),
        }),
        TypeKind::Alias(target) | TypeKind::Newtype { ty: target, .. } => {
            build(target, types, walk)
        }
        TypeKind::Union(union) => union.variants.iter().find_map(|variant| {
            let mut value = build(&variant.ty, types, walk)?;
            // A tagged member is told apart by its tag.
            if let (Some(tag), Some(tag_value), Value::Object(object)) =
                (&union.tag, &variant.tag_value, &mut value)
            {
                object.insert(tag.clone(), json!(tag_value));
            }
            Some(value)
        }),
    }
}
