//! The lowered document → `openapiv3` types.
//!
//! `openapiv3` reads many objects through untagged enums (`$ref` or item),
//! which hide where inside them a value was wrong: a bad response
//! description surfaces as an error at `/paths`. So on failure each part is
//! checked again on its own, with its own type, down to the deepest part
//! that still fails, and the error is reported there.

use openapiv3::OpenAPI;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::bundle::Origins;
use crate::error::{Error, Result};
use crate::pointer;
use crate::structure::{self, Child, Kind};

pub fn parse_openapi(doc: &Value, origins: &Origins) -> Result<OpenAPI> {
    match openapi_types::document(doc) {
        Ok(spec) => {
            additional_operations(&spec, origins)?;
            Ok(spec)
        }
        Err(error) => {
            let (at, message) = deepest_failure(doc, Kind::Document, "")
                .unwrap_or_else(|| (String::new(), error.to_string()));
            Err(not_allowed(origins, &at, &message))
        }
    }
}

fn not_allowed(origins: &Origins, at: &str, message: &str) -> Error {
    Error::spec(
        &origins.locate(at),
        format!(
            "this is not what OpenAPI allows here: {message}. Fix it to match the OpenAPI specification."
        ),
    )
}

/// OpenAPI 3.2's operations beyond the eight methods, which the lowering
/// keeps in an extension `openapiv3` does not read: each read the same way.
fn additional_operations(spec: &OpenAPI, origins: &Origins) -> Result<()> {
    for (path, item) in &spec.paths.paths {
        let openapiv3::ReferenceOr::Item(item) = item else {
            continue;
        };
        let item_at = pointer::push("/paths", path);
        for (at, operation) in crate::lower::packed_operations(item, &item_at) {
            if let Err(error) = openapi_types::operation(operation) {
                let (at, message) = deepest_failure(operation, Kind::Operation, &at)
                    .unwrap_or_else(|| (at.clone(), error.to_string()));
                return Err(not_allowed(origins, &at, &message));
            }
        }
    }
    Ok(())
}

/// Where `value` (an object of `kind` at `at`) fails to deserialize, as
/// precisely as the structure allows; `None` if it deserializes.
fn deepest_failure(value: &Value, kind: Kind, at: &str) -> Option<(String, String)> {
    let (suffix, message) = check(value, kind)?;
    if let Value::Object(object) = value {
        for (key, child) in object {
            let Some(shape) = structure::child(kind, key) else {
                continue;
            };
            for (child_at, item, item_kind) in parts(child, shape, &pointer::push(at, key)) {
                if let Some(found) = deepest_failure(item, item_kind, &child_at) {
                    return Some(found);
                }
            }
        }
    }
    Some((format!("{at}{suffix}"), message))
}

fn parts<'a>(value: &'a Value, shape: Child, at: &str) -> Vec<(String, &'a Value, Kind)> {
    let entries = |kind| match value {
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| (pointer::push(at, k), v, kind))
            .collect(),
        _ => Vec::new(),
    };
    match shape {
        Child::One(kind) => vec![(at.to_string(), value, kind)],
        Child::Map(kind) => entries(kind),
        Child::List(kind) => match value {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (pointer::push(at, &i.to_string()), v, kind))
                .collect(),
            _ => Vec::new(),
        },
        Child::MapOfMaps(kind) => match value {
            Value::Object(map) => map
                .iter()
                .flat_map(|(k, inner)| parts(inner, Child::Map(kind), &pointer::push(at, k)))
                .collect(),
            _ => Vec::new(),
        },
    }
}

/// The pointer (relative to `value`) and message of the error reading
/// `value` as the `openapiv3` type for `kind`.
fn check(value: &Value, kind: Kind) -> Option<(String, String)> {
    fn run<T: DeserializeOwned>(value: &Value) -> Option<(String, String)> {
        let error = serde_path_to_error::deserialize::<_, T>(value).err()?;
        Some((
            pointer::from_serde_path(error.path()),
            error.inner().to_string(),
        ))
    }
    match kind {
        Kind::Document => run::<OpenAPI>(value),
        Kind::Components => run::<openapiv3::Components>(value),
        Kind::PathItem => run::<openapiv3::PathItem>(value),
        Kind::Operation => run::<openapiv3::Operation>(value),
        Kind::Parameter => run::<openapiv3::Parameter>(value),
        Kind::RequestBody => run::<openapiv3::RequestBody>(value),
        Kind::Response => run::<openapiv3::Response>(value),
        Kind::MediaType => run::<openapiv3::MediaType>(value),
        Kind::Encoding => run::<openapiv3::Encoding>(value),
        Kind::Header => run::<openapiv3::Header>(value),
        Kind::Schema => run::<openapiv3::Schema>(value),
        Kind::Generic => None,
    }
}
