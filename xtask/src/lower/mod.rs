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
    document::lower_document(&mut bundle.doc, &mut cx)?;
    operation_ids::operation_ids(&mut bundle.doc, &mut cx);
    structure::visit_schemas_mut(&mut bundle.doc, Kind::Document, "", &mut |at, schema| {
        schema::lower_schema(at, schema, &mut cx)
    })?;
    hoist(bundle)
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
