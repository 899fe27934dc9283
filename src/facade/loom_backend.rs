//! loom primitives behind the facade's reduced API (`--cfg loom`).

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Loom;

/// A checker object: a loom mutex held for the duration of one operation. Acquiring it is the
/// operation's one branch point; loom's partial-order reduction reorders two operations only
/// when they hold the same object.
#[derive(Debug)]
pub(crate) struct Object(loom::sync::Mutex<()>);

impl Object {
    pub(crate) fn new() -> Self {
        Self(loom::sync::Mutex::new(()))
    }
    /// Hold the object for the duration of one operation.
    pub(crate) fn hold(&self) -> loom::sync::MutexGuard<'_, ()> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Object {
    /// Nothing: an operation in its thread's previous step runs, as loom runs everything between
    /// two branch points, atomically with that step's operation.
    pub(crate) fn hold_in_previous_step(&self) -> Option<loom::sync::MutexGuard<'_, ()>> {
        None
    }
}

pub(crate) mod thread {
    pub(crate) use loom::thread::{ThreadId as ThreadKey, spawn, yield_now};

    /// Parks its thread until another unparks it: loom's park, which never wakes spuriously.
    pub(crate) struct Parker(loom::thread::Thread);

    impl Parker {
        /// A parker for the running thread.
        pub(crate) fn for_current() -> Self {
            Self(loom::thread::current())
        }
        /// Park the running thread (which must be this parker's).
        pub(crate) fn park(&self) {
            loom::thread::park();
        }
        pub(crate) fn unpark(&self) {
            self.0.unpark();
        }
    }

    pub(crate) fn current_key() -> ThreadKey {
        loom::thread::current().id()
    }
}

/// loom has no controlled randomness: a select takes the first ready arm (see the select docs).
pub(crate) fn choose(_n: usize) -> usize {
    0
}

/// Only shuttle has a schedule to replay from a seed string.
pub(crate) fn current_schedule() -> Option<String> {
    None
}

/// Randomness a body asks for (work durations): irrelevant under a model, where sleeps yield.
pub(crate) fn random_u64() -> u64 {
    0
}

/// Only shuttle keeps per-execution scheduling state (see the shuttle backend's `points`).
pub(crate) fn execution_starts() {}
