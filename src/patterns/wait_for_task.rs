//! wait_for_task: a child starts first and blocks until the parent signals it what to do.
//!
//! Go original: `waitForTask` from Ardan Labs' Ultimate Go channel examples, the base pattern
//! seed 001 (channel patterns) builds its "Pooling Pattern" on ("We need to use wait for task as
//! our base pattern to build this"):
//!
//! ```go
//! func waitForTask() {
//!     ch := make(chan string)
//!
//!     go func() {
//!         d := <-ch
//!         fmt.Println("child : recv'd signal :", d)
//!     }()
//!
//!     time.Sleep(time.Duration(rand.Intn(500)) * time.Millisecond)
//!     ch <- "data"
//!     fmt.Println("parent : sent signal")
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! The child waits on the unbuffered `ch`; the parent's send completes only once the child has
//! the task, so the child receives exactly "data" and returns. Instead of the seed's closing
//! `time.Sleep` the parent joins the child (sleep is no synchronization, see `pooling`) and
//! returns what it received.
//!
//! The twin is a parent that returns on an error path before it sends: the child waits in
//! `recv ch` forever (LEAK). Every path of the parent must hand out the task (or close `ch`).

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::time::{random_duration, sleep};

/// The parent prepares the task for up to this long (the seed: up to 500 ms).
pub const MAX_PREPARE: Duration = Duration::from_millis(2);

/// `waitForTask()`: what the child received. `parent_signals: false` is the twin, a parent
/// that returns without sending (and without joining, so it returns `None`).
pub fn wait_for_task(parent_signals: bool) -> Option<String> {
    let ch = chan::named::<String>("ch", 0);

    let rx = ch.receiver();
    let child = go_named("child", move || rx.recv());

    sleep(random_duration(MAX_PREPARE));
    if !parent_signals {
        return None;
    }
    let _ = ch.send("data".to_string());

    child.join().expect("the child does not panic")
}

fn signals(_: Size) {
    assert_eq!(wait_for_task(true).as_deref(), Some("data"));
}

fn bails(_: Size) {
    wait_for_task(false);
}

/// One child, one task at every size.
const ONE_CHILD: Claim = Claim {
    model_size: Size::new(1, 1),
    large_size: Size::new(1, 1),
    ..Claim::DEFAULTS
};

/// The claims: the child always gets the task; a parent that does not signal leaks it.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "wait_for_task",
        name: "child-receives-the-task",
        statement: "Whenever the parent sends, the child receives exactly \"data\" and returns.",
        expect: Outcome::Holds,
        twin: Some("parent-without-signal-leaks-child"),
        body: signals,
        ..ONE_CHILD
    },
    Claim {
        pattern: "wait_for_task",
        name: "parent-without-signal-leaks-child",
        statement: "A parent that returns without sending leaves the child waiting forever on \
                    `ch`.",
        expect: Outcome::Leak,
        fix: Some("every path of the parent sends the task (or closes ch)"),
        body: bails,
        stuck: &[("child", "recv ch")],
        ..ONE_CHILD
    },
];
