//! Which operations progenitor's methods write exactly as the spec asks.
//! The runtime builds every other one whole (`rt::Call`), so nothing is
//! left out or sent differently for progenitor's sake.
//!
//! What progenitor 0.15 writes, read from its generator: path segments
//! encoded with its own `encode_path`, which leaves `\` as it is (URL
//! parsers read it as `/`), so only values that cannot hold one (numbers,
//! booleans, dates) go in its paths; query parameters in `form` style, one
//! value or an exploded list, every reserved character encoded; header
//! values in `simple` style, one value each, beside an `api-version`
//! header of its own; no cookies; JSON and `text/plain` bodies (its form
//! encoder takes no lists and reads no `encoding`; a binary body is always
//! labelled `application/octet-stream`); the methods `reqwest::Client`
//! has a function for (not OPTIONS or TRACE); no protocol upgrade without
//! its own random and base64 dependencies.

use std::collections::BTreeSet;

use super::naming::{argument_name, input_name};
use crate::model::{
    BodyKind, Method, Operation, Param, ParamLocation, ParamStyle, Success, TypeDef, TypeRef,
    is_scalar,
};

/// Whether progenitor's method for `op` sends exactly what the spec says.
pub fn writes(op: &Operation, types: &[TypeDef]) -> bool {
    let method = !matches!(
        op.method,
        Method::Options | Method::Trace | Method::Other { .. }
    );
    // typify reads no tuple from a 3.0 schema; a named one is a `$ref`.
    let body = match op.body.as_ref().map(|b| &b.kind) {
        Some(BodyKind::Json(ty)) => !holds_tuple(ty),
        None | Some(BodyKind::Text) => true,
        Some(BodyKind::Form(_) | BodyKind::Bytes { .. }) => false,
    };
    method
        && body
        && !matches!(op.success, Success::Upgrade | Success::Stream)
        && op.params.iter().all(|p| writes_param(p, types))
        && distinct_arguments(op)
}

fn writes_param(p: &Param, types: &[TypeDef]) -> bool {
    if p.allow_reserved || p.encoded.is_some() {
        return false;
    }
    match (p.location, p.style) {
        (ParamLocation::Path, ParamStyle::Simple) => cannot_hold_a_backslash(&p.ty),
        (ParamLocation::Query, ParamStyle::Form) => {
            is_scalar(&p.ty, types)
                || (p.explode && matches!(&p.ty, TypeRef::List(item) if is_scalar(item, types)))
        }
        (ParamLocation::Header, ParamStyle::Simple) => {
            is_scalar(&p.ty, types) && !p.wire.eq_ignore_ascii_case("api-version")
        }
        _ => false,
    }
}

fn holds_tuple(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Tuple(_)) || ty.children().into_iter().any(holds_tuple)
}

/// Text whose every value progenitor's path encoder keeps in one segment.
fn cannot_hold_a_backslash(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F64
            | TypeRef::Date
            | TypeRef::DateTime
    )
}

/// progenitor names each argument by its casing of the parameter's name;
/// two parameters it would name alike, or one it would name `body` beside
/// the body, cannot both be passed.
fn distinct_arguments(op: &Operation) -> bool {
    let mut seen = BTreeSet::new();
    if op.body.is_some() {
        seen.insert("body".to_string());
    }
    op.params
        .iter()
        .all(|p| seen.insert(argument_name(&input_name(p))))
}
