//! Readable leak, deadlock and panic reports: who is stuck where, the trace, how to replay.

use std::fmt;

use super::verdict::{Backend, Outcome};
use crate::monitor::Op;

/// A thread that can never make progress; for [`Outcome::Unfinished`], a thread still running
/// ([`Op::Busy`]) or waiting when the time limit ended the check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StuckThread {
    /// The thread's name (`main`, a `go_named` name, or `goroutine-N`).
    pub thread: String,
    /// The operation it is blocked in.
    pub op: Op,
    /// What it waits on: one entry per arm, e.g. `send result` or `recv ctx.done`.
    pub waiting_on: Vec<String>,
    /// The source line of the blocked operation.
    pub site: String,
}

/// A panic raised by a checked thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicInfo {
    /// The thread that panicked.
    pub thread: String,
    /// The panic message.
    pub message: String,
}

/// Everything a reader needs to understand and replay a violation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Leak, deadlock or panic.
    pub outcome: Outcome,
    /// The scheduler that found it.
    pub backend: Backend,
    /// The threads that can never proceed (empty for a panic in an otherwise live program); for
    /// [`Outcome::Unfinished`], the threads still running or waiting.
    pub stuck: Vec<StuckThread>,
    /// The panic, for [`Outcome::Panic`].
    pub panic: Option<PanicInfo>,
    /// The failing execution, one event per line, in order (numbered when displayed).
    pub trace: Vec<String>,
    /// Which execution, iteration or repetition failed (1-based).
    pub execution: usize,
    /// How to run exactly this failure again.
    pub replay: Replay,
}

/// How to reproduce a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replay {
    /// loom explores in a fixed order: the same test reaches the same execution again.
    Loom {
        /// The preemption bound the failing exploration used.
        preemption_bound: Option<usize>,
    },
    /// shuttle's encoded schedule: pass it to `Checker::replay` (or `shuttle::replay`).
    Shuttle {
        /// The schedule string.
        schedule: String,
    },
    /// shuttle stopped the run itself (a step limit) before a schedule could be read: the same
    /// seed reaches the same iteration again.
    ShuttleSeed {
        /// The seed of the random scheduler.
        seed: u64,
        /// The failing iteration (1-based).
        iteration: usize,
    },
    /// Real threads cannot be replayed; rerun, ideally under a model checker.
    Std,
}

impl Report {
    /// The stuck-threads section, the deterministic heart of a report.
    pub fn stuck_table(&self) -> String {
        let mut out = String::new();
        for t in &self.stuck {
            if t.op == Op::Busy {
                out.push_str(&format!(
                    "- `{}` busy: running, not blocked in any operation\n",
                    t.thread
                ));
                continue;
            }
            let what = match t.op {
                Op::Select => format!("select {{ {} }}", t.waiting_on.join(", ")),
                _ => t.waiting_on.join(", "),
            };
            out.push_str(&format!(
                "- `{}` blocked in {what} at {}\n",
                t.thread, t.site
            ));
        }
        out
    }

    /// The numbered trace, one line per event.
    pub fn numbered_trace(&self) -> String {
        let width = self.trace.len().to_string().len();
        self.trace
            .iter()
            .enumerate()
            .map(|(i, e)| format!("{:>width$}. {e}\n", i + 1))
            .collect()
    }

    /// How to replay, as a reader would type it.
    pub fn replay_instructions(&self) -> String {
        match &self.replay {
            Replay::Loom { preemption_bound } => format!(
                "loom is deterministic: rerun the same test with RUSTFLAGS=\"--cfg loom\" \
                 (preemption bound {}); it fails again at execution {}. Set LOOM_LOG=trace to \
                 watch loom's own scheduling.",
                preemption_bound.map_or_else(|| "unbounded".to_string(), |b| b.to_string()),
                self.execution
            ),
            Replay::Shuttle { schedule } => format!(
                "run the body with `Checker::new().replay(\"{schedule}\")` under \
                 `--features shuttle`; it replays exactly this schedule."
            ),
            Replay::ShuttleSeed { seed, iteration } => format!(
                "shuttle is deterministic for a seed: rerun under `--features shuttle` with \
                 `Checker::new().seed({seed:#x})`; it fails again at iteration {iteration}."
            ),
            Replay::Std => "real threads cannot be replayed: rerun `cargo test`, or check the \
                            same body under loom or shuttle for a replayable trace."
                .to_string(),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} found by {} in execution {}",
            self.outcome, self.backend, self.execution
        )?;
        if let Some(p) = &self.panic {
            writeln!(f, "thread `{}` panicked: {}", p.thread, p.message)?;
        }
        if !self.stuck.is_empty() {
            if self.outcome == Outcome::Unfinished {
                writeln!(f, "threads still running or waiting:")?;
            } else {
                writeln!(f, "stuck threads:")?;
            }
            f.write_str(&self.stuck_table())?;
        }
        if !self.trace.is_empty() {
            writeln!(f, "trace:")?;
            f.write_str(&self.numbered_trace())?;
        }
        writeln!(f, "replay: {}", self.replay_instructions())
    }
}
