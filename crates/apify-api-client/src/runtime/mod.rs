//! The hand-written part of the client: configuration, authentication,
//! retries, errors, path safety and pagination. The generated part (one
//! method per operation) calls into it.

mod client;
mod error;
mod pagination;
pub(crate) mod path;
mod retry;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, Error};

pub(crate) use pagination::{PageOf, paginate};
pub(crate) use path::{check_segment, encode_path};
pub(crate) use retry::Operation;
#[allow(unused_imports, reason = "see `collect_body`")]
pub(crate) use retry::collect_body;
