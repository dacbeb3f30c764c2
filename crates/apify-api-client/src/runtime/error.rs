//! The client's one error type.
//!
//! No error shows a secret (token, password, API key): decisions are made
//! on the data as the server sent it, and every text taken from a response
//! (which a misbehaving proxy could make echo request headers) is redacted
//! where it is shown: in `Display` and `Debug`.

use std::fmt;

use crate::ApiErrorType;

/// Everything a call can fail with.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status.
    #[error(transparent)]
    Api(Box<ApiError>),

    /// No response: the connection failed, was reset, or the attempt timed
    /// out; retried as configured, and this was the last attempt.
    #[error("{method} {path}: no response after {attempts} attempt(s): {reason}")]
    Transport {
        method: String,
        path: String,
        attempts: u32,
        reason: String,
        #[source]
        source: Option<reqwest::Error>,
    },

    /// A success response whose body is not what the spec describes.
    #[error(
        "{method} {path}: the response body does not match the API description of `{operation}` ({source}); it starts: {excerpt}"
    )]
    Decode {
        operation: &'static str,
        method: String,
        path: String,
        excerpt: String,
        #[source]
        source: serde_json::Error,
    },

    /// A response body larger than the client reads
    /// ([`ClientBuilder::max_response_bytes`](super::client::ClientBuilder::max_response_bytes));
    /// nothing past the limit was read, and the call was not retried.
    #[error(
        "{method} {path}: the response body is too large: {}, and the client reads at most {} (set with `max_response_bytes`, for the client or for some calls with `CallOptions`)",
        length.map_or_else(|| "more than that".to_string(), |n| format!("{} by its Content-Length", size(n))),
        size(*limit)
    )]
    TooLarge {
        method: String,
        path: String,
        /// The client's limit, in bytes.
        limit: u64,
        /// The body's length, when the server said it.
        length: Option<u64>,
    },

    /// A success response's header that the API description declares is
    /// missing (a required one) or is not the type it declares.
    #[error("{method} {path}: the response header `{name}` {reason}")]
    Header {
        method: String,
        path: String,
        name: &'static str,
        reason: String,
    },

    /// A stream of items that broke off before its end: the connection
    /// dropped, no byte arrived within the idle timeout, or the body ended
    /// inside an item. The items before it were delivered.
    #[error("{method} {path}: the stream of items broke off: {reason}")]
    Stream {
        method: String,
        path: String,
        reason: String,
        #[source]
        source: Option<reqwest::Error>,
    },

    /// An item of a stream larger than the client reads
    /// ([`ClientBuilder::max_item_bytes`](super::client::ClientBuilder::max_item_bytes));
    /// nothing past the limit was held, and the stream ended.
    #[error(
        "{method} {path}: an item of the stream is larger than {}, the most the client reads (set with `max_item_bytes`, for the client or for some calls with `CallOptions`)",
        size(*limit)
    )]
    ItemTooLarge {
        method: String,
        path: String,
        /// The client's limit, in bytes.
        limit: u64,
    },

    /// An argument that cannot be sent; checked before any request is made.
    #[error("`{name}` {reason}")]
    InvalidArgument { name: &'static str, reason: String },

    /// The client was configured with something it cannot use.
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl Error {
    /// The API error, if the API answered with one.
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The HTTP status, if a response arrived.
    pub fn status(&self) -> Option<u16> {
        self.as_api().map(|e| e.status)
    }
}

/// A call's answer, `None` when the API says the resource does not exist
/// (see [`ApiError::is_not_found`]).
#[allow(
    dead_code,
    reason = "used by operations that read one thing, which not every API has"
)]
pub(crate) fn found<T>(answer: Result<T, Error>) -> Result<Option<T>, Error> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(Error::Api(error)) if error.is_not_found() => Ok(None),
        Err(error) => Err(error),
    }
}

/// `67108864` → `64 MiB`; `1500` → `1500 bytes`.
fn size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// An error the API answered with.
///
/// The fields hold what the server sent; `Display` and `Debug` redact any
/// secret of the client's in them.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status code.
    pub status: u16,
    /// The `error.type` of the body: typed where the API description lists
    /// it, kept as text where it does not. `None` when the body was not the
    /// API's error shape.
    pub error_type: Option<ApiErrorType>,
    /// The `error.message` of the body.
    pub message: Option<String>,
    /// The start of the body, when it was not the API's error shape (an HTML
    /// page from a proxy, an empty or cut-off body).
    pub body_excerpt: Option<String>,
    /// Which attempt got this answer (1 is the first).
    pub attempt: u32,
    /// HTTP method of the request.
    pub method: String,
    /// Path of the request (without query).
    pub path: String,
    /// The client's secrets, to keep out of what is shown.
    pub(crate) redactor: Redactor,
}

impl ApiError {
    /// Whether this says the resource does not exist (as opposed to, say, a
    /// wrong URL or credentials without access), as the API description
    /// defines it.
    pub fn is_not_found(&self) -> bool {
        let rule = &crate::API.not_found;
        self.status == rule.status
            && (rule.error_types.is_empty()
                || self
                    .error_type_str()
                    .is_some_and(|t| rule.error_types.contains(&t)))
    }

    /// The error type as the API spelled it.
    pub fn error_type_str(&self) -> Option<&str> {
        self.error_type.as_ref().map(AsRef::<str>::as_ref)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clean = |text: &str| self.redactor.clean(text);
        write!(
            f,
            "{} {}: HTTP {}",
            self.method,
            clean(&self.path),
            self.status
        )?;
        if let Some(error_type) = self.error_type_str() {
            write!(f, " {}", clean(error_type))?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {}", clean(message))?;
        }
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, "; body: {}", clean(excerpt))?;
        }
        write!(f, " (attempt {})", self.attempt)
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let clean = |text: &Option<String>| text.as_deref().map(|t| self.redactor.clean(t));
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field(
                "error_type",
                &self.error_type_str().map(|t| self.redactor.clean(t)),
            )
            .field("message", &clean(&self.message))
            .field("body_excerpt", &clean(&self.body_excerpt))
            .field("attempt", &self.attempt)
            .field("method", &self.method)
            .field("path", &self.redactor.clean(&self.path))
            .finish()
    }
}

impl std::error::Error for ApiError {}

/// Removes the client's secrets from text that is shown.
///
/// Only secrets long enough to be credentials are looked for: a one-word
/// "token" such as `found` would otherwise blank out ordinary words.
#[derive(Clone, Default, PartialEq)]
pub(crate) struct Redactor {
    secrets: std::sync::Arc<Vec<String>>,
}

/// Shorter text is not searched for (and no real credential is this short).
const MIN_SECRET_LEN: usize = 8;

impl Redactor {
    pub fn new<'a>(secrets: impl IntoIterator<Item = &'a str>) -> Self {
        let mut secrets: Vec<String> = secrets
            .into_iter()
            .filter(|s| s.len() >= MIN_SECRET_LEN)
            .map(str::to_owned)
            .collect();
        // Longest first, so a secret that contains another goes whole.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Self {
            secrets: std::sync::Arc::new(secrets),
        }
    }

    pub fn clean(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in self.secrets.iter() {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "<redacted>");
            }
        }
        text
    }

    /// The first characters of a body, redacted, on one line.
    pub fn excerpt(&self, body: &[u8]) -> String {
        const MAX: usize = 200;
        let text = String::from_utf8_lossy(body);
        let text = self.clean(&text);
        let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if one_line.is_empty() {
            return "(empty)".to_owned();
        }
        match one_line.char_indices().nth(MAX) {
            Some((cut, _)) => format!("{}…", &one_line[..cut]),
            None => one_line,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_single_line_and_redacted() {
        let r = Redactor::new(["s3cret-t0ken"]);
        assert_eq!(
            r.excerpt(b"<html>\n  <p>token s3cret-t0ken</p>\n</html>"),
            "<html> <p>token <redacted></p> </html>"
        );
        assert_eq!(r.excerpt(b""), "(empty)");
        let long = "ž".repeat(500);
        let excerpt = r.excerpt(long.as_bytes());
        assert_eq!(excerpt.chars().count(), 201);
        assert!(excerpt.ends_with('…'));
    }

    #[test]
    fn short_words_are_not_taken_for_secrets() {
        let r = Redactor::new(["found", "0123456789abcdef"]);
        assert_eq!(r.clean("record-not-found"), "record-not-found");
        assert_eq!(r.clean("key 0123456789abcdef"), "key <redacted>");
    }
}
