//! chancheck: Go's concurrency patterns in Rust, with their claims checked by loom, shuttle and
//! real threads.
//!
//! Write a pattern once against Go-faithful channels ([`chan`]), [`select!`], [`go`],
//! [`sync`], [`context`] and [`time`]. In normal builds they run on crossbeam-channel; under
//! `RUSTFLAGS="--cfg loom"` and `--features shuttle` the same code runs on a model runtime that
//! the checker schedules. [`check::verify`] runs a body under whichever is active and returns a
//! [`check::Verdict`]: HOLDS, LEAK, DEADLOCK or PANIC, with a report naming each stuck thread,
//! the operation and channel it is blocked on, the source line, the numbered trace and how to
//! replay it.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod facade;
#[cfg(any(loom, feature = "shuttle", test))]
#[cfg_attr(not(any(loom, feature = "shuttle")), allow(dead_code))]
mod model;
mod monitor;
#[cfg(not(any(loom, feature = "shuttle")))]
mod real;

pub mod chan;
pub mod check;
pub mod context;
mod go;
pub mod patterns;
#[doc(hidden)]
pub mod select;
pub mod sync;
pub mod time;

pub use go::{JoinHandle, go, go_named};
pub use monitor::Op;
