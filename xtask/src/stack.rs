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

/// Runs the jobs on as many threads as the machine runs at once (this one
/// among them when its stack is [`SIZE`], the others with such a stack),
/// each thread taking the next job in order when it is done with one, and
/// returns what the jobs return, in order; a panic in one is resumed here.
/// Once the model is built, a spec's generated files are independent, and
/// emitting and formatting them is most of codegen's time; token streams
/// cannot cross threads, so each job emits and formats its part. A thread
/// per job measured slower on a small spec than a thread per core: the
/// threads past the cores' count only queue, and starting them while the
/// first ones run delays the last job by milliseconds. Callers list the
/// longest jobs first.
pub fn deep_all<T: Send>(jobs: Vec<Job<'_, T>>) -> Vec<T> {
    let count = jobs.len();
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(count);
    let queue = std::sync::Mutex::new(jobs.into_iter().enumerate());
    let work = || {
        let mut done = Vec::new();
        loop {
            let next = queue
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .next();
            let Some((at, job)) = next else {
                return done;
            };
            done.push((at, job()));
        }
    };
    let here = DEEP.get();
    let mut results: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (usize::from(here)..threads)
            .map(|i| spawn(scope, format!("xtask-{i}"), work))
            .collect();
        let mut done = if here { work() } else { Vec::new() };
        for helper in helpers {
            done.extend(join(helper));
        }
        for (at, result) in done {
            results[at] = Some(result);
        }
    });
    results
        .into_iter()
        .map(|result| result.expect("every job ran"))
        .collect()
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

    /// Jobs run on a thread per core at most, the calling thread among
    /// them, and come back in the order they were given.
    #[test]
    fn jobs_share_a_thread_per_core_and_return_in_order() {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        let (caller, results) = super::deep(|| {
            let jobs: Vec<super::Job<'_, (usize, std::thread::ThreadId)>> = (0..cores + 5)
                .map(|i| -> super::Job<'_, _> {
                    Box::new(move || (i, std::thread::current().id()))
                })
                .collect();
            (std::thread::current().id(), super::deep_all(jobs))
        });
        let order: Vec<usize> = results.iter().map(|(i, _)| *i).collect();
        assert_eq!(order, (0..cores + 5).collect::<Vec<_>>());
        let threads: std::collections::HashSet<_> = results.iter().map(|(_, t)| *t).collect();
        assert!(threads.len() <= cores, "{} threads", threads.len());
        assert!(cores > 1 || threads.contains(&caller));
    }
}
