//! Bodies. A success response is read whole inside its attempt (so a
//! connection lost halfway is retried like any other failure) and decoded
//! by the generated method as its operation's description says. Raw
//! request bodies are sent with the media type the caller names.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use progenitor_client::{ByteStream, ResponseValue};
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use super::Error;
use super::api::Operation;
use super::error::Redactor;

/// A response body that is not JSON (a file, a log, CSV), or one whose
/// media type varies: its bytes and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The `Content-Type` the server sent, if any.
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

impl RawBody {
    /// Whether the server said the body is JSON.
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(is_json)
    }

    /// The body decoded as JSON into `T`.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_slice(&self.bytes)
    }

    /// The body as text, if it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.bytes).ok()
    }
}

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// A success response, read whole, for the generated method to decode.
pub(crate) struct Response {
    #[allow(
        dead_code,
        reason = "read by operations with several kinds of success, which not every API has"
    )]
    pub status: u16,
    pub headers: HeaderMap,
    pub bytes: Bytes,
    pub operation: &'static Operation,
    pub redactor: Redactor,
}

#[allow(
    dead_code,
    reason = "each is used by the operations that answer so, which not every API has"
)]
impl Response {
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok())
    }

    /// Whether the body is JSON, or says nothing of its type.
    pub fn is_json(&self) -> bool {
        self.content_type().is_none_or(is_json)
    }

    /// The body decoded as the operation's description says; an error with
    /// an excerpt of the body when it is not that.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.bytes).map_err(|source| Error::Decode {
            operation: self.operation.id,
            method: self.operation.method.to_owned(),
            path: self.operation.path.to_owned(),
            excerpt: self.redactor.excerpt(&self.bytes),
            source,
        })
    }

    pub fn into_raw(self) -> RawBody {
        RawBody {
            content_type: self.content_type().map(str::to_owned),
            bytes: self.bytes,
        }
    }
}

/// Why an attempt ended without an answer: the call failed, or its body
/// was larger than the client reads.
pub(crate) enum Failed {
    Call(progenitor_client::Error<()>),
    /// The body's `Content-Length`, when the server sent one.
    TooLarge(Option<u64>),
}

impl From<progenitor_client::Error<()>> for Failed {
    fn from(error: progenitor_client::Error<()>) -> Self {
        Failed::Call(error)
    }
}

/// A success response's status, headers and body, read whole — but never
/// more than `limit` bytes: a larger `Content-Length` is refused before any
/// of the body is read, and a body without one stops being read as soon as
/// it passes the limit.
pub(crate) async fn read(
    response: ResponseValue<ByteStream>,
    limit: u64,
) -> Result<(u16, HeaderMap, Bytes), Failed> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let length = response.content_length();
    if length.is_some_and(|length| length > limit) {
        return Err(Failed::TooLarge(length));
    }
    let mut stream = response.into_inner_stream();
    let mut bytes = BytesMut::with_capacity(length.unwrap_or(0) as usize);
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(progenitor_client::Error::ResponseBodyError)?;
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Err(Failed::TooLarge(length));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok((status, headers, bytes.freeze()))
}

/// At most `limit` bytes of an error response's body: enough for its error
/// type and message, which is all the client reads of it.
pub(crate) async fn read_prefix(
    mut response: reqwest::Response,
    limit: u64,
) -> Result<Bytes, reqwest::Error> {
    let mut bytes = BytesMut::new();
    while let Some(chunk) = response.chunk().await? {
        let room = (limit as usize).saturating_sub(bytes.len());
        bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() >= room {
            break;
        }
    }
    Ok(bytes.freeze())
}

tokio::task_local! {
    /// The media type of a raw request body, for the one call it is set around.
    static REQUEST_CONTENT_TYPE: HeaderValue;
}

/// Runs `call` (which sends a raw body) with `content_type` as the body's
/// media type: progenitor labels every raw body `application/octet-stream`.
#[allow(
    dead_code,
    reason = "used by operations with raw request bodies, which not every API has"
)]
pub(crate) async fn with_content_type<T>(
    content_type: &str,
    call: impl std::future::Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    let value = HeaderValue::from_str(content_type).map_err(|_| Error::InvalidArgument {
        name: "content_type",
        reason: format!("`{content_type}` cannot be sent as a Content-Type header"),
    })?;
    REQUEST_CONTENT_TYPE.scope(value, call).await
}

/// Labels `request` with the content type [`with_content_type`] set, if any.
pub(crate) fn apply_content_type(request: &mut reqwest::Request) {
    if let Ok(content_type) = REQUEST_CONTENT_TYPE.try_with(HeaderValue::clone) {
        request.headers_mut().insert(CONTENT_TYPE, content_type);
    }
}
