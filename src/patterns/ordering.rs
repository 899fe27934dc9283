//! ordering: goroutines started in order print in no particular order; only a wait makes
//! `main` see them all.
//!
//! Go original: the "Goroutines Lab" ordering experiment from seed 004 (a Go workshop), section
//! "Goroutines Lab": "Create 10 goroutines. Make each one print a single, different word. Run
//! all 10. Do this a few times. What do you notice about the order?" The seed states the
//! exercise only; this is its canonical solution:
//!
//! ```go
//! func main() {
//!     words := []string{"alpha", "bravo", "charlie", "delta", "echo",
//!         "foxtrot", "golf", "hotel", "india", "juliet"}
//!     var wg sync.WaitGroup
//!     for _, w := range words {
//!         wg.Add(1)
//!         go func(w string) {
//!             defer wg.Done()
//!             fmt.Println(w)
//!         }(w)
//!     }
//!     wg.Wait()
//! }
//! ```
//!
//! What it shows: the order is the scheduler's, not the program's. Every word is printed
//! exactly once, but in any of the `n!` orders; tests/ordering.rs has loom and shuttle
//! enumerate all six orders of three goroutines. What it promises is only that, after
//! `wg.Wait()`, every word has been printed once.
//!
//! The twin is the classic WaitGroup misuse: `wg.Add(1)` inside the goroutine instead of before
//! the `go` statement. `main` can reach `wg.Wait()` while the counter is still zero and return
//! before any word is printed; the check that every word was printed fails (PANIC). (The
//! seed's own version of the bug, `main` returning without waiting, is the same failure.)
//!
//! Sizes: `workers` goroutines, each printing one word (Go: 10); `items` is unused. loom checks
//! 3 goroutines (main plus three), shuttle and real threads 3 and 10.

use std::sync::Arc;

use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::sync::{Mutex, WaitGroup};

/// The lab's ten words.
pub const WORDS: [&str; 10] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
];

/// Where `wg.Add(1)` happens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddAt {
    /// Before the `go` statement: the lab's solution.
    BeforeGo,
    /// Inside the goroutine: the twin.
    InsideGoroutine,
}

/// Run the lab with the first `n` words (`n <= 10`): one goroutine per word, named after it.
/// Returns the words printed by the time `main` returns, in the order printed.
pub fn ordering(n: usize, add_at: AddAt) -> Vec<String> {
    // stdout: a shared resource whose writes the checkers must see and order, as they order
    // channel operations (a plain lock would be invisible to them).
    let printed: Arc<Mutex<Vec<String>>> = Arc::new(Mutex::named("stdout", Vec::new()));
    let wg = WaitGroup::new();
    for w in WORDS.iter().take(n) {
        if add_at == AddAt::BeforeGo {
            wg.add(1).expect("adding to a WaitGroup");
        }
        let (wg, printed) = (wg.clone(), printed.clone());
        go_named(w, move || {
            if add_at == AddAt::InsideGoroutine {
                wg.add(1).expect("adding to a WaitGroup");
            }
            // `fmt.Println(w)`.
            printed.lock().push(w.to_string());
            // `defer wg.Done()`, called.
            let _ = wg.done();
        });
    }
    wg.wait();
    let printed = printed.lock();
    printed.clone()
}

/// Every one of the first `n` words, exactly once, in some order.
pub fn is_permutation(printed: &[String], n: usize) -> bool {
    let mut got: Vec<&str> = printed.iter().map(String::as_str).collect();
    let mut all: Vec<&str> = WORDS.iter().take(n).copied().collect();
    got.sort_unstable();
    all.sort_unstable();
    got == all
}

fn every_word_once(size: Size) {
    let printed = ordering(size.workers, AddAt::BeforeGo);
    assert!(
        is_permutation(&printed, size.workers),
        "after wg.Wait every word is printed once: {printed:?}"
    );
}

fn add_inside(size: Size) {
    let printed = ordering(size.workers, AddAt::InsideGoroutine);
    assert!(
        is_permutation(&printed, size.workers),
        "after wg.Wait every word is printed once: {printed:?}"
    );
}

/// Three goroutines for loom; three and the lab's ten for the rest.
const LAB: Claim = Claim {
    pattern: "ordering",
    model_size: Size::new(3, 3),
    large_size: Size::new(10, 10),
    ..Claim::DEFAULTS
};

/// The claims: after `wg.Wait()` every word is printed once (in an order nobody chose); with
/// `wg.Add` inside the goroutines `main` can return before any.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-word-printed-once-after-wait",
        statement: "After wg.Wait every goroutine's word has been printed exactly once, in \
                    some order (tests/ordering.rs shows every order occurs).",
        twin: Some("add-inside-goroutine-misses-words"),
        body: every_word_once,
        ..LAB
    },
    Claim {
        name: "add-inside-goroutine-misses-words",
        statement: "With wg.Add(1) inside each goroutine, main can pass wg.Wait while the \
                    counter is still zero and return before the words are printed.",
        expect: Outcome::Panic,
        fix: Some("wg.Add(1) before the go statement, not inside the goroutine"),
        body: add_inside,
        ..LAB
    },
];
