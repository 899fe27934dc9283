//! channels_lab: one goroutine sends the integers 1 to 10 over a channel, another reads them
//! off and prints them.
//!
//! Go original: the "Channels lab" exercise from seed 004 (a Go workshop), section "Channels
//! lab": "Create a goroutine that sends the integers 1 to 10 over a channel. Create another go
//! routine that reads them off and prints them out." The seed states the exercise only; this is
//! its canonical solution:
//!
//! ```go
//! func main() {
//!     numbers := make(chan int)
//!     var wg sync.WaitGroup
//!     wg.Add(2)
//!
//!     go func() { // producer
//!         defer wg.Done()
//!         for i := 1; i <= 10; i++ {
//!             numbers <- i
//!         }
//!         close(numbers)
//!     }()
//!
//!     go func() { // printer
//!         defer wg.Done()
//!         for n := range numbers {
//!             fmt.Println(n)
//!         }
//!     }()
//!
//!     wg.Wait()
//! }
//! ```
//!
//! Here `main` waits by joining the two goroutines (the `wg.Wait()`), which also hands back
//! what the printer printed.
//!
//! What it promises: the printer prints every value, 1 to 10, in order, exactly once, and both
//! goroutines end, so `main` does too. The `close(numbers)` is how the producer tells the
//! printer it is done.
//!
//! The twin drops that `close`: the producer sends its ten values and returns, but the printer
//! was never told, so its `range` waits for an eleventh value forever, and `main` waits for the
//! printer: a deadlock naming `recv numbers` and `join printer`.
//!
//! Sizes: `items` values `1..=items` (Go: 10) on `numbers`; `workers` is unused (one producer,
//! one printer). `numbers` is unbuffered, as in Go.

use std::panic::resume_unwind;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::go_named;

/// Run the lab: a producer sends `1..=n` on `numbers` (capacity `cap`) and, if `close`, closes
/// it; a printer ranges over it. Returns what the printer printed.
pub fn channels_lab(n: usize, cap: usize, close: bool) -> Vec<u64> {
    let numbers = chan::named::<u64>("numbers", cap);

    let tx = numbers.sender();
    let producer = go_named("producer", move || {
        for i in 1..=n as u64 {
            tx.send(i).expect("nobody else closes numbers");
        }
        if close {
            tx.close().expect("numbers is closed once");
        }
    });

    let rx = numbers.receiver();
    let printer = go_named("printer", move || {
        let mut printed = Vec::new();
        for n in &rx {
            printed.push(n);
        }
        printed
    });

    // A goroutine's panic is the program's, as in Go.
    producer.join().unwrap_or_else(|p| resume_unwind(p));
    printer.join().unwrap_or_else(|p| resume_unwind(p))
}

fn prints_one_to_n(size: Size) {
    let printed = channels_lab(size.items, 0, true);
    let expected: Vec<u64> = (1..=size.items as u64).collect();
    assert_eq!(printed, expected, "every value, in order, exactly once");
}

fn never_closed(size: Size) {
    channels_lab(size.items, 0, false);
}

/// The Go lab's 10 values for loom (three threads: cheap); 20 for shuttle and real threads too.
const LAB: Claim = Claim {
    pattern: "channels_lab",
    model_size: Size::new(1, 10),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// The claims: the printer prints 1..=10 in order and both goroutines end; without the close
/// the printer is never told and everyone waits.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "prints-every-value-in-order-and-both-end",
        statement: "The printer prints 1 to 10 in order, each once, and both the producer and \
                    the printer end.",
        twin: Some("printer-never-told-deadlocks"),
        body: prints_one_to_n,
        ..LAB
    },
    Claim {
        name: "printer-never-told-deadlocks",
        statement: "Without close(numbers) the printer is never told the producer is done: it \
                    waits in its range forever and main waits for it.",
        expect: Outcome::Deadlock,
        fix: Some("close(numbers) after the last send"),
        body: never_closed,
        stuck: &[("main", "join printer"), ("printer", "recv numbers")],
        ..LAB
    },
];
