//! The hand-written part of the client: configuration, authentication,
//! retries, errors, bodies, path safety and pagination. It serves any API:
//! what differs per API (servers, security schemes, error shapes, each
//! operation's facts) is generated beside it, in `crate::API` and
//! `crate::ENV`, and the generated methods call into it.

mod api;
mod auth;
mod body;
mod client;
mod error;
mod hooks;
#[cfg(feature = "mock")]
pub(crate) mod mock;
mod options;
mod pagination;
pub(crate) mod path;
mod retry;
mod style;
mod upgrade;

pub use api::{Api, Env, ErrorShape, NotFound, Operation, Scheme, SchemeKind};
pub use body::RawBody;
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use error::{ApiError, Error};
pub use hooks::Inner;
pub use options::CallOptions;

// Each used by generated code for some APIs only: API keys, several kinds
// of success, raw request bodies, the raw-body client's hook, lists.
#[allow(unused_imports)]
pub use api::KeyPlace;
#[allow(unused_imports)]
pub(crate) use body::{Response, with_content_type};
#[allow(unused_imports)]
pub(crate) use hooks::{execute, prepare_request};
#[allow(unused_imports)]
pub(crate) use pagination::{PageOf, paginate};
pub(crate) use path::{check_segment, encode_path};
#[allow(unused_imports)]
pub(crate) use style::{Style, Styled, form_body, with_styled};
