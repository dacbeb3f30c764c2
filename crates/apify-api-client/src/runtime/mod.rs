//! The hand-written part of the client: configuration, authentication,
//! retries, errors, path safety and pagination. The generated part (one
//! method per operation) calls into it.

mod body;
mod client;
mod error;
mod pagination;
pub(crate) mod path;
mod retry;

pub use body::RawBody;
#[allow(unused_imports)]
pub(crate) use body::with_content_type;
#[allow(unused_imports)]
pub(crate) use client::prepare_request;
pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use error::{ApiError, Error};

// Used by generated list methods and raw-body operations, which not every
// API has.
#[allow(unused_imports)]
pub(crate) use body::collect_body;
#[allow(unused_imports)]
pub(crate) use pagination::{PageOf, paginate};
pub(crate) use path::{check_segment, encode_path};
pub(crate) use retry::Operation;
