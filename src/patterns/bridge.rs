//! bridge: flatten a channel of channels into one channel, stream after stream, in order.
//!
//! Go original: "The bridge-channel" from the book behind seed 003 (Katherine Cox-Buday,
//! *Concurrency in Go*, chapter 4), the pattern right after the tee-channel that seed 003 ends
//! with; the seed has no section of its own for it, so this is the book's canonical form:
//!
//! ```go
//! bridge := func(
//!     done <-chan interface{},
//!     chanStream <-chan <-chan interface{},
//! ) <-chan interface{} {
//!     valStream := make(chan interface{})
//!     go func() {
//!         defer close(valStream)
//!         for {
//!             var stream <-chan interface{}
//!             select {
//!             case maybeStream, ok := <-chanStream:
//!                 if ok == false {
//!                     return
//!                 }
//!                 stream = maybeStream
//!             case <-done:
//!                 return
//!             }
//!             for val := range orDone(done, stream) {
//!                 select {
//!                 case valStream <- val:
//!                 case <-done:
//!                 }
//!             }
//!         }
//!     }()
//!     return valStream
//! }
//!
//! genVals := func() <-chan <-chan interface{} {
//!     chanStream := make(chan (<-chan interface{}))
//!     go func() {
//!         defer close(chanStream)
//!         for i := 0; i < 10; i++ {
//!             stream := make(chan interface{}, 1)
//!             stream <- i
//!             close(stream)
//!             chanStream <- stream
//!         }
//!     }()
//!     return chanStream
//! }
//!
//! for v := range bridge(nil, genVals()) {
//!     fmt.Printf("%v ", v)
//! }
//! ```
//!
//! Two changes, both for loom's thread limit (it counts every thread an execution starts, and
//! the bridge starts an `orDone` goroutine per stream): `genVals` is `main` filling a buffered
//! `chanStream` with its streams and closing it, instead of a goroutine sending them one by
//! one; and each stream holds several values (`items / workers`), so two streams already show
//! the order across streams. `main` passes a real `done` instead of the book's `nil`, so the
//! cancelling claim has something to close. `orDone` is [`or_done`].
//!
//! What it promises: the consumer sees every value of every stream exactly once, stream after
//! stream, each in its order — the bridge drains one stream before it takes the next — and the
//! bridged channel closes once `chanStream` closes. Closing `done` stops it: a consumer that
//! reads some values and closes `done` leaves no goroutine behind.
//!
//! The twins: a bridge that forgets `defer close(valStream)` leaves the consumer's `range`
//! blocked forever (deadlock); a bridge that forwards with a plain
//! `for val := range stream { valStream <- val }`, no `orDone` and no `done`, is stuck in that
//! send once its consumer has stopped in the middle of a stream (leak).
//!
//! Sizes: `workers` streams on `chanStream`, `items` values in all (`items / workers` each,
//! numbered `0..items` in stream order); the cancelling claims read `items / 2 + 1` of them,
//! which stops the consumer in the middle of a stream at both sizes (at a stream's end even the
//! deaf bridge may see `done` in its `select` on `chanStream`).

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::patterns::or_done::or_done;
use crate::{go_named, select};

/// Which bridge to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bridge {
    /// The book's.
    Book,
    /// The twin without `defer close(valStream)`.
    NeverCloses,
    /// The twin forwarding with `for val := range stream { valStream <- val }`, deaf to `done`.
    IgnoresDone,
}

/// The book's `bridge`: every value of every stream of `chan_stream`, stream by stream.
pub fn bridge<T: Send + 'static>(
    done: &Receiver<()>,
    chan_stream: &Receiver<Receiver<T>>,
    variant: Bridge,
) -> Receiver<T> {
    let val_stream = chan::named::<T>("valStream", 0);
    let (done, chan_stream, out) = (done.clone(), chan_stream.clone(), val_stream.sender());
    go_named("bridge", move || {
        'streams: loop {
            let stream: Receiver<T>;
            select! {
                recv(chan_stream) -> maybe_stream => match maybe_stream {
                    Some(s) => stream = s,
                    None => break 'streams,
                },
                recv(done) -> _ => break 'streams,
            }
            if variant == Bridge::IgnoresDone {
                for val in &stream {
                    let _ = out.send(val);
                }
                continue;
            }
            for val in &or_done(&done, &stream) {
                select! {
                    send(out, val) -> _ => {},
                    recv(done) -> _ => {},
                }
            }
        }
        // `defer close(valStream)`.
        if variant != Bridge::NeverCloses {
            let _ = out.close();
        }
    });
    val_stream.receiver()
}

/// `genVals` as `main` runs it: `streams` buffered streams holding `0..items` in order, sent on
/// a buffered `chanStream` that is then closed.
pub fn gen_vals(streams: usize, items: usize) -> Receiver<Receiver<u64>> {
    let chan_stream = chan::named::<Receiver<u64>>("chanStream", streams);
    let per = items / streams.max(1);
    for s in 0..streams {
        let stream = chan::named::<u64>("stream", per);
        for v in s * per..(s + 1) * per {
            stream.send(v as u64).expect("stream has room");
        }
        stream.close().expect("stream is closed once");
        chan_stream
            .send(stream.receiver())
            .expect("chanStream has room");
    }
    chan_stream.close().expect("chanStream is closed once");
    chan_stream.receiver()
}

/// The book's `main`: range over `bridge(done, genVals())` (or read `take` values), then close
/// `done`. Returns the values in the order printed.
pub fn bridge_pattern(streams: usize, items: usize, take: Option<usize>, variant: Bridge) -> Vec<u64> {
    let done = chan::named::<()>("done", 0);
    let vals = bridge(&done.receiver(), &gen_vals(streams, items), variant);
    let mut got = Vec::new();
    for v in &vals {
        got.push(v);
        if Some(got.len()) == take {
            break;
        }
    }
    done.close().expect("done is closed once");
    got
}

/// All `streams * (items / streams)` values, in stream order.
pub fn all_values(streams: usize, items: usize) -> Vec<u64> {
    (0..(streams * (items / streams.max(1))) as u64).collect()
}

/// Past the middle: never at a stream boundary for the claims' sizes.
fn half(size: Size) -> usize {
    size.items / 2 + 1
}

fn every_value_in_order(size: Size) {
    let got = bridge_pattern(size.workers, size.items, None, Bridge::Book);
    assert_eq!(got, all_values(size.workers, size.items), "stream after stream, in order");
}

fn never_closes(size: Size) {
    bridge_pattern(size.workers, size.items, None, Bridge::NeverCloses);
}

fn cancel(size: Size) {
    let got = bridge_pattern(size.workers, size.items, Some(half(size)), Bridge::Book);
    let expected: Vec<u64> = all_values(size.workers, size.items)[..half(size)].to_vec();
    assert_eq!(got, expected, "the first values, in order");
}

fn ignores_done(size: Size) {
    bridge_pattern(size.workers, size.items, Some(half(size)), Bridge::IgnoresDone);
}

/// Two streams of two values for loom (main, the bridge and one `orDone` per stream make four
/// threads); 4 streams of 5 for the rest.
const BRIDGE: Claim = Claim {
    pattern: "bridge",
    model_size: Size::new(2, 4),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: every value once, in stream order, and a closing bridged channel; closing
/// `done` stops the bridge; each with the twin that breaks it.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-value-in-stream-order",
        statement: "Ranging over the bridge yields every value of every stream exactly once, \
                    stream after stream, each in order, and ends once chanStream closes.",
        twin: Some("bridge-never-closes-deadlocks"),
        body: every_value_in_order,
        ..BRIDGE
    },
    Claim {
        name: "bridge-never-closes-deadlocks",
        statement: "A bridge without defer close(valStream) forwards everything and returns, \
                    but the consumer's range then waits forever.",
        expect: Outcome::Deadlock,
        fix: Some("defer close(valStream) in the bridge goroutine"),
        body: never_closes,
        stuck: &[("main", "recv valStream")],
        ..BRIDGE
    },
    Claim {
        name: "done-stops-the-bridge",
        statement: "A consumer that reads half the values (and one) and closes done gets the first \
                    ones, in order, and the bridge and every orDone return.",
        twin: Some("bridge-deaf-to-done-leaks"),
        body: cancel,
        ..BRIDGE
    },
    Claim {
        name: "bridge-deaf-to-done-leaks",
        statement: "A bridge that forwards each stream with a plain range and valStream <- val \
                    is stuck in that send once its consumer stops mid-stream, closing done or \
                    not.",
        expect: Outcome::Leak,
        fix: Some("range stream → range orDone(done, stream), and select on done around the send"),
        body: ignores_done,
        stuck: &[("bridge", "send valStream")],
        ..BRIDGE
    },
];
