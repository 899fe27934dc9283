//! done_channel: a parent stops the goroutines it started by closing a `done` channel they all watch.
//!
//! Go original: "Preventing Goroutine Leaks" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency
//! in Go, the book's patterns), which gives only prose ("Establish a signal … between parent
//! goroutine and its children … called `done` by convention. The parent … closes the channel when
//! it wants to cancel the child goroutine. If a goroutine is responsible for creating a goroutine,
//! it is also responsible for ensuring it can stop the goroutine."). The code is the book's,
//! *Concurrency in Go* (Katherine Cox-Buday), chapter 4, "Preventing Goroutine Leaks". A child that
//! reads:
//!
//! ```go
//! doWork := func(
//!     done <-chan interface{},
//!     strings <-chan string,
//! ) <-chan interface{} {
//!     terminated := make(chan interface{})
//!     go func() {
//!         defer fmt.Println("doWork exited.")
//!         defer close(terminated)
//!         for {
//!             select {
//!             case s := <-strings:
//!                 // Do something interesting
//!                 fmt.Println(s)
//!             case <-done:
//!                 return
//!             }
//!         }
//!     }()
//!     return terminated
//! }
//!
//! done := make(chan interface{})
//! terminated := doWork(done, nil)
//!
//! go func() {
//!     // Cancel the operation after 1 second.
//!     time.Sleep(1 * time.Second)
//!     fmt.Println("Canceling doWork goroutine...")
//!     close(done)
//! }()
//!
//! <-terminated
//! fmt.Println("Done.")
//! ```
//!
//! and a child that writes:
//!
//! ```go
//! newRandStream := func(done <-chan interface{}) <-chan int {
//!     randStream := make(chan int)
//!     go func() {
//!         defer fmt.Println("newRandStream closure exited.")
//!         defer close(randStream)
//!         for {
//!             select {
//!             case randStream <- rand.Int():
//!             case <-done:
//!                 return
//!             }
//!         }
//!     }()
//!
//!     return randStream
//! }
//!
//! done := make(chan interface{})
//! randStream := newRandStream(done)
//! fmt.Println("3 random ints:")
//! for i := 1; i <= 3; i++ {
//!     fmt.Printf("%d: %d\n", i, <-randStream)
//! }
//! close(done)
//! ```
//!
//! Here the parent starts several children of each kind, all watching the one `done`; the
//! readers get real strings (the parent sends some before the canceller runs) instead of the
//! book's nil channel, and `rand.Int()` is a fixed pseudo-random sequence per stream
//! ([`rand_ints`]) so the values can be checked.
//!
//! The promise: closing `done` stops every child. Each reader prints every string it is sent
//! exactly once, the canceller's line comes before any `doWork exited.`, and `<-terminated`
//! returns for each; each writer stops sending and exits. Nothing leaks. (The deferred
//! `close(terminated)` runs before the deferred print, so a `doWork exited.` may come after
//! `Done.`, in Go as here.)
//!
//! The twins are the book's leaky versions, without `done`: a reader that ranges over
//! `strings` (`for s := range strings`), whose parent cannot stop it and so, like the book's,
//! just returns — LEAK naming `doWork-1` blocked receiving `strings`; and a writer that sends
//! with a plain `randStream <- rand.Int()` — once the parent has its ints, LEAK naming
//! `newRandStream-1` blocked sending on `randStream-1`.
//!
//! Go's deferred `close(terminated)` and `fmt.Println` are explicit calls at the end of each
//! child (the leaky children never get there).
//!
//! Sizes: `workers` is the number of children of the kind; `items` is the number of strings
//! the parent sends to the readers, or of ints it reads from each writer.

use std::sync::Arc;
use std::time::Duration;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::sync::Mutex;
use crate::{go_named, select, time};

/// How long the canceller waits before closing `done` (the book's one second, shortened).
pub const CANCEL_AFTER: Duration = Duration::from_millis(2);

/// The line the canceller prints before it closes `done`.
pub const CANCELING: &str = "Canceling doWork goroutine...";

/// The line each reader prints as it exits.
pub const EXITED: &str = "doWork exited.";

/// The line the parent prints once every reader has terminated.
pub const DONE: &str = "Done.";

/// Whether a child watches the parent's `done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Child {
    /// The book's fix: every blocking operation sits in a `select` with `<-done`.
    WatchesDone,
    /// The book's leak: no `done`, so nothing can stop the child.
    NoDone,
}

/// Go's `fmt.Println` for a checked body: every line, in the order printed.
#[derive(Clone)]
struct Stdout(Arc<Mutex<Vec<String>>>);

impl Stdout {
    fn new() -> Self {
        Self(Arc::new(Mutex::named("stdout", Vec::new())))
    }

    fn println(&self, line: String) {
        self.0.lock().push(line);
    }

    /// Print `line` and return everything printed so far, under one lock.
    fn println_and_read(&self, line: String) -> Vec<String> {
        let mut lines = self.0.lock();
        lines.push(line);
        lines.clone()
    }
}

/// Go's `doWork`: start reader `doWork-<id>` over `strings`; the returned channel is closed
/// when it exits.
fn do_work(
    id: usize,
    done: Receiver<()>,
    strings: Receiver<String>,
    stdout: Stdout,
    child: Child,
) -> Receiver<()> {
    let terminated = chan::named::<()>(&format!("terminated-{id}"), 0);
    let tx = terminated.sender();
    go_named(&format!("doWork-{id}"), move || {
        match child {
            Child::WatchesDone => loop {
                select! {
                    recv(strings) -> s => {
                        // Do something interesting.
                        stdout.println(s.expect("nobody closes strings"));
                    },
                    recv(done) -> _ => break,
                }
            },
            Child::NoDone => {
                for s in &strings {
                    stdout.println(s);
                }
            }
        }
        tx.close().expect("closed once");
        stdout.println(EXITED.to_string());
    });
    terminated.receiver()
}

/// The reader form: start `children` readers, send them `strings`, start the canceller, wait
/// for every `terminated` and print `Done.`. Without `done` the parent, like the book's, cannot
/// stop its children and prints `Done.` at once. Returns every line printed by then.
pub fn readers(children: usize, strings: &[String], child: Child) -> Vec<String> {
    let stdout = Stdout::new();
    let done = chan::named::<()>("done", 0);
    let to_children = chan::named::<String>("strings", 0);
    let terminated: Vec<Receiver<()>> = (1..=children)
        .map(|id| {
            do_work(
                id,
                done.receiver(),
                to_children.receiver(),
                stdout.clone(),
                child,
            )
        })
        .collect();
    for s in strings {
        to_children
            .send(s.clone())
            .expect("nobody closes strings");
    }
    if child == Child::WatchesDone {
        let (done, stdout) = (done.clone(), stdout.clone());
        go_named("canceller", move || {
            // Cancel the operation after a while.
            time::sleep(CANCEL_AFTER);
            stdout.println(CANCELING.to_string());
            done.close().expect("closed once");
        });
        for t in &terminated {
            t.recv();
        }
    }
    stdout.println_and_read(DONE.to_string())
}

/// The strings the parent sends: `s1`, `s2`, …
pub fn strings(count: usize) -> Vec<String> {
    (1..=count).map(|i| format!("s{i}")).collect()
}

/// Assert the reader form's output by the time the parent printed `Done.`: every string printed
/// exactly once, the canceller's line printed, and any `doWork exited.` after it. (A child's
/// deferred `close(terminated)` runs before its deferred print, so, as in Go, a child's
/// `doWork exited.` may come only after the parent's `Done.`.)
pub fn assert_readers_stopped(lines: &[String], children: usize, sent: &[String]) {
    assert_eq!(lines.last().map(String::as_str), Some(DONE), "Done. is last");
    let mut printed: Vec<&String> = lines.iter().filter(|l| sent.contains(l)).collect();
    printed.sort();
    let mut expected: Vec<&String> = sent.iter().collect();
    expected.sort();
    assert_eq!(printed, expected, "every string is printed exactly once");
    let cancel = lines.iter().position(|l| l == CANCELING);
    assert!(cancel.is_some(), "the canceller ran before Done.: {lines:?}");
    let exits: Vec<usize> = (0..lines.len()).filter(|&i| lines[i] == EXITED).collect();
    assert!(exits.len() <= children, "one exit per child at most");
    assert!(
        exits.iter().all(|&e| cancel.is_some_and(|c| c < e)),
        "children exit only after the cancel: {lines:?}"
    );
}

/// The seed of stream `stream`'s pseudo-random sequence.
fn seed(stream: usize) -> u64 {
    0x9e37_79b9_7f4a_7c15_u64 ^ (stream as u64).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// Go's `rand.Int()`: the next value of a xorshift sequence, advancing `state`.
fn rand_int(state: &mut u64) -> u64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    *state >> 1
}

/// The first `count` values stream `stream`'s `rand.Int()` produces: fixed, so they can be
/// checked.
pub fn rand_ints(stream: usize, count: usize) -> Vec<u64> {
    let mut state = seed(stream);
    (0..count).map(|_| rand_int(&mut state)).collect()
}

/// Go's `newRandStream`: start writer `newRandStream-<id>` sending on `randStream-<id>`.
fn new_rand_stream(id: usize, done: Receiver<()>, child: Child) -> Receiver<u64> {
    let rand_stream = chan::named::<u64>(&format!("randStream-{id}"), 0);
    let tx: Sender<u64> = rand_stream.sender();
    go_named(&format!("newRandStream-{id}"), move || {
        let mut state = seed(id);
        loop {
            let next = rand_int(&mut state);
            match child {
                Child::WatchesDone => select! {
                    send(tx, next) -> sent => sent.expect("only this goroutine closes randStream"),
                    recv(done) -> _ => break,
                },
                Child::NoDone => tx.send(next).expect("only this goroutine closes randStream"),
            }
        }
        tx.close().expect("closed once");
    });
    rand_stream.receiver()
}

/// The writer form: start `children` writers, read `count` ints from each in turn, close
/// `done`. Returns the ints read, per stream.
pub fn writers(children: usize, count: usize, child: Child) -> Vec<Vec<u64>> {
    let done = chan::named::<()>("done", 0);
    let streams: Vec<Receiver<u64>> = (1..=children)
        .map(|id| new_rand_stream(id, done.receiver(), child))
        .collect();
    let ints = streams
        .iter()
        .map(|rand_stream| {
            (0..count)
                .map(|_| rand_stream.recv().expect("open until done closes"))
                .collect()
        })
        .collect();
    done.close().expect("closed once");
    ints
}

fn readers_body(size: Size, child: Child) {
    let sent = strings(size.items);
    let lines = readers(size.workers, &sent, child);
    if child == Child::WatchesDone {
        assert_readers_stopped(&lines, size.workers, &sent);
    }
}

fn readers_with_done(size: Size) {
    readers_body(size, Child::WatchesDone);
}

fn readers_without_done(size: Size) {
    readers_body(size, Child::NoDone);
}

fn writers_body(size: Size, child: Child) {
    let ints = writers(size.workers, size.items, child);
    let expected: Vec<Vec<u64>> = (1..=size.workers)
        .map(|id| rand_ints(id, size.items))
        .collect();
    assert_eq!(ints, expected, "each stream's ints arrive in order, once each");
}

fn writers_with_done(size: Size) {
    writers_body(size, Child::WatchesDone);
}

fn writers_without_done(size: Size) {
    writers_body(size, Child::NoDone);
}

/// Readers: one child plus the canceller under loom (two children with two strings take 28,000
/// executions, 8 s), four children elsewhere.
const READERS: Claim = Claim {
    pattern: "done_channel",
    model_size: Size::new(1, 2),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// Writers: three ints from each of two streams under loom, twenty from four elsewhere.
const WRITERS: Claim = Claim {
    pattern: "done_channel",
    model_size: Size::new(2, 3),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: `done` stops readers and writers; without it each kind leaks.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "done-stops-reading-children",
        statement: "Reading children that select on `<-done` print every string sent to them \
                    exactly once and exit once the canceller closes `done`; the parent's \
                    `<-terminated` returns for each.",
        expect: Outcome::Holds,
        twin: Some("reading-child-without-done-leaks"),
        body: readers_with_done,
        ..READERS
    },
    Claim {
        name: "reading-child-without-done-leaks",
        statement: "A reading child that only ranges over `strings` cannot be stopped: when the \
                    parent returns, every child is still blocked receiving `strings`.",
        expect: Outcome::Leak,
        fix: Some("pass `done` and select on `<-done` beside `<-strings`"),
        body: readers_without_done,
        stuck: &[("doWork-1", "recv strings")],
        ..READERS
    },
    Claim {
        name: "done-stops-writing-children",
        statement: "Writing children that select on `<-done` beside their send deliver each \
                    stream's ints in order and exit once the parent closes `done`.",
        expect: Outcome::Holds,
        twin: Some("writing-child-without-done-leaks"),
        body: writers_with_done,
        ..WRITERS
    },
    Claim {
        name: "writing-child-without-done-leaks",
        statement: "A writing child without `done` blocks forever in `randStream <- \
                    rand.Int()` once the parent has read what it wanted.",
        expect: Outcome::Leak,
        fix: Some("pass `done` and send inside `select` with a `case <-done: return` arm"),
        body: writers_without_done,
        stuck: &[("newRandStream-1", "send randStream-1")],
        ..WRITERS
    },
];
