//! signal: a `make(chan struct{}, 1)` channel signals "the state changed" without ever blocking the notifier.
//!
//! Go original: the state-change signal from seed 000 (messengers), sections "Synchronization" and
//! "Avoiding blocking?": "the `make(chan struct{}, 1)` pattern can be used as only a single state
//! change signal will ever be needed at a given time". The seed gives the idiom in prose; this is
//! the Go it describes, with a notifier that changes a guarded state `n` times and a waiter that
//! wakes on the signal and reads the latest state:
//!
//! ```go
//! signal := make(chan struct{}, 1) // at most one pending signal
//!
//! func notify(signal chan<- struct{}) {
//!     select {
//!     case signal <- struct{}{}:
//!     default: // a signal is already pending: this change rides on it
//!     }
//! }
//!
//! go func() { // notifier
//!     for i := 1; i <= n; i++ {
//!         time.Sleep(work)
//!         mu.Lock(); state = i; mu.Unlock()
//!         notify(signal)
//!     }
//! }()
//!
//! for range signal { // waiter
//!     mu.Lock(); seen := state; mu.Unlock()
//!     if seen == n {
//!         return
//!     }
//!     time.Sleep(process)
//! }
//! ```
//!
//! What it promises: `notify` never blocks, whoever is (or is not) listening; the notifies of a
//! busy waiter coalesce into one pending signal, so the waiter wakes at most once per notify; and
//! no wake-up is lost after the last notify: the state is written before the signal, so the signal
//! that is pending (or just sent) when the notifier finishes wakes the waiter to read the final
//! state.
//!
//! The twins. With `make(chan struct{})` (no buffer) the same `select`/`default` notify finds no
//! receiver whenever the waiter is busy processing: the last change is never signalled and the
//! waiter sleeps forever in `recv signal` (DEADLOCK). Written as a plain `signal <- struct{}{}` on
//! an unbuffered channel, the notify blocks the notifier until someone reads, forever when nobody
//! does (DEADLOCK: the notifier in `send signal`, main joining it).
//!
//! Sizes: `items` is the number of state changes (notifies); there is always one notifier.

use std::sync::Arc;
use std::time::Duration;

use crate::chan::{self, Chan, Sender, TryRecvError};
use crate::check::{Claim, Outcome, Size};
use crate::sync::Mutex;
use crate::time::sleep;
use crate::{go_named, select};

/// The notifier's work between two state changes.
pub const WORK: Duration = Duration::from_millis(1);
/// How long the waiter processes a state it has read; longer than the notifier's work, so the
/// notifier runs ahead of a busy waiter.
pub const PROCESS: Duration = Duration::from_millis(4);

/// `notify(signal)`: signal a state change without blocking; coalesces with a pending signal.
/// Returns true when this call put a signal in, false when it was skipped.
#[track_caller]
pub fn notify(signal: &Sender<()>) -> bool {
    select! {
        send(*signal, ()) -> sent => sent.is_ok(),
        default => false,
    }
}

/// What the waiter saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Woken {
    /// How many times the signal woke it.
    pub wakeups: usize,
    /// The last state it read.
    pub last_seen: usize,
    /// How many of the notifier's calls to [`notify`] put a signal in (the rest coalesced).
    pub signalled: usize,
}

/// The pattern: a notifier makes `changes` state changes and notifies after each one on a signal
/// channel of capacity `signal_cap`; the waiter (the caller) wakes on the signal until it reads
/// the final state. Returns what the waiter saw.
pub fn signal(changes: usize, signal_cap: usize) -> Woken {
    let signal = chan::named::<()>("signal", signal_cap);
    let state = Arc::new(Mutex::named("state", 0usize));

    let tx = signal.sender();
    let notifier_state = Arc::clone(&state);
    let notifier = go_named("notifier", move || {
        let mut signalled = 0;
        for i in 1..=changes {
            sleep(WORK);
            *notifier_state.lock() = i;
            if notify(&tx) {
                signalled += 1;
            }
        }
        signalled
    });

    let mut wakeups = 0;
    let mut last_seen = 0;
    for () in signal.receiver().iter() {
        wakeups += 1;
        last_seen = *state.lock();
        if last_seen == changes {
            break;
        }
        sleep(PROCESS);
    }
    let signalled = notifier.join().expect("the notifier does not panic");
    Woken {
        wakeups,
        last_seen,
        signalled,
    }
}

/// A notifier calls notify `notifies` times while nobody reads; the caller joins it, then counts
/// the signals pending on a channel of capacity `signal_cap`. With `blocking` the notify is Go's
/// plain `signal <- struct{}{}` instead of [`notify`]'s `select` with `default`.
pub fn notify_unread(notifies: usize, signal_cap: usize, blocking: bool) -> usize {
    let signal: Chan<()> = chan::named("signal", signal_cap);
    let tx = signal.sender();
    let notifier = go_named("notifier", move || {
        for _ in 0..notifies {
            if blocking {
                tx.send(()).expect("nobody closes the signal channel");
            } else {
                notify(&tx);
            }
        }
    });
    notifier.join().expect("the notifier does not panic");
    let mut pending = 0;
    loop {
        match signal.try_recv() {
            Ok(()) => pending += 1,
            Err(TryRecvError::Empty) => return pending,
            Err(TryRecvError::Closed) => unreachable!("nobody closes the signal channel"),
        }
    }
}

fn no_lost_wakeup(size: Size) {
    let woken = signal(size.items, 1);
    assert_eq!(woken.last_seen, size.items, "the waiter read the final state");
    assert!(
        (1..=size.items).contains(&woken.wakeups),
        "coalesced wake-ups: {woken:?}"
    );
    assert!(
        woken.wakeups <= woken.signalled,
        "every wake-up was signalled: {woken:?}"
    );
}

fn unbuffered_loses_wakeup(size: Size) {
    signal(size.items, 0);
}

fn never_blocks(size: Size) {
    assert_eq!(notify_unread(size.items, 1, false), 1, "the notifies coalesce");
}

fn unbuffered_blocks(size: Size) {
    notify_unread(size.items, 0, true);
}

const SIZES: Claim = Claim {
    pattern: "signal",
    model_size: Size::new(1, 3),
    large_size: Size::new(1, 20),
    ..Claim::DEFAULTS
};

/// The claims: with capacity 1 no wake-up is lost and notify never blocks; unbuffered twins lose
/// the last wake-up or block the notifier.
pub const CLAIMS: &[Claim] = &[
    Claim {
        name: "no-lost-wakeup-after-last-notify",
        statement: "With a signal channel of capacity 1 the waiter always wakes to read the final \
                    state, and wakes at most once per notify (busy-time notifies coalesce).",
        twin: Some("unbuffered-signal-loses-last-wakeup"),
        body: no_lost_wakeup,
        ..SIZES
    },
    Claim {
        name: "unbuffered-signal-loses-last-wakeup",
        statement: "With an unbuffered signal channel the notify finds no receiver while the \
                    waiter is busy; the last change is never signalled and the waiter blocks \
                    forever.",
        expect: Outcome::Deadlock,
        fix: Some("signal channel capacity 0 → 1"),
        body: unbuffered_loses_wakeup,
        stuck: &[("main", "recv signal")],
        ..SIZES
    },
    Claim {
        name: "notify-never-blocks-and-coalesces",
        statement: "With capacity 1 and a select-with-default notify, any number of notifies \
                    with nobody reading all return at once and leave exactly one pending signal.",
        twin: Some("unbuffered-signal-blocks-notifier"),
        body: never_blocks,
        ..SIZES
    },
    Claim {
        name: "unbuffered-signal-blocks-notifier",
        statement: "Notifying with a plain send on an unbuffered signal channel blocks the \
                    notifier until someone reads: forever when nobody does.",
        expect: Outcome::Deadlock,
        fix: Some("make(chan struct{}) + `signal <- struct{}{}` → make(chan struct{}, 1) + select with default"),
        body: unbuffered_blocks,
        stuck: &[("notifier", "send signal"), ("main", "join notifier")],
        ..SIZES
    },
];
