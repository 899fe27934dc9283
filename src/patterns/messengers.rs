//! messengers: workers hand each message to a messenger goroutine from a reusable pool, so a worker never blocks on delivery.
//!
//! Go original: the messengers pattern from seed 000 (messengers), sections "Messengers Pattern"
//! and "Asynchronous Patterns": "have `worker` goroutines and `messenger` goroutines. The
//! messenger goroutines can be based on messenger objects that are used an re-used from a
//! messengers `sync.Pool`. In this way, any worker can send a message to another go-routine
//! asynchronously via a messenger rather than directly on a channel." The seed links its code
//! (a gist) without quoting it; this is the Go it describes, with the `done` channel that the
//! seed's version lacks (a nil `done` is the seed's messenger: a nil channel's arm is never ready):
//!
//! ```go
//! type Messenger struct{ id int }
//!
//! var messengers = sync.Pool{New: func() interface{} { return &Messenger{id: next()} }}
//!
//! // deliver hands msg to a messenger goroutine and returns at once.
//! func deliver(out chan<- Message, done <-chan struct{}, msg Message) {
//!     m := messengers.Get().(*Messenger)
//!     go func() {
//!         select {
//!         case out <- msg:
//!             messengers.Put(m) // delivered: the messenger goes back to the pool
//!         case <-done: // the receiver has stopped: give up
//!         }
//!     }()
//! }
//!
//! func worker(id int, out chan<- Message, done <-chan struct{}, n int) {
//!     for i := 0; i < n; i++ {
//!         deliver(out, done, Message{id, i})
//!     }
//! }
//!
//! func main() {
//!     out := make(chan Message) // unbuffered: delivery is a hand-off
//!     done := make(chan struct{})
//!     var wg sync.WaitGroup
//!     for w := 1; w <= workers; w++ {
//!         wg.Add(1)
//!         go func(w int) { defer wg.Done(); worker(w, out, done, n) }(w)
//!     }
//!     wg.Wait() // every worker has finished before anyone reads (here: main joins them)
//!     for i := 0; i < want; i++ {
//!         fmt.Println(<-out)
//!     }
//!     close(done) // the receiver stops
//! }
//! ```
//!
//! What it promises: a worker never blocks on delivery (every worker finishes before the receiver
//! reads a single message); every message is delivered exactly once while the receiver drains;
//! and, with the done channel, when the receiver stops early the messengers still waiting give up
//! and nothing leaks.
//!
//! The twins. A worker that sends on the unbuffered `out` itself blocks until the receiver reads,
//! and the receiver waits for the workers first: DEADLOCK (the worker in `send out`, main joining
//! it). The seed's messenger has no done channel (here: `done` is nil): when the receiver stops
//! before draining, the messengers still holding messages block in `send out` forever: LEAK.
//! Messenger goroutines are all named `messenger` in reports (which pooled messenger a goroutine
//! carries depends on the schedule).
//!
//! Sizes: `workers` workers, each delivering `items` messages.

use std::sync::Arc;

use crate::chan::{self, Chan, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::sync::Mutex;
use crate::{go_named, select};

/// A message: `(worker, sequence)`.
pub type Message = (usize, usize);

/// A pooled messenger object, Go's `*Messenger`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Messenger {
    /// Which pooled messenger this is, from 1.
    pub id: usize,
}

/// Go's `sync.Pool` of messengers: `get` reuses a returned messenger or makes a new one.
#[derive(Debug, Clone)]
pub struct Pool {
    state: Arc<Mutex<(Vec<Messenger>, usize)>>,
}

impl Pool {
    /// An empty pool.
    pub fn new() -> Self {
        Self {
            state: Arc::new(Mutex::named("pool", (Vec::new(), 0))),
        }
    }

    /// `messengers.Get()`.
    pub fn get(&self) -> Messenger {
        let mut state = self.state.lock();
        if let Some(m) = state.0.pop() {
            return m;
        }
        state.1 += 1;
        Messenger { id: state.1 }
    }

    /// `messengers.Put(m)`.
    pub fn put(&self, m: Messenger) {
        self.state.lock().0.push(m);
    }

    /// How many messengers the pool ever made.
    pub fn made(&self) -> usize {
        self.state.lock().1
    }
}

impl Default for Pool {
    fn default() -> Self {
        Self::new()
    }
}

/// `deliver(out, done, msg)`: hand `msg` to a messenger goroutine and return at once. The
/// messenger gives up when `done` is closed; a nil `done` is the seed's messenger, which never
/// gives up.
pub fn deliver(pool: &Pool, out: &Sender<Message>, done: &Receiver<()>, msg: Message) {
    let m = pool.get();
    let (pool, out, done) = (pool.clone(), out.clone(), done.clone());
    go_named("messenger", move || {
        select! {
            send(out, msg) -> sent => {
                sent.expect("nobody closes out");
                pool.put(m);
            },
            recv(done) -> _ => {},
        }
    });
}

/// `worker(id, out, done, n)`: deliver `n` messages through messengers (or, with `direct`, by
/// sending on `out` itself, the twin's worker).
pub fn worker(id: usize, pool: &Pool, out: &Sender<Message>, done: &Receiver<()>, n: usize, direct: bool) {
    for i in 0..n {
        if direct {
            out.send((id, i)).expect("nobody closes out");
        } else {
            deliver(pool, out, done, (id, i));
        }
    }
}

/// What a run of the pattern shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The messages the receiver read, in the order read.
    pub received: Vec<Message>,
    /// How many messengers the pool made.
    pub messengers_made: usize,
}

/// How the scenario is wired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Wiring {
    /// Workers hand messages to messengers (`false`: they send on `out` themselves).
    pub messengers: bool,
    /// The messengers watch a done channel (`false`: `done` is nil, the seed's messenger).
    pub done: bool,
}

/// The pattern: `workers` workers deliver `items` messages each on an unbuffered `out`; once
/// every worker has finished, the receiver reads `want` messages, then closes `done`.
pub fn messengers(workers: usize, items: usize, want: usize, wiring: Wiring) -> Run {
    let out: Chan<Message> = chan::named("out", 0);
    let done: Chan<()> = if wiring.done {
        chan::named("done", 0)
    } else {
        Chan::nil()
    };
    let pool = Pool::new();

    let handles: Vec<_> = (1..=workers)
        .map(|w| {
            let (pool, tx, done) = (pool.clone(), out.sender(), done.receiver());
            go_named(&format!("worker-{w}"), move || {
                worker(w, &pool, &tx, &done, items, !wiring.messengers)
            })
        })
        .collect();
    for h in handles {
        h.join().expect("workers do not panic");
    }

    let received = (0..want)
        .map(|_| out.recv().expect("nobody closes out"))
        .collect();
    if wiring.done {
        done.close().expect("done is closed once");
    }
    Run {
        received,
        messengers_made: pool.made(),
    }
}

/// Every message of `workers` × `items`, sorted.
pub fn all_messages(workers: usize, items: usize) -> Vec<Message> {
    (1..=workers)
        .flat_map(|w| (0..items).map(move |i| (w, i)))
        .collect()
}

const FIXED: Wiring = Wiring {
    messengers: true,
    done: true,
};

fn drains_all(size: Size) {
    let total = size.workers * size.items;
    let run = messengers(size.workers, size.items, total, FIXED);
    let mut got = run.received.clone();
    got.sort_unstable();
    assert_eq!(got, all_messages(size.workers, size.items), "exactly once: {run:?}");
    assert!(run.messengers_made <= total, "{run:?}");
}

fn direct_send(size: Size) {
    let total = size.workers * size.items;
    messengers(
        size.workers,
        size.items,
        total,
        Wiring {
            messengers: false,
            done: true,
        },
    );
}

fn stops_early(size: Size, wiring: Wiring) {
    let total = size.workers * size.items;
    let want = total / 2;
    let run = messengers(size.workers, size.items, want, wiring);
    let mut got = run.received.clone();
    got.sort_unstable();
    got.dedup();
    assert_eq!(got.len(), want, "no message twice: {run:?}");
    let all = all_messages(size.workers, size.items);
    assert!(got.iter().all(|m| all.contains(m)), "{run:?}");
}

fn stops_with_done(size: Size) {
    stops_early(size, FIXED);
}

fn stops_without_done(size: Size) {
    stops_early(
        size,
        Wiring {
            messengers: true,
            done: false,
        },
    );
}

const SIZES: Claim = Claim {
    pattern: "messengers",
    model_size: Size::new(1, 2),
    large_size: Size::new(4, 5),
    ..Claim::DEFAULTS
};

/// The claims: workers never block and every message arrives once; the done channel frees the
/// messengers of a receiver that stops. Twins: direct sends block the workers, the seed's
/// messengers leak.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "worker-never-blocks-every-message-once",
        statement: "Every worker finishes before the receiver reads anything, and the receiver \
                    then drains every message exactly once.",
        twin: Some("direct-send-blocks-worker"),
        body: drains_all,
        ..SIZES
    },
    Claim {
        name: "direct-send-blocks-worker",
        statement: "A worker that sends on the unbuffered out channel itself blocks until the \
                    receiver reads, and the receiver waits for the workers first.",
        expect: Outcome::Deadlock,
        fix: Some("deliver through a messenger goroutine instead of `out <- msg`"),
        body: direct_send,
        stuck: &[("worker-1", "send out"), ("main", "join worker-1")],
        ..SIZES
    },
    Claim {
        name: "done-channel-releases-messengers",
        statement: "When the receiver stops after half the messages and closes done, the \
                    messengers still waiting give up: nothing leaks, and no message was read \
                    twice.",
        twin: Some("messengers-leak-when-receiver-stops"),
        body: stops_with_done,
        ..SIZES
    },
    Claim {
        name: "messengers-leak-when-receiver-stops",
        statement: "Without a done channel, the messengers left holding messages when the \
                    receiver stops block forever in their send.",
        expect: Outcome::Leak,
        fix: Some("messengers select on a done channel the receiver closes when it stops"),
        body: stops_without_done,
        stuck: &[("messenger", "send out")],
        ..SIZES
    },
];
