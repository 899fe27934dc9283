//! pipeline: generator → square → square, stages joined by unbuffered channels, each closing its output.
//!
//! Go original: `generator`, `square` and `main` from seed 001 (channel patterns), section
//! "Pipeline Pattern":
//!
//! ```go
//! func generator(nums ...int) <-chan int {
//!     out := make(chan int)
//!     go func() {
//!         for _, n := range nums {
//!             out <- n
//!         }
//!         close(out)
//!     }()
//!     return out
//! }
//!
//! func square(in <-chan int) <-chan int {
//!     out := make(chan int)
//!     go func() {
//!         for n := range in {
//!             out <- n * n
//!         }
//!         close(out)
//!     }()
//!     return out
//! }
//!
//! func main() {
//!     for n := range square(square(generator(2, 3))) {
//!         fmt.Println(n)
//!     }
//! }
//! ```
//!
//! Each stage ranges over its input and closes its output when the input is closed and
//! drained, so the close travels down the pipeline behind the last value: `main` receives
//! every input raised to the fourth power, in input order (unbuffered channels and one
//! goroutine per stage keep the order), its range ends, and every stage has returned.
//!
//! Twin of the order claim: `square` forgets its `close(out)` (here the second square): `main`'s
//! range never ends — DEADLOCK, `main` stuck in `recv square-2.out`.
//!
//! The second pair is about a consumer that stops early. The seed's stages can only return
//! once their input is closed, so a `main` that takes the first value and leaves strands every
//! stage holding a value it can never send: a LEAK naming `square-1` and `square-2` stuck in
//! their sends (and the generator too when values remain). The fix is the `done` channel of
//! Go's "Pipelines and cancellation" (the pattern seed 003 calls "preventing leaks with done"):
//! each stage selects between its send and `<-done`, and `main` closes `done` when it stops
//! reading. [`generator_with_done`] and [`square_with_done`] are those stages.
//!
//! Sizes: `items` is how many numbers the generator emits (`1..=items`); `workers` is unused
//! (three stages at every size). The early-exit claims take one value. main and three stages
//! are four threads, loom's practical limit: the positive claims run 2 numbers at preemption
//! bound 1 there (3 numbers is about 11,000 executions; bound 2 at 2 numbers over 80,000);
//! the twins run 3 numbers (the early-exit twin needs 3 for both squares to be left holding a
//! value). Shuttle and real threads run 2–3 and 20 numbers.

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::{go_named, select};

/// `generator(nums...)`: send each number, then close.
pub fn generator(nums: Vec<i64>) -> Receiver<i64> {
    let out = chan::named::<i64>("generator.out", 0);
    let tx = out.sender();
    go_named("generator", move || {
        for n in nums {
            let _ = tx.send(n);
        }
        let _ = tx.close();
    });
    out.receiver()
}

/// `square(in)`: send the square of every number received until `input` is closed, then
/// close. `stage` (1, 2, …) only names the goroutine and its channel in reports.
pub fn square(input: Receiver<i64>, stage: usize) -> Receiver<i64> {
    square_stage(input, stage, true)
}

/// `square` with or without its `close(out)` (the twin forgets it).
fn square_stage(input: Receiver<i64>, stage: usize, closes: bool) -> Receiver<i64> {
    let out = chan::named::<i64>(&format!("square-{stage}.out"), 0);
    let tx = out.sender();
    go_named(&format!("square-{stage}"), move || {
        for n in &input {
            let _ = tx.send(n * n);
        }
        if closes {
            let _ = tx.close();
        }
    });
    out.receiver()
}

/// The seed's `main`: range over `square(square(generator(nums...)))` and collect.
pub fn pipeline(nums: &[i64]) -> Vec<i64> {
    range(&square(square(generator(nums.to_vec()), 1), 2), usize::MAX)
}

/// `for n := range out { fmt.Println(n) }`, stopping after `limit` values.
fn range(out: &Receiver<i64>, limit: usize) -> Vec<i64> {
    let mut printed = Vec::new();
    if limit == 0 {
        return printed;
    }
    for n in out {
        printed.push(n);
        if printed.len() == limit {
            break;
        }
    }
    printed
}

/// The twin: the second `square` never closes its output, so `main`'s range never ends.
pub fn pipeline_unclosed(nums: &[i64]) -> Vec<i64> {
    range(
        &square_stage(square(generator(nums.to_vec()), 1), 2, false),
        usize::MAX,
    )
}

/// `generator` that also returns when `done` is closed.
pub fn generator_with_done(done: Receiver<()>, nums: Vec<i64>) -> Receiver<i64> {
    let out = chan::named::<i64>("generator.out", 0);
    let tx = out.sender();
    go_named("generator", move || {
        for n in nums {
            select! {
                send(tx, n) -> _ => {},
                recv(done) -> _ => break,
            }
        }
        let _ = tx.close();
    });
    out.receiver()
}

/// `square` that also returns when `done` is closed.
pub fn square_with_done(done: Receiver<()>, input: Receiver<i64>, stage: usize) -> Receiver<i64> {
    let out = chan::named::<i64>(&format!("square-{stage}.out"), 0);
    let tx = out.sender();
    go_named(&format!("square-{stage}"), move || {
        for n in &input {
            select! {
                send(tx, n * n) -> _ => {},
                recv(done) -> _ => break,
            }
        }
        let _ = tx.close();
    });
    out.receiver()
}

/// A `main` that takes the first `take` results and leaves, closing `done` when `with_done`
/// (the fix) and simply returning otherwise (the twin: the seed's stages leak).
pub fn pipeline_first(nums: &[i64], take: usize, with_done: bool) -> Vec<i64> {
    if !with_done {
        let out = square(square(generator(nums.to_vec()), 1), 2);
        return range(&out, take);
    }
    let done = chan::named::<()>("done", 0);
    let generated = generator_with_done(done.receiver(), nums.to_vec());
    let squared = square_with_done(done.receiver(), generated, 1);
    let out = square_with_done(done.receiver(), squared, 2);
    let first = range(&out, take);
    let _ = done.close();
    first
}

/// What `main` must receive: every input to the fourth power, in order.
pub fn expected(nums: &[i64]) -> Vec<i64> {
    nums.iter().map(|n| n.pow(4)).collect()
}

fn numbers(size: Size) -> Vec<i64> {
    (1..=size.items as i64).collect()
}

fn in_order(size: Size) {
    let nums = numbers(size);
    assert_eq!(pipeline(&nums), expected(&nums));
}

fn unclosed(size: Size) {
    let nums = numbers(size);
    assert_eq!(pipeline_unclosed(&nums), expected(&nums));
}

fn early_exit_with_done(size: Size) {
    let nums = numbers(size);
    assert_eq!(pipeline_first(&nums, 1, true), expected(&nums[..1]));
}

fn early_exit_without_done(size: Size) {
    let nums = numbers(size);
    assert_eq!(pipeline_first(&nums, 1, false), expected(&nums[..1]));
}

/// Three stages at every size; loom runs 3 numbers, the others 20.
const THREE_STAGES: Claim = Claim {
    model_size: Size::new(3, 3),
    large_size: Size::new(3, 20),
    ..Claim::DEFAULTS
};

/// Positive claims under loom: 2 numbers at preemption bound 1 (see the module docs).
const POSITIVE: Claim = Claim {
    model_size: Size::new(3, 2),
    preemption_bound: Some(1),
    ..THREE_STAGES
};

/// The claims: the mapped inputs in order with every stage ending; an early consumer needs
/// `done`.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "pipeline",
        name: "squares-in-order-every-stage-ends",
        statement: "main receives every input to the fourth power, in input order; its range \
                    ends and every stage returns once the generator has closed its output.",
        expect: Outcome::Holds,
        twin: Some("unclosed-stage-deadlocks"),
        body: in_order,
        ..POSITIVE
    },
    Claim {
        pattern: "pipeline",
        name: "unclosed-stage-deadlocks",
        statement: "When the second square forgets close(out), main's range over its output \
                    never ends.",
        expect: Outcome::Deadlock,
        fix: Some("close(out) after the range in square"),
        body: unclosed,
        stuck: &[("main", "recv square-2.out")],
        ..THREE_STAGES
    },
    Claim {
        pattern: "pipeline",
        name: "early-exit-with-done-never-leaks",
        statement: "A main that takes the first result and closes `done` gets the first input to \
                    the fourth power, and every stage returns.",
        expect: Outcome::Holds,
        twin: Some("early-exit-without-done-leaks"),
        body: early_exit_with_done,
        ..POSITIVE
    },
    Claim {
        pattern: "pipeline",
        name: "early-exit-without-done-leaks",
        statement: "A main that takes the first result and leaves without `done` strands the \
                    squares, each blocked forever sending the value it holds.",
        expect: Outcome::Leak,
        fix: Some("stages select on <-done and main closes done when it stops reading"),
        body: early_exit_without_done,
        stuck: &[
            ("square-1", "send square-1.out"),
            ("square-2", "send square-2.out"),
        ],
        ..THREE_STAGES
    },
];
