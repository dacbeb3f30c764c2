//! Which parts of an OpenAPI document hold which kind of object.
//!
//! The bundler needs this to know whether a `$ref` names a schema (which
//! becomes a named type) or something else (which is inlined); the lowering
//! needs it to find every schema. Both read it from here.

use serde_json::Value;

use crate::error::Result;
use crate::pointer;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Header,
    Schema,
    /// Anything else that may still hold `$ref`s to inline (tags, security, …).
    Generic,
}

/// How a key's value relates to its parent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Child {
    One(Kind),
    Map(Kind),
    List(Kind),
    /// A map of maps (callbacks: expression → path item).
    MapOfMaps(Kind),
}

/// Values under these keys are data (examples, defaults, enumerations,
/// extensions): copied as they are, never searched for `$ref`s.
pub fn is_literal(key: &str) -> bool {
    matches!(key, "example" | "examples" | "default" | "enum" | "const") || key.starts_with("x-")
}

/// The kind of object under `key` in an object of kind `parent` (not for
/// schemas; see [`schema_child`]). `None` means: copy as it is.
pub fn child(parent: Kind, key: &str) -> Option<Child> {
    use Child::*;
    use Kind::*;
    if is_literal(key) {
        return None;
    }
    Some(match (parent, key) {
        (Document, "paths" | "webhooks") => Map(PathItem),
        (Document, "components") => One(Components),
        (Components, "schemas") => Map(Schema),
        (Components, "parameters") => Map(Parameter),
        (Components, "responses") => Map(Response),
        (Components, "requestBodies") => Map(RequestBody),
        (Components, "headers") => Map(Header),
        (Components, "pathItems") => Map(PathItem),
        (Components, "callbacks") => MapOfMaps(PathItem),
        (PathItem | Operation, "parameters") => List(Parameter),
        (
            PathItem,
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" | "query",
        ) => One(Operation),
        (PathItem, "additionalOperations") => Map(Operation),
        (Components, "mediaTypes") => Map(MediaType),
        (MediaType, "itemSchema") => One(Schema),
        (MediaType, "itemEncoding") => One(Encoding),
        (MediaType, "prefixEncoding") => List(Encoding),
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => Map(Response),
        (Operation, "callbacks") => MapOfMaps(PathItem),
        (Parameter | Header | MediaType, "schema") => One(Schema),
        (Parameter | Header | RequestBody | Response, "content") => Map(MediaType),
        (Response | Encoding, "headers") => Map(Header),
        (MediaType, "encoding") => Map(Encoding),
        (Schema, _) => return schema_child(key),
        _ => One(Generic),
    })
}

/// The subschemas of a schema under `key`.
pub fn schema_child(key: &str) -> Option<Child> {
    use Child::*;
    use Kind::Schema;
    if is_literal(key) {
        return None;
    }
    Some(match key {
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
            Map(Schema)
        }
        "allOf" | "anyOf" | "oneOf" | "prefixItems" => List(Schema),
        "items"
        | "additionalProperties"
        | "unevaluatedProperties"
        | "not"
        | "if"
        | "then"
        | "else"
        | "contains"
        | "propertyNames"
        | "additionalItems"
        | "unevaluatedItems"
        | "contentSchema" => One(Schema),
        _ => return None,
    })
}

/// Calls `visit` on every schema in `value` (an object of kind `kind` at
/// `at`), parents before their subschemas, so a visitor that rewrites a
/// schema has its rewritten children visited.
pub fn visit_schemas_mut(
    value: &mut Value,
    kind: Kind,
    at: &str,
    visit: &mut dyn FnMut(&str, &mut Value) -> Result<()>,
) -> Result<()> {
    if kind == Kind::Schema {
        visit(at, value)?;
    }
    let Value::Object(object) = value else {
        return Ok(());
    };
    for (key, child_value) in object.iter_mut() {
        // `additionalProperties: true/false` is a boolean in OpenAPI 3.0
        // too, not a schema to lower (a property *named*
        // `additionalProperties` is a schema like any other).
        if kind == Kind::Schema && key == "additionalProperties" && child_value.is_boolean() {
            continue;
        }
        let Some(shape) = child(kind, key) else {
            continue;
        };
        let child_at = pointer::push(at, key);
        visit_child(child_value, shape, &child_at, visit)?;
    }
    Ok(())
}

fn visit_child(
    value: &mut Value,
    shape: Child,
    at: &str,
    visit: &mut dyn FnMut(&str, &mut Value) -> Result<()>,
) -> Result<()> {
    match (shape, value) {
        (Child::One(kind), value) => {
            // `items` may still be a list in old-style tuple schemas.
            if let (Kind::Schema, Value::Array(items)) = (kind, &mut *value) {
                for (i, item) in items.iter_mut().enumerate() {
                    visit_schemas_mut(item, kind, &pointer::push(at, &i.to_string()), visit)?;
                }
                return Ok(());
            }
            visit_schemas_mut(value, kind, at, visit)
        }
        (Child::Map(kind), Value::Object(map)) => {
            for (key, item) in map.iter_mut() {
                visit_schemas_mut(item, kind, &pointer::push(at, key), visit)?;
            }
            Ok(())
        }
        (Child::List(kind), Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                visit_schemas_mut(item, kind, &pointer::push(at, &i.to_string()), visit)?;
            }
            Ok(())
        }
        (Child::MapOfMaps(kind), Value::Object(outer)) => {
            for (key, inner) in outer.iter_mut() {
                visit_child(inner, Child::Map(kind), &pointer::push(at, key), visit)?;
            }
            Ok(())
        }
        // A value of the wrong shape is reported by the validation stage.
        _ => Ok(()),
    }
}

pub const HTTP_METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// One operation of a path item: where it is, and its HTTP method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationAt {
    /// Its keys under the path item: `["get"]`, `["query"]` (OpenAPI 3.2),
    /// `["additionalOperations", "COPY"]` (3.2).
    pub keys: Vec<String>,
    /// As on the wire: `GET`, `QUERY`, `COPY`.
    pub method: String,
}

impl OperationAt {
    /// Its pointer, under the path item's.
    pub fn pointer(&self, item_at: &str) -> String {
        self.keys
            .iter()
            .fold(item_at.to_owned(), |at, key| pointer::push(&at, key))
    }

    pub fn get<'a>(&self, item: &'a Value) -> Option<&'a Value> {
        self.keys.iter().try_fold(item, |value, key| value.get(key))
    }

    pub fn get_mut<'a>(&self, item: &'a mut Value) -> Option<&'a mut Value> {
        self.keys
            .iter()
            .try_fold(item, |value, key| value.get_mut(key))
    }
}

/// The operations of a path item, in the specification's order of its
/// fixed fields, then 3.2's `query`, then its `additionalOperations` (a
/// method there that is one of the fixed fields' is not an operation of
/// its own: the validation refuses it).
pub fn operations(item: &Value) -> Vec<OperationAt> {
    let fixed = HTTP_METHODS
        .iter()
        .chain(&["query"])
        .filter(|key| item.get(**key).is_some())
        .map(|key| OperationAt {
            keys: vec![(*key).to_owned()],
            method: key.to_ascii_uppercase(),
        });
    let additional = item
        .get("additionalOperations")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(method, _)| OperationAt {
            keys: vec!["additionalOperations".to_owned(), method.clone()],
            method: method.clone(),
        });
    fixed.chain(additional).collect()
}
