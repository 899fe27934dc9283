//! topologies: one channel between single or multiple producers and single or multiple consumers (SPSC, SPMC, MPSC, MPMC), closed by the last producer.
//!
//! Go original: "Foundational Concurrency patterns" from seed 001 (channel patterns), section
//! "Foundational Concurrency patterns": "Single producer, single consumer / Single producer,
//! multiple consumer / multiple producer, single consumer / multiple producer, multiple consumer".
//! The seed lists the four without code; this is the Go they share. Every producer sends its
//! values in order; consumers range over the channel; the last producer to finish closes it (the
//! atomic count does what `wg.Wait(); close(ch)` in an extra goroutine would, without the extra
//! goroutine):
//!
//! ```go
//! type Item struct{ Producer, Seq int }
//!
//! ch := make(chan Item)
//! remaining := int32(producers)
//! for p := 1; p <= producers; p++ {
//!     go func(p int) { // producer-p
//!         for i := 0; i < n; i++ {
//!             ch <- Item{p, i}
//!         }
//!         if atomic.AddInt32(&remaining, -1) == 0 {
//!             close(ch) // the last producer closes
//!         }
//!     }(p)
//! }
//! for c := 1; c < consumers; c++ {
//!     go func(c int) { // consumer-c
//!         for item := range ch { got[c] = append(got[c], item) }
//!     }(c)
//! }
//! for item := range ch { got[0] = append(got[0], item) } // main consumes too
//! ```
//!
//! What every topology promises: each item is received exactly once; each consumer receives a
//! producer's items in the order that producer sent them (per-producer FIFO); and every thread
//! ends once the last producer has closed the channel.
//!
//! The twins. A single producer that forgets to close leaves every consumer in `range` forever:
//! DEADLOCK (main in `recv ch`, and the other consumers with it). With several producers each
//! closing when it is done, the first close leaves the others sending on a closed channel (Go:
//! "panic: send on closed channel") or closing it again ("close of closed channel"): PANIC, the
//! refused send or close is reported by the producer.
//!
//! Sizes: SPSC uses `items` only; SPMC has `workers` consumers (main is one of them); MPSC has
//! `workers` producers; MPMC has `workers` producers and `workers` consumers. Each producer sends
//! `items` values (loom checks MPMC with one item per producer: two items each took 289k
//! executions).

use std::sync::Arc;

use crate::chan::{self, Chan};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::sync::Mutex;

/// An item: `(producer, sequence)`.
pub type Item = (usize, usize);

/// Who closes the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// The last producer to finish (the pattern).
    LastProducer,
    /// Every producer when it finishes (the multi-producer twin).
    EveryProducer,
    /// Nobody (the single-producer twin).
    Nobody,
}

/// `producers` producers send `items` items each on `make(chan Item, cap)`; `consumers`
/// consumers range over it (main is consumer 0). Returns what each consumer received, in order.
pub fn topology(
    producers: usize,
    consumers: usize,
    items: usize,
    cap: usize,
    closing: Closing,
) -> Vec<Vec<Item>> {
    let ch: Chan<Item> = chan::named("ch", cap);
    let remaining = Arc::new(Mutex::named("remaining", producers));
    for p in 1..=producers {
        let (tx, remaining) = (ch.sender(), Arc::clone(&remaining));
        go_named(&format!("producer-{p}"), move || {
            for i in 0..items {
                tx.send((p, i)).expect("send on closed channel");
            }
            let last = {
                let mut left = remaining.lock();
                *left -= 1;
                *left == 0
            };
            let close = match closing {
                Closing::LastProducer => last,
                Closing::EveryProducer => true,
                Closing::Nobody => false,
            };
            if close {
                tx.close().expect("close of closed channel");
            }
        });
    }
    let handles: Vec<_> = (1..consumers)
        .map(|c| {
            let rx = ch.receiver();
            go_named(&format!("consumer-{c}"), move || rx.iter().collect::<Vec<Item>>())
        })
        .collect();
    let mut got = vec![ch.receiver().iter().collect::<Vec<Item>>()];
    got.extend(
        handles
            .into_iter()
            .map(|h| h.join().expect("consumers do not panic")),
    );
    got
}

/// True when `got` holds every item of `producers` × `items` exactly once and each consumer saw
/// each producer's items in increasing order.
pub fn exactly_once_fifo(got: &[Vec<Item>], producers: usize, items: usize) -> bool {
    let fifo = got.iter().all(|mine| {
        (1..=producers).all(|p| {
            let seqs: Vec<usize> = mine.iter().filter(|(q, _)| *q == p).map(|x| x.1).collect();
            seqs.windows(2).all(|w| w[0] < w[1])
        })
    });
    let mut all: Vec<Item> = got.concat();
    all.sort_unstable();
    let want: Vec<Item> = (1..=producers)
        .flat_map(|p| (0..items).map(move |i| (p, i)))
        .collect();
    fifo && all == want
}

fn check(producers: usize, consumers: usize, items: usize, closing: Closing) {
    let got = topology(producers, consumers, items, 0, closing);
    assert!(
        exactly_once_fifo(&got, producers, items),
        "lost, duplicated or reordered: {got:?}"
    );
}

fn spsc(size: Size) {
    check(1, 1, size.items, Closing::LastProducer);
}
fn spsc_no_close(size: Size) {
    check(1, 1, size.items, Closing::Nobody);
}
fn spmc(size: Size) {
    check(1, size.workers, size.items, Closing::LastProducer);
}
fn spmc_no_close(size: Size) {
    check(1, size.workers, size.items, Closing::Nobody);
}
fn mpsc(size: Size) {
    check(size.workers, 1, size.items, Closing::LastProducer);
}
fn mpsc_every_closes(size: Size) {
    // No assertion here: the only panic is the producer's refused send or close.
    topology(size.workers, 1, size.items, 0, Closing::EveryProducer);
}
fn mpmc(size: Size) {
    check(size.workers, size.workers, size.items, Closing::LastProducer);
}
fn mpmc_every_closes(size: Size) {
    topology(size.workers, size.workers, size.items, 0, Closing::EveryProducer);
}

const SINGLE: Claim = Claim {
    pattern: "topologies",
    model_size: Size::new(1, 3),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

const MULTI: Claim = Claim {
    pattern: "topologies",
    model_size: Size::new(2, 2),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// MPMC is the largest model: 2 producers and 2 consumers (main and consumer-1) is already four
/// threads, so loom moves one item per producer.
const MPMC: Claim = Claim {
    model_size: Size::new(2, 1),
    ..MULTI
};

/// The claims: all four topologies deliver exactly once in per-producer order and end after
/// close; twins: a missing close blocks the consumers, every producer closing panics.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "spsc-exactly-once-in-order",
        statement: "One producer, one consumer: every item arrives once, in order, and both end \
                    after the close.",
        twin: Some("spsc-without-close-blocks-consumer"),
        body: spsc,
        ..SINGLE
    },
    Claim {
        name: "spsc-without-close-blocks-consumer",
        statement: "A producer that never closes leaves the consumer ranging over the channel \
                    forever.",
        expect: Outcome::Deadlock,
        fix: Some("the producer closes ch when it is done"),
        body: spsc_no_close,
        stuck: &[("main", "recv ch")],
        ..SINGLE
    },
    Claim {
        name: "spmc-exactly-once-fifo",
        statement: "One producer, several consumers: every item is received by exactly one \
                    consumer, each consumer sees them in order, and all end after the close.",
        twin: Some("spmc-without-close-blocks-consumers"),
        body: spmc,
        ..MULTI
    },
    Claim {
        name: "spmc-without-close-blocks-consumers",
        statement: "A producer that never closes leaves every consumer ranging forever.",
        expect: Outcome::Deadlock,
        fix: Some("the producer closes ch when it is done"),
        body: spmc_no_close,
        stuck: &[("main", "recv ch"), ("consumer-1", "recv ch")],
        ..MULTI
    },
    Claim {
        name: "mpsc-exactly-once-fifo",
        statement: "Several producers, one consumer: every item arrives once, each producer's in \
                    order, and all end after the last producer closes.",
        twin: Some("mpsc-every-producer-closes"),
        body: mpsc,
        ..MULTI
    },
    Claim {
        name: "mpsc-every-producer-closes",
        statement: "Producers that each close the channel when done make another producer send \
                    on (or close) a closed channel: Go panics.",
        expect: Outcome::Panic,
        fix: Some("only the last producer to finish closes"),
        body: mpsc_every_closes,
        ..MULTI
    },
    Claim {
        name: "mpmc-exactly-once-fifo",
        statement: "Several producers, several consumers: every item is received once, each \
                    consumer sees each producer's items in order, and all end after the last \
                    producer closes.",
        twin: Some("mpmc-every-producer-closes"),
        body: mpmc,
        ..MPMC
    },
    Claim {
        name: "mpmc-every-producer-closes",
        statement: "Producers that each close the channel when done make another producer send \
                    on (or close) a closed channel: Go panics.",
        expect: Outcome::Panic,
        fix: Some("only the last producer to finish closes"),
        body: mpmc_every_closes,
        ..MPMC
    },
];
