//! shuttle-only scenarios: controlled choices in select, PCT, and replaying a reported schedule.
#![cfg(feature = "shuttle")]

use chancheck::check::{self, Checker, Outcome, Replay, ShuttleScheduler};
use chancheck::patterns::cancellation;
use chancheck::{chan, go_named, select};
use std::sync::Mutex;
use std::time::Duration;

/// With two ready arms shuttle explores both: "the first arm always wins" is refuted.
#[test]
fn select_explores_every_ready_arm() {
    let verdict = check::verify(|| {
        let a = chan::named::<u8>("a", 1);
        let b = chan::named::<u8>("b", 1);
        a.send(1).unwrap();
        b.send(2).unwrap();
        let got = select! { recv(a) -> v => v, recv(b) -> v => v };
        assert_eq!(got, Some(1), "select took b");
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    assert!(
        verdict
            .report
            .unwrap()
            .panic
            .unwrap()
            .message
            .contains("select took b")
    );
}

/// PCT finds the cancellation leak too, and holds the buffered version.
#[test]
fn pct_agrees_on_cancellation() {
    let pct = Checker::new()
        .shuttle_scheduler(ShuttleScheduler::Pct { depth: 3 })
        .shuttle_iterations(500);
    assert_eq!(
        pct.verify(|| drop(cancellation::cancellation(0))).outcome,
        Outcome::Leak
    );
    assert_eq!(
        pct.verify(|| drop(cancellation::cancellation(1))).outcome,
        Outcome::Holds
    );
}

/// The schedule in a report replays the same failure, with the same stuck thread and trace.
#[test]
fn a_reported_schedule_replays_the_leak() {
    let found = check::verify(|| drop(cancellation::cancellation(0)));
    let report = found.report.expect("the unbuffered cancellation leaks");
    let Replay::Shuttle { schedule } = &report.replay else {
        panic!("no schedule: {report}")
    };
    let replayed = Checker::new()
        .replay(schedule)
        .verify(|| drop(cancellation::cancellation(0)));
    assert_eq!(replayed.outcome, Outcome::Leak, "{replayed}");
    let again = replayed.report.unwrap();
    assert_eq!(again.stuck, report.stuck);
    assert_eq!(again.trace, report.trace);
}

// ----- scheduling points --------------------------------------------------------------------------
//
// shuttle counts its decisions (`shuttle::current::context_switches`); the rules below pin where
// the model runtime asks for one. Counts are read inside the execution, from plain statics.

/// shuttle's decisions so far in the running execution.
fn decisions() -> usize {
    shuttle::current::context_switches()
}

/// A value whose drop records shuttle's decision count: left in a channel when the body
/// returns, it is dropped after the clock is stopped, the last thing an execution does.
struct DropProbe(&'static Mutex<Vec<usize>>);
impl Drop for DropProbe {
    fn drop(&mut self) {
        self.0.lock().unwrap().push(decisions());
    }
}

/// An operation takes a scheduling point only when its thread did something visible since
/// shuttle last decided: the body's first operation runs in the step that started it, and every
/// later one is a decision of its own. Every execution starts afresh: each iteration, and each
/// run, takes the same decisions at the same operations.
#[test]
fn an_operation_after_a_visible_one_is_a_decision_of_its_own() {
    static SEEN: Mutex<Vec<[usize; 4]>> = Mutex::new(Vec::new());
    let body = || {
        let start = decisions();
        let c = chan::named::<u8>("c", 3);
        c.send(1).unwrap();
        let first = decisions();
        c.send(2).unwrap();
        let second = decisions();
        c.send(3).unwrap();
        SEEN.lock()
            .unwrap()
            .push([start, first, second, decisions()]);
    };
    for _ in 0..2 {
        let verdict = Checker::new().shuttle_iterations(3).verify(body);
        assert!(verdict.holds(), "{verdict}");
    }
    let seen = SEEN.lock().unwrap();
    assert_eq!(seen.len(), 6);
    for counts in seen.iter() {
        let [start, ..] = *counts;
        assert_eq!(
            *counts,
            [start, start, start + 1, start + 2],
            "decisions at the body's start and after each of three sends: {seen:?}"
        );
        assert_eq!(counts, &seen[0], "every execution decides alike: {seen:?}");
    }
}

/// Each execution starts without a record of the last one: a body whose only operation ends
/// the execution at the very decision count the next one starts its operation at still takes
/// no point there, in every iteration.
#[test]
fn every_execution_starts_without_the_last_ones_record() {
    static SEEN: Mutex<Vec<[usize; 2]>> = Mutex::new(Vec::new());
    let verdict = Checker::new().shuttle_iterations(4).verify(|| {
        let c = chan::named::<u8>("c", 1);
        let before = decisions();
        c.send(1).unwrap();
        SEEN.lock().unwrap().push([before, decisions()]);
    });
    assert!(verdict.holds(), "{verdict}");
    let seen = SEEN.lock().unwrap();
    assert_eq!(seen.len(), 4);
    assert!(
        seen.iter().all(|&[before, after]| after == before) && seen.iter().all(|s| s == &seen[0]),
        "a first operation takes no point, in every execution alike: {seen:?}"
    );
}

/// A goroutine woken by the operation it waited for runs its next operation without a second
/// decision (shuttle's decision to resume it was the point); the operation after that is one.
/// One that did not have to wait made its receive visible, so its next operation is a decision.
#[test]
fn a_woken_goroutines_next_operation_takes_no_point() {
    // (decisions before the receive, after it, after the next send, after the one after)
    static SEEN: Mutex<Vec<[usize; 4]>> = Mutex::new(Vec::new());
    let verdict = Checker::new().shuttle_iterations(40).verify(|| {
        let ping = chan::named::<u8>("ping", 0);
        let out = chan::named::<u8>("out", 2);
        let (rx, tx) = (ping.receiver(), out.sender());
        let g = go_named("g", move || {
            let before = decisions();
            rx.recv().unwrap();
            let received = decisions();
            tx.send(1).unwrap();
            let next = decisions();
            tx.send(2).unwrap();
            SEEN.lock()
                .unwrap()
                .push([before, received, next, decisions()]);
        });
        ping.send(0).unwrap();
        g.join().unwrap();
    });
    assert!(verdict.holds(), "{verdict}");
    let seen = SEEN.lock().unwrap();
    assert_eq!(seen.len(), 40);
    let woken = |&[before, received, ..]: &[usize; 4]| received > before;
    for counts in seen.iter() {
        let [_, received, next, last] = *counts;
        // A decision may let other threads run before the operation: at least one more.
        if woken(counts) {
            assert_eq!(next, received, "a point after a wake-up: {seen:?}");
        } else {
            assert!(next > received, "no point after a receive: {seen:?}");
        }
        assert!(last > next, "no point after a send: {seen:?}");
    }
    assert!(
        seen.iter().any(woken) && !seen.iter().all(woken),
        "both orders of the rendezvous are explored: {seen:?}"
    );
}

/// The body's return shares the step of its last operation, even when that operation woke it:
/// the return is visible, so stopping the clock after it is a decision of its own (where the
/// clock may still run), and nothing is dropped before it. With no clock, nothing follows the
/// return and it takes no decision.
#[test]
fn stopping_the_clock_after_the_bodys_return_is_a_decision_of_its_own() {
    static WOKEN: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    static DROPPED: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let verdict = Checker::new().shuttle_iterations(30).verify(|| {
        let left = chan::named::<DropProbe>("left", 1);
        left.send(DropProbe(&DROPPED)).unwrap();
        chan::after(Duration::from_millis(1)).recv().unwrap();
        WOKEN.lock().unwrap().push(decisions());
    });
    assert!(verdict.holds(), "{verdict}");
    let (woken, dropped) = (WOKEN.lock().unwrap(), DROPPED.lock().unwrap());
    assert_eq!((woken.len(), dropped.len()), (30, 30));
    let gaps: Vec<usize> = woken
        .iter()
        .zip(dropped.iter())
        .map(|(w, d)| d - w)
        .collect();
    assert!(
        gaps.iter().all(|&g| g == 1 || g == 2) && gaps.contains(&1),
        "decisions between the wake-up and the drop after the return (1, or 2 when the clock \
         ran at the stop's point and then idled): {gaps:?}"
    );

    static SENT: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    static NO_CLOCK: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    let verdict = Checker::new().shuttle_iterations(3).verify(|| {
        let left = chan::named::<DropProbe>("left", 1);
        left.send(DropProbe(&NO_CLOCK)).unwrap();
        SENT.lock().unwrap().push(decisions());
    });
    assert!(verdict.holds(), "{verdict}");
    assert_eq!(*SENT.lock().unwrap(), *NO_CLOCK.lock().unwrap());
}
