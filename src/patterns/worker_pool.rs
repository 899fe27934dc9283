//! worker_pool: three workers take jobs from a buffered `jobs` channel and send each result on
//! a buffered `results` channel; closing `jobs` ends them.
//!
//! Go original: the jobs/results pool from seed 004 (a Go workshop), section "Channel Example"
//! (its worker body is the one its printed output implies: `Worker 3 processing job 1`, then
//! the job doubled):
//!
//! ```go
//! func worker(id int, jobs <-chan int, results chan<- int) {
//!     for j := range jobs {
//!         fmt.Println("Worker", id, "processing job", j)
//!         time.Sleep(time.Second)
//!         results <- j * 2
//!     }
//! }
//!
//! func main() {
//!     jobs := make(chan int, 5)
//!     results := make(chan int, 5)
//!
//!     for w := 1; w <= 3; w++ {
//!         go worker(w, jobs, results)
//!     }
//!
//!     for j := 1; j <= 5; j++ {
//!         jobs <- j
//!     }
//!     close(jobs)
//!
//!     for a := 1; a <= 5; a++ {
//!         fmt.Println("Result:", <-results)
//!     }
//! }
//! ```
//!
//! What it promises: every job is processed by exactly one worker and its result reaches `main`
//! exactly once, whatever the interleaving; and because `jobs` is closed, every worker's `range`
//! ends and no worker outlives `main`'s reads.
//!
//! It keeps that promise only because its buffers are as large as its job count. `main` sends
//! every job before it reads a single result, so at most `jobs_cap + results_cap + workers` jobs
//! can be in flight (one held by each worker). Keep Go's buffers of 5 but send 20 jobs to 4
//! workers and everyone stops: `main` blocks in `jobs <- j`, every worker in
//! `results <- j * 2`. The checkers find this deadlock on the first schedule they try; the twin
//! `jobs-outnumber-buffers-deadlocks` sizes both buffers to `(jobs − workers − 1) / 2` so the
//! same deadlock shows at every size.
//!
//! Forgetting `close(jobs)` is the other classic: `main` gets every result, returns, and leaves
//! each worker blocked in its `range` over `jobs` forever.
//!
//! The variant that waits for the workers first (`wg.Wait()` and only then read `results`,
//! common when the results are wanted all at once) holds only while `results` can buffer every
//! result. Give it fewer slots than jobs and the workers block in `results <- j * 2` while
//! `main` blocks in `wg.Wait()`: a deadlock. With `results` capacity `jobs − workers` (or less)
//! every worker ends up holding a job it cannot deliver, so the report names all of them.
//!
//! Sizes: `workers` is the number of workers (`w` in Go), `items` the number of jobs; the
//! positive claims size both buffers to the job count, as the Go original does (5 and 5 for 5
//! jobs). loom checks 2 workers and 3 jobs (3 workers take loom minutes); shuttle and real
//! threads also check 4 workers and 20 jobs. The Go original itself, 3 workers, 5 jobs and
//! buffers of 5, runs in the example and the properties.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::chan::{self, Receiver, Sender};
use crate::check::{Claim, Outcome, Size};
use crate::go_named;
use crate::sync::WaitGroup;
use crate::time::sleep;

/// Go's buffer size for `jobs` (and for `results` in the original).
pub const BUFFER: usize = 5;
/// Each job's simulated work (Go: `time.Second`); a yield under the model checkers.
pub const WORK: Duration = Duration::from_millis(1);

/// How to run the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pool {
    /// Worker goroutines, `worker-1` … `worker-N`.
    pub workers: usize,
    /// Jobs `1..=jobs` sent on `jobs`.
    pub jobs: usize,
    /// Capacity of `jobs` (Go: 5).
    pub jobs_cap: usize,
    /// Capacity of `results` (Go: 5).
    pub results_cap: usize,
    /// `close(jobs)` after the last job (Go: yes).
    pub close_jobs: bool,
    /// Wait for every worker (`wg.Wait()`) before reading any result (Go original: no).
    pub wait_before_reading: bool,
}

impl Pool {
    /// The Go original: 3 workers, 5 jobs, both buffers 5, `jobs` closed, results read at once.
    pub const GO: Pool = Pool {
        workers: 3,
        jobs: 5,
        jobs_cap: BUFFER,
        results_cap: BUFFER,
        close_jobs: true,
        wait_before_reading: false,
    };
}

/// What the run printed and collected.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    /// Every line the Go program prints, in the order printed.
    pub lines: Vec<String>,
    /// `(worker id, job)` for every `processing job` line.
    pub processed: Vec<(usize, u64)>,
    /// The results `main` received, in the order received.
    pub results: Vec<u64>,
}

type Log = Arc<Mutex<Output>>;

/// Go's `worker`: process jobs until `jobs` is closed and drained, sending `j * 2` for each.
fn worker(id: usize, jobs: Receiver<u64>, results: Sender<u64>, log: &Log) {
    for j in &jobs {
        {
            let mut out = log.lock().expect("log lock");
            out.lines.push(format!("Worker {id} processing job {j}"));
            out.processed.push((id, j));
        }
        sleep(WORK);
        let _ = results.send(j * 2);
    }
}

/// Go's `main` for the pool: start the workers, send the jobs, close, read the results.
pub fn worker_pool(pool: Pool) -> Output {
    let log: Log = Arc::new(Mutex::new(Output::default()));
    let jobs = chan::named::<u64>("jobs", pool.jobs_cap);
    let results = chan::named::<u64>("results", pool.results_cap);
    let wg = WaitGroup::new();

    for w in 1..=pool.workers {
        wg.add(1).expect("adding to a WaitGroup");
        let (jobs, results, log, wg) = (jobs.receiver(), results.sender(), log.clone(), wg.clone());
        go_named(&format!("worker-{w}"), move || {
            worker(w, jobs, results, &log);
            // Called, not deferred: a worker that never returns must not run it.
            let _ = wg.done();
        });
    }

    for j in 1..=pool.jobs as u64 {
        jobs.send(j).expect("nobody closes jobs early");
    }
    if pool.close_jobs {
        jobs.close().expect("jobs is closed once");
    }

    if pool.wait_before_reading {
        wg.wait();
    }
    for _ in 0..pool.jobs {
        let r = results.recv().expect("nobody closes results");
        let mut out = log.lock().expect("log lock");
        out.lines.push(format!("Result: {r}"));
        out.results.push(r);
    }
    let out = log.lock().expect("log lock");
    out.clone()
}

/// Every job processed once, by a real worker; every result (`2j`) received once.
pub fn assert_exactly_once(out: &Output, workers: usize, jobs: usize) {
    let mut results = out.results.clone();
    results.sort_unstable();
    let expected: Vec<u64> = (1..=jobs as u64).map(|j| j * 2).collect();
    assert_eq!(results, expected, "every job's result exactly once");
    let mut processed: Vec<u64> = out.processed.iter().map(|&(_, j)| j).collect();
    processed.sort_unstable();
    let all: Vec<u64> = (1..=jobs as u64).collect();
    assert_eq!(processed, all, "every job processed exactly once");
    assert!(
        out.processed.iter().all(|&(w, _)| (1..=workers).contains(&w)),
        "only workers 1..={workers} process jobs: {:?}",
        out.processed
    );
}

/// `workers` and `items` (jobs) from the size; both buffers as large as the job count.
fn sized(size: Size) -> Pool {
    Pool {
        workers: size.workers,
        jobs: size.items,
        jobs_cap: size.items,
        results_cap: size.items,
        ..Pool::GO
    }
}

fn go_original(size: Size) {
    let out = worker_pool(sized(size));
    assert_exactly_once(&out, size.workers, size.items);
}

/// Both buffers `(jobs − workers − 1) / 2`: one job more than can ever be in flight.
fn buffers_too_small(size: Size) {
    let cap = (size.items - size.workers - 1) / 2;
    worker_pool(Pool {
        jobs_cap: cap,
        results_cap: cap,
        ..sized(size)
    });
}

fn jobs_never_closed(size: Size) {
    worker_pool(Pool {
        close_jobs: false,
        ..sized(size)
    });
}

/// Waiting first, with `results` able to hold every result.
fn wait_with_room(size: Size) {
    let out = worker_pool(Pool {
        wait_before_reading: true,
        ..sized(size)
    });
    assert_exactly_once(&out, size.workers, size.items);
    // Every worker finished before main read its first result.
    let first_result = out.lines.iter().position(|l| l.starts_with("Result"));
    let last_work = out.lines.iter().rposition(|l| l.starts_with("Worker"));
    assert!(last_work < first_result, "main read only after wg.Wait: {:?}", out.lines);
}

/// Waiting first, with `jobs − workers` result slots: every worker keeps one result it cannot send.
fn wait_without_room(size: Size) {
    worker_pool(Pool {
        results_cap: size.items - size.workers,
        wait_before_reading: true,
        ..sized(size)
    });
}

/// 2 workers and 3 jobs for loom (3 workers already take loom minutes); 4 workers and 20 jobs
/// for the rest.
const POOL: Claim = Claim {
    pattern: "worker_pool",
    model_size: Size::new(2, 3),
    large_size: Size::new(4, 20),
    ..Claim::DEFAULTS
};

/// The claims: the Go original delivers every result once and its workers exit, as long as its
/// buffers fit the jobs and `jobs` is closed; waiting for the workers before reading holds only
/// with room for every result.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "every-result-exactly-once",
        statement: "With both buffers as large as the job count, every job is processed by \
                    exactly one worker and main receives every result (2j) exactly once.",
        twin: Some("jobs-outnumber-buffers-deadlocks"),
        body: go_original,
        ..POOL
    },
    Claim {
        name: "jobs-outnumber-buffers-deadlocks",
        statement: "With buffers of (jobs − workers − 1) / 2, one job more than can be in flight, \
                    main blocks sending a job while every worker blocks sending a result nobody \
                    reads yet: a deadlock (Go's fixed buffers of 5 with 20 jobs and 4 workers).",
        expect: Outcome::Deadlock,
        fix: Some("buffers (jobs − workers − 1) / 2 → jobs"),
        body: buffers_too_small,
        stuck: &[
            ("main", "send jobs"),
            ("worker-1", "send results"),
            ("worker-2", "send results"),
        ],
        ..POOL
    },
    Claim {
        name: "workers-exit-after-close",
        statement: "Once jobs is closed every worker's range ends: no worker outlives main, \
                    and every result still arrives exactly once.",
        twin: Some("jobs-never-closed-leaks-workers"),
        body: go_original,
        ..POOL
    },
    Claim {
        name: "jobs-never-closed-leaks-workers",
        statement: "Without close(jobs), main still gets every result and returns, but every \
                    worker stays blocked in its range over jobs.",
        expect: Outcome::Leak,
        fix: Some("close(jobs) after the last job"),
        body: jobs_never_closed,
        stuck: &[("worker-1", "recv jobs"), ("worker-2", "recv jobs")],
        ..POOL
    },
    Claim {
        name: "wait-then-read-with-room-for-every-result",
        statement: "Waiting for every worker (wg.Wait) before reading holds when results can \
                    buffer every job's result: each result arrives exactly once, after all work.",
        twin: Some("wait-then-read-deadlocks-on-small-results"),
        body: wait_with_room,
        ..POOL
    },
    Claim {
        name: "wait-then-read-deadlocks-on-small-results",
        statement: "With results smaller than jobs (jobs − workers slots) and main waiting for \
                    the workers before reading, every worker blocks sending a result while main \
                    blocks in wg.Wait: a deadlock.",
        expect: Outcome::Deadlock,
        fix: Some("results capacity jobs − workers → jobs (or read results before wg.Wait)"),
        body: wait_without_room,
        stuck: &[
            ("main", "wait waitgroup"),
            ("worker-1", "send results"),
            ("worker-2", "send results"),
        ],
        ..POOL
    },
];
