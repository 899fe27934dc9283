//! The model backend: channels, select, timers and threads as one runtime on the facade's
//! `Mutex`/`Condvar`, the same code under loom and shuttle (and on std, for the differential
//! tests that hold it to crossbeam's behaviour).

pub(crate) mod chan;
#[cfg(all(test, not(any(loom, feature = "shuttle"))))]
mod differential;
#[cfg(any(loom, feature = "shuttle"))]
pub(crate) mod harness;
pub(crate) mod runtime;
#[cfg(any(loom, feature = "shuttle"))]
pub(crate) mod select;
#[cfg(any(loom, feature = "shuttle"))]
pub(crate) mod spawn;
