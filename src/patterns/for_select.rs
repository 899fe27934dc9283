//! for_select: a goroutine loops over a `select` that watches `done`, and exits once `done` closes.
//!
//! Go original: "The `for-select` Loop" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency in
//! Go, the book's patterns):
//!
//! ```go
//! for { // Either loop infinitely or range over something
//!     select {
//!     // Do some work with channels
//!     case <- done:
//!         return
//!     default:
//!     // do something else
//!     }
//! }
//! ```
//!
//! The seed sketches the loop; *Concurrency in Go* (Katherine Cox-Buday), chapter 4, "The
//! for-select Loop", gives its two forms. Sending iteration variables out on a channel:
//!
//! ```go
//! for _, s := range []string{"a", "b", "c"} {
//!     select {
//!     case <-done:
//!         return
//!     case stringStream <- s:
//!     }
//! }
//! ```
//!
//! and looping infinitely waiting to be stopped:
//!
//! ```go
//! for {
//!     select {
//!     case <-done:
//!         return
//!     default:
//!     }
//!
//!     // Do non-preemptable work
//! }
//! ```
//!
//! Both run here as goroutines of a parent that later closes `done`. The default-arm worker
//! does a unit of work (a 1 ms sleep) per turn and publishes how many units it has done with a
//! non-blocking send on `progress` (`select { case progress <- units: default: }`); the parent
//! reads a few progress reports, closes `done`, and waits for the worker's final count on
//! `stopped`. The range generators send their values on a shared `stringStream` with `done` in
//! the same `select`; the parent takes some of the values and closes `done`.
//!
//! The promise: after `done` closes, every loop returns: nothing leaks, and the parent gets
//! what was sent in order (each generator's values arrive as a prefix of its list; progress
//! counts only grow, and the final count is at least the last one reported).
//!
//! The twins:
//!
//! - **no `done` case** in the range form (`stringStream <- s` on its own): once the parent stops
//!   receiving, every generator blocks forever in its send: LEAK naming `generator-1`.
//! - **blocking work** in the default-arm form: the worker publishes progress with a plain
//!   `progress <- units` after the `select`. The work is no longer non-preemptable: once the
//!   parent stops reading progress, the worker blocks in that send and never gets back to the
//!   `select` that would see `done`, while the parent waits on `stopped`: DEADLOCK. (Leaving the
//!   `done` case out of the default-arm form makes a loop that spins forever without ever
//!   blocking: a livelock, not something a leak or deadlock check can report, and not a body a
//!   checker should run.) The parent sleeps 2 ms before closing `done`, as "finishing its own
//!   work", in both the pattern and the twin: on real threads it makes sure the worker is past
//!   its `select` when `done` closes, which is the interleaving loom and shuttle find anyway.
//!
//! Sizes: `workers` is the number of range generators (the default-arm form always has one
//! worker); `items` is the number of values each generator ranges over (the parent takes
//! `items / 2` in total) and the number of progress reports the parent reads.

use std::time::Duration;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::{go_named, select, time};

/// How long one unit of the default-arm worker's non-preemptable work takes.
pub const WORK_UNIT: Duration = Duration::from_millis(1);

/// How long the parent works before it closes `done`.
pub const PARENT_WORK: Duration = Duration::from_millis(2);

/// Whether the loop's channel operation sits inside the `select` with `done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loop {
    /// The book's form: every blocking operation is an arm next to `<-done`.
    WatchesDone,
    /// The bug: the loop's send is outside any `select` with `done`.
    IgnoresDone,
}

/// What the default-arm form's parent saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The unit counts the parent read from `progress`, in order.
    pub reported: Vec<usize>,
    /// The worker's final count, sent on `stopped` as it returned.
    pub stopped: usize,
}

/// The default-arm worker: loop until `done`, one unit of work per turn, publishing progress.
fn work_until_done(done: Receiver<()>, progress: Sender<usize>, stopped: Sender<usize>, l: Loop) {
    let mut units = 0;
    loop {
        select! {
            recv(done) -> _ => {
                stopped.send(units).expect("nobody closes stopped");
                return;
            },
            default => {},
        }
        // Do non-preemptable work.
        time::sleep(WORK_UNIT);
        units += 1;
        match l {
            Loop::WatchesDone => select! {
                send(progress, units) -> _ => {},
                default => {},
            },
            Loop::IgnoresDone => {
                progress.send(units).expect("nobody closes progress");
            }
        }
    }
}

/// The default-arm form: start `worker`, read `reports` progress reports, work a little, close
/// `done` and wait for the worker's final count.
pub fn loop_until_done(reports: usize, l: Loop) -> Progress {
    let done = chan::named::<()>("done", 0);
    let progress = chan::named::<usize>("progress", 0);
    let stopped = chan::named::<usize>("stopped", 1);
    let (d, p, s) = (done.receiver(), progress.sender(), stopped.sender());
    go_named("worker", move || work_until_done(d, p, s, l));

    let reported = (0..reports)
        .map(|_| progress.recv().expect("nobody closes progress"))
        .collect();
    time::sleep(PARENT_WORK);
    done.close().expect("closed once");
    let stopped = stopped.recv().expect("nobody closes stopped");
    Progress { reported, stopped }
}

/// Go's range form: send each of `values` on `string_stream` unless `done` closes first.
fn send_values(done: &Receiver<()>, string_stream: &Sender<String>, values: Vec<String>, l: Loop) {
    for s in values {
        match l {
            Loop::WatchesDone => select! {
                recv(*done) -> _ => return,
                send(*string_stream, s) -> sent => sent.expect("nobody closes stringStream"),
            },
            Loop::IgnoresDone => string_stream
                .send(s)
                .expect("nobody closes stringStream"),
        }
    }
}

/// The values generator `g` (1-based) ranges over: `a<g>`, `b<g>`, `c<g>`, …
pub fn generator_values(g: usize, count: usize) -> Vec<String> {
    (0..count)
        .map(|i| format!("{}{g}", char::from(b'a' + (i % 26) as u8)))
        .collect()
}

/// The range form: `generators` goroutines range over their values with a `select` on `done`;
/// the parent takes `take` values from `stringStream`, then closes `done`. Returns the values
/// taken, in the order received.
pub fn range_until_done(generators: usize, values: usize, take: usize, l: Loop) -> Vec<String> {
    let done = chan::named::<()>("done", 0);
    let string_stream = chan::named::<String>("stringStream", 0);
    for g in 1..=generators {
        let (d, tx) = (done.receiver(), string_stream.sender());
        let mine = generator_values(g, values);
        go_named(&format!("generator-{g}"), move || {
            send_values(&d, &tx, mine, l);
        });
    }
    let taken = (0..take)
        .map(|_| string_stream.recv().expect("nobody closes stringStream"))
        .collect();
    done.close().expect("closed once");
    taken
}

/// Assert that `taken` holds `take` values and each generator's values arrived in its order,
/// as a prefix of its list.
pub fn assert_prefixes(taken: &[String], generators: usize, values: usize, take: usize) {
    assert_eq!(taken.len(), take, "the parent takes what it asked for");
    for g in 1..=generators {
        let mine: Vec<&String> = taken
            .iter()
            .filter(|v| v[1..] == g.to_string())
            .collect();
        let expected = generator_values(g, values);
        let prefix: Vec<&String> = expected.iter().take(mine.len()).collect();
        assert_eq!(mine, prefix, "generator-{g}'s values arrive in order");
    }
}

/// Assert that progress only grows and the final count is at least the last report.
pub fn assert_progress(p: &Progress, reports: usize) {
    assert_eq!(p.reported.len(), reports);
    assert!(
        p.reported.windows(2).all(|w| w[0] < w[1]),
        "progress only grows: {:?}",
        p.reported
    );
    assert!(
        p.reported.last().is_none_or(|&last| p.stopped >= last),
        "the final count {} is at least the last report {:?}",
        p.stopped,
        p.reported.last()
    );
}

fn default_arm_body(size: Size, l: Loop) {
    let p = loop_until_done(size.items, l);
    assert_progress(&p, size.items);
}

fn default_arm(size: Size) {
    default_arm_body(size, Loop::WatchesDone);
}

fn default_arm_blocking(size: Size) {
    default_arm_body(size, Loop::IgnoresDone);
}

fn range_body(size: Size, l: Loop) {
    let take = size.items / 2;
    let taken = range_until_done(size.workers, size.items, take, l);
    assert_prefixes(&taken, size.workers, size.items, take);
}

fn range_values(size: Size) {
    range_body(size, Loop::WatchesDone);
}

fn range_no_done(size: Size) {
    range_body(size, Loop::IgnoresDone);
}

const DEFAULT_ARM: Claim = Claim {
    pattern: "for_select",
    model_size: Size::new(1, 3),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

const RANGE: Claim = Claim {
    pattern: "for_select",
    model_size: Size::new(2, 3),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: both forms exit once `done` closes; their twins leak or deadlock.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "default-arm-loop-exits-on-done",
        statement: "The infinite for-select loop with a `default` arm returns once `done` \
                    closes: the parent gets the worker's final count, at least the last \
                    progress it read, and nothing leaks.",
        expect: Outcome::Holds,
        twin: Some("blocking-work-outside-select-deadlocks"),
        body: default_arm,
        ..DEFAULT_ARM
    },
    Claim {
        name: "blocking-work-outside-select-deadlocks",
        statement: "When the loop's work blocks outside the `select` (a plain `progress <- \
                    units`), the worker never gets back to `<-done` once the parent stops \
                    reading progress, and the parent waits on `stopped` forever.",
        expect: Outcome::Deadlock,
        fix: Some("publish progress with a non-blocking `select { case progress <- units: default: }`"),
        body: default_arm_blocking,
        stuck: &[("worker", "send progress"), ("main", "recv stopped")],
        ..DEFAULT_ARM
    },
    Claim {
        name: "range-loop-exits-on-done",
        statement: "Generators that range over their values with `select { case <-done: return; \
                    case stringStream <- s: }` all return once the parent closes `done`; the \
                    parent receives each generator's values in order.",
        expect: Outcome::Holds,
        twin: Some("range-loop-without-done-leaks"),
        body: range_values,
        ..RANGE
    },
    Claim {
        name: "range-loop-without-done-leaks",
        statement: "Without the `done` case, once the parent stops receiving every generator \
                    blocks forever in `stringStream <- s`: a leak.",
        expect: Outcome::Leak,
        fix: Some("send inside `select` with a `case <-done: return` arm"),
        body: range_no_done,
        stuck: &[("generator-1", "send stringStream")],
        ..RANGE
    },
];
