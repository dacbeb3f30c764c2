//! Typed models of the Apify API's webhook dispatches, generated from the
//! OpenAPI description in `spec/` by `cargo xtask codegen`.
//!
//! serde types only: no HTTP client or async runtime comes with them, so they
//! can parse webhook payloads, stored responses or test fixtures on their own.
//!
//! ```
//! use apify_api_models::{WebhookDispatch, WebhookEventType};
//!
//! let dispatch: WebhookDispatch = serde_json::from_str(r#"{
//!     "id": "asdLZtadYvn4mBZmm", "userId": "wRsJZtadYvn4mBZmm",
//!     "webhookId": "asdLZtadYvn4mBZmm", "createdAt": "2019-12-12T07:34:14.202Z",
//!     "status": "SUCCEEDED", "eventType": "ACTOR.RUN.SUCCEEDED"
//! }"#)?;
//! assert_eq!(dispatch.event_type, WebhookEventType::ActorRunSucceeded);
//! # Ok::<(), serde_json::Error>(())
//! ```
//!
//! Nothing the API sends is lost, even when it is newer than the spec:
//! - an enum value the spec does not list is kept as `Unknown(String)`;
//! - an object field the spec does not list is kept in the struct's `extra` map;
//! - encoding a decoded value gives back an equal JSON value.
//!
//! One thing is normalised: an optional field sent as `null` decodes to
//! `None`, like an absent one, and `None` is encoded by leaving the field out.
//! (Carrying the difference would put `Option<Option<T>>` on almost every
//! field of the API; the API treats both the same.)

#[rustfmt::skip]
mod generated;
/// How the generated types read and write JSON (the macros they call).
mod object;

pub use generated::*;
