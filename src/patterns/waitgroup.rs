//! waitgroup: `wg.Wait()` returns only after every goroutine counted by `wg.Add` has called `wg.Done()`.
//!
//! Go original: "Synchronization via WaitGroups" from seed 002 (`002_2492ff712716f052.txt`, golang
//! concurrency patterns), which gives only prose ("a way for waiting the execution of goroutines to
//! ends properly … WaitGroups are often used with `defer`"). The code is the canonical form from
//! *Concurrency in Go* (Katherine Cox-Buday), chapter 3, "WaitGroup", whose greeters sleep like the
//! book's first WaitGroup example before they greet:
//!
//! ```go
//! hello := func(wg *sync.WaitGroup, id int) {
//!     defer wg.Done()
//!     time.Sleep(1)
//!     fmt.Printf("Hello from %v!\n", id)
//! }
//!
//! const numGreeters = 5
//! var wg sync.WaitGroup
//! wg.Add(numGreeters)
//! for i := 0; i < numGreeters; i++ {
//!     go hello(&wg, i+1)
//! }
//! wg.Wait()
//! fmt.Println("All goroutines complete.")
//! ```
//!
//! The promise: every `Hello from N!` is printed before `All goroutines complete.`, because
//! `Add` counts each greeter *before* it starts and `Wait` returns only when every greeter's
//! `Done` has brought the counter back to zero. Every `Done` balances one `Add`, so the counter
//! never goes below zero.
//!
//! The twins are the two classic misuses:
//!
//! - **`Add` inside the goroutine** (`go func() { time.Sleep(1); wg.Add(1); defer wg.Done(); … }()`):
//!   `Wait` can run while the counter is still zero and return before any greeter has greeted.
//!   The greeter's sleep (the same sleep as in the correct program) comes before its `Add`, so on
//!   real threads `Wait` reliably wins the race; loom and shuttle find the interleaving anyway.
//!   The assertion on the printed lines fails: PANIC.
//! - **`Done` twice** (a greeter that calls `wg.Done()` and also has the deferred one): Go panics
//!   with `sync: negative WaitGroup counter`; chancheck's `done` refuses the change and the greeter
//!   panics with [`NegativeCounter`](crate::sync::NegativeCounter)'s message, e.g.
//!   `sync: negative WaitGroup counter: 0 -1 would be -1`. This pair runs with one greeter at
//!   every size: with several, whether the early return of `Wait` (an assertion) or the negative
//!   counter (the clear error) is hit first is itself a race.
//!
//! Go's `defer wg.Done()` is an explicit `wg.done()` at the end of each greeter: a greeter never
//! returns early, so the two are the same.
//!
//! Sizes: `workers` is the number of greeters (`numGreeters`); `items` is unused.

use std::sync::Arc;
use std::time::Duration;

use crate::check::{Claim, Outcome, Size};
use crate::sync::{Mutex, WaitGroup};
use crate::{go_named, time};

/// The line main prints once `Wait` returns.
pub const ALL_DONE: &str = "All goroutines complete.";

/// How long a greeter sleeps before greeting (the book's `time.Sleep(1)`, made visible).
pub const GREETER_SLEEP: Duration = Duration::from_millis(5);

/// Where each greeter puts its `wg.Add` and how many times it calls `wg.Done`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Greeters {
    /// The book: `wg.Add(numGreeters)` before the loop, one deferred `Done` per greeter.
    AddBeforeGo,
    /// The bug: each greeter calls `wg.Add(1)` itself, after its sleep.
    AddInsideGoroutine,
    /// The bug: each greeter calls `wg.Done()` twice.
    DoneTwice,
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

/// `wg.Done()`, panicking like Go when the counter would go below zero.
fn done(wg: &WaitGroup) {
    wg.done().unwrap_or_else(|negative| panic!("{negative}"));
}

/// The book's `hello`: sleep, greet, `Done` (twice in the [`Greeters::DoneTwice`] bug).
fn hello(wg: &WaitGroup, stdout: &Stdout, id: usize, greeters: Greeters) {
    time::sleep(GREETER_SLEEP);
    if greeters == Greeters::AddInsideGoroutine {
        wg.add(1).expect("adding one never goes below zero");
    }
    stdout.println(format!("Hello from {id}!"));
    done(wg);
    if greeters == Greeters::DoneTwice {
        done(wg);
    }
}

/// Run `num_greeters` greeters and return what the program printed by the time main printed
/// [`ALL_DONE`], that line included.
pub fn wait_group(num_greeters: usize, greeters: Greeters) -> Vec<String> {
    let stdout = Stdout::new();
    let wg = WaitGroup::new();
    if greeters != Greeters::AddInsideGoroutine {
        wg.add(num_greeters as isize)
            .expect("adding never goes below zero");
    }
    for i in 0..num_greeters {
        let (wg, stdout) = (wg.clone(), stdout.clone());
        go_named(&format!("greeter-{}", i + 1), move || {
            hello(&wg, &stdout, i + 1, greeters);
        });
    }
    wg.wait();
    stdout.println_and_read(ALL_DONE.to_string())
}

/// What [`wait_group`] must print: one hello per greeter, in any order, then [`ALL_DONE`].
pub fn assert_all_greeted_first(lines: &[String], num_greeters: usize) {
    assert_eq!(
        lines.last().map(String::as_str),
        Some(ALL_DONE),
        "main prints last"
    );
    let mut hellos = lines[..lines.len() - 1].to_vec();
    hellos.sort();
    let mut expected: Vec<String> = (1..=num_greeters)
        .map(|id| format!("Hello from {id}!"))
        .collect();
    expected.sort();
    assert_eq!(
        hellos, expected,
        "Wait returned before every greeter had greeted"
    );
}

fn greeters_body(size: Size, greeters: Greeters) {
    let lines = wait_group(size.workers, greeters);
    assert_all_greeted_first(&lines, size.workers);
}

fn add_before_go(size: Size) {
    greeters_body(size, Greeters::AddBeforeGo);
}

fn add_inside_goroutine(size: Size) {
    greeters_body(size, Greeters::AddInsideGoroutine);
}

fn done_twice(size: Size) {
    greeters_body(size, Greeters::DoneTwice);
}

/// Two greeters under loom (three take about 6,000 executions, 40 times as many), eight
/// elsewhere.
const GREETERS: Claim = Claim {
    pattern: "waitgroup",
    model_size: Size::new(2, 2),
    large_size: Size::new(8, 8),
    ..Claim::DEFAULTS
};

/// One greeter at every size: see the module docs for why.
const ONE_GREETER: Claim = Claim {
    pattern: "waitgroup",
    model_size: Size::new(1, 1),
    large_size: Size::new(1, 1),
    ..Claim::DEFAULTS
};

/// The claims: `Wait` waits for every `Done`, `Done` balances `Add`; and the two misuses.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "wait-returns-after-every-done",
        statement: "With `wg.Add(numGreeters)` before the goroutines start, `wg.Wait()` returns \
                    only after every greeter has greeted and called `Done`: every hello is \
                    printed before `All goroutines complete.`.",
        expect: Outcome::Holds,
        twin: Some("add-inside-goroutine-returns-early"),
        body: add_before_go,
        ..GREETERS
    },
    Claim {
        name: "add-inside-goroutine-returns-early",
        statement: "With `wg.Add(1)` inside each greeter, `wg.Wait()` can find the counter at \
                    zero and return before the greeters have greeted: the assertion on the \
                    printed lines fails.",
        expect: Outcome::Panic,
        fix: Some("move `wg.Add` out of the goroutine, before `go`"),
        body: add_inside_goroutine,
        ..GREETERS
    },
    Claim {
        name: "done-balances-add",
        statement: "A greeter's single deferred `Done` balances its `Add(1)`: the counter comes \
                    back to exactly zero, no `Done` is refused, and `Wait` returns after the \
                    hello.",
        expect: Outcome::Holds,
        twin: Some("done-twice-goes-below-zero"),
        body: add_before_go,
        ..ONE_GREETER
    },
    Claim {
        name: "done-twice-goes-below-zero",
        statement: "A greeter that calls `Done` twice drives the counter below zero: the second \
                    `Done` is refused and the greeter panics with `sync: negative WaitGroup \
                    counter`.",
        expect: Outcome::Panic,
        fix: Some("call `wg.Done()` once per `wg.Add(1)`: drop the extra `Done`"),
        body: done_twice,
        ..ONE_GREETER
    },
];
