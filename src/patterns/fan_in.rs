//! fan_in: several input channels merged into one, by a goroutine per input or by one goroutine selecting over two inputs.
//!
//! Go original: "Fan-in or Multiplexing pattern" from seed 001 (channel patterns), section
//! "Fan-in or Multiplexing pattern", both versions:
//!
//! ```go
//! func fanInSimple(cs ...<-chan string) <-chan string { // By using for-range
//!     c := make(chan string)
//!     for _, ci := range cs { // spawn channel based on the number of input channel
//!         go func(cv <-chan string) { // cv is a channel value
//!             for {
//!                 c <- <-cv
//!             }
//!         }(ci) // send each channel to
//!     }
//!     return c
//! }
//! func fanInSimple(input1, input2 <-chan string) <-chan string { // By using select clause
//!     c := make(chan string)
//!     go func() {
//!         for {
//!             select {
//!             case s := <-input1:  c <- s
//!             case s := <-input2:  c <- s
//!             }
//!         }
//!     }()
//!     return c
//! }
//! func main() {
//!     c := fanIn(boring("Joe"), boring("Ann"))
//!     for i := 0; i < 10; i++ {
//!         fmt.Println(<-c)
//!     }
//!     fmt.Println("You're both boring; I'm leaving.")
//! }
//! ```
//!
//! The seed's forwarders loop forever: they only make sense for inputs that never end, and then
//! they never end either. The fixed versions end when their inputs are closed, and close `c`
//! once every input is done, so the reader can `range` over `c`:
//!
//! ```go
//! func fanIn(cs ...<-chan string) <-chan string {
//!     c := make(chan string)
//!     remaining := int32(len(cs))
//!     for _, ci := range cs {
//!         go func(cv <-chan string) {
//!             for s := range cv { c <- s }
//!             if atomic.AddInt32(&remaining, -1) == 0 { close(c) } // the last forwarder closes
//!         }(ci)
//!     }
//!     return c
//! }
//! func fanInSelect(input1, input2 <-chan string) <-chan string {
//!     c := make(chan string)
//!     go func() {
//!         defer close(c)
//!         for input1 != nil || input2 != nil {
//!             select {
//!             case s, ok := <-input1: if !ok { input1 = nil; continue }; c <- s
//!             case s, ok := <-input2: if !ok { input2 = nil; continue }; c <- s
//!             }
//!         }
//!     }()
//!     return c
//! }
//! ```
//!
//! What it promises: every value of every input comes out of `c` exactly once, each input's in the
//! order it was sent (the merge interleaves inputs, it never reorders one); with the fixed
//! versions, every goroutine ends once the inputs are closed and drained.
//!
//! The twins are the seed's versions: the inputs here (the `boring` speakers, reduced to buffered
//! channels holding each speaker's lines) are never closed, and main stops after reading every
//! value; the forwarders are left in `recv input-k` forever (LEAK), and so is the select
//! goroutine, in `select { recv input-1, recv input-2 }`. (Had the inputs been closed, the seed's
//! `c <- <-cv` would forward zero values forever instead.)
//!
//! Sizes: `workers` inputs (the select version always has two), `items` values per input. Under
//! loom a select with both inputs ready takes `input-1` (loom has no controlled randomness), so
//! loom checks the select version's interleavings with the reader, and shuttle and real threads
//! also check its choices between inputs.

use std::sync::Arc;

use crate::chan::{self, Chan, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::sync::Mutex;
use crate::{go_named, select};

/// The speakers whose lines are fanned in.
pub const NAMES: [&str; 8] = ["Joe", "Ann", "Bob", "Cid", "Dot", "Eve", "Fay", "Gus"];

/// `inputs` input channels `input-1…`, each holding `items` lines `"{name} {i}"`; closed when
/// `close` (the fixed versions' inputs), left open otherwise (the seed's endless speakers).
pub fn inputs(inputs: usize, items: usize, close: bool) -> Vec<Receiver<String>> {
    (0..inputs)
        .map(|k| {
            let ch: Chan<String> = chan::named(&format!("input-{}", k + 1), items);
            for i in 0..items {
                ch.send(format!("{} {i}", NAMES[k])).expect("a fresh buffer has room");
            }
            if close {
                ch.close().expect("closed once");
            }
            ch.receiver()
        })
        .collect()
}

/// The seed's `fanInSimple(cs...)`: a forwarder per input, `for { c <- <-cv }`, forever.
pub fn fan_in_simple(cs: Vec<Receiver<String>>) -> Receiver<String> {
    let c: Chan<String> = chan::named("c", 0);
    for (k, cv) in cs.into_iter().enumerate() {
        let tx = c.sender();
        go_named(&format!("forwarder-{}", k + 1), move || {
            loop {
                // `<-cv` on a closed channel is the zero value in Go.
                if tx.send(cv.recv().unwrap_or_default()).is_err() {
                    return; // nobody closes c; kept total for the type checker
                }
            }
        });
    }
    c.receiver()
}

/// The fixed `fanIn(cs...)`: each forwarder ranges over its input; the last one closes `c`.
pub fn fan_in(cs: Vec<Receiver<String>>) -> Receiver<String> {
    let c: Chan<String> = chan::named("c", 0);
    let remaining = Arc::new(Mutex::named("remaining", cs.len()));
    if cs.is_empty() {
        c.close().expect("closed once");
    }
    for (k, cv) in cs.into_iter().enumerate() {
        let (tx, remaining) = (c.sender(), Arc::clone(&remaining));
        go_named(&format!("forwarder-{}", k + 1), move || {
            for s in cv.iter() {
                tx.send(s).expect("c is closed after every forwarder is done");
            }
            let last = {
                let mut left = remaining.lock();
                *left -= 1;
                *left == 0
            };
            if last {
                tx.close().expect("only the last forwarder closes c");
            }
        });
    }
    c.receiver()
}

/// The seed's `fanInSimple(input1, input2)` with `select`, forever.
pub fn fan_in_select_simple(input1: Receiver<String>, input2: Receiver<String>) -> Receiver<String> {
    let c: Chan<String> = chan::named("c", 0);
    let tx = c.sender();
    go_named("fan-in", move || {
        loop {
            let s = select! {
                recv(input1) -> s => s.unwrap_or_default(),
                recv(input2) -> s => s.unwrap_or_default(),
            };
            if tx.send(s).is_err() {
                return; // nobody closes c; kept total for the type checker
            }
        }
    });
    c.receiver()
}

/// The fixed select version: a closed input is set to nil (never ready again); `c` is closed
/// once both are.
pub fn fan_in_select(input1: Receiver<String>, input2: Receiver<String>) -> Receiver<String> {
    let c: Chan<String> = chan::named("c", 0);
    let tx = c.sender();
    go_named("fan-in", move || {
        let (mut input1, mut input2) = (input1, input2);
        let (mut open1, mut open2) = (true, true);
        while open1 || open2 {
            let s = select! {
                recv(input1) -> s => match s {
                    Some(s) => Some(s),
                    None => { input1 = Receiver::nil(); open1 = false; None },
                },
                recv(input2) -> s => match s {
                    Some(s) => Some(s),
                    None => { input2 = Receiver::nil(); open2 = false; None },
                },
            };
            if let Some(s) = s {
                tx.send(s).expect("only this goroutine closes c");
            }
        }
        tx.close().expect("closed once");
    });
    c.receiver()
}

/// True when `got` holds exactly the lines of `inputs` × `items`, each input's in order.
pub fn exactly_once_in_order(got: &[String], inputs: usize, items: usize) -> bool {
    got.len() == inputs * items
        && NAMES[..inputs].iter().all(|n| {
            let mine: Vec<&String> = got
                .iter()
                .filter(|s| s.split(' ').next() == Some(*n))
                .collect();
            let want: Vec<String> = (0..items).map(|i| format!("{n} {i}")).collect();
            mine.len() == items && mine.iter().zip(&want).all(|(a, b)| *a == b)
        })
}

/// Which merge a scenario uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// The fixed goroutine-per-input [`fan_in`], over closed inputs.
    Goroutines,
    /// The seed's [`fan_in_simple`], over endless inputs.
    SeedGoroutines,
    /// The fixed [`fan_in_select`], over two closed inputs.
    Select,
    /// The seed's [`fan_in_select_simple`], over two endless inputs.
    SeedSelect,
}

/// Main: merge `n` inputs of `items` lines and print what comes out of `c`. The fixed merges
/// are read with `range`; the seed's (whose `c` never closes) for exactly `n * items` values.
pub fn main_reads(merge: Merge, n: usize, items: usize) -> Vec<String> {
    let closed = matches!(merge, Merge::Goroutines | Merge::Select);
    let mut ins = inputs(n, items, closed);
    let c = match merge {
        Merge::Goroutines => fan_in(ins),
        Merge::SeedGoroutines => fan_in_simple(ins),
        Merge::Select | Merge::SeedSelect => {
            assert_eq!(ins.len(), 2, "the select version merges two inputs");
            let (in2, in1) = (ins.pop().expect("two"), ins.pop().expect("two"));
            if merge == Merge::Select {
                fan_in_select(in1, in2)
            } else {
                fan_in_select_simple(in1, in2)
            }
        }
    };
    if closed {
        c.iter().collect()
    } else {
        (0..n * items)
            .map(|_| c.recv().expect("nobody closes c"))
            .collect()
    }
}

fn check(merge: Merge, n: usize, items: usize) {
    let got = main_reads(merge, n, items);
    assert!(
        exactly_once_in_order(&got, n, items),
        "lost, duplicated or reordered: {got:?}"
    );
}

fn goroutines(size: Size) {
    check(Merge::Goroutines, size.workers, size.items);
}
fn seed_goroutines(size: Size) {
    check(Merge::SeedGoroutines, size.workers, size.items);
}
fn selecting(size: Size) {
    check(Merge::Select, 2, size.items);
}
fn seed_selecting(size: Size) {
    check(Merge::SeedSelect, 2, size.items);
}

const PER_INPUT: Claim = Claim {
    pattern: "fan_in",
    model_size: Size::new(2, 2),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

const SELECT: Claim = Claim {
    pattern: "fan_in",
    model_size: Size::new(2, 3),
    large_size: Size::new(2, 20),
    ..Claim::DEFAULTS
};

/// The claims: both fixed merges deliver exactly once in per-input order and end on close; the
/// seed's never-ending forwarders leak.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "goroutine-per-input-exactly-once-in-order",
        statement: "A forwarder per input delivers every line exactly once, each input's in \
                    order; once the inputs are closed every forwarder ends and the last closes c.",
        twin: Some("seed-forwarders-leak"),
        body: goroutines,
        ..PER_INPUT
    },
    Claim {
        name: "seed-forwarders-leak",
        statement: "The seed's forwarders loop forever: after main has read every line they wait \
                    forever on inputs that never close.",
        expect: Outcome::Leak,
        fix: Some("close the inputs; forwarders `range` over them and the last one closes c"),
        body: seed_goroutines,
        stuck: &[("forwarder-1", "recv input-1"), ("forwarder-2", "recv input-2")],
        ..PER_INPUT
    },
    Claim {
        name: "select-exactly-once-in-order",
        statement: "One goroutine selecting over two inputs delivers every line exactly once, \
                    each input's in order; it sets a closed input to nil and ends, closing c, \
                    when both are.",
        twin: Some("seed-select-leaks"),
        body: selecting,
        ..SELECT
    },
    Claim {
        name: "seed-select-leaks",
        statement: "The seed's select loop runs forever: after main has read every line it \
                    waits forever on two inputs that never close.",
        expect: Outcome::Leak,
        fix: Some("close the inputs; set a closed input to nil and close c when both are"),
        body: seed_selecting,
        stuck: &[("fan-in", "recv input-1")],
        ..SELECT
    },
];
