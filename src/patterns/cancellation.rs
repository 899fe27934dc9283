//! Cancellation: a manager waits for an employee's result, but only until a deadline.
//!
//! Go original: `cancellation` from the "channels advanced patterns" seed (Ardan Labs' Ultimate
//! Go, channels examples):
//!
//! ```go
//! ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
//! defer cancel()
//! ch := make(chan string, 1)
//! go func() {
//!     time.Sleep(time.Duration(rand.Intn(200)) * time.Millisecond)
//!     ch <- "data"
//! }()
//! select {
//! case d := <-ch:
//!     fmt.Println("work complete", d)
//! case <-ctx.Done():
//!     fmt.Println("work cancelled")
//! }
//! ```
//!
//! The buffer of one is the whole point: when the manager gives up, the employee's send still
//! has somewhere to go. With an unbuffered channel the employee blocks forever on its send once
//! nobody is left to receive: a goroutine leak.
//!
//! Seed 001 (channel patterns), section "Cancellation Pattern", has the same pattern in its
//! original form, with `time.After` instead of a context; [`cancellation_after`] is that form:
//!
//! ```go
//! func cancellation() {
//!     ch := make(chan string, 1)
//!
//!     go func() {
//!         time.Sleep(time.Duration(rand.Intn(500)) * time.Millisecond)
//!         ch <- "data"
//!         fmt.Println("employee: sent signal")
//!     }()
//!
//!     tc := time.After(100 * time.Millisecond)
//!
//!     select {
//!     case d := <-ch:
//!         fmt.Println("manager: received signal: ", d)
//!
//!     case t := <-tc:
//!         fmt.Println("manager: timedout: ", t)
//!     }
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! It makes the same promise and has the same twin (the seed itself says so: "If we use the
//! unbuffered channel here instead of buffered, then this will have a goroutine leak"). The
//! seed's closing `time.Sleep` is left out: nothing waits on it. Its durations are scaled like
//! the context version's: a deadline of [`DEADLINE`] against work of up to [`MAX_WORK`].

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::context::Context;
use crate::time::{random_duration, sleep};
use crate::{go_named, select};

/// How the manager's wait ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// The employee delivered in time.
    Complete(String),
    /// The deadline passed first.
    Cancelled,
}

/// The manager's deadline.
pub const DEADLINE: Duration = Duration::from_millis(10);
/// The employee works up to this long; about half the runs miss the deadline.
pub const MAX_WORK: Duration = Duration::from_millis(20);

/// Run the pattern with a result channel of capacity `result_cap`.
pub fn cancellation(result_cap: usize) -> Finished {
    let (ctx, cancel) = Context::background().with_timeout(DEADLINE);
    let ch = chan::named::<String>("result", result_cap);

    let employee = ch.sender();
    go_named("employee", move || {
        sleep(random_duration(MAX_WORK));
        let _ = employee.send("data".to_string());
    });

    let finished = select! {
        recv(ch) -> d => Finished::Complete(d.expect("nobody closes the result channel")),
        recv(ctx.done()) -> _ => Finished::Cancelled,
    };
    cancel.cancel();
    finished
}

/// The seed 001 form: `time.After(DEADLINE)` against the employee's random work, with a
/// result channel `ch` of capacity `result_cap`.
pub fn cancellation_after(result_cap: usize) -> Finished {
    let ch = chan::named::<String>("ch", result_cap);

    let employee = ch.sender();
    go_named("employee", move || {
        sleep(random_duration(MAX_WORK));
        let _ = employee.send("data".to_string());
    });

    let tc = chan::after(DEADLINE);

    select! {
        recv(ch) -> d => Finished::Complete(d.expect("nobody closes ch")),
        recv(tc) -> _ => Finished::Cancelled,
    }
}

fn after_buffered(_: Size) {
    if let Finished::Complete(d) = cancellation_after(1) {
        assert_eq!(d, "data");
    }
}

fn after_unbuffered(_: Size) {
    if let Finished::Complete(d) = cancellation_after(0) {
        assert_eq!(d, "data");
    }
}

/// One employee, one result: the pattern has no size to vary.
fn buffered(_: Size) {
    cancellation(1);
}

fn unbuffered(_: Size) {
    cancellation(0);
}

/// The pattern has one employee and one value at every size.
const ONE_EMPLOYEE: Claim = Claim {
    model_size: Size::new(1, 1),
    large_size: Size::new(1, 1),
    ..Claim::DEFAULTS
};

/// The claims, for the context form and the seed's `time.After` form: the buffered result
/// channel holds, its unbuffered twin leaks the employee.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "cancellation",
        name: "buffered-result-never-leaks",
        statement: "With a result channel of capacity 1 the employee never leaks and the manager \
                    always returns, whether the deadline passes first or the work does.",
        expect: Outcome::Holds,
        twin: Some("unbuffered-result-leaks-employee"),
        body: buffered,
        ..ONE_EMPLOYEE
    },
    Claim {
        pattern: "cancellation",
        name: "unbuffered-result-leaks-employee",
        statement: "With an unbuffered result channel, once the manager times out the employee \
                    blocks forever in its send on `result`.",
        expect: Outcome::Leak,
        fix: Some("result channel capacity 0 → 1"),
        body: unbuffered,
        stuck: &[("employee", "send result")],
        ..ONE_EMPLOYEE
    },
    Claim {
        pattern: "cancellation",
        name: "after-buffered-result-never-leaks",
        statement: "The seed's form, time.After against a random sleep: with `ch` of capacity 1 \
                    the employee never leaks, the manager always returns, and a completed result \
                    is the employee's data.",
        expect: Outcome::Holds,
        twin: Some("after-unbuffered-result-leaks-employee"),
        body: after_buffered,
        ..ONE_EMPLOYEE
    },
    Claim {
        pattern: "cancellation",
        name: "after-unbuffered-result-leaks-employee",
        statement: "The seed's form with an unbuffered `ch`: once time.After fires first the \
                    employee blocks forever in its send on `ch`.",
        expect: Outcome::Leak,
        fix: Some("ch capacity 0 → 1"),
        body: after_unbuffered,
        stuck: &[("employee", "send ch")],
        ..ONE_EMPLOYEE
    },
];
