//! encapsulated: the worker makes its own out and error channels and returns them, so the caller cannot hand it a nil channel.
//!
//! Go original: "Encapsulating Goroutine" from seed 001 (channel patterns), section
//! "Encapsulating Goroutine": "we are not sure whether the caller initialize these channels before
//! sending. For this we can encapsulate the goroutines, so that worker function will be called
//! synchronously and then worker function will create these out and error channel by initializing
//! and returning them to caller." The seed shows the code only as a picture; this is the Go it
//! describes, the caller-owned version first:
//!
//! ```go
//! // Before: the caller makes the channels, and may pass nil ones.
//! func worker(nums []int, out chan<- int, errc chan<- error) {
//!     for _, n := range nums {
//!         if n < 0 {
//!             errc <- fmt.Errorf("negative input %d", n)
//!             close(out)
//!             return
//!         }
//!         out <- n * n
//!     }
//!     close(out)
//! }
//!
//! var out chan int // nil: never made
//! errc := make(chan error, 1)
//! go worker(nums, out, errc)
//! for sq := range out { fmt.Println(sq) } // blocks forever
//! select {
//! case err := <-errc:
//!     fmt.Println(err)
//! default:
//! }
//!
//! // After: the worker makes its channels and returns them.
//! func worker(nums []int) (<-chan int, <-chan error) {
//!     out := make(chan int)
//!     errc := make(chan error, 1)
//!     go func() {
//!         defer close(out)
//!         defer close(errc)
//!         for _, n := range nums {
//!             if n < 0 {
//!                 errc <- fmt.Errorf("negative input %d", n)
//!                 return
//!             }
//!             out <- n * n
//!         }
//!     }()
//!     return out, errc
//! }
//!
//! out, errc := worker(nums)
//! for sq := range out { fmt.Println(sq) }
//! if err := <-errc; err != nil { fmt.Println(err) }
//! ```
//!
//! What it promises: with the channels made by the worker, the caller always gets every square in
//! input order up to the first bad input, then the error or none, and both goroutines end.
//!
//! The twins: the caller-owned version with a nil channel. The seed says sending on the nil
//! channel panics; Go does not panic there: a send or receive on a nil channel blocks forever (the
//! runtime reports "all goroutines are asleep - deadlock!" only when every goroutine is stuck).
//! chancheck follows Go: with a nil `out` the worker blocks in `send nil` and the caller in
//! `recv nil` (DEADLOCK); with a nil `errc` the failing worker blocks in `send nil` before it
//! closes `out`, and the caller waits in `recv out` (DEADLOCK).
//!
//! Sizes: `items` inputs `1..=items` (the error claim turns the middle one negative); one worker.

use crate::chan::{self, Chan, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;

/// The caller-owned worker, Go's `worker(nums, out, errc)`.
pub fn worker_into(nums: Vec<i64>, out: Sender<i64>, errc: Sender<String>) {
    for n in nums {
        if n < 0 {
            errc.send(format!("negative input {n}"))
                .expect("nobody else closes errc");
            out.close().expect("the worker closes out once");
            return;
        }
        out.send(n * n).expect("nobody else closes out");
    }
    out.close().expect("the worker closes out once");
}

/// The encapsulated worker, Go's `worker(nums) (<-chan int, <-chan error)`: makes its channels,
/// starts its goroutine and returns the receive ends.
pub fn worker(nums: Vec<i64>) -> (Receiver<i64>, Receiver<String>) {
    let out: Chan<i64> = chan::named("out", 0);
    let errc: Chan<String> = chan::named("errc", 1);
    let (tx, etx) = (out.sender(), errc.sender());
    go_named("worker", move || {
        for n in nums {
            if n < 0 {
                etx.send(format!("negative input {n}"))
                    .expect("errc has room for one error");
                break;
            }
            tx.send(n * n).expect("nobody else closes out");
        }
        tx.close().expect("the worker closes out once");
        etx.close().expect("the worker closes errc once");
    });
    (out.receiver(), errc.receiver())
}

/// What the caller printed: the squares, then the error if any.
pub type Printed = (Vec<i64>, Option<String>);

/// The caller of the encapsulated worker.
pub fn encapsulated(nums: Vec<i64>) -> Printed {
    let (out, errc) = worker(nums);
    let squares = out.iter().collect();
    (squares, errc.recv())
}

/// The caller of the caller-owned worker; `nil_out`/`nil_errc` leave that channel unmade (nil).
pub fn caller_owned(nums: Vec<i64>, nil_out: bool, nil_errc: bool) -> Printed {
    let out: Chan<i64> = if nil_out {
        Chan::nil()
    } else {
        chan::named("out", 0)
    };
    let errc: Chan<String> = if nil_errc {
        Chan::nil()
    } else {
        chan::named("errc", 1)
    };
    let (tx, etx) = (out.sender(), errc.sender());
    go_named("worker", move || worker_into(nums, tx, etx));
    let squares = out.receiver().iter().collect();
    (squares, errc.try_recv().ok())
}

/// The inputs `1..=items`, with the middle one negated when `bad`.
pub fn inputs(items: usize, bad: bool) -> Vec<i64> {
    (1..=items as i64)
        .map(|n| if bad && n == (items as i64 + 1) / 2 { -n } else { n })
        .collect()
}

fn all_good(size: Size) {
    let (squares, err) = encapsulated(inputs(size.items, false));
    let want: Vec<i64> = (1..=size.items as i64).map(|n| n * n).collect();
    assert_eq!(squares, want, "every square, in order");
    assert_eq!(err, None);
}

fn one_bad(size: Size) {
    let bad = (size.items as i64 + 1) / 2;
    let (squares, err) = encapsulated(inputs(size.items, true));
    let want: Vec<i64> = (1..bad).map(|n| n * n).collect();
    assert_eq!(squares, want, "the squares before the bad input, in order");
    assert_eq!(err, Some(format!("negative input {}", -bad)));
}

fn nil_out(size: Size) {
    caller_owned(inputs(size.items, false), true, false);
}

fn nil_errc(size: Size) {
    caller_owned(inputs(size.items, true), false, true);
}

const SIZES: Claim = Claim {
    pattern: "encapsulated",
    model_size: Size::new(1, 4),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// The claims: the encapsulated worker never blocks forever, with good or bad input; the
/// caller-owned twins with a nil out or errc block on the nil channel.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "encapsulated-worker-never-blocks",
        statement: "With channels the worker makes itself, the caller receives every square in \
                    order and no error, and both goroutines end.",
        twin: Some("caller-passes-nil-out"),
        body: all_good,
        ..SIZES
    },
    Claim {
        name: "caller-passes-nil-out",
        statement: "A caller that passes an unmade (nil) out channel leaves the worker blocked in \
                    its send on nil and itself in its receive on nil: Go blocks forever here, it \
                    does not panic.",
        expect: Outcome::Deadlock,
        fix: Some("the worker makes `out` and returns it instead of taking it from the caller"),
        body: nil_out,
        stuck: &[("worker", "send nil"), ("main", "recv nil")],
        ..SIZES
    },
    Claim {
        name: "encapsulated-worker-reports-error",
        statement: "With a bad input the caller receives the squares before it in order, then \
                    the worker's error, and both goroutines end.",
        twin: Some("caller-passes-nil-errc"),
        body: one_bad,
        ..SIZES
    },
    Claim {
        name: "caller-passes-nil-errc",
        statement: "A caller that passes a nil error channel leaves the failing worker blocked \
                    sending its error on nil, before it closes out, and itself waiting on out.",
        expect: Outcome::Deadlock,
        fix: Some("the worker makes `errc` (capacity 1) and returns it"),
        body: nil_errc,
        stuck: &[("worker", "send nil"), ("main", "recv out")],
        ..SIZES
    },
];
