//! The rest of the public API, held to its documentation under every scheduler: `sync`,
//! `context`, `time`, claims, checker settings, joins, and the refusal to run model channels
//! outside `check::verify`. Like tests/spec.rs, behaviour only: nothing here reads internals.

use std::time::Duration;

use chancheck::check::{self, Backend, Checker, Claim, Exception, Outcome, ShuttleScheduler, Size};
use chancheck::context::{Context, ContextError};
use chancheck::sync::{Mutex, NegativeCounter, WaitGroup};
use chancheck::{Op, chan, go_named, select, time};

fn checker() -> Checker {
    Checker::new().shuttle_iterations(300).std_repetitions(15)
}

fn holds(verdict: check::Verdict) {
    assert!(verdict.holds(), "{verdict}");
}

// ----- sync -------------------------------------------------------------------------------------

/// A waiter is released only when the counter reaches zero, not when it merely changes, however
/// often it goes up and down in between.
#[test]
fn waitgroup_releases_at_zero_only() {
    holds(checker().verify(|| {
        let wg = WaitGroup::new();
        wg.add(1).unwrap();
        let w = wg.clone();
        let waiter = go_named("waiter", move || w.wait());
        wg.add(1).unwrap();
        wg.done().unwrap();
        wg.add(0).unwrap();
        wg.done().unwrap();
        waiter.join().unwrap();
        wg.add(0).unwrap();
        wg.wait();
    }));
    let verdict = checker().verify(|| {
        let wg = WaitGroup::new();
        wg.add(2).unwrap();
        let w = wg.clone();
        go_named("waiter", move || w.wait());
        wg.done().unwrap();
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let stuck = &verdict.report.unwrap().stuck;
    assert_eq!(
        (
            stuck[0].thread.as_str(),
            stuck[0].op,
            stuck[0].waiting_on.as_slice()
        ),
        ("waiter", Op::Wait, &["wait waitgroup".to_string()][..])
    );
}

#[test]
fn waitgroup_refuses_a_negative_counter_and_displays() {
    holds(checker().verify(|| {
        let wg = WaitGroup::default();
        assert_eq!(format!("{wg:?}"), "WaitGroup(0)");
        assert_eq!(
            wg.add(-1),
            Err(NegativeCounter {
                counter: 0,
                delta: -1
            })
        );
        wg.add(3).unwrap();
        assert_eq!(format!("{wg:?}"), "WaitGroup(3)");
        assert_eq!(
            wg.add(-4),
            Err(NegativeCounter {
                counter: 3,
                delta: -4
            })
        );
        wg.done().unwrap();
        assert_eq!(format!("{wg:?}"), "WaitGroup(2)");
    }));
    let refused = NegativeCounter {
        counter: 1,
        delta: -2,
    };
    assert_eq!(
        refused.to_string(),
        "sync: negative WaitGroup counter: 1 -2 would be -1; the change was refused"
    );
}

#[test]
fn mutex_try_lock_and_guards() {
    holds(checker().verify(|| {
        let mu = Mutex::new(1u8);
        assert_eq!(format!("{mu:?}"), "Mutex(mutex)");
        {
            let mut g = mu.try_lock().expect("an unlocked mutex locks");
            *g += 1;
            assert!(mu.try_lock().is_none(), "a locked mutex refuses try_lock");
        }
        assert_eq!(
            *mu.lock(),
            2,
            "the guard unlocked on drop and kept the write"
        );
        let named = Mutex::named("mu", ());
        assert_eq!(format!("{named:?}"), "Mutex(mu)");
    }));
}

// ----- context ----------------------------------------------------------------------------------

#[test]
fn context_cancel_closes_done_and_reaches_children() {
    holds(checker().verify(|| {
        let bg = Context::background();
        assert_eq!(format!("{bg:?}"), "Context(background)");
        assert_eq!(bg.err(), None);
        let picked = select! {
            recv(bg.done()) -> _ => "done",
            default => "default",
        };
        assert_eq!(picked, "default", "background is never done");

        let (ctx, cancel) = bg.with_cancel();
        assert_eq!(
            format!("{ctx:?} {cancel:?}"),
            "Context(ctx.done) CancelFunc(..)"
        );
        let (child, _child_cancel) = ctx.with_cancel();
        assert_eq!(ctx.err(), None);
        let done = child.done();
        let watcher = go_named("watcher", move || done.recv());
        cancel.cancel();
        cancel.cancel();
        assert_eq!(ctx.err(), Some(ContextError::Canceled));
        assert_eq!(child.err(), Some(ContextError::Canceled));
        assert_eq!(watcher.join().unwrap(), None, "done is closed, not sent on");
        let (late, _) = ctx.with_cancel();
        assert_eq!(late.err(), Some(ContextError::Canceled), "born cancelled");
        assert_eq!(late.done().recv(), None);
        let (late_timeout, _) = ctx.with_timeout(Duration::from_millis(1));
        assert_eq!(late_timeout.err(), Some(ContextError::Canceled));
    }));
    assert_eq!(ContextError::Canceled.to_string(), "context canceled");
    assert_eq!(
        ContextError::DeadlineExceeded.to_string(),
        "context deadline exceeded"
    );
}

#[test]
fn context_timeout_expires_unless_cancelled_first() {
    holds(checker().verify(|| {
        let (ctx, _cancel) = Context::background().with_timeout(Duration::from_millis(1));
        assert_eq!(ctx.done().recv(), None);
        assert_eq!(ctx.err(), Some(ContextError::DeadlineExceeded));
    }));
    holds(checker().verify(|| {
        let (ctx, cancel) = Context::background().with_timeout(Duration::from_secs(3600));
        cancel.cancel();
        assert_eq!(ctx.done().recv(), None);
        assert_eq!(ctx.err(), Some(ContextError::Canceled));
    }));
}

// ----- time -------------------------------------------------------------------------------------

#[test]
fn random_durations_stay_below_their_bound() {
    let max = Duration::from_millis(10);
    let draws: Vec<Duration> = (0..200).map(|_| time::random_duration(max)).collect();
    assert!(draws.iter().all(|d| *d < max), "{draws:?}");
    if Backend::current() == Backend::Std {
        assert!(
            draws.iter().any(|d| *d != draws[0]),
            "real threads draw at random: {draws:?}"
        );
    } else {
        assert!(
            draws.iter().all(Duration::is_zero),
            "a model draws zero, so its traces read the same on every run"
        );
    }
    assert_eq!(time::random_duration(Duration::ZERO), Duration::ZERO);
}

/// Every armed timer fires, however many are armed at once.
#[test]
fn every_armed_timer_fires() {
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        let late = chan::after(Duration::from_millis(20));
        let early = chan::after(Duration::from_millis(10));
        assert!(early.recv().is_some());
        assert!(late.recv().is_some());
    });
    assert!(verdict.holds(), "{verdict}");
}

/// A ticker nobody reads stalls once its channel is full, so it cannot keep a deadlocked run
/// going: the deadlock is found, and the ticker is not among the stuck.
#[test]
fn an_unread_ticker_does_not_hide_a_deadlock() {
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        let _ticker = chan::tick(Duration::from_millis(1));
        chan::named::<u8>("never", 0).recv();
    });
    assert_eq!(verdict.outcome, Outcome::Deadlock, "{verdict}");
    let stuck = &verdict
        .report
        .as_ref()
        .expect("a deadlock has a report")
        .stuck;
    assert_eq!(stuck.len(), 1, "{verdict}");
    assert_eq!((stuck[0].thread.as_str(), stuck[0].op), ("main", Op::Recv));
}

/// A sleep is an event of the run: under a model checker the trace records it (time does not
/// pass); on real threads it takes at least its duration.
#[test]
fn a_sleep_is_traced_under_a_model_and_takes_its_time_on_real_threads() {
    let verdict = Checker::new().std_repetitions(1).verify(|| {
        let started = std::time::Instant::now();
        time::sleep(Duration::from_millis(20));
        if Backend::current() == Backend::Std {
            assert!(started.elapsed() >= Duration::from_millis(20));
        }
        leaky(Size::new(1, 1));
    });
    assert_eq!(verdict.outcome, Outcome::Leak, "{verdict}");
    let slept = verdict
        .report
        .as_ref()
        .expect("a leak has a report")
        .trace
        .iter()
        .any(|line| line.ends_with("main: sleep 20ms"));
    assert_eq!(slept, Backend::current() != Backend::Std, "{verdict}");
}

// ----- joins ------------------------------------------------------------------------------------

/// A thread blocked joining is woken when its goroutine returns, whatever else completes in
/// between.
#[test]
fn a_join_survives_other_threads_wakeups() {
    holds(checker().verify(|| {
        let ch = chan::named::<u8>("ch", 0);
        let rx = ch.receiver();
        let worker = go_named("worker", move || rx.recv());
        let tx = ch.sender();
        let helper = go_named("helper", move || tx.send(1));
        assert_eq!(worker.join().unwrap(), Some(1));
        assert_eq!(helper.join().unwrap(), Ok(()));
    }));
    holds(checker().verify(|| {
        let h = go_named("quick", || 7u8);
        assert_eq!(format!("{h:?}"), "JoinHandle(..)");
        assert_eq!(h.join().unwrap(), 7);
    }));
}

// ----- claims -----------------------------------------------------------------------------------

fn leaky(_: Size) {
    let ch = chan::named::<u8>("result", 0);
    let tx = ch.sender();
    go_named("employee", move || tx.send(1));
}

fn fine(_: Size) {}

const LEAKY: Claim = Claim {
    pattern: "test",
    name: "leaky",
    statement: "The employee leaks.",
    expect: Outcome::Leak,
    body: leaky,
    stuck: &[("employee", "send result")],
    model_size: Size::new(1, 1),
    large_size: Size::new(3, 5),
    ..Claim::DEFAULTS
};

#[test]
fn claims_judge_verdicts() {
    let verdict = LEAKY.check_with(&checker());
    assert_eq!(LEAKY.mismatch(&verdict), None, "{verdict}");
    assert!(LEAKY.is_met_by(&verdict));

    let wrong_thread = Claim {
        stuck: &[("manager", "send result")],
        ..LEAKY
    };
    assert_eq!(
        wrong_thread.mismatch(&verdict).as_deref(),
        Some("the report does not name `manager` stuck in `send result`")
    );
    assert!(!wrong_thread.is_met_by(&verdict));
    let wrong_op = Claim {
        stuck: &[("employee", "recv result")],
        ..LEAKY
    };
    assert_eq!(
        wrong_op.mismatch(&verdict).as_deref(),
        Some("the report does not name `employee` stuck in `recv result`")
    );
    let wrong_outcome = Claim {
        expect: Outcome::Holds,
        ..LEAKY
    };
    assert_eq!(
        wrong_outcome.mismatch(&verdict).as_deref(),
        Some("expected HOLDS, got LEAK")
    );

    let holding = Claim {
        body: fine,
        expect: Outcome::Holds,
        stuck: &[],
        ..LEAKY
    };
    assert_eq!(holding.mismatch(&holding.check_with(&checker())), None);

    let bodiless = Claim {
        name: "bodiless",
        ..Claim::DEFAULTS
    };
    let verdict = bodiless.check_with(&checker());
    assert_eq!(
        bodiless.mismatch(&verdict).as_deref(),
        Some("expected HOLDS, got PANIC")
    );
    // Even a claim that expects a panic is not met by the missing body's own panic.
    let bodiless_panic = Claim {
        expect: Outcome::Panic,
        ..bodiless
    };
    assert_eq!(
        bodiless_panic.mismatch(&verdict).as_deref(),
        Some("the claim declares no body")
    );
    let panics = Claim {
        expect: Outcome::Panic,
        body: |_| panic!("a real panic"),
        stuck: &[],
        ..LEAKY
    };
    assert_eq!(panics.mismatch(&panics.check_with(&checker())), None);
}

#[test]
fn claims_pick_sizes_and_exceptions_per_scheduler() {
    assert_eq!(LEAKY.size_for(Backend::Loom), Size::new(1, 1));
    assert_eq!(LEAKY.size_for(Backend::Shuttle), Size::new(3, 5));
    assert_eq!(LEAKY.size_for(Backend::Std), Size::new(3, 5));
    assert_eq!(LEAKY.sizes_for(Backend::Loom), [Size::new(1, 1)]);
    assert_eq!(
        LEAKY.sizes_for(Backend::Shuttle),
        [Size::new(1, 1), Size::new(3, 5)]
    );
    assert_eq!(
        LEAKY.sizes_for(Backend::Std),
        [Size::new(1, 1), Size::new(3, 5)]
    );
    let same = Claim {
        large_size: Size::new(1, 1),
        ..LEAKY
    };
    assert_eq!(same.sizes_for(Backend::Std), [Size::new(1, 1)]);
    assert_eq!(same.sizes_for(Backend::Shuttle), [Size::new(1, 1)]);
    assert_eq!(Size::new(2, 3).to_string(), "2 workers, 3 items");

    const EXCEPTIONS: &[Exception] = &[Exception {
        backend: Backend::Shuttle,
        expect: Outcome::Holds,
        why: "shuttle misses it",
    }];
    let excepted = Claim {
        exceptions: EXCEPTIONS,
        ..LEAKY
    };
    assert_eq!(excepted.expected(Backend::Shuttle), Outcome::Holds);
    assert_eq!(excepted.expected(Backend::Std), Outcome::Leak);
    assert_eq!(excepted.expected(Backend::Loom), Outcome::Leak);
    assert_eq!(excepted.exception(Backend::Shuttle), Some(&EXCEPTIONS[0]));
    assert_eq!(excepted.exception(Backend::Loom), None);
}

// ----- checker settings -------------------------------------------------------------------------

/// Every setting survives the ones chained after it, and the verdict says what ran.
#[test]
fn checker_settings_are_kept_and_reported() {
    let chained = Checker::new()
        .seed(42)
        .shuttle_scheduler(ShuttleScheduler::Pct { depth: 2 })
        .shuttle_iterations(7)
        .std_repetitions(3)
        .std_grace(Duration::from_millis(100))
        .time_limit(Duration::from_secs(5))
        .preemption_bound(Some(1));
    let verdict = chained.verify(|| drop(go_named("worker", || ()).join()));
    assert!(verdict.holds(), "{verdict}");
    let s = &verdict.stats;
    match Backend::current() {
        Backend::Shuttle => {
            assert_eq!(s.settings, "pct depth 2, seed 0x2a, 7 iterations");
            assert_eq!(s.explored, 7);
        }
        Backend::Std => {
            assert_eq!(s.settings, "3 repetitions, grace 100ms");
            assert_eq!(s.explored, 3);
        }
        Backend::Loom => assert_eq!(s.settings, "preemption bound 1"),
    }
    let random = Checker::new()
        .shuttle_iterations(5)
        .shuttle_scheduler(ShuttleScheduler::Random)
        .preemption_bound(None)
        .std_repetitions(2);
    let s = random.verify(|| {}).stats;
    match Backend::current() {
        Backend::Shuttle => assert_eq!(s.settings, "random, seed 0xc0ffee, 5 iterations"),
        Backend::Std => assert_eq!(s.explored, 2),
        Backend::Loom => assert_eq!(s.settings, "no preemption bound"),
    }
    // A claim's own preemption bound overrides the checker's; everything else is kept.
    let bounded = Claim {
        preemption_bound: Some(3),
        body: fine,
        expect: Outcome::Holds,
        stuck: &[],
        ..LEAKY
    };
    let s = bounded.check_with(&random).stats;
    match Backend::current() {
        Backend::Shuttle => assert_eq!(s.settings, "random, seed 0xc0ffee, 5 iterations"),
        Backend::Std => assert_eq!(s.explored, 2),
        Backend::Loom => assert_eq!(s.settings, "preemption bound 3"),
    }
    assert!(Checker::default().assert_holds(|| {}).holds());
    assert!(check::assert_holds(|| {}).holds());
}

/// loom's file settings are ignored by the other schedulers and leave every other setting as
/// it was.
#[cfg(not(loom))]
#[test]
fn loom_file_settings_leave_the_other_settings_alone() {
    let unused = std::env::temp_dir().join("chancheck-never-written");
    let verdict = Checker::new()
        .shuttle_iterations(7)
        .std_repetitions(3)
        .loom_checkpoint(&unused)
        .loom_replay(&unused)
        .verify(|| ());
    assert!(verdict.holds(), "{verdict}");
    let explored = match Backend::current() {
        Backend::Shuttle => 7,
        _ => 3,
    };
    assert_eq!(verdict.stats.explored, explored, "{verdict}");
    assert!(!unused.exists());
}

/// A reported shuttle schedule replays exactly that execution.
#[cfg(feature = "shuttle")]
#[test]
fn a_replayed_schedule_runs_once_and_finds_the_same_threads() {
    let body = || leaky(Size::new(1, 1));
    let found = checker().verify(body);
    let report = found.report.expect("a leak");
    let check::Replay::Shuttle { schedule } = &report.replay else {
        panic!("{report}")
    };
    let replayed = Checker::new().replay(schedule).verify(body);
    assert_eq!(replayed.outcome, Outcome::Leak, "{replayed}");
    assert_eq!(replayed.stats.settings, "replay");
    assert_eq!(replayed.stats.explored, 1);
    assert_eq!(replayed.report.unwrap().stuck, report.stuck);
}

/// Under a model checker, channels belong to one execution: outside `check::verify` they are
/// refused with a message that says so, even right after a check ran on the same thread.
#[cfg(any(loom, feature = "shuttle"))]
#[test]
fn model_channels_outside_verify_are_refused() {
    holds(checker().verify(|| drop(chan::make::<u8>(1))));
    let refused = std::panic::catch_unwind(|| chan::make::<u8>(1)).expect_err("refused");
    let message = refused
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| refused.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(message.contains("inside `check::verify"), "{message}");
}

/// The builder `select!` expands to is public: built by hand, each arm's token claims its own
/// arm's result and no other (recv arms, then send arms).
#[test]
fn a_select_built_by_hand_hands_each_token_its_own_arm() {
    check::assert_holds(|| {
        let (empty, ready) = (chan::named::<u8>("empty", 1), chan::named::<u8>("ready", 1));
        ready.send(7).unwrap();
        let mut sel = chancheck::select::Select::new(false);
        let on_empty = chancheck::select::recv(&mut sel, &empty);
        let on_ready = chancheck::select::recv(&mut sel, &ready);
        let mut fired = sel.wait();
        assert_eq!(on_empty.take(&mut fired, &mut None), None);
        assert_eq!(on_ready.take(&mut fired, &mut None), Some(Some(7)));

        let (full, room) = (chan::named::<u8>("full", 1), chan::named::<u8>("room", 1));
        full.send(1).unwrap();
        let mut sel = chancheck::select::Select::new(false);
        let to_full = chancheck::select::send(&mut sel, &full, 2);
        let to_room = chancheck::select::send(&mut sel, &room, 3);
        let mut fired = sel.wait();
        assert!(to_full.take(&mut fired, &mut None).is_none());
        assert!(matches!(to_room.take(&mut fired, &mut None), Some(Ok(()))));
        assert_eq!(room.recv(), Some(3));
    });
}
