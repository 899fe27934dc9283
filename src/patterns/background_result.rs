//! background_result: a goroutine computes in the background and hands its one result back on a channel it closes.
//!
//! Go original: "Channel, channels, channels everywhere" from seed 002 (`002_2492ff712716f052.txt`,
//! golang concurrency patterns), which gives only prose: "a goroutine processing some data in the
//! background and returning them through a channel to the main thread executing our code". The code
//! is that pattern's canonical form, as *Concurrency in Go* (Katherine Cox-Buday) writes its
//! channel owners (chapter 3, "Channels": the goroutine that owns a channel makes it, writes it,
//! closes it and hands out only its read side):
//!
//! ```go
//! backgroundSum := func(data []int) <-chan int {
//!     result := make(chan int, 1)
//!     go func() {
//!         defer close(result)
//!         sum := 0
//!         for _, v := range data {
//!             sum += v
//!         }
//!         result <- sum
//!     }()
//!     return result
//! }
//!
//! inputs := [][]int{{1, 2, 3}, {4, 5, 6}}
//! results := make([]<-chan int, len(inputs))
//! for i, data := range inputs {
//!     results[i] = backgroundSum(data)
//! }
//! for i, result := range results {
//!     if i == wanted {
//!         break // the caller has what it needs: the other results are abandoned
//!     }
//!     for sum := range result {
//!         fmt.Println(sum)
//!     }
//! }
//! ```
//!
//! The promise: each result is received exactly once (`range` sees one value, then the close),
//! and a caller may abandon a result it no longer needs: with room for the one value
//! (capacity 1) the goroutine's send completes without a reader, the goroutine closes its
//! channel and exits. Nothing leaks.
//!
//! The twins:
//!
//! - **unbuffered result** (`make(chan int)`): an abandoned goroutine blocks forever in
//!   `result <- sum`, since nobody will ever receive: LEAK naming `background-2`.
//! - **no `close(result)`**: the caller's `for sum := range result` receives the sum and then
//!   waits for a close that never comes: DEADLOCK, main stuck receiving from `result-1`.
//!
//! The goroutine's `defer close(result)` is an explicit `close` after the send (the goroutine has
//! no early return): in the unbuffered twin the goroutine leaks, and a close in a Drop guard of a
//! leaked goroutine is a known runtime issue.
//!
//! Sizes: `workers` is the number of background goroutines (one per input); `items` is the
//! length of each input.

use crate::chan::{self, Receiver};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;

/// How the background goroutine's result channel is made and finished.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultChan {
    /// The pattern: capacity 1, closed after the one send.
    Buffered,
    /// The bug: capacity 0, so an abandoned goroutine can never complete its send.
    Unbuffered,
    /// The bug: capacity 1 but never closed, so the caller's `range` never ends.
    Unclosed,
}

/// Go's `backgroundSum`: start `background-<id>`, which sums `data` and sends the sum on
/// `result-<id>`; return the channel's read side.
pub fn background_sum(id: usize, data: Vec<i64>, result_chan: ResultChan) -> Receiver<i64> {
    let cap = if result_chan == ResultChan::Unbuffered {
        0
    } else {
        1
    };
    let result = chan::named::<i64>(&format!("result-{id}"), cap);
    let tx = result.sender();
    go_named(&format!("background-{id}"), move || {
        let sum = data.iter().sum();
        tx.send(sum).expect("only this goroutine closes result");
        if result_chan != ResultChan::Unclosed {
            tx.close().expect("closed once");
        }
    });
    result.receiver()
}

/// The caller: start one `backgroundSum` per input, then `range` over the first `wanted`
/// results and abandon the rest. Returns, per result read, every value its `range` saw.
pub fn background_results(
    inputs: &[Vec<i64>],
    wanted: usize,
    result_chan: ResultChan,
) -> Vec<Vec<i64>> {
    let results: Vec<Receiver<i64>> = inputs
        .iter()
        .enumerate()
        .map(|(i, data)| background_sum(i + 1, data.clone(), result_chan))
        .collect();
    let mut seen = Vec::new();
    for (i, result) in results.iter().enumerate() {
        if i == wanted {
            break;
        }
        let mut sums = Vec::new();
        for sum in result {
            sums.push(sum);
        }
        seen.push(sums);
    }
    seen
}

/// `workers` inputs of `items` values each: input `w` is `w*items .. (w+1)*items`.
pub fn inputs(size: Size) -> Vec<Vec<i64>> {
    (0..size.workers)
        .map(|w| ((w * size.items) as i64..((w + 1) * size.items) as i64).collect())
        .collect()
}

/// Assert that each of the first `wanted` results was received exactly once and is its sum.
pub fn assert_each_sum_once(inputs: &[Vec<i64>], wanted: usize, seen: &[Vec<i64>]) {
    let expected: Vec<Vec<i64>> = inputs
        .iter()
        .take(wanted)
        .map(|data| vec![data.iter().sum()])
        .collect();
    assert_eq!(seen, expected, "each result is received exactly once");
}

fn read_all(size: Size, result_chan: ResultChan) {
    let inputs = inputs(size);
    let seen = background_results(&inputs, inputs.len(), result_chan);
    assert_each_sum_once(&inputs, inputs.len(), &seen);
}

fn read_first(size: Size, result_chan: ResultChan) {
    let inputs = inputs(size);
    let seen = background_results(&inputs, 1, result_chan);
    assert_each_sum_once(&inputs, 1, &seen);
}

fn every_result_once(size: Size) {
    read_all(size, ResultChan::Buffered);
}

fn unclosed(size: Size) {
    read_all(size, ResultChan::Unclosed);
}

fn abandon_buffered(size: Size) {
    read_first(size, ResultChan::Buffered);
}

fn abandon_unbuffered(size: Size) {
    read_first(size, ResultChan::Unbuffered);
}

/// Three background goroutines under loom (main + 3), six elsewhere.
const SIZES: Claim = Claim {
    pattern: "background_result",
    model_size: Size::new(3, 3),
    large_size: Size::new(6, 20),
    ..Claim::DEFAULTS
};

/// The claims: each result arrives once and abandoning one leaks nothing; their twins.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-result-received-exactly-once",
        statement: "A caller that ranges over every background result receives each sum \
                    exactly once, then the close, and every background goroutine exits.",
        expect: Outcome::Holds,
        twin: Some("unclosed-result-deadlocks-range"),
        body: every_result_once,
        ..SIZES
    },
    Claim {
        name: "unclosed-result-deadlocks-range",
        statement: "When the background goroutine never closes its result channel, the \
                    caller's `range` receives the sum and then waits forever for the close.",
        expect: Outcome::Deadlock,
        fix: Some("`defer close(result)` in the background goroutine"),
        body: unclosed,
        stuck: &[("main", "recv result-1")],
        ..SIZES
    },
    Claim {
        name: "abandoned-result-leaks-nothing",
        statement: "A caller that reads the first result and abandons the others leaks \
                    nothing: with capacity 1 each abandoned goroutine's send completes without \
                    a reader, and it closes its channel and exits.",
        expect: Outcome::Holds,
        twin: Some("unbuffered-abandoned-result-leaks"),
        body: abandon_buffered,
        ..SIZES
    },
    Claim {
        name: "unbuffered-abandoned-result-leaks",
        statement: "With an unbuffered result channel, every abandoned background goroutine \
                    blocks forever in its send: a leak.",
        expect: Outcome::Leak,
        fix: Some("result channel capacity 0 → 1"),
        body: abandon_unbuffered,
        stuck: &[("background-2", "send result-2")],
        ..SIZES
    },
];
