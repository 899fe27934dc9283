//! chancheck: Go's concurrency patterns in Rust, with their claims checked by loom, shuttle and
//! real threads.
//!
//! Write a pattern once against Go-faithful channels ([`chan`]), [`select!`], [`go`],
//! [`sync`], [`context`] and [`time`]. In normal builds they run on crossbeam-channel; under
//! `RUSTFLAGS="--cfg loom"` and `--features shuttle` the same code runs on a model runtime that
//! the checker schedules. [`check::verify`] runs a body under whichever is active and returns a
//! [`check::Verdict`]: HOLDS, LEAK, DEADLOCK, PANIC or UNFINISHED, with a report naming each
//! stuck thread, the operation and channel it is blocked on, the source line, the numbered trace
//! and how to replay it.
//!
//! # Running the checks
//!
//! ```text
//! cargo xtask verify                           # everything: every claim under every scheduler,
//!                                              # every report, a summary; fails on surprises
//! cargo test                                   # real threads (crossbeam-channel), repeated
//! cargo test --features shuttle                # shuttle: randomized schedules, replayable
//! RUSTFLAGS="--cfg loom" cargo test --release  # loom: every interleaving within a bound
//! ```
//!
//! The same tests run in every mode. loom models at most 5 threads, `main` and the one timer
//! clock thread included: keep loom models to 2–3 goroutines (see `docs/guide.md`, which also
//! maps Go to chancheck line by line and says what differs from Go).
//!
//! # Quick start
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
//! println!("{report}"); // stuck threads, the numbered trace, how to replay
//! ```
//!
//! # Reading a report
//!
//! A [`check::Report`] has the stuck threads ([`check::StuckThread`]: who, blocked in what, at
//! which line), the failing execution as numbered text ([`check::Report::trace`]) and, under loom
//! and shuttle, as structured [`check::TraceEvent`]s ([`check::Report::events`]), drawn by
//! [`check::Report::sequence_diagram`] as a Mermaid sequence diagram. [`check::Replay`] says how
//! to run exactly that execution again: a shuttle schedule for [`check::Checker::replay`], a loom
//! checkpoint file for [`check::Checker::loom_replay`]. The pattern catalog's generated reports
//! are in `docs/reports/` (start at its `README.md`).

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
