//! wait_for_result: a parent starts a child and blocks until the child signals its result.
//!
//! Go original: `waitForResult` from Ardan Labs' Ultimate Go channel examples, the base pattern
//! seed 001 (channel patterns) builds its "Fan Out Pattern" on ("We need to use wait for result
//! as our base pattern to build this"):
//!
//! ```go
//! func waitForResult() {
//!     ch := make(chan string)
//!
//!     go func() {
//!         time.Sleep(time.Duration(rand.Intn(500)) * time.Millisecond)
//!         ch <- "data"
//!         fmt.Println("child : sent signal")
//!     }()
//!
//!     d := <-ch
//!     fmt.Println("parent : recv'd signal :", d)
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! The channel is unbuffered, so the signal is delivered with a guarantee: the child's send
//! completes only once the parent has the result. Whatever the child's work takes, the parent
//! receives "data" and the child returns. The seed's closing `time.Sleep` is left out.
//!
//! The twin is a child that returns on an error path without signalling: the parent waits in
//! `recv ch` forever (DEADLOCK). Every path of the child must signal.

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::time::{random_duration, sleep};

/// The child works up to this long before it signals (the seed: up to 500 ms).
pub const MAX_WORK: Duration = Duration::from_millis(2);

/// `waitForResult()`: the result the parent receives. `child_signals: false` is the twin, a
/// child that returns without sending.
pub fn wait_for_result(child_signals: bool) -> String {
    let ch = chan::named::<String>("ch", 0);

    let tx = ch.sender();
    go_named("child", move || {
        sleep(random_duration(MAX_WORK));
        if !child_signals {
            return;
        }
        let _ = tx.send("data".to_string());
    });

    ch.recv().expect("nobody closes ch")
}

fn signals(_: Size) {
    assert_eq!(wait_for_result(true), "data");
}

fn bails(_: Size) {
    wait_for_result(false);
}

/// One child, one result at every size.
const ONE_CHILD: Claim = Claim {
    model_size: Size::new(1, 1),
    large_size: Size::new(1, 1),
    ..Claim::DEFAULTS
};

/// The claims: the parent always gets the result; a child that does not signal deadlocks it.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "wait_for_result",
        name: "parent-receives-the-result",
        statement: "Whatever the child's work takes, the parent receives \"data\" and the child \
                    returns.",
        expect: Outcome::Holds,
        twin: Some("child-without-signal-deadlocks"),
        body: signals,
        ..ONE_CHILD
    },
    Claim {
        pattern: "wait_for_result",
        name: "child-without-signal-deadlocks",
        statement: "A child that returns without sending leaves the parent waiting forever on \
                    `ch`.",
        expect: Outcome::Deadlock,
        fix: Some("every path of the child sends its result"),
        body: bails,
        stuck: &[("main", "recv ch")],
        ..ONE_CHILD
    },
];
