//! The one switch between std, loom and shuttle: nothing else in the crate names them.
//!
//! Every module imports `crate::facade::…`. Each backend file exposes the same reduced API
//! (a non-poisoning `Mutex`, `spawn`, `park` and thread handles to unpark, a thread key, a
//! scheduler-controlled choice), so call sites never carry a `cfg`.

#[cfg(all(loom, feature = "shuttle"))]
compile_error!(
    "chancheck: `--cfg loom` and `--features shuttle` select two model checkers; enable one"
);

#[cfg(not(any(loom, feature = "shuttle")))]
mod std_backend;
#[cfg(not(any(loom, feature = "shuttle")))]
pub(crate) use std_backend::*;

#[cfg(loom)]
mod loom_backend;
#[cfg(loom)]
pub(crate) use loom_backend::*;

#[cfg(all(feature = "shuttle", not(loom)))]
mod shuttle_backend;
#[cfg(all(feature = "shuttle", not(loom)))]
pub(crate) use shuttle_backend::*;

/// Bookkeeping that no checker models: plain std locks and reference counts.
pub(crate) mod plain;
