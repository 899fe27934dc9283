//! shuttle-only scenarios: controlled choices in select, PCT, and replaying a reported schedule.
#![cfg(feature = "shuttle")]

use chancheck::check::{self, Checker, Outcome, Replay, ShuttleScheduler};
use chancheck::patterns::cancellation;
use chancheck::{chan, select};

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
