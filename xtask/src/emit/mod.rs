//! Stage 5: the model → Rust tokens. Nothing here formats or writes files.

pub mod client;
mod docs;
pub mod models;
mod rust_type;
pub mod surface;

pub use rust_type::rust_type;
