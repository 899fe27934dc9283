//! pipeline_batch_stream: the same multiply and add stages run as batch functions and as goroutines streaming over channels with a `done` channel, with the same results.
//!
//! Go original: "Pipelines" from seed 003 (`003_a4136df6f6df5e29.txt`, Concurrency in Go, the
//! book's patterns), which gives only prose ("a series of things that take data in, perform an
//! operation on it and pass the data back out … Batch Processing … Stream Processing"). The code is
//! the book's, *Concurrency in Go* (Katherine Cox-Buday), chapter 4, "Pipelines". Batch stages:
//!
//! ```go
//! multiply := func(values []int, multiplier int) []int {
//!     multipliedValues := make([]int, len(values))
//!     for i, v := range values {
//!         multipliedValues[i] = v * multiplier
//!     }
//!     return multipliedValues
//! }
//! add := func(values []int, additive int) []int {
//!     addedValues := make([]int, len(values))
//!     for i, v := range values {
//!         addedValues[i] = v + additive
//!     }
//!     return addedValues
//! }
//!
//! ints := []int{1, 2, 3, 4}
//! for _, v := range multiply(add(multiply(ints, 2), 1), 2) {
//!     fmt.Println(v)
//! }
//! ```
//!
//! and the stream stages, "Best Practices for Constructing Pipelines":
//!
//! ```go
//! generator := func(done <-chan interface{}, integers ...int) <-chan int {
//!     intStream := make(chan int)
//!     go func() {
//!         defer close(intStream)
//!         for _, i := range integers {
//!             select {
//!             case <-done:
//!                 return
//!             case intStream <- i:
//!             }
//!         }
//!     }()
//!     return intStream
//! }
//!
//! multiply := func(
//!     done <-chan interface{},
//!     intStream <-chan int,
//!     multiplier int,
//! ) <-chan int {
//!     multipliedStream := make(chan int)
//!     go func() {
//!         defer close(multipliedStream)
//!         for i := range intStream {
//!             select {
//!             case <-done:
//!                 return
//!             case multipliedStream <- i*multiplier:
//!             }
//!         }
//!     }()
//!     return multipliedStream
//! }
//!
//! add := func(
//!     done <-chan interface{},
//!     intStream <-chan int,
//!     additive int,
//! ) <-chan int {
//!     addedStream := make(chan int)
//!     go func() {
//!         defer close(addedStream)
//!         for i := range intStream {
//!             select {
//!             case <-done:
//!                 return
//!             case addedStream <- i+additive:
//!             }
//!         }
//!     }()
//!     return addedStream
//! }
//!
//! done := make(chan interface{})
//! defer close(done)
//!
//! intStream := generator(done, 1, 2, 3, 4)
//! pipeline := multiply(done, add(done, multiply(done, intStream, 2), 1), 2)
//!
//! for v := range pipeline {
//!     fmt.Println(v)
//! }
//! ```
//!
//! Here the pipeline has a configurable number of stages after the generator, alternating
//! `multiply(…, 2)` and `add(…, 1)` (the book's three are `multiply`, `add`, `multiply`); the
//! batch pipeline applies the same stages to the whole slice.
//!
//! The promise: the stream pipeline delivers exactly the batch pipeline's values, in order;
//! and a consumer may stop mid-stream: closing `done` stops every stage, each closing its
//! output as it returns. Nothing leaks.
//!
//! The twins:
//!
//! - **a stage that ignores `done`** (the generator, sending with a plain `intStream <- i`):
//!   once the consumer stops and the other stages return on `done`, the generator blocks
//!   forever on its next send: LEAK naming `generator`.
//! - **a stage that does not close its output** (the generator without `defer
//!   close(intStream)`): the first `multiply`'s `range` never ends, nor does anything after
//!   it; the consumer waits forever: DEADLOCK naming `multiply-1`.
//!
//! `defer close(out)` is an explicit `close` after each stage's loop (a stage returning on
//! `done` closes its output too), and the consumer's `defer close(done)` an explicit `close`
//! after its loop.
//!
//! Sizes: `workers` is the number of stages after the generator; `items` is the number of
//! integers (`1..=items`). The stopping consumer takes `items / 3` values.

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::{go_named, select};

/// Batch `multiply`: every value times `multiplier`, all at once.
pub fn multiply_batch(values: &[i64], multiplier: i64) -> Vec<i64> {
    values.iter().map(|v| v * multiplier).collect()
}

/// Batch `add`: every value plus `additive`, all at once.
pub fn add_batch(values: &[i64], additive: i64) -> Vec<i64> {
    values.iter().map(|v| v + additive).collect()
}

/// Stage `n` (1-based) after the generator: odd stages `multiply(…, 2)`, even ones `add(…, 1)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// `multiply(…, 2)`.
    Multiply(i64),
    /// `add(…, 1)`.
    Add(i64),
}

/// The first `count` stages: `multiply 2`, `add 1`, `multiply 2`, `add 1`, …
pub fn stages(count: usize) -> Vec<Stage> {
    (1..=count)
        .map(|n| {
            if n % 2 == 1 {
                Stage::Multiply(2)
            } else {
                Stage::Add(1)
            }
        })
        .collect()
}

/// The batch pipeline: each stage applied to the whole slice in turn.
pub fn batch(ints: &[i64], stages: &[Stage]) -> Vec<i64> {
    stages
        .iter()
        .fold(ints.to_vec(), |values, stage| match *stage {
            Stage::Multiply(m) => multiply_batch(&values, m),
            Stage::Add(a) => add_batch(&values, a),
        })
}

/// Which stage of the stream pipeline is broken, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bug {
    /// None: the book's stages.
    None,
    /// The generator sends without watching `done`.
    GeneratorIgnoresDone,
    /// The generator never closes its output.
    GeneratorNeverCloses,
}

/// Go's `generator`: send `integers` on `intStream` unless `done` closes first.
pub fn generator(done: Receiver<()>, integers: Vec<i64>, bug: Bug) -> Receiver<i64> {
    let int_stream = chan::named::<i64>("intStream", 0);
    let tx = int_stream.sender();
    go_named("generator", move || {
        for i in integers {
            if bug == Bug::GeneratorIgnoresDone {
                tx.send(i).expect("only the generator closes intStream");
                continue;
            }
            select! {
                recv(done) -> _ => break,
                send(tx, i) -> sent => sent.expect("only the generator closes intStream"),
            }
        }
        if bug != Bug::GeneratorNeverCloses {
            tx.close().expect("closed once");
        }
    });
    int_stream.receiver()
}

/// Go's `multiply` and `add` stages: stage `n` reads `int_stream`, applies `stage` to each
/// value and sends it on its own output, unless `done` closes first.
pub fn stream_stage(
    n: usize,
    stage: Stage,
    done: Receiver<()>,
    int_stream: Receiver<i64>,
) -> Receiver<i64> {
    let (name, out) = match stage {
        Stage::Multiply(_) => ("multiply", "multipliedStream"),
        Stage::Add(_) => ("add", "addedStream"),
    };
    let out = chan::named::<i64>(&format!("{out}-{n}"), 0);
    let tx: Sender<i64> = out.sender();
    go_named(&format!("{name}-{n}"), move || {
        for i in &int_stream {
            let v = match stage {
                Stage::Multiply(m) => i * m,
                Stage::Add(a) => i + a,
            };
            let stop = select! {
                recv(done) -> _ => true,
                send(tx, v) -> sent => {
                    sent.expect("only this stage closes its output");
                    false
                },
            };
            if stop {
                break;
            }
        }
        tx.close().expect("closed once");
    });
    out.receiver()
}

/// The stream pipeline: `generator` then each stage, all sharing `done`; the consumer ranges
/// over the last output, taking at most `take` values, then closes `done`. Returns the values
/// taken.
pub fn stream(ints: &[i64], stages: &[Stage], take: usize, bug: Bug) -> Vec<i64> {
    let done = chan::named::<()>("done", 0);
    let mut pipeline = generator(done.receiver(), ints.to_vec(), bug);
    for (i, stage) in stages.iter().enumerate() {
        pipeline = stream_stage(i + 1, *stage, done.receiver(), pipeline);
    }
    let mut taken = Vec::new();
    if take > 0 {
        for v in &pipeline {
            taken.push(v);
            if taken.len() == take {
                break;
            }
        }
    }
    done.close().expect("closed once");
    taken
}

/// `1..=count`, the book's `1, 2, 3, 4` extended.
pub fn ints(count: usize) -> Vec<i64> {
    (1..=count as i64).collect()
}

fn agree_body(size: Size, bug: Bug) {
    let (ints, stages) = (ints(size.items), stages(size.workers));
    let streamed = stream(&ints, &stages, usize::MAX, bug);
    assert_eq!(streamed, batch(&ints, &stages), "stream and batch agree");
}

fn agree(size: Size) {
    agree_body(size, Bug::None);
}

fn agree_unclosed(size: Size) {
    agree_body(size, Bug::GeneratorNeverCloses);
}

fn cancel_body(size: Size, bug: Bug) {
    let (ints, stages) = (ints(size.items), stages(size.workers));
    let take = size.items / 3;
    let streamed = stream(&ints, &stages, take, bug);
    let expected: Vec<i64> = batch(&ints, &stages).into_iter().take(take).collect();
    assert_eq!(streamed, expected, "the values taken are the batch's first ones");
}

fn cancel(size: Size) {
    cancel_body(size, Bug::None);
}

fn cancel_generator_ignores_done(size: Size) {
    cancel_body(size, Bug::GeneratorIgnoresDone);
}

/// The generator and one stage under loom: with two stages (main + 3) and four integers loom
/// runs for minutes. Four stages elsewhere.
const STAGES: Claim = Claim {
    pattern: "pipeline_batch_stream",
    model_size: Size::new(1, 3),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: stream equals batch; cancelling mid-stream leaks nothing; the twins.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "batch-and-stream-agree",
        statement: "The stream pipeline (generator, then multiply and add stages over channels) \
                    delivers exactly the batch pipeline's values, in order, and every stage \
                    closes its output and returns.",
        expect: Outcome::Holds,
        twin: Some("unclosed-stage-output-deadlocks"),
        body: agree,
        ..STAGES
    },
    Claim {
        name: "unclosed-stage-output-deadlocks",
        statement: "When the generator never closes its output, the first stage's `range` \
                    never ends, and neither does anything downstream: everyone waits forever.",
        expect: Outcome::Deadlock,
        fix: Some("`defer close(intStream)` in the generator's goroutine"),
        body: agree_unclosed,
        stuck: &[("multiply-1", "recv intStream")],
        ..STAGES
    },
    Claim {
        name: "cancel-mid-stream-leaks-nothing",
        statement: "A consumer that takes the first values and closes `done` gets the batch's \
                    first values, and every stage returns: nothing leaks.",
        expect: Outcome::Holds,
        twin: Some("generator-ignoring-done-leaks"),
        body: cancel,
        ..STAGES
    },
    Claim {
        name: "generator-ignoring-done-leaks",
        statement: "When the generator sends without watching `done`, cancelling mid-stream \
                    leaves it blocked forever on its next send once the other stages return.",
        expect: Outcome::Leak,
        fix: Some("send inside `select` with a `case <-done: return` arm"),
        body: cancel_generator_ignores_done,
        stuck: &[("generator", "send intStream")],
        ..STAGES
    },
];
