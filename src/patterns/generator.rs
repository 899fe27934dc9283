//! generator: `boring` starts a goroutine and returns the receive-only channel it talks on.
//!
//! Go original: the generator pattern from seed 001 (channel patterns), section "Generator
//! Pattern", with the quit channel of its section "Quit channel or Done channel" as the fix:
//!
//! ```go
//! func main() {
//!     joe := boring("Joe") // Function returning a channel
//!     ann := boring("Ann")
//!     for i := 0; i < 5; i++ {
//!         fmt.Println(<-joe)
//!         fmt.Println(<-ann)
//!     }
//!     fmt.Println("You're both boring; I'm leaving.")
//! }
//!
//! func boring(msg string) <-chan string { // Returns receive-only channel of strings.
//!     c := make(chan string)
//!     go func() { // We launch the goroutine from inside the function.
//!         for i := 0; ; i++ {
//!             c <- fmt.Sprintf("%s %d", msg, i)
//!             time.Sleep(time.Duration(rand.Intn(1e3)) * time.Millisecond)
//!         }
//!     }()
//!     return c // Return the channel to the caller.
//! }
//!
//! // Quit channel or Done channel
//! func boring(msg string, quit chan string) <-chan string {
//!     c := make(chan string)
//!     go func() {
//!         for i := 0; ; i++ {
//!             select {
//!             case c <- fmt.Sprintf("%s %d", msg, i):
//!                 // do nothing
//!             case <-quit:
//!                 fmt.Println("clean up")
//!                 quit <- "See you!"
//!                 return
//!             }
//!             time.Sleep(time.Duration(rand.Intn(1e3)) * time.Millisecond)
//!         }
//!     }()
//!     return c
//! }
//! // main, after reading: quit <- "Bye"; fmt.Println("Joe say:", <-quit)
//! ```
//!
//! What it promises: each generator's values arrive in the order it made them ("Joe 0", "Joe 1",
//! …), and because main reads Joe then Ann, the printed conversation is exactly the alternation
//! of the two; with the quit channel, each generator cleans up and says goodbye, and nothing is
//! left running.
//!
//! The twin is the seed's own program: `boring` loops forever, so once main stops reading ("I'm
//! leaving") each generator blocks forever in its next `c <- …`: a goroutine leak per generator.
//! The quit channel fixes it.
//!
//! Sizes: `workers` generators (Joe, Ann, Bob, …), `items` rounds of reading one value from each.
//! The sleeps are `rand.Intn(1e3)` milliseconds in Go; here up to [`MAX_PAUSE`]. loom checks
//! Joe alone over 3 rounds (134 executions); Joe and Ann over even one round with the quit
//! handshake took 15k executions (3.6 s), so the two-speaker conversation is left to shuttle and
//! real threads.

use std::time::Duration;

use crate::chan::{self, Chan, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::time::{random_duration, sleep};
use crate::{go_named, select};

/// The longest pause between two of a generator's values.
pub const MAX_PAUSE: Duration = Duration::from_micros(500);

/// The speakers, in the order main reads them.
pub const NAMES: [&str; 8] = ["Joe", "Ann", "Bob", "Cid", "Dot", "Eve", "Fay", "Gus"];

/// The seed's `boring(msg)`: a goroutine that sends `"{msg} {i}"` forever on the returned channel.
pub fn boring(msg: &str) -> Receiver<String> {
    let c: Chan<String> = chan::named(&format!("c({msg})"), 0);
    let tx = c.sender();
    let msg = msg.to_string();
    go_named(&format!("boring({msg})"), move || {
        for i in 0.. {
            if tx.send(format!("{msg} {i}")).is_err() {
                return; // nobody closes c; kept total for the type checker
            }
            sleep(random_duration(MAX_PAUSE));
        }
    });
    c.receiver()
}

/// The seed's `boring(msg, quit)`: like [`boring`], but returns when told on `quit`, after
/// answering "See you!" on it.
pub fn boring_quit(msg: &str, quit: Chan<String>) -> Receiver<String> {
    let c: Chan<String> = chan::named(&format!("c({msg})"), 0);
    let tx = c.sender();
    let msg = msg.to_string();
    go_named(&format!("boring({msg})"), move || {
        for i in 0.. {
            select! {
                send(tx, format!("{msg} {i}")) -> sent => sent.expect("nobody closes c"),
                recv(quit) -> _ => {
                    // fmt.Println("clean up")
                    quit.send("See you!".to_string()).expect("nobody closes quit");
                    return;
                },
            }
            sleep(random_duration(MAX_PAUSE));
        }
    });
    c.receiver()
}

/// The seed's `main` with `speakers` generators and `rounds` rounds: returns what it prints.
/// With `quit`, main tells each generator to quit at the end and prints its answer.
pub fn conversation(speakers: usize, rounds: usize, quit: bool) -> Vec<String> {
    let names = &NAMES[..speakers];
    let quits: Vec<Chan<String>> = names
        .iter()
        .map(|n| chan::named(&format!("quit({n})"), 0))
        .collect();
    let cs: Vec<Receiver<String>> = names
        .iter()
        .zip(&quits)
        .map(|(n, q)| {
            if quit {
                boring_quit(n, q.clone())
            } else {
                boring(n)
            }
        })
        .collect();
    let mut printed = Vec::new();
    for _ in 0..rounds {
        for c in &cs {
            printed.push(c.recv().expect("nobody closes c"));
        }
    }
    if quit {
        for (n, q) in names.iter().zip(&quits) {
            q.send("Bye".to_string()).expect("nobody closes quit");
            let answer = q.recv().expect("nobody closes quit");
            printed.push(format!("{n} say: {answer}"));
        }
    }
    printed.push("You're both boring; I'm leaving.".to_string());
    printed
}

/// What [`conversation`] must print.
pub fn expected(speakers: usize, rounds: usize, quit: bool) -> Vec<String> {
    let names = &NAMES[..speakers];
    let mut want: Vec<String> = (0..rounds)
        .flat_map(|i| names.iter().map(move |n| format!("{n} {i}")))
        .collect();
    if quit {
        want.extend(names.iter().map(|n| format!("{n} say: See you!")));
    }
    want.push("You're both boring; I'm leaving.".to_string());
    want
}

fn with_quit(size: Size) {
    assert_eq!(
        conversation(size.workers, size.items, true),
        expected(size.workers, size.items, true)
    );
}

fn endless(size: Size) {
    assert_eq!(
        conversation(size.workers, size.items, false),
        expected(size.workers, size.items, false)
    );
}

const SIZES: Claim = Claim {
    pattern: "generator",
    model_size: Size::new(1, 3),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: values arrive in order and the quit channel ends every generator; the seed's
/// endless generators leak.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "values-in-order-quit-ends-generators",
        statement: "Main prints each generator's values in order, alternating Joe and Ann as it \
                    reads them; told to quit, each generator answers and returns.",
        twin: Some("endless-generator-leaks"),
        body: with_quit,
        ..SIZES
    },
    Claim {
        name: "endless-generator-leaks",
        statement: "The seed's endless generators print the same conversation, but once main \
                    leaves each one blocks forever sending its next value.",
        expect: Outcome::Leak,
        fix: Some("a quit channel: select { c <- v; <-quit: return }"),
        body: endless,
        stuck: &[("boring(Joe)", "send c(Joe)")],
        ..SIZES
    },
];
