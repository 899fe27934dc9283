//! pooling: a pool of employees ranging over one unbuffered channel, shut down by closing it.
//!
//! Go original: `pooling` from seed 001 (channel patterns), section "Pooling Pattern" (built, the
//! seed says, on the wait-for-task pattern):
//!
//! ```go
//! func pooling() {
//!     ch := make(chan string)
//!
//!     const emps_pool = 2
//!     for e := 0; e < emps_pool; e++ {
//!         go func(emp int) {
//!             for p := range ch {
//!                 fmt.Printf("employee %d: received signal: %s\n", emp, p)
//!             }
//!             fmt.Printf("employee %d: received shutdown signaln", emp)
//!         }(e)
//!     }
//!
//!     const work = 10
//!     for w := 0; w < work; w++ {
//!         ch <- "paper"
//!         fmt.Println("manager: sent signal: ", w)
//!     }
//!
//!     close(ch)
//!     fmt.Println("manager: sent shutdown signal")
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! Every send on the unbuffered `ch` is taken by exactly one employee, so each piece of work
//! is processed exactly once; `close(ch)` ends every employee's range once the work is taken.
//! What the seed does not do is wait for the employees: its `time.Sleep(time.Second)` is a
//! guess that they have finished by then. Here `pooling` waits on a `sync.WaitGroup` that each
//! employee marks done as its last act, so when `pooling` returns every employee has exited.
//! The papers are numbered (`paper 0`, `paper 1`, …) so that exactly-once is checkable.
//!
//! The twin is the seed's sleep in place of the wait. Sleep is no synchronization: an employee
//! still working on the last paper when the sleep ends has not exited when `pooling` returns,
//! and the claim's assertion fails (PANIC). Under the models a sleep is a yield, so they find
//! the early return directly; on real threads each paper takes the employees [`WORK`] (2 ms,
//! standing for the job a paper stands for; the seed's employees only print) while the
//! manager sleeps [`SETTLE`] (1 ms, the seed's second scaled like every duration here), so the
//! last paper is still in hand when the manager leaves.
//!
//! Sizes: `workers` is the pool size (the seed: 2), `items` the pieces of work (the seed: 10).

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::facade::plain::{Arc, PlainMutex};
use crate::go_named;
use crate::sync::WaitGroup;
use crate::time::sleep;

/// How long an employee works on one paper (real threads; a yield under the models).
pub const WORK: Duration = Duration::from_millis(2);
/// The seed's `time.Sleep(time.Second)`, scaled: the twin's manager sleeps this long.
pub const SETTLE: Duration = Duration::from_millis(1);

/// How the manager makes sure the pool is done before it returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shutdown {
    /// `wg.Wait()` on a WaitGroup each employee marks done as it exits.
    Wait,
    /// The seed's `time.Sleep`: a guess (the twin).
    Sleep,
}

/// What the pool did, as seen the moment `pooling` returns.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pooled {
    /// `(employee, paper)` for every paper processed, in the order they were processed.
    pub processed: Vec<(usize, String)>,
    /// How many employees had received the shutdown signal and exited.
    pub exited: usize,
}

#[derive(Default)]
struct Log {
    processed: Vec<(usize, String)>,
    exited: usize,
}

/// `pooling()` with `emps_pool` employees and `work` papers, shutting down as `shutdown` says.
pub fn pooling(emps_pool: usize, work: usize, shutdown: Shutdown) -> Pooled {
    let ch = chan::named::<String>("ch", 0);
    let log = Arc::new(PlainMutex::new(Log::default()));
    let wg = WaitGroup::new();

    for emp in 0..emps_pool {
        let _ = wg.add(1);
        let (ch, log, wg) = (ch.receiver(), log.clone(), wg.clone());
        go_named(&format!("employee-{emp}"), move || {
            for p in &ch {
                sleep(WORK);
                log.lock().processed.push((emp, p));
            }
            log.lock().exited += 1;
            let _ = wg.done();
        });
    }

    for w in 0..work {
        let _ = ch.send(format!("paper {w}"));
    }
    let _ = ch.close();

    match shutdown {
        Shutdown::Wait => wg.wait(),
        Shutdown::Sleep => sleep(SETTLE),
    }
    let log = log.lock();
    Pooled {
        processed: log.processed.clone(),
        exited: log.exited,
    }
}

/// Panics unless every paper was processed exactly once and every employee had exited.
pub fn assert_pooled(pooled: &Pooled, emps_pool: usize, work: usize) {
    assert_eq!(
        pooled.exited, emps_pool,
        "an employee is still running when pooling returns"
    );
    let mut papers: Vec<&str> = pooled.processed.iter().map(|(_, p)| p.as_str()).collect();
    papers.sort_unstable();
    let mut expected: Vec<String> = (0..work).map(|w| format!("paper {w}")).collect();
    expected.sort_unstable();
    assert_eq!(papers, expected, "every paper processed exactly once");
    assert!(
        pooled.processed.iter().all(|(emp, _)| *emp < emps_pool),
        "only the pool's employees work"
    );
}

fn waits(size: Size) {
    let pooled = pooling(size.workers, size.items, Shutdown::Wait);
    assert_pooled(&pooled, size.workers, size.items);
}

fn sleeps(size: Size) {
    let pooled = pooling(size.workers, size.items, Shutdown::Sleep);
    assert_pooled(&pooled, size.workers, size.items);
}

/// The claims: waiting for the pool holds; the seed's sleep returns with employees running.
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "pooling",
        name: "each-paper-once-all-employees-exit",
        statement: "Every paper is processed exactly once, by one of the pool's employees, and \
                    when pooling returns every employee has received the shutdown signal and \
                    exited.",
        expect: Outcome::Holds,
        twin: Some("sleep-instead-of-wait-returns-early"),
        body: waits,
        model_size: Size::new(2, 2),
        large_size: Size::new(4, 20),
        ..Claim::DEFAULTS
    },
    Claim {
        pattern: "pooling",
        name: "sleep-instead-of-wait-returns-early",
        statement: "With the seed's time.Sleep in place of waiting, pooling can return while an \
                    employee is still working on the last paper: sleep is no synchronization.",
        expect: Outcome::Panic,
        fix: Some("wait for the employees (wg.Wait()) instead of time.Sleep"),
        body: sleeps,
        model_size: Size::new(2, 2),
        large_size: Size::new(4, 20),
        ..Claim::DEFAULTS
    },
];
