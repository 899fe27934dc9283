//! Go's `time`: sleep, and the random work durations Go examples draw with `rand.Intn`.
//!
//! Under a model checker time does not pass: a sleep is a yield, and timers fire at whatever
//! point the checker chooses (see [`chan::after`](crate::chan::after)).

use std::time::Duration;

#[cfg(any(loom, feature = "shuttle"))]
pub(crate) use crate::model::spawn::{TimerStop, after_func};
#[cfg(not(any(loom, feature = "shuttle")))]
pub(crate) use crate::real::spawn::{TimerStop, after_func};

/// `time.Sleep(d)`.
#[track_caller]
pub fn sleep(d: Duration) {
    #[cfg(any(loom, feature = "shuttle"))]
    crate::model::spawn::sleep(d, std::panic::Location::caller());
    #[cfg(not(any(loom, feature = "shuttle")))]
    crate::real::spawn::sleep(d, std::panic::Location::caller());
}

/// A duration drawn uniformly from `[0, max)`, like Go's `time.Duration(rand.Intn(n))`.
/// Real threads draw it at random; under a model checker, where sleeps yield, it is zero, so a
/// trace reads the same on every run and in every replay.
pub fn random_duration(max: Duration) -> Duration {
    let nanos = max.as_nanos().max(1) as u64;
    Duration::from_nanos(crate::facade::random_u64() % nanos)
}
