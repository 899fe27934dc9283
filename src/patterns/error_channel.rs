//! error_channel: workers report on an error channel buffered for all of them, so a caller that returns at the first error leaks no worker.
//!
//! Go original: "Non-blocking error channel" from seed 001 (channel patterns), section
//! "Non-blocking error channel": "Use buffer channel for any kind of error channel, which will
//! allow not to have any goroutine leaks for the error channel." The seed states the rule without
//! code; this is the Go it describes:
//!
//! ```go
//! func run(tasks []func() error) error {
//!     errc := make(chan error, len(tasks)) // one slot per worker: no send ever waits
//!     for _, task := range tasks {
//!         go func(task func() error) {
//!             errc <- task()
//!         }(task)
//!     }
//!     for range tasks {
//!         if err := <-errc; err != nil {
//!             return err // the first error; the other workers' sends still have room
//!         }
//!     }
//!     return nil
//! }
//! ```
//!
//! What it promises: the caller returns the first error as soon as it arrives (or nil once every
//! worker succeeded), and every worker still finishes: each has a buffer slot for its result, read
//! or not.
//!
//! The twin: with `make(chan error)` (unbuffered) the caller stops receiving at the first error,
//! and every worker that reports after it, the second failing worker first, blocks forever in
//! `send errc`: LEAK. Workers are all named `worker` in reports (which one fails first depends on
//! the schedule).
//!
//! Sizes: `workers` tasks, of which the first `items` fail.

use crate::chan::{self, Chan};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::time::{random_duration, sleep};
use std::time::Duration;

/// A task's error: which task failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskError {
    /// The failing task, from 1.
    pub task: usize,
}

/// A task works up to this long.
pub const MAX_WORK: Duration = Duration::from_millis(2);

/// `run(tasks)` with `tasks` tasks, the first `failing` of which fail, reporting on an error
/// channel of capacity `errc_cap`: the first error, or `Ok` when every task succeeded.
pub fn run(tasks: usize, failing: usize, errc_cap: usize) -> Result<(), TaskError> {
    let errc: Chan<Result<(), TaskError>> = chan::named("errc", errc_cap);
    for task in 1..=tasks {
        let errc = errc.sender();
        go_named("worker", move || {
            sleep(random_duration(MAX_WORK));
            let result = if task <= failing {
                Err(TaskError { task })
            } else {
                Ok(())
            };
            errc.send(result).expect("nobody closes errc");
        });
    }
    for _ in 0..tasks {
        errc.recv().expect("nobody closes errc")?;
    }
    Ok(())
}

fn buffered(size: Size) {
    let err = run(size.workers, size.items, size.workers).expect_err("some tasks fail");
    assert!(
        (1..=size.items).contains(&err.task),
        "the error is a failing task's: {err:?}"
    );
}

fn unbuffered(size: Size) {
    let _ = run(size.workers, size.items, 0);
}

const SIZES: Claim = Claim {
    pattern: "error_channel",
    model_size: Size::new(2, 2),
    large_size: Size::new(8, 4),
    ..Claim::DEFAULTS
};

/// The claims: a buffered error channel leaks nothing; the unbuffered twin leaks the workers that
/// report after the first error.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "buffered-errc-first-error-leaks-nothing",
        statement: "With an error channel of capacity len(tasks), the caller returns a failing \
                    task's error at the first one, and every worker still finishes.",
        twin: Some("unbuffered-errc-leaks-second-failure"),
        body: buffered,
        ..SIZES
    },
    Claim {
        name: "unbuffered-errc-leaks-second-failure",
        statement: "With an unbuffered error channel, once the caller has returned at the first \
                    error the next worker to report blocks forever in its send.",
        expect: Outcome::Leak,
        fix: Some("errc capacity 0 → len(tasks)"),
        body: unbuffered,
        stuck: &[("worker", "send errc")],
        ..SIZES
    },
];
