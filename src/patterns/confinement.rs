//! confinement: data that only one goroutine can reach needs no synchronization, by convention (ad hoc) or by scope (lexical).
//!
//! Go original: "Confinement" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency in Go, the
//! book's patterns), which gives only prose ("ensuring information is ever available from one
//! concurrent process … of 2 types Ad hoc and lexical"). The code is the canonical form from
//! *Concurrency in Go* (Katherine Cox-Buday), chapter 4, "Confinement". Ad hoc confinement, where
//! `data` is in scope for everyone but by convention only `loopData` touches it:
//!
//! ```go
//! data := make([]int, 4)
//!
//! loopData := func(handleData chan<- int) {
//!     defer close(handleData)
//!     for i := range data {
//!         handleData <- data[i]
//!     }
//! }
//!
//! handleData := make(chan int)
//! go loopData(handleData)
//!
//! for num := range handleData {
//!     fmt.Println(num)
//! }
//! ```
//!
//! Lexical confinement of a channel: only `chanOwner`'s goroutine can write or close `results`;
//! everyone else gets the read side:
//!
//! ```go
//! chanOwner := func() <-chan int {
//!     results := make(chan int, 5)
//!     go func() {
//!         defer close(results)
//!         for i := 0; i <= 5; i++ {
//!             results <- i
//!         }
//!     }()
//!     return results
//! }
//!
//! consumer := func(results <-chan int) {
//!     for result := range results {
//!         fmt.Printf("Received: %d\n", result)
//!     }
//!     fmt.Println("Done receiving!")
//! }
//!
//! results := chanOwner()
//! consumer(results)
//! ```
//!
//! Lexical confinement of data that is not safe for concurrent use: each goroutine gets its own
//! slice of `data` and its own `bytes.Buffer`:
//!
//! ```go
//! printData := func(wg *sync.WaitGroup, data []byte) {
//!     defer wg.Done()
//!
//!     var buff bytes.Buffer
//!     for _, b := range data {
//!         fmt.Fprintf(&buff, "%c", b)
//!     }
//!     fmt.Println(buff.String())
//! }
//!
//! var wg sync.WaitGroup
//! wg.Add(2)
//! data := []byte("golang")
//! go printData(&wg, data[:3])
//! go printData(&wg, data[3:])
//!
//! wg.Wait()
//! ```
//!
//! The promise: confined data is consistent without locks. The consumer receives exactly the
//! values the owner wrote, in order, once each; each `printData` prints exactly its own slice.
//!
//! The twins break the confinement, each in its own way:
//!
//! - **ad hoc convention broken**: main writes `data` (doubles it) after handing it to
//!   `loopData`. `loopData` reads `data[0]` and blocks in its send; main's write happens before
//!   its first receive, so every later value is the doubled one: the consumer does not receive
//!   the data `loopData` was given. An assertion fails, on every schedule.
//! - **results not confined**: `results` is made outside any owner and two writers share it;
//!   both `defer close(results)`. Whichever finishes second closes a closed channel (or sends on
//!   it): Go's `close of closed channel` panic, on every schedule; often the consumer's
//!   assertion fails first, as the two writers' values interleave.
//! - **shared buffer**: the `bytes.Buffer` is declared once, outside `printData`, and shared.
//!   Even with every `Fprintf` made safe (a lock per write, as here), the last goroutine to print
//!   prints everyone's bytes: the printed lines are not the slices. An assertion fails.
//!
//! Go's `data` slice, visible to every goroutine, is an `Arc<Mutex<Vec<i64>>>` here (safe Rust
//! cannot share it any other way); the ad hoc claim is that nothing but `loopData` locks it.
//! `fmt.Println` writes to a shared `stdout` (Go's stdout is safe for concurrent use).
//! `defer close(…)` and `defer wg.Done()` are explicit calls at the end of each goroutine (none
//! returns early).
//!
//! Sizes: `workers` is the number of goroutines (`printData` goroutines; `chanOwner`s, consumed
//! one after the other; the ad hoc scenario always has one `loopData`); `items` is the number of
//! values (the length of `data`; each owner writes `0..=items-1`).

use std::sync::Arc;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::sync::{Mutex, WaitGroup};

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

    fn lines(&self) -> Vec<String> {
        self.0.lock().clone()
    }
}

/// Whether main keeps the ad hoc convention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdHoc {
    /// Only `loopData` touches `data` once it has it.
    Kept,
    /// Main doubles every element of `data` after starting `loopData`.
    Broken,
}

/// Ad hoc confinement: start `loopData` over `data` and return what the consumer printed.
pub fn ad_hoc(data: Vec<i64>, convention: AdHoc) -> Vec<i64> {
    let data = Arc::new(Mutex::named("data", data));

    let loop_data = {
        let data = data.clone();
        move |handle_data: Sender<i64>| {
            let len = data.lock().len();
            for i in 0..len {
                let v = data.lock()[i];
                handle_data.send(v).expect("only loopData closes handleData");
            }
            handle_data.close().expect("closed once");
        }
    };

    let handle_data = chan::named::<i64>("handleData", 0);
    let tx = handle_data.sender();
    go_named("loopData", move || loop_data(tx));

    if convention == AdHoc::Broken {
        for v in data.lock().iter_mut() {
            *v *= 2;
        }
    }

    let mut printed = Vec::new();
    for num in &handle_data.receiver() {
        printed.push(num);
    }
    printed
}

/// How `results` is owned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owners {
    /// `chanOwner`: the goroutine that makes `results` is its only writer and closer.
    Lexical,
    /// `results` is made outside and two writers share it, both closing it.
    Shared,
}

/// Go's `chanOwner`: make `results` (capacity 5), write `0..count` from `owner-<id>` and close.
pub fn chan_owner(id: usize, count: usize) -> Receiver<i64> {
    let results = chan::named::<i64>(&format!("results-{id}"), 5);
    let tx = results.sender();
    go_named(&format!("owner-{id}"), move || write_and_close(&tx, count));
    results.receiver()
}

fn write_and_close(results: &Sender<i64>, count: usize) {
    for i in 0..count as i64 {
        results
            .send(i)
            .unwrap_or_else(|_| panic!("send on closed channel"));
    }
    results
        .close()
        .unwrap_or_else(|_| panic!("close of closed channel"));
}

/// `results` without an owner: made here, shared by `writer-1` and `writer-2`, each writing
/// `0..count` and closing it.
pub fn shared_results(count: usize) -> Receiver<i64> {
    let results = chan::named::<i64>("results-1", 5);
    for w in 1..=2 {
        let tx = results.sender();
        go_named(&format!("writer-{w}"), move || write_and_close(&tx, count));
    }
    results.receiver()
}

/// Go's `consumer`: print every result, then `Done receiving!`.
fn consumer(results: &Receiver<i64>, stdout: &mut Vec<String>) {
    for result in results {
        stdout.push(format!("Received: {result}"));
    }
    stdout.push("Done receiving!".to_string());
}

/// Lexical confinement of a channel: `owners` owners one after the other, each consumed to its
/// close. Returns the consumer's lines.
pub fn lexical_results(owners: usize, count: usize, how: Owners) -> Vec<String> {
    let mut stdout = Vec::new();
    for id in 1..=owners {
        let results = match how {
            Owners::Lexical => chan_owner(id, count),
            Owners::Shared => shared_results(count),
        };
        consumer(&results, &mut stdout);
    }
    stdout
}

/// What the consumer prints for `owners` owners of `count` values each.
pub fn expected_results(owners: usize, count: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for _ in 0..owners {
        lines.extend((0..count).map(|i| format!("Received: {i}")));
        lines.push("Done receiving!".to_string());
    }
    lines
}

/// Where `printData`'s buffer lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Buffer {
    /// `var buff bytes.Buffer` inside `printData`: one per goroutine.
    Confined,
    /// One buffer declared outside `printData` and shared by every goroutine.
    Shared,
}

/// Go's `printData` over `goroutines` equal slices of `data`; returns the printed lines once
/// `wg.Wait()` returns.
pub fn print_data(data: &[u8], goroutines: usize, buffer: Buffer) -> Vec<String> {
    let stdout = Stdout::new();
    let shared = Arc::new(Mutex::named("buff", String::new()));
    let wg = WaitGroup::new();
    wg.add(goroutines as isize)
        .expect("adding never goes below zero");
    for (i, slice) in slices(data, goroutines).into_iter().enumerate() {
        let (wg, stdout, shared) = (wg.clone(), stdout.clone(), shared.clone());
        go_named(&format!("printData-{}", i + 1), move || {
            let line = match buffer {
                Buffer::Confined => {
                    let mut buff = String::new();
                    for b in slice {
                        buff.push(char::from(b));
                    }
                    buff
                }
                Buffer::Shared => {
                    for b in slice {
                        shared.lock().push(char::from(b));
                    }
                    shared.lock().clone()
                }
            };
            stdout.println(line);
            wg.done().unwrap_or_else(|negative| panic!("{negative}"));
        });
    }
    wg.wait();
    stdout.lines()
}

/// `data` cut into `n` consecutive slices (the last takes the remainder), like `data[:3]`,
/// `data[3:]`.
pub fn slices(data: &[u8], n: usize) -> Vec<Vec<u8>> {
    let n = n.max(1);
    let step = data.len() / n;
    (0..n)
        .map(|i| {
            let end = if i + 1 == n { data.len() } else { (i + 1) * step };
            data[i * step..end].to_vec()
        })
        .collect()
}

/// `"golang"`, repeated and cut to `len` bytes.
pub fn golang(len: usize) -> Vec<u8> {
    b"golang".iter().copied().cycle().take(len).collect()
}

/// Assert that the printed lines are exactly the slices, in any order.
pub fn assert_each_slice_printed(data: &[u8], goroutines: usize, lines: &[String]) {
    let mut printed = lines.to_vec();
    printed.sort();
    let mut expected: Vec<String> = slices(data, goroutines)
        .into_iter()
        .map(|s| String::from_utf8(s).expect("ASCII"))
        .collect();
    expected.sort();
    assert_eq!(printed, expected, "each goroutine prints exactly its slice");
}

fn data_of(size: Size) -> Vec<i64> {
    (1..=size.items as i64).collect()
}

fn ad_hoc_body(size: Size, convention: AdHoc) {
    let data = data_of(size);
    let received = ad_hoc(data.clone(), convention);
    assert_eq!(received, data, "the consumer receives the data loopData was given");
}

fn ad_hoc_kept(size: Size) {
    ad_hoc_body(size, AdHoc::Kept);
}

fn ad_hoc_broken(size: Size) {
    ad_hoc_body(size, AdHoc::Broken);
}

fn results_body(size: Size, how: Owners) {
    let lines = lexical_results(size.workers, size.items, how);
    assert_eq!(lines, expected_results(size.workers, size.items));
}

fn results_lexical(size: Size) {
    results_body(size, Owners::Lexical);
}

/// One shared `results` at every size: its two writers already make the bug.
fn results_shared(size: Size) {
    results_body(Size::new(1, size.items), Owners::Shared);
}

fn buffer_body(size: Size, buffer: Buffer) {
    let data = golang(size.items);
    let lines = print_data(&data, size.workers, buffer);
    assert_each_slice_printed(&data, size.workers, &lines);
}

fn buffer_confined(size: Size) {
    buffer_body(size, Buffer::Confined);
}

fn buffer_shared(size: Size) {
    buffer_body(size, Buffer::Shared);
}

const AD_HOC: Claim = Claim {
    pattern: "confinement",
    model_size: Size::new(1, 4),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

const LEXICAL: Claim = Claim {
    pattern: "confinement",
    model_size: Size::new(2, 6),
    large_size: Size::new(4, 24),
    ..Claim::DEFAULTS
};

/// The claims: confined data stays consistent (ad hoc, a lexically owned channel, lexically
/// confined buffers); each twin breaks the confinement.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "ad-hoc-loop-data-in-order",
        statement: "While only `loopData` touches `data`, the consumer receives every element \
                    of `data`, once, in order, and `handleData` is closed.",
        expect: Outcome::Holds,
        twin: Some("ad-hoc-convention-broken"),
        body: ad_hoc_kept,
        ..AD_HOC
    },
    Claim {
        name: "ad-hoc-convention-broken",
        statement: "When main writes `data` after handing it to `loopData`, the consumer does \
                    not receive the data `loopData` was given: the assertion fails.",
        expect: Outcome::Panic,
        fix: Some("leave `data` to `loopData`: main does not write it once `loopData` runs"),
        body: ad_hoc_broken,
        ..AD_HOC
    },
    Claim {
        name: "lexical-owner-results-in-order",
        statement: "Each `chanOwner` is the only writer and closer of its `results`: the \
                    consumer receives `0..n` in order, once each, then the close, for every \
                    owner.",
        expect: Outcome::Holds,
        twin: Some("unconfined-results-closed-twice"),
        body: results_lexical,
        ..LEXICAL
    },
    Claim {
        name: "unconfined-results-closed-twice",
        statement: "When `results` is made outside an owner and two writers share it, their \
                    values interleave (the consumer does not get `0..n` once each) and the \
                    writer that finishes second closes, or sends on, a closed channel: an \
                    assertion or Go's panic, whichever comes first.",
        expect: Outcome::Panic,
        fix: Some("make `results` inside `chanOwner`, written and closed by its goroutine only"),
        body: results_shared,
        ..LEXICAL
    },
    Claim {
        name: "lexical-buffer-prints-its-slice",
        statement: "With a `bytes.Buffer` per `printData` goroutine, each goroutine prints \
                    exactly its own slice of `data`.",
        expect: Outcome::Holds,
        twin: Some("shared-buffer-mixes-lines"),
        body: buffer_confined,
        ..LEXICAL
    },
    Claim {
        name: "shared-buffer-mixes-lines",
        statement: "With one buffer shared by every `printData` goroutine (each write locked), \
                    the last goroutine to print prints the others' bytes too: the assertion on \
                    the printed lines fails.",
        expect: Outcome::Panic,
        fix: Some("declare `var buff bytes.Buffer` inside `printData`, one per goroutine"),
        body: buffer_shared,
        ..LEXICAL
    },
];
