//! The hand-written part of the client: configuration, authentication,
//! retries, errors, bodies, path safety and pagination. It serves any API:
//! what differs per API (servers, security schemes, error shapes, each
//! operation's facts) is generated beside it, in `crate::API`,
//! `crate::ENV` and each operation's `rt::Operation`.
//!
//! A generated method sends its operation one of two ways: through the
//! method progenitor wrote for it (`progenitor`), or as a [`Call`] the
//! runtime builds whole from the values it is given (`call`), for every
//! operation progenitor's methods cannot write exactly. Both go through
//! `request` (credentials, headers, hooks) and `retry`.

mod api;
mod auth;
mod body;
mod call;
mod client;
mod error;
mod framing;
#[cfg(feature = "mock")]
pub(crate) mod mock;
mod options;
mod pagination;
pub(crate) mod path;
mod progenitor;
mod request;
mod retry;
mod stream;
mod style;
mod upgrade;

pub use api::{Api, Env, ErrorShape, NotFound, Operation, Scheme, SchemeKind};
pub use body::{JsonOr, RawBody, WithHeaders};
pub use client::{Client, ClientBuilder, DEFAULT_MAX_RESPONSE_BYTES};
pub use error::{ApiError, Error};
pub use options::CallOptions;
pub use progenitor::Inner;
pub use stream::{DEFAULT_MAX_ITEM_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT, Event, ItemStream};

// Each used by generated code for some APIs only: API keys, operations
// progenitor writes or not, styles, several kinds of success, lists.
#[allow(unused_imports)]
pub use api::KeyPlace;
#[allow(unused_imports)]
pub(crate) use body::Response;
#[allow(unused_imports)]
pub(crate) use call::{Call, Encoding};
#[allow(unused_imports)]
pub(crate) use error::found;
#[allow(unused_imports)]
pub(crate) use pagination::{PageOf, paginate};
#[allow(unused_imports)]
pub(crate) use style::Style;
