//! Raw bodies: sent with the media type the caller names, received with the
//! one the server names. (JSON bodies are typed and need neither.)

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use reqwest::header::{CONTENT_TYPE, HeaderValue};

use super::Error;
use crate::raw;

/// A response body that is not JSON (a key-value store record, a log, a
/// dataset in CSV): its bytes and its media type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawBody {
    /// The `Content-Type` the server sent, if any.
    pub content_type: Option<String>,
    pub bytes: Bytes,
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

/// Reads a streamed body whole, inside the attempt, so that a connection
/// lost halfway is retried like any other.
#[allow(
    dead_code,
    reason = "used by operations with non-JSON responses, which not every API has"
)]
pub(crate) async fn collect_body(
    response: raw::ResponseValue<raw::ByteStream>,
) -> Result<raw::ResponseValue<RawBody>, raw::Error<()>> {
    let status = response.status();
    let headers = response.headers().clone();
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut stream = response.into_inner_stream();
    let mut bytes = BytesMut::new();
    while let Some(chunk) = stream.next().await {
        bytes.extend_from_slice(&chunk.map_err(raw::Error::ResponseBodyError)?);
    }
    let body = RawBody {
        content_type,
        bytes: bytes.freeze(),
    };
    Ok(raw::ResponseValue::new(body, status, headers))
}
