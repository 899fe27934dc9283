//! `cargo run --release --example model_cost`: what checking the reference models costs under the
//! active scheduler (loom with `RUSTFLAGS="--cfg loom"`, shuttle with `--features shuttle`).
//!
//! Prints one markdown row per model and setting: verdict, executions or iterations, wall time.
//! The table in docs/performance.md comes from here. `MODEL_COST_MAX_BOUND=3` adds loom bound 3;
//! `MODEL_COST_UNBOUNDED=1` adds unbounded loom runs for the models that finish.

use std::time::{Duration, Instant};

use chancheck::check::{Checker, Verdict};
use chancheck::patterns::cancellation::cancellation;
use chancheck::{chan, go_named, select};

/// The fan-in: a sender selecting over 2 unbuffered channels, 2 forwarders onto one
/// unbuffered channel, main ranging over it, 3 values (4 threads).
fn fan_in() {
    let a = chan::named::<u32>("a", 0);
    let b = chan::named::<u32>("b", 0);
    let out = chan::named::<u32>("out", 0);
    let (ta, tb) = (a.sender(), b.sender());
    go_named("sender", move || {
        for v in 0..3 {
            select! {
                send(ta, v) -> r => r.unwrap(),
                send(tb, v) -> r => r.unwrap(),
            }
        }
        ta.close().unwrap();
        tb.close().unwrap();
    });
    for (name, input) in [("forward-a", a.receiver()), ("forward-b", b.receiver())] {
        let out = out.sender();
        go_named(name, move || {
            for v in input.iter() {
                out.send(v).unwrap();
            }
        });
    }
    let mut got: Vec<u32> = out.receiver().iter().take(3).collect();
    got.sort_unstable();
    assert_eq!(got, [0, 1, 2]);
}

/// A 3-stage pipeline (generate → square → sum) with 2 values, unbuffered.
fn pipeline() {
    let nums = chan::named::<u32>("nums", 0);
    let squares = chan::named::<u32>("squares", 0);
    let tx = nums.sender();
    go_named("generate", move || {
        for v in 1..=2 {
            tx.send(v).unwrap();
        }
        tx.close().unwrap();
    });
    let (rx, out) = (nums.receiver(), squares.sender());
    go_named("square", move || {
        for v in rx.iter() {
            out.send(v * v).unwrap();
        }
        out.close().unwrap();
    });
    let sum: u32 = squares.receiver().iter().sum();
    assert_eq!(sum, 5);
}

/// A pool of 2 workers over 3 jobs, results buffered.
fn worker_pool() {
    let jobs = chan::named::<u32>("jobs", 0);
    let results = chan::named::<u32>("results", 3);
    for w in 1..=2 {
        let (jobs, results) = (jobs.receiver(), results.sender());
        go_named(&format!("worker-{w}"), move || {
            for j in jobs.iter() {
                results.send(j * 10).unwrap();
            }
        });
    }
    for j in 1..=3 {
        jobs.send(j).unwrap();
    }
    jobs.close().unwrap();
    let mut got: Vec<u32> = (0..3).map(|_| results.recv().unwrap()).collect();
    got.sort_unstable();
    assert_eq!(got, [10, 20, 30]);
}

/// Go's test/chan/goroutines.go: a chain of `n` goroutines handing one value along.
fn chain(n: usize) {
    let first = chan::make::<u32>(0);
    let mut left = first.clone();
    for _ in 0..n {
        let right = chan::make::<u32>(0);
        let (l, r) = (left.receiver(), right.sender());
        chancheck::go(move || {
            let v = l.recv().unwrap();
            r.send(v).unwrap();
        });
        left = right;
    }
    first.send(1).unwrap();
    assert_eq!(left.recv(), Some(1));
}

fn row(model: &str, setting: &str, verdict: &Verdict) {
    println!(
        "| {model} | {setting} | {} | {} | {:.2?} |",
        verdict.outcome, verdict.stats.explored, verdict.stats.elapsed
    );
}

fn main() {
    println!("| model | setting | verdict | executions | time |");
    println!("|---|---|---|---|---|");
    let models: [(&str, fn()); 4] = [
        ("cancellation (buffered)", || drop(cancellation(1))),
        ("fan-in select, 4 threads, 3 values", fan_in),
        ("pipeline, 3 stages, 2 values", pipeline),
        ("worker pool, 2 workers, 3 jobs", worker_pool),
    ];
    if cfg!(loom) {
        let max: usize = std::env::var("MODEL_COST_MAX_BOUND")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2);
        let only = std::env::var("MODEL_COST_ONLY").unwrap_or_default();
        for (name, body) in models.into_iter().filter(|(n, _)| n.contains(&only)) {
            for bound in 1..=max {
                let checker = Checker::new().preemption_bound(Some(bound));
                row(name, &format!("loom bound {bound}"), &checker.verify(body));
            }
            if std::env::var_os("MODEL_COST_UNBOUNDED").is_some() {
                let checker = Checker::new().preemption_bound(None);
                row(name, "loom unbounded", &checker.verify(body));
            }
        }
        if only.is_empty() {
            anchor::rows(max);
        }
    } else if cfg!(feature = "shuttle") {
        use chancheck::check::ShuttleScheduler;
        let only = std::env::var("MODEL_COST_ONLY").unwrap_or_default();
        for (name, body) in models.into_iter().filter(|(n, _)| n.contains(&only)) {
            row(name, "shuttle random, 1000", &Checker::new().verify(body));
            let pct = Checker::new().shuttle_scheduler(ShuttleScheduler::Pct { depth: 3 });
            row(name, "shuttle pct 3, 1000", &pct.verify(body));
        }
        if !"chain".contains(&only) {
            return;
        }
        for n in [200, 2000] {
            let start = Instant::now();
            let verdict = Checker::new()
                .shuttle_iterations(10)
                .verify(move || chain(n));
            let per = start.elapsed() / 10;
            row(
                &format!("chain of {n} goroutines"),
                "shuttle random, 10",
                &verdict,
            );
            println!("|   | per iteration | | | {per:.2?} |");
        }
        let verdict = Checker::new().verify(|| chain(2000));
        row("chain of 2000 goroutines", "shuttle random, 1000", &verdict);
    } else {
        println!("(run with RUSTFLAGS=\"--cfg loom\" or --features shuttle)");
        let _ = Duration::ZERO;
    }
}

/// The anchor: the pipeline written directly on loom's Mutex/Condvar, no chancheck in between.
#[cfg(loom)]
mod anchor {
    use loom::sync::{Arc, Condvar, Mutex};
    use std::collections::VecDeque;

    /// An unbuffered-enough channel: a one-slot queue with close, on one mutex and condvar.
    struct Slot {
        state: Mutex<(VecDeque<u32>, bool)>,
        cv: Condvar,
    }

    impl Slot {
        fn new() -> Arc<Self> {
            Arc::new(Self {
                state: Mutex::new((VecDeque::new(), false)),
                cv: Condvar::new(),
            })
        }
        fn send(&self, v: u32) {
            let mut st = self.state.lock().unwrap();
            while !st.0.is_empty() {
                st = self.cv.wait(st).unwrap();
            }
            st.0.push_back(v);
            self.cv.notify_all();
        }
        fn close(&self) {
            self.state.lock().unwrap().1 = true;
            self.cv.notify_all();
        }
        fn recv(&self) -> Option<u32> {
            let mut st = self.state.lock().unwrap();
            loop {
                if let Some(v) = st.0.pop_front() {
                    self.cv.notify_all();
                    return Some(v);
                }
                if st.1 {
                    return None;
                }
                st = self.cv.wait(st).unwrap();
            }
        }
    }

    pub(super) fn rows(max: usize) {
        for bound in 1..=max {
            let start = std::time::Instant::now();
            let executions = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
            let counter = executions.clone();
            let mut builder = loom::model::Builder::new();
            builder.preemption_bound = Some(bound);
            builder.check(move || {
                counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let (nums, squares) = (Slot::new(), Slot::new());
                let tx = nums.clone();
                let g = loom::thread::spawn(move || {
                    for v in 1..=2 {
                        tx.send(v);
                    }
                    tx.close();
                });
                let (rx, out) = (nums.clone(), squares.clone());
                let s = loom::thread::spawn(move || {
                    while let Some(v) = rx.recv() {
                        out.send(v * v);
                    }
                    out.close();
                });
                let mut sum = 0;
                while let Some(v) = squares.recv() {
                    sum += v;
                }
                assert_eq!(sum, 5);
                g.join().unwrap();
                s.join().unwrap();
            });
            println!(
                "| pipeline on raw loom Mutex/Condvar (anchor) | loom bound {bound} | HOLDS | {} | {:.2?} |",
                executions.load(std::sync::atomic::Ordering::Relaxed),
                start.elapsed()
            );
        }
    }
}

#[cfg(not(loom))]
mod anchor {
    pub(super) fn rows(_: usize) {}
}
