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
    let body = Arc::new(body);
    let run_one = move || {
        counter.fetch_add(1, Ordering::Relaxed);
        let rt = Runtime::new();
        Runtime::enter(&rt);
        run_checked(&rt, Some(0), &*body);
        rt.body_returned(std::panic::Location::caller());
        Runtime::exit();
    };
    let (settings, result) = run(checker, run_one.clone());
    Runtime::exit();
    let explored = executions.load(Ordering::Relaxed);
    #[cfg(loom)]
    let checkpoint = loom_checkpoint(checker, result.is_err(), run_one);
    #[cfg(not(loom))]
    let checkpoint = {
        drop(run_one);
        None
    };
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
            // The checker itself stopped the run: a step limit (a livelock: threads that keep
            // running without finishing) or its own deadlock detection.
            Err(payload) => checker_stopped(crate::check::panic_message(&*payload)),
        },
    };
    let replay = match (crate::facade::BACKEND, finding.shuttle_schedule) {
        (Backend::Shuttle, Some(schedule)) => Replay::Shuttle { schedule },
        (Backend::Shuttle, None) => Replay::ShuttleSeed {
            seed: checker.seed,
            iteration: explored,
        },
        _ => Replay::Loom {
            preemption_bound: checker.preemption_bound,
            checkpoint,
        },
    };
    let report = Report {
        outcome: finding.outcome,
        backend: crate::facade::BACKEND,
        stuck: finding.stuck,
        panic: finding.panic,
        trace: finding.trace,
        events: finding.events,
        execution: explored,
        replay,
    };
    Verdict {
        outcome: report.outcome,
        stats,
        report: Some(report),
    }
}

/// A run the checker itself ended: a step limit is UNFINISHED, anything else its own panic.
fn checker_stopped(message: String) -> Finding {
    let (outcome, message) = crate::check::classify_panic(message);
    Finding {
        outcome,
        stuck: Vec::new(),
        panic: Some(PanicInfo {
            thread: format!("{} itself", crate::facade::BACKEND),
            message,
        }),
        trace: Vec::new(),
        events: Vec::new(),
        shuttle_schedule: None,
    }
}

type Caught = Result<(), Box<dyn std::any::Any + Send>>;

#[cfg(loom)]
fn run(checker: &Checker, f: impl Fn() + Send + Sync + 'static) -> (String, Caught) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = checker.preemption_bound;
    let mut settings = match checker.preemption_bound {
        Some(b) => format!("preemption bound {b}"),
        None => "no preemption bound".to_string(),
    };
    let mut scratch = None;
    if let Some(replay) = &checker.loom_replay {
        // loom loads the checkpoint file if it exists and overwrites it before every
        // execution: it works on a scratch copy. Stopping after one execution needs the
        // interval 1 (loom checks `max_permutations` only when it checkpoints) and a limit of
        // 2 (it checks before running the next execution).
        let copy = scratch_file();
        if let Err(e) = std::fs::copy(replay, &copy) {
            panic!(
                "chancheck: cannot read the loom checkpoint {}: {e}",
                replay.display()
            );
        }
        builder.checkpoint_file = Some(copy.clone());
        builder.checkpoint_interval = 1;
        builder.max_permutations = Some(2);
        settings = format!("{settings}, replay of {}", replay.display());
        scratch = Some(copy);
    }
    let caught = panic::catch_unwind(AssertUnwindSafe(|| builder.check(f)));
    if let Some(copy) = scratch {
        let _ = std::fs::remove_file(copy);
    }
    (settings, caught)
}

/// A fresh file name in the temp directory for one loom checkpoint.
#[cfg(loom)]
fn scratch_file() -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static FILES: AtomicUsize = AtomicUsize::new(0);
    std::env::temp_dir().join(format!(
        "chancheck-loom-{}-{}.json",
        std::process::id(),
        FILES.fetch_add(1, Ordering::Relaxed)
    ))
}

/// The checkpoint of a failing loom execution, for [`Replay::Loom`]. Writing a checkpoint
/// before every execution slows loom down many times over, so the search runs without; when it
/// fails, the same exploration runs again — loom is deterministic — with loom's `checkpoint`
/// feature saving each execution's path before running it, so when it fails again the file
/// holds exactly the failing execution. `None` if it did not fail the second time.
#[cfg(loom)]
fn loom_checkpoint(
    checker: &Checker,
    failed: bool,
    f: impl Fn() + Send + Sync + 'static,
) -> Option<String> {
    if !failed {
        return None;
    }
    if let Some(replay) = &checker.loom_replay {
        return Some(replay.display().to_string());
    }
    let scratch = scratch_file();
    let _ = std::fs::remove_file(&scratch);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = checker.preemption_bound;
    builder.checkpoint_interval = 1;
    builder.checkpoint_file = Some(scratch.clone());
    let again = panic::catch_unwind(AssertUnwindSafe(|| builder.check(f)));
    Runtime::exit();
    let keep = match (&again, &checker.loom_checkpoint) {
        (Ok(()), _) => None,
        (Err(_), Some(keep)) => {
            if let Some(dir) = keep.parent() {
                let _ = std::fs::create_dir_all(dir);
            }
            std::fs::copy(&scratch, keep)
                .ok()
                .map(|_| keep.display().to_string())
        }
        (Err(_), None) => {
            let keep = scratch.with_extension("failing.json");
            std::fs::rename(&scratch, &keep)
                .ok()
                .map(|_| keep.display().to_string())
        }
    };
    let _ = std::fs::remove_file(&scratch);
    keep
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
