//! Stage 3: lower the bundled OpenAPI 3.1 document to the OpenAPI 3.0 that
//! `openapiv3` reads, give every operation an operationId, then give every
//! inline type a name.
//!
//! Every lowering that loses something the generated code could have used
//! leaves a warning naming the file and pointer it came from.

mod document;
mod hoist;
mod operation_ids;
mod schema;
mod v32;

use crate::bundle::{Bundle, Origins};
use crate::error::{Location, Result, Warning};
use crate::structure::{self, Kind};

pub use hoist::hoist;

/// Lowers `bundle.doc` in place, adding warnings to `bundle.warnings`.
pub fn lower(bundle: &mut Bundle) -> Result<()> {
    let mut cx = Lowering {
        origins: &bundle.origins,
        warnings: &mut bundle.warnings,
    };
    v32::lower_additions(&mut bundle.doc, &mut cx);
    document::lower_document(&mut bundle.doc, &mut cx)?;
    operation_ids::operation_ids(&mut bundle.doc, &mut cx);
    structure::visit_schemas_mut(&mut bundle.doc, Kind::Document, "", &mut |at, schema| {
        schema::lower_schema(at, schema, &mut cx)
    })?;
    hoist(bundle)?;
    pack_additional_operations(&mut bundle.doc);
    Ok(())
}

/// The path item extension that holds OpenAPI 3.2's `query` and
/// `additionalOperations` operations, which `openapiv3` has no field for.
const ADDITIONAL: &str = "x-codegen-additional-operations";

/// Where a tuple schema's members (`prefixItems`, lowered) are kept.
pub const TUPLE: &str = "x-codegen-tuple";

/// Moves each path item's operations beyond the eight fixed methods into
/// one extension (`openapiv3` keeps only `x-` keys), each with its method
/// and its keys under the path item (for locations).
fn pack_additional_operations(doc: &mut serde_json::Value) {
    use serde_json::{Value, json};
    let Some(Value::Object(paths)) = doc.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut() {
        let packed: Vec<Value> = structure::operations(item)
            .into_iter()
            .filter(|found| found.keys[0] == "query" || found.keys.len() > 1)
            .filter_map(|found| {
                let operation = found.get(item)?.clone();
                Some(json!({"method": found.method, "keys": found.keys, "operation": operation}))
            })
            .collect();
        let Value::Object(item) = item else { continue };
        item.remove("query");
        item.remove("additionalOperations");
        if !packed.is_empty() {
            item.insert(ADDITIONAL.into(), Value::Array(packed));
        }
    }
}

/// The operations `pack_additional_operations` moved out of `item` (at
/// `item_at`), as JSON: each one's pointer and operation.
pub fn packed_operations<'a>(
    item: &'a openapiv3::PathItem,
    item_at: &str,
) -> Vec<(String, &'a serde_json::Value)> {
    packed(item, item_at)
        .into_iter()
        .map(|(_, at, operation)| (at, operation))
        .collect()
}

fn packed<'a>(
    item: &'a openapiv3::PathItem,
    item_at: &str,
) -> Vec<(&'a str, String, &'a serde_json::Value)> {
    let Some(serde_json::Value::Array(packed)) = item.extensions.get(ADDITIONAL) else {
        return Vec::new();
    };
    packed
        .iter()
        .filter_map(|p| {
            let method = p.get("method")?.as_str()?;
            let at = p
                .get("keys")?
                .as_array()?
                .iter()
                .filter_map(serde_json::Value::as_str)
                .fold(item_at.to_owned(), |at, key| crate::pointer::push(&at, key));
            Some((method, at, p.get("operation")?))
        })
        .collect()
}

/// The operations `pack_additional_operations` moved out of `item` (at
/// `item_at`): each one's method, pointer and operation (the parse stage
/// has read each).
pub fn additional_operations(
    item: &openapiv3::PathItem,
    item_at: &str,
) -> Vec<(String, String, openapiv3::Operation)> {
    packed(item, item_at)
        .into_iter()
        .filter_map(|(method, at, operation)| {
            let operation = serde::Deserialize::deserialize(operation).ok()?;
            Some((method.to_owned(), at, operation))
        })
        .collect()
}

/// Keywords that describe a schema without constraining what it accepts:
/// they may sit beside a `$ref` (the referenced type stays the type) or be
/// merged into a schema freely.
pub(crate) const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "example",
    "examples",
    "default",
    "deprecated",
    "readOnly",
    "writeOnly",
    "externalDocs",
    "nullable",
    "format",
];

/// What a lowering step needs besides the value it works on.
pub(crate) struct Lowering<'a> {
    pub origins: &'a Origins,
    pub warnings: &'a mut Vec<Warning>,
}

impl Lowering<'_> {
    pub fn at(&self, bundled: &str) -> Location {
        self.origins.locate(bundled)
    }

    pub fn warn(&mut self, bundled: &str, message: impl Into<String>) {
        let location = self.at(bundled);
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }
}
