//! loom-only: a reported checkpoint replays exactly the failing execution.
#![cfg(loom)]

use chancheck::check::{Checker, Outcome, Replay};
use chancheck::patterns::cancellation;
use chancheck::{chan, go_named};

/// The checkpoint a LEAK report names runs that one execution again: same verdict, same stuck
/// thread, same trace, one execution explored.
#[test]
fn a_reported_checkpoint_replays_the_leak() {
    let path =
        std::env::temp_dir().join(format!("chancheck-replay-test-{}.json", std::process::id()));
    let found = Checker::new()
        .loom_checkpoint(&path)
        .verify(|| drop(cancellation::cancellation(0)));
    let report = found.report.expect("the unbuffered cancellation leaks");
    let Replay::Loom {
        checkpoint: Some(checkpoint),
        ..
    } = &report.replay
    else {
        panic!("no checkpoint: {report}")
    };
    assert_eq!(checkpoint, &path.display().to_string());
    assert!(report.replay_instructions().contains("loom_replay"));
    let replayed = Checker::new()
        .loom_replay(checkpoint)
        .verify(|| drop(cancellation::cancellation(0)));
    assert_eq!(replayed.outcome, Outcome::Leak, "{replayed}");
    assert_eq!(replayed.stats.explored, 1, "{replayed}");
    let again = replayed.report.unwrap();
    assert_eq!(again.stuck, report.stuck);
    assert_eq!(again.trace, report.trace);
    let _ = std::fs::remove_file(&path);
}

/// Two senders race on a buffered channel; the body insists the first one wins. loom finds the
/// other order only after some executions, and the checkpoint replays that one, in one
/// execution, with the same trace.
#[test]
fn a_late_failure_replays_in_one_execution() {
    fn race() {
        let ch = chan::named::<u8>("ch", 2);
        let (a, b) = (ch.sender(), ch.sender());
        let ha = go_named("a", move || a.send(1).unwrap());
        let hb = go_named("b", move || b.send(2).unwrap());
        ha.join().unwrap();
        hb.join().unwrap();
        assert_eq!(ch.recv(), Some(1), "b sent first");
    }
    let path = std::env::temp_dir().join(format!("chancheck-race-{}.json", std::process::id()));
    let found = Checker::new().loom_checkpoint(&path).verify(race);
    assert_eq!(found.outcome, Outcome::Panic, "{found}");
    assert!(found.stats.explored > 1, "found at once: {found}");
    let replayed = Checker::new().loom_replay(&path).verify(race);
    assert_eq!(replayed.outcome, Outcome::Panic, "{replayed}");
    assert_eq!(replayed.stats.explored, 1, "{replayed}");
    assert_eq!(replayed.report.unwrap().trace, found.report.unwrap().trace);
    let _ = std::fs::remove_file(&path);
}
