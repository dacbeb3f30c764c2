//! The API's conventions, as data: where error bodies keep the error's
//! type and message, which answers mean "not found", the success envelope,
//! offset/limit paging, how operations group, and the environment's names.
//!
//! Each is read from the spec's shapes where they show it, and can be set
//! (or turned off) in the codegen config; nothing here names an API.

use openapiv3::OpenAPI;

use super::operation::{
    Envelope, Method, Operation, PageFrom, Paging, ParamLocation, Payload, Status, Success,
};
use super::{TypeDef, TypeKind, TypeRef, find_type, struct_of};
use crate::bundle::Origins;
use crate::config::{Config, EnvConfig, ResourcesConfig};
use crate::error::{Result, Warning};

#[derive(Debug, Clone)]
pub struct Conventions {
    pub grouping: Grouping,
    /// Names of environment variables the config sets.
    pub env: EnvConfig,
    pub errors: ErrorShape,
    pub not_found: NotFound,
    /// The field of one-field success bodies that holds the result.
    pub envelope: Option<String>,
    pub paging: PagingNames,
    /// The data of a server-sent event that ends its stream.
    pub stream_end: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Every operation is a method of the client.
    Flat,
    /// Operations whose operationIds share the part before the first `_`
    /// are methods of one resource handle.
    OperationIdPrefix,
}

/// Where an error body keeps the error's type and message (JSON pointers).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorShape {
    pub kind: Option<String>,
    pub message: Option<String>,
    /// The type's Rust type: a named enum where every error schema agrees
    /// on one, else text.
    pub kind_type: TypeRef,
}

#[derive(Debug, Clone, PartialEq)]
pub struct NotFound {
    pub status: u16,
    /// When not empty, only errors of these types mean "not found".
    pub error_types: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct PagingNames {
    pub offset: String,
    pub limit: String,
    pub items: String,
    pub total: String,
}

/// Pointers an error's message is commonly found at, most specific first.
const MESSAGE_AT: &[&str] = &[
    "/error/message",
    "/message",
    "/detail",
    "/error_description",
    "/errorMessage",
    "/title",
    "/error",
];

/// Pointers an error's type or code is commonly found at.
const KIND_AT: &[&str] = &[
    "/error/type",
    "/error/code",
    "/type",
    "/code",
    "/error_code",
    "/errorCode",
    "/error",
];

pub fn read(
    _spec: &OpenAPI,
    config: &Config,
    types: &[TypeDef],
    operations: &[Operation],
    _origins: &Origins,
    _warnings: &mut Vec<Warning>,
) -> Result<Conventions> {
    let error_bodies = error_bodies(operations);
    let kind = config
        .errors
        .kind
        .clone()
        .or_else(|| most_common(KIND_AT, &error_bodies, types));
    let message = config
        .errors
        .message
        .clone()
        .filter(|m| Some(m) != kind.as_ref())
        .or_else(|| {
            let candidates: Vec<&str> = MESSAGE_AT
                .iter()
                .copied()
                .filter(|m| Some(*m) != kind.as_deref())
                .collect();
            most_common(&candidates, &error_bodies, types)
        });
    let kind_type = kind
        .as_deref()
        .map_or(TypeRef::String, |at| kind_type(at, &error_bodies, types));
    let paging = &config.pagination;
    Ok(Conventions {
        grouping: match config.resources {
            Some(ResourcesConfig::OperationIdPrefix) => Grouping::OperationIdPrefix,
            Some(ResourcesConfig::Flat) | None => Grouping::Flat,
        },
        env: config.env.clone(),
        errors: ErrorShape {
            kind,
            message,
            kind_type,
        },
        not_found: NotFound {
            status: config.not_found.status.unwrap_or(404),
            error_types: config.not_found.error_types.clone(),
        },
        envelope: config.envelope_field().map(str::to_string),
        stream_end: config.stream_end().map(str::to_string),
        paging: PagingNames {
            offset: paging.offset.clone().unwrap_or_else(|| "offset".into()),
            limit: paging.limit.clone().unwrap_or_else(|| "limit".into()),
            items: paging.items.clone().unwrap_or_else(|| "items".into()),
            total: paging.total.clone().unwrap_or_else(|| "total".into()),
        },
    })
}

/// The distinct JSON types of every error response.
fn error_bodies(operations: &[Operation]) -> Vec<&TypeRef> {
    let mut bodies: Vec<&TypeRef> = Vec::new();
    for response in operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| r.status.is_error())
    {
        for content in &response.content {
            if let Payload::Json(ty) = &content.payload
                && !bodies.contains(&ty)
            {
                bodies.push(ty);
            }
        }
    }
    bodies
}

/// The candidate pointer that the most error bodies hold text at (the
/// earlier candidate on a tie).
fn most_common(candidates: &[&str], bodies: &[&TypeRef], types: &[TypeDef]) -> Option<String> {
    let mut best: Option<(&str, usize)> = None;
    for candidate in candidates {
        let count = bodies
            .iter()
            .filter(|body| resolve(candidate, body, types).is_some_and(|t| is_text(&t, types)))
            .count();
        if count > 0 && best.is_none_or(|(_, most)| count > most) {
            best = Some((candidate, count));
        }
    }
    best.map(|(at, _)| at.to_string())
}

/// The type of the value at `at` in a body of type `body`.
fn resolve(at: &str, body: &TypeRef, types: &[TypeDef]) -> Option<TypeRef> {
    let mut ty = body.clone();
    for segment in crate::pointer::segments(at)? {
        let s = struct_of(types, unwrap_option(&ty))?;
        ty = s.fields.iter().find(|f| f.json == segment)?.ty.clone();
    }
    Some(unwrap_option(&ty).clone())
}

fn unwrap_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

/// A string, a string enumeration, or a number (an error code).
fn is_text(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::String | TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::Named(name) => match find_type(types, name).map(|t| &t.kind) {
            Some(TypeKind::Enum(_)) => true,
            Some(TypeKind::Alias(target)) => is_text(target, types),
            _ => false,
        },
        _ => false,
    }
}

/// The named enum every error body has at `at`, or text.
fn kind_type(at: &str, bodies: &[&TypeRef], types: &[TypeDef]) -> TypeRef {
    let found: Vec<TypeRef> = bodies
        .iter()
        .filter_map(|body| resolve(at, body, types))
        .collect();
    match found.first() {
        Some(TypeRef::Named(name))
            if found.iter().all(|t| *t == found[0])
                && matches!(
                    find_type(types, name).map(|t| &t.kind),
                    Some(TypeKind::Enum(_))
                ) =>
        {
            found[0].clone()
        }
        _ => TypeRef::String,
    }
}

/// Sets each operation's envelope, paging and not-found facts.
pub fn apply(conventions: &Conventions, types: &[TypeDef], operations: &mut [Operation]) {
    for op in operations {
        let envelope = match &op.success {
            Success::Json(ty) => conventions
                .envelope
                .as_deref()
                .and_then(|field| envelope(field, ty, types)),
            _ => None,
        };
        let data = match (&envelope, &op.success) {
            (Some(envelope), _) => Some(envelope.ty.clone()),
            (None, Success::Json(ty)) => Some(ty.clone()),
            _ => None,
        };
        let paging = data
            .as_ref()
            .and_then(|data| paging(op, data, &conventions.paging, types));
        let declares_not_found = op
            .responses
            .iter()
            .any(|r| r.status == Status::Code(conventions.not_found.status));
        let reads_one = match (&op.success, &data) {
            (Success::Bytes, _) => true,
            (Success::Json(_), Some(data)) => !matches!(unwrap_option(data), TypeRef::List(_)),
            _ => false,
        };
        op.conventions.none_on_not_found =
            op.method == Method::Get && declares_not_found && reads_one && paging.is_none();
        op.conventions.envelope = envelope;
        op.conventions.paging = paging;
    }
}

/// `{field: X}` with the field required and nothing else: the result is X.
fn envelope(field: &str, ty: &TypeRef, types: &[TypeDef]) -> Option<Envelope> {
    let s = struct_of(types, ty)?;
    match s.fields.as_slice() {
        [only] if only.json == field && !only.optional && !only.boxed => Some(Envelope {
            field: only.name.clone(),
            json: only.json.clone(),
            ty: only.ty.clone(),
        }),
        _ => None,
    }
}

/// A GET with optional numeric offset and limit query parameters whose
/// result has the page's items and the list's total (in the body or a
/// header).
fn paging(
    op: &Operation,
    data: &TypeRef,
    names: &PagingNames,
    types: &[TypeDef],
) -> Option<Paging> {
    if op.method != Method::Get {
        return None;
    }
    let count_param = |wire: &str| {
        op.params.iter().find(|p| {
            p.location == ParamLocation::Query
                && p.wire == wire
                && !p.required
                && matches!(p.ty, TypeRef::I64 | TypeRef::I32 | TypeRef::F64)
        })
    };
    let (offset, limit) = (count_param(&names.offset)?, count_param(&names.limit)?);
    if offset.ty != limit.ty {
        return None;
    }
    let (from, total_ty, item) =
        page_from_body(data, names, types).or_else(|| page_from_headers(op, data, names))?;
    Some(Paging {
        offset: offset.name.clone(),
        limit: limit.name.clone(),
        count: offset.ty.clone(),
        max_page: limit.maximum.filter(|m| *m > 0),
        from,
        total_ty,
        item,
    })
}

/// A page that is an object with the items and the list's total.
fn page_from_body(
    data: &TypeRef,
    names: &PagingNames,
    types: &[TypeDef],
) -> Option<(PageFrom, TypeRef, TypeRef)> {
    let s = struct_of(types, data)?;
    let field = |json: &str| s.fields.iter().find(|f| f.json == json && !f.optional);
    let items = field(&names.items)?;
    let TypeRef::List(item) = &items.ty else {
        return None;
    };
    let total = field(&names.total).filter(|f| matches!(f.ty, TypeRef::I32 | TypeRef::I64))?;
    let from = PageFrom::Body {
        items: items.name.clone(),
        total: total.name.clone(),
    };
    Some((from, total.ty.clone(), (**item).clone()))
}

/// A page that is the list itself, the total in a response header named
/// for it (`X-Pagination-Total`, `X-Total-Count`).
fn page_from_headers(
    op: &Operation,
    data: &TypeRef,
    names: &PagingNames,
) -> Option<(PageFrom, TypeRef, TypeRef)> {
    let TypeRef::List(item) = data else {
        return None;
    };
    // Some specs declare such headers as text (all header values are):
    // the count is then read from it.
    let total = op.headers.iter().find(|h| {
        matches!(h.ty, TypeRef::I32 | TypeRef::I64 | TypeRef::String)
            && h.wire
                .split(['-', '_'])
                .any(|word| word.eq_ignore_ascii_case(&names.total))
    })?;
    let from = PageFrom::Headers {
        total: total.name.clone(),
        required: total.required,
    };
    Some((from, total.ty.clone(), (**item).clone()))
}
