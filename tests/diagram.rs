//! The structured trace and the sequence diagram built from it, for the user's own bodies.
#![cfg(any(loom, feature = "shuttle"))]

use std::time::Duration;

use chancheck::check::{self, EventKind, Outcome};
use chancheck::{chan, go_named, select};

fn leaky() {
    let result = chan::named::<&str>("result", 0);
    let tx = result.sender();
    go_named("employee", move || {
        chancheck::time::sleep(Duration::from_millis(10));
        let _ = tx.send("data");
    });
    select! {
        recv(result) -> _ => {},
        recv(chan::after(Duration::from_millis(5))) -> _ => {},
    }
}

#[test]
fn events_match_the_text_trace() {
    let verdict = check::verify(leaky);
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let report = verdict.report.unwrap();
    assert_eq!(report.events.len(), report.trace.len());
    for (e, line) in report.events.iter().zip(&report.trace) {
        assert_eq!(&e.text, line);
    }
    assert!(report.events.iter().any(|e| e.kind == EventKind::Go
        && e.thread == "main"
        && e.peer.as_deref() == Some("employee")));
    assert!(
        report
            .events
            .iter()
            .any(|e| e.kind == EventKind::Make && e.channel.as_deref() == Some("result"))
    );
    assert_eq!(report.events.last().unwrap().kind, EventKind::Monitor);
}

#[test]
fn the_diagram_shows_lifelines_hand_offs_and_the_stuck_send() {
    let report = check::verify(leaky).report.unwrap();
    let diagram = report
        .sequence_diagram()
        .expect("model reports have events");
    println!("{diagram}");
    assert!(diagram.starts_with("sequenceDiagram\n"));
    assert!(diagram.contains(" as main\n"));
    assert!(diagram.contains(" as employee\n"));
    assert!(diagram.contains(" as chan after(5ms)\n"));
    assert!(diagram.contains(": go\n"));
    assert!(diagram.contains(": stuck: send result (tests/diagram.rs:"));
    assert_eq!(
        diagram.matches("send result").count(),
        1,
        "the final wait is drawn once"
    );
    assert!(!diagram.contains("make"), "bookkeeping left out");
}

#[test]
fn long_traces_are_capped_and_say_so() {
    let verdict = check::verify(|| {
        let ch = chan::named::<u32>("numbers", 0);
        let tx = ch.sender();
        go_named("producer", move || {
            for i in 0..100 {
                tx.send(i).unwrap();
            }
            tx.send(100).unwrap(); // nobody receives this one
        });
        for _ in 0..100 {
            ch.recv();
        }
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let diagram = verdict.report.unwrap().sequence_diagram().unwrap();
    let steps = diagram.lines().filter(|l| l.contains("->>")).count();
    assert!(steps <= check::DIAGRAM_MAX_STEPS, "{diagram}");
    assert!(diagram.contains("earlier steps left out"), "{diagram}");
    assert!(diagram.contains("stuck: send numbers"), "{diagram}");
}

/// A block carries what it waits on and where; a refused close carries where.
#[test]
fn blocks_and_refused_closes_carry_their_sites() {
    let verdict = check::verify(|| {
        let c = chan::named::<u8>("c", 0);
        c.close().unwrap();
        assert!(c.close().is_err());
        let result = chan::named::<u8>("result", 0);
        let tx = result.sender();
        go_named("employee", move || {
            let _ = tx.send(1);
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let events = verdict.report.unwrap().events;
    let refused = events
        .iter()
        .find(|e| e.kind == EventKind::CloseAgain)
        .expect("the second close is traced");
    assert_eq!(refused.channel.as_deref(), Some("c"));
    assert!(
        refused
            .site
            .as_deref()
            .is_some_and(|s| s.starts_with("tests/diagram.rs:"))
    );
    let blocked = events
        .iter()
        .find(|e| e.kind == EventKind::Blocks && e.thread == "employee")
        .expect("the employee's block is traced");
    assert_eq!(blocked.waiting_on, ["send result"]);
    assert!(
        blocked
            .site
            .as_deref()
            .is_some_and(|s| s.starts_with("tests/diagram.rs:"))
    );
}
