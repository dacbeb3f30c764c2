//! An operation's request body: which media type its method sends, and
//! which others a raw-body twin sends.

use openapiv3::ReferenceOr;

use super::super::TypeRef;
use super::super::operation::{BodyKind, FormEncoding, ParamStyle, RequestBody};
use super::super::schemas::{Schemas, schema_ref};

/// The media type's essence: `application/json; charset=utf-8` →
/// `application/json`.
pub(crate) fn essence(media: &str) -> String {
    media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

pub(crate) fn is_json(media: &str) -> bool {
    let essence = essence(media);
    essence == "application/json" || essence.ends_with("+json")
}

/// JSON is sent where the API takes it, else a URL-encoded form, else text
/// when text is all it takes; anything else is raw bytes with a content
/// type the caller names. The media types not chosen are the raw-body
/// twin's.
pub(super) fn build(operation: &openapiv3::Operation, schemas: &Schemas) -> Option<RequestBody> {
    let Some(body) = &operation.request_body else {
        return None;
    };
    let ReferenceOr::Item(body) = body else {
        unreachable!("the bundler inlines request body references")
    };
    if body.content.is_empty() {
        return None;
    }
    let media: Vec<&String> = body.content.keys().collect();
    let typed = |key: &String| {
        body.content[key]
            .schema
            .as_ref()
            .map_or(TypeRef::Json, |schema| {
                schemas.type_ref(schema_ref(schema)).0
            })
    };
    let chosen = media
        .iter()
        .find(|m| is_json(m))
        .map(|m| (*m, BodyKind::Json(typed(m))))
        .or_else(|| {
            media
                .iter()
                .find(|m| essence(m) == "application/x-www-form-urlencoded")
                .map(|m| (*m, BodyKind::Form(typed(m))))
        })
        .or_else(|| {
            (media.len() == 1 && essence(media[0]) == "text/plain")
                .then(|| (media[0], BodyKind::Text))
        });
    let (kind, raw_alternatives) = match chosen {
        Some((key, kind)) => (
            kind,
            media
                .iter()
                .filter(|m| **m != key)
                .map(|m| m.to_string())
                .collect(),
        ),
        None => (
            BodyKind::Bytes {
                content_types: media.iter().map(|m| m.to_string()).collect(),
            },
            Vec::new(),
        ),
    };
    let form_encoding = match &kind {
        BodyKind::Form(_) => media
            .iter()
            .find(|m| essence(m) == "application/x-www-form-urlencoded")
            .map(|m| form_encoding(&body.content[*m]))
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    Some(RequestBody {
        form_encoding,
        required: body.required,
        doc: body.description.clone().filter(|d| !d.trim().is_empty()),
        kind,
        raw_alternatives,
    })
}

/// The `encoding` of a form's properties: their style and explode.
fn form_encoding(media: &openapiv3::MediaType) -> Vec<FormEncoding> {
    use openapiv3::QueryStyle;
    media
        .encoding
        .iter()
        .map(|(property, encoding)| {
            let style = match encoding.style {
                Some(QueryStyle::SpaceDelimited) => ParamStyle::SpaceDelimited,
                Some(QueryStyle::PipeDelimited) => ParamStyle::PipeDelimited,
                Some(QueryStyle::DeepObject) => ParamStyle::DeepObject,
                Some(QueryStyle::Form) | None => ParamStyle::Form,
            };
            FormEncoding {
                property: property.clone(),
                style,
                // Lowering wrote `form`'s default, `true`, where the spec
                // left it out (openapiv3 reads an absent `explode` as false).
                explode: encoding.explode,
            }
        })
        .collect()
}
