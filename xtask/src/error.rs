//! The generator's one error type, and the warnings it collects on the way.
//!
//! Everything that is wrong with a spec is reported against a [`Location`]: the
//! file as the user (or a `$ref`) named it, and a JSON pointer inside that file.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::pointer;

/// A place in the spec: a file and a JSON pointer into it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    pub file: PathBuf,
    pub pointer: String,
}

impl Location {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>) -> Self {
        Self {
            file: file.into(),
            pointer: pointer.into(),
        }
    }

    /// The location of `key` inside this one.
    pub fn child(&self, key: &str) -> Self {
        Self::new(self.file.clone(), pointer::push(&self.pointer, key))
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Forward slashes everywhere, so messages (and their snapshots) read the
        // same on every platform.
        let file = display_path(&self.file);
        let pointer = if self.pointer.is_empty() {
            "/"
        } else {
            &self.pointer
        };
        // A pointer into a document nested thousands of levels deep is as
        // long; its two ends say where it is.
        const ENDS: usize = 8;
        let segments: Vec<&str> = pointer.split('/').skip(1).collect();
        if segments.len() > 3 * ENDS {
            let left_out = segments.len() - 2 * ENDS;
            return write!(
                f,
                "{file}#/{}/…{left_out} more…/{}",
                segments[..ENDS].join("/"),
                segments[segments.len() - ENDS..].join("/")
            );
        }
        write!(f, "{file}#{pointer}")
    }
}

pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The spec is wrong at a known place. The message says what is wrong and
    /// what to do about it.
    #[error("{location}: {message}")]
    Spec { location: Location, message: String },

    /// A file could not be read, written or listed.
    #[error("{}: {source}", display_path(path))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A later stage could not turn a valid spec into code; the message names
    /// the operation or type.
    #[error("{0}")]
    Generate(String),
}

impl Error {
    pub fn spec(location: &Location, message: impl Into<String>) -> Self {
        Self::Spec {
            location: location.clone(),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Something the generator did that the user should know about: a construct
/// lowered with loss, a name changed to avoid a clash.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What kind of JSON value this is, for messages ("the spec is a list").
pub fn describe(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
