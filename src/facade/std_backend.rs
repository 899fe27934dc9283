//! std primitives behind the facade's reduced API (normal builds).
//!
//! The modelled primitives here serve the model runtime, which normal builds compile only for
//! the differential tests.
#![cfg_attr(not(test), allow(dead_code))]

use std::sync::PoisonError;

/// Which scheduler runs the code.
pub(crate) const BACKEND: crate::check::Backend = crate::check::Backend::Std;

/// A mutex without poisoning, as the model backends have.
#[derive(Debug, Default)]
pub(crate) struct Mutex<T>(std::sync::Mutex<T>);
pub(crate) type MutexGuard<'a, T> = std::sync::MutexGuard<'a, T>;

impl<T> Mutex<T> {
    pub(crate) fn new(value: T) -> Self {
        Self(std::sync::Mutex::new(value))
    }
    pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

pub(crate) mod thread {
    // `park` and handles serve the model runtime, which normal builds compile only for tests.
    #[cfg_attr(not(test), allow(unused_imports))]
    pub(crate) use std::thread::{
        JoinHandle, Thread as ThreadHandle, ThreadId as ThreadKey, park, sleep, spawn, yield_now,
    };

    /// The running thread's handle, to unpark it later.
    pub(crate) fn current_handle() -> ThreadHandle {
        std::thread::current()
    }

    pub(crate) fn current_key() -> ThreadKey {
        std::thread::current().id()
    }
}

/// A choice among `n` alternatives, uniformly at random (Go's select fairness).
pub(crate) fn choose(n: usize) -> usize {
    (random_u64() % n.max(1) as u64) as usize
}

/// A fast per-thread pseudo-random number (xorshift64*, seeded from std's hasher keys).
pub(crate) fn random_u64() -> u64 {
    use std::cell::Cell;
    use std::hash::{BuildHasher, RandomState};
    thread_local! {
        static STATE: Cell<u64> = Cell::new(RandomState::new().hash_one(0u64) | 1);
    }
    STATE.with(|s| {
        let mut x = s.get();
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        s.set(x);
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    })
}
