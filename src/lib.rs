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
//!
//! ```
//! use std::time::Duration;
//! use chancheck::{chan, check, go_named, select, time};
//!
//! let verdict = check::verify(|| {
//!     let result = chan::named::<&str>("result", 0); // the bug: make it 1 and the leak is gone
//!     let tx = result.sender();
//!     go_named("employee", move || {
//!         time::sleep(Duration::from_millis(10));
//!         let _ = tx.send("data");
//!     });
//!     select! {
//!         recv(result) -> v => println!("work complete: {v:?}"),
//!         recv(chan::after(Duration::from_millis(5))) -> _ => println!("work cancelled"),
//!     }
//! });
//! assert_eq!(verdict.outcome, check::Outcome::Leak);
//! let report = verdict.report.unwrap();
//! assert_eq!(report.stuck[0].thread, "employee");
//! assert_eq!(report.stuck[0].waiting_on, ["send result"]);
//! ```

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
