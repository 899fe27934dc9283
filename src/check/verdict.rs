//! The outcome of checking a body: what was found, how much was explored, and the report.

use std::fmt;
use std::time::Duration;

use super::report::Report;

/// Which scheduler produced a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    /// Real threads, repeated (normal builds).
    Std,
    /// loom's exhaustive exploration within a preemption bound (`--cfg loom`).
    Loom,
    /// shuttle's randomized schedulers (`--features shuttle`).
    Shuttle,
}

impl Backend {
    /// The scheduler this build runs bodies under.
    pub fn current() -> Backend {
        crate::facade::BACKEND
    }
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Std => "std",
            Backend::Loom => "loom",
            Backend::Shuttle => "shuttle",
        })
    }
}

/// What a check found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// No explored execution violated anything.
    Holds,
    /// The body returned while threads it started stayed blocked forever.
    Leak,
    /// Every thread, the body's own included, was blocked forever.
    Deadlock,
    /// A thread panicked: a failed assertion, or a misuse the crate refuses.
    Panic,
    /// The body did not finish within the checker's limit: a livelock (threads spinning without
    /// blocking), a step limit of loom or shuttle, or on real threads a wait longer than
    /// [`Checker::time_limit`](super::Checker::time_limit). The report names the threads still
    /// running or waiting.
    Unfinished,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outcome::Holds => "HOLDS",
            Outcome::Leak => "LEAK",
            Outcome::Deadlock => "DEADLOCK",
            Outcome::Panic => "PANIC",
            Outcome::Unfinished => "UNFINISHED",
        })
    }
}

/// How much a check explored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// The scheduler that ran the body.
    pub backend: Backend,
    /// The scheduler's settings, e.g. `preemption bound 2` or `pct depth 3, 500 iterations`.
    pub settings: String,
    /// Executions (loom), iterations (shuttle) or repetitions (std) run, the failing one included.
    pub explored: usize,
    /// Wall-clock time of the whole check.
    pub elapsed: Duration,
}

/// The verdict of [`verify`](super::verify): an outcome, statistics and, on a violation, a report.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// What was found.
    pub outcome: Outcome,
    /// How much was explored.
    pub stats: Stats,
    /// Present exactly when `outcome` is not [`Outcome::Holds`].
    pub report: Option<Report>,
}

impl Verdict {
    /// True when no violation was found.
    pub fn holds(&self) -> bool {
        self.outcome == Outcome::Holds
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.stats;
        writeln!(
            f,
            "{} under {} ({}) after {} {} in {:.2?}",
            self.outcome,
            s.backend,
            s.settings,
            s.explored,
            match s.backend {
                Backend::Loom => "executions",
                Backend::Shuttle => "iterations",
                Backend::Std => "repetitions",
            },
            s.elapsed
        )?;
        if let Some(report) = &self.report {
            write!(f, "{report}")?;
        }
        Ok(())
    }
}
