//! fan_out: a parent starts one child per piece of work and collects their results from a buffer with a slot for each.
//!
//! Go original: `fanOut` from seed 001 (channel patterns), section "Fan Out Pattern - Version 1"
//! (built, the seed says, on the wait-for-result pattern):
//!
//! ```go
//! func fanOut() {
//!     children := 20
//!     ch := make(chan string, children)
//!
//!     for c := 0; c < children; c++ {
//!         go func(child int) {
//!             time.Sleep(time.Duration(rand.Intn(200)) * time.Millisecond)
//!             ch <- "data"
//!             fmt.Println("child : sent signal :", child)
//!         }(c)
//!     }
//!
//!     for children > 0 {
//!         d := <-ch
//!         children--
//!         fmt.Println(d)
//!         fmt.Println("parent : recv'd signal :", children)
//!     }
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! The buffer has a slot for every child, so no child's send can ever block: each child
//! delivers and returns whether or not the parent is still receiving. The parent receives
//! exactly one result per child. The seed's closing `time.Sleep` only delays the return; it
//! is left out (nothing waits on it).
//!
//! Twins: a buffer smaller than the children combined with a parent that leaves early (after
//! its first result) strands the children that find the buffer full — a LEAK naming `child`
//! stuck in `send ch` (every child has the same name, as goroutines have none in Go; the
//! report counts them). And a parent that counts one result too many waits forever in
//! `recv ch` (DEADLOCK).
//!
//! Sizes: `workers` is the number of children (the seed: 20); `items` is unused (one result
//! per child).

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::time::{random_duration, sleep};

/// A child works up to this long before it sends (the seed: up to 200 ms).
pub const MAX_WORK: Duration = Duration::from_millis(2);

/// `fanOut()` with `children` children, a result buffer of `buffer` slots, and a parent that
/// receives `wait_for` results before it returns them.
pub fn fan_out(children: usize, buffer: usize, wait_for: usize) -> Vec<String> {
    let ch = chan::named::<String>("ch", buffer);

    for _child in 0..children {
        let ch = ch.sender();
        go_named("child", move || {
            sleep(random_duration(MAX_WORK));
            let _ = ch.send("data".to_string());
        });
    }

    let mut received = Vec::with_capacity(wait_for);
    let mut waiting = wait_for;
    while waiting > 0 {
        let d = ch.recv().expect("nobody closes ch");
        waiting -= 1;
        received.push(d);
    }
    received
}

fn all_results(size: Size) {
    let n = size.workers;
    assert_eq!(fan_out(n, n, n), vec!["data".to_string(); n]);
}

fn one_too_many(size: Size) {
    let n = size.workers;
    fan_out(n, n, n + 1);
}

fn leaves_early(size: Size) {
    let n = size.workers;
    assert_eq!(fan_out(n, n, 1), vec!["data".to_string()]);
}

fn small_buffer_leaves_early(size: Size) {
    let n = size.workers;
    assert_eq!(fan_out(n, 0, 1), vec!["data".to_string()]);
}

/// Loom: 2 children (main + 2 threads); the others: 2 and 20 children.
const CHILDREN: Claim = Claim {
    model_size: Size::new(2, 2),
    large_size: Size::new(20, 20),
    ..Claim::DEFAULTS
};

/// The claims: every result arrives and no child ever blocks; the twins leak or deadlock.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "fan_out",
        name: "all-results-arrive",
        statement: "The parent receives exactly one result from every child, and every child \
                    returns.",
        expect: Outcome::Holds,
        twin: Some("one-result-too-many-deadlocks"),
        body: all_results,
        ..CHILDREN
    },
    Claim {
        pattern: "fan_out",
        name: "one-result-too-many-deadlocks",
        statement: "A parent that waits for one more result than there are children waits \
                    forever.",
        expect: Outcome::Deadlock,
        fix: Some("wait for exactly `children` results"),
        body: one_too_many,
        stuck: &[("main", "recv ch")],
        ..CHILDREN
    },
    Claim {
        pattern: "fan_out",
        name: "no-child-blocks-on-send",
        statement: "With a slot for every child, no child ever blocks on its send: even when \
                    the parent leaves after its first result, every child delivers and returns.",
        expect: Outcome::Holds,
        twin: Some("small-buffer-leaks-children"),
        body: leaves_early,
        ..CHILDREN
    },
    Claim {
        pattern: "fan_out",
        name: "small-buffer-leaks-children",
        statement: "With an unbuffered result channel and a parent that leaves after its first \
                    result, every other child blocks forever in its send.",
        expect: Outcome::Leak,
        fix: Some("result buffer capacity 0 → children"),
        body: small_buffer_leaves_early,
        stuck: &[("child", "send ch")],
        ..CHILDREN
    },
];
