//! `oneOf`/`anyOf` → unions: tagged by a discriminator, or told apart by
//! the kind of JSON value each member holds.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{SchemaRef, Schemas, component_name, schema_ref};
use super::types::DefCx;
use super::{TypeKind, TypeRef, Union, UnionVariant};
use crate::names::{self, Unique};

impl DefCx<'_, '_> {
    pub(super) fn union(
        &mut self,
        members: &[ReferenceOr<Schema>],
        discriminator: Option<&openapiv3::Discriminator>,
    ) -> TypeKind {
        let mut unique = Unique::default();
        unique.reserve("Unknown");
        unique.reserve("Other");
        if let Some(discriminator) = discriminator {
            // value → member, from the mapping or else the member's own name.
            let by_target: BTreeMap<&str, &str> = discriminator
                .mapping
                .iter()
                .map(|(value, target)| (component_name(target), value.as_str()))
                .collect();
            let mut variants = Vec::new();
            for member in members {
                let SchemaRef::Named(target) = schema_ref(member) else {
                    self.warn("a discriminated union member is not a named schema; the union is read as its JSON value (`serde_json::Value`)");
                    return TypeKind::Alias(TypeRef::Json);
                };
                let value = by_target.get(target).copied().unwrap_or(target);
                variants.push(UnionVariant {
                    name: unique.claim(&names::pascal(value, "V")),
                    ty: TypeRef::Named(target.to_string()),
                    tag_value: Some(value.to_string()),
                    boxed: false,
                });
            }
            return TypeKind::Union(Union {
                tag: Some(discriminator.property_name.clone()),
                variants,
            });
        }

        // Without a discriminator, members must differ in JSON kind (string,
        // number, list, object…) for a value to say which one it is.
        let mut variants = Vec::new();
        let mut kinds = Vec::new();
        for member in members {
            let (ty, _) = self.schemas.type_ref(schema_ref(member));
            let kind = json_kind(&ty, self.schemas);
            if kinds.contains(&kind) || kind == JsonKind::Any {
                self.warn("the members of this `oneOf`/`anyOf` cannot be told apart by the kind of JSON value they hold and there is no `discriminator`; it is read as its JSON value (`serde_json::Value`)");
                return TypeKind::Alias(TypeRef::Json);
            }
            kinds.push(kind);
            let want = match &ty {
                TypeRef::Named(name) => name.clone(),
                other => kind_name(other).to_string(),
            };
            variants.push(UnionVariant {
                name: unique.claim(&want),
                ty,
                tag_value: None,
                boxed: false,
            });
        }
        // Integers first: an untagged union tries variants in order, and a
        // float variant would take every integer.
        variants.sort_by_key(|v| kinds_order(&v.ty));
        TypeKind::Union(Union {
            tag: None,
            variants,
        })
    }
}

#[derive(Debug, PartialEq, Eq, Clone, Copy)]
enum JsonKind {
    Bool,
    Integer,
    Number,
    String,
    Array,
    Object,
    Any,
}

fn json_kind(ty: &TypeRef, schemas: &Schemas) -> JsonKind {
    match ty {
        TypeRef::Bool => JsonKind::Bool,
        TypeRef::I32 | TypeRef::I64 => JsonKind::Integer,
        TypeRef::F64 => JsonKind::Number,
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => JsonKind::String,
        TypeRef::Option(inner) => json_kind(inner, schemas),
        TypeRef::List(_) => JsonKind::Array,
        TypeRef::Map(_) | TypeRef::JsonObject => JsonKind::Object,
        TypeRef::Json => JsonKind::Any,
        TypeRef::Named(name) => match schemas.by_name.get(name.as_str()) {
            Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
                SchemaKind::Type(Type::String(_)) => JsonKind::String,
                SchemaKind::Type(Type::Integer(_)) => JsonKind::Integer,
                SchemaKind::Type(Type::Number(_)) => JsonKind::Number,
                SchemaKind::Type(Type::Boolean(_)) => JsonKind::Bool,
                SchemaKind::Type(Type::Array(_)) => JsonKind::Array,
                SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => JsonKind::Object,
                SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                    JsonKind::Object
                }
                _ => JsonKind::Any,
            },
            Some(ReferenceOr::Reference { reference }) => json_kind(
                &TypeRef::Named(component_name(reference).to_string()),
                schemas,
            ),
            None => JsonKind::Any,
        },
    }
}

fn kind_name(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Bool => "Boolean",
        TypeRef::I32 | TypeRef::I64 => "Integer",
        TypeRef::F64 => "Number",
        TypeRef::String | TypeRef::DateTime | TypeRef::Date => "String",
        TypeRef::Option(inner) => kind_name(inner),
        TypeRef::List(_) => "List",
        TypeRef::Map(_) | TypeRef::JsonObject => "Object",
        TypeRef::Json | TypeRef::Named(_) => "Value",
    }
}

fn kinds_order(ty: &TypeRef) -> u8 {
    match ty {
        TypeRef::I32 | TypeRef::I64 => 0,
        TypeRef::F64 => 1,
        _ => 2,
    }
}
