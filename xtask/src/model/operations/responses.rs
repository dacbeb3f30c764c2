//! An operation's responses, and what its method answers on success.

use openapiv3::{ReferenceOr, StatusCode};

use super::super::TypeRef;
use super::super::operation::{
    Content, Framing, Payload, Response, ResponseHeader, Status, Stream, Success, SuccessCase,
};
use super::super::schemas::{Schemas, schema_ref};
use super::bodies::is_json;
use crate::bundle::Origins;
use crate::error::Warning;
use crate::names::Unique;
use crate::pointer;

fn status(code: &StatusCode) -> Status {
    match code {
        StatusCode::Code(code) => Status::Code(*code),
        StatusCode::Range(first) => Status::Range(*first),
    }
}

/// Every response of `operation`, in the spec's order (`default` last).
pub(super) fn build(operation: &openapiv3::Operation, schemas: &Schemas) -> Vec<Response> {
    let listed = operation
        .responses
        .responses
        .iter()
        .map(|(code, r)| (status(code), r));
    listed
        .chain(
            operation
                .responses
                .default
                .iter()
                .map(|r| (Status::Default, r)),
        )
        .map(|(status, response)| {
            let ReferenceOr::Item(response) = response else {
                unreachable!("the bundler inlines response references")
            };
            let content = response
                .content
                .iter()
                .map(|(media_type, content)| Content {
                    media_type: media_type.clone(),
                    payload: if is_json(media_type) {
                        Payload::Json(content.schema.as_ref().map_or(TypeRef::Json, |schema| {
                            let (ty, nullable) = schemas.type_ref(schema_ref(schema));
                            ty.nullable_if(nullable)
                        }))
                    } else {
                        Payload::Bytes
                    },
                })
                .collect();
            Response {
                status,
                description: response.description.clone(),
                content,
                headers: headers(&response.headers, schemas),
            }
        })
        .collect()
}

/// The headers a response declares (but `Content-Type`, which OpenAPI
/// says to ignore: the body's media type is its own).
fn headers(
    declared: &indexmap::IndexMap<String, ReferenceOr<openapiv3::Header>>,
    schemas: &Schemas,
) -> Vec<ResponseHeader> {
    let mut names = Unique::default();
    declared
        .iter()
        .filter(|(name, _)| !name.eq_ignore_ascii_case("content-type"))
        .filter_map(|(name, header)| {
            let ReferenceOr::Item(header) = header else {
                return None;
            };
            let ty = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    schemas.type_ref(schema_ref(schema)).0
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            // Lists and objects have no one way to be read from a header's
            // text: they are kept as the text.
            let ty = match ty {
                TypeRef::List(_)
                | TypeRef::Tuple(_)
                | TypeRef::Map(_)
                | TypeRef::JsonObject
                | TypeRef::Json => TypeRef::String,
                ty => ty,
            };
            Some(ResponseHeader {
                wire: name.clone(),
                name: names.claim(&crate::names::snake(name)),
                ty,
                required: header.required,
                doc: header.description.clone().filter(|d| !d.trim().is_empty()),
            })
        })
        .collect()
}

/// The headers of the success responses, each once (by name, as HTTP
/// compares them), required where every success response requires it.
pub(super) fn success_headers(responses: &[Response]) -> Vec<ResponseHeader> {
    let successes = successes(responses);
    let mut merged: Vec<ResponseHeader> = Vec::new();
    for header in successes.iter().flat_map(|r| &r.headers) {
        if !merged
            .iter()
            .any(|h| h.wire.eq_ignore_ascii_case(&header.wire))
        {
            let required = successes.iter().all(|r| {
                r.headers
                    .iter()
                    .any(|h| h.wire.eq_ignore_ascii_case(&header.wire) && h.required)
            });
            merged.push(ResponseHeader {
                required,
                ..header.clone()
            });
        }
    }
    merged
}

/// What the method answers: the one kind of body every success response
/// has, or an enum of the cases when they differ. The success responses
/// are the 2xx ones; without any, `default` is (as OpenAPI tools commonly read it);
/// without that either, the body is returned as it comes.
pub(super) fn success(
    responses: &[Response],
    upgrade: bool,
    at: &str,
    origins: &Origins,
    warnings: &mut Vec<Warning>,
) -> Success {
    if upgrade || responses.iter().any(|r| r.status == Status::Code(101)) {
        return Success::Upgrade;
    }
    let successes = successes(responses);
    if successes.is_empty() {
        return Success::Bytes;
    }
    // Answered only item by item: the method is the stream.
    let with_content: Vec<&&Response> =
        successes.iter().filter(|r| !r.content.is_empty()).collect();
    if let [only] = with_content.as_slice()
        && let [content] = only.content.as_slice()
        && Framing::of(&content.media_type).is_some()
    {
        return Success::Stream;
    }
    let kinds: Vec<Option<Payload>> = successes
        .iter()
        .map(|response| {
            let kind = kind(response);
            // A sequential media type beside the others is the streaming
            // twin's; the method asks for the rest.
            let media: Vec<&str> = response
                .content
                .iter()
                .map(|c| c.media_type.as_str())
                .filter(|media| Framing::of(media).is_none())
                .collect();
            if media.len() > 1 && kind == Some(Payload::Bytes) {
                let status = status_key(response.status);
                warnings.push(Warning {
                    location: origins.locate(&pointer::push(
                        &pointer::push(&pointer::push(at, "responses"), &status),
                        "content",
                    )),
                    message: format!(
                        "the response may be any of {}; the generated method returns the body as it comes, with its content type",
                        media.join(", ")
                    ),
                });
            }
            kind
        })
        .collect();
    if kinds.iter().all(|k| *k == kinds[0]) {
        return match &kinds[0] {
            None => Success::Empty,
            Some(Payload::Json(ty)) => Success::Json(ty.clone()),
            Some(Payload::Bytes) => Success::Bytes,
            Some(Payload::JsonOrBytes(ty)) => Success::JsonOrBytes(ty.clone()),
        };
    }
    let mut variants = Unique::default();
    variants.reserve("Other");
    let mut cases: Vec<SuccessCase> = successes
        .iter()
        .zip(kinds)
        .map(|(response, payload)| SuccessCase {
            variant: variants.claim(&variant_name(response.status)),
            status: response.status,
            payload,
            doc: response.description.trim().to_string(),
        })
        .collect();
    // Exact codes are matched before ranges, ranges before `default`.
    cases.sort_by_key(|case| match case.status {
        Status::Code(code) => (0, code),
        Status::Range(first) => (1, first),
        Status::Default => (2, 0),
    });
    Success::Several(cases)
}

/// The success responses: the 2xx ones; without any, `default` (as OpenAPI
/// tools commonly read it).
fn successes(responses: &[Response]) -> Vec<&Response> {
    let successes: Vec<&Response> = responses.iter().filter(|r| r.status.is_success()).collect();
    if !successes.is_empty() {
        return successes;
    }
    responses
        .iter()
        .filter(|r| r.status == Status::Default)
        .collect()
}

/// The body of one response: none, JSON of a type, or bytes (a non-JSON
/// media type, or several media types). A sequential media type beside
/// others is left to the streaming twin.
fn kind(response: &Response) -> Option<Payload> {
    let whole: Vec<&Content> = response
        .content
        .iter()
        .filter(|c| Framing::of(&c.media_type).is_none())
        .collect();
    match (whole.as_slice(), response.content.as_slice()) {
        (_, []) => None,
        ([one], _) => Some(one.payload.clone()),
        // JSON beside other media types: JSON is what the method asks
        // for; beside a wildcard, whatever comes is taken as it is.
        (many, _) => {
            let json: Vec<&TypeRef> = many
                .iter()
                .filter_map(|c| match &c.payload {
                    Payload::Json(ty) => Some(ty),
                    _ => None,
                })
                .collect();
            match json.as_slice() {
                [ty] if many.iter().any(|c| wildcard(&c.media_type)) => {
                    Some(Payload::JsonOrBytes((*ty).clone()))
                }
                [ty] => Some(Payload::Json((*ty).clone())),
                _ => Some(Payload::Bytes),
            }
        }
    }
}

/// `*/*`, `image/*`: a media type that names a range, not one type.
fn wildcard(media_type: &str) -> bool {
    media_type.contains('*')
}

/// The media types a success also comes in that the caller may ask for by
/// name, beside the JSON its method asks for: each named (not a
/// wildcard), not JSON, not a stream; in the spec's order.
pub(super) fn alternates(responses: &[Response], success: &Success) -> Vec<String> {
    if !matches!(success, Success::Json(_) | Success::JsonOrBytes(_)) {
        return Vec::new();
    }
    let mut media: Vec<String> = Vec::new();
    for content in successes(responses).iter().flat_map(|r| &r.content) {
        // Sent as a static `Accept`: only what a header can hold.
        let sendable = content
            .media_type
            .bytes()
            .all(|b| b == b'\t' || (b' '..=b'~').contains(&b));
        let named = !wildcard(&content.media_type)
            && sendable
            && content.payload == Payload::Bytes
            && Framing::of(&content.media_type).is_none();
        if named && !media.contains(&content.media_type) {
            media.push(content.media_type.clone());
        }
    }
    media
}

/// The items of the first success answered in a sequential media type.
/// Without 3.2's `itemSchema` (lowered to an array of items), the schema
/// describes one item as real specs use it: each event's `data`, each
/// line, each part; an array schema's `items` one item; a plain string an
/// event's (or a part's) text, or a line of any JSON.
pub(super) fn stream(
    operation: &openapiv3::Operation,
    responses: &[Response],
    schemas: &Schemas,
) -> Option<Stream> {
    let statuses: Vec<Status> = successes(responses).iter().map(|r| r.status).collect();
    let listed = operation
        .responses
        .responses
        .iter()
        .filter_map(|(code, r)| statuses.contains(&status(code)).then_some(r));
    let default = operation
        .responses
        .default
        .iter()
        .filter(|_| statuses.contains(&Status::Default));
    listed.chain(default).find_map(|response| {
        let ReferenceOr::Item(response) = response else {
            return None;
        };
        response.content.iter().find_map(|(media_type, content)| {
            let framing = Framing::of(media_type)?;
            let declared = content.schema.as_ref().map(|schema| {
                let (ty, nullable) = schemas.type_ref(schema_ref(schema));
                ty.nullable_if(nullable)
            });
            let item = match declared {
                Some(TypeRef::List(item)) => *item,
                Some(TypeRef::String) | None
                    if matches!(framing, Framing::Events | Framing::Multipart) =>
                {
                    TypeRef::String
                }
                Some(TypeRef::String) | None => TypeRef::Json,
                Some(other) => other,
            };
            Some(Stream {
                media_type: media_type.clone(),
                framing,
                item,
            })
        })
    })
}

pub(crate) fn status_key(status: Status) -> String {
    match status {
        Status::Code(code) => code.to_string(),
        Status::Range(first) => format!("{first}XX"),
        Status::Default => "default".into(),
    }
}

/// `201` → `Created`: the reason phrase, as a variant name.
fn variant_name(status: Status) -> String {
    let phrase = match status {
        Status::Code(200) => "Ok",
        Status::Code(201) => "Created",
        Status::Code(202) => "Accepted",
        Status::Code(203) => "NonAuthoritativeInformation",
        Status::Code(204) => "NoContent",
        Status::Code(205) => "ResetContent",
        Status::Code(206) => "PartialContent",
        Status::Code(207) => "MultiStatus",
        Status::Code(208) => "AlreadyReported",
        Status::Code(226) => "ImUsed",
        Status::Code(code) => return format!("Status{code}"),
        Status::Range(first) => return format!("Status{first}xx"),
        Status::Default => "Default",
    };
    phrase.to_string()
}
