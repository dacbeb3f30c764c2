//! Lowering one JSON Schema 2020-12 (OpenAPI 3.1) schema to an OpenAPI 3.0
//! schema object.

use super::ANNOTATIONS;
use serde_json::{Map, Value, json};

use super::Lowering;
use crate::error::describe;
use crate::error::{Error, Result};
use crate::pointer;

/// Keywords an OpenAPI 3.0 schema object has.
const OPENAPI_30: &[&str] = &[
    "$ref",
    "additionalProperties",
    "allOf",
    "anyOf",
    "default",
    "deprecated",
    "description",
    "discriminator",
    "enum",
    "example",
    "exclusiveMaximum",
    "exclusiveMinimum",
    "externalDocs",
    "format",
    "items",
    "maxItems",
    "maxLength",
    "maxProperties",
    "maximum",
    "minItems",
    "minLength",
    "minProperties",
    "minimum",
    "multipleOf",
    "not",
    "nullable",
    "oneOf",
    "pattern",
    "properties",
    "readOnly",
    "required",
    "title",
    "type",
    "uniqueItems",
    "writeOnly",
    "xml",
];

/// 3.1 keywords that carry nothing a 3.0 document or the generated code
/// could use once `$ref`s are resolved; dropped without a warning.
const INERT: &[&str] = &[
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$defs",
    "definitions",
    "$vocabulary",
    "$dynamicAnchor",
];

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "array", "object", "null",
];

pub(super) fn lower_schema(at: &str, schema: &mut Value, cx: &mut Lowering) -> Result<()> {
    match schema {
        Value::Bool(true) => {
            *schema = json!({});
            return Ok(());
        }
        Value::Bool(false) => {
            cx.warn(
                at,
                "the schema `false` (nothing is valid) has no 3.0 form; it is read as `not: {}`",
            );
            *schema = json!({"not": {}});
            return Ok(());
        }
        Value::Object(_) => {}
        other => {
            return Err(Error::spec(
                &cx.at(at),
                format!(
                    "a schema must be a mapping (or `true`/`false`), not {}.",
                    describe(other)
                ),
            ));
        }
    }
    let object = schema.as_object_mut().expect("checked above");
    // Definitions are only places `$ref`s point to; the bundler has made
    // each one it reached a named schema, and 3.0 has no place for them.
    object.remove("$defs");
    object.remove("definitions");
    if let Some(Value::Object(discriminator)) = object.get_mut("discriminator")
        && let Some(default) = discriminator.remove("defaultMapping")
    {
        cx.warn(
            &pointer::push(&pointer::push(at, "discriminator"), "defaultMapping"),
            format!(
                "`defaultMapping` ({}) is not used: a value the mapping does not list is kept as it came, in the enum's variant for unknown kinds",
                default.as_str().unwrap_or("a schema")
            ),
        );
    }
    null_branches(object, "anyOf", at, cx)?;
    null_branches(object, "oneOf", at, cx)?;
    ref_with_siblings(object);
    if let Some(replacement) = lower_type(object, at, cx)? {
        *schema = Value::Object(replacement);
        return Ok(());
    }
    null_in_enum(object);
    if let Some(value) = object.remove("const") {
        if value.is_null() {
            object.insert("nullable".into(), Value::Bool(true));
        } else {
            object
                .entry("enum")
                .or_insert_with(|| Value::Array(vec![value]));
        }
    }
    examples(object, at, cx);
    exclusive_bound(object, "exclusiveMinimum", "minimum");
    exclusive_bound(object, "exclusiveMaximum", "maximum");
    if let Some(Value::Array(_)) = object.get("items") {
        object.remove("items");
        cx.warn(&pointer::push(at, "items"), "tuple `items` (a list of schemas) has no 3.0 form; the items are read as any JSON value");
    }
    tuple(object, at, cx)?;
    encoded_properties(object);
    drop_unknown_keywords(object, at, cx);
    drop_malformed_keywords(object, at, cx);
    Ok(())
}

/// `prefixItems` that fix an array's length (`items: false` or `maxItems`,
/// and `minItems`, all saying the number of members): a tuple. Its members
/// are lowered here and kept under [`TUPLE`], where `openapiv3` keeps
/// them and the model reads them; an array that may be shorter or longer
/// is a list of any JSON value, since a Rust tuple would refuse arrays the
/// schema allows.
fn tuple(object: &mut Map<String, Value>, at: &str, cx: &mut Lowering) -> Result<()> {
    let Some(Value::Array(mut members)) = object.remove("prefixItems") else {
        return Ok(());
    };
    let at = pointer::push(at, "prefixItems");
    let n = members.len() as u64;
    let count = |key: &str| object.get(key).and_then(Value::as_u64);
    let closed = object.get("items") == Some(&Value::Bool(false)) || count("maxItems") == Some(n);
    let full = count("minItems") == Some(n);
    if !(closed && full && n > 0) {
        let why = match (closed, full) {
            (false, _) => "more items may follow them (no `items: false` or `maxItems`)",
            (true, _) => "fewer items may come (no `minItems` equal to their number)",
        };
        cx.warn(
            &at,
            format!("`prefixItems` is a tuple only for arrays of exactly its members, and {why}; the items are read as any JSON value"),
        );
        return Ok(());
    }
    for (i, member) in members.iter_mut().enumerate() {
        let member_at = pointer::push(&at, &i.to_string());
        crate::structure::visit_schemas_mut(
            member,
            crate::structure::Kind::Schema,
            &member_at,
            &mut |at, schema| lower_schema(at, schema, cx),
        )?;
    }
    object.remove("items");
    object.insert(super::TUPLE.into(), Value::Array(members));
    Ok(())
}

/// A property whose string holds encoded JSON is the `contentSchema`'s typed
/// value: its schema becomes that one, wrapped in a one-member `allOf` that
/// carries how it is encoded (`x-codegen-encoded`, which `openapiv3` keeps
/// beside an `allOf` and would lose beside a `$ref`), and its description.
/// Visited after this, the `contentSchema` is lowered like any other.
fn encoded_properties(object: &mut Map<String, Value>) {
    let Some(Value::Object(properties)) = object.get_mut("properties") else {
        return;
    };
    for schema in properties.values_mut() {
        let Value::Object(property) = schema else {
            continue;
        };
        let Some((encoding, content)) = super::document::encoded_content(property) else {
            continue;
        };
        let mut wrapper = Map::new();
        wrapper.insert("allOf".into(), Value::Array(vec![content]));
        wrapper.insert(crate::model::ENCODED.into(), Value::String(encoding.into()));
        for key in ["description", "deprecated", "readOnly", "writeOnly"] {
            if let Some(value) = property.get(key) {
                wrapper.insert(key.into(), value.clone());
            }
        }
        *schema = Value::Object(wrapper);
    }
}

/// The JSON shape `openapiv3` reads a keyword's value as.
#[derive(Clone, Copy)]
enum Shape {
    Text,
    Flag,
    Number,
    Count,
    Names,
    List,
    Mapping,
}

const SHAPES: &[(&str, Shape)] = &[
    ("title", Shape::Text),
    ("description", Shape::Text),
    ("pattern", Shape::Text),
    ("format", Shape::Text),
    ("nullable", Shape::Flag),
    ("readOnly", Shape::Flag),
    ("writeOnly", Shape::Flag),
    ("deprecated", Shape::Flag),
    ("uniqueItems", Shape::Flag),
    ("exclusiveMinimum", Shape::Flag),
    ("exclusiveMaximum", Shape::Flag),
    ("minimum", Shape::Number),
    ("maximum", Shape::Number),
    ("multipleOf", Shape::Number),
    ("minLength", Shape::Count),
    ("maxLength", Shape::Count),
    ("minItems", Shape::Count),
    ("maxItems", Shape::Count),
    ("minProperties", Shape::Count),
    ("maxProperties", Shape::Count),
    ("required", Shape::Names),
    ("enum", Shape::List),
    ("externalDocs", Shape::Mapping),
    ("xml", Shape::Mapping),
];

/// A keyword whose value is not of the shape OpenAPI gives it (`pattern:
/// 0`, `maxLength: -1`) is a slip in the spec; it is dropped with a
/// warning, so the rest of the schema is read. None of these keywords
/// decides a Rust type except `required` and `enum`, whose well-formed
/// entries are kept.
fn drop_malformed_keywords(object: &mut Map<String, Value>, at: &str, cx: &mut Lowering) {
    // The schema's few keys are looked up in the list, not the list's every
    // keyword in the schema: a hash per keyword and schema showed in
    // codegen's profile. The keywords are still handled in the list's order.
    let mut present: Vec<usize> = object
        .keys()
        .filter_map(|key| SHAPES.iter().position(|(keyword, _)| keyword == key))
        .collect();
    present.sort_unstable();
    for (key, shape) in present.into_iter().map(|i| &SHAPES[i]) {
        let Some(value) = object.get_mut(*key) else {
            continue;
        };
        let fits = match (shape, value) {
            (Shape::Text, Value::String(_))
            | (Shape::Flag, Value::Bool(_))
            | (Shape::Number, Value::Number(_))
            | (Shape::List, Value::Array(_))
            | (Shape::Mapping, Value::Object(_)) => true,
            (Shape::Count, count @ Value::Number(_)) => {
                // `5.0` is a count; JSON readers take it as a float.
                match count.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0) {
                    Some(n) => {
                        *count = Value::from(n as u64);
                        true
                    }
                    None => false,
                }
            }
            (Shape::Names, Value::Array(names)) => {
                let before = names.len();
                names.retain(Value::is_string);
                if names.len() != before {
                    cx.warn(
                        &pointer::push(at, key),
                        "`required` lists something that is not a property name; it is ignored",
                    );
                }
                true
            }
            _ => false,
        };
        if !fits {
            let shown = object[*key].to_string();
            let shown: String = shown.chars().take(40).collect();
            cx.warn(
                &pointer::push(at, key),
                format!("`{key}: {shown}` is not what OpenAPI allows there; it is ignored"),
            );
            object.remove(*key);
        }
    }
}

/// `anyOf`/`oneOf` with a `{type: "null"}` branch means "nullable".
fn null_branches(
    object: &mut Map<String, Value>,
    key: &str,
    at: &str,
    cx: &mut Lowering,
) -> Result<()> {
    let Some(Value::Array(branches)) = object.get_mut(key) else {
        return Ok(());
    };
    let before = branches.len();
    branches.retain(|branch| !is_null_schema(branch));
    if branches.len() == before {
        return Ok(());
    }
    object.insert("nullable".into(), Value::Bool(true));
    let Some(Value::Array(mut branches)) = object.remove(key) else {
        unreachable!()
    };
    match branches.len() {
        0 => {}
        1 => {
            let branch = branches.pop().expect("one branch");
            let Value::Object(branch) = branch else {
                return Err(Error::spec(
                    &cx.at(&pointer::push(at, key)),
                    format!("each `{key}` branch must be a schema mapping."),
                ));
            };
            let clashes = branch
                .keys()
                .any(|k| object.contains_key(k) && !ANNOTATIONS.contains(&k.as_str()));
            if branch.contains_key("$ref") || clashes {
                // Keep the branch whole: a reference, or one whose keywords
                // would collide with the parent's.
                let all_of = object
                    .entry("allOf")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if let Value::Array(all_of) = all_of {
                    all_of.push(Value::Object(branch));
                }
            } else {
                for (k, v) in branch {
                    object.entry(k).or_insert(v);
                }
            }
        }
        _ => {
            object.insert(key.into(), Value::Array(branches));
        }
    }
    Ok(())
}

fn is_null_schema(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) if t == "null" => true,
        Some(Value::Array(types)) if types.iter().all(|t| t == "null") && !types.is_empty() => true,
        _ => {
            schema.get("const") == Some(&Value::Null) || schema.get("enum") == Some(&json!([null]))
        }
    }
}

/// In 3.0 a `$ref` object may hold nothing else; 3.1 allows siblings
/// (`description`, `nullable`, …). `allOf: [{$ref}]` keeps both.
fn ref_with_siblings(object: &mut Map<String, Value>) {
    if !object.contains_key("$ref") || object.len() == 1 {
        return;
    }
    let reference = object.remove("$ref").expect("checked above");
    let member = json!({ "$ref": reference });
    match object.get_mut("allOf") {
        Some(Value::Array(all_of)) => all_of.insert(0, member),
        _ => {
            object.insert("allOf".into(), Value::Array(vec![member]));
        }
    }
}

/// `type: [X, "null"]` → `type: X, nullable: true`. Returns a replacement
/// schema when the types are several: a `oneOf` of one member per kind.
fn lower_type(
    object: &mut Map<String, Value>,
    at: &str,
    cx: &mut Lowering,
) -> Result<Option<Map<String, Value>>> {
    let type_at = pointer::push(at, "type");
    let written: Vec<Value> = match object.get("type") {
        None => return Ok(None),
        Some(Value::Array(words)) => words.clone(),
        Some(word) => vec![word.clone()],
    };
    // A type that is not one of JSON's is a mistake in the spec; the
    // schema is read without it (as any value of the types that are left).
    let mut words: Vec<String> = Vec::new();
    for word in &written {
        match word.as_str() {
            Some(name) if TYPES.contains(&name) => words.push(name.to_string()),
            _ => {
                let what = match word {
                    Value::String(name) => format!("`type: {name}` is not a JSON type"),
                    other => format!("`type` holds {}, not a JSON type", describe(other)),
                };
                cx.warn(
                    &type_at,
                    format!("{what} ({}); it is ignored", TYPES.join(", ")),
                );
            }
        }
    }
    if words.is_empty() {
        object.remove("type");
        return Ok(None);
    }
    let nullable = words.iter().any(|w| w == "null");
    let mut kinds: Vec<&String> = words.iter().filter(|w| *w != "null").collect();
    kinds.dedup();
    if nullable {
        object.insert("nullable".into(), Value::Bool(true));
    }
    match kinds.as_slice() {
        [] => {
            object.remove("type");
            Ok(None)
        }
        [one] => {
            object.insert("type".into(), Value::String((*one).clone()));
            Ok(None)
        }
        // Several kinds never overlap (a JSON value is of one), so the
        // schema is a `oneOf` of one member per kind, each with the
        // keywords that apply to it: an enum by JSON kind.
        many => {
            let mut members = Vec::new();
            for kind in many {
                let mut member = Map::new();
                member.insert("type".into(), Value::String((*kind).clone()));
                for (key, value) in object.iter() {
                    if keyword_applies(key, kind) {
                        member.insert(key.clone(), value.clone());
                    }
                }
                if let Some(Value::Array(values)) = object.get("enum") {
                    let fitting: Vec<Value> = values
                        .iter()
                        .filter(|v| value_kind(v) == Some(kind.as_str()))
                        .cloned()
                        .collect();
                    if !fitting.is_empty() {
                        member.insert("enum".into(), Value::Array(fitting));
                    }
                }
                members.push(Value::Object(member));
            }
            let mut replacement: Map<String, Value> = object
                .iter()
                .filter(|(k, _)| {
                    (ANNOTATIONS.contains(&k.as_str()) && k.as_str() != "format")
                        || k.starts_with("x-")
                })
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            replacement.insert("oneOf".into(), Value::Array(members));
            Ok(Some(replacement))
        }
    }
}

/// Whether `key` constrains values of JSON type `kind`.
fn keyword_applies(key: &str, kind: &str) -> bool {
    match kind {
        "string" => matches!(
            key,
            "minLength"
                | "maxLength"
                | "pattern"
                | "format"
                | "contentEncoding"
                | "contentMediaType"
        ),
        "integer" | "number" => matches!(
            key,
            "minimum"
                | "maximum"
                | "exclusiveMinimum"
                | "exclusiveMaximum"
                | "multipleOf"
                | "format"
        ),
        "array" => matches!(
            key,
            "items" | "prefixItems" | "minItems" | "maxItems" | "uniqueItems" | "contains"
        ),
        "object" => matches!(
            key,
            "properties"
                | "required"
                | "additionalProperties"
                | "patternProperties"
                | "minProperties"
                | "maxProperties"
                | "propertyNames"
        ),
        _ => false,
    }
}

/// The JSON type of an enumerated value.
fn value_kind(value: &Value) -> Option<&'static str> {
    Some(match value {
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
        Value::Null => return None,
    })
}

fn null_in_enum(object: &mut Map<String, Value>) {
    if let Some(Value::Array(values)) = object.get_mut("enum") {
        let before = values.len();
        values.retain(|v| !v.is_null());
        if values.len() != before {
            if values.is_empty() {
                object.remove("enum");
            }
            object.insert("nullable".into(), Value::Bool(true));
        }
    }
}

/// 3.1 schemas list `examples`; 3.0 ones hold one `example`.
/// Every example is kept: listed in the description (so rustdoc shows
/// each), the first as the 3.0 `example` (which the mock's example values
/// use).
fn examples(object: &mut Map<String, Value>, _at: &str, _cx: &mut Lowering) {
    let Some(examples) = object.remove("examples") else {
        return;
    };
    let Value::Array(examples) = examples else {
        return;
    };
    let Some(first) = examples.first() else {
        return;
    };
    if !object.contains_key("example") {
        object.insert("example".into(), first.clone());
    }
    let shown: Vec<String> = examples
        .iter()
        .map(|example| format!("`{}`", example.to_string().replace('`', "'")))
        .collect();
    let line = format!(
        "{}: {}.",
        if shown.len() == 1 {
            "Example"
        } else {
            "Examples"
        },
        shown.join(", ")
    );
    let description = match object.get("description").and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => format!("{}\n\n{line}", text.trim_end()),
        _ => line,
    };
    object.insert("description".into(), Value::String(description));
}

/// 3.1 `exclusiveMinimum: 5` is 3.0 `minimum: 5, exclusiveMinimum: true`.
fn exclusive_bound(object: &mut Map<String, Value>, exclusive: &str, bound: &str) {
    if let Some(Value::Number(n)) = object.get(exclusive).cloned() {
        object.insert(bound.into(), Value::Number(n));
        object.insert(exclusive.into(), Value::Bool(true));
    }
}

fn drop_unknown_keywords(object: &mut Map<String, Value>, at: &str, cx: &mut Lowering) {
    let unknown: Vec<String> = object
        .keys()
        .filter(|k| !OPENAPI_30.contains(&k.as_str()) && !k.starts_with("x-"))
        .cloned()
        .collect();
    for key in unknown {
        object.remove(&key);
        if INERT.contains(&key.as_str()) {
            continue;
        }
        cx.warn(
            &pointer::push(at, &key),
            format!("`{key}` has no OpenAPI 3.0 form and is ignored; values are not checked against it and it does not shape the Rust type"),
        );
    }
}
