//! nonblocking: a `select` with a `default` arm tries a send or a receive and never blocks.
//!
//! Go original: "select with default" from seed 000 (messengers), section "Avoiding blocking?":
//! "receiving from a channel should preferably be done inside a `select` statement, so a user can
//! control whether the read should be blocking or non-blocking (whereby adding a `default` case in
//! the `select` statement makes it non-blocking)". The seed states the idiom in prose; this is the
//! Go it describes, a try-receive and a try-send on an unbuffered channel, and a producer that
//! retries a skipped send later instead of losing it:
//!
//! ```go
//! messages := make(chan string)
//!
//! select { // try-receive
//! case msg := <-messages:
//!     fmt.Println("received message", msg)
//! default:
//!     fmt.Println("no message received")
//! }
//!
//! msg := "hi"
//! select { // try-send
//! case messages <- msg:
//!     fmt.Println("sent message", msg)
//! default:
//!     fmt.Println("no message sent")
//! }
//!
//! // a producer that must not lose what it skipped
//! for _, msg := range msgs {
//!     for {
//!         select {
//!         case messages <- msg:
//!         default: // nobody ready: do other work, then try again
//!             time.Sleep(retry)
//!             continue
//!         }
//!         break
//!     }
//! }
//! if atomic.AddInt32(&producing, -1) == 0 { // the last producer closes
//!     close(messages)
//! }
//! ```
//!
//! What it promises: a `select` with `default` returns at once whether or not the other side is
//! there (a try-receive on an empty channel, a try-send nobody takes); and a producer that keeps a
//! skipped value and retries it loses nothing: the consumer receives every value exactly once, each
//! producer's in the order sent.
//!
//! The twins. Without `default` the same `select` waits for a partner that never comes (main
//! blocks forever in `recv messages`: DEADLOCK). A producer whose `default` arm drops the value
//! instead of retrying it (the "drop" pattern, used where retrying is what was wanted) loses every
//! value offered while the consumer was busy: the consumer's exactly-once assertion fails (PANIC).
//!
//! Sizes: `workers` producers, each sending `items` values. loom checks one producer: with two
//! producers spinning on a retried `select`/`default` (a sleep is a yield under loom), loom's
//! scheduler can alternate between the two spinners forever and the model exceeds loom's branch
//! limit (a known loom limitation, tokio-rs/loom#53); shuttle and real threads check four.

use std::sync::Arc;
use std::time::Duration;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::sync::Mutex;
use crate::time::sleep;
use crate::{go_named, select};

/// How long a producer waits before retrying a skipped send.
pub const RETRY: Duration = Duration::from_micros(50);
/// How long the consumer works on a value before it receives the next, so producers find it busy.
pub const CONSUME: Duration = Duration::from_micros(200);

/// The Go program's two non-blocking operations on an unbuffered channel nobody else uses; returns
/// the lines it prints. With `with_default` false both `select`s lose their `default` arm.
pub fn nonblocking(with_default: bool) -> Vec<String> {
    let messages = chan::named::<String>("messages", 0);
    let mut printed = Vec::new();

    if with_default {
        select! {
            recv(messages) -> msg => printed.push(format!("received message {msg:?}")),
            default => printed.push("no message received".to_string()),
        }
    } else {
        select! {
            recv(messages) -> msg => printed.push(format!("received message {msg:?}")),
        }
    }

    let msg = "hi".to_string();
    if with_default {
        select! {
            send(messages, msg.clone()) -> _ => printed.push(format!("sent message {msg}")),
            default => printed.push("no message sent".to_string()),
        }
    } else {
        select! {
            send(messages, msg.clone()) -> _ => printed.push(format!("sent message {msg}")),
        }
    }
    printed
}

/// Offer `msg` on `messages` with a non-blocking send until it is taken (`retry`), or once
/// (`!retry`: a skipped value is dropped). Returns how many offers were skipped.
#[track_caller]
pub fn offer(messages: &Sender<(usize, usize)>, msg: (usize, usize), retry: bool) -> usize {
    let mut skipped = 0;
    loop {
        select! {
            send(*messages, msg) -> sent => {
                sent.expect("messages is closed only after every producer is done");
                return skipped;
            },
            default => {
                skipped += 1;
                if !retry {
                    return skipped;
                }
                sleep(RETRY);
            },
        }
    }
}

/// What the consumer collected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// Every `(producer, sequence)` received, in the order received.
    pub received: Vec<(usize, usize)>,
    /// How many offers were skipped because the consumer was busy.
    pub skipped: usize,
}

/// `producers` producers each offer `items` values `(producer, 0..items)` with [`offer`] on an
/// unbuffered `messages` channel; the last one to finish closes it. The caller consumes slowly.
pub fn deliver(producers: usize, items: usize, retry: bool) -> Delivered {
    let messages = chan::named::<(usize, usize)>("messages", 0);
    let producing = Arc::new(Mutex::named("producing", producers));
    let mut handles = Vec::new();
    for p in 1..=producers {
        let tx = messages.sender();
        let producing = Arc::clone(&producing);
        handles.push(go_named(&format!("producer-{p}"), move || {
            let mut skipped = 0;
            for i in 0..items {
                skipped += offer(&tx, (p, i), retry);
            }
            let mut left = producing.lock();
            *left -= 1;
            if *left == 0 {
                tx.close().expect("only the last producer closes");
            }
            skipped
        }));
    }

    let rx: Receiver<(usize, usize)> = messages.receiver();
    let mut received = Vec::new();
    loop {
        sleep(CONSUME);
        match rx.recv() {
            Some(msg) => received.push(msg),
            None => break,
        }
    }
    let skipped = handles
        .into_iter()
        .map(|h| h.join().expect("producers do not panic"))
        .sum();
    Delivered { received, skipped }
}

/// True when `received` holds every `(producer, 0..items)` exactly once, each producer's in order.
pub fn exactly_once_in_order(received: &[(usize, usize)], producers: usize, items: usize) -> bool {
    (1..=producers).all(|p| {
        let mine: Vec<usize> = received
            .iter()
            .filter(|(q, _)| *q == p)
            .map(|(_, i)| *i)
            .collect();
        mine == (0..items).collect::<Vec<_>>()
    }) && received.len() == producers * items
}

fn with_default(_: Size) {
    assert_eq!(
        nonblocking(true),
        ["no message received", "no message sent"]
    );
}

fn without_default(_: Size) {
    nonblocking(false);
}

fn retried(size: Size) {
    let delivered = deliver(size.workers, size.items, true);
    assert!(
        exactly_once_in_order(&delivered.received, size.workers, size.items),
        "lost, duplicated or reordered: {delivered:?}"
    );
}

fn dropped(size: Size) {
    let delivered = deliver(size.workers, size.items, false);
    assert!(
        exactly_once_in_order(&delivered.received, size.workers, size.items),
        "lost, duplicated or reordered: {delivered:?}"
    );
}

const ONE_SHOT: Claim = Claim {
    pattern: "nonblocking",
    model_size: Size::new(0, 1),
    large_size: Size::new(0, 1),
    ..Claim::DEFAULTS
};

const PRODUCERS: Claim = Claim {
    pattern: "nonblocking",
    model_size: Size::new(1, 3),
    large_size: Size::new(4, 6),
    ..Claim::DEFAULTS
};

/// The claims: a select with default never blocks and a retried skipped send loses nothing; the
/// twins block without default and lose values when the skipped send is dropped.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "select-with-default-never-blocks",
        statement: "With a default arm, a try-receive on an empty channel and a try-send nobody \
                    takes both return at once, through default.",
        twin: Some("select-without-default-blocks"),
        body: with_default,
        ..ONE_SHOT
    },
    Claim {
        name: "select-without-default-blocks",
        statement: "Without the default arm the receive waits for a sender that never comes.",
        expect: Outcome::Deadlock,
        fix: Some("add the `default` arm"),
        body: without_default,
        stuck: &[("main", "recv messages")],
        ..ONE_SHOT
    },
    Claim {
        name: "skipped-send-retried-loses-nothing",
        statement: "Producers that retry a skipped non-blocking send deliver every value exactly \
                    once, each producer's in order, and every thread ends.",
        twin: Some("skipped-send-dropped-loses-values"),
        body: retried,
        ..PRODUCERS
    },
    Claim {
        name: "skipped-send-dropped-loses-values",
        statement: "Producers whose default arm drops the value lose what they offered while the \
                    consumer was busy.",
        expect: Outcome::Panic,
        fix: Some("in `default`, keep the value and retry it instead of dropping it"),
        body: dropped,
        ..PRODUCERS
    },
];
