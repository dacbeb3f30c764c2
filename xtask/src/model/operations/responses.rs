//! An operation's responses, and what its method answers on success.

use openapiv3::{ReferenceOr, StatusCode};

use super::super::operation::{Content, Payload, Response, Status, Success, SuccessCase};
use super::super::schemas::{Schemas, schema_ref};
use super::bodies::is_json;
use crate::bundle::Origins;
use crate::error::Warning;
use crate::names::Unique;
use crate::pointer;

/// Every response of `operation`, in the spec's order (`default` last).
pub(super) fn build(operation: &openapiv3::Operation, schemas: &Schemas) -> Vec<Response> {
    let listed = operation.responses.responses.iter().map(|(status, r)| {
        let status = match status {
            StatusCode::Code(code) => Status::Code(*code),
            StatusCode::Range(first) => Status::Range(*first),
        };
        (status, r)
    });
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
                        Payload::Json(content.schema.as_ref().map_or(
                            super::super::TypeRef::Json,
                            |schema| {
                                let (ty, nullable) = schemas.type_ref(schema_ref(schema));
                                ty.nullable_if(nullable)
                            },
                        ))
                    } else {
                        Payload::Bytes
                    },
                })
                .collect();
            Response {
                status,
                description: response.description.clone(),
                content,
            }
        })
        .collect()
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
    let mut successes: Vec<&Response> =
        responses.iter().filter(|r| r.status.is_success()).collect();
    if successes.is_empty() {
        successes = responses
            .iter()
            .filter(|r| r.status == Status::Default)
            .collect();
    }
    if successes.is_empty() {
        return Success::Bytes;
    }
    let kinds: Vec<Option<Payload>> = successes
        .iter()
        .map(|response| {
            let kind = kind(response);
            if response.content.len() > 1 {
                let media: Vec<&str> = response
                    .content
                    .iter()
                    .map(|c| c.media_type.as_str())
                    .collect();
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

/// The body of one response: none, JSON of a type, or bytes (a non-JSON
/// media type, or several media types).
fn kind(response: &Response) -> Option<Payload> {
    match response.content.as_slice() {
        [] => None,
        [one] => Some(one.payload.clone()),
        _ => Some(Payload::Bytes),
    }
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
