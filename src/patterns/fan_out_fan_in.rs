//! fan_out_fan_in: several prime finders read one stream of integers (fan-out) and a WaitGroup-
//! closed multiplexer merges their outputs into one stream (fan-in).
//!
//! Go original: "Fan-Out, Fan-In" from seed 003 (Concurrency in Go), section "Fan-Out, Fan-In".
//! The seed gives only prose; this is the canonical form from the book (Katherine Cox-Buday,
//! *Concurrency in Go*, chapter 4), its prime finder and its `fanIn`:
//!
//! ```go
//! primeFinder := func(done <-chan interface{}, intStream <-chan int) <-chan interface{} {
//!     primeStream := make(chan interface{})
//!     go func() {
//!         defer close(primeStream)
//!         for integer := range intStream {
//!             if isPrime(integer) {
//!                 select {
//!                 case <-done:
//!                     return
//!                 case primeStream <- integer:
//!                 }
//!             }
//!         }
//!     }()
//!     return primeStream
//! }
//!
//! fanIn := func(done <-chan interface{}, channels ...<-chan interface{}) <-chan interface{} {
//!     var wg sync.WaitGroup
//!     multiplexedStream := make(chan interface{})
//!
//!     multiplex := func(c <-chan interface{}) {
//!         defer wg.Done()
//!         for i := range c {
//!             select {
//!             case <-done:
//!                 return
//!             case multiplexedStream <- i:
//!             }
//!         }
//!     }
//!
//!     // Select from all the channels
//!     wg.Add(len(channels))
//!     for _, c := range channels {
//!         go multiplex(c)
//!     }
//!
//!     // Wait for all the reads to complete
//!     go func() {
//!         wg.Wait()
//!         close(multiplexedStream)
//!     }()
//!
//!     return multiplexedStream
//! }
//!
//! done := make(chan interface{})
//! defer close(done)
//!
//! randIntStream := toInt(done, repeatFn(done, rand))
//!
//! numFinders := runtime.NumCPU()
//! finders := make([]<-chan interface{}, numFinders)
//! for i := 0; i < numFinders; i++ {
//!     finders[i] = primeFinder(done, randIntStream)
//! }
//!
//! for prime := range take(done, fanIn(done, finders...), 10) {
//!     fmt.Printf("\t%d\n", prime)
//! }
//! ```
//!
//! Two changes make the promises checkable, and keep loom within its thread limit: the book's
//! endless `repeatFn(rand)` stream becomes a finite `intStream`, buffered and closed by `main`
//! (so "every prime exactly once" has a meaning), and `take` is `main` reading `n` values
//! itself instead of a goroutine of its own. Every goroutine the book starts for the finders and
//! for `fanIn` is here: `prime-finder-N`, `multiplex-N` and `fan-in-close`.
//!
//! What it promises: the merged stream carries exactly the primes of the input, each once (in
//! no particular order), and it closes once every finder is done — that close is the
//! WaitGroup's job. And cancelling is clean: when `main` takes a few primes and closes `done`,
//! every finder, multiplexer and the closer returns.
//!
//! The twins: a fan-in that never closes `multiplexedStream` (no WaitGroup, no closer) leaves
//! `main`'s `range` blocked forever once the finders are done: a deadlock. And a `main` that
//! takes its primes but never closes `done` leaves the multiplexers blocked on their sends and
//! the closer in `wg.Wait()`: a leak (the book's "if a goroutine is responsible for creating a
//! goroutine, it is also responsible for ensuring it can stop the goroutine").
//!
//! Sizes: `workers` is `numFinders`, `items` the number of integers (`2..2 + items`); the
//! cancelling claims take half the primes. loom
//! checks one finder (a finder, its multiplexer and the closer already make four threads with
//! `main`); the merge of several streams is loom-checked by `fan-in-merges-every-value`, which
//! feeds `fan_in` two pre-filled channels. loom explores these four-thread models with
//! preemption bound 1 (bound 2 costs 37,000 to 89,000 executions per claim); shuttle and real
//! threads check 4 finders and 20 integers.

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::sync::WaitGroup;
use crate::{go_named, select};

/// Whether `fan_in` closes its output once every input is drained.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FanInClose {
    /// The book: a WaitGroup counts the multiplexers and a goroutine closes after `wg.Wait()`.
    AfterWaitGroup,
    /// The twin: nobody closes `multiplexedStream`.
    Never,
}

/// Trial division, the book's deliberately slow primality test.
pub fn is_prime(n: u64) -> bool {
    n >= 2 && (2..n).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d))
}

/// The book's `primeFinder`: forward every prime of `int_stream` until it closes or `done` does.
pub fn prime_finder(id: usize, done: &Receiver<()>, int_stream: &Receiver<u64>) -> Receiver<u64> {
    let prime_stream = chan::named::<u64>("primeStream", 0);
    let (done, int_stream, out) = (done.clone(), int_stream.clone(), prime_stream.clone());
    go_named(&format!("prime-finder-{id}"), move || {
        for integer in &int_stream {
            if is_prime(integer) {
                select! {
                    recv(done) -> _ => break,
                    send(out, integer) -> _ => {},
                }
            }
        }
        // `defer close(primeStream)`.
        let _ = out.close();
    });
    prime_stream.receiver()
}

/// The book's `fanIn`: one multiplexer per channel, and (unless `close` says otherwise) a
/// goroutine that closes `multiplexedStream` once every multiplexer is done.
pub fn fan_in(done: &Receiver<()>, channels: &[Receiver<u64>], close: FanInClose) -> Receiver<u64> {
    let wg = WaitGroup::new();
    let multiplexed_stream = chan::named::<u64>("multiplexedStream", 0);

    wg.add(channels.len() as isize)
        .expect("adding to a WaitGroup");
    for (n, c) in channels.iter().enumerate() {
        let (done, c, out, wg) = (done.clone(), c.clone(), multiplexed_stream.sender(), wg.clone());
        go_named(&format!("multiplex-{}", n + 1), move || {
            for i in &c {
                select! {
                    recv(done) -> _ => break,
                    send(out, i) -> _ => {},
                }
            }
            // `defer wg.Done()`, called: a multiplexer that never returns must not run it.
            let _ = wg.done();
        });
    }

    if close == FanInClose::AfterWaitGroup {
        let out = multiplexed_stream.sender();
        go_named("fan-in-close", move || {
            wg.wait();
            let _ = out.close();
        });
    }
    multiplexed_stream.receiver()
}

/// How `main` runs the search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Search {
    /// `numFinders`.
    pub finders: usize,
    /// The integers `2..2 + integers` on `intStream`.
    pub integers: usize,
    /// `take(done, …, n)`: stop after `n` primes; `None` ranges until the stream closes.
    pub take: Option<usize>,
    /// How `fan_in` closes its output.
    pub close: FanInClose,
    /// `defer close(done)` (the book: yes).
    pub close_done: bool,
}

/// The book's `main`: fan the integers out to `finders` prime finders, fan their primes in,
/// and read them (all, or the first `take`). Returns the primes in the order received.
pub fn fan_out_fan_in(search: Search) -> Vec<u64> {
    let done = chan::named::<()>("done", 0);
    let int_stream = chan::named::<u64>("intStream", search.integers);
    for integer in 2..2 + search.integers as u64 {
        int_stream.send(integer).expect("intStream has room for every integer");
    }
    int_stream.close().expect("intStream is closed once");

    let finders: Vec<Receiver<u64>> = (1..=search.finders)
        .map(|id| prime_finder(id, &done.receiver(), &int_stream.receiver()))
        .collect();
    let primes = fan_in(&done.receiver(), &finders, search.close);

    let mut received = Vec::new();
    match search.take {
        None => {
            for prime in &primes {
                received.push(prime);
            }
        }
        Some(n) => {
            for _ in 0..n {
                match primes.recv() {
                    Some(p) => received.push(p),
                    None => break,
                }
            }
        }
    }
    if search.close_done {
        done.close().expect("done is closed once");
    }
    received
}

/// The primes among `2..2 + integers`, ascending.
pub fn primes_below(integers: usize) -> Vec<u64> {
    (2..2 + integers as u64).filter(|&n| is_prime(n)).collect()
}

/// `finders` from `workers`, `integers` from `items`; the book's fan-in, ranged to the end.
fn sized(size: Size) -> Search {
    Search {
        finders: size.workers,
        integers: size.items,
        take: None,
        close: FanInClose::AfterWaitGroup,
        close_done: true,
    }
}

/// Half the input's primes, at least one: always fewer than there are.
fn half_the_primes(size: Size) -> usize {
    (primes_below(size.items).len() / 2).max(1)
}

fn every_prime_once(size: Size) {
    let mut got = fan_out_fan_in(sized(size));
    got.sort_unstable();
    assert_eq!(got, primes_below(size.items), "the merged stream is the input's primes");
}

fn never_closes(size: Size) {
    fan_out_fan_in(Search {
        close: FanInClose::Never,
        ..sized(size)
    });
}

fn cancel(size: Size) {
    let n = half_the_primes(size);
    let got = fan_out_fan_in(Search {
        take: Some(n),
        ..sized(size)
    });
    assert_eq!(got.len(), n, "main takes {n} primes");
    let primes = primes_below(size.items);
    assert!(got.iter().all(|p| primes.contains(p)), "only primes: {got:?}");
    let mut unique = got.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), got.len(), "no prime twice: {got:?}");
}

fn done_never_closed(size: Size) {
    fan_out_fan_in(Search {
        take: Some(half_the_primes(size)),
        close_done: false,
        ..sized(size)
    });
}

/// `fan_in` alone over `workers` pre-filled, closed channels of `items` values in total.
fn merge(size: Size, close: FanInClose) -> Vec<u64> {
    let done = chan::named::<()>("done", 0);
    let channels: Vec<Receiver<u64>> = (0..size.workers)
        .map(|w| {
            let values: Vec<u64> = (0..size.items as u64)
                .filter(|v| *v as usize % size.workers == w)
                .collect();
            let c = chan::named::<u64>("input", values.len());
            for v in values {
                c.send(v).expect("room for every value");
            }
            c.close().expect("closed once");
            c.receiver()
        })
        .collect();
    let mut merged = Vec::new();
    for v in &fan_in(&done.receiver(), &channels, close) {
        merged.push(v);
    }
    done.close().expect("done is closed once");
    merged
}

fn merges_every_value(size: Size) {
    let mut got = merge(size, FanInClose::AfterWaitGroup);
    got.sort_unstable();
    let all: Vec<u64> = (0..size.items as u64).collect();
    assert_eq!(got, all, "every value of every input exactly once");
}

fn merge_never_closes(size: Size) {
    merge(size, FanInClose::Never);
}

/// One finder and the integers 2, 3, 4 for loom (finder, multiplexer, closer and main make four
/// threads), explored with preemption bound 1: at bound 2 the four busy threads take loom
/// 36,660 executions (8 s in release) for this claim alone. 4 finders and 20 integers for the
/// rest.
const SEARCH: Claim = Claim {
    pattern: "fan_out_fan_in",
    model_size: Size::new(1, 3),
    large_size: Size::new(4, 20),
    preemption_bound: Some(1),
    ..Claim::DEFAULTS
};

/// Two inputs of one value each into `fan_in` for loom (two multiplexers, the closer and main),
/// preemption bound 1 as above (bound 2: 88,502 executions, 24 s).
const MERGE: Claim = Claim {
    model_size: Size::new(2, 4),
    ..SEARCH
};

/// The claims: every prime once and a closing merged stream; clean cancellation; the merge of
/// several inputs; each with the twin that breaks it.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-prime-exactly-once",
        statement: "Ranging over the fanned-in stream yields exactly the input's primes, each \
                    once, and ends: the WaitGroup closes multiplexedStream after every finder.",
        twin: Some("fan-in-never-closes-deadlocks"),
        body: every_prime_once,
        ..SEARCH
    },
    Claim {
        name: "fan-in-never-closes-deadlocks",
        statement: "A fan-in without the WaitGroup and its closer never closes \
                    multiplexedStream: once the finders are done, main's range blocks forever.",
        expect: Outcome::Deadlock,
        fix: Some("close multiplexedStream after wg.Wait() in its own goroutine"),
        body: never_closes,
        stuck: &[("main", "recv multiplexedStream")],
        ..SEARCH
    },
    Claim {
        name: "cancelling-leaks-nothing",
        statement: "When main takes half the primes and closes done, every finder, multiplexer \
                    and the closer returns; main got distinct primes.",
        twin: Some("done-never-closed-leaks"),
        body: cancel,
        ..SEARCH
    },
    Claim {
        name: "done-never-closed-leaks",
        statement: "If main takes its primes but never closes done, primes still in flight \
                    block their multiplexers forever, and the closer waits on the WaitGroup \
                    forever.",
        expect: Outcome::Leak,
        fix: Some("defer close(done) in main"),
        body: done_never_closed,
        stuck: &[("fan-in-close", "wait waitgroup")],
        ..SEARCH
    },
    Claim {
        name: "fan-in-merges-every-value",
        statement: "fanIn over several closed inputs delivers every value of every input \
                    exactly once and then closes.",
        twin: Some("merge-never-closes-deadlocks"),
        body: merges_every_value,
        ..MERGE
    },
    Claim {
        name: "merge-never-closes-deadlocks",
        statement: "The same merge without the WaitGroup-close: main's range never ends.",
        expect: Outcome::Deadlock,
        fix: Some("close multiplexedStream after wg.Wait() in its own goroutine"),
        body: merge_never_closes,
        stuck: &[("main", "recv multiplexedStream")],
        ..MERGE
    },
];
