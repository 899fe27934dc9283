//! or_done: wrap a channel you do not own so that reading it stops when `done` closes, even if
//! the channel itself never closes.
//!
//! Go original: "The or-done-channel" from seed 003 (Concurrency in Go), section "The
//! or-done-channel". The seed gives only prose; this is the canonical form from the book
//! (Katherine Cox-Buday, *Concurrency in Go*, chapter 4):
//!
//! ```go
//! orDone := func(done, c <-chan interface{}) <-chan interface{} {
//!     valStream := make(chan interface{})
//!     go func() {
//!         defer close(valStream)
//!         for {
//!             select {
//!             case <-done:
//!                 return
//!             case v, ok := <-c:
//!                 if ok == false {
//!                     return
//!                 }
//!                 select {
//!                 case valStream <- v:
//!                 case <-done:
//!                 }
//!             }
//!         }
//!     }()
//!     return valStream
//! }
//!
//! for val := range orDone(done, myChan) {
//!     // Do something with val
//! }
//! ```
//!
//! The scenario: `myChan` belongs to someone else, holds a few values and is never closed
//! (its owner is stuck, or simply keeps it open). The reader is done when `done` closes —
//! here `main` closes it after a while (a sleep; under the model checkers, at any point).
//!
//! What it promises: the reader's `range` over `orDone(done, myChan)` ends once `done` closes,
//! whatever `myChan` does, and what it read are `myChan`'s values in order, none twice; the
//! `orDone` goroutine itself returns too. It also ends, with every value, when `myChan` closes
//! (the properties check that side).
//!
//! What it does not promise, found by shuttle on its second execution: that the values read are
//! a *prefix* of `myChan`. They are in order and none comes twice, but when `done` closes while
//! `orDone` holds a value, its inner `select` may drop that value (`case <-done:`), and its
//! outer `select`, with both `done` and `myChan` ready, may still take the next value and hand
//! it over: the reader can see `[1]` without `0`. After `done`, delivery is best-effort, as Go's
//! random `select` makes it.
//!
//! The twin is the loop the book starts from, `for val := range myChan`, with a check of
//! `done` that can never run: once the buffered values are read the range blocks in its
//! receive forever. A reader goroutine leaks (`recv myChan`); when the reader is `main`
//! itself, everybody is stuck: a deadlock.
//!
//! Sizes: `items` values are buffered in `myChan`; `workers` is unused (one reader, one
//! `orDone` goroutine, one goroutine closing `done`).

use std::time::Duration;

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::time::sleep;
use crate::{go_named, select};

/// How long the caller keeps reading before it closes `done`.
pub const READ_FOR: Duration = Duration::from_millis(5);

/// How the reader reads `myChan`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    /// `for val := range orDone(done, myChan)`: the book.
    OrDone,
    /// `for val := range myChan`: the twin.
    PlainRange,
}

/// The book's `orDone`: forward `c` until it closes or `done` does, then close the result.
pub fn or_done<T: Send + 'static>(done: &Receiver<()>, c: &Receiver<T>) -> Receiver<T> {
    let val_stream = chan::named::<T>("valStream", 0);
    let (done, c, out) = (done.clone(), c.clone(), val_stream.sender());
    go_named("or-done", move || {
        loop {
            select! {
                recv(done) -> _ => break,
                recv(c) -> v => {
                    let Some(v) = v else { break };
                    select! {
                        send(out, v) -> _ => {},
                        recv(done) -> _ => {},
                    }
                }
            }
        }
        // `defer close(valStream)`.
        let _ = out.close();
    });
    val_stream.receiver()
}

/// The reader's loop: everything it reads, in order.
pub fn read(done: &Receiver<()>, my_chan: &Receiver<u64>, how: Read) -> Vec<u64> {
    let mut vals = Vec::new();
    match how {
        Read::OrDone => {
            for val in &or_done(done, my_chan) {
                vals.push(val);
            }
        }
        Read::PlainRange => {
            for val in my_chan {
                vals.push(val);
            }
        }
    }
    vals
}

/// `myChan` holding `0..items`, never closed.
fn my_chan(items: usize) -> Receiver<u64> {
    let my_chan = chan::named::<u64>("myChan", items);
    for v in 0..items as u64 {
        my_chan.send(v).expect("myChan has room");
    }
    my_chan.receiver()
}

/// True when `vals` is a subsequence of `myChan`'s values `0..items`: in order, none twice.
pub fn is_in_order(vals: &[u64], items: usize) -> bool {
    vals.windows(2).all(|w| w[0] < w[1]) && vals.iter().all(|v| *v < items as u64)
}

/// A `reader` goroutine reads `myChan` (`items` values, never closed) until `done`; `main`
/// closes `done` after [`READ_FOR`] and returns. The reader asserts it read `myChan`'s values in order.
pub fn reader_goroutine(items: usize, how: Read) {
    let done = chan::named::<()>("done", 0);
    let c = my_chan(items);
    let d = done.receiver();
    go_named("reader", move || {
        let vals = read(&d, &c, how);
        assert!(is_in_order(&vals, items), "read {vals:?}");
    });
    sleep(READ_FOR);
    done.close().expect("done is closed once");
}

/// `main` reads `myChan` (`items` values, never closed) until a `canceller` goroutine closes
/// `done` after [`READ_FOR`]. Returns what `main` read.
pub fn main_reads(items: usize, how: Read) -> Vec<u64> {
    let done = chan::named::<()>("done", 0);
    let c = my_chan(items);
    let canceller = done.clone();
    go_named("canceller", move || {
        sleep(READ_FOR);
        canceller.close().expect("done is closed once");
    });
    read(&done.receiver(), &c, how)
}

fn goroutine_or_done(size: Size) {
    reader_goroutine(size.items, Read::OrDone);
}

fn goroutine_plain(size: Size) {
    reader_goroutine(size.items, Read::PlainRange);
}

fn main_or_done(size: Size) {
    let vals = main_reads(size.items, Read::OrDone);
    assert!(is_in_order(&vals, size.items), "read {vals:?}");
}

fn main_plain(size: Size) {
    main_reads(size.items, Read::PlainRange);
}

/// Two values for loom (main, the reader or canceller and `orDone` make three threads); 20
/// for the rest.
const OR_DONE: Claim = Claim {
    pattern: "or_done",
    model_size: Size::new(1, 2),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// The claims: reading through `orDone` ends when `done` closes, for a reader goroutine and
/// for `main`; a plain range over the never-closed channel leaks or deadlocks.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "reader-stops-when-done-closes",
        statement: "A reader goroutine ranging over orDone(done, myChan) returns once done \
                    closes although myChan never closes, having read myChan's values in order, \
                    none twice; the orDone goroutine returns too.",
        twin: Some("plain-range-leaks-reader"),
        body: goroutine_or_done,
        ..OR_DONE
    },
    Claim {
        name: "plain-range-leaks-reader",
        statement: "A reader goroutine ranging over myChan itself never sees done: after the \
                    buffered values it blocks in its receive forever.",
        expect: Outcome::Leak,
        fix: Some("range myChan → range orDone(done, myChan)"),
        body: goroutine_plain,
        stuck: &[("reader", "recv myChan")],
        ..OR_DONE
    },
    Claim {
        name: "main-stops-when-done-closes",
        statement: "main ranging over orDone(done, myChan) gets myChan's values in order, none \
                    twice, and carries on once the canceller closes done.",
        twin: Some("plain-range-deadlocks-main"),
        body: main_or_done,
        ..OR_DONE
    },
    Claim {
        name: "plain-range-deadlocks-main",
        statement: "main ranging over myChan itself blocks in its receive forever once the \
                    buffered values are read; the canceller's close(done) cannot reach it.",
        expect: Outcome::Deadlock,
        fix: Some("range myChan → range orDone(done, myChan)"),
        body: main_plain,
        stuck: &[("main", "recv myChan")],
        ..OR_DONE
    },
];
