//! tee: split one channel into two that each receive every value, like the Unix `tee` command.
//!
//! Go original: "The tee-channel" from seed 003 (Concurrency in Go), section "The tee-channel".
//! The seed gives only prose; this is the canonical form from the book (Katherine Cox-Buday,
//! *Concurrency in Go*, chapter 4):
//!
//! ```go
//! tee := func(
//!     done <-chan interface{},
//!     in <-chan interface{},
//! ) (_, _ <-chan interface{}) {
//!     out1 := make(chan interface{})
//!     out2 := make(chan interface{})
//!     go func() {
//!         defer close(out1)
//!         defer close(out2)
//!         for val := range orDone(done, in) {
//!             var out1, out2 = out1, out2
//!             for i := 0; i < 2; i++ {
//!                 select {
//!                 case <-done:
//!                 case out1 <- val:
//!                     out1 = nil
//!                 case out2 <- val:
//!                     out2 = nil
//!                 }
//!             }
//!         }
//!     }()
//!     return out1, out2
//! }
//!
//! done := make(chan interface{})
//! defer close(done)
//!
//! out1, out2 := tee(done, take(done, repeat(done, 1, 2), 4))
//!
//! for val1 := range out1 {
//!     fmt.Printf("out1: %v, out2: %v\n", val1, <-out2)
//! }
//! ```
//!
//! Here `in` is a buffered channel `main` fills and closes (the book's `take(repeat(…), 4)`
//! without two more goroutines, which loom's thread limit cannot afford); `orDone` is
//! [`or_done`], the pattern before this one.
//!
//! What it promises: both outputs receive every value of `in`, in order; the tee ends, closing
//! both outputs, when `in` closes, and also when `done` closes while its readers have stopped.
//!
//! What the book warns about: "writes to out1 and out2 are tightly coupled. The iteration over
//! `in` cannot continue until both out1 and out2 have been written to." A consumer that reads
//! only `out1` gets the first value and then waits forever, because the tee is blocked
//! offering that value to `out2` (its select: `recv done, send nil, send out2`, `out1` already
//! nil) and `orDone` is blocked handing it the next one: a deadlock naming all three. A `main`
//! that stops early and forgets `close(done)` leaves the tee and `orDone` blocked the same way:
//! a leak.
//!
//! Sizes: `items` values on `in`; the cancelling claims read half of them. `workers` is unused
//! (the tee and its `orDone` are the only goroutines).

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::patterns::or_done::or_done;
use crate::{go_named, select};

/// The book's `tee`: every value of `in` to both returned channels, until `in` or `done` closes.
pub fn tee<T: Clone + Send + 'static>(
    done: &Receiver<()>,
    in_: &Receiver<T>,
) -> (Receiver<T>, Receiver<T>) {
    let out1 = chan::named::<T>("out1", 0);
    let out2 = chan::named::<T>("out2", 0);
    let (done, in_) = (done.clone(), in_.clone());
    let (o1, o2) = (out1.sender(), out2.sender());
    go_named("tee", move || {
        for val in &or_done(&done, &in_) {
            let (mut out1, mut out2) = (o1.clone(), o2.clone());
            for _ in 0..2 {
                select! {
                    recv(done) -> _ => {},
                    send(out1, val.clone()) -> _ => out1 = Sender::nil(),
                    send(out2, val.clone()) -> _ => out2 = Sender::nil(),
                }
            }
        }
        // `defer close(out1)`, `defer close(out2)`.
        let _ = o2.close();
        let _ = o1.close();
    });
    (out1.receiver(), out2.receiver())
}

/// How `main` consumes the tee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Consume {
    /// Values `0..items` on `in`.
    pub items: usize,
    /// Stop after this many pairs (`None`: range until `out1` closes).
    pub take: Option<usize>,
    /// Read `<-out2` after each `out1` value (the book: yes).
    pub read_out2: bool,
    /// `defer close(done)` (the book: yes).
    pub close_done: bool,
}

impl Consume {
    /// The book's `main` over `0..items`.
    pub const fn book(items: usize) -> Self {
        Consume {
            items,
            take: None,
            read_out2: true,
            close_done: true,
        }
    }
}

/// The book's `main`: tee `in`, and for each `val1` from `out1` read `<-out2`. Returns the
/// pairs it printed (`out1: v, out2: w`); `w` is `None` when `out2` is not read (or closed).
pub fn tee_pattern(c: Consume) -> Vec<(u64, Option<u64>)> {
    let done = chan::named::<()>("done", 0);
    let in_ = chan::named::<u64>("in", c.items);
    for v in 0..c.items as u64 {
        in_.send(v).expect("in has room");
    }
    in_.close().expect("in is closed once");

    let (out1, out2) = tee(&done.receiver(), &in_.receiver());
    let mut pairs = Vec::new();
    for val1 in &out1 {
        let val2 = if c.read_out2 { out2.recv() } else { None };
        pairs.push((val1, val2));
        if Some(pairs.len()) == c.take {
            break;
        }
    }
    if c.close_done {
        done.close().expect("done is closed once");
    }
    pairs
}

/// Both outputs got `0..n` in order.
pub fn assert_both_in_order(pairs: &[(u64, Option<u64>)], n: usize) {
    let expected: Vec<(u64, Option<u64>)> = (0..n as u64).map(|v| (v, Some(v))).collect();
    assert_eq!(pairs, expected, "out1 and out2 both get every value, in order");
}

fn every_value_to_both(size: Size) {
    let pairs = tee_pattern(Consume::book(size.items));
    assert_both_in_order(&pairs, size.items);
}

fn reads_only_out1(size: Size) {
    tee_pattern(Consume {
        read_out2: false,
        ..Consume::book(size.items)
    });
}

fn half(size: Size) -> usize {
    (size.items / 2).max(1)
}

fn stop_and_close_done(size: Size) {
    let pairs = tee_pattern(Consume {
        take: Some(half(size)),
        ..Consume::book(size.items)
    });
    assert_both_in_order(&pairs, half(size));
}

fn stop_without_done(size: Size) {
    tee_pattern(Consume {
        take: Some(half(size)),
        close_done: false,
        ..Consume::book(size.items)
    });
}

/// Three values for loom (main, the tee and its orDone make three threads); 20 for the rest.
const TEE: Claim = Claim {
    pattern: "tee",
    model_size: Size::new(1, 3),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// The claims: both outputs get every value in order and the tee ends with `in` or `done`;
/// reading one output only deadlocks; stopping without `done` leaks the tee.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "both-outputs-get-every-value-in-order",
        statement: "Reading out1 and then out2 for each value, both get every value of in, in \
                    order, and the range ends: the tee closes both outputs when in closes.",
        twin: Some("reading-only-out1-deadlocks"),
        body: every_value_to_both,
        ..TEE
    },
    Claim {
        name: "reading-only-out1-deadlocks",
        statement: "A consumer that reads only out1 gets the first value, then waits forever: \
                    the tee is blocked offering that value to out2 and orDone is blocked \
                    handing it the next one.",
        expect: Outcome::Deadlock,
        fix: Some("read <-out2 for every value of out1 (the writes are coupled)"),
        body: reads_only_out1,
        stuck: &[
            ("main", "recv out1"),
            ("tee", "recv done"),
            ("or-done", "send valStream"),
        ],
        ..TEE
    },
    Claim {
        name: "tee-ends-when-done-closes",
        statement: "A consumer that reads half the pairs and closes done gets them in order, \
                    and the tee and its orDone both return.",
        twin: Some("stopping-without-done-leaks-tee"),
        body: stop_and_close_done,
        ..TEE
    },
    Claim {
        name: "stopping-without-done-leaks-tee",
        statement: "A consumer that stops after half the pairs and never closes done leaves \
                    the tee blocked offering the next value and orDone blocked behind it.",
        expect: Outcome::Leak,
        fix: Some("defer close(done) in main"),
        body: stop_without_done,
        stuck: &[("tee", "recv done"), ("or-done", "send valStream")],
        ..TEE
    },
];
