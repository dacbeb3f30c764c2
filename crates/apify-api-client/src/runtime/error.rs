//! The client's one error type.
//!
//! No variant can show the API token: it is never part of a URL, and any
//! text taken from a response (which a misbehaving proxy could make echo
//! request headers) passes through [`Redactor`] first.

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

impl From<ApiError> for Error {
    fn from(e: ApiError) -> Self {
        Error::Api(Box::new(e))
    }
}

/// An error the API answered with.
#[derive(Debug, Clone, PartialEq)]
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
}

impl ApiError {
    /// Whether this says the resource does not exist (as opposed to, say, a
    /// wrong URL or a token without access).
    pub fn is_not_found(&self) -> bool {
        self.status == 404
            && self.error_type.as_ref().is_some_and(|t| {
                matches!(
                    AsRef::<str>::as_ref(t),
                    "record-not-found" | "record-or-token-not-found"
                )
            })
    }

    /// The error type as the API spelled it.
    pub fn error_type_str(&self) -> Option<&str> {
        self.error_type.as_ref().map(AsRef::<str>::as_ref)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: HTTP {}", self.method, self.path, self.status)?;
        if let Some(error_type) = self.error_type_str() {
            write!(f, " {error_type}")?;
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(excerpt) = &self.body_excerpt {
            write!(f, "; body: {excerpt}")?;
        }
        write!(f, " (attempt {})", self.attempt)
    }
}

impl std::error::Error for ApiError {}

/// Removes the token from text that came from the network.
#[derive(Clone, Default)]
pub(crate) struct Redactor {
    secret: Option<String>,
}

impl Redactor {
    pub fn new(secret: Option<&str>) -> Self {
        Self {
            secret: secret.filter(|s| !s.is_empty()).map(str::to_owned),
        }
    }

    pub fn clean(&self, text: &str) -> String {
        match &self.secret {
            Some(secret) => text.replace(secret.as_str(), "<redacted>"),
            None => text.to_owned(),
        }
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
        let r = Redactor::new(Some("s3cret"));
        assert_eq!(
            r.excerpt(b"<html>\n  <p>token s3cret</p>\n</html>"),
            "<html> <p>token <redacted></p> </html>"
        );
        assert_eq!(r.excerpt(b""), "(empty)");
        let long = "ž".repeat(500);
        let excerpt = r.excerpt(long.as_bytes());
        assert_eq!(excerpt.chars().count(), 201);
        assert!(excerpt.ends_with('…'));
    }
}
