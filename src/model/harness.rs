//! Runs a body under loom or shuttle, one fresh runtime per execution, and reads the verdict.

use std::panic::{self, AssertUnwindSafe};
use std::time::Instant;

use super::runtime::{Runtime, run_checked};
use crate::check::{Backend, Checker, Finding, Outcome, PanicInfo, Replay, Report, Stats, Verdict};
use crate::facade::plain::{Arc, AtomicUsize, Ordering};

pub(crate) fn verify<F>(checker: &Checker, body: F) -> Verdict
where
    F: Fn() + Send + Sync + 'static,
{
    let start = Instant::now();
    let executions = Arc::new(AtomicUsize::new(0));
    let counter = executions.clone();
    let run_one = move || {
        counter.fetch_add(1, Ordering::Relaxed);
        let rt = Runtime::new();
        Runtime::enter(&rt);
        run_checked(&rt, Some(0), &body);
        rt.body_returned(std::panic::Location::caller());
        Runtime::exit();
    };
    let (settings, result) = run(checker, run_one);
    Runtime::exit();
    let explored = executions.load(Ordering::Relaxed);
    let stats = Stats {
        backend: crate::facade::BACKEND,
        settings,
        explored,
        elapsed: start.elapsed(),
    };
    let finding = match result {
        Ok(()) => {
            return Verdict {
                outcome: Outcome::Holds,
                stats,
                report: None,
            };
        }
        Err(payload) => match payload.downcast::<Finding>() {
            Ok(finding) => *finding,
            // The checker itself gave up (step limits, its own deadlock detection).
            Err(payload) => Finding {
                outcome: Outcome::Panic,
                stuck: Vec::new(),
                panic: Some(PanicInfo {
                    thread: format!("{} itself", crate::facade::BACKEND),
                    message: crate::check::panic_message(&*payload),
                }),
                trace: Vec::new(),
                shuttle_schedule: None,
            },
        },
    };
    let finding = unfinished_at_step_limit(finding);
    let replay = match (crate::facade::BACKEND, finding.shuttle_schedule) {
        (Backend::Shuttle, Some(schedule)) => Replay::Shuttle { schedule },
        _ => Replay::Loom {
            preemption_bound: checker.preemption_bound,
        },
    };
    let report = Report {
        outcome: finding.outcome,
        backend: crate::facade::BACKEND,
        stuck: finding.stuck,
        panic: finding.panic,
        trace: finding.trace,
        execution: explored,
        replay,
    };
    Verdict {
        outcome: report.outcome,
        stats,
        report: Some(report),
    }
}

/// What loom and shuttle say when an execution runs past their step limit: a body that spins
/// without blocking, or runs longer than the checker lets it.
const STEP_LIMITS: [&str; 2] = [
    "Model exceeded maximum number of branches",
    "exceeded max_steps bound",
];

/// A checker's own step-limit panic is no PANIC of the body: the body did not finish, and the
/// verdict says UNFINISHED, with the checker's words at the end of the trace.
fn unfinished_at_step_limit(mut finding: Finding) -> Finding {
    let hit_limit = finding.outcome == Outcome::Panic
        && finding
            .panic
            .as_ref()
            .is_some_and(|p| STEP_LIMITS.iter().any(|m| p.message.contains(m)));
    if hit_limit && let Some(p) = finding.panic.take() {
        finding.outcome = Outcome::Unfinished;
        finding.trace.push(format!("{}: {}", p.thread, p.message));
    }
    finding
}

type Caught = Result<(), Box<dyn std::any::Any + Send>>;

#[cfg(loom)]
fn run(checker: &Checker, f: impl Fn() + Send + Sync + 'static) -> (String, Caught) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = checker.preemption_bound;
    let settings = match checker.preemption_bound {
        Some(b) => format!("preemption bound {b}"),
        None => "no preemption bound".to_string(),
    };
    (
        settings,
        panic::catch_unwind(AssertUnwindSafe(|| builder.check(f))),
    )
}

#[cfg(all(feature = "shuttle", not(loom)))]
fn run(checker: &Checker, f: impl Fn() + Send + Sync + 'static) -> (String, Caught) {
    use crate::check::ShuttleScheduler;
    use shuttle::scheduler::{PctScheduler, RandomScheduler, ReplayScheduler, Scheduler};
    use shuttle::{Config, FailurePersistence, Runner};

    fn caught<S: Scheduler + 'static>(
        scheduler: S,
        f: impl Fn() + Send + Sync + 'static,
    ) -> Caught {
        let mut config = Config::new();
        config.failure_persistence = FailurePersistence::None;
        let runner = Runner::new(scheduler, config);
        panic::catch_unwind(AssertUnwindSafe(move || {
            runner.run(f);
        }))
    }

    let (n, seed) = (checker.shuttle_iterations, checker.seed);
    if let Some(schedule) = &checker.replay {
        return (
            "replay".to_string(),
            caught(ReplayScheduler::new_from_encoded(schedule), f),
        );
    }
    match checker.shuttle_scheduler {
        ShuttleScheduler::Random => (
            format!("random, seed {seed:#x}, {n} iterations"),
            caught(RandomScheduler::new_from_seed(seed, n), f),
        ),
        ShuttleScheduler::Pct { depth } => (
            format!("pct depth {depth}, seed {seed:#x}, {n} iterations"),
            caught(PctScheduler::new_from_seed(seed, depth, n), f),
        ),
    }
}
