//! Runs a body on real threads, repeatedly, and reads stuck threads off the monitor.

use std::panic::{self, AssertUnwindSafe};
use std::time::{Duration, Instant};

use super::monitor::{Abandoned, Monitor, Status};
use crate::check::{Checker, Finding, Outcome, Replay, Report, Stats, StuckThread, Verdict};
use crate::facade::plain::Arc;
use crate::facade::thread;
use crate::monitor::{Role, site_label};

pub(crate) fn verify<F>(checker: &Checker, body: F) -> Verdict
where
    F: Fn() + Send + Sync + 'static,
{
    let start = Instant::now();
    let body = Arc::new(body);
    let settings = format!(
        "{} repetitions, grace {:?}",
        checker.std_repetitions, checker.std_grace
    );
    for repetition in 1..=checker.std_repetitions {
        let monitor = Monitor::new();
        let main = monitor.register(Some("main"), Role::Main, None);
        let (m, b) = (monitor.clone(), body.clone());
        let body_thread = thread::spawn(move || {
            Monitor::enter(m.clone(), main);
            if let Err(payload) = panic::catch_unwind(AssertUnwindSafe(|| b()))
                && !payload.is::<Abandoned>()
            {
                m.record_panic(main, crate::check::panic_message(&*payload));
            }
            {
                let mut reg = m.registry.lock();
                reg.body_returned = true;
                reg.log(main, "body returns".to_string());
            }
            m.set_status(main, Status::Finished);
            Monitor::exit();
        });
        let finding = watch(&monitor, checker.std_grace, checker.time_limit);
        if finding.is_some() {
            monitor.abandon();
        }
        match &finding {
            // A body that is still running cannot be stopped: it is left to run on, detached.
            Some(f) if f.outcome == Outcome::Unfinished => drop(body_thread),
            _ => drop(body_thread.join()),
        }
        if let Some(finding) = finding {
            let stats = Stats {
                backend: crate::facade::BACKEND,
                settings,
                explored: repetition,
                elapsed: start.elapsed(),
            };
            let report = Report {
                outcome: finding.outcome,
                backend: crate::facade::BACKEND,
                stuck: finding.stuck,
                panic: finding.panic,
                trace: finding.trace,
                execution: repetition,
                replay: Replay::Std,
            };
            return Verdict {
                outcome: report.outcome,
                stats,
                report: Some(report),
            };
        }
    }
    let stats = Stats {
        backend: crate::facade::BACKEND,
        settings,
        explored: checker.std_repetitions,
        elapsed: start.elapsed(),
    };
    Verdict {
        outcome: Outcome::Holds,
        stats,
        report: None,
    }
}

/// Wait until the run finishes (`None`), settles into a violation, or runs past `limit`
/// (UNFINISHED, with whatever is blocked at that moment).
fn watch(monitor: &Monitor, grace: Duration, limit: Duration) -> Option<Finding> {
    let started = Instant::now();
    let mut quiet_since: Option<(u64, Instant)> = None;
    let mut reg = monitor.registry.lock();
    loop {
        if let Some(panic) = reg.panic.clone() {
            return Some(Finding {
                outcome: Outcome::Panic,
                stuck: Vec::new(),
                panic: Some(panic),
                trace: reg.trace.clone(),
                shuttle_schedule: None,
            });
        }
        let alive: Vec<_> = reg
            .threads
            .iter()
            .filter(|t| t.role != Role::Daemon && !matches!(t.status, Status::Finished))
            .collect();
        if reg.body_returned && alive.is_empty() {
            return None;
        }
        let timers_done = reg.last_timer.is_none_or(|t| Instant::now() >= t);
        let all_stuck = !alive.is_empty()
            && timers_done
            && alive
                .iter()
                .all(|t| matches!(t.status, Status::Blocked { timed: false, .. }));
        let now = Instant::now();
        let settled = match quiet_since {
            Some((progress, since)) if all_stuck && progress == reg.progress => {
                now - since >= grace
            }
            _ => {
                quiet_since = all_stuck.then_some((reg.progress, now));
                false
            }
        };
        if settled || started.elapsed() > limit {
            let outcome = match (settled, reg.body_returned) {
                (false, _) => Outcome::Unfinished,
                (true, true) => Outcome::Leak,
                (true, false) => Outcome::Deadlock,
            };
            let stuck = alive
                .iter()
                .filter_map(|t| match &t.status {
                    Status::Blocked { on, .. } => Some(StuckThread {
                        thread: t.name.to_string(),
                        op: on.op,
                        waiting_on: on.arms.clone(),
                        site: site_label(on.site),
                    }),
                    _ => None,
                })
                .collect();
            let mut trace = reg.trace.clone();
            trace.push(if settled {
                format!("monitor: nothing moved for {grace:?}: {outcome}")
            } else {
                format!("monitor: still running after {limit:?}: {outcome}")
            });
            return Some(Finding {
                outcome,
                stuck,
                panic: None,
                trace,
                shuttle_schedule: None,
            });
        }
        reg = monitor.changed.wait_timeout(reg, grace / 5);
    }
}
