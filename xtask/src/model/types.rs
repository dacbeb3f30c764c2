//! Schemas → type definitions.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema, SchemaKind, Type};

use super::schemas::{SchemaRef, Schemas, boxed_ref, component_name, map_of, schema_ref};
use super::{Field, Struct, TypeDef, TypeKind, TypeRef, Variant};
use crate::bundle::Origins;
use crate::error::{Error, Result, Warning};
use crate::names::{self, Unique};
use crate::pointer;

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

pub(super) struct DefCx<'a, 'w> {
    pub schemas: &'w Schemas<'a>,
    pub origins: &'w Origins,
    pub warnings: &'w mut Vec<Warning>,
    pub at: &'w str,
}

impl<'a> DefCx<'a, '_> {
    pub(super) fn warn(&mut self, message: impl Into<String>) {
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
                    example: None,
                    at: self.origins.locate(self.at),
                    nullable: self.schemas.nullable[name],
                    kind: TypeKind::Alias(TypeRef::Named(target.to_string())),
                });
            }
            ReferenceOr::Item(schema) => schema,
        };
        let data = &schema.schema_data;
        let mut allowed = None;
        let is_union = matches!(
            &schema.schema_kind,
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. }
        ) || matches!(&schema.schema_kind, SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty());
        let mut extended = match &data.discriminator {
            Some(discriminator) if !is_union => self.extended_base(name, discriminator),
            _ => None,
        };
        let kind = match &schema.schema_kind {
            // A base that others extend with `allOf`, its discriminator
            // saying which: a value of it is one of them.
            _ if extended.is_some() => extended.take().expect("just checked"),
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
            SchemaKind::OneOf { one_of } => self.union(one_of, false, data.discriminator.as_ref()),
            SchemaKind::AnyOf { any_of } => self.union(any_of, true, data.discriminator.as_ref()),
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                TypeKind::Struct(self.structure(&any.all_of, &any.properties, &any.required)?)
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                let (members, any_of) = if any.one_of.is_empty() {
                    (&any.any_of, true)
                } else {
                    (&any.one_of, false)
                };
                self.union(members, any_of, data.discriminator.as_ref())
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
                } else if values.iter().all(|v| v.is_i64() || v.is_u64()) {
                    let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
                    TypeKind::Enum(self.integer_variants(&values))
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
                let values: Vec<String> =
                    i.enumeration.iter().flatten().map(i64::to_string).collect();
                TypeKind::Enum(self.integer_variants(&values))
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
        if data.discriminator.is_some() && !matches!(kind, TypeKind::Union(_)) {
            self.warn("a `discriminator` on a schema that is not a `oneOf`/`anyOf` (a base that others extend with `allOf`) is not used: values of this type decode as it, the fields of its extensions kept in `extra`");
        }
        Ok(TypeDef {
            name: name.to_string(),
            doc: match (doc_of(schema, name), allowed) {
                (Some(doc), Some(allowed)) => Some(format!("{}\n\n{allowed}", doc.trim_end())),
                (doc, allowed) => doc.or(allowed),
            },
            deprecated: data.deprecated,
            example: data.example.clone(),
            at: self.origins.locate(self.at),
            nullable: self.schemas.nullable[name],
            kind,
        })
    }

    /// The variants of an enumeration of integers (JSON numbers).
    fn integer_variants(&mut self, values: &[String]) -> Vec<Variant> {
        let mut variants = self.variants(values);
        for variant in &mut variants {
            variant.numeric = true;
        }
        variants
    }

    pub(super) fn variants(&mut self, values: &[String]) -> Vec<Variant> {
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
                numeric: false,
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
            // One type serves requests and responses: a property only the
            // server sends (`readOnly`) or only the client sends
            // (`writeOnly`) is optional, so each side can leave it out.
            let one_way = matches!(schema, SchemaRef::Inline(s) if s.schema_data.read_only || s.schema_data.write_only);
            let required = *required && !one_way;
            let (doc, deprecated, example) = match schema {
                SchemaRef::Inline(s) => (
                    s.schema_data
                        .description
                        .clone()
                        .filter(|d| !d.trim().is_empty()),
                    s.schema_data.deprecated,
                    s.schema_data.example.clone(),
                ),
                SchemaRef::Named(_) => (None, false, None),
            };
            let doc = match schema {
                SchemaRef::Inline(s) if s.schema_data.read_only => Some(join_doc(
                    doc,
                    "Read-only: the server sends it; leave it unset in requests.",
                )),
                SchemaRef::Inline(s) if s.schema_data.write_only => Some(join_doc(
                    doc,
                    "Write-only: sent in requests; the server leaves it out of responses.",
                )),
                _ => doc,
            };
            let encoded = match schema {
                SchemaRef::Inline(s) => s
                    .schema_data
                    .extensions
                    .get(crate::model::ENCODED)
                    .and_then(serde_json::Value::as_str)
                    .and_then(crate::model::ContentEncoding::named),
                SchemaRef::Named(_) => None,
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
                example,
                encoded,
            });
        }
        let extra = unique.claim("extra");
        Ok(Struct { fields, extra })
    }

    /// Adds the properties of an `allOf` member (following references and
    /// nested `allOf`s) to `merged`. `seen` holds the named members on the
    /// way here: meeting one again is a loop (meeting one again on another
    /// way, as two members sharing a base do, is not).
    fn merge(
        &mut self,
        member: SchemaRef<'a>,
        merged: &mut IndexMap<String, (SchemaRef<'a>, bool)>,
        seen: &mut Vec<String>,
    ) -> Result<()> {
        let by_name: &'a IndexMap<String, ReferenceOr<Schema>> = self.schemas.by_name;
        let name = match member {
            SchemaRef::Named(name) => name,
            SchemaRef::Inline(schema) => return self.merge_schema(schema, merged, seen),
        };
        if seen.iter().any(|s| s == name) {
            return Err(Error::spec(
                &self.origins.locate(self.at),
                format!(
                    "`allOf` includes `{name}` inside itself; a type cannot contain all of itself. Remove the loop."
                ),
            ));
        }
        seen.push(name.to_string());
        let result = match by_name.get(name) {
            Some(ReferenceOr::Item(schema)) => self.merge_schema(schema, merged, seen),
            Some(ReferenceOr::Reference { reference }) => {
                self.merge(SchemaRef::Named(component_name(reference)), merged, seen)
            }
            None => Ok(()),
        };
        seen.pop();
        result
    }

    fn merge_schema(
        &mut self,
        schema: &'a Schema,
        merged: &mut IndexMap<String, (SchemaRef<'a>, bool)>,
        seen: &mut Vec<String>,
    ) -> Result<()> {
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
}

static EMPTY_PROPERTIES: std::sync::LazyLock<IndexMap<String, ReferenceOr<Box<Schema>>>> =
    std::sync::LazyLock::new(IndexMap::new);

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

/// `doc`, then `note` as a paragraph of its own.
fn join_doc(doc: Option<String>, note: &str) -> String {
    match doc {
        Some(doc) => format!("{}\n\n{note}", doc.trim_end()),
        None => note.to_string(),
    }
}
