//! or_channel: `or` combines any number of done channels into one that closes as soon as any of them closes.
//!
//! Go original: "The `or-channel`" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency in Go,
//! the book's patterns), which gives only prose ("a composite `done` channel through recursion and
//! goroutines … closes if any of its component channel closes"). The code is the book's,
//! *Concurrency in Go* (Katherine Cox-Buday), chapter 4, "The or-channel":
//!
//! ```go
//! var or func(channels ...<-chan interface{}) <-chan interface{}
//! or = func(channels ...<-chan interface{}) <-chan interface{} {
//!     switch len(channels) {
//!     case 0:
//!         return nil
//!     case 1:
//!         return channels[0]
//!     }
//!
//!     orDone := make(chan interface{})
//!     go func() {
//!         defer close(orDone)
//!
//!         switch len(channels) {
//!         case 2:
//!             select {
//!             case <-channels[0]:
//!             case <-channels[1]:
//!             }
//!         default:
//!             select {
//!             case <-channels[0]:
//!             case <-channels[1]:
//!             case <-channels[2]:
//!             case <-or(append(channels[3:], orDone)...):
//!             }
//!         }
//!     }()
//!     return orDone
//! }
//!
//! sig := func(after time.Duration) <-chan interface{} {
//!     c := make(chan interface{})
//!     go func() {
//!         defer close(c)
//!         time.Sleep(after)
//!     }()
//!     return c
//! }
//!
//! start := time.Now()
//! <-or(
//!     sig(2*time.Hour),
//!     sig(5*time.Minute),
//!     sig(1*time.Second),
//!     sig(1*time.Hour),
//!     sig(1*time.Minute),
//! )
//! fmt.Printf("done after %v", time.Since(start))
//! ```
//!
//! Each call with three or more channels starts one helper goroutine (`or-1`, `or-2`, … by
//! recursion depth) that selects on three inputs and on the `or` of the rest, *plus its own
//! `orDone`*. That last channel is what lets the helpers below it exit: when any input closes,
//! the helper that sees it closes its `orDone`, the helper above sees its nested `or` close, and
//! every helper below sees its parent's `orDone` close.
//!
//! The promise: the result closes if and only if some input closes (before any input closes it
//! is open), and once it has closed every helper goroutine exits.
//!
//! In the claims the inputs are channels the caller closes itself rather than `sig`
//! goroutines, so that the helpers are the only goroutines: six inputs take three helpers
//! (main + 3 under loom), eight take four. The example runs the book's `sig` program.
//!
//! The twins:
//!
//! - **the helper does not watch its own `orDone`** (`or(channels[3:]...)`, without
//!   `orDone`): when one of the first three inputs closes, the first helper closes the result
//!   and returns, but the nested helper still waits on the remaining inputs, which nobody
//!   closes: LEAK naming `or-2`. This needs at least five inputs (with four, `or` of the one
//!   remaining channel is that channel and starts no goroutine), so loom runs six inputs (three
//!   helpers), not the two or three a loom model of `sig` goroutines could afford.
//! - **the recursion dropped** (the default case selects only on `channels[0..3]`): closing
//!   the fifth input never closes the result; the caller waits forever: DEADLOCK.
//!
//! `defer close(orDone)` is an explicit `close` after the `select`: the helper has no other
//! way out, and in the leaking twin a close in a Drop guard is a known runtime issue.
//!
//! Sizes: `workers` is the number of input channels; `items` is unused.

use std::time::{Duration, Instant};

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::{go_named, select, time};

/// How a helper builds its `select`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Or {
    /// The book's: three inputs and `or(append(channels[3:], orDone)...)`.
    Book,
    /// The bug: `or(channels[3:]...)`, without the helper's own `orDone`.
    IgnoresOwnDone,
    /// The bug: no recursion, only `channels[0..3]`.
    NoRecursion,
}

/// Go's `or`: a channel that closes once any of `channels` closes. No channels is the nil
/// channel (never closes); one is that channel itself.
pub fn or(channels: &[Receiver<()>], how: Or) -> Receiver<()> {
    or_at(1, channels, how)
}

fn or_at(depth: usize, channels: &[Receiver<()>], how: Or) -> Receiver<()> {
    match channels.len() {
        0 => return Receiver::nil(),
        1 => return channels[0].clone(),
        _ => {}
    }
    let or_done = chan::named::<()>(&format!("orDone-{depth}"), 0);
    let mine = or_done.clone();
    let channels = channels.to_vec();
    go_named(&format!("or-{depth}"), move || {
        if channels.len() == 2 {
            select! {
                recv(channels[0]) -> _ => {},
                recv(channels[1]) -> _ => {},
            }
        } else {
            let rest = match how {
                Or::Book => {
                    let mut rest = channels[3..].to_vec();
                    rest.push(mine.receiver());
                    or_at(depth + 1, &rest, how)
                }
                Or::IgnoresOwnDone => or_at(depth + 1, &channels[3..], how),
                Or::NoRecursion => Receiver::nil(),
            };
            select! {
                recv(channels[0]) -> _ => {},
                recv(channels[1]) -> _ => {},
                recv(channels[2]) -> _ => {},
                recv(rest) -> _ => {},
            }
        }
        mine.close().expect("only this helper closes orDone");
    });
    or_done.receiver()
}

/// Go's `sig`: a channel that a goroutine closes after `after`.
pub fn sig(after: Duration) -> Receiver<()> {
    let c = chan::named::<()>(&format!("sig({after:?})"), 0);
    let tx = c.clone();
    go_named(&format!("sig({after:?})"), move || {
        time::sleep(after);
        tx.close().expect("closed once");
    });
    c.receiver()
}

/// The book's program: wait on the `or` of `sig` channels; returns how long it took.
pub fn or_of_sigs(afters: &[Duration]) -> Duration {
    let start = Instant::now();
    let sigs: Vec<Receiver<()>> = afters.iter().map(|&d| sig(d)).collect();
    or(&sigs, Or::Book).recv();
    start.elapsed()
}

/// What the caller of `or` saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// Whether the result was already closed before any input closed.
    pub closed_early: bool,
    /// Whether `<-result` returned after the input closed.
    pub closed_after: bool,
}

/// Make `inputs` channels `in-1…`, combine them with `or`, check the result is still open,
/// close input `close` (0-based; `None` closes none), then wait on the result if an input
/// closed.
pub fn or_of_inputs(inputs: usize, close: Option<usize>, how: Or) -> Seen {
    let ins: Vec<chan::Chan<()>> = (1..=inputs)
        .map(|i| chan::named::<()>(&format!("in-{i}"), 0))
        .collect();
    let receivers: Vec<Receiver<()>> = ins.iter().map(chan::Chan::receiver).collect();
    let result = or(&receivers, how);
    let closed_early = select! {
        recv(result) -> _ => true,
        default => false,
    };
    let mut closed_after = false;
    if let Some(k) = close {
        ins[k].close().expect("closed once");
        closed_after = result.recv().is_none();
    }
    Seen {
        closed_early,
        closed_after,
    }
}

fn closing(size: Size, k: usize, how: Or) {
    let seen = or_of_inputs(size.workers, Some(k), how);
    assert!(!seen.closed_early, "the result closed before any input did");
    assert!(seen.closed_after, "the result closes once an input closes");
}

fn close_last(size: Size) {
    closing(size, size.workers - 1, Or::Book);
}

fn close_last_no_recursion(size: Size) {
    closing(size, size.workers - 1, Or::NoRecursion);
}

fn close_first(size: Size) {
    closing(size, 0, Or::Book);
}

fn close_first_ignoring_own_done(size: Size) {
    closing(size, 0, Or::IgnoresOwnDone);
}

/// Six inputs (three helpers) under loom, eight (four helpers) elsewhere.
const INPUTS: Claim = Claim {
    pattern: "or_channel",
    model_size: Size::new(6, 6),
    large_size: Size::new(8, 8),
    ..Claim::DEFAULTS
};

/// The claims: the result closes iff an input closes, and every helper exits; their twins.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "deepest-input-closes-the-result",
        statement: "The result of `or` is open while no input is closed, and closes once the \
                    last input (watched by the deepest helper) closes; every helper exits.",
        expect: Outcome::Holds,
        twin: Some("no-recursion-never-closes"),
        body: close_last,
        ..INPUTS
    },
    Claim {
        name: "no-recursion-never-closes",
        statement: "When the helper selects only on the first three inputs, closing the last \
                    input never closes the result: the caller waits forever.",
        expect: Outcome::Deadlock,
        fix: Some("add the `case <-or(append(channels[3:], orDone)...)` arm"),
        body: close_last_no_recursion,
        stuck: &[("main", "recv orDone-1"), ("or-1", "recv in-1")],
        ..INPUTS
    },
    Claim {
        name: "first-input-stops-every-helper",
        statement: "When the first input closes, the result closes and every nested helper \
                    exits too, because each watches its parent's `orDone`.",
        expect: Outcome::Holds,
        twin: Some("helper-ignoring-own-done-leaks"),
        body: close_first,
        ..INPUTS
    },
    Claim {
        name: "helper-ignoring-own-done-leaks",
        statement: "When the recursive `or` leaves out the helper's own `orDone`, closing the \
                    first input closes the result but the nested helper keeps waiting on inputs \
                    nobody closes: a leak.",
        expect: Outcome::Leak,
        fix: Some("`or(append(channels[3:], orDone)...)`: pass the helper's own `orDone` down"),
        body: close_first_ignoring_own_done,
        stuck: &[("or-2", "recv in-4")],
        ..INPUTS
    },
];
