//! `oneOf`/`anyOf` → unions: tagged by a discriminator (declared, or
//! implied by a required property that holds one fixed text in each
//! member), merged into one enum (members that are each string enums), or
//! told apart by the kind of JSON value each member holds.

use std::collections::BTreeMap;

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use indexmap::IndexMap;

use super::schemas::{SchemaRef, Schemas, boxed_ref, component_name, schema_ref};
use super::types::DefCx;
use super::{TypeKind, TypeRef, Union, UnionVariant};
use crate::names::{self, Unique};

impl<'a> DefCx<'a, '_> {
    pub(super) fn union(
        &mut self,
        members: &'a [ReferenceOr<Schema>],
        any_of: bool,
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
                variants.push(tagged(&mut unique, value, value, target));
            }
            return TypeKind::Union(Union {
                tag: Some(discriminator.property_name.clone()),
                all_that_fit: false,
                variants,
            });
        }

        if let Some(union) = self.inherited_tag(members, &mut unique) {
            return union;
        }
        if let Some(values) = self.enum_members(members) {
            return TypeKind::Enum(self.variants(&values));
        }
        if let Some((tag, variants)) = self.implied_tag(members, &mut unique) {
            return TypeKind::Union(Union {
                tag: Some(tag),
                all_that_fit: false,
                variants,
            });
        }

        // Without a discriminator, members must differ in JSON kind (string,
        // number, list, object…) for a value to say which one it is — or,
        // objects, in the properties they require.
        let mut variants = Vec::new();
        let mut kinds = Vec::new();
        let mut objects: Vec<(&'a ReferenceOr<Schema>, String)> = Vec::new();
        let mut apart = Ok(());
        for member in members {
            let (ty, _) = self.schemas.type_ref(schema_ref(member));
            let kind = json_kind(&ty, self.schemas);
            let object = (kind == JsonKind::Object)
                .then(|| self.object_member(member))
                .flatten();
            // Objects whose properties are known are told apart below; any
            // other object (a map) takes every object.
            let clash = match &object {
                Some(_) => kinds.contains(&kind) && objects.is_empty(),
                None => kinds.contains(&kind),
            };
            if let Some(object) = object {
                objects.push((member, object.name.to_owned()));
            }
            if (clash || kind == JsonKind::Any) && apart.is_ok() {
                apart = Err("the members of this `oneOf` cannot be told apart by the kind of JSON value they hold, and there is no `discriminator`".to_owned());
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
                also: Vec::new(),
                boxed: false,
                keys: None,
            });
        }
        let required = apart.and_then(|()| self.by_required(&objects));
        let required = match (required, any_of) {
            (Ok(required), _) => required,
            // Closed objects (`additionalProperties: false`) that allow
            // different properties: a value's keys say which it fits.
            (Err(_), false) if let Some(keys) = self.closed_apart(&objects) => {
                for variant in &mut variants {
                    if let TypeRef::Named(name) = &variant.ty {
                        variant.keys = keys.get(name.as_str()).cloned();
                    }
                }
                BTreeMap::new()
            }
            // `anyOf` lets a value fit several members: it is read as each
            // one it fits, so nothing needs to tell them apart.
            (Err(_), true) => {
                return TypeKind::Union(Union {
                    tag: None,
                    all_that_fit: true,
                    variants,
                });
            }
            (Err(why), false) => {
                self.warn(format!(
                    "{why}: nothing tells them apart, so it is read as its JSON value (`serde_json::Value`)"
                ));
                return TypeKind::Alias(TypeRef::Json);
            }
        };
        // Integers first: an untagged union tries variants in order, and a
        // float variant would take every integer. Objects that require
        // more first: one that requires less would take their values too.
        let rank = |v: &UnionVariant| {
            let required = match &v.ty {
                TypeRef::Named(name) => required.get(name.as_str()).copied().unwrap_or(0),
                _ => 0,
            };
            (kinds_order(&v.ty), std::cmp::Reverse(required))
        };
        variants.sort_by_key(rank);
        TypeKind::Union(Union {
            tag: None,
            all_that_fit: false,
            variants,
        })
    }

    /// How many properties each object member requires, when what they
    /// require tells them apart: no two require the same set, so a value
    /// has the properties of the members it fits, and the one requiring
    /// the most of them is tried first. Otherwise, which members nothing
    /// tells apart, and why.
    fn by_required(
        &self,
        objects: &[(&'a ReferenceOr<Schema>, String)],
    ) -> Result<BTreeMap<&'a str, usize>, String> {
        let mut sets: Vec<(&'a str, std::collections::BTreeSet<&'a str>)> = Vec::new();
        for (member, _) in objects {
            let object = self.object_member(member).expect("an object member");
            let required = object.required.iter().map(String::as_str).collect();
            if let Some((other, _)) = sets.iter().find(|(_, set)| *set == required) {
                let list: Vec<String> = required.iter().map(|p| format!("`{p}`")).collect();
                return Err(format!(
                    "the members `{other}` and `{}` of this `oneOf` are both objects that require the same properties ({}), and there is no `discriminator`",
                    object.name,
                    if list.is_empty() {
                        "none".to_owned()
                    } else {
                        list.join(", ")
                    }
                ));
            }
            sets.push((object.name, required));
        }
        Ok(sets
            .into_iter()
            .map(|(name, set)| (name, set.len()))
            .collect())
    }

    /// The properties each object member allows, when every one allows no
    /// property it does not list and no two list the same ones (and the
    /// union has one object member at least).
    fn closed_apart(
        &self,
        objects: &[(&'a ReferenceOr<Schema>, String)],
    ) -> Option<BTreeMap<&'a str, Vec<String>>> {
        let mut keys: BTreeMap<&'a str, Vec<String>> = BTreeMap::new();
        let mut seen: Vec<std::collections::BTreeSet<&str>> = Vec::new();
        for (member, _) in objects {
            let object = self.object_member(member).filter(|o| o.closed)?;
            let set = object.properties.keys().map(String::as_str).collect();
            if seen.contains(&set) {
                return None;
            }
            seen.push(set);
            keys.insert(object.name, object.properties.keys().cloned().collect());
        }
        (!keys.is_empty()).then_some(keys)
    }

    /// The schema `r` is, through references and `allOf`s of one (a
    /// reference with a description of its own); `None` for a reference
    /// that leads nowhere, or in a circle.
    fn resolve(&self, r: SchemaRef<'a>) -> Option<&'a Schema> {
        let mut r = r;
        for _ in 0..=self.schemas.by_name.len() {
            match r {
                SchemaRef::Named(name) => r = schema_ref(self.schemas.by_name.get(name)?),
                SchemaRef::Inline(Schema {
                    schema_kind: SchemaKind::AllOf { all_of },
                    ..
                }) if all_of.len() == 1 => r = schema_ref(&all_of[0]),
                SchemaRef::Inline(schema) => return Some(schema),
            }
        }
        None
    }

    /// The string values of a member that is a string enumeration.
    fn string_values(&self, r: SchemaRef<'a>) -> Option<Vec<String>> {
        match &self.resolve(r)?.schema_kind {
            SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
                Some(s.enumeration.iter().flatten().cloned().collect())
            }
            SchemaKind::Any(any)
                if !any.enumeration.is_empty() && any.enumeration.iter().all(|v| v.is_string()) =>
            {
                Some(
                    any.enumeration
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect(),
                )
            }
            _ => None,
        }
    }

    /// Every value, when every member is a string enumeration (a common way
    /// to document each value: one member per value, with its description).
    fn enum_members(&self, members: &'a [ReferenceOr<Schema>]) -> Option<Vec<String>> {
        let mut values = Vec::new();
        for member in members {
            values.extend(self.string_values(schema_ref(member))?);
        }
        Some(values)
    }

    /// The union a discriminated base stands for: the schemas its
    /// `mapping` names, else every schema that extends it with `allOf`
    /// (each tagged with its own name, as the spec says); `None` when there
    /// are none.
    pub(super) fn extended_base(
        &mut self,
        base: &str,
        discriminator: &'a openapiv3::Discriminator,
    ) -> Option<TypeKind> {
        let mut unique = Unique::default();
        unique.reserve("Unknown");
        let mut targets: Vec<(String, &str)> = discriminator
            .mapping
            .iter()
            .map(|(value, target)| (value.clone(), component_name(target)))
            .filter(|(_, target)| *target != base && self.schemas.by_name.contains_key(*target))
            .collect();
        if discriminator.mapping.is_empty() {
            targets = self
                .schemas
                .by_name
                .keys()
                .filter(|name| self.extends(name, base))
                .map(|name| (name.clone(), name.as_str()))
                .collect();
        }
        if targets.is_empty() {
            return None;
        }
        let variants = targets
            .into_iter()
            .map(|(value, target)| tagged(&mut unique, &value, &value, target))
            .collect();
        Some(TypeKind::Union(Union {
            tag: Some(discriminator.property_name.clone()),
            all_that_fit: false,
            variants,
        }))
    }

    /// The schemas that schema `name` refers to in its `allOf`: those it
    /// extends.
    fn extended(&self, name: &str) -> impl Iterator<Item = &'a str> {
        let all_of: &'a [ReferenceOr<Schema>] = match self.schemas.by_name.get(name) {
            Some(ReferenceOr::Item(schema)) => match &schema.schema_kind {
                SchemaKind::AllOf { all_of } => all_of,
                SchemaKind::Any(any) => &any.all_of,
                _ => &[],
            },
            _ => &[],
        };
        all_of.iter().filter_map(|member| match schema_ref(member) {
            SchemaRef::Named(base) => Some(base),
            SchemaRef::Inline(_) => None,
        })
    }

    /// Whether schema `name` lists a reference to `base` in its `allOf`.
    fn extends(&self, name: &str, base: &str) -> bool {
        self.extended(name).any(|extended| extended == base)
    }

    /// The members' tag when each extends (`allOf`) a base whose
    /// discriminator says how they are told apart: the base's `mapping`, or
    /// else each member's name.
    fn inherited_tag(
        &self,
        members: &'a [ReferenceOr<Schema>],
        unique: &mut Unique,
    ) -> Option<TypeKind> {
        let mut tag: Option<&openapiv3::Discriminator> = None;
        let mut variants = Vec::new();
        for member in members {
            let name = self.member_name(member)?;
            let base =
                self.extended(name)
                    .find_map(|base| match self.schemas.by_name.get(base) {
                        Some(ReferenceOr::Item(schema)) => {
                            schema.schema_data.discriminator.as_ref()
                        }
                        _ => None,
                    })?;
            if tag.is_some_and(|t| t.property_name != base.property_name) {
                return None;
            }
            tag = Some(base);
            let value = base
                .mapping
                .iter()
                .find(|(_, target)| component_name(target) == name)
                .map_or(name, |(value, _)| value.as_str());
            variants.push(tagged(unique, value, value, name));
        }
        Some(TypeKind::Union(Union {
            tag: Some(tag?.property_name.clone()),
            all_that_fit: false,
            variants,
        }))
    }

    /// A member's schema name: a reference, or one with a description of
    /// its own beside it (`allOf: [$ref]`).
    fn member_name(&self, member: &'a ReferenceOr<Schema>) -> Option<&'a str> {
        match schema_ref(member) {
            SchemaRef::Named(name) => Some(name),
            SchemaRef::Inline(Schema {
                schema_kind: SchemaKind::AllOf { all_of },
                ..
            }) if all_of.len() == 1 => match schema_ref(&all_of[0]) {
                SchemaRef::Named(name) => Some(name),
                SchemaRef::Inline(_) => None,
            },
            SchemaRef::Inline(_) => None,
        }
    }

    /// A member that is a named object schema: its name, properties and
    /// required properties.
    fn object_member(&self, member: &'a ReferenceOr<Schema>) -> Option<ObjectMember<'a>> {
        let name = self.member_name(member)?;
        let (properties, required, additional) =
            match &self.resolve(SchemaRef::Named(name))?.schema_kind {
                SchemaKind::Type(Type::Object(o)) => {
                    (&o.properties, &o.required, &o.additional_properties)
                }
                SchemaKind::Any(any) if !any.properties.is_empty() => {
                    (&any.properties, &any.required, &any.additional_properties)
                }
                _ => return None,
            };
        Some(ObjectMember {
            name,
            properties,
            required,
            closed: matches!(
                additional,
                Some(openapiv3::AdditionalProperties::Any(false))
            ),
        })
    }

    /// The texts `member` requires `property` to be one of, if it does:
    /// the first, and the others.
    fn fixed_texts(
        &self,
        member: &ObjectMember<'a>,
        property: &str,
    ) -> Option<(String, Vec<String>)> {
        if !member.required.iter().any(|r| r == property) {
            return None;
        }
        let mut values = self.string_values(boxed_ref(member.properties.get(property)?))?;
        (!values.is_empty()).then(|| (values.remove(0), values))
    }

    /// A tag the members imply without a `discriminator`: a property every
    /// member requires to be one of some texts (a `const`, or an `enum`),
    /// no text allowed by two members (as `#[serde(tag = …)]` enums are
    /// described, one text each).
    fn implied_tag(
        &self,
        members: &'a [ReferenceOr<Schema>],
        unique: &mut Unique,
    ) -> Option<(String, Vec<UnionVariant>)> {
        let objects: Vec<ObjectMember> = members
            .iter()
            .map(|m| self.object_member(m))
            .collect::<Option<_>>()?;
        objects.first()?.properties.keys().find_map(|property| {
            let values: Vec<(String, Vec<String>)> = objects
                .iter()
                .map(|o| self.fixed_texts(o, property))
                .collect::<Option<_>>()?;
            let all: Vec<&String> = values
                .iter()
                .flat_map(|(first, also)| std::iter::once(first).chain(also))
                .collect();
            let distinct: std::collections::BTreeSet<&String> = all.iter().copied().collect();
            (distinct.len() == all.len()).then(|| {
                let variants = objects
                    .iter()
                    .zip(values)
                    .map(|(member, (first, also))| {
                        // One value names the variant; several, the member.
                        let named = if also.is_empty() { &first } else { member.name };
                        UnionVariant {
                            also,
                            ..tagged(unique, named, &first, member.name)
                        }
                    })
                    .collect();
                (property.clone(), variants)
            })
        })
    }
}

/// The variant of a tagged union that `value` of the tag selects: the
/// named schema `target`, its name made from `named`.
fn tagged(unique: &mut Unique, named: &str, value: &str, target: &str) -> UnionVariant {
    UnionVariant {
        name: unique.claim(&names::pascal(named, "V")),
        ty: TypeRef::Named(target.to_string()),
        tag_value: Some(value.to_string()),
        also: Vec::new(),
        boxed: false,
        keys: None,
    }
}

struct ObjectMember<'a> {
    name: &'a str,
    properties: &'a IndexMap<String, ReferenceOr<Box<Schema>>>,
    required: &'a [String],
    /// `additionalProperties: false`.
    closed: bool,
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
        TypeRef::List(_) | TypeRef::Tuple(_) => JsonKind::Array,
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
        TypeRef::Tuple(_) => "Tuple",
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
