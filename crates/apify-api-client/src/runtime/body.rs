//! Response bodies. A success response is read whole inside its attempt
//! (so a connection lost halfway is retried like any other failure) and
//! decoded by the generated method as its operation's description says.

use bytes::{Bytes, BytesMut};
use futures_util::StreamExt;
use reqwest::header::{CONTENT_TYPE, HeaderMap};
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

/// An answer's body with the headers its response declares (what an
/// operation's `…_with_headers` method answers).
#[derive(Debug, Clone, PartialEq)]
pub struct WithHeaders<T, H> {
    pub body: T,
    pub headers: H,
}

/// An answer that is JSON or any other media type, told apart by its
/// `Content-Type`: the decoded value, or the bytes as they came.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonOr<T> {
    Json(T),
    Other(RawBody),
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

    /// Header `name` read as `T` from its text — text as it is, numbers and
    /// booleans as JSON reads them, dates as RFC 3339 or HTTP dates —;
    /// `None` when the response has none.
    pub fn header<T: DeserializeOwned>(&self, name: &'static str) -> Result<Option<T>, Error> {
        let Some(value) = self.headers.get(name) else {
            return Ok(None);
        };
        let wrong = |reason: String| Error::Header {
            method: self.operation.method.to_owned(),
            path: self.operation.path.to_owned(),
            name,
            reason,
        };
        let text = value
            .to_str()
            .map_err(|_| wrong("is not text".into()))?
            .trim();
        serde_json::from_value(serde_json::Value::String(text.to_owned()))
            .or_else(|_| serde_json::from_str(text))
            .or_else(|e| {
                // Dates in headers are HTTP dates (`Last-Modified`).
                let date = httpdate::parse_http_date(text).map_err(|_| e)?;
                let rfc3339 = chrono::DateTime::<chrono::Utc>::from(date).to_rfc3339();
                serde_json::from_value(serde_json::Value::String(rfc3339))
            })
            .map(Some)
            .map_err(|e| {
                wrong(format!(
                    "is not what the API description declares ({e}): {}",
                    self.redactor.excerpt(text.as_bytes())
                ))
            })
    }

    /// Header `name`, which the API description says every success has.
    pub fn required_header<T: DeserializeOwned>(&self, name: &'static str) -> Result<T, Error> {
        self.header(name)?.ok_or_else(|| Error::Header {
            method: self.operation.method.to_owned(),
            path: self.operation.path.to_owned(),
            name,
            reason: "is missing, though the API description says every success has it".into(),
        })
    }

    /// The answer `decode` makes of this response, beside the headers
    /// `read` finds in it first.
    pub fn with_headers<T, H>(
        self,
        read: fn(&Response) -> Result<H, Error>,
        decode: impl FnOnce(Response) -> Result<T, Error>,
    ) -> Result<WithHeaders<T, H>, Error> {
        let headers = read(&self)?;
        Ok(WithHeaders {
            body: decode(self)?,
            headers,
        })
    }

    /// The body decoded as JSON when the server says it is JSON, else its
    /// bytes with their content type.
    pub fn json_or<T: DeserializeOwned>(self) -> Result<JsonOr<T>, Error> {
        match self.content_type().is_some_and(is_json) {
            true => self.json().map(JsonOr::Json),
            false => Ok(JsonOr::Other(self.into_raw())),
        }
    }

    pub fn into_raw(self) -> RawBody {
        RawBody {
            content_type: self.content_type().map(str::to_owned),
            bytes: self.bytes,
        }
    }
}

/// The head of a success response, its body still to read.
pub(crate) struct Head {
    pub status: u16,
    pub headers: HeaderMap,
    /// The body's `Content-Length`, when the server sent one.
    pub length: Option<u64>,
    pub body: Body,
}

/// A body still to read: a response's own, or a stream of its bytes.
pub(crate) enum Body {
    Response(reqwest::Response),
    Stream(BodyStream),
}

pub(crate) type BodyStream =
    std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<Bytes>> + Send + Sync>>;

impl Body {
    pub(crate) async fn chunk(&mut self) -> reqwest::Result<Option<Bytes>> {
        match self {
            Body::Response(response) => response.chunk().await,
            Body::Stream(stream) => stream.next().await.transpose(),
        }
    }
}

impl Head {
    /// A response of any status: its head, when it is a success.
    pub fn of(mut response: reqwest::Response) -> Result<Head, Failed> {
        if !response.status().is_success() {
            return Err(Failed::Status(Box::new(response)));
        }
        Ok(Head {
            status: response.status().as_u16(),
            length: response.content_length(),
            // Taken, not copied: the body is read from the response.
            headers: std::mem::take(response.headers_mut()),
            body: Body::Response(response),
        })
    }
}

/// Why an attempt ended without a success.
pub(crate) enum Failed {
    /// The server answered with an error status; the body is unread.
    Status(Box<reqwest::Response>),
    /// No answer: the request could not be sent, or the answer not read.
    Transport(reqwest::Error),
    /// The request could not be made.
    Invalid(String),
    /// The body is larger than the client reads; its `Content-Length`,
    /// when the server sent one.
    TooLarge(Option<u64>),
}

/// A success response's status, headers and body, read whole — but never
/// more than `limit` bytes: a larger `Content-Length` is refused before any
/// of the body is read, and a body without one stops being read as soon as
/// it passes the limit. A body that arrives in one piece is kept as it is,
/// not copied.
pub(crate) async fn read(head: Head, limit: u64) -> Result<(u16, HeaderMap, Bytes), Failed> {
    let Head {
        status,
        headers,
        length,
        mut body,
    } = head;
    if length.is_some_and(|length| length > limit) {
        return Err(Failed::TooLarge(length));
    }
    let mut read = 0u64;
    let mut first: Option<Bytes> = None;
    let mut joined: Option<BytesMut> = None;
    while let Some(chunk) = body.chunk().await.map_err(Failed::Transport)? {
        read += chunk.len() as u64;
        if read > limit {
            return Err(Failed::TooLarge(length));
        }
        match (&mut joined, first.take()) {
            (Some(joined), _) => joined.extend_from_slice(&chunk),
            (None, None) => first = Some(chunk),
            (None, Some(earlier)) => {
                let capacity = length.map_or(2 * read as usize, |l| l as usize);
                let mut bytes = BytesMut::with_capacity(capacity);
                bytes.extend_from_slice(&earlier);
                bytes.extend_from_slice(&chunk);
                joined = Some(bytes);
            }
        }
    }
    let bytes = match joined {
        Some(joined) => joined.freeze(),
        None => first.unwrap_or_default(),
    };
    Ok((status, headers, bytes))
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
