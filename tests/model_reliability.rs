//! Reliability of the model runtime (loom and shuttle): no abort, no misreported panic, no
//! silent misuse. Scenarios that used to abort the whole test binary run in a child process, so
//! a regression fails one test instead of killing the suite.
#![cfg(any(loom, feature = "shuttle"))]

use std::process::Command;
use std::time::Duration;

use chancheck::check::{self, Checker, Outcome, Replay};
use chancheck::{chan, go, go_named, select, sync::WaitGroup};

/// Run the ignored test `name` of this binary in a child process; it must exit cleanly.
fn in_child(name: &str) {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            name,
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .output()
        .expect("the test binary runs");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && text.contains("1 passed"),
        "child {name} failed ({}):\n{text}",
        out.status
    );
}

/// Go's `defer ch <- x` as a Drop guard.
struct SendOnDrop(chan::Sender<()>);
impl Drop for SendOnDrop {
    fn drop(&mut self) {
        let _ = self.0.send(());
    }
}

/// Go's `defer close(ch)`.
struct CloseOnDrop(chan::Sender<()>);
impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        let _ = self.0.close();
    }
}

/// Go's `defer wg.Done()`.
struct DoneOnDrop(WaitGroup);
impl Drop for DoneOnDrop {
    fn drop(&mut self) {
        let _ = self.0.done();
    }
}

fn leak_with_guard(kind: &'static str) -> check::Verdict {
    check::verify(move || {
        let d = chan::named::<()>("deferred", 0);
        let n = chan::named::<()>("never", 0);
        let (tx, rx) = (d.sender(), n.receiver());
        let wg = WaitGroup::new();
        wg.add(1).unwrap();
        go_named("leaker", move || {
            let _send = (kind == "send").then(|| SendOnDrop(tx.clone()));
            let _close = (kind == "close").then(|| CloseOnDrop(tx));
            let _done = (kind == "done").then(|| DoneOnDrop(wg));
            let _ = rx.recv();
        });
    })
}

fn assert_leak_names_the_leaker(kind: &'static str) {
    let verdict = leak_with_guard(kind);
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let report = verdict.report.unwrap();
    assert_eq!(report.stuck.len(), 1, "{report}");
    assert_eq!(report.stuck[0].thread, "leaker");
    assert_eq!(report.stuck[0].waiting_on, ["recv never"]);
}

#[test]
#[ignore = "run in a child process by drop_guards_in_leaked_goroutines_never_abort"]
fn child_send_guard() {
    assert_leak_names_the_leaker("send");
}

#[test]
#[ignore = "run in a child process by drop_guards_in_leaked_goroutines_never_abort"]
fn child_close_guard() {
    assert_leak_names_the_leaker("close");
}

#[test]
#[ignore = "run in a child process by drop_guards_in_leaked_goroutines_never_abort"]
fn child_done_guard() {
    assert_leak_names_the_leaker("done");
}

/// A Drop guard that sends, closes or calls `done` in a goroutine that leaks: the LEAK verdict
/// comes back and the process lives on (it used to abort with SIGABRT under both checkers).
#[test]
fn drop_guards_in_leaked_goroutines_never_abort() {
    for child in ["child_send_guard", "child_close_guard", "child_done_guard"] {
        in_child(child);
    }
}

/// A panicking goroutine whose Drop guard would block: the panic is reported, not a deadlock,
/// and the process does not abort.
#[test]
fn a_panicking_goroutines_guard_never_blocks() {
    let verdict = check::verify(|| {
        let d = chan::named::<()>("deferred", 0);
        let tx = d.sender();
        let h = go_named("worker", move || {
            let _g = SendOnDrop(tx);
            panic!("worker failed");
        });
        let _ = h.join();
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert_eq!(panic.thread, "worker");
    assert_eq!(panic.message, "worker failed");
}

/// A value whose Drop panics.
struct Grenade;
impl Drop for Grenade {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            panic!("grenade went off");
        }
    }
}

/// The losing arm's value is dropped by the thread that ran the select, outside the runtime's
/// lock: the user's message is reported against that thread.
#[test]
fn a_drop_panic_in_a_losing_arm_is_the_selecting_threads() {
    let verdict = check::verify(|| {
        let a = chan::named::<Grenade>("a", 1);
        let b = chan::named::<Grenade>("b", 1);
        let (ta, tb) = (a.sender(), b.sender());
        let h = go_named("selector", move || {
            select! {
                send(ta, Grenade) -> r => std::mem::forget(r),
                send(tb, Grenade) -> r => std::mem::forget(r),
            }
        });
        let _ = h.join();
        std::mem::forget(a.try_recv());
        std::mem::forget(b.try_recv());
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert_eq!(panic.thread, "selector");
    assert_eq!(panic.message, "grenade went off");
}

/// A value left in a buffer when the body returns is dropped on the body's thread and named.
#[test]
fn a_drop_panic_of_a_buffered_value_is_the_bodys() {
    let verdict = check::verify(|| {
        let c = chan::named::<Grenade>("leftovers", 1);
        c.send(Grenade).unwrap_or_else(std::mem::forget);
    });
    assert_eq!(verdict.outcome, Outcome::Panic, "{verdict}");
    let panic = verdict.report.unwrap().panic.unwrap();
    assert_eq!(panic.thread, "main");
    assert!(
        panic.message.starts_with("grenade went off")
            && panic.message.contains("channel `leftovers`"),
        "{}",
        panic.message
    );
}

/// A channel carried out of one verify run into another is named as that misuse.
#[test]
fn a_channel_from_another_verify_run_is_refused() {
    use std::sync::Mutex;
    static CARRIED: Mutex<Option<chan::Chan<u8>>> = Mutex::new(None);
    let first = check::verify(|| {
        *CARRIED.lock().unwrap() = Some(chan::named("x", 1));
    });
    assert!(first.holds(), "{first}");
    let second = check::verify(|| {
        let x = CARRIED.lock().unwrap().clone().unwrap();
        let _ = x.try_send(1);
    });
    CARRIED.lock().unwrap().take();
    assert_eq!(second.outcome, Outcome::Panic, "{second}");
    let message = second.report.unwrap().panic.unwrap().message;
    assert!(
        message.contains("channel `x` was made in another verify run"),
        "{message}"
    );
}

/// A body that spins forever ends with UNFINISHED, said in words, and a replay line that names
/// the scheduler that ran it.
#[test]
fn a_spinning_body_is_unfinished() {
    let verdict = Checker::new().shuttle_iterations(1).verify(|| {
        let c = chan::named::<u8>("c", 0);
        while c.try_recv().is_err() {}
    });
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    let report = verdict.report.unwrap();
    let message = &report.panic.as_ref().unwrap().message;
    assert!(message.contains("livelock / step limit"), "{message}");
    let replay = report.replay_instructions();
    if cfg!(loom) {
        assert!(matches!(report.replay, Replay::Loom { .. }), "{replay}");
    } else {
        assert!(
            matches!(report.replay, Replay::ShuttleSeed { .. }),
            "{replay}"
        );
        assert!(!replay.contains("loom"), "{replay}");
    }
}

/// Any number of timers in a loom-sized model: they share one clock thread, fire in deadline
/// order, and a pending timer is never a deadlock.
#[test]
fn three_timers_need_one_clock() {
    let verdict = check::verify(|| {
        let hour = chan::after(Duration::from_secs(3600));
        let (ctx, cancel) =
            chancheck::context::background().with_timeout(Duration::from_millis(20));
        let ms = chan::after(Duration::from_millis(10));
        let h = go(move || {
            select! {
                recv(ms) -> _ => {},
                // Both may be ready (select then picks either), but never the hour alone.
                recv(hour) -> _ => assert_eq!(ms.len(), 1, "the 1 h timer fired before the 10 ms one"),
            }
        });
        let g = go(move || {
            let _ = ctx.done().recv();
        });
        h.join().unwrap();
        cancel.cancel();
        g.join().unwrap();
    });
    assert!(verdict.holds(), "{verdict}");
}

/// The 1 h timer really fires when nothing else can happen: no false deadlock.
#[test]
fn a_wait_a_timer_will_end_is_not_a_deadlock() {
    let verdict = check::verify(|| {
        select! {
            recv(chan::after(Duration::from_secs(3600))) -> _ => {},
            recv(chan::make::<u8>(0)) -> _ => {},
        }
    });
    assert!(verdict.holds(), "{verdict}");
}

/// A `range` driven from inside std (`collect`) is reported at the line that wrote the range,
/// not inside the standard library.
#[test]
fn a_collected_range_names_its_own_line() {
    let verdict = check::verify(|| {
        let c = chan::named::<i32>("c", 0);
        let _all: Vec<i32> = c.receiver().iter().collect();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let site = &verdict.report.unwrap().stuck[0].site;
    assert!(site.starts_with("tests/model_reliability.rs:"), "{site}");
}

/// What the torn-down guards below saw, read once the check has returned.
static TORN_DOWN_SAW: std::sync::Mutex<Vec<&str>> = std::sync::Mutex::new(Vec::new());

/// Go's `defer func() { select { case ch <- x: ...; default: ... } }()`.
struct SelectOnDrop(chan::Sender<()>);
impl Drop for SelectOnDrop {
    fn drop(&mut self) {
        let saw = select! {
            send(self.0, ()) -> r => if r.is_ok() { "sent" } else { "closed" },
            default => "default",
        };
        TORN_DOWN_SAW.lock().unwrap().push(saw);
    }
}

/// Once the check has found the leak, a leaked goroutine's guard runs against torn-down
/// channels: a select with `default` takes the default (it neither blocks nor fails a send).
#[test]
fn a_torn_down_select_with_default_takes_the_default() {
    TORN_DOWN_SAW.lock().unwrap().clear();
    let verdict = check::verify(|| {
        let d = chan::named::<()>("deferred", 0);
        let n = chan::named::<()>("never", 0);
        let (tx, rx) = (d.sender(), n.receiver());
        go_named("leaker", move || {
            let _guard = SelectOnDrop(tx);
            let _ = rx.recv();
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let saw = TORN_DOWN_SAW.lock().unwrap().clone();
    assert!(!saw.is_empty(), "the guard ran");
    assert!(saw.iter().all(|s| *s == "default"), "{saw:?}");
}
