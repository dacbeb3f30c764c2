//! A lowered document read as `openapiv3`'s types.
//!
//! serde's derived code is generic over the deserializer, so it is
//! compiled in whichever crate names `OpenAPI::deserialize(&Value)`: in
//! the dev profile the generator's (unoptimised), where it took a sixth of
//! reading Apify's spec. Named here, in non-generic functions, it is
//! compiled with this crate's opt-level instead.

use serde::Deserialize;
use serde_json::Value;

/// The whole document.
pub fn document(value: &Value) -> Result<openapiv3::OpenAPI, serde_json::Error> {
    openapiv3::OpenAPI::deserialize(value)
}

/// One operation (those beyond the eight methods `openapiv3` reads).
pub fn operation(value: &Value) -> Result<openapiv3::Operation, serde_json::Error> {
    openapiv3::Operation::deserialize(value)
}
