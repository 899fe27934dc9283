//! loom-only scenarios: the limits and choices that are loom's own.
#![cfg(loom)]

use chancheck::check::{self, Checker, Outcome};
use chancheck::{chan, go, go_named, select};

/// loom models at most five threads, main and timers included: the sixth is a clear error.
#[test]
fn too_many_threads_is_a_clear_error() {
    let verdict = check::verify(|| {
        let handles: Vec<_> = (0..5).map(|_| go(|| ())).collect();
        for h in handles {
            let _ = h.join();
        }
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert!(
        panic.message.contains("loom models at most 5 threads"),
        "{}",
        panic.message
    );
    assert!(panic.message.contains("goroutine-5"), "{}", panic.message);
    assert!(
        panic.message.contains("loom-tests/main.rs"),
        "{}",
        panic.message
    );
}

/// Under loom a select with several ready arms takes the first one written (documented).
#[test]
fn select_takes_the_first_ready_arm() {
    check::assert_holds(|| {
        let a = chan::named::<u8>("a", 1);
        let b = chan::named::<u8>("b", 1);
        a.send(1).unwrap();
        b.send(2).unwrap();
        let got = select! { recv(a) -> v => v, recv(b) -> v => v };
        assert_eq!(got, Some(1));
    });
}

/// Whether the timer or the worker wins, loom explores both: the claim "the worker always wins"
/// must fail.
#[test]
fn timer_races_are_explored_both_ways() {
    let verdict = Checker::new().preemption_bound(Some(2)).verify(|| {
        let result = chan::named::<u8>("result", 1);
        let tx = result.sender();
        go_named("worker", move || tx.send(1));
        let timeout = chan::after(std::time::Duration::from_millis(5));
        let won = select! { recv(result) -> _ => "worker", recv(timeout) -> _ => "timer" };
        assert_eq!(won, "worker");
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
}

/// A timer whose only rival is a non-blocking select, armed on a clock that is already running
/// (an earlier timer started it): nothing but the clock's own decision to fire conflicts with
/// the select, so loom finds the early timer only if that decision is an operation loom sees
/// (its partial-order reduction reorders only what it sees). With the decision made on plain
/// bookkeeping, loom reports this claim as holding.
#[test]
fn a_timer_firing_before_a_default_select_is_explored() {
    let verdict = Checker::new().preemption_bound(Some(2)).verify(|| {
        let first = chan::after(std::time::Duration::from_millis(1));
        first.recv().unwrap();
        let timeout = chan::after(std::time::Duration::from_millis(5));
        let fired = select! { recv(timeout) -> _ => true, default => false };
        assert!(!fired, "the timer fired before the select");
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert!(
        panic.message.contains("the timer fired"),
        "{}",
        panic.message
    );
}

/// With no preemption bound loom explores every interleaving of the buffered cancellation: the
/// claim holds exhaustively, not just within the default bound, and the exploration reaches both
/// endings (the work in time, the deadline first) — a search that missed one would prove little.
#[test]
fn buffered_cancellation_holds_without_a_preemption_bound() {
    use chancheck::patterns::cancellation::{Finished, cancellation};
    use std::sync::Mutex;
    static ENDINGS: Mutex<Vec<Finished>> = Mutex::new(Vec::new());
    let verdict = Checker::new().preemption_bound(None).verify(|| {
        let finished = cancellation(1);
        let mut endings = ENDINGS.lock().unwrap();
        if !endings.contains(&finished) {
            endings.push(finished);
        }
    });
    assert_eq!(verdict.outcome, Outcome::Holds, "{verdict}");
    let endings = ENDINGS.lock().unwrap();
    assert!(
        endings.contains(&Finished::Cancelled)
            && endings.contains(&Finished::Complete("data".to_string())),
        "explored endings: {endings:?} in {} executions",
        verdict.stats.explored
    );
}
