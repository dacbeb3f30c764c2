//! Schemas → type definitions.

use std::collections::{BTreeMap, HashMap};

use indexmap::IndexMap;
use openapiv3::{
    AdditionalProperties, IntegerFormat, OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat,
    Type, VariantOrUnknownOrEmpty,
};

use super::{Field, Struct, TypeDef, TypeKind, TypeRef, Union, UnionVariant, Variant};
use crate::bundle::Origins;
use crate::error::{Error, Result, Warning};
use crate::names::{self, Unique};
use crate::pointer;

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

fn component_name(reference: &str) -> &str {
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

    /// The Rust type of a schema used as a field, parameter or body, and
    /// whether it admits null.
    pub fn type_ref(&self, schema: SchemaRef) -> (TypeRef, bool) {
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
                let (ty, inner_nullable) = self.type_ref(schema_ref(&all_of[0]));
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

fn list_of(schemas: &Schemas, items: Option<SchemaRef>) -> TypeRef {
    let item = items.map_or(TypeRef::Json, |i| {
        let (ty, nullable) = schemas.type_ref(i);
        ty.nullable_if(nullable)
    });
    TypeRef::List(Box::new(item))
}

fn map_of(schemas: &Schemas, additional: Option<&AdditionalProperties>) -> TypeRef {
    match additional {
        Some(AdditionalProperties::Schema(value)) => {
            let (ty, nullable) = schemas.type_ref(schema_ref(value));
            TypeRef::Map(Box::new(ty.nullable_if(nullable)))
        }
        _ => TypeRef::JsonObject,
    }
}

pub fn build(
    spec: &OpenAPI,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<TypeDef>> {
    let schemas = Schemas::new(spec);
    let mut defs = Vec::new();
    for (name, schema) in schemas.by_name {
        let at = pointer::push("/components/schemas", name);
        let mut cx = DefCx {
            schemas: &schemas,
            origins,
            warnings,
            at: &at,
        };
        defs.push(cx.type_def(name, schema)?);
    }
    Ok(defs)
}

struct DefCx<'a, 'w> {
    schemas: &'w Schemas<'a>,
    origins: &'w Origins,
    warnings: &'w mut Vec<Warning>,
    at: &'w str,
}

impl<'a> DefCx<'a, '_> {
    fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(Warning {
            location: self.origins.locate(self.at),
            message: message.into(),
        });
    }

    fn type_def(&mut self, name: &str, schema: &'a ReferenceOr<Schema>) -> Result<TypeDef> {
        let schema = match schema {
            ReferenceOr::Reference { reference } => {
                let target = component_name(reference);
                return Ok(TypeDef {
                    name: name.to_string(),
                    doc: None,
                    deprecated: false,
                    nullable: self.schemas.nullable[name],
                    kind: TypeKind::Alias(TypeRef::Named(target.to_string())),
                });
            }
            ReferenceOr::Item(schema) => schema,
        };
        let data = &schema.schema_data;
        let mut allowed = None;
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
                TypeKind::Enum(self.variants(&values))
            }
            SchemaKind::Type(Type::Object(o)) if o.properties.is_empty() => {
                TypeKind::Alias(map_of(self.schemas, o.additional_properties.as_ref()))
            }
            SchemaKind::Type(Type::Object(o)) => {
                TypeKind::Struct(self.structure(&[], &o.properties, &o.required)?)
            }
            SchemaKind::AllOf { all_of }
                if all_of.len() == 1 && matches!(all_of[0], ReferenceOr::Reference { .. }) =>
            {
                TypeKind::Alias(self.schemas.type_ref(schema_ref(&all_of[0])).0)
            }
            SchemaKind::AllOf { all_of } => {
                TypeKind::Struct(self.structure(all_of, &EMPTY_PROPERTIES, &[])?)
            }
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                self.union(members, data.discriminator.as_ref())
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                TypeKind::Struct(self.structure(&any.all_of, &any.properties, &any.required)?)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let members = if any.one_of.is_empty() {
                    &any.any_of
                } else {
                    &any.one_of
                };
                self.union(members, data.discriminator.as_ref())
            }
            SchemaKind::Any(any) if !any.enumeration.is_empty() => {
                let values: Vec<&serde_json::Value> =
                    any.enumeration.iter().filter(|v| !v.is_null()).collect();
                if values.iter().all(|v| v.is_string()) {
                    let values: Vec<String> = values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect();
                    TypeKind::Enum(self.variants(&values))
                } else {
                    let ty = if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                        TypeRef::I64
                    } else if values.iter().all(|v| v.is_number()) {
                        TypeRef::F64
                    } else if values.iter().all(|v| v.is_boolean()) {
                        TypeRef::Bool
                    } else {
                        TypeRef::Json
                    };
                    allowed = Some(allowed_values(values.iter().map(|v| v.to_string())));
                    self.warn(format!(
                        "an enumeration of {} values is read as {}; the allowed values are listed in its documentation",
                        if ty == TypeRef::Json { "mixed" } else { "non-string" },
                        match ty {
                            TypeRef::I64 => "`i64`",
                            TypeRef::F64 => "`f64`",
                            TypeRef::Bool => "`bool`",
                            _ => "any JSON value (`serde_json::Value`)",
                        }
                    ));
                    TypeKind::Alias(ty)
                }
            }
            SchemaKind::Type(Type::Integer(i)) if !i.enumeration.is_empty() => {
                allowed = Some(allowed_values(
                    i.enumeration.iter().flatten().map(|v| v.to_string()),
                ));
                self.warn("an integer enumeration is read as a plain integer; the allowed values are listed in its documentation");
                TypeKind::Alias(self.schemas.type_ref(SchemaRef::Inline(schema)).0)
            }
            SchemaKind::Type(Type::Number(n)) if !n.enumeration.is_empty() => {
                allowed = Some(allowed_values(
                    n.enumeration.iter().flatten().map(|v| v.to_string()),
                ));
                self.warn("a number enumeration is read as a plain number; the allowed values are listed in its documentation");
                TypeKind::Alias(TypeRef::F64)
            }
            _ => TypeKind::Alias(self.schemas.type_ref(SchemaRef::Inline(schema)).0),
        };
        Ok(TypeDef {
            name: name.to_string(),
            doc: match (doc_of(schema, name), allowed) {
                (Some(doc), Some(allowed)) => Some(format!("{}\n\n{allowed}", doc.trim_end())),
                (doc, allowed) => doc.or(allowed),
            },
            deprecated: data.deprecated,
            nullable: self.schemas.nullable[name],
            kind,
        })
    }

    fn variants(&mut self, values: &[String]) -> Vec<Variant> {
        let mut unique = Unique::default();
        // The catch-all variant's name is taken first, so a value "Unknown"
        // becomes `Unknown2` and cannot collide with it.
        unique.reserve("Unknown");
        let mut variants = Vec::new();
        for value in values {
            if variants.iter().any(|v: &Variant| v.value == *value) {
                continue;
            }
            let want = names::pascal(value, "V");
            let name = unique.claim(&want);
            if name != want {
                self.warn(format!(
                    "enum values `{value}` and another both become `{want}`; this one is `{name}`"
                ));
            }
            variants.push(Variant {
                name,
                value: value.clone(),
            });
        }
        variants
    }

    /// A struct from `allOf` members (merged in order) and own properties.
    fn structure(
        &mut self,
        all_of: &'a [ReferenceOr<Schema>],
        properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
    ) -> Result<Struct> {
        let mut merged: IndexMap<String, (SchemaRef<'a>, bool)> = IndexMap::new();
        for member in all_of {
            self.merge(schema_ref(member), &mut merged, &mut Vec::new())?;
        }
        for (json, schema) in properties {
            let is_required = required.contains(json);
            let was_required = merged.get(json).is_some_and(|(_, r)| *r);
            merged.insert(
                json.clone(),
                (boxed_ref(schema), is_required || was_required),
            );
        }
        for json in required {
            if let Some(entry) = merged.get_mut(json) {
                entry.1 = true;
            }
        }

        let mut unique = Unique::default();
        let mut fields = Vec::new();
        for (json, (schema, required)) in &merged {
            let want = names::snake(json);
            let name = unique.claim(&want);
            if name != want {
                self.warn(format!("properties `{json}` and another both become field `{want}`; this one is `{name}`"));
            }
            let (ty, nullable) = self.schemas.type_ref(*schema);
            let (doc, deprecated) = match schema {
                SchemaRef::Inline(s) => (
                    s.schema_data
                        .description
                        .clone()
                        .filter(|d| !d.trim().is_empty()),
                    s.schema_data.deprecated,
                ),
                SchemaRef::Named(_) => (None, false),
            };
            fields.push(Field {
                name,
                json: json.clone(),
                doc,
                deprecated,
                ty,
                optional: !required || nullable,
                skip_if_none: !required,
                boxed: false,
            });
        }
        let extra = unique.claim("extra");
        Ok(Struct { fields, extra })
    }

    /// Adds the properties of an `allOf` member (following references and
    /// nested `allOf`s) to `merged`.
    fn merge(
        &mut self,
        member: SchemaRef<'a>,
        merged: &mut IndexMap<String, (SchemaRef<'a>, bool)>,
        seen: &mut Vec<String>,
    ) -> Result<()> {
        let by_name: &'a IndexMap<String, ReferenceOr<Schema>> = self.schemas.by_name;
        let schema: &'a Schema = match member {
            SchemaRef::Named(name) => {
                if seen.iter().any(|s| s == name) {
                    return Err(Error::spec(
                        &self.origins.locate(self.at),
                        format!(
                            "`allOf` includes `{name}` inside itself; a type cannot contain all of itself. Remove the loop."
                        ),
                    ));
                }
                seen.push(name.to_string());
                match by_name.get(name) {
                    Some(ReferenceOr::Item(schema)) => schema,
                    Some(ReferenceOr::Reference { reference }) => {
                        return self.merge(
                            SchemaRef::Named(component_name(reference)),
                            merged,
                            seen,
                        );
                    }
                    None => return Ok(()),
                }
            }
            SchemaRef::Inline(schema) => schema,
        };
        let (all_of, properties, required): (
            &'a [ReferenceOr<Schema>],
            &'a IndexMap<_, _>,
            &'a [String],
        ) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (&[], &o.properties, &o.required),
            SchemaKind::AllOf { all_of } => (all_of, &*EMPTY_PROPERTIES, &[]),
            SchemaKind::Any(any) => (&any.all_of, &any.properties, &any.required),
            _ => {
                self.warn("an `allOf` member that is not an object adds no fields");
                return Ok(());
            }
        };
        for nested in all_of {
            self.merge(schema_ref(nested), merged, seen)?;
        }
        for (json, property) in properties {
            let was_required = merged.get(json).is_some_and(|(_, r)| *r);
            merged.insert(
                json.clone(),
                (boxed_ref(property), was_required || required.contains(json)),
            );
        }
        for json in required {
            if let Some(entry) = merged.get_mut(json) {
                entry.1 = true;
            }
        }
        Ok(())
    }

    fn union(
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

static EMPTY_PROPERTIES: std::sync::LazyLock<IndexMap<String, ReferenceOr<Box<Schema>>>> =
    std::sync::LazyLock::new(IndexMap::new);

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

fn allowed_values(values: impl Iterator<Item = String>) -> String {
    let values: Vec<String> = values.map(|v| format!("`{v}`")).collect();
    format!("Allowed values: {}.", values.join(", "))
}

/// Rustdoc for a type: its description, or its title when that says more
/// than the name.
fn doc_of(schema: &Schema, name: &str) -> Option<String> {
    let data = &schema.schema_data;
    data.description
        .clone()
        .filter(|d| !d.trim().is_empty())
        .or_else(|| {
            data.title
                .clone()
                .filter(|t| names::type_name(t) != name && !t.trim().is_empty())
        })
}
