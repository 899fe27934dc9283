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
    /// The same execution as structured events, one per line of [`Report::trace`], for tools
    /// and for [`Report::sequence_diagram`]. Filled by loom and shuttle; empty on real threads,
    /// whose trace is only text.
    pub events: Vec<TraceEvent>,
    /// Which execution, iteration or repetition failed (1-based).
    pub execution: usize,
    /// How to run exactly this failure again.
    pub replay: Replay,
}

/// What happened in one event of a trace.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EventKind {
    /// `make(chan T, n)`: a channel was created.
    Make,
    /// `go f()`: the thread started the goroutine named in [`TraceEvent::peer`].
    Go,
    /// A goroutine or timer thread began running (its own first event).
    Start,
    /// A send handed its value to a receiver (or was completed for a blocked sender).
    Send,
    /// A send put its value in the channel's buffer.
    SendBuffered,
    /// A send found the channel closed; chancheck returns the value as `Err` (Go panics).
    SendClosed,
    /// A receive got a value.
    Recv,
    /// A receive found the channel closed and empty.
    RecvClosed,
    /// `close(ch)`.
    Close,
    /// A second `close` of the same channel, refused.
    CloseAgain,
    /// Joining the goroutine named in [`TraceEvent::peer`] returned.
    Join,
    /// A `select` took its `default` arm.
    SelectDefault,
    /// The thread blocked; [`TraceEvent::waiting_on`] says on what.
    Blocks,
    /// `time.Sleep`.
    Sleep,
    /// A goroutine returned.
    Returns,
    /// The checked body itself returned.
    BodyReturns,
    /// The thread panicked (the report's [`PanicInfo`] has the message).
    Panic,
    /// The monitor found that no thread can proceed (the last event of a LEAK or DEADLOCK).
    Monitor,
}

/// One event of a failing execution, as the model runtime recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TraceEvent {
    /// The thread that performed it (`main`, a goroutine, a `timer …` thread, or `monitor`).
    pub thread: String,
    /// What happened.
    pub kind: EventKind,
    /// The channel it happened on, for sends, receives, closes and makes.
    pub channel: Option<String>,
    /// The other thread, for [`EventKind::Go`], [`EventKind::Start`] and [`EventKind::Join`].
    pub peer: Option<String>,
    /// For [`EventKind::Blocks`]: what the thread waits on, one entry per arm
    /// (e.g. `recv result`); empty otherwise.
    pub waiting_on: Vec<String>,
    /// For [`EventKind::Blocks`] and [`EventKind::CloseAgain`]: the source line.
    pub site: Option<String>,
    /// True when another thread completed this operation on behalf of this blocked thread (the
    /// `(woken)` of the text trace).
    pub woken: bool,
    /// The event as one line of [`Report::trace`].
    pub text: String,
}

/// How to reproduce a failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Replay {
    /// loom explores in a fixed order: the same test reaches the same execution again, and the
    /// checkpoint file loom saved for the failing execution replays exactly that one.
    Loom {
        /// The preemption bound the failing exploration used.
        preemption_bound: Option<usize>,
        /// loom's checkpoint of the failing execution: pass it to `Checker::loom_replay`.
        /// `None` when loom could not save one.
        checkpoint: Option<String>,
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
            Replay::Loom {
                preemption_bound,
                checkpoint,
            } => {
                let bound =
                    preemption_bound.map_or_else(|| "unbounded".to_string(), |b| b.to_string());
                let exact = checkpoint.as_ref().map_or_else(String::new, |path| {
                    format!(
                        "run exactly this execution with `Checker::new().loom_replay(\"{path}\")` \
                         (loom's checkpoint of it) under RUSTFLAGS=\"--cfg loom\"; or "
                    )
                });
                format!(
                    "{exact}rerun the same test with RUSTFLAGS=\"--cfg loom\": loom is \
                     deterministic (preemption bound {bound}) and fails again at execution {}. \
                     Set LOOM_LOG=trace to watch loom's own scheduling.",
                    self.execution
                )
            }
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

/// At most this many messages and notes in a [`Report::sequence_diagram`]; longer traces keep
/// their end, where the failure is.
pub const DIAGRAM_MAX_STEPS: usize = 60;

impl Report {
    /// The failing execution as a Mermaid `sequenceDiagram`: one lifeline per thread and per
    /// channel, each hand-off a message (`employee->>result: send`, `result->>main: recv`),
    /// and the stuck operations or the panic marked at the end. Channel creation and sleeps are
    /// left out; a trace longer than [`DIAGRAM_MAX_STEPS`] keeps its last steps and says how many
    /// it left out. Lifelines are keyed by name, so threads that share a name (several
    /// `go_named("worker", …)`) share one: name them apart to tell them apart. `None` when the
    /// report has no structured events (real threads).
    ///
    /// Paste the text into a ` ```mermaid ` block (GitHub renders it) or
    /// <https://mermaid.live>.
    pub fn sequence_diagram(&self) -> Option<String> {
        if self.events.is_empty() {
            return None;
        }
        #[derive(PartialEq)]
        enum Lane {
            Thread,
            Chan,
        }
        let mut lanes: Vec<(Lane, String)> = Vec::new();
        let mut steps: Vec<(Vec<usize>, String)> = Vec::new();
        let lane = |lanes: &mut Vec<(Lane, String)>, kind: Lane, name: &str| -> usize {
            if let Some(i) = lanes.iter().position(|(k, n)| *k == kind && n == name) {
                return i;
            }
            lanes.push((kind, name.to_string()));
            lanes.len() - 1
        };
        // A receive completed for a blocked receiver is logged before the send that completed
        // it; draw the send first, as it happened.
        let mut order: Vec<&TraceEvent> = self.events.iter().collect();
        for i in 1..order.len() {
            let (a, b) = (order[i - 1], order[i]);
            if a.kind == EventKind::Recv
                && a.woken
                && !b.woken
                && b.kind == EventKind::Send
                && a.channel == b.channel
            {
                order.swap(i - 1, i);
            }
        }
        // A stuck thread's last wait is drawn once, as the stuck note at the end.
        let last_of = |thread: &str| order.iter().rposition(|e| e.thread == thread);
        let final_waits: Vec<usize> = self
            .stuck
            .iter()
            .filter_map(|s| last_of(&s.thread))
            .filter(|&i| order[i].kind == EventKind::Blocks)
            .collect();
        for (i, e) in order.iter().enumerate() {
            let woken = if e.woken { " (woken)" } else { "" };
            if e.kind == EventKind::Monitor || final_waits.contains(&i) {
                continue;
            }
            let t = lane(&mut lanes, Lane::Thread, &e.thread);
            let c = e
                .channel
                .as_deref()
                .map(|name| lane(&mut lanes, Lane::Chan, name));
            let p = e
                .peer
                .as_deref()
                .map(|name| lane(&mut lanes, Lane::Thread, name));
            let step = match (e.kind, c, p) {
                (EventKind::Go, _, Some(p)) => (vec![t, p], format!("L{t}->>L{p}: go")),
                (EventKind::Send, Some(c), _) => (vec![t, c], format!("L{t}->>L{c}: send{woken}")),
                (EventKind::SendBuffered, Some(c), _) => {
                    (vec![t, c], format!("L{t}->>L{c}: send (buffered){woken}"))
                }
                (EventKind::SendClosed, Some(c), _) => (
                    vec![t, c],
                    format!("L{t}-xL{c}: send refused: closed{woken}"),
                ),
                (EventKind::Recv, Some(c), _) => (vec![c, t], format!("L{c}->>L{t}: recv{woken}")),
                (EventKind::RecvClosed, Some(c), _) => {
                    (vec![c, t], format!("L{c}-->>L{t}: recv: closed{woken}"))
                }
                (EventKind::Close, Some(c), _) => (vec![t, c], format!("L{t}-xL{c}: close")),
                (EventKind::CloseAgain, Some(c), _) => {
                    (vec![t, c], format!("L{t}-xL{c}: close again (refused)"))
                }
                (EventKind::Join, _, Some(p)) => (vec![p, t], format!("L{p}-->>L{t}: join{woken}")),
                (EventKind::SelectDefault, _, _) => {
                    (vec![t], format!("Note over L{t}: select: default"))
                }
                (EventKind::Blocks, _, _) => (
                    vec![t],
                    format!("Note over L{t}: waits: {}", e.waiting_on.join(", ")),
                ),
                (EventKind::Returns, _, _) => (vec![t], format!("Note over L{t}: returns")),
                (EventKind::BodyReturns, _, _) => {
                    (vec![t], format!("Note over L{t}: body returns"))
                }
                (EventKind::Panic, _, _) => (vec![t], format!("Note over L{t}: panics")),
                // Bookkeeping: channel creation, a goroutine starting, sleeps.
                _ => continue,
            };
            steps.push(step);
        }
        let mut end: Vec<(Vec<usize>, String)> = Vec::new();
        for s in &self.stuck {
            let t = lane(&mut lanes, Lane::Thread, &s.thread);
            let what = match s.op {
                crate::monitor::Op::Select => format!("select {{ {} }}", s.waiting_on.join(", ")),
                _ => s.waiting_on.join(", "),
            };
            end.push((
                vec![t],
                format!("Note over L{t}: stuck: {what} ({})", s.site),
            ));
        }
        if let Some(p) = &self.panic
            && let Some(t) = lanes
                .iter()
                .position(|(k, n)| *k == Lane::Thread && *n == p.thread)
        {
            end.push((vec![t], format!("Note over L{t}: panicked: {}", p.message)));
        }
        let skipped = steps.len().saturating_sub(DIAGRAM_MAX_STEPS);
        let shown = &steps[skipped..];
        let mut used = vec![false; lanes.len()];
        for (ls, _) in shown.iter().chain(&end) {
            for &l in ls {
                used[l] = true;
            }
        }
        let mut out = String::from("sequenceDiagram\n");
        // Threads first, then channels, each in order of first appearance.
        for kind in [Lane::Thread, Lane::Chan] {
            for (i, (k, name)) in lanes.iter().enumerate() {
                if *k == kind && used[i] {
                    let label = if kind == Lane::Chan {
                        format!("chan {name}")
                    } else {
                        name.clone()
                    };
                    out.push_str(&format!(
                        "    participant L{i} as {}\n",
                        mermaid_text(&label)
                    ));
                }
            }
        }
        if skipped > 0 {
            let first = shown
                .iter()
                .chain(&end)
                .flat_map(|(ls, _)| ls.iter().copied())
                .min()
                .unwrap_or(0);
            out.push_str(&format!(
                "    Note over L{first}: … {skipped} earlier steps left out (see the full trace)\n"
            ));
        }
        for (_, line) in shown.iter().chain(&end) {
            out.push_str("    ");
            out.push_str(&mermaid_line(line));
            out.push('\n');
        }
        Some(out)
    }
}

/// A label safe inside a Mermaid participant alias.
fn mermaid_text(s: &str) -> String {
    let first = s.lines().next().unwrap_or("");
    let mut text: String = first.chars().take(120).collect();
    if text.len() < s.len() {
        text.push('…');
    }
    text.replace(';', ",").replace('#', "no. ")
}

/// A message or note line with the text after its first `: ` made safe for Mermaid.
fn mermaid_line(line: &str) -> String {
    match line.split_once(": ") {
        Some((head, text)) => format!("{head}: {}", mermaid_text(text)),
        None => line.to_string(),
    }
}
