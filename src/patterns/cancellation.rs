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

/// The claims: the buffered result channel holds, its unbuffered twin leaks the employee.
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
];
