//! Reliability on real threads (normal builds): what happens to released threads, values racing
//! a close, bodies that never finish, and waits that a live timer will end.
//!
//! A regression here used to abort the process or hang it, so those scenarios run in a child
//! process (this test binary, re-run with `CHANCHECK_CHILD` set and a filter) under a watchdog:
//! the suite itself never dies or hangs.
#![cfg(not(any(loom, feature = "shuttle")))]

use std::process::{Command, Stdio};
use std::sync::Barrier;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chancheck::check::{self, Checker, Outcome};
use chancheck::context;
use chancheck::sync::WaitGroup;
use chancheck::{Op, chan, go, go_named, select, time};

const CHILD: &str = "CHANCHECK_CHILD";
const CHILD_OK: &str = "chancheck-child-ok";

/// Run the test `name` of this binary in a child process, killed after `limit`. Returns true when
/// this process *is* that child (the caller then runs the scenario).
fn in_child_or_run(name: &str, limit: Duration) -> bool {
    if std::env::var(CHILD).is_ok_and(|v| v == name) {
        return true;
    }
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([name, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, name)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let Some(status) = status else {
        panic!("`{name}` hung: killed after {limit:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
    };
    assert!(
        status.success() && stdout.contains(CHILD_OK),
        "`{name}` failed ({status})\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    false
}

/// Wait up to `limit` for `count` to reach `want`.
fn reaches(count: &AtomicUsize, want: usize, limit: Duration) -> bool {
    let start = Instant::now();
    while count.load(Ordering::SeqCst) < want {
        if start.elapsed() > limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    true
}

// ---- 1. Drop guards of released threads neither abort nor block ----

static GUARDS_DONE: AtomicUsize = AtomicUsize::new(0);

/// Go's `defer out <- v`: a send in a Drop guard.
struct SendOnDrop(chan::Sender<()>);
impl Drop for SendOnDrop {
    fn drop(&mut self) {
        let _ = self.0.send(());
        GUARDS_DONE.fetch_add(1, Ordering::SeqCst);
    }
}

/// Go's `defer close(out)`.
struct CloseOnDrop(chan::Sender<()>);
impl Drop for CloseOnDrop {
    fn drop(&mut self) {
        let _ = self.0.close();
        GUARDS_DONE.fetch_add(1, Ordering::SeqCst);
    }
}

/// Go's `defer wg.Done()`.
struct DoneOnDrop(WaitGroup);
impl Drop for DoneOnDrop {
    fn drop(&mut self) {
        let _ = self.0.done();
        GUARDS_DONE.fetch_add(1, Ordering::SeqCst);
    }
}

/// A guard that receives, selects and joins, on channels nobody will ever use again.
struct RecvAndSelectOnDrop(chan::Receiver<()>, chan::Sender<u8>);
impl Drop for RecvAndSelectOnDrop {
    fn drop(&mut self) {
        let _ = self.0.recv();
        select! {
            send(self.1, 7) -> _ => {},
            recv(self.0) -> _ => {},
        }
        // Receives only, then a send only: each kind of arm has a result for a released thread.
        select! {
            recv(self.0) -> _ => {},
        }
        select! {
            send(self.1, 8) -> _ => {},
        }
        let h = go(|| {});
        let _ = h.join();
        GUARDS_DONE.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_leaked_goroutine_whose_drop_guard_sends_is_a_leak_and_the_process_lives_on() {
    if !in_child_or_run(
        "a_leaked_goroutine_whose_drop_guard_sends_is_a_leak_and_the_process_lives_on",
        Duration::from_secs(60),
    ) {
        return;
    }
    // The repro, exactly.
    let verdict = check::verify(|| {
        let d = chan::make::<()>(0);
        let n = chan::make::<()>(0);
        let (tx, rx) = (d.sender(), n.receiver());
        go(move || {
            let _g = SendOnDrop(tx);
            let _ = rx.recv();
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    // Every repetition ended in the leak at once; its guard ran without blocking.
    assert!(
        reaches(&GUARDS_DONE, 1, Duration::from_secs(5)),
        "the Drop guard of the released goroutine is still blocked"
    );
    // The abort came ~10 ms after the verdict: give it ample time to show up.
    std::thread::sleep(Duration::from_millis(300));

    // close and WaitGroup::done in guards, and guards that receive, select and join.
    let before = GUARDS_DONE.load(Ordering::SeqCst);
    let verdict = check::verify(|| {
        let out = chan::named::<()>("out", 0);
        let never = chan::named::<()>("never", 0);
        let wg = WaitGroup::new();
        wg.add(2).unwrap();
        let (tx, rx) = (out.sender(), never.receiver());
        let (w, rx2) = (wg.clone(), never.receiver());
        go_named("closer", move || {
            let _g = CloseOnDrop(tx);
            let _ = rx.recv();
        });
        go_named("done", move || {
            let _g = DoneOnDrop(w);
            let _ = rx2.recv();
        });
        let (rx3, tx3) = (never.receiver(), chan::make::<u8>(0).sender());
        let rx4 = never.receiver();
        go_named("others", move || {
            let _g = RecvAndSelectOnDrop(rx3, tx3);
            let _ = rx4.recv();
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let mut stuck: Vec<_> = verdict
        .report
        .as_ref()
        .unwrap()
        .stuck
        .iter()
        .map(|t| t.thread.clone())
        .collect();
    stuck.sort();
    assert_eq!(stuck, ["closer", "done", "others"], "{verdict}");
    assert!(
        reaches(&GUARDS_DONE, before + 3, Duration::from_secs(5)),
        "a Drop guard of a released goroutine is still blocked"
    );
    std::thread::sleep(Duration::from_millis(300));
    println!("{CHILD_OK}");
}

static NIL_SELECTS: AtomicUsize = AtomicUsize::new(0);

/// A guard that, while its thread unwinds, selects on nil channels only: nothing can complete
/// that select, so the thread parks there for good instead of panicking inside a panic.
struct NilSelectOnDrop;
impl Drop for NilSelectOnDrop {
    fn drop(&mut self) {
        NIL_SELECTS.fetch_add(1, Ordering::SeqCst);
        let nil = chan::Chan::<u8>::nil();
        select! {
            recv(nil) -> _ => {},
        }
        unreachable!("a select on nil channels never returns");
    }
}

/// A goroutine stuck in a select on nil channels only is released like any other (it unwinds,
/// and its guard runs); a guard making the same select while unwinding parks for good; either
/// way the verdict comes back and the process lives on.
#[test]
fn a_select_on_nil_channels_only_is_released_or_parks_for_good() {
    if !in_child_or_run(
        "a_select_on_nil_channels_only_is_released_or_parks_for_good",
        Duration::from_secs(30),
    ) {
        return;
    }
    let before = GUARDS_DONE.load(Ordering::SeqCst);
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        go_named("stuck", || {
            let _g = CloseOnDrop(chan::make::<()>(0).sender());
            let _h = NilSelectOnDrop;
            let nil = chan::Chan::<u8>::nil();
            select! {
                recv(nil) -> _ => {},
                send(nil, 1) -> _ => {},
            }
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    // Released, `stuck` unwinds: `_h` (dropped first) parks in its select, so `_g` never runs.
    assert!(
        reaches(&NIL_SELECTS, 1, Duration::from_secs(5)),
        "the released goroutine did not unwind"
    );
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(GUARDS_DONE.load(Ordering::SeqCst), before);
    println!("{CHILD_OK}");
}

/// A goroutine that panics while its guard sends on a channel nobody reads: PANIC, no abort.
#[test]
fn a_panicking_goroutine_whose_drop_guard_blocks_is_a_panic_verdict() {
    if !in_child_or_run(
        "a_panicking_goroutine_whose_drop_guard_blocks_is_a_panic_verdict",
        Duration::from_secs(60),
    ) {
        return;
    }
    let verdict = check::verify(|| {
        let d = chan::make::<()>(0);
        let tx = d.sender();
        let h = go_named("worker", move || {
            let _g = SendOnDrop(tx);
            panic!("worker fails");
        });
        let _ = h.join();
    });
    // The guard blocks while the panic unwinds, so the monitor first sees everyone stuck; the
    // verdict is a deadlock, and released, the guard returns and the panic is not lost to an
    // abort.
    assert!(
        matches!(verdict.outcome, Outcome::Deadlock | Outcome::Panic),
        "{verdict}"
    );
    std::thread::sleep(Duration::from_millis(300));
    println!("{CHILD_OK}");
}

// ---- 2. A send racing close loses nothing ----

/// How a trial's senders send.
#[derive(Clone, Copy, Debug)]
enum SendBy {
    /// `select!` with a send arm beside a nil arm.
    Select,
    /// A plain (blocking) `send`.
    Send,
    /// `try_send`, again while the buffer is full.
    TrySend,
}

fn send_by(
    how: SendBy,
    tx: chan::Sender<usize>,
    nil: chan::Receiver<()>,
    id: usize,
) -> Result<(), usize> {
    match how {
        SendBy::Select => select! {
            send(tx, id) -> r => r.map_err(|e| e.into_inner()),
            recv(nil) -> _ => unreachable!("a nil channel is never ready"),
        },
        SendBy::Send => tx.send(id).map_err(|e| e.into_inner()),
        SendBy::TrySend => loop {
            match tx.try_send(id) {
                Ok(()) => break Ok(()),
                Err(chan::TrySendError::Closed(v)) => break Err(v),
                Err(chan::TrySendError::Full(_)) => std::thread::yield_now(),
            }
        },
    }
}

/// One trial: four senders each send their id on a channel of capacity `cap`, one thread drains
/// it, another closes it. Returns the number of lost values (sent `Ok` but never received) plus
/// duplicated or wrongly refused ones, and sends that completed though they started after
/// `close` returned.
fn send_close_trial(how: SendBy, cap: usize) -> (usize, usize) {
    let ch = chan::make::<usize>(cap);
    let nil = chan::Receiver::<()>::nil();
    let closed_returned = std::sync::atomic::AtomicBool::new(false);
    let start = Barrier::new(6);
    let mut received = Vec::new();
    let mut results = Vec::new();
    std::thread::scope(|s| {
        let senders: Vec<_> = (0..4)
            .map(|id| {
                let (tx, nil, start, closed_returned) =
                    (ch.sender(), nil.clone(), &start, &closed_returned);
                s.spawn(move || {
                    start.wait();
                    let after_close = closed_returned.load(Ordering::SeqCst);
                    (id, send_by(how, tx, nil, id), after_close)
                })
            })
            .collect();
        let drainer = {
            let (rx, start) = (ch.receiver(), &start);
            s.spawn(move || {
                start.wait();
                let mut got = Vec::new();
                while let Some(v) = rx.recv() {
                    got.push(v);
                }
                got
            })
        };
        let closer = {
            let (c, start, closed_returned) = (ch.clone(), &start, &closed_returned);
            s.spawn(move || {
                start.wait();
                c.close().unwrap();
                closed_returned.store(true, Ordering::SeqCst);
            })
        };
        closer.join().unwrap();
        received = drainer.join().unwrap();
        results = senders.into_iter().map(|h| h.join().unwrap()).collect();
    });
    let mut bad = 0;
    let mut late = 0;
    for (id, r, after_close) in results {
        let times = received.iter().filter(|&&v| v == id).count();
        match r {
            Ok(()) => {
                bad += usize::from(times != 1);
                late += usize::from(after_close);
            }
            Err(v) => bad += usize::from(v != id || times != 0),
        }
    }
    // Whatever is left in the closed channel was never received: lost if it was sent `Ok`.
    bad += ch.len();
    (bad, late)
}

fn send_close_trials(how: SendBy, cap: usize, trials: usize) {
    let (mut bad, mut late) = (0, 0);
    for _ in 0..trials {
        let (b, l) = send_close_trial(how, cap);
        bad += b;
        late += l;
    }
    println!(
        "{how:?}, cap {cap}, {trials} trials: {bad} values lost or duplicated, {late} sends after close"
    );
    assert_eq!(
        (bad, late),
        (0, 0),
        "{how:?}, cap {cap}, in {trials} trials"
    );
}

fn select_send_close_trials(trials: usize) {
    send_close_trials(SendBy::Select, 2, trials);
}

#[test]
fn a_buffered_select_send_racing_close_is_received_or_handed_back() {
    select_send_close_trials(3000);
}

#[test]
fn a_plain_send_racing_close_is_received_or_handed_back() {
    for cap in [0, 1, 2] {
        send_close_trials(SendBy::Send, cap, 1000);
    }
}

#[test]
fn a_try_send_racing_close_is_received_or_handed_back() {
    for cap in [1, 2] {
        send_close_trials(SendBy::TrySend, cap, 1000);
    }
}

/// Sends its value when dropped, and counts the sends that were refused.
struct SendAtExit(chan::Sender<u32>, u32);

static REFUSED_AT_EXIT: AtomicUsize = AtomicUsize::new(0);

impl Drop for SendAtExit {
    fn drop(&mut self) {
        if self.0.send(self.1).is_err() {
            REFUSED_AT_EXIT.fetch_add(1, Ordering::SeqCst);
        }
    }
}

thread_local! {
    static SEND_AT_EXIT: std::cell::RefCell<Option<SendAtExit>> =
        const { std::cell::RefCell::new(None) };
}

/// A send from a thread-local's destructor, which may run after the thread's other
/// thread-locals are gone: it still goes through, and still never lands after a close.
#[test]
fn a_send_from_a_thread_local_destructor_is_delivered() {
    let ch = chan::make::<u32>(4);
    for (value, closed) in [(2, false), (3, true)] {
        if closed {
            ch.close().unwrap();
        }
        let tx = ch.sender();
        std::thread::spawn(move || {
            // Registered before the first send, so destroyed after what that send sets up.
            SEND_AT_EXIT.with(|s| *s.borrow_mut() = Some(SendAtExit(tx.clone(), value)));
            let _ = tx.send(1);
        })
        .join()
        .unwrap();
    }
    assert_eq!((ch.recv(), ch.recv(), ch.recv()), (Some(1), Some(2), None));
    assert_eq!(
        REFUSED_AT_EXIT.load(Ordering::SeqCst),
        1,
        "the send after close"
    );
}

/// The figure: run with
/// `cargo test --release --test real_threads -- --ignored select_send_racing_close_million`.
#[test]
#[ignore = "1,000,000 trials: a few minutes"]
fn select_send_racing_close_million() {
    select_send_close_trials(1_000_000);
}

/// Plain sends and selects on closed channels, after close returns: never `Ok`.
#[test]
fn nothing_is_sent_after_close_returns() {
    for cap in [0, 1, 4] {
        let ch = chan::make::<u8>(cap);
        ch.close().unwrap();
        assert!(ch.send(1).is_err());
        assert!(ch.try_send(1).is_err());
        let r = select! { send(ch, 1) -> r => r };
        assert!(r.is_err());
        assert_eq!(ch.recv(), None);
        assert_eq!(ch.len(), 0);
    }
}

// ---- 3. Bodies that never finish end at the time limit ----

static SPINNER_GONE: AtomicUsize = AtomicUsize::new(0);

struct CountOnDrop(&'static AtomicUsize);
impl Drop for CountOnDrop {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn a_spinning_or_sleeping_body_is_unfinished_at_the_time_limit() {
    if !in_child_or_run(
        "a_spinning_or_sleeping_body_is_unfinished_at_the_time_limit",
        Duration::from_secs(60),
    ) {
        return;
    }
    let limit = Duration::from_millis(800);
    let checker = Checker::new().time_limit(limit);

    // The spin.
    let started = Instant::now();
    let verdict = checker.verify(|| {
        let _g = CountOnDrop(&SPINNER_GONE);
        let c = chan::make::<u8>(0);
        while c.try_recv().is_err() {}
    });
    assert!(started.elapsed() < limit * 4, "{verdict}");
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    assert_eq!(verdict.stats.explored, 1);
    let report = verdict.report.as_ref().unwrap();
    assert_eq!(report.stuck.len(), 1, "{verdict}");
    assert_eq!(report.stuck[0].thread, "main");
    assert_eq!(report.stuck[0].op, Op::Busy);
    let text = verdict.to_string();
    assert!(text.contains("UNFINISHED"), "{text}");
    assert!(text.contains("`main` busy"), "{text}");
    assert!(
        report.trace.last().is_some_and(|l| l.contains(
            "with 1 thread(s) unfinished (1 busy, 0 waiting, 0 of them on a timer or sleep)"
        )),
        "{text}"
    );
    // Released, the spinning thread unwinds at its next channel operation.
    assert!(
        reaches(&SPINNER_GONE, 1, Duration::from_secs(2)),
        "the spinning body still runs"
    );

    // The hour-long sleep, beside a goroutine spinning on a select with default and one
    // blocked on a channel: busy and waiting threads are told apart.
    let started = Instant::now();
    let verdict = checker.verify(|| {
        let c = chan::named::<u8>("never", 0);
        let (rx, rx2) = (c.receiver(), c.receiver());
        go_named("spinner", move || {
            let _g = CountOnDrop(&SPINNER_GONE);
            loop {
                select! {
                    recv(rx) -> _ => {},
                    default => std::hint::spin_loop(),
                }
            }
        });
        go_named("blocked", move || {
            let _ = rx2.recv();
        });
        time::sleep(Duration::from_secs(3600));
    });
    assert!(started.elapsed() < limit * 4, "{verdict}");
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    let report = verdict.report.as_ref().unwrap();
    let mut threads: Vec<_> = report
        .stuck
        .iter()
        .map(|t| (t.thread.as_str(), t.op, t.waiting_on.join(",")))
        .collect();
    threads.sort();
    assert_eq!(
        threads,
        [
            ("blocked", Op::Recv, "recv never".to_string()),
            ("main", Op::Sleep, "sleep 3600s".to_string()),
            ("spinner", Op::Busy, String::new()),
        ],
        "{verdict}"
    );
    assert!(
        report.trace.last().is_some_and(|l| l.contains(
            "with 3 thread(s) unfinished (1 busy, 2 waiting, 1 of them on a timer or sleep)"
        )),
        "{verdict}"
    );
    assert!(
        reaches(&SPINNER_GONE, 2, Duration::from_secs(2)),
        "the spinning goroutine still runs"
    );

    // Later checks are unaffected.
    let verdict = check::verify(|| {
        let c = chan::make::<u8>(1);
        c.send(1).unwrap();
        assert_eq!(c.recv(), Some(1));
    });
    assert!(verdict.holds(), "{verdict}");
    println!("{CHILD_OK}");
}

static PURE_SPIN_STOP: AtomicUsize = AtomicUsize::new(0);

/// A body that spins without any channel operation cannot be released: the check returns
/// UNFINISHED and leaves it detached instead of waiting for it.
#[test]
fn a_body_spinning_without_channel_operations_is_left_detached() {
    if !in_child_or_run(
        "a_body_spinning_without_channel_operations_is_left_detached",
        Duration::from_secs(30),
    ) {
        return;
    }
    let verdict = Checker::new()
        .time_limit(Duration::from_millis(300))
        .std_grace(Duration::from_millis(100))
        .verify(|| {
            while PURE_SPIN_STOP.load(Ordering::SeqCst) == 0 {
                std::hint::spin_loop();
            }
        });
    PURE_SPIN_STOP.store(1, Ordering::SeqCst);
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    println!("{CHILD_OK}");
}

static RELEASED_BODY_GONE: AtomicUsize = AtomicUsize::new(0);

/// Counts, after a pause, once it is dropped: a guard with work to do while its thread unwinds.
struct SlowCountOnDrop(&'static AtomicUsize);
impl Drop for SlowCountOnDrop {
    fn drop(&mut self) {
        std::thread::sleep(Duration::from_millis(50));
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// A released body has unwound when the check returns: its Drop guards have run, even one that
/// takes a while.
#[test]
fn a_released_body_has_unwound_when_the_check_returns() {
    let verdict = check::verify(|| {
        let _g = SlowCountOnDrop(&RELEASED_BODY_GONE);
        let _ = chan::named::<u8>("never", 0).recv();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    assert_eq!(RELEASED_BODY_GONE.load(Ordering::SeqCst), 1);
}

// ---- 4. A wait that a live timer will end is not a deadlock ----

#[test]
fn a_wait_on_a_live_timer_is_unfinished_not_a_deadlock() {
    if !in_child_or_run(
        "a_wait_on_a_live_timer_is_unfinished_not_a_deadlock",
        Duration::from_secs(30),
    ) {
        return;
    }
    let limit = Duration::from_secs(1);
    let started = Instant::now();
    let verdict = Checker::new().time_limit(limit).verify(|| {
        select! {
            recv(chan::after(Duration::from_secs(3600))) -> _ => {},
            recv(chan::make::<u8>(0)) -> _ => {},
        }
    });
    assert!(started.elapsed() < limit * 4, "{verdict}");
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
    let report = verdict.report.as_ref().unwrap();
    assert_eq!(report.stuck.len(), 1, "{verdict}");
    assert_eq!(report.stuck[0].thread, "main");
    assert_eq!(report.stuck[0].op, Op::Select);
    assert!(
        report.stuck[0]
            .waiting_on
            .contains(&"recv after(3600s)".to_string()),
        "{verdict}"
    );
    assert!(
        !report.trace.iter().any(|l| l.contains("nothing moved")),
        "{verdict}"
    );
    println!("{CHILD_OK}");
}

/// A ticker's wait is as live as a timer's.
#[test]
fn a_wait_on_a_live_ticker_is_unfinished_not_a_deadlock() {
    let verdict = Checker::new()
        .time_limit(Duration::from_millis(600))
        .std_grace(Duration::from_millis(100))
        .verify(|| {
            select! {
                recv(chan::tick(Duration::from_secs(3600))) -> _ => {},
                recv(chan::make::<u8>(0)) -> _ => {},
            }
        });
    assert_eq!(verdict.outcome, Outcome::Unfinished, "{verdict}");
}

/// A wait that a context's timeout will end is not stuck, however much longer than the grace
/// period the timeout is: the timer's callback closes `done`.
#[test]
fn a_wait_a_context_timeout_will_end_is_not_stuck() {
    let verdict = Checker::new()
        .std_repetitions(1)
        .std_grace(Duration::from_millis(100))
        .verify(|| {
            let (ctx, _cancel) = context::background().with_timeout(Duration::from_millis(500));
            assert_eq!(ctx.done().recv(), None);
        });
    assert!(verdict.holds(), "{verdict}");
}

/// The default time limit applies too, and the same wait without the timer is a deadlock.
#[test]
fn without_the_timer_the_same_wait_is_a_deadlock() {
    let verdict = check::verify(|| {
        select! {
            recv(chan::make::<u8>(0)) -> _ => {},
            recv(chan::make::<u8>(0)) -> _ => {},
        }
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
}

// ---- Bounded memory: the trace keeps a window ----

#[test]
fn a_long_run_keeps_a_bounded_trace() {
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        for _ in 0..20_000 {
            let c = chan::make::<u8>(1);
            c.send(1).unwrap();
            assert_eq!(c.recv(), Some(1));
        }
        let stuck = chan::named::<u8>("stuck", 0);
        let tx = stuck.sender();
        go_named("leaker", move || {
            let _ = tx.send(1);
        });
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let trace = &verdict.report.as_ref().unwrap().trace;
    // The window's 4,096 events, after the count of those it dropped and before the verdict.
    assert_eq!(trace.len(), 4098, "{} trace lines", trace.len());
    assert!(trace[0].contains("earlier events not kept"), "{}", trace[0]);
    assert!(
        trace
            .iter()
            .any(|l| l.contains("leaker: send stuck blocks")),
        "{}",
        trace.join("\n")
    );
    // A short run keeps every event, and says nothing of dropping any.
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        let stuck = chan::named::<u8>("stuck", 0);
        let tx = stuck.sender();
        go_named("leaker", move || {
            let _ = tx.send(1);
        });
    });
    let trace = &verdict.report.as_ref().expect("a leak").trace;
    assert!(
        trace[0].ends_with("main: make stuck (cap 0)"),
        "{}",
        trace.join("\n")
    );
}

// ---- Watched waits ----

/// Waits long enough to be registered with the monitor (longer than the first, unwatched few
/// milliseconds) complete as any other: a send and a receive on an unbuffered channel, a send on
/// a full one and a select, each ended 30 ms after it began.
#[test]
fn watched_waits_complete_like_any_other() {
    let later = || time::sleep(Duration::from_millis(30));
    let verdict = Checker::new().std_repetitions(1).verify(move || {
        let c = chan::named::<u8>("c", 0);
        let tx = c.sender();
        let sender = go_named("sender", move || tx.send(1));
        later();
        assert_eq!(c.recv(), Some(1));
        assert_eq!(sender.join().unwrap(), Ok(()));

        let rx = c.receiver();
        let receiver = go_named("receiver", move || rx.recv());
        later();
        c.send(2).unwrap();
        assert_eq!(receiver.join().unwrap(), Some(2));

        let full = chan::named::<u8>("full", 1);
        full.send(3).unwrap();
        let tx = full.sender();
        let sender = go_named("buffered", move || tx.send(4));
        later();
        assert_eq!(full.recv(), Some(3));
        assert_eq!(full.recv(), Some(4));
        assert_eq!(sender.join().unwrap(), Ok(()));

        let d = chan::named::<u8>("d", 0);
        let (rc, rd) = (c.receiver(), d.receiver());
        let selector = go_named("selector", move || {
            select! {
                recv(rc) -> v => v,
                recv(rd) -> v => v.map(|x| x + 10),
            }
        });
        later();
        d.send(5).unwrap();
        assert_eq!(selector.join().unwrap(), Some(15));
    });
    assert!(verdict.holds(), "{verdict}");
}

// ---- Names outside a check ----

/// Outside any check, unnamed channels are numbered from `chan#1` in the order they are made
/// (in a fresh process, so that no other test has made one first).
#[test]
fn unnamed_channels_outside_a_check_count_from_one() {
    if !in_child_or_run(
        "unnamed_channels_outside_a_check_count_from_one",
        Duration::from_secs(30),
    ) {
        return;
    }
    let first = chan::make::<u8>(0);
    let second = chan::make::<u8>(1);
    assert_eq!(
        (first.name().as_str(), second.name().as_str()),
        ("chan#1", "chan#2")
    );
    println!("{CHILD_OK}");
}

// ---- Progress restarts the grace period ----

/// Threads are stuck only if nothing ends their waits for a whole grace period: `main` waits
/// once for 200 ms (half the grace period, several of the watcher's polls), then twenty times in
/// a row, each wait ended 50 ms later, by a thread the check does not track (as an OS thread or
/// I/O would): 1.2 s in all, and the grace period is 400 ms.
#[test]
fn waits_that_keep_ending_are_not_stuck_however_long_they_add_up() {
    let verdict = Checker::new()
        .std_repetitions(1)
        .std_grace(Duration::from_millis(400))
        .verify(|| {
            let c = chan::named::<u32>("fed", 0);
            let tx = c.sender();
            let feeder = std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(150));
                for i in 0..21 {
                    std::thread::sleep(Duration::from_millis(50));
                    tx.send(i).unwrap();
                }
            });
            for i in 0..21 {
                assert_eq!(c.recv(), Some(i));
            }
            feeder.join().unwrap();
        });
    assert_eq!(verdict.outcome, Outcome::Holds, "{verdict}");
}
