//! actor: a goroutine owns a counter and serves requests from a mailbox, answering each on the
//! reply channel the request carries.
//!
//! Go original: "The Actor Model" from seed 004 (a Go workshop), the heading its text ends
//! with; the seed has no code under it, so this is the canonical Go form of an actor — state
//! confined to one goroutine (seed 003's "confinement"), a request channel as its mailbox, a
//! reply channel in every request, and a stop request that ends it:
//!
//! ```go
//! type request struct {
//!     kind  string // "inc", "add", "get", "stop"
//!     n     int
//!     reply chan int
//! }
//!
//! type Counter struct{ requests chan request }
//!
//! func NewCounter(mailbox int) *Counter {
//!     c := &Counter{requests: make(chan request, mailbox)}
//!     go c.loop()
//!     return c
//! }
//!
//! func (c *Counter) call(kind string, n int) int {
//!     reply := make(chan int, 1)
//!     c.requests <- request{kind, n, reply}
//!     return <-reply
//! }
//!
//! func (c *Counter) Inc() int      { return c.call("inc", 0) }
//! func (c *Counter) Add(n int) int { return c.call("add", n) }
//! func (c *Counter) Get() int      { return c.call("get", 0) }
//! func (c *Counter) Stop() int     { return c.call("stop", 0) }
//!
//! func (c *Counter) loop() {
//!     count := 0
//!     for req := range c.requests {
//!         switch req.kind {
//!         case "inc":
//!             count++
//!         case "add":
//!             count += req.n
//!         case "stop":
//!             req.reply <- count
//!             return
//!         }
//!         req.reply <- count
//!     }
//! }
//! ```
//!
//! What it promises: no lock anywhere, yet the count equals the increments; every increment
//! gets its own reply (no two requests see the same count); request/reply never deadlocks,
//! because every reply channel has room for its one reply; and a stop request, queued behind
//! the requests already in the mailbox, is served after them — the stop's reply counts every
//! one — and ends the actor.
//!
//! The twin is the classic actor deadlock: the actor calls itself synchronously. Implement
//! `add` inside `loop` as `c.Inc()` n times and the actor sends to its own mailbox, which only
//! it receives from: it blocks in `send requests`, and the client that asked for the `add`
//! blocks in `recv add.reply`, forever. Forgetting the stop request is the other twin: the
//! actor leaks in its `range` over the mailbox.
//!
//! Sizes: `workers` client goroutines share `items` increments (`items / workers` each, and
//! `client-1` first asks for an `add(2)`); the mailbox is unbuffered in those claims so the
//! self-call blocks deterministically. The stop claims use a mailbox of `items` requests sent
//! without waiting, then a stop. loom explores the four-thread client model with preemption
//! bound 1 (bound 2 costs 75,000 executions).

use std::panic::resume_unwind;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;

/// What a request asks the actor to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `count++`.
    Inc,
    /// `count += n`.
    Add(i64),
    /// Read the count.
    Get,
    /// Reply with the count and end the actor.
    Stop,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Inc => "inc",
            Kind::Add(_) => "add",
            Kind::Get => "get",
            Kind::Stop => "stop",
        }
    }
}

/// Go's `request`: what to do and where to answer.
pub struct Request {
    /// The operation.
    pub kind: Kind,
    /// Where the actor sends the count after the operation (capacity 1: it never blocks).
    pub reply: Sender<i64>,
}

/// How the actor serves `add`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddBy {
    /// `count += n`, on its own state.
    Direct,
    /// The twin: `c.Inc()` n times, a synchronous call to itself.
    CallingItself,
}

/// Go's `Counter`: the handle clients hold; the state lives in the actor goroutine.
#[derive(Clone)]
pub struct Counter {
    requests: Sender<Request>,
}

impl Counter {
    /// `NewCounter(mailbox)`: start the actor, named `actor`, with a mailbox of `mailbox`.
    pub fn new(mailbox: usize, add_by: AddBy) -> Counter {
        let requests = chan::named::<Request>("requests", mailbox);
        let c = Counter {
            requests: requests.sender(),
        };
        let me = c.clone();
        let mailbox = requests.receiver();
        go_named("actor", move || me.run(&mailbox, add_by));
        c
    }

    /// Send a request without waiting; the reply arrives on the returned channel.
    pub fn send(&self, kind: Kind) -> Receiver<i64> {
        let reply = chan::named::<i64>(&format!("{}.reply", kind.name()), 1);
        let request = Request {
            kind,
            reply: reply.sender(),
        };
        if self.requests.send(request).is_err() {
            panic!("the mailbox is never closed");
        }
        reply.receiver()
    }

    /// `c.call(kind)`: send a request and wait for its reply.
    pub fn call(&self, kind: Kind) -> i64 {
        self.send(kind)
            .recv()
            .expect("the actor replies to every request it takes")
    }

    /// `c.Inc()`: the count after this increment.
    pub fn inc(&self) -> i64 {
        self.call(Kind::Inc)
    }

    /// `c.Add(n)`: the count after adding `n`.
    pub fn add(&self, n: i64) -> i64 {
        self.call(Kind::Add(n))
    }

    /// `c.Get()`.
    pub fn get(&self) -> i64 {
        self.call(Kind::Get)
    }

    /// `c.Stop()`: the final count; the actor ends after replying.
    pub fn stop(&self) -> i64 {
        self.call(Kind::Stop)
    }

    /// `c.loop()`: the actor, the only owner of `count`.
    fn run(&self, requests: &Receiver<Request>, add_by: AddBy) {
        let mut count: i64 = 0;
        for req in requests {
            match req.kind {
                Kind::Inc => count += 1,
                Kind::Add(n) => match add_by {
                    AddBy::Direct => count += n,
                    AddBy::CallingItself => {
                        for _ in 0..n {
                            count = self.inc();
                        }
                    }
                },
                Kind::Get => {}
                Kind::Stop => {
                    let _ = req.reply.send(count);
                    return;
                }
            }
            let _ = req.reply.send(count);
        }
    }
}

/// What the clients and `main` saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    /// Every client's replies, in the order it got them.
    pub replies: Vec<Vec<i64>>,
    /// `c.Get()` after every client finished.
    pub get: i64,
    /// `c.Stop()`'s reply.
    pub stopped_at: i64,
}

/// `workers` clients share `items` increments over request/reply; `client-1` first asks for
/// `add(2)`. `main` joins them (Go: a `WaitGroup`), then gets the count and stops the actor.
pub fn actor(workers: usize, items: usize, add_by: AddBy) -> Tally {
    let c = Counter::new(0, add_by);
    let clients: Vec<_> = (1..=workers)
        .map(|id| {
            let c = c.clone();
            go_named(&format!("client-{id}"), move || {
                let mut seen = Vec::new();
                if id == 1 {
                    seen.push(c.add(2));
                }
                for _ in 0..items / workers {
                    seen.push(c.inc());
                }
                seen
            })
        })
        .collect();
    let replies = clients
        .into_iter()
        .map(|client| client.join().unwrap_or_else(|p| resume_unwind(p)))
        .collect();
    Tally {
        replies,
        get: c.get(),
        stopped_at: c.stop(),
    }
}

/// `main` queues `items` increments in a mailbox of `items` without waiting, then (if `stop`)
/// asks the actor to stop. Returns the increments' replies and the stop's.
pub fn queue_then_stop(items: usize, stop: bool) -> (Vec<i64>, Option<i64>) {
    let c = Counter::new(items, AddBy::Direct);
    let pending: Vec<Receiver<i64>> = (0..items).map(|_| c.send(Kind::Inc)).collect();
    let stopped_at = stop.then(|| c.stop());
    let replies = pending
        .iter()
        .map(|r| r.recv().expect("every queued request is served"))
        .collect();
    (replies, stopped_at)
}

/// The increments the clients make at a size: `items / workers` each, plus `add(2)`.
pub fn increments(workers: usize, items: usize) -> i64 {
    (workers * (items / workers) + 2) as i64
}

/// Count equals increments, every client's replies rise, no two replies are the same count.
pub fn assert_consistent(tally: &Tally, workers: usize, items: usize) {
    let total = increments(workers, items);
    assert_eq!(tally.get, total, "the count equals the increments");
    assert_eq!(tally.stopped_at, total, "stop replies with the final count");
    for seen in &tally.replies {
        assert!(seen.windows(2).all(|w| w[0] < w[1]), "a client's replies rise: {seen:?}");
    }
    let mut all: Vec<i64> = tally.replies.concat();
    all.sort_unstable();
    let n = all.len();
    all.dedup();
    assert_eq!(all.len(), n, "no two requests saw the same count: {:?}", tally.replies);
}

fn counts_every_increment(size: Size) {
    let tally = actor(size.workers, size.items, AddBy::Direct);
    assert_consistent(&tally, size.workers, size.items);
}

fn calls_itself(size: Size) {
    actor(size.workers, size.items, AddBy::CallingItself);
}

fn stop_drains(size: Size) {
    let (replies, stopped_at) = queue_then_stop(size.items, true);
    let expected: Vec<i64> = (1..=size.items as i64).collect();
    assert_eq!(replies, expected, "the mailbox is served in order");
    assert_eq!(stopped_at, Some(size.items as i64), "stop comes after every queued request");
}

fn never_stopped(size: Size) {
    queue_then_stop(size.items, false);
}

/// Two clients sharing two increments for loom (the actor, two clients and main make four
/// threads), explored with preemption bound 1: at bound 2 this model takes loom 75,758
/// executions (25 s in release). 4 clients and 20 increments for the rest.
const CLIENTS: Claim = Claim {
    pattern: "actor",
    model_size: Size::new(2, 2),
    large_size: Size::new(4, 20),
    preemption_bound: Some(1),
    ..Claim::DEFAULTS
};

/// `main` alone with the actor: 3 queued increments for loom (preemption bound 2), 20 for the
/// rest.
const MAILBOX: Claim = Claim {
    model_size: Size::new(1, 3),
    large_size: Size::new(1, 20),
    preemption_bound: None,
    ..CLIENTS
};

/// The claims: the count equals the increments and request/reply never deadlocks; a stop
/// request drains the mailbox and ends the actor; each with its twin.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "count-equals-increments",
        statement: "With clients calling inc and add concurrently, the count equals the \
                    increments, each client's replies rise, no two requests see the same count, \
                    and no request/reply ever deadlocks.",
        twin: Some("actor-calling-itself-deadlocks"),
        body: counts_every_increment,
        ..CLIENTS
    },
    Claim {
        name: "actor-calling-itself-deadlocks",
        statement: "An actor that serves add by calling its own inc sends to its own mailbox, \
                    which only it reads: it blocks in send requests while the client waits in \
                    recv add.reply, forever.",
        expect: Outcome::Deadlock,
        fix: Some("serve add on the actor's own state (count += n), never through its mailbox"),
        body: calls_itself,
        stuck: &[
            ("actor", "send requests"),
            ("client-1", "recv add.reply"),
            ("main", "join client-1"),
        ],
        ..CLIENTS
    },
    Claim {
        name: "stop-drains-then-ends",
        statement: "Increments queued in the mailbox before a stop request are all served, in \
                    order (replies 1..n), the stop replies n, and the actor ends.",
        twin: Some("never-stopped-actor-leaks"),
        body: stop_drains,
        ..MAILBOX
    },
    Claim {
        name: "never-stopped-actor-leaks",
        statement: "Without the stop request the actor serves every increment and then waits \
                    in its mailbox forever.",
        expect: Outcome::Leak,
        fix: Some("c.Stop() when main is done with the counter"),
        body: never_stopped,
        stuck: &[("actor", "recv requests")],
        ..MAILBOX
    },
];
