//! loom primitives behind the facade's reduced API (`--cfg loom`).

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Loom;

/// loom's mutex without the poisoning `Result`.
#[derive(Debug)]
pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);
pub(crate) type MutexGuard<'a, T> = loom::sync::MutexGuard<'a, T>;

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(loom::sync::Mutex::new(value))
    }
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

pub(crate) mod thread {
    pub(crate) use loom::thread::{
        Thread as ThreadHandle, ThreadId as ThreadKey, park, spawn, yield_now,
    };

    /// The running thread's handle, to unpark it later.
    pub(crate) fn current_handle() -> ThreadHandle {
        loom::thread::current()
    }

    pub(crate) fn current_key() -> ThreadKey {
        loom::thread::current().id()
    }
}

/// loom has no controlled randomness: a select takes the first ready arm (see the select docs).
pub(crate) fn choose(_n: usize) -> usize {
    0
}

/// Randomness a body asks for (work durations): irrelevant under a model, where sleeps yield.
pub(crate) fn random_u64() -> u64 {
    0
}
