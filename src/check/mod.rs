//! The check harness: run a body under the active scheduler and turn what the monitor saw into a
//! [`Verdict`].
//!
//! The same body runs under loom (`RUSTFLAGS="--cfg loom"`), shuttle (`--features shuttle`) or
//! real threads (normal builds); a [`Claim`] names the verdict it expects, so one list of claims
//! serves every scheduler.

mod claim;
mod report;
mod verdict;

use std::time::Duration;

pub use claim::{Claim, Exception, Size};
pub use report::{
    DIAGRAM_MAX_STEPS, EventKind, PanicInfo, Replay, Report, StuckThread, TraceEvent,
};
pub use verdict::{Backend, Outcome, Stats, Verdict};

/// The scheduler shuttle uses to pick interleavings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ShuttleScheduler {
    /// Uniformly random choices at every step.
    Random,
    /// Probabilistic concurrency testing: finds bugs of depth `depth` with a known probability.
    Pct {
        /// The bug depth PCT targets (number of ordering constraints).
        depth: usize,
    },
}

/// Settings for every scheduler; each backend reads its own and ignores the rest.
#[derive(Debug, Clone)]
pub struct Checker {
    pub(crate) preemption_bound: Option<usize>,
    pub(crate) shuttle_iterations: usize,
    pub(crate) shuttle_scheduler: ShuttleScheduler,
    pub(crate) seed: u64,
    pub(crate) replay: Option<String>,
    pub(crate) loom_checkpoint: Option<std::path::PathBuf>,
    pub(crate) loom_replay: Option<std::path::PathBuf>,
    pub(crate) std_repetitions: usize,
    pub(crate) std_grace: Duration,
    pub(crate) time_limit: Duration,
}

impl Default for Checker {
    fn default() -> Self {
        Self {
            preemption_bound: Some(2),
            shuttle_iterations: 1000,
            shuttle_scheduler: ShuttleScheduler::Random,
            seed: 0x00c0_ffee,
            replay: None,
            loom_checkpoint: None,
            loom_replay: None,
            std_repetitions: 40,
            std_grace: Duration::from_millis(250),
            time_limit: Duration::from_secs(10),
        }
    }
}

impl Checker {
    /// Defaults that keep CI fast: loom preemption bound 2, 1000 shuttle iterations with the
    /// random scheduler and a fixed seed, 40 real-thread repetitions.
    pub fn new() -> Self {
        Self::default()
    }

    /// loom's preemption bound; `None` explores every interleaving (slow beyond tiny models).
    pub fn preemption_bound(mut self, bound: Option<usize>) -> Self {
        self.preemption_bound = bound;
        self
    }

    /// How many executions shuttle runs.
    pub fn shuttle_iterations(mut self, iterations: usize) -> Self {
        self.shuttle_iterations = iterations;
        self
    }

    /// Which shuttle scheduler picks interleavings.
    pub fn shuttle_scheduler(mut self, scheduler: ShuttleScheduler) -> Self {
        self.shuttle_scheduler = scheduler;
        self
    }

    /// The seed of shuttle's scheduler; the same seed explores the same schedules.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Replay one shuttle schedule from a report instead of searching.
    pub fn replay(mut self, schedule: &str) -> Self {
        self.replay = Some(schedule.to_string());
        self
    }

    /// Where loom saves the checkpoint of a failing execution (`--cfg loom`; ignored by the
    /// other schedulers). Without it the checkpoint goes to a fresh file in the system's temp
    /// directory; either way the report's [`Replay::Loom`] names the file.
    pub fn loom_checkpoint(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.loom_checkpoint = Some(path.into());
        self
    }

    /// Run exactly the one loom execution saved in a checkpoint file (see
    /// [`Checker::loom_checkpoint`]) instead of exploring (`--cfg loom`): the body must be the
    /// same, and so must the preemption bound. The verdict's [`Stats::explored`] is 1.
    pub fn loom_replay(mut self, path: impl Into<std::path::PathBuf>) -> Self {
        self.loom_replay = Some(path.into());
        self
    }

    /// How many times real threads run the body (normal builds).
    pub fn std_repetitions(mut self, repetitions: usize) -> Self {
        self.std_repetitions = repetitions;
        self
    }

    /// How long real threads must sit blocked, with nothing else moving, before they are
    /// declared stuck (normal builds).
    pub fn std_grace(mut self, grace: Duration) -> Self {
        self.std_grace = grace;
        self
    }

    /// How long real threads may run one repetition of a body before the check ends as
    /// [`Outcome::Unfinished`] (normal builds; default 10 s). A body that spins without blocking,
    /// or waits on a timer longer than this, ends here instead of hanging the test.
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.time_limit = limit;
        self
    }

    /// Run `body` under the active scheduler. Never panics for a violation it finds.
    pub fn verify<F>(&self, body: F) -> Verdict
    where
        F: Fn() + Send + Sync + 'static,
    {
        #[cfg(any(loom, feature = "shuttle"))]
        {
            crate::model::harness::verify(self, body)
        }
        #[cfg(not(any(loom, feature = "shuttle")))]
        {
            crate::real::harness::verify(self, body)
        }
    }

    /// Run `body` and panic with the readable report unless it holds.
    #[track_caller]
    pub fn assert_holds<F>(&self, body: F) -> Verdict
    where
        F: Fn() + Send + Sync + 'static,
    {
        let verdict = self.verify(body);
        assert!(verdict.holds(), "{verdict}");
        verdict
    }
}

/// Run `body` under the active scheduler with default settings; see [`Checker::verify`].
pub fn verify<F>(body: F) -> Verdict
where
    F: Fn() + Send + Sync + 'static,
{
    Checker::default().verify(body)
}

/// Run `body` with default settings and panic with the report unless it holds.
#[track_caller]
pub fn assert_holds<F>(body: F) -> Verdict
where
    F: Fn() + Send + Sync + 'static,
{
    Checker::default().assert_holds(body)
}

/// What a monitor hands the harness when an execution goes wrong.
#[derive(Debug)]
pub(crate) struct Finding {
    pub(crate) outcome: Outcome,
    pub(crate) stuck: Vec<StuckThread>,
    pub(crate) panic: Option<PanicInfo>,
    pub(crate) trace: Vec<String>,
    /// The trace as structured events (empty on real threads).
    pub(crate) events: Vec<TraceEvent>,
    #[cfg_attr(not(any(loom, feature = "shuttle")), allow(dead_code))]
    pub(crate) shuttle_schedule: Option<String>,
}

/// The text of a panic payload, for reports.
pub(crate) fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_string()
    }
}

/// A panic's outcome: a model checker's step limit means the body never finished (UNFINISHED,
/// said in words); anything else is a PANIC with the message as it was.
#[cfg_attr(not(any(loom, feature = "shuttle")), allow(dead_code))]
pub(crate) fn classify_panic(message: String) -> (Outcome, String) {
    let step_limit = ["maximum number of branches", "max_steps"]
        .iter()
        .any(|m| message.contains(m));
    if step_limit {
        let message = format!(
            "livelock / step limit: the body kept running without finishing or blocking for \
             good (a spin loop, or goroutines that never stop); {} stopped it: {message}",
            crate::facade::BACKEND
        );
        (Outcome::Unfinished, message)
    } else {
        (Outcome::Panic, message)
    }
}
