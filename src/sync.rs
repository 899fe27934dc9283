//! Go's `sync`: a `WaitGroup` and a `Mutex`, built on channels so the monitor sees every wait.

use std::fmt;
use std::ops::{Deref, DerefMut};

use crate::chan::{self, Chan};
use crate::facade::plain::{Arc, PlainGuard, PlainMutex};
use crate::monitor::Op;

/// A WaitGroup counter that would go below zero (Go panics with "negative WaitGroup counter").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NegativeCounter {
    /// The counter before the refused change.
    pub counter: isize,
    /// The refused change.
    pub delta: isize,
}

impl fmt::Display for NegativeCounter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "sync: negative WaitGroup counter: {} {:+} would be {}; the change was refused",
            self.counter,
            self.delta,
            self.counter + self.delta
        )
    }
}

impl std::error::Error for NegativeCounter {}

struct WaitState {
    counter: isize,
    /// Closed whenever the counter is zero; a fresh one is made when it leaves zero.
    zero: Chan<()>,
}

/// Go's `sync.WaitGroup`. Cloning shares the group.
#[derive(Clone)]
pub struct WaitGroup {
    state: Arc<PlainMutex<WaitState>>,
}

impl fmt::Debug for WaitGroup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WaitGroup({})", self.state.lock().counter)
    }
}

impl WaitGroup {
    /// A group with counter zero.
    #[track_caller]
    pub fn new() -> Self {
        let zero = chan::named("waitgroup", 0);
        zero.close().expect("a fresh channel closes");
        Self {
            state: Arc::new(PlainMutex::new(WaitState { counter: 0, zero })),
        }
    }

    /// `wg.Add(delta)`. Refuses, changing nothing, when the counter would go below zero.
    #[track_caller]
    pub fn add(&self, delta: isize) -> Result<(), NegativeCounter> {
        // Channel operations are scheduling points: never hold the bookkeeping lock across one.
        let mut fresh: Option<Chan<()>> = None;
        loop {
            let mut st = self.state.lock();
            let next = st.counter + delta;
            if next < 0 {
                return Err(NegativeCounter {
                    counter: st.counter,
                    delta,
                });
            }
            if st.counter == 0 && next > 0 {
                let Some(zero) = fresh.take() else {
                    drop(st);
                    fresh = Some(chan::named("waitgroup", 0));
                    continue;
                };
                st.zero = zero;
            }
            st.counter = next;
            let release = (next == 0 && delta != 0).then(|| st.zero.clone());
            drop(st);
            if let Some(zero) = release {
                // Closed at most once: the channel was installed when the counter left zero.
                let _ = zero.close();
            }
            return Ok(());
        }
    }

    /// `wg.Done()`: `add(-1)`.
    #[track_caller]
    pub fn done(&self) -> Result<(), NegativeCounter> {
        self.add(-1)
    }

    /// `wg.Wait()`: blocks until the counter is zero.
    #[track_caller]
    pub fn wait(&self) {
        let zero = self.state.lock().zero.clone();
        let _ = chan::recv_as(&zero, Op::Wait);
    }
}

impl Default for WaitGroup {
    fn default() -> Self {
        Self::new()
    }
}

/// Go's `sync.Mutex`, holding the data it guards. Locking is a monitored wait.
pub struct Mutex<T> {
    token: Chan<()>,
    data: PlainMutex<T>,
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Mutex({})", self.token.name())
    }
}

/// Proof of holding a [`Mutex`]; unlocks on drop.
pub struct MutexGuard<'a, T> {
    data: Option<PlainGuard<'a, T>>,
    token: &'a Chan<()>,
}

impl<T> Mutex<T> {
    /// An unlocked mutex, named `mutex` in reports.
    #[track_caller]
    pub fn new(value: T) -> Self {
        Self::named("mutex", value)
    }

    /// An unlocked mutex with a name for reports.
    #[track_caller]
    pub fn named(name: &str, value: T) -> Self {
        let token = chan::named(name, 1);
        token.send(()).expect("a fresh channel accepts its token");
        Self {
            token,
            data: PlainMutex::new(value),
        }
    }

    /// `mu.Lock()`: blocks until the mutex is free.
    #[track_caller]
    pub fn lock(&self) -> MutexGuard<'_, T> {
        chan::recv_as(&self.token, Op::Lock).expect("a mutex's channel is never closed");
        MutexGuard {
            data: Some(self.data.lock()),
            token: &self.token,
        }
    }

    /// `mu.TryLock()`.
    #[track_caller]
    pub fn try_lock(&self) -> Option<MutexGuard<'_, T>> {
        self.token.try_recv().ok()?;
        Some(MutexGuard {
            data: Some(self.data.lock()),
            token: &self.token,
        })
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.data.as_ref().expect("held until drop")
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        self.data.as_mut().expect("held until drop")
    }
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        self.data.take();
        let _ = self.token.send(());
    }
}
