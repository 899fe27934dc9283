//! Unmodelled bookkeeping: std's `Arc` and a non-poisoning std mutex, used in every build.
//!
//! The model runtime serialises every channel operation under one modelled lock, so the
//! bookkeeping it keeps beside that lock (thread table, trace, names) needs no modelling of its
//! own. Using loom's tracked `Arc` there would add a branch point to every clone.

pub(crate) use std::sync::Arc;

/// A std mutex that shrugs off poisoning; never held across a modelled operation.
#[derive(Debug, Default)]
pub(crate) struct PlainMutex<T>(std::sync::Mutex<T>);

impl<T> PlainMutex<T> {
    pub(crate) const fn new(value: T) -> Self {
        Self(std::sync::Mutex::new(value))
    }

    pub(crate) fn lock(&self) -> PlainGuard<'_, T> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A std condition variable paired with [`PlainMutex`], for the real-thread harness.
#[cfg(not(any(loom, feature = "shuttle")))]
#[derive(Debug, Default)]
pub(crate) struct PlainCondvar(std::sync::Condvar);

#[cfg(not(any(loom, feature = "shuttle")))]
impl PlainCondvar {
    pub(crate) fn wait_timeout<'a, T>(
        &self,
        guard: std::sync::MutexGuard<'a, T>,
        timeout: std::time::Duration,
    ) -> std::sync::MutexGuard<'a, T> {
        match self.0.wait_timeout(guard, timeout) {
            Ok((guard, _)) => guard,
            Err(poisoned) => poisoned.into_inner().0,
        }
    }

    pub(crate) fn notify_all(&self) {
        self.0.notify_all();
    }
}

pub(crate) use std::sync::atomic::{AtomicUsize, Ordering};
#[cfg(not(any(loom, feature = "shuttle")))]
pub(crate) use std::sync::{RwLock, Weak, atomic::AtomicBool};

/// The guard of a [`PlainMutex`].
pub(crate) type PlainGuard<'a, T> = std::sync::MutexGuard<'a, T>;
