//! Go's channel rules, checked as bodies under whichever scheduler this build selects.
//!
//! Each test is a scenario from the Go spec ("close wakes every receiver", "a nil channel blocks
//! forever", …) run through `check::verify`, so loom and shuttle explore its interleavings and
//! real threads run it repeatedly.

use chancheck::chan::{self, SendError, TryRecvError, TrySendError};
use chancheck::check::{self, Outcome};
use chancheck::{Op, go_named, select};

#[test]
fn close_wakes_every_blocked_receiver() {
    check::assert_holds(|| {
        let ch = chan::named::<u8>("ch", 0);
        let a = ch.receiver();
        let b = ch.receiver();
        let ra = go_named("a", move || a.recv());
        let rb = go_named("b", move || b.recv());
        ch.close().unwrap();
        assert_eq!(ra.join().unwrap(), None);
        assert_eq!(rb.join().unwrap(), None);
    });
}

#[test]
fn buffered_values_drain_before_closed_is_seen() {
    check::assert_holds(|| {
        let ch = chan::named::<u8>("ch", 2);
        ch.send(1).unwrap();
        ch.send(2).unwrap();
        ch.close().unwrap();
        let rx = ch.receiver();
        let got = go_named("drainer", move || rx.iter().collect::<Vec<_>>());
        assert_eq!(got.join().unwrap(), vec![1, 2]);
        assert_eq!(ch.try_recv(), Err(TryRecvError::Closed));
    });
}

#[test]
fn send_on_closed_hands_the_value_back() {
    check::assert_holds(|| {
        let ch = chan::make::<String>(1);
        ch.close().unwrap();
        assert_eq!(
            ch.send("kept".to_string()),
            Err(SendError("kept".to_string()))
        );
        assert_eq!(
            ch.try_send("kept".to_string()),
            Err(TrySendError::Closed("kept".to_string()))
        );
    });
}

#[test]
fn blocked_sender_gets_its_value_back_when_closed() {
    check::assert_holds(|| {
        let ch = chan::named::<u32>("ch", 0);
        let tx = ch.sender();
        let sender = go_named("sender", move || tx.send(42));
        ch.close().unwrap();
        // Either the close came first, or the close woke the blocked sender: the value is back.
        assert_eq!(sender.join().unwrap(), Err(SendError(42)));
    });
}

#[test]
fn unbuffered_send_completes_only_with_a_receiver() {
    check::assert_holds(|| {
        let ch = chan::named::<u32>("ch", 0);
        assert_eq!(ch.try_send(1), Err(TrySendError::Full(1)));
        let tx = ch.sender();
        let h = go_named("sender", move || tx.send(7));
        assert_eq!(ch.recv(), Some(7));
        assert_eq!(h.join().unwrap(), Ok(()));
    });
}

#[test]
fn nil_channel_blocks_forever_and_is_reported() {
    let verdict = check::verify(|| {
        let nil = chan::Chan::<u8>::nil();
        assert_eq!(nil.try_send(1), Err(TrySendError::Full(1)));
        assert_eq!(nil.try_recv(), Err(TryRecvError::Empty));
        nil.recv();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let report = verdict.report.unwrap();
    assert_eq!(report.stuck.len(), 1, "{report}");
    assert_eq!(report.stuck[0].thread, "main");
    assert_eq!(report.stuck[0].op, Op::Recv);
    assert_eq!(report.stuck[0].waiting_on, ["recv nil"]);
}

#[test]
fn select_on_a_closed_channel_is_ready() {
    check::assert_holds(|| {
        let done = chan::named::<()>("done", 0);
        done.close().unwrap();
        let never = chan::Chan::<u8>::nil();
        let picked = select! {
            recv(never) -> _ => "nil",
            recv(done) -> v => { assert_eq!(v, None); "done" },
        };
        assert_eq!(picked, "done");
    });
}

#[test]
fn select_default_runs_when_nothing_is_ready() {
    check::assert_holds(|| {
        let ch = chan::named::<u8>("ch", 0);
        let picked = select! {
            recv(ch) -> _ => "recv",
            send(ch, 1) -> _ => "send",
            default => "default",
        };
        assert_eq!(picked, "default");
    });
}

#[test]
fn select_send_arm_delivers() {
    check::assert_holds(|| {
        let ch = chan::named::<u8>("ch", 0);
        let rx = ch.receiver();
        let r = go_named("receiver", move || rx.recv());
        select! {
            send(ch, 5) -> res => assert_eq!(res, Ok(())),
        }
        assert_eq!(r.join().unwrap(), Some(5));
    });
}

#[test]
fn select_takes_either_ready_arm() {
    // Both arms are ready; each must be possible (shuttle and real threads pick at random; loom
    // takes the first). The claim checked everywhere: exactly one value is taken.
    check::assert_holds(|| {
        let a = chan::named::<u8>("a", 1);
        let b = chan::named::<u8>("b", 1);
        a.send(1).unwrap();
        b.send(2).unwrap();
        let got = select! {
            recv(a) -> v => v.unwrap(),
            recv(b) -> v => v.unwrap(),
        };
        assert!(got == 1 || got == 2);
        assert_eq!(a.len() + b.len(), 1);
    });
}

#[test]
fn receivers_across_threads_see_each_value_once() {
    check::assert_holds(|| {
        let ch = chan::named::<u32>("work", 1);
        let rx = ch.receiver();
        let worker = go_named("worker", move || rx.iter().sum::<u32>());
        for i in 1..=3 {
            ch.send(i).unwrap();
        }
        ch.close().unwrap();
        assert_eq!(worker.join().unwrap(), 6);
    });
}
