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

thread_local! {
    /// This thread's stack is [`SIZE`].
    static DEEP: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `work` on a thread with a [`SIZE`] stack (this one, if its stack
/// is) and returns what it returns; a panic in it is resumed here.
pub fn deep<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    if DEEP.get() {
        return work();
    }
    std::thread::scope(|scope| join(spawn(scope, "xtask-deep-stack".into(), work)))
}

/// A job for [`deep_all`].
pub type Job<'a, T> = Box<dyn FnOnce() -> T + Send + 'a>;

/// Runs the jobs at once, each on a thread with a [`SIZE`] stack, and
/// returns what they return, in order; a panic in one is resumed here.
/// Once the model is built, a spec's generated files are independent, and
/// emitting and formatting them is most of codegen's time; token streams
/// cannot cross threads, so each job emits and formats its part.
pub fn deep_all<T: Send>(jobs: Vec<Job<'_, T>>) -> Vec<T> {
    std::thread::scope(|scope| {
        let threads: Vec<_> = jobs
            .into_iter()
            .enumerate()
            .map(|(i, job)| spawn(scope, format!("xtask-{i}"), job))
            .collect();
        threads.into_iter().map(join).collect()
    })
}

pub fn spawn<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    name: String,
    work: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    std::thread::Builder::new()
        .name(name)
        .stack_size(SIZE)
        .spawn_scoped(scope, || {
            DEEP.set(true);
            work()
        })
        .expect("a thread can be started")
}

pub fn join<T>(thread: std::thread::ScopedJoinHandle<'_, T>) -> T {
    thread
        .join()
        .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

#[cfg(test)]
mod tests {
    /// A stage that asks for a deep stack on one runs where it is: each
    /// thread started costs a small spec's codegen measurably.
    #[test]
    fn a_deep_stack_is_started_once() {
        let (outer, inner) = super::deep(|| {
            let outer = std::thread::current().id();
            (outer, super::deep(|| std::thread::current().id()))
        });
        assert_eq!(outer, inner);
        assert_ne!(outer, std::thread::current().id());
    }
}
