//! drop: a parent that never blocks on a slow child — a send the buffer cannot take is dropped.
//!
//! Go original: `drop` from seed 001 (channel patterns), section "Drop Pattern":
//!
//! ```go
//! func drop() {
//!     const cap = 5
//!     ch := make(chan string, cap)
//!
//!     go func() {
//!         for p := range ch {
//!             fmt.Println("child : recv'd signal :", p)
//!         }
//!     }()
//!
//!     const work = 20
//!     for w := 0; w < work; w++ {
//!         select {
//!         case ch <- "data":
//!             fmt.Println("parent : sent signal :", w)
//!         default:
//!             fmt.Println("parent : dropped data :", w)
//!         }
//!     }
//!
//!     close(ch)
//!     fmt.Println("parent : sent shutdown signal")
//!
//!     time.Sleep(time.Second)
//!     fmt.Println("-------------------------------------------------")
//! }
//! ```
//!
//! The send sits in a `select` with a `default`, so when the buffer is full the parent drops
//! the piece of work and moves on: drop never blocks the sender. Every piece is either sent or
//! dropped (sent + dropped = work), and the child receives exactly the pieces sent, in the
//! order sent (one buffered channel, one receiver). The pieces are numbered (`data 0`, …) so
//! that is checkable. Instead of the seed's closing `time.Sleep`, `drop` waits for the child:
//! the child closes a `done` channel when its range ends.
//!
//! Two scenarios. In the first the child "can't handle all the work" at all: it is busy until
//! the parent's burst is over (it waits on `burst`, which the parent closes after its loop).
//! The buffer takes the first `cap` pieces and the rest are dropped, and the parent never
//! blocks. Its twin is a plain blocking send in place of the select: once the buffer is full
//! the parent blocks in `send ch` while the child waits for the burst to end — DEADLOCK, both
//! named. In the second the child ranges from the start, taking [`WORK`] per piece; whatever
//! the interleaving, sent + dropped = work and the child gets exactly the sent pieces. Its twin
//! is the seed's sleep in place of waiting for the child: the parent returns while the child
//! is still working through the buffer, and the assertion that it received every sent piece
//! fails (PANIC).
//!
//! Sizes: `workers` is the buffer's capacity (the seed: 5); `items` the pieces of work (the
//! seed: 20).

use std::time::Duration;

use crate::chan;
use crate::check::{Claim, Outcome, Size};
use crate::facade::plain::{Arc, PlainMutex};
use crate::time::sleep;
use crate::{go_named, select};

/// How long the child takes over one piece of work (real threads; a yield under the models).
pub const WORK: Duration = Duration::from_millis(2);
/// The seed's `time.Sleep(time.Second)`, scaled: the sleeping twin's parent sleeps this long.
pub const SETTLE: Duration = Duration::from_millis(1);

/// How a run is set up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Setup {
    /// The child is busy until the parent's burst is over.
    pub busy_child: bool,
    /// A plain blocking send instead of the select with default (twin).
    pub blocking_send: bool,
    /// The seed's sleep instead of waiting for the child (twin).
    pub sleep_instead_of_wait: bool,
}

impl Setup {
    /// The seed's drop with a child that ranges from the start.
    pub const LIVE: Setup = Setup {
        busy_child: false,
        blocking_send: false,
        sleep_instead_of_wait: false,
    };
    /// The seed's drop with a child busy for the whole burst.
    pub const BUSY: Setup = Setup {
        busy_child: true,
        ..Setup::LIVE
    };
}

/// What happened: which pieces the parent sent and dropped, and what the child had received
/// when `drop` returned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dropped {
    /// The pieces the buffer took, in order.
    pub sent: Vec<usize>,
    /// The pieces dropped, in order.
    pub dropped: Vec<usize>,
    /// What the child received, in order.
    pub received: Vec<String>,
}

/// `drop()` with a buffer of `cap` and `work` pieces, set up as `setup` says.
pub fn drop(cap: usize, work: usize, setup: Setup) -> Dropped {
    let ch = chan::named::<String>("ch", cap);
    let burst = chan::named::<()>("burst", 0);
    let done = chan::named::<()>("done", 0);
    let received = Arc::new(PlainMutex::new(Vec::new()));

    {
        let (ch, burst, done, received) =
            (ch.receiver(), burst.receiver(), done.sender(), received.clone());
        go_named("child", move || {
            if setup.busy_child {
                let _ = burst.recv();
            }
            for p in &ch {
                sleep(WORK);
                received.lock().push(p);
            }
            let _ = done.close();
        });
    }

    let mut out = Dropped::default();
    for w in 0..work {
        if setup.blocking_send {
            let _ = ch.send(format!("data {w}"));
            out.sent.push(w);
            continue;
        }
        select! {
            send(ch, format!("data {w}")) -> _ => out.sent.push(w),
            default => out.dropped.push(w),
        }
    }
    let _ = burst.close();
    let _ = ch.close();

    if setup.sleep_instead_of_wait {
        sleep(SETTLE);
    } else {
        let _ = done.recv();
    }
    out.received = received.lock().clone();
    out
}

/// Panics unless every piece was sent or dropped and the child received exactly the sent
/// pieces, in order.
pub fn assert_accounted(out: &Dropped, work: usize) {
    let mut all: Vec<usize> = out.sent.iter().chain(&out.dropped).copied().collect();
    all.sort_unstable();
    assert_eq!(all, (0..work).collect::<Vec<_>>(), "sent + dropped = work");
    let sent: Vec<String> = out.sent.iter().map(|w| format!("data {w}")).collect();
    assert_eq!(out.received, sent, "the child receives exactly what was sent");
}

fn busy(size: Size) {
    let (cap, work) = (size.workers, size.items);
    let out = drop(cap, work, Setup::BUSY);
    assert_accounted(&out, work);
    assert_eq!(out.sent, (0..cap.min(work)).collect::<Vec<_>>());
}

fn busy_blocking(size: Size) {
    let setup = Setup {
        blocking_send: true,
        ..Setup::BUSY
    };
    drop(size.workers, size.items, setup);
}

fn live(size: Size) {
    let out = drop(size.workers, size.items, Setup::LIVE);
    assert_accounted(&out, size.items);
}

fn live_sleeping(size: Size) {
    let setup = Setup {
        sleep_instead_of_wait: true,
        ..Setup::LIVE
    };
    let out = drop(size.workers, size.items, setup);
    assert_accounted(&out, size.items);
}

/// Loom: a buffer of 1 and 3 pieces; the others: that and the seed's 5 and 20.
const DROP: Claim = Claim {
    model_size: Size::new(1, 3),
    large_size: Size::new(5, 20),
    ..Claim::DEFAULTS
};

/// The claims: drop never blocks the sender and accounts for every piece; the twins deadlock
/// (blocking send) and return early (sleep).
pub const CLAIMS: &[Claim] = &[
    Claim {
        pattern: "drop",
        name: "drop-never-blocks-the-sender",
        statement: "Even when the child takes nothing during the burst, the parent never \
                    blocks: the buffer takes the first cap pieces, the rest are dropped, and \
                    the child then receives exactly the sent pieces in order.",
        expect: Outcome::Holds,
        twin: Some("blocking-send-deadlocks"),
        body: busy,
        ..DROP
    },
    Claim {
        pattern: "drop",
        name: "blocking-send-deadlocks",
        statement: "With a plain send in place of the select with default, the parent blocks \
                    on the full buffer while the child waits for the burst to end.",
        expect: Outcome::Deadlock,
        fix: Some("select { case ch <- \"data\": … default: drop it }"),
        body: busy_blocking,
        stuck: &[("main", "send ch"), ("child", "recv burst")],
        ..DROP
    },
    Claim {
        pattern: "drop",
        name: "sent-plus-dropped-is-work",
        statement: "With a child that ranges from the start, every piece is sent or dropped, \
                    and the child receives exactly the sent pieces, in order.",
        expect: Outcome::Holds,
        twin: Some("sleep-instead-of-wait-loses-pieces"),
        body: live,
        ..DROP
    },
    Claim {
        pattern: "drop",
        name: "sleep-instead-of-wait-loses-pieces",
        statement: "With the seed's time.Sleep in place of waiting for the child, drop can \
                    return before the child has received every sent piece.",
        expect: Outcome::Panic,
        fix: Some("wait for the child (<-done) instead of time.Sleep"),
        body: live_sleeping,
        ..DROP
    },
];
