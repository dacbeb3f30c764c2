//! A stack deep enough for the deepest spec `load::limits` lets in.
//!
//! The stages walk documents and types recursively, which is the clear way
//! to write them; instead of bounding each walk, the reader bounds how deep
//! a document may nest, and the walks run on a thread whose stack holds
//! that depth in every stage (measured: `xtask/tests/limits.rs` runs a spec
//! at the limit through codegen in a debug build). The memory is reserved,
//! not used: pages are touched only as deep as a walk goes.

/// Bytes of stack for a generator thread.
pub const SIZE: usize = 1 << 30;

/// Runs `work` on a thread with a [`SIZE`] stack and returns what it
/// returns; a panic in it is resumed here.
pub fn deep<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("xtask-deep-stack".into())
            .stack_size(SIZE)
            .spawn_scoped(scope, work)
            .expect("a thread can be started");
        match thread.join() {
            Ok(value) => value,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}
