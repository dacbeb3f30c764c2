//! Async client for the Apify API's webhook dispatches, generated from the
//! OpenAPI description in `spec/` by `cargo xtask codegen`.
//!
//! ```no_run
//! use apify_api_client::Client;
//! use futures_util::TryStreamExt;
//!
//! # async fn run() -> Result<(), apify_api_client::Error> {
//! let client = Client::builder().token("my-apify-token").build()?;
//!
//! // `None` when there is no such dispatch.
//! if let Some(dispatch) = client.webhook_dispatch("Zib4xbZsmvZeK55ua").get().await? {
//!     println!("{} {}", dispatch.event_type, dispatch.status);
//! }
//!
//! // Every dispatch, newest first, fetched page by page as the stream is read.
//! let options = apify_api_client::WebhookDispatchesListOptions::default().desc(true);
//! let mut dispatches = std::pin::pin!(client.webhook_dispatches().iterate(options));
//! while let Some(dispatch) = dispatches.try_next().await? {
//!     println!("{}", dispatch.id);
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Behaviour, as in Apify's own clients:
//! - **Authentication**: the token goes in `Authorization: Bearer …`; it never
//!   appears in `Debug` output or in errors.
//! - **Retries**: 429, 5xx and transport failures are retried (8 times by
//!   default) with randomised exponential backoff from 500 ms, honouring
//!   `Retry-After`. Other 4xx are not retried.
//! - **Errors**: [`ApiError`] carries the status, the error type (typed where
//!   the API description lists it), message, attempt, method and path; a body
//!   that is not the API's error shape still gives an error with an excerpt.
//! - **Paths**: path parameters are percent-encoded so they stay within their
//!   own segment; empty values and `.`/`..` are refused before sending.

#[rustfmt::skip]
mod generated;
mod runtime;

pub use apify_api_models as models;
pub use generated::*;
pub use runtime::{
    ApiError, CallOptions, Client, ClientBuilder, DEFAULT_MAX_ITEM_BYTES,
    DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_STREAM_IDLE_TIMEOUT, Env, Error, Event, ItemStream, JsonOr,
    RawBody, WithHeaders,
};

/// The README's examples are compiled as doctests, so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct ReadmeDoctests;
