//! std primitives behind the facade's reduced API (normal builds).
//!
//! The modelled primitives here serve the model runtime, which normal builds compile only for
//! the differential tests.
#![cfg_attr(not(test), allow(dead_code))]

use std::sync::PoisonError;

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Std;

/// A checker object: on std a plain lock (the model runtime runs on std threads only in the
/// differential tests, where holding it orders operations like the model checkers do).
#[derive(Debug, Default)]
pub(crate) struct Object(std::sync::Mutex<()>);

impl Object {
    pub(crate) fn new() -> Self {
        Self::default()
    }
    /// Hold the object for the duration of one operation.
    pub(crate) fn hold(&self) -> std::sync::MutexGuard<'_, ()> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Object {
    /// As [`Object::hold`].
    pub(crate) fn hold_in_previous_step(&self) -> Option<std::sync::MutexGuard<'_, ()>> {
        Some(self.hold())
    }
}

pub(crate) mod thread {
    #[cfg_attr(not(test), allow(unused_imports))]
    pub(crate) use std::thread::{JoinHandle, ThreadId as ThreadKey, sleep, spawn, yield_now};

    /// Parks its thread until another unparks it (std's park; callers loop on their condition).
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) struct Parker(std::thread::Thread);

    #[cfg_attr(not(test), allow(dead_code))]
    impl Parker {
        /// A parker for the running thread.
        pub(crate) fn for_current() -> Self {
            Self(std::thread::current())
        }
        /// Park the running thread (which must be this parker's).
        pub(crate) fn park(&self) {
            std::thread::park();
        }
        pub(crate) fn unpark(&self) {
            self.0.unpark();
        }
    }

    pub(crate) fn current_key() -> ThreadKey {
        std::thread::current().id()
    }
}

/// A choice among `n` alternatives, uniformly at random (Go's select fairness): fastrand's
/// per-thread generator, unbiased for any `n`.
pub(crate) fn choose(n: usize) -> usize {
    fastrand::usize(..n.max(1))
}

/// A random number a body asks for (work durations).
pub(crate) fn random_u64() -> u64 {
    fastrand::u64(..)
}

/// Only shuttle has a schedule to replay from a seed string.
pub(crate) fn current_schedule() -> Option<String> {
    None
}

/// Only shuttle keeps per-execution scheduling state (see the shuttle backend's `points`).
pub(crate) fn execution_starts() {}
