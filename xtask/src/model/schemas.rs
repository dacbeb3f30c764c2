//! Reading schemas: references, nullability, and the Rust type of a schema
//! used in place (a field, a list item, a parameter).

use std::collections::HashMap;

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::TypeRef;

/// A schema or a reference to a named one.
#[derive(Clone, Copy)]
pub(crate) enum SchemaRef<'a> {
    Named(&'a str),
    Inline(&'a Schema),
}

pub(crate) fn schema_ref(r: &ReferenceOr<Schema>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Named(component_name(reference)),
        ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
    }
}

pub(crate) fn boxed_ref(r: &ReferenceOr<Box<Schema>>) -> SchemaRef<'_> {
    match r {
        ReferenceOr::Reference { reference } => SchemaRef::Named(component_name(reference)),
        ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
    }
}

pub(crate) fn component_name(reference: &str) -> &str {
    reference
        .strip_prefix("#/components/schemas/")
        .unwrap_or(reference)
}

pub(crate) struct Schemas<'a> {
    pub by_name: &'a IndexMap<String, ReferenceOr<Schema>>,
    /// Whether each named schema admits null.
    pub nullable: HashMap<&'a str, bool>,
}

impl<'a> Schemas<'a> {
    pub fn new(spec: &'a OpenAPI) -> Self {
        static EMPTY: std::sync::OnceLock<IndexMap<String, ReferenceOr<Schema>>> =
            std::sync::OnceLock::new();
        let by_name = spec
            .components
            .as_ref()
            .map(|c| &c.schemas)
            .unwrap_or_else(|| EMPTY.get_or_init(IndexMap::new));
        let mut schemas = Self {
            by_name,
            nullable: HashMap::new(),
        };
        for name in by_name.keys() {
            let nullable = schemas.named_is_nullable(name, &mut Vec::new());
            schemas.nullable.insert(name, nullable);
        }
        schemas
    }

    fn named_is_nullable(&self, name: &str, seen: &mut Vec<String>) -> bool {
        if seen.iter().any(|s| s == name) {
            return false;
        }
        seen.push(name.to_string());
        match self.by_name.get(name) {
            Some(ReferenceOr::Reference { reference }) => {
                self.named_is_nullable(component_name(reference), seen)
            }
            Some(ReferenceOr::Item(schema)) => {
                schema.schema_data.nullable
                    || matches!(&schema.schema_kind, SchemaKind::AllOf { all_of } if all_of.len() == 1
                        && matches!(schema_ref(&all_of[0]), SchemaRef::Named(n) if self.named_is_nullable(n, seen)))
            }
            None => false,
        }
    }

    /// A number schema's `maximum`, when it is a whole number (following a
    /// reference to a named schema).
    pub fn maximum(&self, schema: SchemaRef) -> Option<i64> {
        let schema = match schema {
            SchemaRef::Named(name) => match self.by_name.get(name)? {
                ReferenceOr::Item(schema) => schema,
                ReferenceOr::Reference { .. } => return None,
            },
            SchemaRef::Inline(schema) => schema,
        };
        let maximum = match &schema.schema_kind {
            SchemaKind::Type(Type::Integer(i)) => i.maximum.map(|m| m as f64),
            SchemaKind::Type(Type::Number(n)) => n.maximum,
            SchemaKind::Any(any) => any.maximum,
            _ => None,
        }?;
        (maximum.fract() == 0.0 && maximum.abs() < 9.0e15).then_some(maximum as i64)
    }

    /// The Rust type of a schema used as a field, parameter or body, and
    /// whether it admits null. Lists, maps and options nested deeper than
    /// rustc checks (see `nesting`) hold `serde_json::Value` below that.
    pub fn type_ref(&self, schema: SchemaRef) -> (TypeRef, bool) {
        let (ty, nullable) = self.type_ref_uncapped(schema);
        (super::nesting::cap_containers(ty), nullable)
    }

    fn type_ref_uncapped(&self, schema: SchemaRef) -> (TypeRef, bool) {
        let schema = match schema {
            SchemaRef::Named(name) => {
                return (
                    TypeRef::Named(name.to_string()),
                    self.nullable.get(name).copied().unwrap_or(false),
                );
            }
            SchemaRef::Inline(schema) => schema,
        };
        let nullable = schema.schema_data.nullable;
        if let Some(members) = schema.schema_data.extensions.get(crate::lower::TUPLE) {
            return (tuple_of(self, members), nullable);
        }
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => list_of(self, a.items.as_ref().map(boxed_ref)),
            SchemaKind::Type(Type::Object(o)) => map_of(self, o.additional_properties.as_ref()),
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                let (ty, inner_nullable) = self.type_ref_uncapped(schema_ref(&all_of[0]));
                return (ty, nullable || inner_nullable);
            }
            SchemaKind::Any(any) => match any.typ.as_deref() {
                Some("string") => TypeRef::String,
                Some("integer") => TypeRef::I64,
                Some("number") => TypeRef::F64,
                Some("boolean") => TypeRef::Bool,
                Some("array") => list_of(self, any.items.as_ref().map(boxed_ref)),
                Some("object") => map_of(self, any.additional_properties.as_ref()),
                _ if any.items.is_some() => list_of(self, any.items.as_ref().map(boxed_ref)),
                _ => TypeRef::Json,
            },
            // Everything with a shape of its own was named by the hoisting
            // stage; what is left (`not`, …) accepts any JSON.
            _ => TypeRef::Json,
        };
        (ty, nullable)
    }
}

pub(super) fn list_of(schemas: &Schemas, items: Option<SchemaRef>) -> TypeRef {
    let item = items.map_or(TypeRef::Json, |i| {
        let (ty, nullable) = schemas.type_ref_uncapped(i);
        ty.nullable_if(nullable)
    });
    super::nesting::cap_containers(TypeRef::List(Box::new(item)))
}

/// The members of a tuple, as the lowering keeps them (each a 3.0 schema,
/// hoisted as any other); a member that does not read as one, or tuples
/// nested deeper than types may be, makes it any JSON value.
fn tuple_of(schemas: &Schemas, members: &serde_json::Value) -> TypeRef {
    let Some(members) = members.as_array() else {
        return TypeRef::Json;
    };
    let mut types = Vec::with_capacity(members.len());
    for member in members {
        let Ok(member) = <ReferenceOr<Schema> as serde::Deserialize>::deserialize(member) else {
            return TypeRef::Json;
        };
        let (ty, nullable) = schemas.type_ref_uncapped(schema_ref(&member));
        types.push(ty.nullable_if(nullable));
    }
    let tuple = TypeRef::Tuple(types);
    if tuple.levels() >= super::nesting::MAX_LEVELS {
        return TypeRef::Json;
    }
    tuple
}

pub(super) fn map_of(schemas: &Schemas, additional: Option<&AdditionalProperties>) -> TypeRef {
    match additional {
        Some(AdditionalProperties::Schema(value)) => {
            let (ty, nullable) = schemas.type_ref_uncapped(schema_ref(value));
            super::nesting::cap_containers(TypeRef::Map(Box::new(ty.nullable_if(nullable))))
        }
        _ => TypeRef::JsonObject,
    }
}
