//! Deadlocks, panics and misuse: each must come back as a clear verdict or error, never a hang.

use chancheck::chan::{self, CloseError};
use chancheck::check::{self, Outcome};
use chancheck::sync::{Mutex, NegativeCounter, WaitGroup};
use chancheck::{Op, go_named};

/// Two threads that each receive before they send: the classic deadlock.
#[test]
fn two_threads_each_receiving_first_deadlock() {
    let verdict = check::verify(|| {
        let ping = chan::named::<u8>("ping", 0);
        let pong = chan::named::<u8>("pong", 0);
        let (rx, tx) = (ping.receiver(), pong.sender());
        let peer = go_named("peer", move || {
            let v = rx.recv();
            let _ = tx.send(v.unwrap_or(0));
        });
        let v = pong.recv();
        let _ = ping.send(v.unwrap_or(0));
        let _ = peer.join();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let report = verdict.report.expect("a deadlock comes with a report");
    let mut stuck: Vec<_> = report
        .stuck
        .iter()
        .map(|t| (t.thread.as_str(), t.op, t.waiting_on.join(",")))
        .collect();
    stuck.sort();
    assert_eq!(
        stuck,
        [
            ("main", Op::Recv, "recv pong".to_string()),
            ("peer", Op::Recv, "recv ping".to_string())
        ],
        "{report}"
    );
    assert!(
        report
            .stuck
            .iter()
            .all(|t| t.site.starts_with("tests/violations.rs:")),
        "{report}"
    );
}

#[test]
fn a_failed_assertion_in_a_goroutine_is_a_panic_verdict() {
    let verdict = check::verify(|| {
        let h = go_named("checker", || assert_eq!(1 + 1, 3, "arithmetic is broken"));
        let _ = h.join();
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert_eq!(panic.thread, "checker");
    assert!(
        panic.message.contains("arithmetic is broken"),
        "{}",
        panic.message
    );
}

#[test]
fn double_close_and_closing_nil_are_errors() {
    check::assert_holds(|| {
        let ch = chan::make::<u8>(0);
        assert_eq!(ch.close(), Ok(()));
        assert_eq!(ch.close(), Err(CloseError::AlreadyClosed));
        assert_eq!(chan::Chan::<u8>::nil().close(), Err(CloseError::Nil));
        assert_eq!(
            CloseError::AlreadyClosed.to_string(),
            "close of closed channel"
        );
    });
}

#[test]
fn waitgroup_below_zero_is_refused_and_changes_nothing() {
    check::assert_holds(|| {
        let wg = WaitGroup::new();
        assert_eq!(
            wg.done(),
            Err(NegativeCounter {
                counter: 0,
                delta: -1
            })
        );
        wg.add(1).unwrap();
        assert_eq!(
            wg.add(-2),
            Err(NegativeCounter {
                counter: 1,
                delta: -2
            })
        );
        let w = wg.clone();
        let h = go_named("worker", move || w.done());
        wg.wait();
        assert_eq!(h.join().unwrap(), Ok(()));
    });
}

#[test]
fn waitgroup_wait_that_never_ends_is_named() {
    let verdict = check::verify(|| {
        let wg = WaitGroup::new();
        wg.add(1).unwrap();
        wg.wait();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let stuck = &verdict.report.unwrap().stuck;
    assert_eq!((stuck[0].thread.as_str(), stuck[0].op), ("main", Op::Wait));
    assert_eq!(stuck[0].waiting_on, ["wait waitgroup"]);
}

#[test]
fn mutex_excludes_and_a_forgotten_unlock_is_named() {
    check::assert_holds(|| {
        let counter = std::sync::Arc::new(Mutex::named("counter", 0u32));
        let c = counter.clone();
        let h = go_named("incrementer", move || *c.lock() += 1);
        *counter.lock() += 1;
        h.join().unwrap();
        assert_eq!(*counter.lock(), 2);
    });
    let verdict = check::verify(|| {
        let mu = Mutex::named("mu", ());
        let held = mu.lock();
        let _again = mu.lock();
        drop(held);
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let stuck = &verdict.report.unwrap().stuck;
    assert_eq!(
        (stuck[0].op, stuck[0].waiting_on.as_slice()),
        (Op::Lock, &["lock mu".to_string()][..])
    );
}
