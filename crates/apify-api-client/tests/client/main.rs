//! The client's behaviour against local servers, as one test program: one
//! link of the client and its dependencies rather than one per file. Tests
//! that need a process of their own (`crypto_provider`, `tracing`) or the
//! `mock` feature (`mock_usage`) are programs apart.

#[path = "../common/mod.rs"]
mod common;

mod examples;
mod get_dispatch;
mod observe;
mod pagination;
mod paths;
mod response_size;
mod retries;
mod secrets;
mod tls;
