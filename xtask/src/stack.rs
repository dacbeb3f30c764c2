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

/// Runs the three jobs at once, each on a thread with a [`SIZE`] stack, and
/// returns what they return; a panic in one is resumed here. Once the model
/// is built, a spec's generated files are independent, and emitting and
/// formatting them is most of codegen's time; token streams cannot cross
/// threads, so each job emits and formats its file.
pub fn deep_join<A: Send, B: Send, C: Send>(
    a: impl FnOnce() -> A + Send,
    b: impl FnOnce() -> B + Send,
    c: impl FnOnce() -> C + Send,
) -> (A, B, C) {
    fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
        thread
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    }
    std::thread::scope(|scope| {
        let spawn = |name: &str| {
            std::thread::Builder::new()
                .name(format!("xtask-{name}"))
                .stack_size(SIZE)
        };
        let a = spawn("a")
            .spawn_scoped(scope, a)
            .expect("a thread can be started");
        let b = spawn("b")
            .spawn_scoped(scope, b)
            .expect("a thread can be started");
        // The third runs here, on this deep-stack thread.
        let c = c();
        (join(a), join(b), c)
    })
}
