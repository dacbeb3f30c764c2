//! Gives every inline schema that becomes a Rust type (an object with
//! properties, an enumeration, a union) a name under `components/schemas`,
//! and refers to it from where it was.
//!
//! After this, the models crate can define every type once, and the client
//! generator sees only references to them: no second, client-side copy of
//! any type exists. Names come from where the schema sat:
//! `WebhookDispatch.calls[]` → `WebhookDispatchCallsItem`,
//! the 200 response of `webhookDispatch_get` → `WebhookDispatchGetResponse`.

use super::ANNOTATIONS;
use serde_json::{Map, Value, json};

use crate::bundle::Bundle;
use crate::error::{Result, Warning};
use crate::names::{self, Unique};
use crate::pointer;
use crate::structure;

pub fn hoist(bundle: &mut Bundle) -> Result<()> {
    let mut hoister = Hoister {
        names: Unique::default(),
        found: Vec::new(),
        warnings: Vec::new(),
    };
    for reserved in names::RESERVED_TYPE_NAMES {
        hoister.names.reserve(reserved);
    }
    let doc = &mut bundle.doc;
    let mut schemas = match doc.pointer_mut("/components/schemas") {
        Some(Value::Object(schemas)) => std::mem::take(schemas),
        _ => Map::new(),
    };
    for name in schemas.keys() {
        hoister.names.reserve(name);
    }

    for (name, schema) in schemas.iter_mut() {
        let at = pointer::push("/components/schemas", name);
        hoister.within(schema, name, &at, true);
    }
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            let item_at = pointer::push("/paths", path);
            for found in structure::operations(item) {
                let Some(Value::Object(operation)) = found.get_mut(item) else {
                    continue;
                };
                let base = operation
                    .get("operationId")
                    .and_then(Value::as_str)
                    .map(names::type_name)
                    .unwrap_or_default();
                hoister.operation(operation, &base, &found.pointer(&item_at));
            }
        }
    }

    // Hoisted schemas may hold inline types of their own.
    while let Some((name, mut schema, from)) = hoister.found.pop() {
        let at = pointer::push("/components/schemas", &name);
        bundle.origins.record(&at, bundle.origins.locate(&from));
        hoister.within(&mut schema, &name, &at, true);
        schemas.insert(name, schema);
    }
    bundle.warnings.append(&mut hoister.warnings);
    if let Some(components) = doc.as_object_mut().and_then(|d| {
        d.entry("components")
            .or_insert_with(|| Value::Object(Map::new()))
            .as_object_mut()
    }) {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    Ok(())
}

struct Hoister {
    names: Unique,
    /// (name, schema, bundled pointer it was taken from)
    found: Vec<(String, Value, String)>,
    warnings: Vec<Warning>,
}

impl Hoister {
    fn operation(&mut self, operation: &mut Map<String, Value>, base: &str, at: &str) {
        if let Some(Value::Array(parameters)) = operation.get_mut("parameters") {
            for (i, parameter) in parameters.iter_mut().enumerate() {
                let name = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("param")
                    .to_string();
                let p_at = pointer::push(&pointer::push(at, "parameters"), &i.to_string());
                let want = format!("{base}{}", names::type_name(&name));
                if let Some(schema) = parameter.get_mut("schema") {
                    self.within(schema, &want, &pointer::push(&p_at, "schema"), false);
                }
                // A parameter described by `content` (one media type).
                if let Some(Value::Object(content)) = parameter.get_mut("content") {
                    for (media, media_type) in content.iter_mut() {
                        if let Some(schema) = media_type.get_mut("schema") {
                            let c_at = pointer::push(&pointer::push(&p_at, "content"), media);
                            self.within(schema, &want, &pointer::push(&c_at, "schema"), false);
                        }
                    }
                }
            }
        }
        if let Some(Value::Object(content)) = operation
            .get_mut("requestBody")
            .and_then(|b| b.get_mut("content"))
        {
            let body_at = pointer::push(&pointer::push(at, "requestBody"), "content");
            for (media, media_type) in content.iter_mut() {
                if let Some(schema) = media_type.get_mut("schema") {
                    let want = format!("{base}Body");
                    let s_at = pointer::push(&pointer::push(&body_at, media), "schema");
                    self.within(schema, &want, &s_at, false);
                }
            }
        }
        if let Some(Value::Object(responses)) = operation.get_mut("responses") {
            for (status, response) in responses.iter_mut() {
                let r_at = pointer::push(&pointer::push(at, "responses"), status);
                let suffix = if status.starts_with('2') {
                    "Response".to_string()
                } else {
                    format!("Response{}", names::pascal(status, ""))
                };
                if let Some(Value::Object(content)) = response.get_mut("content") {
                    for (media, media_type) in content.iter_mut() {
                        if let Some(schema) = media_type.get_mut("schema") {
                            let s_at = pointer::push(
                                &pointer::push(&pointer::push(&r_at, "content"), media),
                                "schema",
                            );
                            self.within(schema, &format!("{base}{suffix}"), &s_at, false);
                        }
                    }
                }
                if let Some(Value::Object(headers)) = response.get_mut("headers") {
                    for (header, object) in headers.iter_mut() {
                        if let Some(schema) = object.get_mut("schema") {
                            let s_at = pointer::push(
                                &pointer::push(&pointer::push(&r_at, "headers"), header),
                                "schema",
                            );
                            let want = format!("{base}{}", names::type_name(header));
                            self.within(schema, &want, &s_at, false);
                        }
                    }
                }
            }
        }
    }

    /// Names `schema` (unless it is the root of a named schema) if it is a
    /// type of its own; otherwise looks for such types inside it.
    fn within(&mut self, schema: &mut Value, base: &str, at: &str, is_named: bool) {
        let Value::Object(object) = schema else {
            return;
        };
        // Encoded content: the property's type is its one member, named
        // (if it is a type of its own) where the property is.
        if object.contains_key(crate::model::ENCODED)
            && let Some(Value::Array(members)) = object.get_mut("allOf")
        {
            let at = pointer::push(&pointer::push(at, "allOf"), "0");
            for member in members {
                self.within(member, base, &at, false);
            }
            return;
        }
        if !is_named && is_type_of_its_own(object) {
            let name = self.names.claim(&names::bounded(base));
            let mut taken = std::mem::take(object);
            // Nullability belongs to the place that uses the type, not the type.
            let nullable = taken.remove("nullable") == Some(Value::Bool(true));
            let reference =
                json!({ "$ref": format!("#{}", pointer::push("/components/schemas", &name)) });
            let description = taken.get("description").cloned();
            if nullable || description.is_some() {
                object.insert("allOf".into(), Value::Array(vec![reference]));
                if nullable {
                    object.insert("nullable".into(), Value::Bool(true));
                }
                if let Some(description) = description {
                    object.insert("description".into(), description);
                }
            } else if let Value::Object(reference) = reference {
                *object = reference;
            }
            self.found
                .push((name, Value::Object(taken), at.to_string()));
            return;
        }
        for (key, child) in object.iter_mut() {
            let child_at = pointer::push(at, key);
            match (key.as_str(), child) {
                ("properties", Value::Object(properties)) => {
                    for (property, schema) in properties.iter_mut() {
                        let want = format!("{base}{}", names::type_name(property));
                        self.within(schema, &want, &pointer::push(&child_at, property), false);
                    }
                }
                ("items", schema) => self.within(schema, &format!("{base}Item"), &child_at, false),
                (super::TUPLE, Value::Array(members)) => {
                    for (i, member) in members.iter_mut().enumerate() {
                        let at = pointer::push(&pointer::push(at, "prefixItems"), &i.to_string());
                        self.within(member, &format!("{base}Item{}", i + 1), &at, false);
                    }
                }
                ("additionalProperties", schema) => {
                    self.within(schema, &format!("{base}Value"), &child_at, false)
                }
                // allOf members merge into this type; their inline parts are
                // named after it.
                ("allOf", Value::Array(members)) => {
                    for (i, member) in members.iter_mut().enumerate() {
                        self.within(
                            member,
                            base,
                            &pointer::push(&child_at, &i.to_string()),
                            true,
                        );
                    }
                }
                ("anyOf" | "oneOf", Value::Array(members)) => {
                    for (i, member) in members.iter_mut().enumerate() {
                        let want = member
                            .get("title")
                            .and_then(Value::as_str)
                            .map(names::type_name)
                            .filter(|t| !self.names.is_taken(t))
                            .unwrap_or_else(|| format!("{base}Variant{}", i + 1));
                        self.within(
                            member,
                            &want,
                            &pointer::push(&child_at, &i.to_string()),
                            false,
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

/// Whether a schema becomes a Rust type of its own (a struct, enum or
/// union) rather than a primitive, list, map or reference.
fn is_type_of_its_own(object: &Map<String, Value>) -> bool {
    if object.contains_key("$ref") {
        return false;
    }
    let has = |k: &str| {
        object.get(k).is_some_and(|v| {
            !matches!(v, Value::Array(a) if a.is_empty())
                && !matches!(v, Value::Object(o) if o.is_empty())
        })
    };
    if has("properties") || has("enum") || has("oneOf") || has("anyOf") {
        return true;
    }
    match object.get("allOf") {
        // `allOf: [{$ref}]` with only annotations beside it (description,
        // nullable, …) is the referenced type; with `required` or other
        // constraints beside it, it is a narrower type of its own.
        Some(Value::Array(members)) => {
            let decorated_ref = members.len() == 1
                && members[0].get("$ref").is_some()
                && object.keys().all(|k| {
                    k == "allOf" || ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-")
                });
            !decorated_ref
        }
        _ => false,
    }
}
